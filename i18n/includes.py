"""Snippet includes: the one way Python reaches a page.

A page writes ``--8<-- "lesson/file.py:section"`` inside a fenced block; the file lives
under ``snippets/`` and marks the section with ``# --8<-- [start:section]`` and
``# --8<-- [end:section]``. This module finds includes in Markdown and checks them
against the files, so a wrong name fails with a message that says where and what.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SNIPPETS = ROOT / "snippets"

# --8<-- "path" or --8<-- "path:section" (pymdownx.snippets' single-line form)
INCLUDE_RE = re.compile(
    r"""^(?P<indent>[ \t]*)-{1,}8<-{1,}[ \t]+(?P<q>["'])(?P<target>[^"']+)(?P=q)[ \t]*$"""
)
SECTION_MARK_RE = re.compile(r"^\s*#\s*-{1,}8<-{1,}\s*\[(?P<kind>start|end):(?P<name>[\w-]+)\]\s*$")


@dataclass(frozen=True)
class Include:
    line: int  # 1-based line in the Markdown source
    path: str  # relative to snippets/
    section: str | None  # named section, or None for the whole file (or a line range)

    @property
    def target(self) -> str:
        return f"{self.path}:{self.section}" if self.section else self.path


def find_includes(markdown: str) -> list[Include]:
    """Every single-line snippet include in a Markdown text, in page order."""
    found = []
    for number, line in enumerate(markdown.splitlines(), start=1):
        m = INCLUDE_RE.match(line)
        if not m:
            continue
        path, _, rest = m.group("target").partition(":")
        # "file.py:3:9" is a line range, "file.py:name" a named section
        section = rest if rest and not rest.split(":")[0].isdigit() else None
        found.append(Include(number, path, section))
    return found


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


def check_include(include: Include, snippets_dir: Path = SNIPPETS) -> str | None:
    """None when the include resolves, else a sentence saying what is wrong."""
    file = snippets_dir / include.path
    if not file.is_file():
        return f'snippet file "snippets/{include.path}" does not exist'
    if include.section is None:
        return None
    sections = sections_of(file.read_text(encoding="utf-8"))
    if include.section not in sections:
        known = ", ".join(sorted(sections)) or "none"
        return (
            f'snippet file "snippets/{include.path}" has no section "{include.section}" '
            f"(sections it has: {known})"
        )
    return None
