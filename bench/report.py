#!/usr/bin/env python3
"""How the HTML review report scales: a folder of 2,000 articles into one page, opened in Chromium.

    python bench/report.py                 # 2,000 articles of ~5 KB (4 corpus documents each)
    python bench/report.py --articles 500  # another count

Articles are made in a temporary folder from ../shared/corpora/wmt22-*-en/hyp (MT output, read in place),
else from fixtures/. It prints: the page's size beside the JSON report's, the time `check --format html`
takes beside `--format json`, and in headless Chromium (Debian's chromium + chromedriver, driven by
selenium) the time until the page is ready (navigation start to the end of the report's script, and to the
load event), to open one article from the index, to apply a filter on the index, and to sort it. Figures
only; nothing is asserted.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPORA = REPO.parent / "shared" / "corpora"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
         "--window-size=1400,1000")


def make_articles(n: int, out: Path) -> str:
    docs = sorted(glob.glob(str(CORPORA / "wmt22-*-en" / "hyp" / "*" / "*.txt")))
    source = f"{len(docs)} MT documents of ../shared/corpora/wmt22-*-en/hyp"
    if not docs:
        docs = sorted(str(p) for p in REPO.glob("fixtures/**/*.txt"))
        source = "fixtures/ (no corpus found)"
    texts = [Path(d).read_text(encoding="utf-8") for d in docs]
    rng = random.Random(13)
    out.mkdir()
    for i in range(n):
        (out / f"a{i:05}.txt").write_text("\n".join(rng.choice(texts).strip() for _ in range(4)) + "\n",
                                          encoding="utf-8")
    return source


def cli(*args, cwd) -> float:
    t = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "cleanup", *args], cwd=cwd, capture_output=True, check=False)
    if r.returncode not in (0, 1):
        sys.exit(f"mtclean failed: {r.stderr.decode()[:500]}")
    return time.perf_counter() - t


def browser():
    os.environ["SE_OFFLINE"] = "true"
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = shutil.which("chromium") or "chromium"
    for f in FLAGS:
        opts.add_argument(f)
    opts.add_argument(f"--user-data-dir={tempfile.mkdtemp(prefix='mtclean-bench-chrome-')}")
    return webdriver.Chrome(options=opts, service=Service(shutil.which("chromedriver") or "chromedriver"))


def wait_for(drv, js: str, timeout: float = 30.0) -> float:
    t = time.perf_counter()
    while not drv.execute_script(js):
        if time.perf_counter() - t > timeout:
            raise TimeoutError(js)
        time.sleep(0.005)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="mtclean-bench-report-"))
    try:
        source = make_articles(args.articles, tmp / "articles")
        size = sum(p.stat().st_size for p in (tmp / "articles").iterdir())
        print(f"{args.articles} articles, {size / 1e6:.2f} MB, from {source}; load average "
              f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        t_json = cli("check", "-q", "--format", "json", "-o", "report.json", "articles", cwd=tmp)
        t_html = cli("check", "-q", "--format", "html", "-o", "report.html", "articles", cwd=tmp)
        page = tmp / "report.html"
        n_findings = json.loads((tmp / "report.json").read_text(encoding="utf-8"))["summary"]["findings"]
        print(f"findings: {n_findings}")
        print(f"check --format json: {t_json:.2f} s, {(tmp / 'report.json').stat().st_size / 1e6:.2f} MB")
        print(f"check --format html: {t_html:.2f} s, {page.stat().st_size / 1e6:.2f} MB (one self-contained file)")

        drv = browser()
        try:
            ready, loaded, wall, open_one, filt, sort = [], [], [], [], [], []
            for _ in range(args.repeat):
                drv.get("about:blank")
                t = time.perf_counter()
                drv.get(page.as_uri())
                wait_for(drv, "return document.documentElement.dataset.ready === '1'")
                wall.append(time.perf_counter() - t)
                ready.append(int(drv.execute_script("return document.documentElement.dataset.readyMs")))
                loaded.append(drv.execute_script(
                    "return performance.getEntriesByType('navigation')[0].loadEventEnd"))
                k = args.articles // 2
                t = time.perf_counter()
                drv.execute_script(f"location.hash = '#f={k}'")
                wait_for(drv, "return !!document.querySelector('.articlehead h2')")
                open_one.append(time.perf_counter() - t)
                drv.execute_script("location.hash = '#'")
                wait_for(drv, "return !!document.querySelector('#articles')")
                t = time.perf_counter()
                drv.execute_script("document.querySelector('input[data-filter=severity][value=warning]').click()")
                filt.append(time.perf_counter() - t)
                t = time.perf_counter()
                drv.execute_script("document.querySelector('[data-sort=shown]').click()")
                sort.append(time.perf_counter() - t)
            med = statistics.median
            print(f"Chromium {drv.capabilities.get('browserVersion')}, medians of {args.repeat}:")
            print(f"  page ready (navigation start -> report script done): {med(ready):.0f} ms; load event "
                  f"{med(loaded):.0f} ms; as selenium sees it {med(wall) * 1000:.0f} ms")
            print(f"  open article {args.articles // 2} from the index: {med(open_one) * 1000:.0f} ms")
            print(f"  filter (warnings off) on the index: {med(filt) * 1000:.0f} ms; sort by findings: "
                  f"{med(sort) * 1000:.0f} ms")
        finally:
            drv.quit()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
