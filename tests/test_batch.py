"""Folders as batches: walking, parallel jobs, unreadable files, atomic output, progress and summary.

Several hundred generated articles (from a few templates with known
artifacts, so the cleaned text of each is known exactly), one binary file and one Latin-1 file among them,
cleaned with --jobs 2; and a batch killed with SIGKILL mid-run leaves no partial output file.
"""
import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import ROOT, read_terminal, run_cli

# (template, cleaned, suffix): {i} makes every article distinct.
TEMPLATES = [
    ("Weapons that Kiev says will help Kyiv, officials said on day {i}. It can only stop them. by force, he added.\n"
     "The talks resume next week.\n",
     "Weapons that Kyiv says will help Kyiv, officials said on day {i}. It can only stop them by force, he added.\n"
     "The talks resume next week.\n", ".txt"),
    ("He fired {i} rounds this month. via. If Moscow moves deeper, he said, they will be crushed.\r\n",
     "He fired {i} rounds this month. If Moscow moves deeper, he said, they will be crushed.\r\n", ".txt"),
    ("# Report {i}\n\nTroops were seen in Kharkov, near Kharkiv. the army said it had repelled the attack.\n\n"
     "```\nKiev. via. code\n```\n\n- Tanks.\n- Artillery shells.\n",
     "# Report {i}\n\nTroops were seen in Kharkiv, near Kharkiv. The army said it had repelled the attack.\n\n"
     "```\nKiev. via. code\n```\n\n- Tanks.\n- Artillery shells.\n", ".md"),
    ("The city council approved budget number {i} on Tuesday.\nThe mayor thanked residents for their patience.\n",
     None, ".txt"),  # clean: copied unchanged
]
BINARY = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
LATIN1_SHORT = "Café Kiev.\n".encode("latin-1")  # too little text for the detector to be confident


def make_corpus(root, n, repeat=1):
    """``n`` articles under ``root`` in a few subfolders; returns {relative path: expected cleaned bytes}."""
    expected = {}
    for i in range(n):
        bad, good, suffix = TEMPLATES[i % len(TEMPLATES)]
        rel = os.path.join(f"section{i % 7}", f"article{i:04d}{suffix}")
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        text = "".join(bad.format(i=i * 1000 + k) for k in range(repeat))
        clean = text if good is None else "".join(good.format(i=i * 1000 + k) for k in range(repeat))
        path.write_bytes(text.encode("utf-8"))
        expected[rel] = clean.encode("utf-8")
    return expected


def files_under(root):
    return {os.path.relpath(os.path.join(d, f), root) for d, _, fs in os.walk(root) for f in fs}


def test_acceptance_several_hundred_articles_with_a_binary_and_a_latin1_file(tmp_path):
    src, out = tmp_path / "articles", tmp_path / "clean"
    expected = make_corpus(src, 320)
    (src / "section3" / "scan.txt").write_bytes(BINARY)
    (src / "section5" / "legacy.txt").write_bytes(LATIN1_SHORT)
    started = time.monotonic()
    r = run_cli("fix", str(src), "--output-dir", str(out), "--jobs", "2")
    elapsed = time.monotonic() - started
    err = r.stderr.decode()
    assert r.returncode == 2, err
    assert "Traceback" not in err
    # The two bad files are named, each with its reason and what to do.
    assert f"{src / 'section3' / 'scan.txt'}: looks like a binary file" in err
    assert f"{src / 'section5' / 'legacy.txt'}: not valid UTF-8" in err and "--encoding" in err
    # Every good file is written, cleaned or unchanged, at its relative path; the bad ones are not.
    assert files_under(out) == set(expected)
    for rel, data in expected.items():
        assert (out / rel).read_bytes() == data, rel
    # One summary: files changed of those processed (the failed ones are not), findings by category, failures.
    assert "Fixed 400 findings in 240 of 320 files (artifact: 240, names: 160); nothing left to review." in err
    assert "2 files could not be fixed:" in err
    assert f"  {src / 'section3' / 'scan.txt'}\n" in err
    assert elapsed < 60


def test_output_order_is_deterministic_whatever_the_jobs(tmp_path):
    src = tmp_path / "a"
    make_corpus(src, 60)
    one = run_cli("check", "--format", "concise", str(src), "--jobs", "1", "-q")
    two = run_cli("check", "--format", "concise", str(src), "--jobs", "2", "-q")
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout
    paths = [line.split(":")[0] for line in one.stdout.decode().splitlines()]
    assert paths == sorted(paths)


def test_long_latin1_article_is_processed_and_written_back_in_latin1(tmp_path):
    text = ("The café on the Rue de l'Église is where Señor Gómez met the résumé committee in Kiev, near Kyiv. "
            "They ate "
            "crème brûlée and crêpe, and Müller from Zürich paid £12 for a naïve piña colada. ¿Qué pasó? The "
            "façade of the château, in the François style, was painted in 1999.\n")
    # Four different paragraphs (identical ones would rightly be flagged as duplicated).
    text = "".join(f"Part {i}. " + text for i in range(1, 5))
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "old.txt").write_bytes(text.encode("latin-1"))
    r = run_cli("fix", str(src), "--output-dir", str(out))
    assert r.returncode == 0, r.stderr
    assert (out / "old.txt").read_bytes() == text.replace("Kiev", "Kyiv").encode("latin-1")


def test_kill_9_mid_batch_leaves_only_complete_files(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    expected = make_corpus(src, 400, repeat=30)  # long enough to be caught mid-run
    env = dict(os.environ)
    env.pop("MTCLEAN_LT_URL", None)
    proc = subprocess.Popen([sys.executable, "-m", "cleanup", "fix", str(src), "--output-dir", str(out),
                             "--jobs", "2", "-q"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and proc.poll() is None:
            if out.exists() and len(files_under(out)) >= 20:
                break
            time.sleep(0.02)
        os.killpg(proc.pid, signal.SIGKILL)  # the main process and its workers, as a crash would
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "the batch finished before it could be killed"
    time.sleep(0.2)
    present = files_under(out)
    leftovers = {p for p in present if os.path.basename(p).startswith(".mtclean-") and p.endswith(".tmp")}
    written = present - leftovers
    assert written, "nothing was written before the kill"
    assert len(written) < len(expected), "the batch finished before it could be killed"
    assert written <= set(expected)
    for rel in written:
        assert (out / rel).read_bytes() == expected[rel], f"{rel} is partial"
    # Leftover temp files are hidden and never taken as input (nor match an output name).
    assert all(os.path.basename(p) not in {os.path.basename(x) for x in expected} for p in leftovers)
    # A rerun completes the job.
    r = run_cli("fix", str(src), "--output-dir", str(out), "--jobs", "2", "-q")
    assert r.returncode == 0, r.stderr
    for rel, data in expected.items():
        assert (out / rel).read_bytes() == data


def test_progress_bar_only_on_a_terminal(tmp_path):
    pty = pytest.importorskip("pty")
    src = tmp_path / "a"
    make_corpus(src, 12)
    import fcntl
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))  # a real terminal's size
    try:
        p = subprocess.run([sys.executable, "-m", "cleanup", "check", str(src), "--jobs", "1"], cwd=ROOT,
                           stdout=subprocess.PIPE, stderr=slave, timeout=60)
        os.close(slave)
        got = read_terminal(master)
    finally:
        os.close(master)
    tty_err = got.decode(errors="replace")
    assert p.returncode == 1
    assert "files/s" in tty_err and "findings" in tty_err and "12/12" in tty_err
    # Not a terminal: no bar, but the summary.
    r = run_cli("check", str(src), "--jobs", "1")
    assert b"files/s" not in r.stderr and b"Found 15 findings in 9 of 12 files" in r.stdout
    # --quiet: neither.
    r = run_cli("check", str(src), "--jobs", "1", "-q")
    assert r.stderr == b""


def test_include_exclude_and_non_regular_files(tmp_path):
    src = tmp_path / "a"
    (src / "drafts").mkdir(parents=True)
    (src / "a.txt").write_text("Kiev, Kyiv.\n", encoding="utf-8")
    (src / "b.md").write_text("Kiev, Kyiv.\n", encoding="utf-8")
    (src / "c.rst").write_text("Kiev, Kyiv.\n", encoding="utf-8")
    (src / "drafts" / "d.txt").write_text("Kiev, Kyiv.\n", encoding="utf-8")
    (src / ".mtclean-abc123.tmp").write_text("Kiev, Kyiv.\n", encoding="utf-8")
    os.mkfifo(src / "pipe.txt")  # reading it would block forever: never taken

    def checked(*opts):
        r = run_cli("check", "--format", "concise", str(src), "-q", *opts)
        assert b"Traceback" not in r.stderr
        return {os.path.relpath(line.split(":")[0], src) for line in r.stdout.decode().splitlines()}

    assert checked() == {"a.txt", "b.md", os.path.join("drafts", "d.txt")}
    assert checked("--include", "*.rst") == {"c.rst"}
    assert checked("--exclude", "drafts") == {"a.txt", "b.md"}
    assert checked("--exclude", "*.md") == {"a.txt", os.path.join("drafts", "d.txt")}


def test_gitignore_is_honoured_inside_a_git_repo(tmp_path):
    repo = tmp_path / "repo"
    (repo / "build").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / ".gitignore").write_text("build/\nsecret.txt\n", encoding="utf-8")
    for rel in ("a.txt", "secret.txt", "build/gen.txt"):
        (repo / rel).write_text("Kiev, Kyiv.\n", encoding="utf-8")
    r = run_cli("check", "--format", "concise", str(repo), "-q")
    assert {os.path.relpath(x.split(":")[0], repo) for x in r.stdout.decode().splitlines()} == {"a.txt"}
    # A folder that is itself ignored, named on purpose, is taken whole.
    r = run_cli("check", "--format", "concise", str(repo / "build"), "-q")
    assert r.stdout.decode().startswith(str(repo / "build" / "gen.txt"))


def test_symlinks_are_not_followed_out_of_the_root(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "o.txt").write_text("Kiev, Kyiv.\n", encoding="utf-8")
    src = tmp_path / "a"
    src.mkdir()
    (src / "in.txt").write_text("Kiev, Kyiv.\n", encoding="utf-8")
    os.symlink(outside / "o.txt", src / "link-out.txt")
    os.symlink(outside, src / "dir-out")
    os.symlink(src / "in.txt", src / "link-in.txt")
    r = run_cli("check", "--format", "concise", str(src), "-q")
    got = {os.path.relpath(x.split(":")[0], src) for x in r.stdout.decode().splitlines()}
    assert got == {"in.txt", "link-in.txt"}


def test_output_dir_inside_the_input_is_not_walked_again(tmp_path):
    src = tmp_path / "a"
    make_corpus(src, 8)
    out = src / "clean"
    for _ in range(2):
        r = run_cli("fix", str(src), "--output-dir", str(out), "-q")
        assert r.returncode == 0, r.stderr
    assert files_under(out) == {p for p in files_under(src) if not p.startswith("clean" + os.sep)}


def test_same_output_name_for_two_inputs_is_an_error_not_an_overwrite(tmp_path):
    for d in ("x", "y"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "a.txt").write_text(f"Kiev {d}, Kyiv.\n", encoding="utf-8")
    out = tmp_path / "out"
    r = run_cli("fix", str(tmp_path / "x" / "a.txt"), str(tmp_path / "y" / "a.txt"), "--output-dir", str(out))
    assert r.returncode == 2 and b"Traceback" not in r.stderr
    assert b"already written for" in r.stderr
    assert (out / "a.txt").read_text(encoding="utf-8") == "Kyiv x, Kyiv.\n"


def test_in_place_is_explicit(tmp_path):
    src = tmp_path / "a"
    make_corpus(src, 4)
    before = {p: (src / p).read_bytes() for p in files_under(src)}
    r = run_cli("fix", str(src))
    assert r.returncode == 2 and b"--in-place" in r.stderr
    r = run_cli("fix", str(src), "--output-dir", str(src))
    assert r.returncode == 2 and b"--in-place" in r.stderr
    assert {p: (src / p).read_bytes() for p in files_under(src)} == before
    r = run_cli("fix", str(src), "--in-place", "-q")
    assert r.returncode == 0
    assert (src / "section0" / "article0000.txt").read_text(encoding="utf-8").startswith("Weapons that Kyiv")
