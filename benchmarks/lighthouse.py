"""`python -m benchmarks.lighthouse`: Lighthouse scores of every lesson page in every
language (issue 8), as a site owner measures them: the npm package, desktop settings,
Debian's Chromium, the built site served the way a static host serves it.

Targets: performance at least 95; accessibility, best practices and SEO 100; no
console error. One browser serves every page (benchmarks/lighthouse.mjs, Lighthouse's
Node API), with the desktop preset's settings. The test suite audits every lesson page
too, but not for performance, which is a timing (tests/site/test_lighthouse.py); this
command measures all four scores, measures a page again when its performance falls
short, and keeps the median. Prints a table and writes JSON
(benchmarks/results/lighthouse.json).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks import site as site_mod
from benchmarks.site import LESSON_PAGES, ROOT, BenchmarkError, build

LOCK = Path(__file__).with_name("npm")  # package.json and package-lock.json, committed
PREFIX = ROOT / ".cache" / "lighthouse"  # installed there on first use, with npm ci
RUNNER = Path(__file__).with_name("lighthouse.mjs")
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}


def locked_version() -> str:
    """The Lighthouse version benchmarks/npm/package-lock.json pins."""
    lock = json.loads((LOCK / "package-lock.json").read_text(encoding="utf-8"))
    return lock["packages"]["node_modules/lighthouse"]["version"]


def installed_version(prefix: Path | None = None) -> str | None:
    package = (prefix or PREFIX) / "node_modules" / "lighthouse" / "package.json"
    if not package.is_file():
        return None
    return json.loads(package.read_text(encoding="utf-8")).get("version")


def installed() -> Path:
    """Where Lighthouse is installed: .cache/lighthouse, from the committed lock
    (benchmarks/npm/) with `npm ci`, unless that folder was installed from the same lock
    and holds the locked version."""
    lock = PREFIX / "package-lock.json"
    same_lock = lock.is_file() and lock.read_bytes() == (LOCK / "package-lock.json").read_bytes()
    if same_lock and installed_version() == locked_version():
        return PREFIX
    npm = shutil.which("npm")
    if npm is None:
        raise BenchmarkError("Lighthouse needs Node.js and npm: apt-get install -y nodejs npm")
    PREFIX.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copy2(LOCK / name, PREFIX / name)
    done = subprocess.run(
        [npm, "ci", "--prefix", str(PREFIX), "--no-audit", "--no-fund"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["(no output)"])[-1]
        raise BenchmarkError(f"npm ci of {LOCK / 'package-lock.json'} failed: {last}")
    if installed_version() != locked_version():
        raise BenchmarkError(
            f"npm ci installed Lighthouse {installed_version()}, the lock says {locked_version()}"
        )
    return PREFIX


def audit(
    urls: list[str],
    *,
    categories: tuple[str, ...] = CATEGORIES,
    quick: bool = False,
    echo: bool = False,
) -> list[dict]:
    """Lighthouse's scores (0-100) of each page, in order, with the audits that fall
    short outside performance and whether the console stayed free of errors. One browser
    serves every page (benchmarks/lighthouse.mjs). `quick` skips the quiet windows that
    time a page (for runs that do not score performance); `echo` prints each page's scores
    as they come."""
    if not Path(CHROMIUM).exists():
        raise BenchmarkError(f"Lighthouse runs Debian's Chromium: {CHROMIUM} is missing")
    node = shutil.which("node")
    if node is None:
        raise BenchmarkError("Lighthouse needs Node.js: apt-get install -y nodejs npm")
    prefix = installed()
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        report = Path(tmp) / "report.json"
        settings = Path(tmp) / "settings.json"
        settings.write_text(
            json.dumps(
                {
                    "prefix": str(prefix),
                    "chromium": CHROMIUM,
                    "chromeFlags": CHROME_FLAGS.split(),
                    "categories": list(categories),
                    "quick": quick,
                    "output": str(report),
                }
            )
        )
        with subprocess.Popen(
            [node, str(RUNNER), str(settings), *urls],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        ) as runner:
            said = []
            for line in runner.stderr:
                said.append(line.rstrip())
                if echo:
                    print(f"  {line.rstrip()}", file=sys.stderr, flush=True)
        if runner.returncode != 0 or not report.exists():
            last = (said or ["(no output)"])[-1]
            raise BenchmarkError(f"Lighthouse failed ({len(urls)} pages from {urls[0]}): {last}")
        results = json.loads(report.read_text(encoding="utf-8"))
    return [summary(page) for page in results]


def summary(page: dict) -> dict:
    """What a run says of one page: its scores, the weighted audits below a full score
    outside performance (a timing), and whether the console logged an error."""
    if page["runtimeError"]:
        raise BenchmarkError(f"Lighthouse could not audit {page['url']}: {page['runtimeError']}")
    audits = page["audits"]
    return {
        "scores": {k: round(100 * v["score"]) for k, v in page["categories"].items()},
        "falling_short": [
            f"{category}: {ref['id']}"
            for category, data in page["categories"].items()
            if category != "performance"
            for ref in data["auditRefs"]
            if ref["weight"] and audits[ref["id"]]["score"] not in (None, 1)
        ],
        "console_errors": audits["errors-in-console"]["score"] != 1,
    }


def audit_again(url: str, first: dict, runs: int = 3) -> dict:
    """A performance score below target, measured again: it is a timing, and one run
    varies by several points. Lighthouse's documentation advises the median of several
    runs; the page keeps the median of `runs` and lists every score it got."""
    results = [first, *audit([url] * (runs - 1))]
    scores = sorted(r["scores"]["performance"] for r in results)
    print(f"  again {url}: performance {scores}", file=sys.stderr, flush=True)
    median = dict(first, scores=dict(first["scores"], performance=scores[len(scores) // 2]))
    return dict(median, performance_runs=scores)


def lesson_addresses(languages: list[str]) -> list[str]:
    return [
        ("/" if lang == "en" else f"/{lang}/") + f"{page}/"
        for lang in languages
        for page in LESSON_PAGES
    ]


def misses(result: dict) -> list[str]:
    found = [
        f"{k} {result['scores'][k]} < {v}" for k, v in TARGETS.items() if result["scores"][k] < v
    ]
    return found + (["console errors"] if result["console_errors"] else [])


def run(args: argparse.Namespace) -> dict:
    from i18n.pages import languages

    with tempfile.TemporaryDirectory(prefix="lighthouse-site-") as tmp:
        site = args.site
        if site is not None and not (site / "index.html").is_file():
            raise BenchmarkError(f"{site} is not a built site: it has no index.html")
        if site is None:
            site = Path(tmp) / "site"
            print("building the site ...", file=sys.stderr, flush=True)
            build(site, Path(tmp) / "cache")
        with site_mod.serve(site) as url:
            addresses = lesson_addresses(languages())
            print(f"auditing {len(addresses)} pages ...", file=sys.stderr, flush=True)
            results = audit([url + a for a in addresses], echo=True)
            pages = dict(zip(addresses, results, strict=True))
            for address, result in pages.items():
                if result["scores"]["performance"] < TARGETS["performance"]:
                    pages[address] = audit_again(url + address, result)
    return {
        "benchmark": "lighthouse",
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "lighthouse": f"lighthouse@{locked_version()}",
        "machine": {"cpu_count": os.cpu_count()},
        "targets": TARGETS,
        "pages": pages,
    }


def format_report(summary: dict) -> str:
    lines = [f"Lighthouse ({summary['lighthouse']}, desktop), every lesson page", ""]
    lines.append(f"  {'page':<28} {'perf':>5} {'a11y':>5} {'b.p.':>5} {'seo':>5}")
    for address, result in summary["pages"].items():
        s = result["scores"]
        mark = " *" if misses(result) else ""
        lines.append(
            f"  {address:<28} {s['performance']:>5} {s['accessibility']:>5} "
            f"{s['best-practices']:>5} {s['seo']:>5}{mark}"
        )
    missed = {a: misses(r) for a, r in summary["pages"].items() if misses(r)}
    lines += ["", "targets: performance >= 95, the others 100, no console error:"]
    if not missed:
        lines.append("  met on every page")
    for address, what in missed.items():
        lines.append(f"  MISSED on {address}: {', '.join(what)}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = site_mod.build_parser(
        prog="python -m benchmarks.lighthouse",
        description="Lighthouse scores of every lesson page in every language. "
        "Prints a table and writes JSON.",
        site_help="audit this already built site (default: build one)",
        results="lighthouse.json",
    )
    return site_mod.main(argv, parser=parser, run=run, report=format_report)


if __name__ == "__main__":
    sys.exit(main())
