"""sitebuild.performance: the Performance page's tables and plot, drawn at build time from
the committed results in benchmarks/results/, in the page's language: numbers written
as the language writes them, a missing or broken results file named with the command
that writes it, and the plot drawn once per language and results."""

from __future__ import annotations

import html
import json

import pytest
from bs4 import BeautifulSoup
from support import LANGUAGES, ROOT, measured_languages

from benchmarks.site import LESSON_HTML_TARGET, LESSON_PAGES
from i18n.words import ui
from sitebuild import performance


def word_of(code: str):
    """The page's words in one language, as the build hands them to the module."""

    def word(key: str, **values) -> str:
        return ui(key, code, **values)

    return word


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
    speed = performance._number(cpu["contenders"]["trainlab"]["samples_per_s"], 0, code)
    ratio = performance._number(cpu["ratios"]["trainlab/textbook"], 2, code) + "×"
    assert speed in text and ratio in text
    built = committed("site.json")
    assert performance._number(built["build_seconds"]["warm"], 1, code) in text
    weights = {p["url"]: p["html_bytes"] for p in built["pages"]}
    rows = {tr.td.get_text(): tr.get_text(" ") for tr in soup.select("article tr") if tr.td}
    for name in LESSON_PAGES:  # one row per lesson, with the English page's HTML size in it
        assert performance._number(weights[f"/{name}/"] / 1024, 1, code) in rows[name]
    # the plot: drawn for this language, with its axis label in this language
    (img,) = soup.select("figure.page-figure img")
    svg = (folder / "performance" / img["src"]).resolve()
    assert svg.is_file() and svg.is_relative_to(folder.resolve())
    assert html.escape(ui("bench_plot_xlabel", code)) in svg.read_text()
    assert img["alt"]


def test_missing_results_name_the_file_and_the_command(tmp_path):
    with pytest.raises(performance.ResultsError, match="run python -m benchmarks.training"):
        performance.training_results(tmp_path)
    (tmp_path / "site.json").write_text("{not json")
    with pytest.raises(performance.ResultsError, match=r"site\.json is not valid JSON"):
        performance.load("site.json", tmp_path)


def test_the_plot_is_drawn_once_per_language_and_results(tmp_path, monkeypatch):
    """A warm build reuses the plot: drawing it means importing matplotlib."""
    monkeypatch.setenv("COURSE_CACHE_DIR", str(tmp_path))
    runs = performance.training_results()
    english = performance.training_svg(runs, lambda key, **v: ui(key, "en", **v), "en")
    assert "<svg" in english and html.escape(ui("bench_plot_xlabel", "en")) in english

    def must_not_draw(*args):
        raise AssertionError("drawn again although nothing changed")

    monkeypatch.setattr(performance, "draw_training_svg", must_not_draw)
    assert performance.training_svg(runs, lambda key, **v: ui(key, "en", **v), "en") == english
    with pytest.raises(AssertionError, match="drawn again"):  # another language: drawn
        performance.training_svg(runs, lambda key, **v: ui(key, "fr", **v), "fr")


def test_results_of_every_device_are_shown_cpu_first(tmp_path):
    for device in ("mps", "cuda", "cpu", "xpu"):
        (tmp_path / f"training-{device}.json").write_text(
            json.dumps({"machine": {"device": device}})
        )
    devices = [r["machine"]["device"] for r in performance.training_results(tmp_path)]
    assert devices == ["cpu", "cuda", "mps", "xpu"]  # a device the page does not know: last


def test_small_speed_ratios_keep_two_significant_digits():
    assert performance._ratio(0.0014468, "en") == "0.0014×"
    assert performance._ratio(0.03, "ru") == "0,030×"
    assert performance._ratio(1.7912, "fr") == "1,79×"
    assert performance._ratio(10.13, "en") == "10.13×"


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
        "".join(performance.sweep_html(_run_with_sweep([0.003, 0.2]), word, code)),
        "html.parser",
    )
    rows = [[td.get_text() for td in tr.select("td")] for tr in soup.select("tbody tr")]
    n, r = performance._number, performance._percent
    assert rows == [
        [n(32, 0, code), n(250000, 0, code), r(0.001, code), r(0.003, code)],
        [n(1024, 0, code), n(2500000, 0, code), r(0.2 / 3, code), r(0.2, code)],
    ]
    if code == "en":
        assert rows[0][2:] == ["0.10%", "0.30%"]
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
    within = performance.sweep_html(_run_with_sweep([0.003, 0.5]), word, code)
    assert len(BeautifulSoup("".join(within), "html.parser").select("p")) == 1
    assert performance.sweep_html({"targets": []}, word, code) == []


# ---------------------------------------------------------------- the page's HTML, directly


def test_numbers_are_written_the_way_the_language_writes_them():
    assert performance._number(12345.678, 1, "en") == "12,345.7"
    assert performance._number(12345.678, 1, "fr") == "12\u202f345,7"
    assert performance._number(0.5, 2, "ru") == "0,50"
    assert performance._number(1234567, 0, "sv") == "1\u202f234\u202f567"
    assert performance._number(60000, 0, "ro") == "60.000"  # as Romanian prose writes it
    assert performance._number(12345.678, 1, "ro") == "12.345,7"


def test_training_results_are_a_table_per_device_with_verdicts_and_a_plot(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_CACHE_DIR", str(tmp_path))
    runs = performance.training_results()
    drawn = []

    def figure_url(label: str, svg: str) -> str:
        drawn.append((label, svg))
        return "../figures/benchmark-training.svg"

    soup = BeautifulSoup(performance.training_html("fr", word_of("fr"), figure_url), "html.parser")
    setups = soup.select("p.benchmark-setup")
    assert len(setups) == len(runs) == len(soup.select("ul.benchmark-targets"))
    cpu = runs[0]
    assert setups[0].get_text().startswith(f"CPU ({cpu['machine']['device_name']})")
    table = soup.select("table")[0]
    assert [th.get_text() for th in table.select("thead th")] == [
        ui(key, "fr")
        for key in (
            "bench_contender",
            "bench_samples_per_s",
            "bench_trainlab_over",
            "bench_accuracy",
        )
    ]
    rows = {tr.td.get_text(): [td.get_text() for td in tr("td")] for tr in table.select("tbody tr")}
    assert list(rows) == [
        "trainlab.fit",
        ui("bench_name_textbook", "fr"),
        "PyTorch Lightning",
        ui("bench_name_ideal", "fr"),
    ]
    trainlab = cpu["contenders"]["trainlab"]
    assert rows["trainlab.fit"][1:3] == [
        performance._number(trainlab["samples_per_s"], 0, "fr"),
        "1,00×",
    ]
    assert rows["PyTorch Lightning"][2] == performance._ratio(
        cpu["ratios"]["trainlab/lightning"], "fr"
    )
    verdicts = [li.get_text() for li in soup.select("ul.benchmark-targets")[0]("li")]
    assert len(verdicts) == len(cpu["targets"])
    (img,) = soup.select("figure.page-figure img")
    assert img["src"] == "../figures/benchmark-training.svg"
    assert img["alt"] == ui("bench_plot_alt", "fr") and img["height"] == str(180 * len(runs))
    ((label, svg),) = drawn
    assert label == "benchmark-training" and "<svg" in svg
    assert html.escape(ui("bench_plot_xlabel", "fr")) in svg


def test_a_contender_that_did_not_run_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_CACHE_DIR", str(tmp_path))
    (run,) = [r for r in performance.training_results() if r["machine"]["device"] == "cpu"]
    run = json.loads(json.dumps(run))
    run["contenders"]["lightning"] = {"status": "not installed"}
    run["targets"][-1].update(ratio=None, met=False)
    monkeypatch.setattr(performance, "training_results", lambda: [run])
    soup = BeautifulSoup(
        performance.training_html("en", word_of("en"), lambda label, svg: "x.svg"), "html.parser"
    )
    rows = {tr.td.get_text(): [td.get_text() for td in tr("td")] for tr in soup.select("tbody tr")}
    assert rows["PyTorch Lightning"] == ["PyTorch Lightning", "not run", "", ""]
    verdict = soup.select("ul.benchmark-targets li")[-1].get_text()
    assert verdict == "PyTorch Lightning: not run, so its target was not checked."


# (target, ratio): both above 1, a ratio below its target, both below 1 (the ideal)
TARGETS = [(1.5, 1.634), (2.0, 21.07), (2.0, 1.2), (5.0, 0.9), (1 / 3, 0.00101), (1 / 3, 0.5)]


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize(("target", "ratio"), TARGETS)
def test_a_verdict_says_what_its_numbers_say_in_every_language(code, target, ratio):
    """ "0.0010× faster" is false: "N times as fast" only when both numbers are above 1,
    else a share of the other's speed in percent; each number written as the language
    writes it, and the sentence passes the checker's typography rules."""
    from i18n.check import text_problems

    used = []

    def word(key: str, **values) -> str:
        used.append(key)
        return ui(key, code, **values)

    met = ratio >= target
    for contender in ("textbook", "ideal", "lightning"):
        text = performance.verdict(
            {"contender": contender, "target": target, "ratio": ratio, "met": met}, word, code
        )
        times = target >= 1 and ratio >= 1
        assert used[-1] == f"bench_{'met' if met else 'missed'}_{'times' if times else 'share'}"
        if times:
            shown = [performance._number(v, 1, code) for v in (target, ratio)]
        else:
            shown = [performance._percent(v, code) for v in (target, ratio)]
        assert all(s in text for s in shown), (text, shown)
        assert "{" not in text and "×" not in text and text[:1].isupper()
        assert not text_problems(code, 1, text), text
    assert performance._percent(0.00101, "fr") == "0,10\u00a0%"
    assert performance._percent(1 / 3, "en") == "33%"


@pytest.mark.parametrize("code", ["en", "sv"])
def test_build_times_are_a_table_of_the_three_builds(code):
    built = committed("site.json")
    soup = BeautifulSoup(performance.build_html(code, word_of(code)), "html.parser")
    assert soup.select_one("p.benchmark-setup").get_text() == ui(
        "bench_build_setup", code, date=built["date"][:10], cores=built["machine"]["cpu_count"]
    )
    rows = [[td.get_text() for td in tr("td")] for tr in soup.select("tbody tr")]
    assert rows == [
        [
            ui(f"bench_build_{name}", code),
            performance._number(built["build_seconds"][name], 1, code),
        ]
        for name in performance.BUILDS_SHOWN
    ]


def test_results_without_build_times_name_the_command(monkeypatch):
    monkeypatch.setattr(performance, "load", lambda name: {"build_seconds": None})
    with pytest.raises(
        performance.ResultsError, match="has no build times: run python -m benchmarks.site"
    ):
        performance.build_html("en", word_of("en"))


def test_page_weights_are_a_row_per_lesson_and_a_column_per_language(monkeypatch):
    built = committed("site.json")
    measured = measured_languages()
    soup = BeautifulSoup(performance.weight_html("fr", word_of("fr")), "html.parser")
    header = [th.get_text() for th in soup.select("thead th")]
    assert header == [
        ui("bench_page", "fr"),
        *LANGUAGES,  # every language of the site, in mkdocs.yml's order
        ui("bench_gzip_kb", "fr"),
        ui("bench_assets_kb", "fr"),
    ]
    rows = {tr.td.get_text(): tr for tr in soup.select("tbody tr")}
    assert sorted(rows) == sorted(LESSON_PAGES)
    pages = {p["url"]: p for p in built["pages"]}
    for name, row in rows.items():
        cells = dict(zip(LANGUAGES, [td.get_text() for td in row("td")][1:], strict=False))
        sizes = {
            code: pages[f"/{name}/" if code == "en" else f"/{code}/{name}/"]["html_bytes"]
            for code in measured
        }
        assert cells == {  # a language not measured yet: –
            code: performance._number(sizes[code] / 1024, 1, "fr") if code in sizes else "–"
            for code in LANGUAGES
        }
        last = row("td")[-1].get_text()
        assert last == performance._number(pages[f"/{name}/"]["asset_bytes"] / 1024, 1, "fr")
        over = [code in sizes and sizes[code] > LESSON_HTML_TARGET for code in LANGUAGES]
        assert [td.strong is not None for td in row("td")[1 : len(LANGUAGES) + 1]] == over
    assert soup.select_one("p.benchmark-setup").get_text() == ui(
        "bench_weight_note", "fr", target=LESSON_HTML_TARGET // 1024
    )
    # a page over the target is in bold
    monkeypatch.setattr("benchmarks.site.LESSON_HTML_TARGET", 1)
    bold = BeautifulSoup(performance.weight_html("en", word_of("en")), "html.parser")
    assert len(bold.select("tbody strong")) == len(LESSON_PAGES) * len(measured)


def test_a_language_the_benchmark_has_not_measured_yet_has_a_column_of_dashes():
    """A language added since the benchmark last ran: its column says it is not measured
    yet, and the measured languages' columns are as they were."""
    codes = [*LANGUAGES, "xx"]
    soup = BeautifulSoup(performance.weight_html("en", word_of("en"), codes), "html.parser")
    header = [th.get_text() for th in soup.select("thead th")]
    assert header[1 : len(codes) + 1] == codes
    alone = BeautifulSoup(performance.weight_html("en", word_of("en")), "html.parser")
    for row, before in zip(soup.select("tbody tr"), alone.select("tbody tr"), strict=True):
        cells = [td.get_text() for td in row("td")]
        assert cells[len(codes)] == "–" and not row("td")[len(codes)].strong
        assert cells[: len(codes)] + cells[len(codes) + 1 :] == [
            td.get_text() for td in before("td")
        ]


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("small", [True, False])
def test_the_other_sentences_with_values_read_right_for_small_and_large_values(code, small):
    """The setup lines, the weight note and the sweep's verdict, filled as the module
    fills them, with values below and above 1 (one thread or sixteen, 0.2 % or 250 %):
    every placeholder filled and the checker's typography rules kept."""
    from i18n.check import text_problems

    n, p = performance._number, performance._percent
    count, share = (1, 0.002) if small else (16, 2.5)
    sentences = [
        ui(
            "bench_training_setup",
            code,
            device="CPU (x)",
            date="2026-12-07",
            torch="2.13.0",
            threads=count,
            samples=n(60000 * count, 0, code),
            epochs=count,
            batch=count,
        ),
        ui("bench_build_setup", code, cores=count, date="2026-12-07"),
        ui("bench_weight_note", code, target=n(100 * count, 0, code)),
        ui(
            "bench_sweep_unreachable",
            code,
            target=p(share, code),
            best=p(share / 3, code),
            batch=n(32 * count, 0, code),
        ),
    ]
    for text in sentences:
        assert "{" not in text and "}" not in text, text
        assert not text_problems(code, 1, text), text
