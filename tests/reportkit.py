"""Articles and helpers shared by the HTML report's tests (parser and browser)."""
import json

from conftest import run_cli

# Each line carries a finding in a setting that is easy to draw wrong: after astral characters (emoji count
# 2 UTF-16 units, 1 code point), inside right-to-left text, after CJK, and beside markup that must stay text.
HOSTILE = (
    "Intro 🙂🙂 line: the the tanks moved to Kiev.\n"
    "\n"
    "مرحبا بالعالم في المدينة. Kiev said so.\n"
    "\n"
    "東京で会議が開かれた。 Officials met in Kiev and talked.\n"
    "\n"
    "A <script>window.__pwned=1</script> and \"><img src=x onerror=\"window.__pwned=2\"> and "
    "</script><script>window.__pwned=3</script> <!-- {{JS}} {{DATA}} in Kiev.\n"
)
INJECTED = ("<script>window.__pwned=1</script>", "\"><img src=x onerror=\"window.__pwned=2\">",
            "</script><script>window.__pwned=3</script>")
RTL_LINE = 3
LONG = " ".join(["The army moved east and the the soldiers waited near Kiev for orders."] * 600) + "\n"


def report(tmp_path, *paths, cwd=None, name="report.html", exit_codes=(0, 1)):
    """Run `check --format html` on ``paths``; return (html text, the JSON report of the same run's input)."""
    out = tmp_path / name
    r = run_cli("check", "-q", "--format", "html", "-o", str(out), *map(str, paths), cwd=cwd)
    assert r.returncode in exit_codes, r.stderr
    assert r.stdout == b""
    js = json.loads(run_cli("check", "-q", "--format", "json", *map(str, paths), cwd=cwd).stdout)
    return out, js


def embedded_data(html: str) -> dict:
    start = html.index('<script type="application/json" id="mtclean-data">') + len(
        '<script type="application/json" id="mtclean-data">')
    return json.loads(html[start:html.index("</script>", start)])
