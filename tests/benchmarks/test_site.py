"""`python -m benchmarks.site`: build time and page weight, what it measures and how (speed
itself is never asserted). The Performance page that shows its committed results is
sitebuild.performance's: tests/sitebuild/test_performance.py."""

from __future__ import annotations

import gzip
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from support import LANGUAGES, ROOT

from benchmarks import site

LESSONS = site.LESSON_PAGES


def url_of(code: str, name: str) -> str:
    return f"/{name}/" if code == "en" else f"/{code}/{name}/"


def test_every_page_of_the_built_site_is_weighed(built_site):
    pages = {p["url"]: p for p in site.page_weights(built_site)}
    assert len(pages) == len(list(built_site.rglob("*.html")))
    lessons = {url for url, p in pages.items() if p["lesson"]}
    assert lessons == {url_of(code, name) for code in LANGUAGES for name in LESSONS}
    frameworks = pages["/frameworks/"]
    html_file = built_site / "frameworks" / "index.html"
    assert frameworks["html_bytes"] == html_file.stat().st_size
    assert frameworks["html_gzip_bytes"] == len(gzip.compress(html_file.read_bytes(), 6))
    # its own figures count; the theme's shared assets do not
    assert "figures/frameworks-sigmoid-slope.svg" in frameworks["assets"]
    assert not any(a.startswith("assets/") for p in pages.values() for a in p["assets"])
    assert frameworks["asset_bytes"] == sum(frameworks["assets"].values())


def test_own_assets_of_a_page(tmp_path):
    (tmp_path / "figures").mkdir()
    (tmp_path / "assets").mkdir()
    (tmp_path / "lab").mkdir()
    (tmp_path / "figures" / "curve.svg").write_text("<svg/>" * 10)
    (tmp_path / "lab" / "lab.ipynb").write_text("{}")
    (tmp_path / "assets" / "theme.js").write_text("x" * 1000)
    (tmp_path / "sitemap.xml").write_text("<urlset/>")
    (tmp_path / "index.html").write_text("<html></html>")
    (tmp_path / "lab" / "index.html").write_text(
        '<img src="../figures/curve.svg"><a href="lab.ipynb">notebook</a>'
        '<script src="../assets/theme.js"></script><a href="https://example.org/x.png">x</a>'
        '<a href="#top">top</a><a href="../">home</a><img src="../figures/missing.svg">'
    )
    pages = {p["url"]: p for p in site.page_weights(tmp_path)}
    lab = pages["/lab/"]
    assert lab["lesson"] and not pages["/"]["lesson"]
    assert lab["assets"] == {"figures/curve.svg": 60, "lab/lab.ipynb": 2}
    assert lab["asset_bytes"] == 62


def test_targets_say_by_how_much_they_are_missed():
    sizes = {"/lab/": (True, 150), "/fr/lab/": (True, 90), "/glossary/": (False, 500)}
    pages = [
        {"url": url, "lesson": lesson, "html_bytes": kb * 1024, "html_gzip_bytes": kb * 200}
        | {"asset_bytes": 0}
        for url, (lesson, kb) in sizes.items()
    ]
    times = {"cold_one_at_a_time": 90.0, "cold": 60.0, "warm": 16.5, "one_language": 4.0}
    speedup, build, weight = site.verdicts(times, pages)
    assert speedup["met"] is False and speedup["short_by"] == pytest.approx(0.3)
    assert build["met"] is False and build["over_by"] == pytest.approx(1.5)
    assert weight["met"] is False and weight["over"] == ["/lab/"]  # a glossary is no lesson
    faster = times | {"cold": 45.0, "warm": 9.0}
    assert [v["met"] for v in site.verdicts(faster, pages)[:2]] == [True, True]
    summary = {"build_seconds": times, "pages": pages, "targets": [speedup, build, weight]}
    summary["first_progress_line_seconds"] = {"cold_one_at_a_time": 2.5, "cold": None}
    report = site.format_report(summary)
    assert "MISSED on 1 page(s)" in report and "/lab/" in report
    assert "cold build speed-up: 1.50x (target 1.8x)" in report
    assert "first progress line after 2.5 s" in report and "after never" in report


def test_a_folder_that_is_no_site_gets_one_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.site", "--site", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"python -m benchmarks.site: {tmp_path} is not a built site (no index.html and sitemap.xml)"
    ]


@pytest.mark.slow
def test_one_language_builds_alone_at_the_site_root(built_site, filled_cache, tmp_path):
    """COURSE_LANGUAGE=fr: what the benchmark times as a one-language build, and what a
    translator previews with (the page runs are cached by the session's full build)."""
    seconds = site.build(tmp_path / "site", filled_cache, language="fr")
    assert seconds > 0
    out = tmp_path / "site"
    soup = BeautifulSoup((out / "overfitting" / "index.html").read_text(), "html.parser")
    assert soup.html["lang"] == "fr"
    assert not (out / "ru").exists() and not (out / "fr").exists()


@pytest.mark.parametrize(
    ("command", "args", "message"),
    [
        ("benchmarks.site", ["--bogus"], "unrecognized arguments: --bogus"),
        ("benchmarks.training", ["--epochs", "0"], "argument --epochs: must be at least 1, got 0"),
    ],
)
def test_bad_arguments_get_one_line(command, args, message):
    result = subprocess.run(
        [sys.executable, "-m", command, *args], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"python -m {command}: error: {message} (see --help)"]
