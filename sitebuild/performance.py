"""The Performance page's tables and plot, drawn at build time from benchmarks/results/.

The page (docs/<lang>/performance.md) holds markers; the build replaces each with HTML
in the page's language:

    <!-- benchmark:training -->  samples per second of every contender, per device,
                                 as a table and a bar chart, with the targets' verdicts
    <!-- benchmark:build -->     cold, warm and one-language build times
    <!-- benchmark:weight -->    the lesson pages' weight in every language of the site

Only committed results are shown: the page changes when someone reruns a benchmark and
commits its JSON, never by itself. Words come from i18n/ui.yml (keys bench_*).
"""

from __future__ import annotations

import html
import io
import json
import math
import re
from collections.abc import Callable
from pathlib import Path

from i18n.pages import languages
from i18n.words import format_value, number_style
from sitebuild import cache

RESULTS = Path(__file__).resolve().parents[1] / "benchmarks" / "results"
MARKER_RE = re.compile(r"<!-- benchmark:(?P<kind>training|build|weight) -->")
CONTENDERS = ("trainlab", "textbook", "lightning", "ideal")
NAMES = {"trainlab": "trainlab.fit", "lightning": "PyTorch Lightning"}  # the same everywhere
DEVICE_ORDER = ("cpu", "cuda", "mps")
# the builds the page shows (the benchmark also times a baseline it only prints)
BUILDS_SHOWN = ("cold", "warm", "one_language")


def contender_name(name: str, word: Callable[..., str]) -> str:
    """A name (trainlab.fit, PyTorch Lightning) or, for the others, words to translate."""
    return NAMES.get(name) or word(f"bench_name_{name}")


class ResultsError(Exception):
    """A results file is missing or not what the benchmark writes."""


def load(name: str, results: Path = RESULTS) -> dict:
    path = results / name
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ResultsError(f"{path} is missing: run the benchmark that writes it") from None
    except json.JSONDecodeError as error:
        raise ResultsError(f"{path} is not valid JSON: {error}") from None


def training_results(results: Path = RESULTS) -> list[dict]:
    """The training benchmark's results, one per device, CPU first."""
    found = [load(p.name, results) for p in sorted(results.glob("training-*.json"))]
    if not found:
        raise ResultsError(f"no training-*.json in {results}: run python -m benchmarks.training")
    order = {device: i for i, device in enumerate(DEVICE_ORDER)}
    return sorted(
        found, key=lambda r: (order.get(r["machine"]["device"], len(order)), r["machine"]["device"])
    )


def _table(header: list[str], rows: list[list[str]], numeric_from: int = 1) -> str:
    def cell(tag: str, i: int, text: str) -> str:
        align = ' class="numeric"' if i >= numeric_from else ""
        return f"<{tag}{align}>{text}</{tag}>"

    head = "".join(cell("th", i, html.escape(h)) for i, h in enumerate(header))
    body = "".join(
        "<tr>" + "".join(cell("td", i, c) for i, c in enumerate(row)) + "</tr>" for row in rows
    )
    # no class: Material styles tables without one
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _number(value: float, digits: int, lang: str) -> str:
    """12,345.6 in English, 12 345,6 in French (a narrow no-break space), 12.345,6 in
    Romanian: ui.yml's thousands_separator and decimal_mark (which the lessons' computed
    numbers follow too)."""
    return format_value(value, f",.{digits}f", **number_style(lang))


def _ratio(value: float, lang: str) -> str:
    """A speed ratio: two decimals, or two significant digits below 0.1 (the GPU's
    ratio to the ideal is about 0.001, which two decimals would show as 0.00)."""
    digits = 2 if value <= 0 or value >= 0.1 else 1 - math.floor(math.log10(value))
    return _number(value, digits, lang) + "×"


def _percent(value: float, lang: str) -> str:
    """A share as a percentage: whole above 10 %, else two significant digits (0.10 %)."""
    share = value * 100
    digits = 0 if share >= 10 or share <= 0 else 1 - math.floor(math.log10(share))
    return _number(share, digits, lang) + number_style(lang)["percent"]


def verdict(target: dict, word: Callable[..., str], lang: str) -> str:
    """A target's verdict, in words that are true for its numbers: "N times as fast"
    when both the target and the ratio are above 1, else a share of the other's speed
    (a ratio of 0.001 is not "0.001 times faster"). The contender's name leads, as a
    label, so that no language has to inflect it."""
    wanted, ratio = target["target"], target["ratio"]
    name = contender_name(target["contender"], word)
    name = name[:1].upper() + name[1:]
    if ratio is None:
        return word("bench_unchecked", contender=name)
    form = "times" if wanted >= 1 and ratio >= 1 else "share"
    state = "met" if target["met"] else "missed"
    if form == "times":
        wanted_text, ratio_text = _number(wanted, 1, lang), _number(ratio, 1, lang)
    else:
        wanted_text, ratio_text = _percent(wanted, lang), _percent(ratio, lang)
    return word(
        f"bench_{state}_{form}",
        contender=name[:1].upper() + name[1:],
        target=wanted_text,
        ratio=ratio_text,
    )


def training_html(
    lang: str, word: Callable[..., str], figure_url: Callable[[str, str], str]
) -> str:
    """Per device: what ran, a table of the contenders, the targets' verdicts, a plot."""
    runs = training_results()
    out = []
    for run in runs:
        machine, settings = run["machine"], run["settings"]
        device = machine["device"]
        out.append(
            '<p class="benchmark-setup">'
            + html.escape(
                word(
                    "bench_training_setup",
                    device=f"{device.upper()} ({machine['device_name']})",
                    date=run["date"][:10],
                    torch=machine["torch"],
                    threads=settings["threads"],
                    samples=_number(settings["samples"], 0, lang),
                    epochs=settings["epochs"],
                    batch=settings["batch_size"],
                )
            )
            + "</p>"
        )
        rows = []
        for name in CONTENDERS:
            r = run["contenders"].get(name, {})
            if r.get("status") != "ok":
                rows.append(
                    [contender_name(name, word), html.escape(word("bench_not_run")), "", ""]
                )
                continue
            ratio = 1.0 if name == "trainlab" else run["ratios"].get(f"trainlab/{name}")
            accuracy = r.get("test_accuracy")
            rows.append(
                [
                    html.escape(contender_name(name, word)),
                    _number(r["samples_per_s"], 0, lang),
                    "–" if ratio is None else _ratio(ratio, lang),
                    "–" if accuracy is None else _number(accuracy, 3, lang),
                ]
            )
        out.append(
            _table(
                [
                    word("bench_contender"),
                    word("bench_samples_per_s"),
                    word("bench_trainlab_over"),
                    word("bench_accuracy"),
                ],
                rows,
            )
        )
        verdicts = [f"<li>{html.escape(verdict(v, word, lang))}</li>" for v in run["targets"]]
        out.append(f'<ul class="benchmark-targets">{"".join(verdicts)}</ul>')
        out += sweep_html(run, word, lang)
    label = "benchmark-training"
    out.append(
        f'<figure class="page-figure"><img src="{html.escape(figure_url(label, training_svg(runs, word, lang)))}" '
        f'alt="{html.escape(word("bench_plot_alt"))}" width="720" height="{180 * len(runs)}" '
        'loading="lazy"></figure>'
    )
    return "\n".join(out)


def sweep_html(run: dict, word: Callable[..., str], lang: str) -> list[str]:
    """trainlab.fit at other batch sizes: how close it and its step's matrix products
    alone come to the ideal (results written before the sweep existed have none)."""
    rows = [r for r in run.get("batch_sweep") or [] if r.get("status") == "ok"]
    if not rows:
        return []
    out = [f'<p class="benchmark-sweep">{html.escape(word("bench_sweep_caption"))}</p>']
    out.append(
        _table(
            [
                word("bench_batch"),
                word("bench_samples_per_s"),
                word("bench_of_ideal"),
                word("bench_products_of_ideal"),
            ],
            [
                [
                    _number(r["batch_size"], 0, lang),
                    _number(r["samples_per_s"], 0, lang),
                    _percent(r["of_ideal"], lang),
                    _percent(r["products_of_ideal"], lang),
                ]
                for r in rows
            ],
            numeric_from=0,
        )
    )
    target = next((v["target"] for v in run["targets"] if v["contender"] == "ideal"), None)
    best = max(rows, key=lambda r: r["products_of_ideal"])
    if target and best["products_of_ideal"] < target:
        out.append(
            "<p>"
            + html.escape(
                word(
                    "bench_sweep_unreachable",
                    target=_percent(target, lang),
                    best=_percent(best["products_of_ideal"], lang),
                    batch=_number(best["batch_size"], 0, lang),
                )
            )
            + "</p>"
        )
    return out


def training_svg(runs: list[dict], word: Callable[..., str], lang: str = "en") -> str:
    """The plot, from the build cache when these results were drawn in this language by
    this code before (drawing means importing matplotlib: a second per build)."""
    words = [word("bench_plot_xlabel"), *(contender_name(n, word) for n in CONTENDERS)]
    key = cache.key_of(runs, words, lang, Path(__file__).read_text(encoding="utf-8"))
    path = cache.entry("benchmark-plot", key)
    found = cache.read(path)
    if found is None:
        found = {"svg": draw_training_svg(runs, word, lang)}
        cache.write(path, found)
    return found["svg"]


def draw_training_svg(runs: list[dict], word: Callable[..., str], lang: str = "en") -> str:
    """Horizontal bars of samples per second, one panel per device, log scale: the ideal
    is an order of magnitude beyond the loops."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    # text as text (smaller, searchable), and the same SVG for the same results
    with plt.rc_context({"svg.fonttype": "none", "svg.hashsalt": "benchmark"}):
        fig, axes = plt.subplots(
            len(runs), 1, figsize=(7.2, 1.8 * len(runs)), squeeze=False, dpi=100
        )
        for ax, run in zip(axes[:, 0], runs, strict=True):
            names = [n for n in CONTENDERS if run["contenders"].get(n, {}).get("status") == "ok"]
            speeds = [run["contenders"][n]["samples_per_s"] for n in names]
            colours = ["#3f51b5" if n == "trainlab" else "#9e9e9e" for n in names]
            ax.barh([contender_name(n, word) for n in names], speeds, color=colours)
            ax.invert_yaxis()  # trainlab.fit on top
            ax.set_xscale("log")
            ax.set_title(run["machine"]["device"].upper(), loc="left", fontsize=10)
            for y, speed in enumerate(speeds):
                ax.annotate(
                    _number(speed, 0, lang),
                    (speed, y),
                    xytext=(4, 0),
                    textcoords="offset points",
                    va="center",
                    fontsize=8,
                )
            ax.set_xlim(right=max(speeds) * 6)  # room for the largest label
        axes[-1, 0].set_xlabel(word("bench_plot_xlabel"))
        fig.tight_layout()
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
        plt.close(fig)
    return buffer.getvalue()


def build_html(lang: str, word: Callable[..., str]) -> str:
    run = load("site.json")
    seconds = run["build_seconds"]
    if not seconds:
        raise ResultsError(
            f"{RESULTS / 'site.json'} has no build times: run python -m benchmarks.site"
        )
    rows = [
        [html.escape(word(f"bench_build_{name}")), _number(seconds[name], 1, lang)]
        for name in BUILDS_SHOWN
    ]
    table = _table([word("bench_build"), word("bench_seconds")], rows)
    return (
        f'<p class="benchmark-setup">{html.escape(word("bench_build_setup", date=run["date"][:10], cores=run["machine"]["cpu_count"]))}</p>\n'
        + table
    )


def weight_html(lang: str, word: Callable[..., str], codes: list[str] | None = None) -> str:
    """Lesson pages as rows, the HTML of each of the site's languages (codes: mkdocs.yml's)
    as columns, then the compressed HTML and the figures of the English page; above the
    target in bold. A language the committed results do not have (one added since the
    benchmark last ran) has its column too, not measured yet: –."""
    from benchmarks.site import LESSON_HTML_TARGET

    run = load("site.json")
    by_page: dict[str, dict[str, dict]] = {}
    for page in run["pages"]:
        if page["lesson"]:
            parts = page["url"].strip("/").split("/")
            code = parts[0] if len(parts) > 1 else "en"
            by_page.setdefault(parts[-1], {})[code] = page
    codes = codes or languages()
    rows = []
    for name, pages in by_page.items():
        row = [html.escape(name)]
        for code in codes:
            size = pages[code]["html_bytes"] if code in pages else None
            text = "–" if size is None else _number(size / 1024, 1, lang)
            row.append(f"<strong>{text}</strong>" if size and size > LESSON_HTML_TARGET else text)
        english = pages.get("en") or next(iter(pages.values()))
        row.append(_number(english["html_gzip_bytes"] / 1024, 1, lang))
        row.append(_number(english["asset_bytes"] / 1024, 1, lang))
        rows.append(row)
    table = _table(
        [word("bench_page"), *codes, word("bench_gzip_kb"), word("bench_assets_kb")], rows
    )
    note = word("bench_weight_note", target=LESSON_HTML_TARGET // 1024)
    return f'{table}\n<p class="benchmark-setup">{html.escape(note)}</p>'
