"""`python -m benchmarks.site`: how long the site takes to build, and what its pages
weigh (issue 9, parts 2 and 3).

Build time, each one `mkdocs build --strict` in a subprocess, as a contributor runs it:

    cold, one at a time  every language, empty caches, page programs one after another
                         (COURSE_BUILD_WORKERS=1): the baseline, how builds ran before
    cold          every language, with empty build caches: every page's program runs,
                  as many at once as there are cores (the default)
    warm          every language again, nothing changed: the caches answer
    one language  English only (COURSE_LANGUAGE=en), warm: what a writer waits for

For the cold builds it also times the first progress line ("running N page programs"):
how long a newcomer's first `mkdocs serve` stays silent.

Page weight, of the warm build's output: for every page, the bytes of its HTML (as
stored, and gzip-compressed as a web server sends it) and of its own assets, the
figures and downloads that only it links to. The theme's shared assets (assets/) are
left out: a reader's browser fetches them once for the whole site.

Prints a table and the verdicts on the targets and writes JSON (benchmarks/results/
site.json). Figures are measurements of one machine at one moment, not assertions.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import gzip
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urlsplit

from i18n.pages import lesson_pages

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"

WARM_BUILD_TARGET_S = 15.0  # a warm five-language build, on 2 cores
COLD_SPEEDUP_TARGET = 1.8  # a first build against one page program at a time (issue 23)
LESSON_HTML_TARGET = 100 * 1024  # bytes of HTML of one lesson page
LESSON_PAGES = tuple(Path(page).stem for page in lesson_pages())  # from the nav
SHARED = "assets/"  # the theme's and the site's shared CSS, JS and fonts


class BenchmarkError(Exception):
    """A build failed or the site folder is not a built site: one line for the user."""


# ---------------------------------------------------------------- serving

# A static host as GitHub Pages is one: files as they are, and the site's root 404.html,
# with status 404, for any address that has no file.
SERVER = """
import http.server, sys

class Handler(http.server.SimpleHTTPRequestHandler):
    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        with open("404.html", "rb") as page:
            body = page.read()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, *args):
        pass

http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
"""


@contextlib.contextmanager
def serve(site: Path):
    """The built site over HTTP on a free local port, in another process; yields its URL."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(port)],
        cwd=site,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):  # until it answers
            try:
                urllib.request.urlopen(url, timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait()


# ---------------------------------------------------------------- build time


FIRST_PROGRESS = "page programs"  # the runner's first line, and its last


def build(
    site_dir: Path,
    cache_dir: Path,
    *,
    language: str | None = None,
    workers: int | None = None,
    progress: dict | None = None,
) -> float:
    """Seconds of one strict build into site_dir with its program cache in cache_dir.
    With a progress dict, its "first_line" gets the seconds until the build's first
    progress line about the page programs (None when it printed none)."""
    env = os.environ | {"NO_MKDOCS_2_WARNING": "1", "COURSE_CACHE_DIR": str(cache_dir)}
    env.pop("COURSE_LANGUAGE", None)
    env.pop("COURSE_BUILD_WORKERS", None)
    if language:
        env["COURSE_LANGUAGE"] = language
    if workers:
        env["COURSE_BUILD_WORKERS"] = str(workers)
    command = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    start = time.perf_counter()
    first_line, log = None, []
    with subprocess.Popen(
        [*command, "--site-dir", str(site_dir)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    ) as child:
        for line in child.stderr:
            log.append(line)
            if first_line is None and FIRST_PROGRESS in line:
                first_line = time.perf_counter() - start
    seconds = time.perf_counter() - start
    if child.returncode != 0:
        last = ("".join(log).strip().splitlines() or ["(no output)"])[-1]
        raise BenchmarkError(f"mkdocs build failed (exit {child.returncode}): {last}")
    if progress is not None:
        progress["first_line"] = first_line
    return seconds


BUILDS = (  # name, language, page programs at once (None: one per core), fresh cache
    ("cold_one_at_a_time", None, 1, True),
    ("cold", None, None, True),
    ("warm", None, None, False),
    ("one_language", "en", None, False),
)


def build_times(work: Path) -> tuple[dict[str, float], dict[str, float | None]]:
    """(build seconds by name, seconds to the first progress line of each cold build),
    the builds in BUILDS' order; each cold build starts from an empty cache, the warm
    ones reuse the parallel cold build's."""
    times, first_lines = {}, {}
    for name, language, workers, fresh in BUILDS:
        cache = work / (f"cache-{name}" if fresh else "cache-cold")
        print(f"building ({name}) ...", end=" ", file=sys.stderr, flush=True)
        progress: dict = {}
        times[name] = build(
            work / f"site-{name}", cache, language=language, workers=workers, progress=progress
        )
        if fresh:
            first_lines[name] = progress["first_line"]
        print(f"{times[name]:.1f} s", file=sys.stderr, flush=True)
    return times, first_lines


# ---------------------------------------------------------------- page weight


def page_url(html_file: Path, site: Path) -> str:
    """/fr/overfitting/ for site/fr/overfitting/index.html."""
    rel = html_file.relative_to(site).as_posix()
    return "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def own_assets(html_file: Path, site: Path, soup) -> dict[str, int]:
    """The files a page links to or shows that are not the site's shared assets (not its
    downloads: the notebook and the script are fetched only when a reader asks)."""
    found: dict[str, int] = {}
    for tag, attribute in (("img", "src"), ("a", "href"), ("source", "src"), ("object", "data")):
        for element in soup.find_all(tag):
            if element.has_attr("download"):
                continue
            url = element.get(attribute)
            if not url or urlsplit(url).scheme or url.startswith(("#", "//")):
                continue
            path = (html_file.parent / unquote(urlsplit(url).path)).resolve()
            try:
                rel = path.relative_to(site.resolve()).as_posix()
            except ValueError:
                continue
            if path.is_file() and path.suffix != ".html" and not rel.startswith(SHARED):
                found[rel] = path.stat().st_size
    return found


def page_weights(site: Path) -> list[dict]:
    """One row per HTML page of a built site, in URL order."""
    from bs4 import BeautifulSoup  # a test and benchmark dependency, not the build's

    if not (site / "sitemap.xml").is_file() or not (site / "index.html").is_file():
        raise BenchmarkError(f"{site} is not a built site (no index.html and sitemap.xml)")
    rows = []
    for html_file in sorted(site.rglob("*.html")):
        data = html_file.read_bytes()
        soup = BeautifulSoup(data, "html.parser")
        assets = own_assets(html_file, site, soup)
        url = page_url(html_file, site)
        parts = url.strip("/").split("/")
        rows.append(
            {
                "url": url,
                "html_bytes": len(data),
                "html_gzip_bytes": len(gzip.compress(data, compresslevel=6)),
                "asset_bytes": sum(assets.values()),
                "assets": assets,
                "lesson": parts[-1] in LESSON_PAGES,
            }
        )
    return sorted(rows, key=lambda r: r["url"])


# ---------------------------------------------------------------- report


def verdicts(times: dict[str, float] | None, pages: list[dict]) -> list[dict]:
    found = []
    if times is not None:
        speedup = times["cold_one_at_a_time"] / times["cold"]
        found.append(
            {
                "target": f"cold build {COLD_SPEEDUP_TARGET:g}x faster than one program at a time",
                "value": speedup,
                "met": speedup >= COLD_SPEEDUP_TARGET,
                "short_by": max(0.0, COLD_SPEEDUP_TARGET - speedup),
            }
        )
        warm = times["warm"]
        found.append(
            {
                "target": f"warm five-language build under {WARM_BUILD_TARGET_S:g} s",
                "value": warm,
                "met": warm < WARM_BUILD_TARGET_S,
                "over_by": max(0.0, warm - WARM_BUILD_TARGET_S),
            }
        )
    heavy = [p for p in pages if p["lesson"] and p["html_bytes"] > LESSON_HTML_TARGET]
    heaviest = max((p for p in pages if p["lesson"]), key=lambda p: p["html_bytes"], default=None)
    found.append(
        {
            "target": f"no lesson page over {LESSON_HTML_TARGET // 1024} KB of HTML",
            "value": heaviest["html_bytes"] if heaviest else None,
            "met": not heavy,
            "over": [p["url"] for p in heavy],
        }
    )
    return found


def _seconds(value: float | None) -> str:
    return "never" if value is None else f"{value:.1f} s"


def kb(n: int) -> str:
    return f"{n / 1024:,.1f}"


def format_report(summary: dict) -> str:
    lines = []
    times = summary.get("build_seconds")
    if times:
        first = summary.get("first_progress_line_seconds") or {}
        lines += [
            "build time (mkdocs build --strict, seconds)",
            f"  cold, one program at a time  {times['cold_one_at_a_time']:7.1f}"
            f"   first progress line after {_seconds(first.get('cold_one_at_a_time'))}",
            f"  cold, five languages         {times['cold']:7.1f}"
            f"   first progress line after {_seconds(first.get('cold'))}",
            f"  warm, five languages         {times['warm']:7.1f}",
            f"  warm, English only           {times['one_language']:7.1f}",
            f"  cold build speed-up: {times['cold_one_at_a_time'] / times['cold']:.2f}x "
            f"(target {COLD_SPEEDUP_TARGET:g}x)",
            "",
        ]
    lines.append("page weight (KB): HTML as stored, gzip as served, the page's own assets")
    header = f"  {'page':<34} {'HTML':>8} {'gzip':>7} {'assets':>8}"
    lines += [header, "  " + "-" * (len(header) - 2)]
    for p in summary["pages"]:
        mark = " *" if p["lesson"] and p["html_bytes"] > LESSON_HTML_TARGET else ""
        lines.append(
            f"  {p['url']:<34} {kb(p['html_bytes']):>8} {kb(p['html_gzip_bytes']):>7} "
            f"{kb(p['asset_bytes']):>8}{mark}"
        )
    lines += ["", "targets:"]
    for v in summary["targets"]:
        if v["met"]:
            lines.append(f"  {v['target']}: met")
        elif "short_by" in v:
            lines.append(f"  {v['target']}: MISSED ({v['value']:.2f}x)")
        elif "over_by" in v:
            lines.append(f"  {v['target']}: MISSED by {v['over_by']:.1f} s ({v['value']:.1f} s)")
        else:
            lines.append(
                f"  {v['target']}: MISSED on {len(v['over'])} page(s) (marked *), "
                f"the heaviest {kb(v['value'])} KB"
            )
    return "\n".join(lines)


def run(args: argparse.Namespace) -> dict:
    times = first_lines = None
    with tempfile.TemporaryDirectory(prefix="site-bench-") as tmp:
        if args.site is None:
            times, first_lines = build_times(Path(tmp))
            site = Path(tmp) / "site-warm"
        else:
            site = args.site
        pages = page_weights(site)
    return {
        "benchmark": "site",
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpu_count": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        "build_seconds": times,
        "first_progress_line_seconds": first_lines,
        "pages": pages,
        "targets": verdicts(times, pages),
    }


def build_parser(
    prog: str = "python -m benchmarks.site",
    description: str = "Build time (cold, warm, one language) and the weight of every page. "
    "Prints a table and writes JSON.",
    site_help: str = "weigh the pages of this already built site and skip the build timings",
    results: str = "site.json",
) -> argparse.ArgumentParser:
    """The command line of a benchmark of the built site (this one's by default)."""
    from trainlab.__main__ import Parser  # bad arguments: one line, as in the lab's CLI

    parser = Parser(prog=prog, description=description)
    parser.add_argument("--site", type=Path, metavar="DIR", help=site_help)
    parser.add_argument(
        "--json",
        type=Path,
        metavar="PATH",
        default=RESULTS / results,
        help=f"where to write the results (default: benchmarks/results/{results})",
    )
    return parser


def main(argv: list[str] | None = None, *, parser=None, run=run, report=format_report) -> int:
    """Parse, run, print the report, write the JSON; a BenchmarkError is one line."""
    parser = parser or build_parser()
    args = parser.parse_args(argv)
    try:
        summary = run(args)
    except BenchmarkError as error:
        print(f"{parser.prog}: {error}", file=sys.stderr)
        return 1
    print(report(summary))
    from trainlab.checkpoint import atomic_write  # imports torch: not at the build's start

    atomic_write(args.json, lambda f: f.write((json.dumps(summary, indent=2) + "\n").encode()))
    print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
