"""Where mtclean writes, and how: never through a link, never by replacing a special
file, never over a change made while it worked, keeping mode and owner, and any folder depth.

Real files, real symlinks, real FIFOs and (where the kernel lets us) real device nodes; the CLI runs in a
subprocess as a user runs it. The policy itself is cleanup/write.py.
"""
from __future__ import annotations

import os
import stat
import threading

import pytest

from conftest import run_cli

A = "It can only stop them. by force.\n"
FIXED = "It can only stop them by force.\n"
VICTIM = "VICTIM\n"


def _tree(tmp_path, names=("a.txt",)):
    src = tmp_path / "in"
    src.mkdir()
    for n in names:
        (src / n).parent.mkdir(parents=True, exist_ok=True)
        (src / n).write_text(A, encoding="utf-8")
    victim = tmp_path / "victim.txt"
    victim.write_text(VICTIM, encoding="utf-8")
    return src, victim


def _fix(*args, **kw):
    return run_cli("fix", "--grammar", "none", *args, **kw)


def _err(r) -> str:
    return r.stderr.decode("utf-8", "replace")


def _mknod(path, kind, major, minor):
    try:
        os.mknod(path, 0o666 | kind, os.makedev(major, minor))
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot create a device node here ({exc.strerror}); needs root outside a restricted container")


# -- 1. links at output and backup locations -------------------------------------------------------------
def test_a_symlink_where_an_output_goes_is_an_error_and_its_target_is_untouched(tmp_path):
    src, victim = _tree(tmp_path, ("a.txt", "b.txt"))
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.txt").symlink_to("../victim.txt")
    r = _fix(str(src), "--output-dir", str(out))
    assert r.returncode == 2
    assert victim.read_text(encoding="utf-8") == VICTIM
    assert (out / "a.txt").is_symlink() and os.readlink(out / "a.txt") == "../victim.txt"
    err = _err(r)
    assert f"{out / 'a.txt'}: is a symbolic link" in err and "nothing was written" in err
    assert (out / "b.txt").read_text(encoding="utf-8") == FIXED  # the rest of the batch goes on
    assert "Traceback" not in err


def test_a_symlinked_subfolder_of_the_output_folder_receives_nothing(tmp_path):
    src, _ = _tree(tmp_path, ("sub/a.txt", "b.txt"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "sub").symlink_to(elsewhere)
    r = _fix(str(src), "--output-dir", str(out))
    assert r.returncode == 2 and list(elsewhere.iterdir()) == []
    assert f"{out / 'sub'}: is a symbolic link inside the output folder" in _err(r)
    assert (out / "b.txt").read_text(encoding="utf-8") == FIXED


def test_the_output_folder_itself_may_be_a_link_the_user_named(tmp_path):
    src, _ = _tree(tmp_path)
    real = tmp_path / "real-out"
    real.mkdir()
    (tmp_path / "out").symlink_to(real)
    r = _fix(str(src), "--output-dir", str(tmp_path / "out"))
    assert r.returncode == 0, _err(r)
    assert (real / "a.txt").read_text(encoding="utf-8") == FIXED


def test_a_planted_backup_link_gets_nothing_and_the_file_is_left_alone(tmp_path):
    src, victim = _tree(tmp_path)
    f = src / "a.txt"
    (src / "a.txt.orig").symlink_to("../victim.txt")
    r = _fix("--in-place", "--backup", str(f))
    assert r.returncode == 2
    assert victim.read_text(encoding="utf-8") == VICTIM and f.read_text(encoding="utf-8") == A
    assert f"{src / 'a.txt.orig'}: is a symbolic link" in _err(r)


def test_o_onto_a_symlink_is_refused(tmp_path):
    src, victim = _tree(tmp_path)
    link = tmp_path / "out.txt"
    link.symlink_to(victim)
    r = _fix(str(src / "a.txt"), "-o", str(link))
    assert r.returncode == 2 and victim.read_text(encoding="utf-8") == VICTIM and link.is_symlink()
    assert "is a symbolic link" in _err(r)


def test_in_place_through_a_link_in_a_folder_rewrites_the_file_once(tmp_path):
    src, _ = _tree(tmp_path)
    (src / "b.txt").symlink_to("a.txt")
    r = _fix("--in-place", str(src))
    assert r.returncode == 0, _err(r)
    assert (src / "a.txt").read_text(encoding="utf-8") == FIXED and (src / "b.txt").is_symlink()
    assert "Fixed 1 finding in 1 file" in _err(r)  # once, and no error


# -- 2. special files as -o --------------------------------------------------------------------------------
def test_o_onto_a_fifo_writes_into_it(tmp_path):
    src, _ = _tree(tmp_path)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    r = _fix(str(src / "a.txt"), "-o", str(fifo))
    reader.join(10)
    assert r.returncode == 0, _err(r)
    assert got == [FIXED.encode()] and stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_o_onto_a_character_device_writes_through_it(tmp_path):
    src, _ = _tree(tmp_path)
    null = tmp_path / "null"
    _mknod(null, stat.S_IFCHR, 1, 3)  # /dev/null
    r = _fix(str(src / "a.txt"), "-o", str(null))
    assert r.returncode == 0, _err(r)
    st = os.lstat(null)
    assert stat.S_ISCHR(st.st_mode) and st.st_rdev == os.makedev(1, 3)


def test_o_onto_a_block_device_is_refused(tmp_path):
    src, _ = _tree(tmp_path)
    blk = tmp_path / "disk"
    _mknod(blk, stat.S_IFBLK, 240, 240)  # "local/experimental use": no such disk, and it is never opened
    r = _fix(str(src / "a.txt"), "-o", str(blk))
    assert r.returncode == 2 and "block device" in _err(r)
    assert stat.S_ISBLK(os.lstat(blk).st_mode)


def test_special_files_inside_the_output_folder_are_refused_not_opened(tmp_path):
    src, _ = _tree(tmp_path, ("a.txt", "b.txt"))
    out = tmp_path / "out"
    out.mkdir()
    os.mkfifo(out / "a.txt")  # nobody reads it: opening it would hang the batch
    r = _fix(str(src), "--output-dir", str(out))
    assert r.returncode == 2 and "is a FIFO" in _err(r)
    assert stat.S_ISFIFO(os.lstat(out / "a.txt").st_mode)
    assert (out / "b.txt").read_text(encoding="utf-8") == FIXED


def test_in_place_on_a_fifo_is_refused_without_reading_it(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    r = _fix("--in-place", str(fifo))
    assert r.returncode == 2 and "not a regular file" in _err(r)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


# -- 3. lost updates -----------------------------------------------------------------------------------------
def _appender(path, line="A line added while mtclean worked.\n", replace=False):
    """A real writer acting while the file is being processed (the engine calls extra layers mid-run)."""
    done = []

    def layer(doc, findings):
        if not done:
            done.append(True)
            if replace:  # an editor saving by rename: another inode with the same name
                tmp = str(path) + ".new"
                with open(tmp, "w", encoding="utf-8") as fh:
                    fh.write(A + line)
                os.replace(tmp, path)
            else:
                with open(path, "a", encoding="utf-8") as fh:
                    fh.write(line)
        return findings

    return layer


@pytest.mark.parametrize("replace", [False, True], ids=["appended", "replaced"])
def test_a_file_changed_while_it_is_fixed_in_place_is_left_alone_and_reported(tmp_path, replace):
    from cleanup.runner import EngineCache, Settings, process_file

    f = tmp_path / "a.txt"
    f.write_text(A, encoding="utf-8")
    engines = EngineCache(Settings(in_place=True, backup=True), layers=[_appender(f, replace=replace)])
    r = process_file(str(f), engines, "fix", out_path=str(f))
    assert r.error and "changed while mtclean was working on it" in r.error
    assert f.read_text(encoding="utf-8") == A + "A line added while mtclean worked.\n"
    assert not (tmp_path / "a.txt.orig").exists() and not r.changed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]  # no temporary file left


# -- 4. read-only files, owner and mode, hard links ---------------------------------------------------------
def test_a_read_only_file_is_refused_in_place_even_for_root(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(A, encoding="utf-8")
    f.chmod(0o444)
    r = _fix("--in-place", str(f))
    assert r.returncode == 2 and "read-only" in _err(r) and "chmod u+w" in _err(r)
    assert f.read_text(encoding="utf-8") == A and (f.stat().st_mode & 0o777) == 0o444


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a file to another user needs root")
def test_in_place_keeps_the_owner_group_and_mode(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(A, encoding="utf-8")
    os.chown(f, 4321, 4322)
    f.chmod(0o640)
    r = _fix("--in-place", "--backup", str(f))
    assert r.returncode == 0, _err(r)
    for p in (f, tmp_path / "a.txt.orig"):
        st = p.stat()
        assert (st.st_uid, st.st_gid, st.st_mode & 0o7777) == (4321, 4322, 0o640), p
    assert f.read_text(encoding="utf-8") == FIXED


def test_a_file_with_hard_links_is_refused_in_place_and_stays_linked(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(A, encoding="utf-8")
    other = tmp_path / "copy.txt"
    os.link(f, other)
    r = _fix("--in-place", str(f))
    assert r.returncode == 2 and "hard links" in _err(r)
    assert os.path.samefile(f, other) and f.read_text(encoding="utf-8") == A


# -- 5. depth ---------------------------------------------------------------------------------------------
def _deep(root, depth):
    p = root
    for _ in range(depth):
        p = os.path.join(p, "d")
        os.mkdir(p)
    return p


def _rmtree_deep(root):
    # os.walk and shutil.rmtree recurse; remove the chain from the bottom up, one level at a time.
    stack = [root]
    while stack:
        d = stack[-1]
        subs = [e for e in os.scandir(d) if e.is_dir(follow_symlinks=False)]
        if subs:
            stack.extend(e.path for e in subs)
            continue
        for e in os.scandir(d):
            os.unlink(e.path)
        os.rmdir(d)
        stack.pop()


def test_a_1100_level_deep_tree_is_walked_and_written(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    deep = _deep(str(src), 1100)
    with open(os.path.join(deep, "a.txt"), "w", encoding="utf-8") as fh:
        fh.write(A)
    (src / "b.txt").write_text(A, encoding="utf-8")
    out = tmp_path / "out"
    try:
        r = run_cli("check", "--grammar", "none", str(src))
        assert r.returncode == 1 and "Traceback" not in _err(r), _err(r)[-500:]
        assert r.stdout.decode().count("MT101") == 2
        r = _fix(str(src), "--output-dir", str(out))
        assert r.returncode == 0, _err(r)[-500:]
        rel = os.path.relpath(os.path.join(deep, "a.txt"), src)
        with open(os.path.join(out, rel), encoding="utf-8") as fh:
            assert fh.read() == FIXED
    finally:
        for d in (src, out):
            if d.exists():
                _rmtree_deep(str(d))


# -- 6. failed writes ---------------------------------------------------------------------------------------
def test_a_full_disk_is_named_as_such_and_nothing_counts_as_fixed(tmp_path):
    src, _ = _tree(tmp_path)
    full = tmp_path / "full"
    _mknod(full, stat.S_IFCHR, 1, 7)  # /dev/full: every write fails with ENOSPC
    r = _fix(str(src / "a.txt"), "-o", str(full))
    err = _err(r)
    assert r.returncode == 2 and "no space left" in err.lower() and "permission" not in err.lower(), err
    assert "Fixed" not in err and "1 file could not be fixed" in err
    assert stat.S_ISCHR(os.lstat(full).st_mode)


def test_a_failed_write_is_not_counted_as_changed(tmp_path):
    src, _ = _tree(tmp_path, ("a.txt", "b.txt"))
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.txt").symlink_to("../victim.txt")
    r = _fix(str(src), "--output-dir", str(out))
    err = _err(r)
    assert r.returncode == 2
    assert "Fixed 1 finding in 1 file" in err and "1 file could not be fixed" in err, err
