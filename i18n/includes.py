"""Snippet includes: the one way Python reaches a page, and the one resolver of them.

A page writes ``--8<-- "lesson/file.py:section"`` inside a fenced block; the file lives
under ``snippets/`` and marks the section with ``# --8<-- [start:section]`` and
``# --8<-- [end:section]``. This module finds includes in Markdown and resolves them.
Everything that reads an include (the checker, the page runner, the notebook pages, the
build's check before pymdownx.snippets inserts them) goes through `resolve`, which
accepts only a named section or a whole file inside snippets/: no absolute path, no
`..`, no symlink that leads out, and no line ranges (the runner would not honour them).
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parents[1]
SNIPPETS = ROOT / "snippets"

# Everything pymdownx.snippets would take for an include: --8<-- "path" (or 'path'),
# and the block form, a line that is only --8<-- (then paths, then --8<-- again).
INCLUDE_RE = re.compile(
    r"""^(?P<indent>[ \t]*);*-{1,}8<-{1,}[ \t]+(?P<q>["'])(?P<target>(?:\\.|(?!(?P=q)).)+)(?P=q)[ \t]*$"""
)
BLOCK_MARKER_RE = re.compile(r"^[ \t]*;*-{1,}8<-{1,}[ \t]*$")
SECTION_MARK_RE = re.compile(r"^\s*#\s*-{1,}8<-{1,}\s*\[(?P<kind>start|end):(?P<name>[\w-]+)\]\s*$")
SECTION_NAME_RE = re.compile(r"[A-Za-z][\w-]*")


class IncludeError(ValueError):
    """An include that does not resolve; the message says what is wrong (not where)."""


@dataclass(frozen=True)
class Include:
    line: int  # 1-based line in the Markdown source
    path: str  # as written, relative to snippets/
    section: str | None  # named section, or None for the whole file

    @property
    def target(self) -> str:
        return f"{self.path}:{self.section}" if self.section else self.path


def find_includes(markdown: str) -> list[Include]:
    """Every snippet include in a Markdown text, in page order. A block-form marker is
    returned as an include with an empty path, which `resolve` rejects."""
    found = []
    for number, line in enumerate(markdown.splitlines(), start=1):
        if BLOCK_MARKER_RE.match(line):
            found.append(Include(number, "", None))
            continue
        m = INCLUDE_RE.match(line)
        if not m:
            continue
        path, _, section = m["target"].partition(":")
        found.append(Include(number, path, section or None))
    return found


def snippet_file(include: Include, snippets_dir: Path = SNIPPETS) -> Path:
    """The file an include names, checked to lie inside snippets_dir."""
    if not include.path:
        raise IncludeError(
            'the block form of --8<-- is not allowed: write --8<-- "file.py:section"'
        )
    path = PurePosixPath(include.path)
    if path.is_absolute() or "\\" in include.path or ".." in path.parts or path.suffix != ".py":
        raise IncludeError(
            f'"{include.path}" is not a Python file inside snippets/ (a relative path, without ..)'
        )
    base = Path(snippets_dir).resolve()
    file = (base / path).resolve()  # follows symlinks: one that leads out is refused
    if not file.is_relative_to(base):
        raise IncludeError(f'"{include.path}" leads outside snippets/')
    if not file.is_file():
        raise IncludeError(f'snippet file "snippets/{include.path}" does not exist')
    return file


def sections_of(source: str) -> dict[str, tuple[int, int]]:
    """Map each well-formed named section of a snippet file to its (start, end) lines."""
    opened: dict[str, int] = {}
    closed: dict[str, tuple[int, int]] = {}
    for number, line in enumerate(source.splitlines(), start=1):
        m = SECTION_MARK_RE.match(line)
        if not m:
            continue
        name = m.group("name")
        if m.group("kind") == "start":
            opened[name] = number
        elif name in opened:
            closed[name] = (opened.pop(name), number)
    return closed


def resolve(include: Include, snippets_dir: Path = SNIPPETS) -> str:
    """The code an include inserts: its named section, dedented, or the whole file."""
    file = snippet_file(include, snippets_dir)
    source = file.read_text(encoding="utf-8")
    if include.section is None:
        return source
    if not SECTION_NAME_RE.fullmatch(include.section):
        raise IncludeError(
            f'"{include.target}": only a named section may follow the colon '
            "(line ranges are not allowed)"
        )
    span = sections_of(source).get(include.section)
    if span is None:
        known = ", ".join(sorted(sections_of(source))) or "none"
        raise IncludeError(
            f'snippet file "snippets/{include.path}" has no section "{include.section}" '
            f"(sections it has: {known})"
        )
    start, end = span
    lines = source.splitlines()[start : end - 1]
    return textwrap.dedent("\n".join(lines)) + "\n"


def check_include(include: Include, snippets_dir: Path = SNIPPETS) -> str | None:
    """None when the include resolves, else a sentence saying what is wrong."""
    try:
        resolve(include, snippets_dir)
    except IncludeError as error:
        return str(error)
    return None
