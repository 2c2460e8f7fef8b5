"""The HTML review report in a real browser: headless Chromium (Debian's chromium + chromium-driver) driven
by selenium. Counts, filters, accept/reject -> export -> `fix --decisions`, no network, no injected script,
and right-to-left, CJK, emoji and very long paragraphs drawn right.

Skipped, with the reason, only where Chromium or its driver is missing (.ci/run installs them; with
MTCLEAN_REQUIRE_BROWSER=1, which .ci/run sets once they are there, a missing browser fails instead).
MTCLEAN_UPDATE_SCREENSHOT=1 also writes the screenshot of the seed article's report to docs/report.png.
"""
import json
import os
import shutil
import time

import pytest

from conftest import FIXTURES, ROOT, SEED, run_cli
from reportkit import HOSTILE, INJECTED, LONG, RTL_LINE, report

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-extensions", "--disable-dev-shm-usage", "--window-size=1400,1000")


def _missing(why):
    if os.environ.get("MTCLEAN_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{why} (MTCLEAN_REQUIRE_BROWSER=1)")
    pytest.skip(why)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not (chromium and driver_path):
        _missing("Chromium is not installed: apt-get install chromium chromium-driver (.ci/run does it)")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _missing("selenium is not installed: pip install '.[test]'")
    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must never download a driver or a browser
    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for flag in FLAGS:
        opts.add_argument(flag)
    opts.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chrome-profile')}")
    downloads = tmp_path_factory.mktemp("downloads")
    opts.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                           "download.prompt_for_download": False})
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    try:
        drv = webdriver.Chrome(options=opts, service=Service(driver_path))
    except Exception as exc:  # noqa: BLE001 - a browser that does not start is a skip, with its reason
        _missing(f"Chromium did not start: {str(exc).splitlines()[0]}")
    drv.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    drv.downloads = downloads
    yield drv
    drv.quit()


def open_report(drv, path, fragment=""):
    drv.get(path.as_uri() + fragment)
    drv.execute_script("localStorage.clear()")  # file:// pages share one storage: start each test clean
    drv.get("about:blank")
    drv.get(path.as_uri() + fragment)
    wait_ready(drv)


def wait_ready(drv):
    """Until the report's script has drawn the page (a loaded machine may take seconds)."""
    for _ in range(400):
        if drv.execute_script("return document.documentElement.getAttribute('data-ready')") == "1":
            return
        time.sleep(0.05)
    raise AssertionError("the report never became ready")


def css(drv, selector):
    from selenium.webdriver.common.by import By

    return drv.find_elements(By.CSS_SELECTOR, selector)


def press(drv, selector):
    """Click as a person does, once the element has settled in view: the list's items are laid out as they
    come into view (content-visibility), so the page may still move under a scroll-and-click."""
    from selenium.common.exceptions import ElementClickInterceptedException

    for attempt in range(3):
        elem = css(drv, selector)[0]
        drv.execute_script("arguments[0].scrollIntoView({block: 'center'})", elem)
        time.sleep(0.05)
        try:
            css(drv, selector)[0].click()
            return
        except ElementClickInterceptedException:
            if attempt == 2:
                raise


def items(drv):
    return [(e.get_attribute("data-id"), e.find_element("css selector", ".rule").text) for e in css(drv, ".item")]


def marked_ids(drv):
    """Findings highlighted (not filtered out), by id, with the text their marks cover."""
    return drv.execute_script("""
        const out = {};
        for (const m of document.querySelectorAll('mark.f:not(.off)'))
          for (const id of m.dataset.ids.split(' ')) out[id] = (out[id] || '') + m.textContent;
        return out;""")


def go(drv, fragment):
    drv.execute_script("location.hash = arguments[0]", fragment)
    time.sleep(0.05)


def requests(drv):
    urls = []
    for entry in drv.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg["method"] == "Network.requestWillBeSent":
            urls.append(msg["params"]["request"]["url"])
    return urls


def test_seed_report_counts_match_json_and_screenshot(browser, tmp_path, seed_text):
    out, js = report(tmp_path, SEED.relative_to(FIXTURES.parent), cwd=FIXTURES.parent)
    open_report(browser, out)
    findings = js["files"][0]["findings"]
    assert css(browser, '[data-count="findings"]')[0].text == str(js["summary"]["findings"]) == str(len(findings))
    assert css(browser, '[data-count="shown"]')[0].text == str(len(findings))
    assert len(css(browser, ".item")) == len(findings)
    marks = marked_ids(browser)
    assert {int(i): t for i, t in marks.items()} == {i: seed_text[f["start"]:f["end"]] for i, f in enumerate(findings)}
    # Click the stray period: its details are shown, with the rule's explanation and the proposed edit.
    i = next(k for k, f in enumerate(findings) if f["rule"] == "MT101")
    press(browser, f'mark.f[data-ids="{i}"]')
    sel = css(browser, ".item.selected")[0]
    assert sel.get_attribute("data-id") == str(i)
    assert "MT101" in sel.text and "Stray period" in sel.text and "Proposed edit (safe)" in sel.text
    assert sel.find_element("css selector", "details").get_attribute("open") is not None
    assert "Machine translation often ends a sentence too early" in sel.find_element("css selector", "details").text
    # The picture in README.md: the article's top, its first finding selected.
    press(browser, 'mark.f[data-ids="0"]')
    browser.execute_script("window.scrollTo(0, 0)")
    shot = tmp_path / "report.png"
    browser.save_screenshot(str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    if os.environ.get("MTCLEAN_UPDATE_SCREENSHOT") == "1":
        shutil.copyfile(shot, ROOT / "docs" / "report.png")


def test_filters_hide_what_they_should(browser, tmp_path):
    from selenium.webdriver.support.ui import Select

    art = tmp_path / "articles"
    art.mkdir()
    shutil.copyfile(SEED, art / "a.txt")
    (art / "b.txt").write_text(HOSTILE, encoding="utf-8")
    out, js = report(tmp_path, "articles", cwd=tmp_path)
    open_report(browser, out)
    rows = css(browser, "#articles .tr[data-file]")
    assert [r.find_element("css selector", ".path a").text for r in rows] == ["articles/a.txt", "articles/b.txt"]
    def total():
        return sum(int(c.text) for c in css(browser, '#articles [data-col="shown"]'))

    assert total() == js["summary"]["findings"]
    css(browser, 'input[data-filter="severity"][value="warning"]')[0].click()
    errors = [f for f in js["files"][0]["findings"] if f["severity"] == "error"]
    all_errors = sum(1 for fl in js["files"] for f in fl["findings"] if f["severity"] == "error")
    assert total() == all_errors
    go(browser, "#f=0")
    assert css(browser, '[data-count="shown"]')[0].text == str(len(errors))
    assert sorted(r for _, r in items(browser)) == sorted(f["rule"] for f in errors)
    ids = {str(i) for i, f in enumerate(js["files"][0]["findings"]) if f["severity"] == "error"}
    assert set(marked_ids(browser)) == ids
    # Severity back on, then one rule only: the other findings lose their highlight and leave the list.
    css(browser, 'input[data-filter="severity"][value="warning"]')[0].click()
    Select(css(browser, 'select[data-filter="rule"]')[0]).select_by_value("MT103")
    assert [r for _, r in items(browser)] == ["MT103", "MT103"]
    assert len(marked_ids(browser)) == 2
    Select(css(browser, 'select[data-filter="category"]')[0]).select_by_value("names")
    assert items(browser) == [] and "No finding passes the filters" in css(browser, "#findings")[0].text


def test_accept_reject_export_then_fix_decisions(browser, tmp_path, seed_text):
    art = tmp_path / "articles"
    art.mkdir()
    shutil.copyfile(SEED, art / "a.txt")
    (art / "b.txt").write_text(HOSTILE, encoding="utf-8")
    out, js = report(tmp_path, "articles", cwd=tmp_path)
    open_report(browser, out, "#f=0")
    seed_findings = js["files"][0]["findings"]

    def click(rule, nth, which):
        ids = [i for i, f in enumerate(seed_findings) if f["rule"] == rule]
        press(browser, f'.item[data-id="{ids[nth]}"] button.{which}')
        return seed_findings[ids[nth]]

    accepted = [click("MT201", 0, "accept"), click("MT103", 0, "accept")]  # a safe and an unsafe fix
    click("MT102", 0, "reject")
    click("MT101", 0, "accept")
    click("MT101", 0, "accept")  # pressed again: undecided
    assert css(browser, "#decided")[0].text == "2 accepted, 1 rejected"
    # Decisions survive a reload (localStorage). Chromium hands a page's storage writes to the next page
    # asynchronously (the old and the new renderer talk to the store on separate channels), so a reload
    # right after the last click may still show the store before it: reload until the writes have landed.
    for _ in range(20):
        browser.refresh()
        wait_ready(browser)
        if css(browser, "#decided")[0].text == "2 accepted, 1 rejected":
            break
        time.sleep(0.1)
    assert css(browser, "#decided")[0].text == "2 accepted, 1 rejected"
    item = css(browser, f'.item[data-id="{seed_findings.index(accepted[1])}"]')[0]
    assert item.get_attribute("data-decision") == "accepted"
    # The diff shows the safe fixes; the rejected one is marked so.
    css(browser, 'button[data-mode="diff"]')[0].click()
    assert css(browser, ".change.rejected del")[0].text.strip().endswith("via.")
    css(browser, 'button[data-mode="side"]')[0].click()
    assert len(css(browser, "table.side tbody tr")) == 3
    go(browser, "#f=1")
    press(browser, "#accept-safe")
    hostile_safe = [f for f in js["files"][1]["findings"] if f["fix"] and f["fix"]["applicability"] == "safe"]
    assert css(browser, "#decided")[0].text == f"{2 + len(hostile_safe)} accepted, 1 rejected"

    for old in browser.downloads.iterdir():
        old.unlink()
    css(browser, "#export")[0].click()
    target = browser.downloads / "mtclean-decisions.json"
    for _ in range(100):
        if target.exists() and target.stat().st_size:
            break
        time.sleep(0.05)
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert doc["format"] == "mtclean-decisions"
    assert [f["path"] for f in doc["files"]] == ["articles/a.txt", "articles/b.txt"]
    by_rule = {(f["rule"], f["start"]): f["decision"] for f in doc["files"][0]["findings"]}
    assert sorted(by_rule.values()).count("accepted") == 2 and list(by_rule.values()).count("rejected") == 1

    r = run_cli("fix", "--decisions", str(target), "--output-dir", "clean", "articles", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    expected_a = seed_text
    for e in sorted((e for f in accepted for e in f["fix"]["edits"]), key=lambda e: -e["start"]):
        expected_a = expected_a[:e["start"]] + e["replacement"] + expected_a[e["end"]:]
    assert (tmp_path / "clean" / "a.txt").read_text(encoding="utf-8") == expected_a
    expected_b = HOSTILE
    for e in sorted((e for f in hostile_safe for e in f["fix"]["edits"]), key=lambda e: -e["start"]):
        expected_b = expected_b[:e["start"]] + e["replacement"] + expected_b[e["end"]:]
    assert (tmp_path / "clean" / "b.txt").read_text(encoding="utf-8") == expected_b
    # A file edited after the report: refused, one line, exit 2.
    (art / "a.txt").write_text(seed_text.replace("Bakhmut", "Bakhmut,", 1), encoding="utf-8")
    r = run_cli("fix", "--decisions", str(target), "--in-place", "articles/a.txt", cwd=tmp_path)
    assert r.returncode == 2
    assert [line for line in r.stderr.decode().splitlines() if "error" in line] == [
        line for line in r.stderr.decode().splitlines() if "changed since the report was made" in line]


def test_no_request_leaves_the_page(browser, tmp_path):
    (tmp_path / "a.txt").write_text(HOSTILE, encoding="utf-8")
    shutil.copyfile(SEED, tmp_path / "b.txt")
    out, _ = report(tmp_path, tmp_path / "a.txt", tmp_path / "b.txt")
    browser.get_log("performance")
    browser.get_log("browser")
    open_report(browser, out)
    for frag in ("#f=0", "#f=1"):
        go(browser, frag)
        for mode in ("diff", "side", "text"):
            css(browser, f'button[data-mode="{mode}"]')[0].click()
        press(browser, "mark.f")
        press(browser, ".item button.accept")
    css(browser, "#export")[0].click()
    time.sleep(0.3)
    urls = requests(browser)
    assert urls and all(u.startswith(("file://", "blob:file://", "about:blank")) for u in urls), urls
    problems = [e["message"] for e in browser.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
    assert not problems, problems


def test_the_request_check_sees_a_request(browser, tmp_path):
    # The check above can fail: a page without the report's policy that loads an image is caught.
    page = tmp_path / "leaky.html"
    page.write_text('<!DOCTYPE html><img src="http://127.0.0.1:9/pixel.png">', encoding="utf-8")
    browser.get_log("performance")
    browser.get(page.as_uri())
    time.sleep(0.3)
    assert any(u.startswith("http://127.0.0.1:9/") for u in requests(browser))


def test_injected_markup_never_runs(browser, tmp_path):
    (tmp_path / "a.txt").write_text(HOSTILE, encoding="utf-8")
    out, _ = report(tmp_path, tmp_path / "a.txt")
    browser.get_log("browser")
    open_report(browser, out)
    for mode in ("diff", "side", "text"):
        css(browser, f'button[data-mode="{mode}"]')[0].click()
        assert browser.execute_script("return window.__pwned") is None
    for k in range(len(css(browser, "mark.f"))):
        mark = css(browser, "mark.f")[k]  # each click draws the page again: look the mark up anew
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", mark)
        mark.click()
    assert browser.execute_script("return window.__pwned") is None
    assert browser.execute_script("return document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert len(browser.execute_script("return document.scripts")) == 2
    last = css(browser, '.row[data-line="7"] .line')[0].text
    for snippet in INJECTED:
        assert snippet in last
    assert not [e for e in browser.get_log("browser") if "pwned" in e["message"]]


def test_rtl_cjk_emoji_and_long_paragraphs(browser, tmp_path):
    (tmp_path / "a.txt").write_text(HOSTILE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(LONG, encoding="utf-8")
    out, js = report(tmp_path, tmp_path / "a.txt", tmp_path / "b.txt")
    open_report(browser, out, "#f=0")
    findings = js["files"][0]["findings"]
    # Every highlight covers exactly its finding's text: code points were turned into UTF-16 units right
    # (two emoji precede the first finding, and the CJK and Arabic lines).
    assert {int(i): t for i, t in marked_ids(browser).items()} == {
        i: HOSTILE[f["start"]:f["end"]] for i, f in enumerate(findings)}
    rtl = css(browser, f'.row[data-line="{RTL_LINE}"] .line')[0]
    assert browser.execute_script("return arguments[0].matches(':dir(rtl)')", rtl)
    ltr = css(browser, '.row[data-line="1"] .line')[0]
    assert browser.execute_script("return arguments[0].matches(':dir(ltr)')", ltr)
    assert "Kiev" in rtl.text and "مرحبا" in rtl.text
    assert "東京で会議が開かれた。" in css(browser, '.row[data-line="5"] .line')[0].text
    # The long paragraph wraps inside the page; its findings are all drawn.
    go(browser, "#f=1")
    long_findings = js["files"][1]["findings"]
    assert len(marked_ids(browser)) == len(long_findings) > 1000
    doc = css(browser, "#doc")[0]
    assert browser.execute_script("return arguments[0].scrollWidth <= arguments[0].clientWidth + 1", doc)
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    line = css(browser, '.row[data-line="1"] .line')[0]
    assert line.size["height"] > 20 * 18  # wrapped over many lines
    css(browser, 'button[data-mode="side"]')[0].click()
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")


def test_accepting_an_overlapping_fix_withdraws_the_other(browser, tmp_path):
    # A house rule that rewrites the same word as MT201: the two fixes cannot both be applied.
    rules = tmp_path / "house.yaml"
    rules.write_text("rules:\n  - id: HS1\n    pattern: '\\bKiev\\b'\n    message: Say Kyjiw\n"
                     "    replacement: Kyjiw\n", encoding="utf-8")
    art = tmp_path / "a.txt"
    art.write_text("Weapons that Kiev says will help Kyiv.\n", encoding="utf-8")
    out = tmp_path / "report.html"
    r = run_cli("check", "-q", "--rules", str(rules), "--format", "html", "-o", str(out), str(art))
    assert r.returncode == 1, r.stderr
    open_report(browser, out)
    ids = {rule: i for i, rule in items(browser)}
    press(browser, f'.item[data-id="{ids["MT201"]}"] button.accept')
    press(browser, f'.item[data-id="{ids["HS1"]}"] button.accept')
    assert "withdrew MT201" in css(browser, ".notice")[0].text
    decided = {rule: css(browser, f'.item[data-id="{i}"]')[0].get_attribute("data-decision") for rule, i in ids.items()}
    assert decided == {"MT201": "undecided", "HS1": "accepted"}
