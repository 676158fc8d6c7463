"""MkDocs build hooks (mkdocs.yml `hooks:`): what the build adds to every page.

- Broken snippet includes fail with the page, line, file and section named.
- Each page's Python blocks run as one program (i18n.page_program, cached); the page
  then shows each block's output, the figures it drew, the values its prose quotes
  ({{ name }}), what it needs to run, and when and where it last ran.
- Formulas (pymdownx.arithmatex) become MathML at build time: no script, no CDN.
"""

from __future__ import annotations

import functools
import html
import json
import logging
import os
import re
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # mkdocs loads this file by path, not as part of a package
    sys.path.insert(0, str(ROOT))

from benchmarks import page as benchmark_page  # noqa: E402
from i18n import notebooks  # noqa: E402
from i18n.files import write_atomic  # noqa: E402
from i18n.includes import check_include, find_includes  # noqa: E402
from i18n.ledger import is_untranslated, stale_sections, status, summary  # noqa: E402
from i18n.mathml import MathError, to_mathml  # noqa: E402
from i18n.page_program import (  # noqa: E402
    PLACEHOLDER_RE,
    PageProgramError,
    default_cache_dir,
    format_value,
    load_program,
    python_fences,
    run_program,
)
from i18n.pages import HEADING_RE, SOURCE_LANGUAGE, parse_page  # noqa: E402

FIGURE_RE = re.compile(r"!\[(?P<alt>[^\]]*)\]\(figure:(?P<label>[\w.-]+)\)")
log = logging.getLogger("mkdocs.hooks.course")


@functools.cache
def ui_strings() -> dict:
    return yaml.safe_load((ROOT / "i18n" / "ui.yml").read_text(encoding="utf-8"))


def ui(key: str, lang: str, **values) -> str:
    words = ui_strings()[key]
    return words.get(lang, words["en"]).format(**values)


def page_language(config) -> str:
    return str(config["theme"].get("language") or "en")


DASHBOARD = "<!-- translation-dashboard -->"


def on_page_markdown(markdown, page, config, files):
    if _is_notebook(page.file):
        return markdown  # rendered by _render_notebook
    markdown = _run_page(markdown, page, config)
    if DASHBOARD in markdown:
        markdown = markdown.replace(DASHBOARD, _dashboard(page, config))
    if "<!-- benchmark:" in markdown:
        markdown = _benchmark_results(markdown, page, config)
    return _translation_notices(markdown, page, config)


def _dashboard(page, config) -> str:
    """The translation dashboard: a summary per language, then a language x section grid
    per page, from the ledger (i18n/translations/), in the reader's language."""
    lang = page_language(config)
    docs = Path(config["docs_dir"]).resolve()
    rows = status(docs=docs, with_diff=False)
    langs = list(dict.fromkeys(r.lang for r in rows))
    words = {
        s: ui(f"state_{s.replace(' ', '_')}", lang) for s in ("up to date", "stale", "missing")
    }
    marks = {"up to date": "✓", "stale": "!", "missing": "–"}
    root = "../" * page.url.count("/")
    out = [
        f'<table class="translation-summary"><thead><tr><th>{html.escape(ui("language", lang))}</th>'
        + "".join(f"<th>{html.escape(words[s])}</th>" for s in words)
        + "<th>%</th></tr></thead><tbody>"
    ]
    for code, counts in summary(rows).items():
        out.append(
            f"<tr><th>{code}</th>"
            + "".join(f"<td>{counts[s]}</td>" for s in words)
            + f"<td>{counts['percent']:.1f}</td></tr>"
        )
    out.append("</tbody></table>")
    for name in dict.fromkeys(r.page for r in rows):
        slug = re.sub(r"\.(md|ipynb)$", "", name)
        slug = "" if slug == "index" else slug + "/"
        out.append(
            f'<h3 id="status-{html.escape(slug.strip("/") or "index")}">{html.escape(name)}</h3>'
        )
        out.append(
            '<table class="translation-grid"><thead><tr><th>#</th>'
            + "".join(f"<th>{code}</th>" for code in langs)
            + "</tr></thead><tbody>"
        )
        by_section: dict[str, dict[str, str]] = {}
        titles: dict[str, str] = {}
        for r in rows:
            if r.page == name:
                by_section.setdefault(r.section, {})[r.lang] = r.state
                titles[r.section] = r.title
        for anchor, states in by_section.items():
            cells = []
            for code in langs:
                state = states.get(code, "missing")
                href = f"{root}{code}/{slug}#{anchor}"
                cells.append(
                    f'<td class="state-{state.replace(" ", "-")}"><a href="{html.escape(href)}" '
                    f'title="{html.escape(words[state])}">{marks[state]}<span class="visually-hidden"> '
                    f"{html.escape(words[state])}</span></a></td>"
                )
            out.append(
                f'<tr><th scope="row"><a href="{root}{slug}#{anchor}">{html.escape(titles[anchor])}</a></th>'
                + "".join(cells)
                + "</tr>"
            )
        out.append("</tbody></table>")
    return "\n".join(out)


def _run_page(markdown, page, config):
    source = Path(page.file.abs_src_path)  # the file, so line numbers count the front matter
    where = source.relative_to(ROOT) if source.is_relative_to(ROOT) else source
    problems = [
        f"{where}:{inc.line}: {err}"
        for inc in find_includes(source.read_text(encoding="utf-8"))
        if (err := check_include(inc, _snippets_dir(config)))
    ]
    if problems:
        raise PluginError("Broken snippet include:\n  " + "\n  ".join(problems))

    try:
        program = load_program(source, _snippets_dir(config))
        result = run_program(program) if program.blocks else None
    except PageProgramError as error:
        raise PluginError(f"Page program failed: {error}") from None
    if result is None:
        return markdown
    lang = page_language(config)
    page_markdown = markdown  # as written: the notebook download is made from it
    markdown = _insert_outputs(markdown, result, lang)
    markdown = _place_figures(markdown, result, page, config, where)
    run = result["run"]
    footer = ui("last_run", lang, date=run["date"], torch=run["torch"], device=run["device"])
    try:
        notebook = notebooks.page_notebook(
            page_markdown,
            program,
            result,
            lang=lang,
            page_url=page.canonical_url or page.url,
            page_path=Path(page.file.src_uri)
            .relative_to(_language_folder(page, config))
            .as_posix(),
            intro=_notebook_intro(page, program.requires, lang),
            footer=footer,
            number_style=number_style(lang),
        )
    except notebooks.NotebookError as error:
        raise PluginError(str(error)) from None
    names = _write_downloads(notebook, page)
    markdown = _fill_values(markdown, result, where, lang)
    markdown = _add_run_note(markdown, program.requires, lang, _download_buttons(names, lang))
    return f'{markdown.rstrip()}\n\n<p class="last-run"><small>{html.escape(footer)}</small></p>\n'


def _language_folder(page, config) -> str:
    """The folder of docs/ the page's file is in: its language ("fr"), or "en" for an
    English page (also when it stands in for a missing translation)."""
    first = Path(page.file.src_uri).parts[0]
    return first if first in {SOURCE_LANGUAGE, *_language_prefixes(config)} else "."


def _needs(key: str, requires: list[str], lang: str, **values) -> str:
    """The words of ui.yml's `key`, with {packages} the page's requirements (and how to
    install trainlab when it is one of them)."""
    names = [f"`{r}`" for r in requires] or ["Python"]
    packages = (
        names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {ui('and', lang)} {names[-1]}"
    )
    words = ui(key, lang, packages=packages, **values)
    if "trainlab" in requires:
        words += "\n\n" + ui("run_trainlab", lang)
    return words


def _notebook_intro(page, requires: list[str], lang: str) -> str:
    return _needs("notebook_intro", requires, lang, url=page.canonical_url or page.url)


def _download_name(page) -> str:
    stem = Path(page.file.src_uri).stem
    return "home" if stem == "index" else stem


def _write_downloads(notebook, page) -> tuple[str, str]:
    """The page as <name>.ipynb and <name>.py next to its index.html; returns the names."""
    folder = Path(page.file.abs_dest_path).parent
    name = _download_name(page)
    write_atomic(folder / f"{name}.ipynb", notebooks.write_text(notebook))
    write_atomic(folder / f"{name}.py", notebooks.script_of(notebook))
    return f"{name}.ipynb", f"{name}.py"


def _download_buttons(names: tuple[str, str], lang: str) -> str:
    """Links to the page's notebook and script (relative: they sit next to the page)."""
    notebook, script = (html.escape(n) for n in names)
    return (
        f'<p class="downloads">'
        f'<a class="md-button" href="{notebook}" download title="{html.escape(ui("download_notebook_title", lang))}">'
        f"{html.escape(ui('download_notebook', lang))}</a> "
        f'<a class="md-button" href="{script}" download title="{html.escape(ui("download_script_title", lang))}">'
        f"{html.escape(ui('download_script', lang))}</a></p>"
    )


def _insert_outputs(markdown: str, result: dict, lang: str) -> str:
    """After each Python block that printed something, an Output block with what it printed."""
    pieces, last = [], 0
    for (m, _), output in zip(python_fences(markdown), result["blocks"], strict=False):
        end = _after_annotations(
            markdown, m.end()
        )  # Material's annotation list stays with its code
        pieces.append(markdown[last:end])
        last = end
        if output.strip():
            indent = m["indent"]
            body = "\n".join(indent + line for line in output.rstrip("\n").splitlines())
            title = ui("output", lang)
            pieces.append(
                f'\n\n{indent}```{{ .text .page-output title="{title}" }}\n{body}\n{indent}```'
            )
    pieces.append(markdown[last:])
    return "".join(pieces)


ANNOTATION_ITEM_RE = re.compile(r"[ \t]*\d+\.[ \t]")


def _after_annotations(markdown: str, end: int) -> int:
    """Where a code block ends, counting the numbered list of its code annotations
    ("# (1)" in the code, "1. ..." right after the block) as part of it."""
    rest = markdown[end:]
    lines = rest.split("\n")
    i = 1  # lines[0] is the remainder of the closing fence line
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i >= len(lines) or not ANNOTATION_ITEM_RE.match(lines[i]):
        return end
    last_item = i
    while i < len(lines):
        line = lines[i]
        if ANNOTATION_ITEM_RE.match(line) or line.startswith(("    ", "\t")):
            last_item = i
        elif line.strip():
            break
        i += 1
    return end + len("\n".join(lines[: last_item + 1]))


def _figure_writer(page, config):
    """write(label, svg) -> the URL of the written SVG, relative to the page. Each
    language's site gets its own figures/, with the figures' words in its language."""
    page_dir = Path(page.file.abs_dest_path).parent
    lang_root = Path(config["site_dir"])
    first = Path(page.file.dest_path).parts[0] if getattr(page.file, "dest_path", None) else ""
    if first == page_language(config):
        lang_root = lang_root / first
    folder = lang_root / "figures"

    def write(label: str, svg: str) -> str:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{label}.svg"
        path.write_text(svg, encoding="utf-8")
        return os.path.relpath(path, page_dir).replace(os.sep, "/")

    return write


def _place_figures(markdown: str, result: dict, page, config, where) -> str:
    figures = {f["label"]: f for f in result["figures"]}
    write = _figure_writer(page, config)

    def replace(m):
        label, alt = m["label"], m["alt"].strip()
        if label not in figures:
            raise PluginError(
                f"{where}: figure:{label} is placed on the page, but its program drew no figure "
                f"labelled {label!r} (it drew: {', '.join(figures) or 'none'})"
            )
        if not alt:
            raise PluginError(
                f"{where}: figure:{label} needs alt text: ![what it shows](figure:{label})"
            )
        fig = figures[label]
        # drawn once per language: the figure's words come from i18n/figures.yml
        url = write(label, fig.get("svgs", {}).get(page_language(config), fig["svg"]))
        return (
            f'<figure class="page-figure"><img src="{html.escape(url)}" alt="{html.escape(alt)}" '
            f'width="{fig["width"]}" height="{fig["height"]}" loading="lazy"></figure>'
        )

    return FIGURE_RE.sub(replace, markdown)


def _benchmark_results(markdown: str, page, config) -> str:
    """The Performance page's markers, replaced by the committed benchmark results."""
    lang = page_language(config)

    def word(key: str, **values) -> str:
        return ui(key, lang, **values)

    render = {
        "training": lambda: benchmark_page.training_html(lang, word, _figure_writer(page, config)),
        "build": lambda: benchmark_page.build_html(lang, word),
        "weight": lambda: benchmark_page.weight_html(lang, word),
    }

    def replace(m):
        try:
            return render[m["kind"]]()
        except benchmark_page.ResultsError as error:
            raise PluginError(f"{page.file.src_uri}: {error}") from None

    return benchmark_page.MARKER_RE.sub(replace, markdown)


def number_style(lang: str) -> dict[str, str]:
    """How the language writes a computed number: its decimal mark and percent sign."""
    return {"decimal": ui("decimal_mark", lang), "percent": ui("percent_sign", lang)}


def _fill_values(markdown: str, result: dict, where, lang: str = SOURCE_LANGUAGE) -> str:
    values = result["values"]
    style = number_style(lang)

    def replace(m):
        name, spec = m["name"], (m["spec"] or "").strip()
        if name not in values:
            raise PluginError(
                f"{where}: {{{{ {name} }}}} is not a value computed by the page's program"
            )
        try:
            text = format_value(values[name], spec, **style)
        except (ValueError, TypeError) as error:
            raise PluginError(f"{where}: {{{{ {name}:{spec} }}}}: {error}") from None
        spec_attr = f' data-format="{html.escape(spec)}"' if spec else ""
        return f'<span class="computed" data-name="{name}"{spec_attr}>{html.escape(text)}</span>'

    return PLACEHOLDER_RE.sub(replace, markdown)


def _add_run_note(markdown: str, requires: list[str], lang: str, buttons: str = "") -> str:
    """Under the page's title: what the code needs, how to run it, and the page as a
    notebook and as a script."""
    body = _needs("run_body", requires, lang)
    note = f'??? info "{ui("run_title", lang)}"\n' + "\n".join(
        f"    {line}" if line else "" for line in body.splitlines()
    )
    if buttons:
        note += "\n\n" + buttons
    lines = markdown.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("# "):
            lines.insert(i + 1, "\n" + note + "\n")
            break
    return "\n".join(lines)


# ---------------------------------------------------------------- math as MathML

ARITHMATEX_RE = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">(?:\\\((?P<inline>.*?)\\\)|\\\[(?P<block>.*?)\\\])</(?P=tag)>',
    re.S,
)


# ---------------------------------------------------------------- translation notices


def _translation_notices(markdown: str, page, config) -> str:
    """On a translated page: a notice under each section whose English changed since it
    was translated; on a page shown in English because it is not translated yet, one
    notice at the top. In the reader's language, linking to the English original."""
    lang = page_language(config)
    if lang == SOURCE_LANGUAGE:
        return markdown
    source = Path(page.file.abs_src_path).resolve()
    docs = Path(config["docs_dir"]).resolve()
    try:
        rel = source.relative_to(docs)
    except ValueError:
        return markdown
    if len(rel.parts) < 2:
        return markdown
    name = Path(*rel.parts[1:]).as_posix()
    english = _english_url(page, lang)
    if rel.parts[0] != lang or is_untranslated(parse_page(source)):
        note = _notice("untranslated", lang, url=english)
        return _after_h1(markdown, note)
    stale = stale_sections(lang, name, docs=docs)
    if not stale:
        return markdown
    lines = markdown.split("\n")
    out, fence = [], None
    for line in lines:
        out.append(line)
        if line.lstrip().startswith(("```", "~~~")):
            fence = None if fence else line.lstrip()[:3]
            continue
        m = HEADING_RE.match(line) if fence is None and line.startswith("#") else None
        if m and m["id"] in stale:
            out += ["", _notice("stale", lang, url=f"{english}#{m['id']}"), ""]
    return "\n".join(out)


def _english_url(page, lang: str) -> str:
    """From this page, the relative URL of the same page in English."""
    url = page.url
    english = url[len(lang) + 1 :] if url.startswith(f"{lang}/") else url
    return "../" * url.count("/") + english


def _notice(kind: str, lang: str, **values) -> str:
    title = ui(f"{kind}_title", lang, **values)
    body = ui(f"{kind}_body", lang, **values)
    # a site URL, not a page path: written as HTML so that MkDocs' link validation (which
    # checks Markdown links between .md files) leaves it alone
    body = re.sub(
        r"\[([^\]]+)\]\(([^)\s]+)\)", lambda m: f'<a href="{html.escape(m[2])}">{m[1]}</a>', body
    )
    return f'!!! warning "{title}"\n' + "\n".join("    " + line for line in body.splitlines())


def _after_h1(markdown: str, block: str) -> str:
    m = re.search(r"^# .*$", markdown, re.M)
    if not m:
        return f"{block}\n\n{markdown}"
    return f"{markdown[: m.end()]}\n\n{block}\n{markdown[m.end() :]}"


# Pygments wraps every token in a span. Names and whitespace get the code's own colour
# in Material's theme, and operators and punctuation a slightly lighter one; showing
# those in the code's colour too lets the build drop all four kinds of span, which
# were half of a lesson page's HTML. Keywords, strings, numbers and comments keep
# their colours, and copying is unaffected: the text stays the same.
PLAIN_TOKEN_RE = re.compile(r'<span class="(?:n|w|p|o)">([^<]*)</span>')


def on_page_content(content, page, config, files):
    content = PLAIN_TOKEN_RE.sub(r"\1", content)
    if "arithmatex" not in content:
        return content

    def replace(m):
        latex = html.unescape(m["inline"] if m["inline"] is not None else m["block"])
        try:
            return to_mathml(latex, display=m["block"] is not None)
        except MathError as error:
            raise PluginError(f"{page.file.src_uri}: {error}") from None

    return ARITHMATEX_RE.sub(replace, content)


def _snippets_dir(config) -> Path:
    """The base_path that mkdocs.yml gives pymdownx.snippets (one source of truth)."""
    base = config["mdx_configs"].get("pymdownx.snippets", {}).get("base_path", "snippets")
    return Path(base[0] if isinstance(base, list) else base)


# ---------------------------------------------------------------- search per language
# mkdocs-static-i18n merges every language into one search index with every stemmer
# on, so a search shows pages of all languages. After the last language is built, the
# index is split: /search/search_index.json keeps English, /<lang>/search/ gets each
# translation with its own stemmer; a translated page points Material's `base` at its
# language's root, which is where Material fetches the index and resolves results.

CONFIG_BASE_RE = re.compile(
    r'(<script id="__config" type="application/json">\{[^<]*?"base": ")([^"]*)(")'
)


def _language_prefixes(config) -> list[str]:
    plugin = config["plugins"].get("i18n")
    return [str(lang.locale) for lang in plugin.config.languages if not lang.default]


def _building_one_language_only(config) -> bool:
    """COURSE_LANGUAGE=fr builds French alone at the root: its index needs no split."""
    return len(config["plugins"].get("i18n").build_languages) == 1


# static-i18n writes each page's alternates with relative addresses, which search
# engines (and Lighthouse's hreflang audit) reject: they must be absolute. x-default,
# the page for readers of any other language, is the English one.
ALTERNATE_RE = re.compile(r'<link rel="alternate" href="([^"]*)" hreflang="([^"]+)">')


def absolute_alternates(output: str, page_url: str) -> str:
    found = list(ALTERNATE_RE.finditer(output))
    if not found or not page_url:
        return output
    english = next((urljoin(page_url, m[1]) for m in found if m[2] == SOURCE_LANGUAGE), None)
    x_default = (
        f'\n    <link rel="alternate" href="{html.escape(english)}" hreflang="x-default">'
        if english
        else ""
    )
    last = found[-1].end()
    return (
        ALTERNATE_RE.sub(
            lambda m: (
                f'<link rel="alternate" href="{html.escape(urljoin(page_url, html.unescape(m[1])))}" '
                f'hreflang="{m[2]}">'
            ),
            output[:last],
        )
        + x_default
        + output[last:]
    )


# Material's search dialog has no accessible name; it gets its input's, which the theme
# writes in the page's language.
SEARCH_DIALOG_RE = re.compile(
    r'(<div class="md-search" data-md-component="search" role="dialog")>(.*?placeholder="([^"]+)")',
    re.S,
)


# The theme's templates indent every tag and leave runs of blank lines: about a tenth of
# a page's bytes. Outside <pre>, <textarea> and <script>, any run of white space shows as
# one space, so a newline alone shows the same. (A minifier that also rewrites tags and
# attributes would save little more, and cost seconds per build.)
VERBATIM_RE = re.compile(r"<(pre|textarea|script)\b.*?</\1>", re.S | re.I)
BLANK_RUN_RE = re.compile(r"\n[ \t\r\n]+")  # a newline and the white space after it


def squeeze_whitespace(output: str) -> str:
    pieces, last = [], 0
    for m in VERBATIM_RE.finditer(output):
        pieces += [BLANK_RUN_RE.sub("\n", output[last : m.start()]), m[0]]
        last = m.end()
    pieces.append(BLANK_RUN_RE.sub("\n", output[last:]))
    return "".join(pieces)


def on_post_page(output, page, config):
    output = SEARCH_DIALOG_RE.sub(r'\1 aria-label="\3">\2', output, count=1)
    output = squeeze_whitespace(absolute_alternates(output, page.canonical_url or ""))
    lang = page_language(config)
    if lang == SOURCE_LANGUAGE or not page.url.startswith(f"{lang}/"):
        return output  # English, or one language built alone at the root
    return CONFIG_BASE_RE.sub(lambda m: f"{m[1]}{m[2]}/{lang}/{m[3]}", output, count=1)


# Each language's build renders the theme's 404.html to the site root, so the root page
# ended up in the last language built. Each translation now gets /<lang>/404.html, in
# its language, and the root keeps the English one.
NOT_FOUND_H1 = "<h1>404 - Not found</h1>"
_english_not_found: dict[str, str] = {}


def on_post_template(output, template_name, config):
    if template_name != "404.html":
        return output
    output = squeeze_whitespace(SEARCH_DIALOG_RE.sub(r'\1 aria-label="\3">\2', output, count=1))
    lang = page_language(config)
    one_language = _building_one_language_only(config)
    root = urlsplit(str(config.get("site_url") or "/")).path or "/"
    home = root if lang == SOURCE_LANGUAGE or one_language else f"{root}{lang}/"
    output = output.replace(
        NOT_FOUND_H1,
        f"<h1>{html.escape(ui('not_found_title', lang))}</h1>\n"
        f"<p>{ui('not_found_body', lang, home=html.escape(home))}</p>",
    )
    if lang == SOURCE_LANGUAGE or one_language:
        if not one_language:
            output = output.replace("</body>", _to_language_not_found(root, config) + "</body>", 1)
        _english_not_found["html"] = output
        return output
    write_atomic(Path(config["site_dir"]) / lang / "404.html", output)
    return _english_not_found.get("html", output)


def _to_language_not_found(root: str, config) -> str:
    """A static host (GitHub Pages, for one) answers every missing address with the root
    404.html, the English one. For an address inside a translation's folder, this script
    shows that language's 404 page instead."""
    return (
        "<script>(function () {"
        f"var root = {json.dumps(root)}, languages = {json.dumps(_language_prefixes(config))};"
        "if (location.pathname.indexOf(root) !== 0) return;"
        "var lang = location.pathname.slice(root.length).split('/')[0];"
        "if (languages.indexOf(lang) >= 0) location.replace(root + lang + '/404.html');"
        "})();</script>\n"
    )


@event_priority(-200)  # after static-i18n (-100) has built every language and merged
def on_post_build(config):
    if config["plugins"].get("i18n").building or _building_one_language_only(config):
        return  # a translation built inside the English build: wait for the end
    site = Path(config["site_dir"])
    if "html" in _english_not_found:  # whatever order the languages were built in
        write_atomic(site / "404.html", _english_not_found["html"])
    index_file = site / "search" / "search_index.json"
    if not index_file.is_file():
        return
    index = json.loads(index_file.read_text(encoding="utf-8"))
    prefixes = _language_prefixes(config)
    docs: dict[str, list] = {lang: [] for lang in [SOURCE_LANGUAGE, *prefixes]}
    for doc in index["docs"]:
        lang = doc["location"].split("/", 1)[0]
        if lang in prefixes:
            docs[lang].append({**doc, "location": doc["location"][len(lang) + 1 :]})
        else:
            docs[SOURCE_LANGUAGE].append(doc)
    for lang, found in docs.items():
        folder = site / "search" if lang == SOURCE_LANGUAGE else site / lang / "search"
        split = {"config": {**index["config"], "lang": [lang]}, "docs": found}
        write_atomic(folder / "search_index.json", json.dumps(split, ensure_ascii=False))
    _language_sitemaps(site, config, prefixes)


SITEMAP_NS = {
    "": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}


def _language_sitemaps(site: Path, config, prefixes: list[str]) -> None:
    """/<lang>/sitemap.xml: that language's pages, with their hreflang alternates.
    Material looks for one under each language's root; without it, every page logged a
    404 per language."""
    import xml.etree.ElementTree as ET

    root_file = site / "sitemap.xml"
    if not root_file.is_file():
        return
    for prefix, uri in SITEMAP_NS.items():
        ET.register_namespace(prefix, uri)
    tree = ET.parse(root_file)
    site_url = str(config.get("site_url") or "/").rstrip("/") + "/"
    for lang in prefixes:
        urlset = ET.Element(tree.getroot().tag)
        for url in tree.getroot():
            loc = url.find(f"{{{SITEMAP_NS['']}}}loc")
            if loc is not None and (loc.text or "").startswith(f"{site_url}{lang}/"):
                urlset.append(url)
        ET.indent(urlset)
        text = ET.tostring(urlset, encoding="unicode", xml_declaration=False)
        write_atomic(
            site / lang / "sitemap.xml", '<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n"
        )


# ---------------------------------------------------------------- notebook pages
# Notebooks in docs/ (docs/<lang>/lab-workbook.ipynb) are pages like the Markdown ones:
# same addresses, navigation, language selector and fallback to English. Their code
# cells are snippet includes; the build resolves them, executes the notebook (cached
# by its code: the languages share one execution) and renders it with mkdocs-jupyter.


def _is_notebook(file) -> bool:
    return str(file.src_uri).endswith(".ipynb")


class NotebookPageFile(File):
    """A notebook that static-i18n handles as a documentation page."""

    def is_documentation_page(self) -> bool:
        return True


def _notebooks_as_pages() -> None:
    """mkdocs-static-i18n rebuilds every file as a plain mkdocs File in its on_files
    (priority -100), after mkdocs-jupyter has wrapped the notebooks: a notebook then is
    an asset, copied as raw JSON (its issue #198). Re-wrapping it afterwards renders it,
    but at the asset's address (/en/lab-workbook/ for English), with no fallback to
    English for a language that lacks it and no alternates for the language selector.

    So static-i18n is given each notebook as a page from the start: its function that
    makes the per-language file is wrapped, and for a notebook it starts from a page's
    destination (lab-workbook/index.html) and returns a file that is a documentation
    page. Everything static-i18n does for pages then holds for notebooks."""
    from mkdocs_static_i18n import folder

    if getattr(folder.create_i18n_file, "notebooks_as_pages", False):
        return
    original = folder.create_i18n_file

    def create_i18n_file(file, current_language, default_language, all_languages, config):
        if not _is_notebook(file):
            return original(file, current_language, default_language, all_languages, config)
        stem = file.src_uri[: -len(".ipynb")]
        dest = f"{stem}/index.html" if config.use_directory_urls else f"{stem}.html"
        as_page = File(
            file.src_uri, config.docs_dir, config.site_dir, config.use_directory_urls, dest_uri=dest
        )
        made = original(as_page, current_language, default_language, all_languages, config)
        made.__class__ = NotebookPageFile
        return made

    create_i18n_file.notebooks_as_pages = True
    folder.create_i18n_file = create_i18n_file


def on_config(config):
    _notebooks_as_pages()
    return config


@event_priority(-10)  # after mkdocs-jupyter's own on_pre_page, which this replaces
def on_pre_page(page, config, files):
    if _is_notebook(page.file):
        page.render = lambda config, files: _render_notebook(page, config)
    return page


def _render_notebook(page, config) -> None:
    from mkdocs.structure.toc import get_toc

    from i18n.notebook_html import render

    source = Path(page.file.abs_src_path)
    where = str(source.relative_to(ROOT) if source.is_relative_to(ROOT) else source)
    lang = page_language(config)
    page_url = page.canonical_url or page.url
    page_path = Path(page.file.src_uri).relative_to(_language_folder(page, config)).as_posix()
    try:
        nb = notebooks.read(source.read_text(encoding="utf-8"), where)
        resolved = notebooks.resolve(nb, where, _snippets_dir(config))
        executed, run, ran = notebooks.execute(resolved, where, cache_dir=default_cache_dir())
        log.info("%s: %s", where, "executed" if ran else "outputs from the cache (code unchanged)")
        executed = notebooks.in_language(executed, lang)  # figures in the page's words
        name = _download_name(page)
        rendered = render(
            notebooks.with_links(executed, page_url, page_path, absolute=False),
            where,
            Path(page.file.abs_dest_path).parent,
            name,
            figure_url="",
            output_label=ui("output", lang),
            cache_dir=default_cache_dir(),
        )
    except notebooks.NotebookError as error:
        raise PluginError(str(error)) from None
    download = notebooks.with_links(
        notebooks.without_figure_text(executed), page_url, page_path, absolute=True
    )
    download.metadata[notebooks.META] = {
        **(nb.metadata.get(notebooks.META) or {}),
        "page": page_url,
        "language": lang,
    }
    names = _write_downloads(download, page)
    course = nb.metadata.get(notebooks.META) or {}
    requires = list(course.get("requires") or [])
    if course.get("description"):  # the page's meta description, in its language
        page.meta["description"] = course["description"]
    footer = ui("last_run", lang, date=run["date"], torch=run["torch"], device=run["device"])
    notice, stale = _notebook_notices(page, config, lang)
    top = notice + _run_note_html(requires, lang) + _download_buttons(names, lang)
    content = _after_h1_html(rendered.html, top)
    for anchor, block in stale.items():
        content = re.sub(
            rf'(<h[2-6] id="{re.escape(anchor)}">.*?</h[2-6]>)',
            lambda m, b=block: m[1] + b,
            content,
            count=1,
            flags=re.S,
        )
    page.content = content + f'\n<p class="last-run"><small>{html.escape(footer)}</small></p>\n'
    page.toc = get_toc(rendered.toc)  # the title stays the navigation's, as on other pages


H1_END_RE = re.compile(r"</h1>")


def _after_h1_html(content: str, block: str) -> str:
    m = H1_END_RE.search(content)
    return content[: m.end()] + block + content[m.end() :] if m else block + content


def _run_note_html(requires: list[str], lang: str) -> str:
    """The Markdown pages' "run this page's code" note, for a notebook page."""
    import markdown as md

    body = _needs("notebook_run_body", requires, lang)
    return (
        f'<details class="info"><summary>{html.escape(ui("run_title", lang))}</summary>'
        f"{md.markdown(body)}</details>"
    )


def _notebook_notices(page, config, lang: str) -> tuple[str, dict[str, str]]:
    """The translation notices of the Markdown pages, for a notebook: (one for the top
    when the page is not translated yet, {anchor: one for each section whose English
    changed since it was translated})."""
    import markdown as md

    if lang == SOURCE_LANGUAGE:
        return "", {}
    source = Path(page.file.abs_src_path).resolve()
    docs = Path(config["docs_dir"]).resolve()
    rel = source.relative_to(docs)
    english = _english_url(page, lang)
    if rel.parts[0] != lang or is_untranslated(parse_page(source)):
        return md.markdown(
            _notice("untranslated", lang, url=english), extensions=["admonition"]
        ), {}
    stale = stale_sections(lang, Path(*rel.parts[1:]).as_posix(), docs=docs)
    return "", {
        anchor: md.markdown(
            _notice("stale", lang, url=f"{english}#{anchor}"), extensions=["admonition"]
        )
        for anchor in sorted(stale)
    }
