"""`python -m i18n import FILE --lang L --page P`: bring in a translation made elsewhere.

Machine-translation tools such as Co-op Translator write Markdown that starts with a
CO_OP_TRANSLATOR_METADATA comment (their own whole-file staleness record) and has often
been through a wrong decoding on its way: UTF-8 bytes read as Windows-1252 or Mac Roman
("rÃ©seau", "r√©seau"), sometimes with bytes lost. The import
1. repairs the encoding: the whole text re-decoded from each candidate encoding, run by
   run (so a lost byte spoils only its own character), then ftfy for what is left; the
   candidate with the least damage wins;
2. reports, with line numbers, what could not be repaired;
3. drops the foreign metadata comment;
4. maps the text's headings onto the English page's sections (same order and levels),
   giving each its `{ #id }`, and takes the front matter from English;
5. writes docs/<lang>/<page> (never over an existing translation without --force) and
   records the mapped sections' English hashes in the ledger.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import ftfy
import yaml

from i18n.check import MOJIBAKE_RE
from i18n.files import write_atomic
from i18n.ledger import LEDGER_DIR, load_ledger, save_ledger
from i18n.pages import (
    DOCS,
    HEADING_RE,
    SOURCE_LANGUAGE,
    in_code,
    languages,
    parse_page,
    split_front_matter,
)

METADATA_RE = re.compile(
    r"\A\s*<!--(?:(?!-->).)*CO_OP_TRANSLATOR_METADATA(?:(?!-->).)*-->\s*", re.S
)
ENCODINGS = ("cp1252", "mac_roman", "latin-1")

# Letters each language writes besides ASCII; any other letter in a repaired text is a
# sign of a character lost in a wrong decoding. Greek is allowed (formulas).
ALPHABETS = {
    "en": "",
    "fr": "àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ",
    "ro": "ăâîșțĂÂÎȘȚ",
    "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ",
    "sv": "åäöéÅÄÖÉ",
    "de": "äöüßÄÖÜ",
}


@dataclass
class Imported:
    text: str  # the page as it will be written
    encoding: str  # how the input was repaired ("none" when it was clean)
    unrepaired: list[tuple[int, str]] = field(default_factory=list)  # (input line, what is wrong)
    mapped: list[str] = field(default_factory=list)  # anchors given to the text's sections
    unmapped: list[tuple[int, str]] = field(default_factory=list)  # headings with no English match
    dropped_metadata: bool = False


# ---------------------------------------------------------------- encoding


def redecode(text: str, encoding: str) -> str:
    """Undo "UTF-8 bytes decoded as <encoding>" run by run; bytes that do not form
    UTF-8 (a lost byte) keep their characters, for the report to find."""

    def fix_run(m: re.Match) -> str:
        run = m[0]
        out, chunk = [], []
        for ch in run + "\0":  # sentinel flushes the last chunk
            try:
                ch.encode(encoding)
                ok = ch != "\0"
            except UnicodeEncodeError:
                ok = False
            if ok:
                chunk.append(ch)
                continue
            if chunk:
                raw = "".join(chunk).encode(encoding)
                decoded = raw.decode("utf-8", errors="surrogateescape")
                out.append(
                    "".join(
                        bytes([ord(c) - 0xDC00]).decode(encoding)
                        if 0xDC80 <= ord(c) <= 0xDCFF
                        else c
                        for c in decoded
                    )
                )
                chunk = []
            if ch != "\0":
                out.append(ch)
        return "".join(out)

    return re.sub(r"[^\x00-\x7f]+", fix_run, text)


def damage(text: str, lang: str) -> int:
    """How broken a text looks: mojibake sequences, replacement characters, letters
    the language does not write."""
    return (
        10 * len(MOJIBAKE_RE.findall(text))
        + 5 * text.count("\ufffd")
        + sum(1 for line in text.splitlines() for _ in foreign_letters(line, lang))
    )


def foreign_letters(line: str, lang: str) -> list[str]:
    allowed = ALPHABETS.get(lang)
    if allowed is None:
        return []
    return [
        ch
        for ch in line
        if ord(ch) > 127
        and unicodedata.category(ch).startswith("L")
        and ch not in allowed
        and not ("\u0370" <= ch <= "\u03ff")
    ]


def repair(text: str, lang: str) -> tuple[str, str]:
    """(repaired text, what was done)."""
    text = text.lstrip("\ufeff")
    candidates = [("none", text), ("ftfy", ftfy.fix_text(text))]
    for encoding in ENCODINGS:
        once = redecode(text, encoding)
        candidates.append((f"{encoding} re-decoding", once))
        candidates.append((f"{encoding} re-decoding + ftfy", ftfy.fix_text(once)))
    name, best = min(candidates, key=lambda c: (damage(c[1], lang), len(c[0])))
    return unicodedata.normalize("NFC", best), name


def unrepaired_lines(text: str, lang: str) -> list[tuple[int, str]]:
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        m = MOJIBAKE_RE.search(line)
        letters = foreign_letters(line, lang)
        if m:
            found.append((number, f"mojibake {m[0]!r} left"))
        elif "\ufffd" in line:
            found.append((number, "a character was lost (U+FFFD)"))
        elif letters:
            shown = "".join(dict.fromkeys(letters))
            found.append(
                (
                    number,
                    f"letters {shown!r} that {lang} does not use: a character lost in a wrong decoding",
                )
            )
    return found


# ---------------------------------------------------------------- structure


def import_translation(raw: str, lang: str, page: str, *, docs: Path = DOCS) -> Imported:
    english_path = docs / SOURCE_LANGUAGE / page
    if not english_path.is_file():
        raise ValueError(f"there is no English page docs/{SOURCE_LANGUAGE}/{page}")
    text, how = repair(raw, lang)
    result = Imported("", how)
    m = METADATA_RE.match(text)
    offset = 0
    if m:
        result.dropped_metadata = True
        offset = text.count("\n", 0, m.end())
        text = text[m.end() :]
    result.unrepaired = [(n + offset, msg) for n, msg in unrepaired_lines(text, lang)]
    _, error, body_line = split_front_matter(text)
    if error is None and text.startswith("---"):  # their front matter: ours replaces it
        offset += body_line - 1
        text = "\n".join(text.splitlines()[body_line - 1 :]) + "\n"

    english = parse_page(english_path)
    targets = [s for s in english.sections if s.level]
    lines = text.splitlines()
    headings = []  # (index in lines, level, title)
    for i, (line, code) in enumerate(zip(lines, in_code(lines), strict=True)):
        h = HEADING_RE.match(line) if not code and line.startswith("#") else None
        if h:
            headings.append((i, len(h["hashes"]), h["title"]))
    # align their heading levels with ours (a translation keeps the order)
    matcher = difflib.SequenceMatcher(
        a=[lvl for _, lvl, _ in headings], b=[s.level for s in targets], autojunk=False
    )
    pairs = {}
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            pairs[block.a + k] = targets[block.b + k]
    for k, (i, _, title) in enumerate(headings):
        target = pairs.get(k)
        if target is None:
            result.unmapped.append((i + 1 + offset, title))
            continue
        lines[i] = f"{'#' * target.level} {title} {{ #{target.id} }}"
        result.mapped.append(target.id)

    meta = {k: v for k, v in english.meta.items() if k != "description"}
    meta["description"] = ""
    front = (
        "---\n"
        + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, default_flow_style=None)
        + "---\n\n"
    )
    result.text = front + "\n".join(lines).strip("\n") + "\n"
    return result


def run_import(
    file: Path,
    lang: str,
    page: str,
    *,
    force: bool = False,
    docs: Path = DOCS,
    ledger_dir: Path = LEDGER_DIR,
) -> tuple[Imported, Path]:
    if lang == SOURCE_LANGUAGE or lang not in languages():
        raise ValueError(
            f"--lang {lang}: not a translated language of the site "
            f"({', '.join(x for x in languages() if x != SOURCE_LANGUAGE)})"
        )
    file = Path(file)
    if not file.is_file():
        raise ValueError(f"{file}: no such file")
    target = docs / lang / page
    if target.exists() and not force:
        raise ValueError(f"docs/{lang}/{page} exists: nothing written (use --force to replace it)")
    raw = file.read_bytes().decode("utf-8", errors="replace")
    result = import_translation(raw, lang, page, docs=docs)
    write_atomic(target, result.text)
    english = parse_page(docs / SOURCE_LANGUAGE / page)
    ledger = load_ledger(lang, ledger_dir)
    entry = ledger.setdefault(page, {})
    for anchor in result.mapped:
        entry[anchor] = english.section(anchor).source_hash()
    save_ledger(lang, ledger, ledger_dir)
    return result, target
