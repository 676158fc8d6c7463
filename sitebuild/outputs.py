"""What a page's run adds to the page: under each block what it printed, the figures it
drew where the prose places them, the computed values its prose quotes ({{ name }}),
under the title what the code needs to run, and at the end when and where it ran."""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

from i18n.pages import FIGURE_RE, PLACEHOLDER_RE, VALUE_RE, Page
from i18n.words import format_value, number_style, ui
from sitebuild.runner import Program
from sitebuild.text import after_title

NAME_SPEC_RE = PLACEHOLDER_RE  # what a placeholder holds: the page model's rule
ANNOTATION_ITEM_RE = re.compile(r"[ \t]*\d+\.[ \t]")


class PageError(Exception):
    """Something on the page does not fit its run; the message says where."""


def insert_outputs(markdown: str, program: Program, result: dict, lang: str, first: int) -> str:
    """After each Python block that printed something, an Output block with what it
    printed. markdown is the page's body, whose line 1 is the file's line `first`."""
    lines = markdown.split("\n")
    for block, output in reversed(list(zip(program.blocks, result["blocks"], strict=False))):
        if not output.strip():
            continue
        end = after_annotations(lines, block.end - first)  # index of the block's last line
        fence = lines[block.line - first]
        indent = fence[: len(fence) - len(fence.lstrip())]
        body = [indent + line for line in output.rstrip("\n").splitlines()]
        title = ui("output", lang)
        lines[end + 1 : end + 1] = [
            "",
            f'{indent}```{{ .text .page-output title="{title}" }}',
            *body,
            f"{indent}```",
        ]
    return "\n".join(lines)


def after_annotations(lines: list[str], end: int) -> int:
    """The index of a code block's last line, counting the numbered list of its code
    annotations ("# (1)" in the code, "1. ..." right after the block) as part of it."""
    i = end + 1
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
    return last_item


def figure_writer(page_dir: Path, lang_root: Path):
    """write(label, svg) -> the URL of the written SVG, relative to the page. Each
    language's site gets its own figures/, with the figures' words in its language."""
    folder = lang_root / "figures"

    def write(label: str, svg: str) -> str:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{label}.svg"
        path.write_text(svg, encoding="utf-8")
        return os.path.relpath(path, page_dir).replace(os.sep, "/")

    return write


def place_figures(markdown: str, result: dict, lang: str, write, where: str) -> str:
    """Each `![alt](figure:label)` becomes the figure the program drew with that label."""
    figures = {f["label"]: f for f in result["figures"]}

    def replace(m):
        label, alt = m["label"], m["alt"].strip()
        if label not in figures:
            raise PageError(
                f"{where}: figure:{label} is placed on the page, but its program drew no figure "
                f"labelled {label!r} (it drew: {', '.join(figures) or 'none'})"
            )
        if not alt:
            raise PageError(
                f"{where}: figure:{label} needs alt text: ![what it shows](figure:{label})"
            )
        fig = figures[label]
        # drawn once per language: the figure's words come from i18n/figures.yml
        url = write(label, fig.get("svgs", {}).get(lang, fig["svg"]))
        return (
            f'<figure class="page-figure"><img src="{html.escape(url)}" alt="{html.escape(alt)}" '
            f'width="{fig["width"]}" height="{fig["height"]}" loading="lazy"></figure>'
        )

    return FIGURE_RE.sub(replace, markdown)


def value_text(m: re.Match, values: dict, lang: str, where: str) -> tuple[str, str, str]:
    """(name, format spec, the value as the page writes it) of a {{ name:spec }} match."""
    parts = NAME_SPEC_RE.fullmatch(m["expr"].strip())
    if not parts:
        raise PageError(f"{where}: {m[0]} is not a value placeholder {{{{ name:format }}}}")
    name, spec = parts["name"], (parts["spec"] or "").strip()
    if name not in values:
        raise PageError(f"{where}: {{{{ {name} }}}} is not a value computed by the page's program")
    try:
        return name, spec, format_value(values[name], spec, **number_style(lang))
    except (ValueError, TypeError) as error:
        raise PageError(f"{where}: {{{{ {name}:{spec} }}}}: {error}") from None


def check_values(page: Page, values: dict | None, where: str, lang: str) -> None:
    """Before the values are filled in: a PageError naming, at file:line, every computed
    value the page quotes ({{ name:format }}) that its run cannot give, a name its
    program does not compute or a format that does not fit the value (values None: the
    page has no program). Placeholders written wrong are the page model's problems."""
    wrong = []
    for item in (i for s in page.sections for i in s.loose if i.kind == "value"):
        name, _, spec = (part.strip() for part in item.value.partition(":"))
        if values is None:
            why = "the page has no Python block to compute it"
        elif name not in values:
            why = f"{name} is not a value computed by the page's program"
        else:
            try:
                format_value(values[name], spec, **number_style(lang))
                continue
            except (ValueError, TypeError) as error:
                why = str(error)
        wrong.append(f"{where}:{item.line}: {{{{ {item.value} }}}}: {why}")
    if wrong:
        raise PageError("\n  ".join(["The page's values cannot be filled in:", *wrong]))


def fill_values(markdown: str, result: dict, where: str, lang: str) -> str:
    def replace(m):
        name, spec, text = value_text(m, result["values"], lang, where)
        spec_attr = f' data-format="{html.escape(spec)}"' if spec else ""
        return f'<span class="computed" data-name="{name}"{spec_attr}>{html.escape(text)}</span>'

    return VALUE_RE.sub(replace, markdown)


def needs(key: str, requires: list[str], lang: str, **values) -> str:
    """The words of ui.yml's `key`, with {packages} the page's requirements (and how to
    install trainlab when it is one of them)."""
    names = [f"`{r}`" for r in requires] or ["Python"]
    packages = (
        names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {ui('and', lang)} {names[-1]}"
    )
    words = ui(key, lang, packages=packages, **values)
    if "trainlab" in requires:
        words += "\n\n" + ui("run_trainlab", lang, **values)  # {command}: sitebuild.wheel
    return words


def add_run_note(markdown: str, requires: list[str], lang: str, buttons: str = "", **values) -> str:
    """Under the page's title: what the code needs, how to run it, and the page as a
    notebook and as a script."""
    body = needs("run_body", requires, lang, **values)
    note = f'??? info "{ui("run_title", lang)}"\n' + "\n".join(
        f"    {line}" if line else "" for line in body.splitlines()
    )
    if buttons:
        note += "\n\n" + buttons
    return after_title(markdown, note)


def run_note_html(requires: list[str], lang: str, **values) -> str:
    """The run note, for a notebook page (HTML: its Markdown is rendered already)."""
    import markdown as md

    body = needs("notebook_run_body", requires, lang, **values)
    return (
        f'<details class="info"><summary>{html.escape(ui("run_title", lang))}</summary>'
        f"{md.markdown(body)}</details>"
    )


def last_run(run: dict, lang: str) -> str:
    """The line that ends a page: when, with which PyTorch and on which device it ran."""
    words = ui("last_run", lang, date=run["date"], torch=run["torch"], device=run["device"])
    return f'<p class="last-run"><small>{html.escape(words)}</small></p>'
