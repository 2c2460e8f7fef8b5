"""The pre-commit hooks, run by the real pre-commit framework against a snapshot of this checkout.

pre-commit clones the hook repository at a commit and pip-installs it into an environment of its own. The
snapshot is a temporary git repository holding this checkout's files as they are (committed or not, as
`pre-commit try-repo` does), so the test runs the code under test from a fresh clone and from a working
tree alike. PRE_COMMIT_HOME is one temporary folder per test session: the install happens once.
"""
import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT

ARTICLE = "# Report\n\nWeapons that Kiev says will help Kyiv. It can only stop them. by force, he said.\n"
FIXED = "# Report\n\nWeapons that Kyiv says will help Kyiv. It can only stop them by force, he said.\n"
GIT_ID = ["-c", "user.name=mtclean tests", "-c", "user.email=tests@example.invalid", "-c", "commit.gpgsign=false"]


def git(*args, cwd):
    return subprocess.run(["git", *GIT_ID, *args], cwd=cwd, check=True, capture_output=True, timeout=120)


def _checkout_files():
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                             capture_output=True, check=True, timeout=60).stdout
        return [p.decode() for p in out.split(b"\0") if p]
    except (OSError, subprocess.CalledProcessError):  # not a git checkout (e.g. an unpacked sdist)
        skip = {".git", ".venv", "venv", "build", "dist", "__pycache__", ".pytest_cache", ".hypothesis"}
        files = []
        for d, dirs, fs in os.walk(ROOT):
            dirs[:] = [x for x in dirs if x not in skip and not x.endswith(".egg-info")]
            files.extend(os.path.relpath(os.path.join(d, f), ROOT) for f in fs)
        return files


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory):
    """(path, sha) of a git repository holding a snapshot of this checkout."""
    repo = tmp_path_factory.mktemp("hook-repo")
    for rel in _checkout_files():
        src = ROOT / rel
        if src.is_file():
            (repo / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, repo / rel)
    git("init", "-q", cwd=repo)
    git("add", "-A", cwd=repo)
    git("commit", "-q", "-m", "snapshot", cwd=repo)
    sha = git("rev-parse", "HEAD", cwd=repo).stdout.decode().strip()
    return repo, sha


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory):
    return tmp_path_factory.mktemp("pre-commit-home")


def test_pre_commit_hooks_flag_fix_then_pass(tmp_path, hook_repo, pre_commit_home):
    repo_path, sha = hook_repo
    work = tmp_path / "site"
    work.mkdir()
    git("init", "-q", cwd=work)
    (work / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo_path}\n    rev: {sha}\n    hooks:\n      - id: mtclean\n      - id: mtclean-fix\n",
        encoding="utf-8")
    (work / "article.md").write_text(ARTICLE, encoding="utf-8")
    (work / "notes.txt").write_text("The council met on Tuesday.\n", encoding="utf-8")
    (work / "script.py").write_text("print('Kiev. via.')\n", encoding="utf-8")  # not an article: not touched
    git("add", "-A", cwd=work)
    env = dict(os.environ, PRE_COMMIT_HOME=str(pre_commit_home), PRE_COMMIT_COLOR="never")
    env.pop("MTCLEAN_LT_URL", None)

    def run():
        return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"], cwd=work, env=env,
                              capture_output=True, timeout=900)

    first = run()
    out = first.stdout.decode() + first.stderr.decode()
    assert first.returncode == 1, out
    assert "article.md:3:14: MT201 warning: Use the house-style spelling 'Kyiv' for 'Kiev'" in out
    assert "MT101" in out
    assert "files were modified by this hook" in out
    assert (work / "article.md").read_text(encoding="utf-8") == FIXED
    assert (work / "script.py").read_text(encoding="utf-8") == "print('Kiev. via.')\n"
    second = run()
    out2 = second.stdout.decode() + second.stderr.decode()
    assert second.returncode == 0, out2
    assert out2.count("Passed") == 2
