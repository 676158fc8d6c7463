"""Putting a block under a page's title, in Markdown or in HTML: the run note, the
download buttons and the translation notices all go there."""

from __future__ import annotations

import re

TITLE_RE = re.compile(r"^# .*$", re.M)
H1_END_RE = re.compile(r"</h1>")


def after_title(markdown: str, block: str) -> str:
    """markdown with block after its first `# Title` line (first when it has none)."""
    m = TITLE_RE.search(markdown)
    if not m:
        return f"{block}\n\n{markdown}"
    return f"{markdown[: m.end()]}\n\n{block}\n{markdown[m.end() :]}"


def after_h1(content: str, block: str) -> str:
    """HTML content with block after its first </h1> (first when it has none)."""
    m = H1_END_RE.search(content)
    return content[: m.end()] + block + content[m.end() :] if m else block + content
