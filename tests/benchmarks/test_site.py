"""`python -m benchmarks.site` (build time and page weight) and the Performance page that
shows the committed results. Speed is never asserted: only what is measured and how."""

from __future__ import annotations

import gzip
import html
import json
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from support import LANGUAGES, ROOT

from benchmarks import site
from i18n.words import ui
from sitebuild import performance as results_page

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
    assert "figures/frameworks-two-levels.svg" in frameworks["assets"]
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
    build, weight = site.verdicts({"cold": 60.0, "warm": 16.5, "one_language": 4.0}, pages)
    assert build["met"] is False and build["over_by"] == pytest.approx(1.5)
    assert weight["met"] is False and weight["over"] == ["/lab/"]  # a glossary is no lesson
    (fast,) = site.verdicts({"cold": 60.0, "warm": 9.0, "one_language": 4.0}, pages)[:1]
    assert fast["met"] is True
    summary = {"build_seconds": None, "pages": pages, "targets": [weight]}
    report = site.format_report(summary)
    assert "MISSED on 1 page(s)" in report and "/lab/" in report


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


# ---------------------------------------------------------------- the Performance page


def committed(name: str) -> dict:
    return json.loads((ROOT / "benchmarks" / "results" / name).read_text())


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_performance_page_shows_the_committed_results(built_site, code):
    folder = built_site if code == "en" else built_site / code
    soup = BeautifulSoup((folder / "performance" / "index.html").read_text(), "html.parser")
    assert soup.html["lang"] == code
    text = soup.get_text(" ")
    assert "<!-- benchmark:" not in str(soup.article)
    cpu = committed("training-cpu.json")
    speed = results_page._number(cpu["contenders"]["trainlab"]["samples_per_s"], 0, code)
    ratio = results_page._number(cpu["ratios"]["trainlab/textbook"], 2, code) + "×"
    assert speed in text and ratio in text
    built = committed("site.json")
    assert results_page._number(built["build_seconds"]["warm"], 1, code) in text
    weights = {p["url"]: p["html_bytes"] for p in built["pages"]}
    rows = {tr.td.get_text(): tr.get_text(" ") for tr in soup.select("article tr") if tr.td}
    for name in LESSONS:  # one row per lesson, with the English page's HTML size in it
        assert results_page._number(weights[f"/{name}/"] / 1024, 1, code) in rows[name]
    # the plot: drawn for this language, with its axis label in this language
    (img,) = soup.select("figure.page-figure img")
    svg = (folder / "performance" / img["src"]).resolve()
    assert svg.is_file() and svg.is_relative_to(folder.resolve())
    assert html.escape(ui("bench_plot_xlabel", code)) in svg.read_text()
    assert img["alt"]


def test_missing_results_name_the_file_and_the_command(tmp_path):
    with pytest.raises(results_page.ResultsError, match="run python -m benchmarks.training"):
        results_page.training_results(tmp_path)
    (tmp_path / "site.json").write_text("{not json")
    with pytest.raises(results_page.ResultsError, match=r"site\.json is not valid JSON"):
        results_page.load("site.json", tmp_path)


def test_the_plot_is_drawn_once_per_language_and_results(tmp_path, monkeypatch):
    """A warm build reuses the plot: drawing it means importing matplotlib."""
    monkeypatch.setenv("COURSE_CACHE_DIR", str(tmp_path))
    runs = results_page.training_results()
    english = results_page.training_svg(runs, lambda key, **v: ui(key, "en", **v), "en")
    assert "<svg" in english and html.escape(ui("bench_plot_xlabel", "en")) in english

    def must_not_draw(*args):
        raise AssertionError("drawn again although nothing changed")

    monkeypatch.setattr(results_page, "draw_training_svg", must_not_draw)
    assert results_page.training_svg(runs, lambda key, **v: ui(key, "en", **v), "en") == english
    with pytest.raises(AssertionError, match="drawn again"):  # another language: drawn
        results_page.training_svg(runs, lambda key, **v: ui(key, "fr", **v), "fr")


def test_results_of_every_device_are_shown_cpu_first(tmp_path):
    for device in ("mps", "cuda", "cpu", "xpu"):
        (tmp_path / f"training-{device}.json").write_text(
            json.dumps({"machine": {"device": device}})
        )
    devices = [r["machine"]["device"] for r in results_page.training_results(tmp_path)]
    assert devices == ["cpu", "cuda", "mps", "xpu"]  # a device the page does not know: last


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


def test_small_speed_ratios_keep_two_significant_digits():
    assert results_page._ratio(0.0014468, "en") == "0.0014×"
    assert results_page._ratio(0.03, "ru") == "0,030×"
    assert results_page._ratio(1.7912, "fr") == "1,79×"
    assert results_page._ratio(10.13, "en") == "10.13×"


def _run_with_sweep(products_of_ideal: list[float]) -> dict:
    return {
        "targets": [{"contender": "ideal", "target": 1 / 3}],
        "batch_sweep": [
            {
                "batch_size": 32 * 32**i,
                "status": "ok",
                "samples_per_s": 250000.0 * 10**i,
                "of_ideal": p / 3,
                "products_of_ideal": p,
            }
            for i, p in enumerate(products_of_ideal)
        ],
    }


@pytest.mark.parametrize("code", ["en", "ru"])
def test_the_batch_sweep_is_a_table_that_says_when_no_loop_can_meet_the_ideal_target(code):
    def word(key, **values):
        return ui(key, code, **values)

    soup = BeautifulSoup(
        "".join(results_page.sweep_html(_run_with_sweep([0.003, 0.2]), word, code)),
        "html.parser",
    )
    rows = [[td.get_text() for td in tr.select("td")] for tr in soup.select("tbody tr")]
    n, r = results_page._number, results_page._ratio
    assert rows == [
        [n(32, 0, code), n(250000, 0, code), r(0.001, code), r(0.003, code)],
        [n(1024, 0, code), n(2500000, 0, code), r(0.2 / 3, code), r(0.2, code)],
    ]
    if code == "en":
        assert rows[0][2:] == ["0.0010×", "0.0030×"]
    assert soup.select_one("th").get_text() == ui("bench_batch", code)
    caption, verdict = (p.get_text() for p in soup.select("p"))
    assert caption == ui("bench_sweep_caption", code)
    assert verdict == ui(
        "bench_sweep_unreachable",
        code,
        target=r(1 / 3, code),
        best=r(0.2, code),
        batch=n(1024, 0, code),
    )
    # within reach at one batch size: no verdict; no sweep (older results): nothing
    within = results_page.sweep_html(_run_with_sweep([0.003, 0.5]), word, code)
    assert len(BeautifulSoup("".join(within), "html.parser").select("p")) == 1
    assert results_page.sweep_html({"targets": []}, word, code) == []
