import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEED = FIXTURES / "seed" / "article.txt"


def run_cli(*args, input=None, cwd=None, env=None):
    """Run the real CLI in a subprocess, as a user would (python -m cleanup == mtclean)."""
    e = dict(os.environ)
    e.pop("MTCLEAN_LT_URL", None)
    # A LanguageTool that a developer installed locally must not be started by every CLI test.
    e["LTP_PATH"] = str(ROOT / "tests" / "no-local-languagetool")
    e.update(env or {})
    return subprocess.run([sys.executable, "-m", "cleanup", *args], input=input, capture_output=True,
                          cwd=cwd or ROOT, env=e, timeout=120)


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture
def seed_text():
    return SEED.read_text(encoding="utf-8")
