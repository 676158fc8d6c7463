"""`python -m i18n spell`: the spelling of the translations' prose, by hunspell with the
language's dictionary (Debian's hunspell-fr, hunspell-ro, hunspell-ru, hunspell-sv),
beyond the words a language's allow-list accepts.

Only prose is read, through the page model (code, formulas, links' addresses and
placeholders are not prose), and an emphasised title the translation keeps exactly as
English writes it (a paper's title in Further reading) is left out. The allow-lists
are i18n/spelling/<lang>.txt, one word per line (# starts a comment), plus common.txt
for the names every language writes the same way (PyTorch, ReLU, trainlab): technical
terms a general dictionary does not know. A word belongs there only if it is right.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

from i18n.pages import DOCS, ROOT, SOURCE_LANGUAGE, parse_page

DICTIONARIES = {"fr": "fr_FR", "ro": "ro_RO", "ru": "ru_RU", "sv": "sv_SE"}
ALLOWED = ROOT / "i18n" / "spelling"
INSTALL = "apt-get install hunspell hunspell-fr hunspell-ro hunspell-ru hunspell-sv"
EMPHASIS_RE = re.compile(r"(?<!\*)\*[^*\s][^*]*\*(?!\*)")
# what prose may still hold that is not words: code in backticks (an admonition's
# title), HTML comments (the build's markers), snippet markers
NOT_WORDS_RE = re.compile(r"`[^`]*`|<!--.*?-->|--8<--[^\n]*")


class SpellingError(Exception):
    """hunspell or a dictionary is missing: one line that says what to install."""


def allowed(lang: str, folder: Path = ALLOWED) -> set[str]:
    words: set[str] = set()
    for name in ("common.txt", f"{lang}.txt"):
        path = folder / name
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                word = line.split("#", 1)[0].strip()
                if word:
                    words.add(word)
    return words


def prose(page: Path, english: Path | None) -> list[tuple[int, str]]:
    """(line, text) of the page's prose, without the emphasised spans that English's
    page has word for word (titles kept in English)."""
    kept: set[str] = set()
    if english is not None and english.is_file():
        for section in parse_page(english).sections:
            for _, text in section.prose:
                kept.update(" ".join(m.split()) for m in EMPHASIS_RE.findall(text))
    found = []
    for section in parse_page(page).sections:
        for line, text in section.prose:
            text = NOT_WORDS_RE.sub(" ", text)
            text = EMPHASIS_RE.sub(lambda m: " " if " ".join(m[0].split()) in kept else m[0], text)
            found.append((line, text))
    return found


def unknown_words(lang: str, lines: list[str]) -> set[str]:
    """The words of these lines that hunspell's dictionary for `lang` does not know
    (list mode: no suggestions are computed, which is what takes time)."""
    if shutil.which("hunspell") is None:
        raise SpellingError(f"hunspell is not installed: {INSTALL}")
    dictionary = DICTIONARIES.get(lang)
    if dictionary is None:
        raise SpellingError(f"no hunspell dictionary is known for {lang!r} (i18n/spelling.py)")
    result = subprocess.run(
        ["hunspell", "-l", "-d", dictionary],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    if result.returncode != 0 or "Can't open" in result.stderr:
        problem = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise SpellingError(f"hunspell -d {dictionary} failed ({problem}): {INSTALL}")
    # a token hunspell cut around punctuation: "AdamW." is AdamW; ".py" or "--" no word
    words = {word.rstrip(".") for word in result.stdout.split()}
    # and an identifier (torch.nn, zero_grad) or an address (pytorch.org) is no word
    return {word for word in words if word[:1].isalpha() and not set("._/") & set(word)}


def _lines(lang: str, docs: Path) -> list[tuple[Path, int, str]]:
    pages = sorted((docs / lang).glob("*.md")) + sorted((docs / lang).glob("*.ipynb"))
    return [
        (page, line, text)
        for page in pages
        for line, text in prose(page, docs / SOURCE_LANGUAGE / page.name)
    ]


def unused_allowed(lang: str, docs: Path = DOCS, folder: Path = ALLOWED) -> set[str]:
    """The words of i18n/spelling/<lang>.txt the language's pages no longer need: a word
    left there would let the same spelling through as a mistake later."""
    listed = allowed(lang, folder) - allowed("", folder)  # the language's own list
    return listed - unknown_words(lang, [text for _, _, text in _lines(lang, docs)])


def misspelled(lang: str, docs: Path = DOCS, folder: Path = ALLOWED) -> dict[str, list[str]]:
    """{word: ["docs/<lang>/page.md:line", ...]} for every word of the language's prose
    that neither the dictionary nor the allow-lists know."""
    lines = _lines(lang, docs)
    unknown = unknown_words(lang, [text for _, _, text in lines]) - allowed(lang, folder)
    where: dict[str, list[str]] = defaultdict(list)
    for word in sorted(unknown):
        pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
        where[word] = [
            f"{page.relative_to(docs.parent)}:{line}"
            for page, line, text in lines
            if pattern.search(text)
        ]
    return dict(where)
