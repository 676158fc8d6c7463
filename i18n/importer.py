"""`python -m i18n import FILE --lang L [--page P]`: bring in a translation made elsewhere.

Machine-translation tools such as Co-op Translator deliver Markdown that has often been
through a wrong decoding on its way: UTF-8 bytes read as Windows-1252 or Mac Roman
("rÃ©seau", "r√©seau"), sometimes with bytes lost. The import
1. repairs the encoding: the whole text re-decoded from each candidate encoding, run by
   run (so a lost byte spoils only its own character), then ftfy for what is left; the
   candidate with the least damage wins, and what could not be repaired is reported by
   line;
2. reads Co-op Translator's metadata (below): `source_file` names the page when --page
   is not given, and a --page or --lang that contradicts it is refused;
3. pairs the file's headings with the English page's sections by content, not position:
   same heading level, same order, and the same things a translation keeps (the page
   model's kept and loose items). Includes, code, formulas, figures, {{ values }}, links,
   admonitions and anchors identify a section; inline code and numbers, which a
   translation may write differently, only tell apart sections that have none of those.
   A heading is given an English `{ #id }` only when the pairing is certain: every best
   pairing of the two pages pairs it so. Headings that do not correspond (no section
   with their content, out of order, or one of several that could be the same section)
   are reported with their line and what they contain, and keep no anchor;
4. writes docs/<lang>/<page> with English's front matter, only when every English
   section found its heading (--force writes it without the others), never over an
   existing translation without --force;
5. records the paired sections in the ledger as imported and needing review (never as
   up to date): `status` counts them stale until `mark-translated` is run for them.

Co-op Translator's metadata comes in two forms; both are read:
- before 0.16, an HTML comment opening the file:
  `<!--\\nCO_OP_TRANSLATOR_METADATA:\\n{"original_hash": ..., "translation_date": ...,
  "source_file": ..., "language_code": ...}\\n-->`, dropped from the written page;
- from 0.16, `.co-op-translator.json` in the language folder of its output
  (`translations/<lang>/.co-op-translator.json`, the translated files mirroring the source
  tree below it): one JSON object mapping each source file's path (relative to the source
  repository, POSIX slashes) to the same four fields. As Co-op Translator itself does, the
  import looks for that file in FILE's folder and then in each folder above it, and takes
  the entry keyed by FILE's path relative to that folder (or, failing that, the entry whose
  `source_file` is that path). The comment wins when a file has both.
`source_file` is a path in the repository that was translated, not ours: it names our
page when it is one of docs/en/'s Markdown pages or ends with `/<that page>`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import ftfy
import yaml

from i18n.check import MOJIBAKE_RE
from i18n.files import write_atomic
from i18n.ledger import LEDGER_DIR, NEEDS_REVIEW, load_ledger, save_ledger
from i18n.pages import (
    DOCS,
    SOURCE_LANGUAGE,
    Section,
    languages,
    parse_page,
    source_pages,
    split_front_matter,
)

METADATA_RE = re.compile(
    r"\A\s*<!--(?P<inner>(?:(?!-->).)*CO_OP_TRANSLATOR_METADATA(?:(?!-->).)*)-->\s*", re.S
)
METADATA_FILE = ".co-op-translator.json"
ENCODINGS = ("cp1252", "mac_roman", "latin-1")

# How alike the identifying items of two sections must be (Dice coefficient, per mille)
# to pair them; two sections with no identifying items pair by level and place only.
SAME_CONTENT = 500
# What a translation keeps but may still write differently: a number spelt out, backticks
# dropped or added (and a fence's code is compared as code). The other kinds identify.
SOFT_KINDS = frozenset({"number", "inline code", "fence"})

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
class Metadata:
    """Co-op Translator's record of a file, and where it was found."""

    fields: dict
    where: str  # "its CO_OP_TRANSLATOR_METADATA comment" or the JSON file's path

    @property
    def source_file(self) -> str | None:
        value = self.fields.get("source_file")
        return str(value).replace("\\", "/") if value else None

    @property
    def language_code(self) -> str | None:
        value = self.fields.get("language_code")
        return str(value) if value else None


@dataclass
class Unmatched:
    """A heading of the file that was given no English anchor."""

    line: int  # in the file as delivered
    title: str
    level: int
    contains: str  # what it holds that a translation keeps
    reason: str


@dataclass
class Missing:
    """An English section no heading of the file was paired with."""

    anchor: str
    title: str
    line: int  # in docs/en/<page>
    contains: str
    reason: str


@dataclass
class Imported:
    text: str  # the page as it will be written
    encoding: str  # how the input was repaired ("none" when it was clean)
    page: str = ""  # the English page it translates, relative to docs/en/
    unrepaired: list[tuple[int, str]] = field(default_factory=list)  # (input line, what is wrong)
    mapped: list[str] = field(default_factory=list)  # anchors given to the text's sections
    unmapped: list[Unmatched] = field(default_factory=list)  # headings given no anchor
    missing: list[Missing] = field(default_factory=list)  # English sections left unpaired
    dropped_metadata: bool = False
    metadata: Metadata | None = None
    english_sections: int = 0  # how many sections the English page has


class ImportRefused(ValueError):
    """The file's sections could not all be paired with English: nothing was written.
    The result says which, for the report."""

    def __init__(self, message: str, result: Imported):
        super().__init__(message)
        self.result = result


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


# ---------------------------------------------------------------- metadata


@dataclass
class _Delivered:
    """The file's text repaired, its metadata comment taken out."""

    text: str
    encoding: str
    metadata: Metadata | None
    comment_lines: int  # lines the comment took (0 without one)
    dropped_comment: bool = False


def _read_delivered(raw: str, lang: str, name: str) -> _Delivered:
    text, how = repair(raw, lang)
    m = METADATA_RE.match(text)
    if not m:
        return _Delivered(text, how, None, 0)
    inner = m["inner"]
    start, end = inner.find("{"), inner.rfind("}")
    line = 1 + text.count("\n", 0, m.start("inner") + max(start, 0))
    try:
        fields = json.loads(inner[start : end + 1]) if 0 <= start < end else None
    except json.JSONDecodeError as error:
        raise ValueError(
            f"{name}:{line + error.lineno - 1}: its CO_OP_TRANSLATOR_METADATA comment is not "
            f"valid JSON ({error.msg}): correct or remove the comment"
        ) from None
    if not isinstance(fields, dict):
        raise ValueError(
            f"{name}:{line}: its CO_OP_TRANSLATOR_METADATA comment holds no JSON object: "
            "correct or remove the comment"
        )
    metadata = Metadata(fields, "its CO_OP_TRANSLATOR_METADATA comment")
    return _Delivered(text[m.end() :], how, metadata, text.count("\n", 0, m.end()), True)


def metadata_file_entry(file: Path) -> Metadata | None:
    """The entry for `file` in the nearest .co-op-translator.json at or above its folder
    (Co-op Translator 0.16+); None when there is no such file or it has no entry for it."""
    file = Path(file).resolve()
    for folder in file.parents:
        path = folder / METADATA_FILE
        if not path.is_file():
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except UnicodeDecodeError:
            raise ValueError(f"{path}: not UTF-8 text") from None
        except json.JSONDecodeError as error:
            raise ValueError(f"{path}:{error.lineno}: not valid JSON ({error.msg})") from None
        if not isinstance(data, dict):
            raise ValueError(f"{path}: must be a JSON object mapping source files to metadata")
        key = file.relative_to(folder).as_posix()
        entry = data.get(key)
        if entry is None:
            entry = next(
                (
                    value
                    for value in data.values()
                    if isinstance(value, dict)
                    and str(value.get("source_file", "")).replace("\\", "/") == key
                ),
                None,
            )
        if entry is None:
            return None
        if not isinstance(entry, dict):
            raise ValueError(f"{path}: the entry for {key!r} is not a JSON object")
        return Metadata(entry, str(path))
    return None


def page_named_by(source_file: str, docs: Path = DOCS) -> str | None:
    """The English Markdown page a Co-op Translator `source_file` names: the page itself,
    or the longest page path the source file's path ends with."""
    found = [
        page
        for page in markdown_pages(docs)
        if source_file == page or source_file.endswith("/" + page)
    ]
    return max(found, key=len, default=None)


def markdown_pages(docs: Path = DOCS) -> list[str]:
    return [page for page in source_pages(docs) if page.endswith(".md")]


def choose_page(
    name: str, page: str | None, metadata: Metadata | None, *, force: bool, docs: Path
) -> str:
    """--page, or the page the metadata's source_file names; an error when they disagree."""
    source = metadata.source_file if metadata else None
    named = page_named_by(source, docs) if source else None
    if page is None:
        if named:
            return named
        why = (
            f"its source_file {source!r} ({metadata.where}) is no page of docs/{SOURCE_LANGUAGE}/"
            if source
            else "it has no Co-op Translator metadata naming its source_file"
        )
        raise ValueError(
            f"{name}: no --page given and {why}: give --page (the English page it translates)"
        )
    if named and named != page and not force:
        raise ValueError(
            f"{name}: --page {page} contradicts its source_file {source!r} ({metadata.where}), "
            f"which is docs/{SOURCE_LANGUAGE}/{named}: nothing written "
            f"(--force imports it as {page} anyway)"
        )
    return page


def check_language(name: str, lang: str, metadata: Metadata | None, *, force: bool) -> None:
    code = metadata.language_code if metadata else None
    if code is None or force:
        return
    normal = code.lower().replace("_", "-")
    if normal != lang and normal.split("-")[0] != lang:
        raise ValueError(
            f"{name}: --lang {lang} contradicts its language_code {code!r} ({metadata.where}): "
            "nothing written (--force imports it anyway)"
        )


# ---------------------------------------------------------------- structure


def import_translation(
    raw: str, lang: str, page: str, *, docs: Path = DOCS, name: str = "the file"
) -> Imported:
    """The page as it would be written, and how its sections pair with English."""
    return _import(_read_delivered(raw, lang, name), lang, page, docs=docs)


def _import(delivered: _Delivered, lang: str, page: str, *, docs: Path) -> Imported:
    if page not in markdown_pages(docs):
        raise ValueError(f"there is no English page docs/{SOURCE_LANGUAGE}/{page}")
    text, offset = delivered.text, delivered.comment_lines
    result = Imported("", delivered.encoding, page, metadata=delivered.metadata)
    result.dropped_metadata = delivered.dropped_comment
    result.unrepaired = [(n + offset, msg) for n, msg in unrepaired_lines(text, lang)]
    _, error, body_line = split_front_matter(text)
    if error is None and text.startswith("---"):  # their front matter: ours replaces it
        offset += body_line - 1
        text = "\n".join(text.splitlines()[body_line - 1 :]) + "\n"

    english = parse_page(docs / SOURCE_LANGUAGE / page)
    targets = [s for s in english.sections if s.level]
    theirs = [s for s in parse_page(Path(lang) / page, text).sections if s.level]
    result.english_sections = len(targets)
    pairs, candidates = pair_sections(theirs, targets)

    lines = text.splitlines()
    paired_line = {j: theirs[i].line + offset for i, j in pairs.items()}
    for i, section in enumerate(theirs):
        hashes = "#" * section.level
        j = pairs.get(i)
        if j is not None:
            lines[section.line - 1] = f"{hashes} {section.title} {{ #{targets[j].id} }}"
            continue
        lines[section.line - 1] = f"{hashes} {section.title}"  # an anchor of theirs goes too
        reason = _why_unpaired(i, theirs, targets, candidates, paired_line, offset, page)
        result.unmapped.append(
            Unmatched(
                section.line + offset, section.title, section.level, contains(section), reason
            )
        )
    result.mapped = [targets[j].id for j in sorted(pairs.values())]
    for j, target in enumerate(targets):
        if j in pairs.values():
            continue
        rivals = sorted(theirs[i].line + offset for i, js in candidates.items() if j in js)
        if len(rivals) > 1:
            reason = f"the headings on lines {_listed(rivals)} could each translate it"
        elif rivals:
            reason = f"the heading on line {rivals[0]} could translate it, or another section"
        else:
            reason = "no heading of the file has its level, place and content"
        if rivals:
            reason += ": the content cannot tell which"
        result.missing.append(
            Missing(target.id, target.title, target.line, contains(target), reason)
        )

    meta = {k: v for k, v in english.meta.items() if k != "description"}
    meta["description"] = ""
    front = (
        "---\n"
        + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, default_flow_style=None)
        + "---\n\n"
    )
    result.text = front + "\n".join(lines).strip("\n") + "\n"
    return result


def _why_unpaired(i, theirs, targets, candidates, paired_line, offset, page) -> str:
    js = candidates.get(i, set())
    if js:
        rivals = sorted(
            theirs[k].line + offset for k, other in candidates.items() if k != i and other & js
        )
        could = _listed([f"#{targets[j].id}" for j in sorted(js)], " or ")
        also = f", as could the heading(s) on line(s) {_listed(rivals)}" if rivals else ""
        return f"could translate {could}{also}: the content cannot tell which"
    for j, target in enumerate(targets):
        if j in paired_line and target.level == theirs[i].level:
            score = similarity(theirs[i], target)
            if score is not None and score >= SAME_CONTENT:
                return (
                    f"has the content of #{target.id}, which the heading on line "
                    f"{paired_line[j]} translates: out of order or repeated"
                )
    return f"matches no section of docs/{SOURCE_LANGUAGE}/{page} by level, place and content"


def signature(section: Section) -> Counter:
    """What the section keeps in any language, as a multiset of (kind, value); the words
    of a formula's \\text{} and its decimal marks are left out (a translation changes them)."""
    items: Counter = Counter()
    for item in (*section.kept, *section.loose):
        items[item.kind, item.key] += 1
    return items


def _dice(a: Counter, b: Counter) -> int:
    """Shared share of two multisets, per mille."""
    total = sum(a.values()) + sum(b.values())
    return round(2000 * sum((a & b).values()) / total) if total else 0


def _strong(items: Counter) -> Counter:
    return Counter({key: n for key, n in items.items() if key[0] not in SOFT_KINDS})


def similarity(theirs: Section, english: Section) -> int | None:
    """How much of what identifies the two sections they share (per mille): includes,
    code, formulas, figures, values, links, admonitions, anchors. None when neither has
    any of these (then only level and place can pair them); 0 when only one has."""
    a, b = signature(theirs), signature(english)
    if theirs.id and theirs.id == english.id:  # an anchor the file already has
        a["heading anchor", theirs.id] += 1
        b["heading anchor", english.id] += 1
    strong_a, strong_b = _strong(a), _strong(b)
    if not strong_a and not strong_b:
        return None
    return _dice(strong_a, strong_b)


def _weight(theirs: Section, english: Section) -> int | None:
    """A pair's weight in the best pairing; None when the two may not be paired."""
    if theirs.level != english.level:
        return None
    score = similarity(theirs, english)
    if score is None:  # level and place only; inline code and numbers they share count a bit
        soft = _dice(signature(theirs), signature(english))
        return 2 if soft >= SAME_CONTENT else 1
    return score if score >= SAME_CONTENT else None


def pair_sections(
    theirs: list[Section], english: list[Section]
) -> tuple[dict[int, int], dict[int, set[int]]]:
    """Pair the file's sections with the English ones: ({file index: English index} for
    the pairs every best pairing makes, {file index: English indexes it is paired with
    in some best pairing but not in all}).

    A best pairing keeps both orders, pairs only sections of the same level, and
    maximises the total weight of its pairs: a pair's content similarity when it is at
    least SAME_CONTENT, or 1 or 2 when neither section keeps anything identifying."""
    n, m = len(theirs), len(english)
    weight: dict[tuple[int, int], int] = {}
    for i, a in enumerate(theirs):
        for j, b in enumerate(english):
            w = _weight(a, b)
            if w is not None:
                weight[i, j] = w
    fwd = [[0] * (m + 1) for _ in range(n + 1)]  # best over theirs[:i], english[:j]
    for i in range(n + 1):
        for j in range(m + 1):
            best = max(fwd[i - 1][j] if i else 0, fwd[i][j - 1] if j else 0)
            if i and j and (i - 1, j - 1) in weight:
                best = max(best, fwd[i - 1][j - 1] + weight[i - 1, j - 1])
            fwd[i][j] = best
    bwd = [[0] * (m + 1) for _ in range(n + 1)]  # best over theirs[i:], english[j:]
    for i in range(n, -1, -1):
        for j in range(m, -1, -1):
            best = max(bwd[i + 1][j] if i < n else 0, bwd[i][j + 1] if j < m else 0)
            if i < n and j < m and (i, j) in weight:
                best = max(best, bwd[i + 1][j + 1] + weight[i, j])
            bwd[i][j] = best
    total = fwd[n][m]
    in_some_best: dict[int, set[int]] = {}
    for (i, j), w in weight.items():
        if fwd[i][j] + w + bwd[i + 1][j + 1] == total:
            in_some_best.setdefault(j, set()).add(i)
    pairs: dict[int, int] = {}
    for j, found in in_some_best.items():
        without_j = max(fwd[i][j] + bwd[i][j + 1] for i in range(n + 1))
        if len(found) == 1 and without_j < total:  # every best pairing pairs j with it
            pairs[next(iter(found))] = j
    candidates: dict[int, set[int]] = {}
    for j, found in in_some_best.items():
        for i in found:
            if i not in pairs and j not in pairs.values():
                candidates.setdefault(i, set()).add(j)
    return pairs, candidates


def contains(section: Section, limit: int = 4) -> str:
    """What a section keeps, in a few words, for a report."""
    shown = []
    order = {"inline code": 1, "number": 2}  # what identifies a section first
    for item in sorted((*section.kept, *section.loose), key=lambda i: order.get(i.kind, 0)):
        if item.kind == "fence":
            continue
        value = " ".join(item.value.split())
        if item.kind == "code":
            m = re.fullmatch(r'--8<--\s+"([^"]+)"', value)
            words = f"include {m[1]}" if m else "a code block"
        elif item.kind == "math":
            words = f"${_clip(value)}$"
        elif item.kind == "value":
            words = f"{{{{ {_clip(value)} }}}}"
        elif item.kind == "inline code":
            words = f"`{_clip(value)}`"
        elif item.kind == "anchor":
            words = f"{{ #{value} }}"
        elif item.kind == "admonition":
            words = f"`{value.lstrip('0123456789')}`"
        else:
            words = f"{item.kind} {_clip(value)}"
        if words not in shown:
            shown.append(words)
    if not shown:
        return "holds nothing a translation keeps: prose only"
    more = f" and {len(shown) - limit} more" if len(shown) > limit else ""
    return "holds " + ", ".join(shown[:limit]) + more


def _listed(things: list, joint: str = ", ", limit: int = 5) -> str:
    shown = joint.join(map(str, things[:limit]))
    return shown + (f" and {len(things) - limit} more" if len(things) > limit else "")


def _clip(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


# ---------------------------------------------------------------- writing and recording


def run_import(
    file: Path,
    lang: str,
    page: str | None = None,
    *,
    force: bool = False,
    docs: Path = DOCS,
    ledger_dir: Path = LEDGER_DIR,
) -> tuple[Imported, Path]:
    """Import FILE as docs/<lang>/<page>. Every refusal is a ValueError (ImportRefused
    when sections could not be paired) raised before anything is written."""
    if lang == SOURCE_LANGUAGE or lang not in languages():
        raise ValueError(
            f"--lang {lang}: not a translated language of the site "
            f"({', '.join(x for x in languages() if x != SOURCE_LANGUAGE)})"
        )
    file = Path(file)
    name = str(file)
    if not file.is_file():
        raise ValueError(f"{name}: no such file")
    raw = file.read_bytes().decode("utf-8", errors="replace")
    delivered = _read_delivered(raw, lang, name)
    if delivered.metadata is None:
        delivered.metadata = metadata_file_entry(file)
    page = choose_page(name, page, delivered.metadata, force=force, docs=docs)
    check_language(name, lang, delivered.metadata, force=force)
    target = docs / lang / page
    if target.exists() and not force:
        raise ValueError(
            f"{name}: docs/{lang}/{page} exists: nothing written (use --force to replace it)"
        )
    result = _import(delivered, lang, page, docs=docs)
    if not result.mapped or (result.missing and not force):
        anchors = ", ".join(f"#{m.anchor}" for m in result.missing[:6])
        anchors += ", …" if len(result.missing) > 6 else ""
        raise ImportRefused(
            f"{name}: {len(result.missing)} of {result.english_sections} section(s) of "
            f"docs/{SOURCE_LANGUAGE}/{page} have no matching heading in it ({anchors}): "
            "nothing written"
            + ("" if not result.mapped else " (--force writes the page without them)"),
            result,
        )
    english = parse_page(docs / SOURCE_LANGUAGE / page)
    ledger = load_ledger(lang, ledger_dir)  # read before writing: a bad ledger stops us here
    write_atomic(target, result.text)
    ledger[page] = {a: NEEDS_REVIEW + english.section(a).source_hash() for a in result.mapped}
    save_ledger(lang, ledger, ledger_dir)
    return result, target
