"""What the build does with one page, Markdown or notebook: everything it adds, in order.

The page is read by the page model (i18n.pages), which is what `python -m i18n check`
reads too: the build publishes the page model's front matter and body, not MkDocs' own
reading of the file, and fails on what the page model finds wrong. A page in a
translation's folder (docs/fr/...) may come from a stranger: its metadata is escaped and
its HTML sanitised (sitebuild.sanitize), and its heading anchors must be English's
(i18n.check.anchor_problems, the checker's own comparison): the language selector jumps
to the same section in another language by its anchor.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import PluginError

from i18n.check import anchor_problems
from i18n.includes import check_include, find_includes
from i18n.notebooks import META, NotebookError
from i18n.pages import PAGE_SUFFIXES, ROOT, SOURCE_LANGUAGE, Page, parse_page
from i18n.trust import folder_problems
from i18n.words import ui
from sitebuild import cache, dashboard, downloads, notices, outputs, performance, wheel
from sitebuild.languages import page_language
from sitebuild.runner import PageProgramError, load_program, run_program, run_programs
from sitebuild.sanitize import plain_text

log = logging.getLogger("mkdocs.hooks.course")


@dataclass(frozen=True)
class PageContext:
    lang: str  # the language the page is built in
    source: Path  # its file (docs/fr/x.md, or docs/en/x.md standing in for it)
    where: str  # that file, for messages
    url: str  # its URL, relative to the site (fr/x/)
    address: str  # its absolute URL, where there is a site_url
    path_in_language: str  # its file inside its language's folder (x.md)
    docs: Path
    snippets: Path
    dest_dir: Path  # the folder of its index.html
    lang_root: Path  # the site folder of its language
    untrusted: bool  # a translation: anyone may have written it

    @classmethod
    def of(cls, page, config) -> PageContext:
        lang = page_language(config)
        source = Path(page.file.abs_src_path)
        docs = Path(config["docs_dir"]).resolve()
        first = Path(page.file.src_uri).parts[0]
        # every language's folder: in a one-language build (COURSE_LANGUAGE=fr) static-i18n
        # makes that language the default, which language_prefixes leaves out, and docs/fr
        # would then pass for a folder of no language, trusted like English
        locales = {str(lang.locale) for lang in config["plugins"].get("i18n").config.languages}
        folder = first if first in {SOURCE_LANGUAGE, *locales} else "."
        dest_first = Path(page.file.dest_uri).parts[0]
        lang_root = Path(config["site_dir"])
        return cls(
            lang=lang,
            source=source,
            where=display(source),
            url=page.url,
            address=page.canonical_url or page.url,
            path_in_language=Path(page.file.src_uri).relative_to(folder).as_posix(),
            docs=docs,
            snippets=snippets_dir(config),
            dest_dir=Path(page.file.abs_dest_path).parent,
            lang_root=lang_root / dest_first if dest_first == lang else lang_root,
            untrusted=folder not in (SOURCE_LANGUAGE, "."),
        )


def display(path: Path) -> str:
    path = Path(path).resolve()
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def snippets_dir(config) -> Path:
    """The base_path that mkdocs.yml gives pymdownx.snippets (one source of truth)."""
    base = config["mdx_configs"].get("pymdownx.snippets", {}).get("base_path", "snippets")
    return Path(base[0] if isinstance(base, list) else base)


def translation_folders(config) -> None:
    """Fails the build when a translation's folder holds a link or a file that is not a
    page (i18n.trust.folder_problems): MkDocs would publish it as it is."""
    locales = [str(lang.locale) for lang in config["plugins"].get("i18n").config.languages]
    found = folder_problems(Path(config["docs_dir"]), locales)
    if found:
        raise PluginError(
            "A translation's folder holds what the site must not publish:\n  "
            + "\n  ".join(
                f"{display(path.parent)}/{path.name}: {message}" for path, message in found
            )
        )


def run_page_programs(config) -> None:
    """Before the pages are built: every page's program that is not cached, run in
    parallel with progress lines (sitebuild.runner.run_programs). A page whose program
    cannot be assembled is left to its own build, which says what is wrong and where."""
    snippets = snippets_dir(config)
    programs = []
    for path in sorted(Path(config["docs_dir"]).rglob("*")):
        if path.suffix in PAGE_SUFFIXES and path.is_file() and not path.is_symlink():
            try:
                program = load_program(path, snippets)
            except PageProgramError:
                continue
            if program.blocks:
                programs.append(program)
    run_programs(programs)


def read_page(ctx: PageContext) -> Page:
    """The page model of the page's file; a page it finds wrong fails the build, and so
    does a translation whose heading anchors are not its English page's."""
    model = parse_page(ctx.source)
    found = list(model.problems)
    english = ctx.docs / SOURCE_LANGUAGE / ctx.path_in_language
    if ctx.untrusted and english.is_file() and not model.unreadable:
        found += anchor_problems(model, parse_page(english))
    problems = [
        f"{ctx.where}:{p.line}: {p.message}" + (f": {p.fix}" if getattr(p, "fix", "") else "")
        for p in sorted(found, key=lambda p: p.line)
    ]
    if model.meta_error:
        problems.insert(0, f"{ctx.where}: {model.meta_error}")
    text = ctx.source.read_text(encoding="utf-8")
    if ctx.source.suffix == ".md":  # a notebook's includes are checked when resolved
        problems += [
            f"{ctx.where}:{inc.line}: {err}"
            for inc in find_includes(text)
            if (err := check_include(inc, ctx.snippets))
        ]
    if problems:
        raise PluginError("The page cannot be built:\n  " + "\n  ".join(problems))
    return model


def published_meta(meta: dict, ctx: PageContext) -> dict:
    """The metadata the templates show: a translation's words escaped (Material writes
    the description into an attribute without escaping it)."""
    if not ctx.untrusted:
        return dict(meta)
    return {
        key: plain_text(value) if isinstance(value, str) else value for key, value in meta.items()
    }


# ---------------------------------------------------------------- Markdown pages


def markdown_page(page, config) -> str:
    """The page's Markdown with everything the build adds: its run's outputs, figures
    and values, the run note and downloads, the dashboard and benchmark results, and
    the translation notices."""
    ctx = PageContext.of(page, config)
    model = read_page(ctx)
    page.meta = published_meta(model.meta, ctx)
    lines = ctx.source.read_text(encoding="utf-8").split("\n")
    markdown = "\n".join(lines[model.body_start - 1 :])
    command = wheel.page_command(config)  # how to install trainlab from this site
    markdown = wheel.fill_install_command(markdown, command)
    try:
        markdown = _with_run(markdown, model, ctx, command)
    except (PageProgramError, outputs.PageError, downloads.DownloadError) as error:
        raise PluginError(str(error)) from None
    if dashboard.MARKER in markdown:
        markdown = markdown.replace(
            dashboard.MARKER, dashboard.dashboard(ctx.lang, ctx.docs, ctx.url)
        )
    if performance.MARKER_RE.search(markdown):
        markdown = _benchmark_results(markdown, ctx)
    return notices.add_notices(markdown, model, ctx.lang, ctx.docs, ctx.url)


def _with_run(markdown: str, model: Page, ctx: PageContext, command: str) -> str:
    first = model.body_start
    program = load_program(ctx.source, ctx.snippets)
    if not program.blocks:
        outputs.check_values(model, None, ctx.where, ctx.lang)  # nothing computes them
        return markdown
    result = run_program(program)
    outputs.check_values(model, result["values"], ctx.where, ctx.lang)
    written = markdown  # as written: the notebook download is made from it
    markdown = outputs.insert_outputs(markdown, program, result, ctx.lang, first)
    write_figure = outputs.figure_writer(ctx.dest_dir, ctx.lang_root)
    markdown = outputs.place_figures(markdown, result, ctx.lang, write_figure, ctx.where)
    notebook = downloads.page_notebook(
        written,
        program,
        result,
        lang=ctx.lang,
        page_url=ctx.address,
        page_path=ctx.path_in_language,
        intro=outputs.needs(
            "notebook_intro", program.requires, ctx.lang, url=ctx.address, command=command
        ),
        footer=ui(
            "last_run", ctx.lang, **{k: result["run"][k] for k in ("date", "torch", "device")}
        ),
    )
    name = downloads.download_name(ctx.path_in_language)
    names = downloads.write_downloads(notebook, ctx.dest_dir, name)
    markdown = outputs.fill_values(markdown, result, ctx.where, ctx.lang)
    buttons = downloads.download_buttons(names, ctx.lang)
    markdown = outputs.add_run_note(markdown, program.requires, ctx.lang, buttons, command=command)
    return f"{markdown.rstrip()}\n\n{outputs.last_run(result['run'], ctx.lang)}\n"


def _benchmark_results(markdown: str, ctx: PageContext) -> str:
    """The Performance page's markers, replaced by the committed benchmark results."""

    def word(key: str, **values) -> str:
        return ui(key, ctx.lang, **values)

    write_figure = outputs.figure_writer(ctx.dest_dir, ctx.lang_root)
    render = {
        "training": lambda: performance.training_html(ctx.lang, word, write_figure),
        "build": lambda: performance.build_html(ctx.lang, word),
        "weight": lambda: performance.weight_html(ctx.lang, word),
    }

    def replace(m):
        try:
            return render[m["kind"]]()
        except performance.ResultsError as error:
            raise PluginError(f"{ctx.where}: {error}") from None

    return performance.MARKER_RE.sub(replace, markdown)


# ---------------------------------------------------------------- notebook pages


def notebook_page(page, config) -> None:
    """Render a notebook page (page.content, page.toc): its code cells run as a page's
    program (the same runner and cache), the notebook with their outputs rendered by
    mkdocs-jupyter, with the Markdown pages' run note, downloads, notices and last-run
    line."""
    import nbformat
    from mkdocs.structure.toc import get_toc

    from i18n.notebooks import read as read_notebook
    from sitebuild.notebook_page import executed, render, with_links, without_figure_text
    from sitebuild.text import after_h1

    ctx = PageContext.of(page, config)
    model = read_page(ctx)
    try:
        nb = nbformat.from_dict(read_notebook(ctx.source.read_text(encoding="utf-8"), ctx.where))
        program = load_program(ctx.source, ctx.snippets)  # the code cells, as a page's blocks
        result = run_program(program)
        done = executed(nb, program, result, ctx.lang)  # figures in the page's words
        name = downloads.download_name(ctx.path_in_language)
        rendered = render(
            with_links(done, ctx.address, ctx.path_in_language, absolute_links=False),
            ctx.where,
            ctx.dest_dir,
            name,
            figure_url="",
            output_label=ui("output", ctx.lang),
            cache_dir=cache.default_dir(),
        )
    except (NotebookError, PageProgramError) as error:
        raise PluginError(str(error)) from None
    download = with_links(
        without_figure_text(done), ctx.address, ctx.path_in_language, absolute_links=True
    )
    course = dict(nb.metadata.get(META) or {})
    download.metadata[META] = {**course, "page": ctx.address, "language": ctx.lang}
    names = downloads.write_downloads(download, ctx.dest_dir, name)
    page.meta = published_meta({k: v for k, v in course.items() if k == "description"}, ctx)
    top_notice, stale = notices.page_notices(model, ctx.lang, ctx.docs, ctx.url)
    top = (_html(top_notice) if top_notice else "") + outputs.run_note_html(
        list(course.get("requires") or []), ctx.lang, command=wheel.page_command(config)
    )
    content = after_h1(rendered.html, top + downloads.download_buttons(names, ctx.lang))
    for anchor, block in stale.items():
        notice_html = _html(block)
        content = re.sub(
            rf'(<h([1-6]) id="{re.escape(anchor)}">.*?</h\2>)',  # the title's section too
            lambda m, b=notice_html: m[1] + b,
            content,
            count=1,
            flags=re.S,
        )
    page.content = content + "\n" + outputs.last_run(result["run"], ctx.lang) + "\n"
    page.toc = get_toc(rendered.toc)  # the title stays the navigation's, as on other pages


def _html(markdown_text: str) -> str:
    import markdown as md

    return md.markdown(markdown_text, extensions=["admonition"])
