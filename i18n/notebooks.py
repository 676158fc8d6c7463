"""Jupyter notebooks as the translation tools read and write them.

Notebook pages (docs/<lang>/*.ipynb, the lab workbook) are pages like the Markdown
ones: a code cell holds snippet includes only (``--8<-- "lab/classify.py:setup"``), so
the code is the tested code and the same in every language, and translators translate
the markdown cells and `metadata["course"]["description"]`.

For the translation tools (check, ledger, status) a notebook reads as a Markdown page
(`as_page`): its markdown cells as they are, each code cell as a ```python fence and
`metadata["course"]` as front matter. A heading's anchor is written the way Jupyter
shows it, `## Title <a id="anchor"></a>`, and reads as `## Title { #anchor }`. Line
numbers point into the .ipynb file, so a translator's editor jumps to the right line.

Plain JSON and PyYAML only: the translators' tool needs neither nbformat nor Jupyter.
The build (sitebuild/) executes and renders notebooks.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass

import yaml

from i18n.includes import find_includes

META = "course"  # our key in a notebook's (and a cell's) metadata
ANCHOR_TAG_RE = re.compile(r'[ \t]*<a id="(?P<id>[\w-]+)"></a>[ \t]*$')


class NotebookError(Exception):
    """A notebook that cannot be read; the message says where."""


def read(text: str, where: str) -> dict:
    """The notebook in `text` (nbformat 4) as plain JSON data, or a NotebookError
    naming the line."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise NotebookError(f"{where}:{error.lineno}: not valid JSON ({error.msg})") from None
    if not isinstance(data, dict) or data.get("nbformat") != 4:
        raise NotebookError(f"{where}: not a Jupyter notebook in format 4")
    cells = data.get("cells")
    if not isinstance(cells, list) or not all(
        isinstance(c, dict) and c.get("cell_type") in ("code", "markdown", "raw") for c in cells
    ):
        raise NotebookError(f"{where}: not a valid notebook (its cells are not a list of cells)")
    if not isinstance(data.get("metadata", {}), dict):
        raise NotebookError(f"{where}: not a valid notebook (its metadata is not a mapping)")
    for cell in cells:
        cell["source"] = cell_text(cell)  # a string, as Jupyter holds it in memory
    return data


def cell_text(cell) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


SOURCE_KEY_RE = re.compile(r'^(?P<indent>\s*)"source": (?P<rest>.*)$')


def source_lines(text: str, n_cells: int) -> list[list[int]]:
    """For each cell, the line of the .ipynb file that holds each of its source lines.
    Jupyter and nbformat write a cell's source as a list, one line of the cell per line
    of the file; a notebook written otherwise gets each cell's "source" line."""
    found: list[list[int]] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        m = SOURCE_KEY_RE.match(lines[i])
        if m:
            if m["rest"].rstrip(",") == "[":
                cell, i = [], i + 1
                while i < len(lines) and lines[i].strip() not in ("]", "],"):
                    cell.append(i + 1)
                    i += 1
                found.append(cell or [i])
            else:
                found.append([i + 1])
        i += 1
    if len(found) != n_cells:
        return [[1] for _ in range(n_cells)]
    return found


@dataclass
class PageView:
    """A notebook as the translation tools read it: Markdown, and for each of its lines
    the line of the .ipynb file it comes from."""

    markdown: str
    file_lines: list[int]
    problems: list[tuple[int, str]]  # (file line, message): what is wrong with the notebook itself

    def file_line(self, page_line: int) -> int:
        if 1 <= page_line <= len(self.file_lines):
            return self.file_lines[page_line - 1]
        return 1


def as_page(text: str) -> PageView:
    """The Markdown page a notebook reads as (see the module's docstring). A notebook
    that is not valid JSON reads as a page whose front matter is broken, so the checks
    report it with the line."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return PageView("", [], [(error.lineno, f"not valid JSON: {error.msg}")])
    if not isinstance(data, dict) or data.get("nbformat") != 4:
        return PageView("", [], [(1, "not a Jupyter notebook in format 4")])
    cells = data.get("cells", [])
    problems: list[tuple[int, str]] = []
    lines_of = source_lines(text, len(cells))
    out: list[str] = []
    where: list[int] = []

    def add(line: str, file_line: int) -> None:
        out.append(line)
        where.append(file_line)

    meta = (data.get("metadata") or {}).get(META) if isinstance(data, dict) else None
    if meta:
        meta_line = next(
            (n for n, line in enumerate(text.splitlines(), 1) if f'"{META}":' in line), 1
        )
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
        for line in ["---", *front.splitlines(), "---", ""]:
            add(line, meta_line)
    for cell, file_lines in zip(cells, lines_of, strict=True):
        source = cell_text(cell).splitlines()
        first, last = file_lines[0], file_lines[-1]
        if cell.get("cell_type") == "code":
            lines = [line for line in source if line.strip()]
            if len(find_includes("\n".join(source))) != len(lines) or not lines:
                problems.append(
                    (first, 'a code cell may hold snippet includes only (--8<-- "file.py:section")')
                )
            if cell.get("outputs"):
                problems.append(
                    (
                        first,
                        "a code cell has stored outputs: clear them (the build runs the notebook)",
                    )
                )
            add("```python", first)
            for k, line in enumerate(source):
                add(line, file_lines[min(k, len(file_lines) - 1)])
            add("```", last)
        elif cell.get("cell_type") == "markdown":
            for k, line in enumerate(source):
                add(_anchor_as_attribute(line), file_lines[min(k, len(file_lines) - 1)])
        else:
            continue
        add("", last)
    return PageView("\n".join(out) + "\n", where, problems)


def _anchor_as_attribute(line: str) -> str:
    if not line.startswith("#"):
        return line
    m = ANCHOR_TAG_RE.search(line)
    return f"{line[: m.start()]} {{ #{m['id']} }}" if m else line


def markdown_cells_map(nb: dict, change) -> bool:
    """Apply change(text) -> text to every markdown cell and to the metadata's
    description; True when something changed."""
    changed = False
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            new = change(cell_text(cell))
            if new != cell_text(cell):
                cell["source"], changed = new, True
    meta = nb.get("metadata", {}).get(META) or {}
    if isinstance(meta.get("description"), str):
        new = change(meta["description"])
        if new != meta["description"]:
            meta["description"], changed = new, True
    return changed


def write_text(nb) -> str:
    """The notebook as Jupyter writes it (nbformat's layout: one line of a cell per line
    of the file, keys sorted, an indent of one)."""
    nb = copy.deepcopy(dict(nb))
    metadata = nb.get("metadata", {})
    for key in ("orig_nbformat", "orig_nbformat_minor", "signature"):
        metadata.pop(key, None)
    for cell in nb.get("cells", []):
        cell.get("metadata", {}).pop("trusted", None)
        if isinstance(cell.get("source"), str):
            cell["source"] = cell["source"].splitlines(True)
        for output in cell.get("outputs", []):
            if isinstance(output.get("text"), str):
                output["text"] = output["text"].splitlines(True)
            for mime, value in output.get("data", {}).items():
                if isinstance(value, str) and (mime.startswith("text/") or mime.endswith("+xml")):
                    output["data"][mime] = value.splitlines(True)
    return (
        json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False, separators=(",", ": ")) + "\n"
    )
