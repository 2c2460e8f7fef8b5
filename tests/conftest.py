import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEED = FIXTURES / "seed" / "article.txt"
# The shared material (corpora, the JSON contract) sits beside the checkout; MTCLEAN_SHARED points elsewhere.
SHARED = Path(os.environ.get("MTCLEAN_SHARED") or ROOT.parent / "shared")


def needs_shared(what: str) -> str:
    """The skip reason of a test that needs ``what`` under the shared folder, saying where it was looked for."""
    return (f"needs {what} from the shared folder, not found at {SHARED / what} (the shared folder sits beside "
            f"the checkout as ../shared; MTCLEAN_SHARED names another)")


def rules_engine(*ids):
    """An engine with these built-in rules only (all of them when none is named)."""
    from cleanup.engine import Engine
    from cleanup.rulepacks import builtin_rules

    return Engine([s for s in builtin_rules() if not ids or s.rule.id in ids])


def default_engine():
    """An engine with the rules a plain `mtclean check` runs (opt-in rules left out)."""
    from cleanup.config import Config
    from cleanup.engine import Engine
    from cleanup.rulepacks import builtin_rules

    cfg = Config()
    return Engine([s for s in builtin_rules() if cfg.rule_enabled(s.rule)], cfg)


def flagged(text, *ids):
    """(rule, flagged text) of every finding of these rules."""
    return [(f.rule.id, text[f.start:f.end]) for f in rules_engine(*ids).check(text)]


def fixed(text, *ids, unsafe=False):
    """The text after `fix` with these rules."""
    return rules_engine(*ids).fix(text, unsafe=unsafe).text


def read_terminal(master: int) -> bytes:
    """Everything written to a pseudo-terminal, read from its master side until the other side is closed."""
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # Linux: EIO once the slave side is closed
            break
        if not data:
            break
        chunks.append(data)
    return b"".join(chunks)


def run_cli(*args, input=None, cwd=None, env=None, timeout=120):
    """Run the real CLI in a subprocess, as a user would (python -m cleanup == mtclean)."""
    e = dict(os.environ)
    e.pop("MTCLEAN_LT_URL", None)
    # A LanguageTool that a developer installed locally must not be started by every CLI test.
    e["LTP_PATH"] = str(ROOT / "tests" / "no-local-languagetool")
    e.update(env or {})
    return subprocess.run([sys.executable, "-m", "cleanup", *args], input=input, capture_output=True,
                          cwd=cwd or ROOT, env=e, timeout=timeout)


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture
def seed_text():
    return SEED.read_text(encoding="utf-8")
