"""Checks a translated page against its English source: `python -m i18n check`.

Every problem of every kind is reported in one run, each at its own line as
`file:line: message: fix` (`--json`: {file, line, kind, message, fix}). A translation
may change prose only: headings keep their anchors, levels and order, code and includes
are byte-identical, math, figures, computed values, admonitions, links and typed numbers
are the English ones. Each section is compared with the English section it translates
(i18n.pages.section_groups): the one with the same anchor, or, where an anchor was
translated or dropped, the one in the same place, so that a wrong heading hides nothing
else. On top of that: the glossary's terms are used, the text is clean UTF-8 (no
mojibake, no cedilla in Romanian, French spacing), and nothing reaches the HTML that
English does not have (raw HTML, attribute lists, addresses: i18n.trust).

The build refuses a translation whose heading anchors are not English's by calling
`anchor_problems`: the same comparison, not a second one.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from i18n.pages import (
    DECIMAL_POINT_RE,
    DOCS,
    FRONT_MATTER_KEYS,
    PAGE_SUFFIXES,
    ROOT,
    SOURCE_LANGUAGE,
    Found,
    Item,
    Page,
    Section,
    SectionGroup,
    align_headings,
    comma_decimals,
    front_matter_end,
    heading_anchor_problem,
    in_code,
    languages,
    last_line,
    parse_page,
    placeholder_problem,
    section_groups,
    source_pages,
    split_front_matter,
)
from i18n.trust import LINKED, NOT_A_PAGE, folder_problems, trust_problems
from i18n.words import FIGURES, UI, number_style

GLOSSARY = ROOT / "i18n" / "glossary.yml"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong, at its line. Kinds: heading, code, formula, figure, admonition,
    anchor, value, placeholder, link, inline code, number, front matter, glossary,
    typography, encoding, unsafe, markup (HTML English has that the page lacks),
    notebook, missing page."""

    path: str
    line: int
    message: str
    kind: str = "page"  # what is wrong, for counting: heading, code, value, unsafe, ...
    fix: str = ""  # what to do about it, in one line

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" + (f": {self.fix}" if self.fix else "")

    def as_json(self) -> dict:
        return {
            "file": self.path,
            "line": self.line,
            "kind": self.kind,
            "message": self.message,
            "fix": self.fix,
        }


def _found(where: str, found: tuple) -> Problem:
    """The page model's or i18n.trust's (line, message), with its kind and fix."""
    line, message = found
    return Problem(where, line, message, getattr(found, "kind", "page"), getattr(found, "fix", ""))


def display(path: Path) -> str:
    path = Path(path).resolve()
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


# ---------------------------------------------------------------- glossary


@functools.cache
def _glossary(path: Path = GLOSSARY) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def glossary(path: Path = GLOSSARY) -> dict[str, dict[str, list[str]]]:
    """term id -> language -> forms (the first is the term our pages use)."""
    return {
        term: {
            lang: [forms] if isinstance(forms, str) else list(forms or [])
            for lang, forms in entry.items()
        }
        for term, entry in _glossary(Path(path)).items()
    }


def _normal(text: str) -> str:
    text = (
        unicodedata.normalize("NFC", text)
        .replace("’", "'")
        .replace("\u00a0", " ")
        .replace("\u202f", " ")
    )
    return text.casefold()


@functools.cache
def _form_re(form: str) -> re.Pattern:
    # "крив* обучения": * stands for any word ending, so one form covers every case
    pattern = re.escape(_normal(form)).replace(r"\ ", r"\s+").replace(r"\*", r"\w*")
    return re.compile(r"(?<!\w)" + pattern)


def uses(text: str, forms: list[str]) -> bool:
    text = _normal(text)
    return any(_form_re(form).search(text) for form in forms)


# ---------------------------------------------------------------- text quality

MOJIBAKE_RE = re.compile(
    # UTF-8 read as Windows-1252 / Latin-1: Ã©, Ã¨, â€™, â€œ, Ã¥ ...; as Mac Roman: √©, √•, ‚Äô ...
    r"Ã[\u0080-\u00bf©¨ª«®´¶·¸¹º»¼½¾¿¡¢£¤¥¦§™•–—‘’“”„†‡…‰‹›€ƒ]|â€[\u0080-\u00bf™œ\u009d¦¢¡°”“˜]"
    r"|Â[\u00a0-\u00bf]|√[©®Ø∂•§ü∏∫º¥]|‚Ä[ô¶ú\u00a0ùîì]|Ð[\u0080-\u00bf°±²³´µ¶·¸¹º»¼½¾¿]|Ñ[\u0080-\u008f€‚ƒ„…†‡ˆ‰Š‹ŒŽ]"
    r"|\ufffd"
)
CEDILLA = {"ş": "ș", "ţ": "ț", "Ş": "Ș", "Ţ": "Ț"}
FRENCH_SPACE_RE = re.compile(r"(?P<before> )(?P<mark>[:;!?»])|(?P<open>«)(?P<after> )")
FRENCH_TIGHT_RE = re.compile(r"(?P<word>\w)(?P<mark>[;!?»])(?!\w)|(?P<open>«)(?P<next>\w)")


# an interval named as one in French prose, with a round bracket for an open end: French
# turns the square bracket outwards instead, "l'intervalle ]0, 1[" for (0, 1)
_BOUND = r"[−+]?(?:\d+(?:,\d+)?|∞)"
FRENCH_INTERVAL_RE = re.compile(
    rf"(?P<word>\bintervalles?\s+)(?P<open>[(\[])(?P<a>{_BOUND}), (?P<b>{_BOUND})(?P<close>[)\]])"
)


def french_interval(m: re.Match) -> str | None:
    """The French writing of the interval `m` matched, or None when it has no open end."""
    if m["open"] == "[" and m["close"] == "]":
        return None
    sep = "\u202f; " if "," in m["a"] + m["b"] else ", "  # 0,5 ; 1 keeps the bounds apart
    opening = "]" if m["open"] == "(" else "["
    closing = "[" if m["close"] == ")" else "]"
    return f"{opening}{m['a']}{sep}{m['b']}{closing}"


# a percentage typed in prose, "15%" or "15 %" (an ordinary space)
PERCENT_RE = re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)?)(?: ?)%")
# a negative number typed with a hyphen: "[-1, 1]", "from -3" (not "1-5", "x-1", "--")
HYPHEN_MINUS_RE = re.compile(r"(?:(?<=[\s(\[])|^)-(\d+(?:[.,]\d+)?)\b")
# A decimal below one written with a point (0.01, 0.9): a hyperparameter typed in prose.
# Only these: a point in 3.11 or 2.13 is usually a version, which keeps its point.
DOT_DECIMAL_RE = re.compile(r"(?<![\w.,])0\.\d+(?!\w|[.,]\d)")
BY_FIX = "`python -m i18n fix` does it"


def writes_decimal_comma(lang: str) -> bool:
    """Whether the language writes 0,5 (ui.yml's decimal_mark, which the build follows
    for computed numbers)."""
    return number_style(lang)["decimal"] == ","


def text_problems(lang: str, line: int, prose: str) -> list[Found]:
    found = []
    dotted = DOT_DECIMAL_RE.findall(prose)
    if dotted and writes_decimal_comma(lang):
        found += [
            Found(
                line,
                f"{number} is written with a point, but this language writes decimals with "
                "a comma (code and commands keep the point)",
                "typography",
                f"write {number.replace('.', ',')} ({BY_FIX})",
            )
            for number in dotted
        ]
    m = MOJIBAKE_RE.search(prose)
    if m:
        found.append(
            Found(
                line,
                f"mojibake {m[0]!r} (UTF-8 text decoded with the wrong encoding)",
                "encoding",
                "repair it with `python -m i18n import`, or retype it",
            )
        )
    if lang == "ro":
        for bad, good in CEDILLA.items():
            if bad in prose:
                found.append(
                    Found(
                        line,
                        f"Romanian {bad!r} with a cedilla",
                        "typography",
                        f"write {good!r}, with a comma below ({BY_FIX})",
                    )
                )
    if lang == "fr":
        for m in FRENCH_SPACE_RE.finditer(prose):
            mark = m["mark"] or m["open"]
            found.append(
                Found(
                    line,
                    f"French: the space next to {mark!r} must be a no-break space (U+00A0 or U+202F)",
                    "typography",
                    BY_FIX,
                )
            )
        for m in FRENCH_TIGHT_RE.finditer(prose):
            mark = m["mark"] or m["open"]
            found.append(
                Found(
                    line,
                    f"French: {mark!r} needs a no-break space (U+00A0 or U+202F) next to it",
                    "typography",
                    BY_FIX,
                )
            )
    if lang == "fr":
        for m in FRENCH_INTERVAL_RE.finditer(prose):
            if written := french_interval(m):
                found.append(
                    Found(
                        line,
                        f"French: the interval {m[0][len(m['word']) :]!r} has an open end; "
                        "French turns its bracket outwards",
                        "typography",
                        f"write {written} ({BY_FIX})",
                    )
                )
    if number_style(lang)["percent"].startswith("\u00a0"):
        for m in PERCENT_RE.finditer(prose):
            found.append(
                Found(
                    line,
                    f"{m[0].strip()!r}: this language puts a no-break space before %, as the "
                    "build writes computed percentages",
                    "typography",
                    f"write {m[1]}\u00a0% ({BY_FIX})",
                )
            )
    for m in HYPHEN_MINUS_RE.finditer(prose):
        found.append(
            Found(
                line,
                f"'-{m[1]}': a negative number is written with the minus sign − (U+2212), "
                "not a hyphen",
                "typography",
                f"write −{m[1]} ({BY_FIX})",
            )
        )
    if lang == "sv" and "—" in prose:
        found.append(
            Found(
                line,
                "Swedish: a dash in a sentence is a spaced en dash ( – ), not an em dash (—)",
                "typography",
                BY_FIX,
            )
        )
    return found


# ---------------------------------------------------------------- comparing with English


def check_page(path: Path, lang: str | None = None, source: Path | None = None) -> list[Problem]:
    """Problems of the translation at `path` (docs/<lang>/<page>.md) against English,
    every kind of them, sorted by line."""
    path = Path(path)
    if path.is_symlink():  # what it points to may be anywhere: not read
        return [Problem(_unfollowed(path), 1, LINKED, "unsafe", LINK_FIX)]
    lang = lang or _language_of(path)
    source = source or _source_of(path)
    where = display(path)
    text = path.read_text(encoding="utf-8", errors="replace")
    page = parse_page(path, text)
    problems = [_found(where, p) for p in page.problems]
    if page.unreadable:  # a broken notebook: comparing it with English would only echo that
        return sorted(problems)
    if page.meta_error:
        problems.append(
            Problem(
                where,
                int(m[1]) if (m := re.match(r"line (\d+): ", page.meta_error)) else 1,
                f"broken front matter: {page.meta_error}",
                "front matter",
                "correct the YAML between the two --- lines (key: value, one per line); a "
                'value that contains ": " goes in double quotes (python -m i18n fix does it)',
            )
        )
    if not source.is_file():
        problems.append(
            Problem(
                where,
                1,
                f"no English page {display(source)} to translate from",
                "missing page",
                "give the file the name of the English page it translates, or remove it",
            )
        )
        return _settled(problems)
    english = parse_page(source)
    problems += [_found(where, p) for p in trust_problems(page, english)]
    problems += _compare_meta(page, english, where)
    problems += heading_problems(page, english, where)
    groups = section_groups(page, english)
    for group in groups:
        problems += _compare_group(group, page, where)
    if lang != SOURCE_LANGUAGE:
        problems += _check_prose(page, groups, lang, where)
    return _settled(problems)


def _settled(problems: list[Problem]) -> list[Problem]:
    """Each problem once, sorted by file and line. Where the comparison with English
    says more about a problem the page model found (the same line and message: a heading
    without its anchor, a broken placeholder), its fix, which names what English has,
    replaces the page model's."""
    latest = {(p.path, p.line, p.message): p for p in problems}
    return sorted(latest.values())


LINK_FIX = "put the file itself there: a translation's pages are plain files"


def _unfollowed(path: Path) -> str:
    """A path for messages, a link at its end not followed (display would follow it)."""
    return f"{display(path.parent)}/{path.name}"


def _language_of(path: Path) -> str:
    parts = Path(path).resolve().parts
    langs = set(languages())
    for part in reversed(parts[:-1]):
        if part in langs:
            return part
    raise ValueError(f"{path}: not under docs/<language>/")


def _source_of(path: Path) -> Path:
    resolved = Path(path).resolve()
    lang = _language_of(resolved)
    base = next(p for p in resolved.parents if p.name == lang)
    return base.parent / SOURCE_LANGUAGE / resolved.relative_to(base)


def english_source(path: Path) -> Path | None:
    """The English page a translation at `path` translates (docs/<lang>/x.md:
    docs/en/x.md), None for a page of no translation's folder."""
    try:
        return _source_of(path) if _language_of(path) != SOURCE_LANGUAGE else None
    except ValueError:
        return None


def _compare_meta(page: Page, english: Page, where: str) -> list[Problem]:
    problems = []
    if page.meta.get("requires") != english.meta.get("requires"):
        problems.append(
            Problem(
                where,
                1,
                f"front matter: requires must be {english.meta.get('requires')!r} "
                f"as in English, not {page.meta.get('requires')!r}",
                "front matter",
                f"write `requires: [{', '.join(english.meta.get('requires') or [])}]` as in English"
                if english.meta.get("requires") is not None
                else "remove the requires line, as in English",
            )
        )
    if english.meta.get("description") and not page.meta.get("description"):
        problems.append(
            Problem(
                where,
                1,
                "front matter: the page needs a translated description",
                "front matter",
                "add `description:` with the English description translated",
            )
        )
    # keys outside the schema are the page model's problems (i18n.pages)
    extra = set(page.meta) & set(FRONT_MATTER_KEYS) - set(english.meta) - {"translation"}
    if extra:
        problems.append(
            Problem(
                where,
                1,
                f"front matter: keys the English page does not have: {', '.join(sorted(extra))}",
                "front matter",
                "remove them",
            )
        )
    return problems


# ---------------------------------------------------------------- headings


def anchor_problems(page: Page, english: Page, where: str = "") -> list[Problem]:
    """A heading anchor English does not have, and an English anchor the translation
    lacks, each at the translation's line where it is (or would be). The build refuses
    a translation with any of them: the language selector jumps to the same section by
    its anchor. Headings pair as i18n.pages.align_headings pairs them: a translated
    anchor is one problem, at its heading, naming the anchor English has there."""
    problems = []
    pairs = align_headings(page, english)
    for k, pair in enumerate(pairs):
        mine, theirs = pair.mine, pair.english
        if mine and theirs and pair.by == "position":
            if mine.id:
                problems.append(
                    Problem(
                        where,
                        mine.line,
                        f"heading anchor {{ #{mine.id} }} is not in the English page, which has "
                        f"{{ #{theirs.id} }} here (English line {theirs.line})",
                        "heading",
                        f"keep `{{ #{theirs.id} }}` as in English",
                    )
                )
            else:  # the page model reports the heading: here with the anchor to give it
                found = heading_anchor_problem(_heading_line(mine), mine.line)
                problems.append(
                    Problem(
                        where,
                        mine.line,
                        found.message,
                        "heading",
                        f"end it with `{{ #{theirs.id} }}` as in English (English line "
                        f"{theirs.line})",
                    )
                )
        elif mine and not theirs:
            merge = "merge its text into the section above, as English has it, or remove it"
            if mine.id:
                problems.append(
                    Problem(
                        where,
                        mine.line,
                        f"heading anchor {{ #{mine.id} }} is not in the English page, which has "
                        "no heading here",
                        "heading",
                        merge,
                    )
                )
            else:
                found = heading_anchor_problem(_heading_line(mine), mine.line)
                problems.append(
                    Problem(
                        where,
                        mine.line,
                        found.message,
                        "heading",
                        f"English has no heading here: {merge}",
                    )
                )
        elif theirs and not mine:
            after = next((p.mine for p in pairs[k + 1 :] if p.mine), None)
            if after:
                line, place = after.line, "before this heading"
            else:
                line = last_line(page.sections[-1]) if page.sections else page.body_start
                place = "at the end of the page"
            problems.append(
                Problem(
                    where,
                    line,
                    f"the heading {'#' * theirs.level} … {{ #{theirs.id} }} of English line "
                    f"{theirs.line} is missing",
                    "heading",
                    f"add it {place}, ending with `{{ #{theirs.id} }}`, with its section translated",
                )
            )
    return problems


def heading_problems(page: Page, english: Page, where: str = "") -> list[Problem]:
    """Everything about headings: anchor_problems, then levels and order."""
    problems = anchor_problems(page, english, where)
    order = [s.id for s in english.sections if s.level]
    for pair in align_headings(page, english):
        mine, theirs = pair.mine, pair.english
        if not (mine and theirs):
            continue
        if mine.level != theirs.level:
            problems.append(
                Problem(
                    where,
                    mine.line,
                    f"heading {{ #{mine.id or theirs.id} }} is level {mine.level}, "
                    f"in English level {theirs.level}",
                    "heading",
                    f"write it with {'#' * theirs.level} as in English",
                )
            )
        if pair.by == "moved":
            k = order.index(theirs.id)
            place = f"after {{ #{order[k - 1]} }}" if k else "first"
            problems.append(
                Problem(
                    where,
                    mine.line,
                    f"heading {{ #{mine.id} }} is out of order: English has it {place}",
                    "heading",
                    f"move its section {place}, as in English",
                )
            )
    return problems


def _heading_line(section: Section) -> str:
    return section.text.split("\n", 1)[0]


# ---------------------------------------------------------------- what sections hold

KIND_NAMES = {  # an item's kind, in messages
    "code": "code block",
    "fence": "code fence",
    "math": "formula",
    "figure": "figure",
    "admonition": "admonition",
    "anchor": "anchor",
    "value": "computed value",
    "link": "link",
    "inline code": "inline code",
    "number": "number",
}
KINDS = {"fence": "code", "math": "formula"}  # an item's kind, in a problem's kind
LOOSE = ("math", "value", "link", "inline code", "number")


def _compare_group(group: SectionGroup, page: Page, where: str) -> list[Problem]:
    """What the translated sections hold against what their English sections hold."""
    if not group.english and not group.mine:
        return []
    at = _described(group)
    line = group.mine[0].line if group.mine else page.body_start
    return _compare_kept(group, at, page, where) + _compare_loose(group, at, line, where)


def _described(group: SectionGroup) -> str:
    """The translated sections, for messages, with the English ones where they differ."""

    def name(s: Section) -> str:
        return f"#{s.id}" if s.id else f"of line {s.line}"

    if group.mine and not group.mine[0].level and len(group.mine) == 1:
        at = "the text before the first heading"
    elif group.mine:
        at = f"section {' + '.join(name(s) for s in group.mine)}"
    else:
        at = "the page"
    english = " + ".join(name(s) for s in group.english if s.level)
    if group.by == "position":
        at += f" (paired by position with English {english})"
    elif english and [s.id for s in group.mine] != [s.id for s in group.english]:
        at += f" (compared with English {english}: a heading is missing or added)"
    return at


def _units(sections: list[Section]) -> list[Item]:
    """The kept items of sections, in order, a code block's fence and body as one item
    "code" valued `info\\nbody`."""
    units: list[Item] = []
    for s in sections:
        for item in s.kept:
            if item.kind == "code" and units and units[-1].kind == "fence":
                fence = units.pop()
                units.append(Item("code", f"{fence.value}\n{item.value}", fence.line, item.end))
            else:
                units.append(item)
    return units


def _compare_kept(group: SectionGroup, at: str, page: Page, where: str) -> list[Problem]:
    """Code, formulas, figures, admonitions and anchors: the English ones in English's
    order. A missing one is reported where it would go (see _place)."""
    mine, theirs = _units(group.mine), _units(group.english)
    start = (group.mine[0].line, group.english[0].line) if group.english and group.mine else None
    end = last_line(group.mine[-1]) if group.mine else page.body_start
    matcher = difflib.SequenceMatcher(
        a=[(i.kind, i.key) for i in mine], b=[(i.kind, i.key) for i in theirs], autojunk=False
    )
    problems = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        extra, missing = list(mine[i1:i2]), list(theirs[j1:j2])
        for a in list(extra):  # one of the same kind in its place: it differs
            b = next((b for b in missing if b.kind == a.kind), None)
            if b is not None:
                extra.remove(a)
                missing.remove(b)
                problems.append(_kept_differs(a, b, at, where))
        for a in extra:
            problems.append(
                Problem(
                    where,
                    a.line,
                    f"{KIND_NAMES[a.kind]} {_shown(a)!r} is not in the English {at}",
                    KINDS.get(a.kind, a.kind),
                    "remove it: a translation keeps English's code, formulas, figures and "
                    "admonitions, and adds none",
                )
            )
        # the items on either side of the gap, in the translation and in English
        before = (mine[i1 - 1].end or mine[i1 - 1].line, theirs[j1 - 1].end or theirs[j1 - 1].line)
        before = before if i1 and j1 else start
        after = mine[i2].line if i2 < len(mine) else end
        for b in missing:
            problems.append(
                Problem(
                    where,
                    _place(b, before, after),
                    f"{at} lacks the {KIND_NAMES[b.kind]} {_shown(b)!r} that English has "
                    f"(English line {b.line})",
                    KINDS.get(b.kind, b.kind),
                    f"add {_written(b)} here, as in English",
                )
            )
    return problems


def _place(missing: Item, before: tuple[int, int] | None, after: int) -> int:
    """The line where an item English has would be in the translation: as far below the
    item before it (translation line, English line) as in English, but not past the
    translation's next item (or the section's end)."""
    if before is None:
        return after
    mine, english = before
    return max(mine, min(mine + missing.line - english, after))


def _shown(item: Item) -> str:
    """An item's value, short, for messages."""
    if item.kind == "code":
        return _short(item.value.split("\n", 1)[1])
    if item.kind == "admonition":
        return item.value.lstrip("0123456789")
    return _short(item.value)


def _written(item: Item) -> str:
    """An item as the page writes it, for fixes."""
    value = item.value
    if item.kind == "code":
        info, code = value.split("\n", 1)
        body = (
            f"`{code}`"
            if "\n" not in code and len(code) <= 100
            else f"the code of English line {item.line}"
        )
        return f"the ```{info} block with {body}"
    if item.kind == "admonition":
        indent = int(re.match(r"\d*", value)[0] or 0)
        return f'`{value.lstrip("0123456789")} "…"`' + (f" indented {indent}" if indent else "")
    return {
        "math": f"`{value}`" if len(value) <= 100 else f"the formula of English line {item.line}",
        "figure": f"`![…](figure:{value})`",
        "anchor": f"`{{ #{value} }}`",
        "value": f"`{{{{ {value} }}}}`",
        "link": f"a link to `{value}`",
        "inline code": f"`{value}`",
        "number": value,
        "fence": f"```{value}",
    }[item.kind]


def _kept_differs(a: Item, b: Item, at: str, where: str) -> Problem:
    """An item of the translation where English has another of its kind."""
    kind = KINDS.get(a.kind, a.kind)
    if a.kind == "code":
        (a_info, a_code), (b_info, b_code) = a.value.split("\n", 1), b.value.split("\n", 1)
        if a_code == b_code:
            return Problem(
                where,
                a.line,
                f"the code block of {at} opens with ```{a_info} where English has ```{b_info} "
                f"(English line {b.line})",
                kind,
                f"write ```{b_info} as in English",
            )
        what = "snippet include" if b_code.startswith("--8<--") else "code"
        return Problem(
            where,
            a.line,
            f"code block {_short(a_code)!r} of {at} differs from English's {what} "
            f"{_short(b_code)!r} (English line {b.line})",
            kind,
            f"write `{b_code}` as in English"
            if "\n" not in b_code and len(b_code) <= 100
            else f"copy the code block of English line {b.line} as it is",
        )
    return Problem(
        where,
        a.line,
        f"{KIND_NAMES[a.kind]} {_shown(a)!r} of {at} differs from English's {_shown(b)!r} "
        f"(English line {b.line})",
        kind,
        f"write {_written(b)} as in English",
    )


def _compare_loose(group: SectionGroup, at: str, line: int, where: str) -> list[Problem]:
    """Inline formulas, computed values, links, inline code and numbers: the English
    ones, in any order. One the translation lacks and one it has instead are one
    problem, at the line of the one it has; one it only lacks is reported at the
    section's heading, with the English line."""
    problems = []
    for kind in LOOSE:
        mine = [i for s in group.mine for i in s.loose if i.kind == kind]
        theirs = [i for s in group.english for i in s.loose if i.kind == kind]
        missing, extra = _unmatched(theirs, mine), _unmatched(mine, theirs)
        if kind == "number":  # a number may appear more often (written out twice), never less
            english = {i.value for i in theirs}
            extra = [a for a in extra if a.value not in english]
        if kind == "value":
            broken = [i for s in group.mine for i in s.loose if i.kind == "placeholder"]
            problems += _placeholders_meant(broken, missing, where)
        for a, b in zip(extra, missing, strict=False):
            problems.append(
                Problem(
                    where,
                    a.line,
                    f"{KIND_NAMES[kind]} {_short(a.value)!r} where English has "
                    f"{_short(b.value)!r} (English line {b.line})",
                    KINDS.get(kind, kind),
                    f"write {_written(b)} as in English",
                )
            )
        for b in missing[len(extra) :]:
            problems.append(
                Problem(
                    where,
                    line,
                    f"{at} lacks the {KIND_NAMES[kind]} {_written(b)} that English has "
                    f"(English line {b.line})",
                    KINDS.get(kind, kind),
                    f"add {_written(b)} where English has it",
                )
            )
        if kind != "number":
            for a in extra[len(missing) :]:
                problems.append(
                    Problem(
                        where,
                        a.line,
                        f"{KIND_NAMES[kind]} {_short(a.value)!r} is not in the English {at}",
                        KINDS.get(kind, kind),
                        f"remove it: English has no such {KIND_NAMES[kind]} here",
                    )
                )
    return problems


def _unmatched(items: list[Item], others: list[Item]) -> list[Item]:
    """The items whose value the others lack (counting repeats), in order."""
    left = Counter(i.key for i in others)
    found = []
    for item in items:
        if left[item.key]:
            left[item.key] -= 1
        else:
            found.append(item)
    return found


def _placeholders_meant(broken: list[Item], missing: list[Item], where: str) -> list[Problem]:
    """A placeholder written wrong (a problem of the page model, at its line) stands for
    a computed value English has there: the same name, else the next one missing. Its
    problem then says which value to write, and the value is not reported missing too
    (taken out of `missing`)."""
    problems = []
    broken = list(broken)

    def name(text: str) -> str:
        m = re.search(r"[A-Za-z_]\w*", text)
        return m[0] if m else ""

    for b in list(missing):
        p = next((p for p in broken if name(p.value) == name(b.value)), None)
        if p is None:
            p = next((p for p in broken if not name(p.value)), None)
        if p is None:
            continue
        broken.remove(p)
        missing.remove(b)
        message, _, _ = placeholder_problem(p.value)
        problems.append(
            Problem(
                where, p.line, message, "placeholder", f"write `{{{{ {b.value} }}}}` as in English"
            )
        )
    return problems


def _short(value: str, limit: int = 60) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


# product names that start like a term but are not one ("TensorFlow" is not "tensor")
NAMES_RE = re.compile(r"\bTensorFlow\b")
EMPHASIS_RE = re.compile(r"(?<!\*)\*[^*\s][^*]*\*(?!\*)")


def _check_prose(page: Page, groups: list[SectionGroup], lang: str, where: str) -> list[Problem]:
    problems = []
    for section in page.sections:
        for line, prose in section.prose:
            problems += [_found(where, f) for f in text_problems(lang, line, prose)]
        if writes_decimal_comma(lang):
            problems += [
                Problem(
                    where,
                    item.line,
                    f"the formula `{_shown(item)}` writes a decimal with a point, but this "
                    "language writes decimals with a comma",
                    "typography",
                    f"write `{comma_decimals(item.value)}` (in TeX a decimal comma is "
                    f"written {{,}}; {BY_FIX})",
                )
                for item in (*section.kept, *section.loose)
                if item.kind == "math" and DECIMAL_POINT_RE.search(item.value)
            ]
    terms = glossary()
    for group in groups:
        if not group.mine or not group.english or not group.by:
            continue
        # the terms of the English section the first one translates (one whose heading the
        # translation lacks is reported missing, not its words)
        english_prose = NAMES_RE.sub(" ", " ".join(p for _, p in group.english[0].prose))
        mine = " ".join(p for s in group.mine for _, p in s.prose)
        # words the translation keeps in English on purpose (a paper's title, in italics)
        # ask for no translated term
        kept = " ".join(mine.split())
        english_prose = EMPHASIS_RE.sub(
            lambda m, kept=kept: " " if " ".join(m[0].split()) in kept else m[0], english_prose
        )
        english_id = group.english[0].id
        for term, forms in terms.items():
            if forms.get(SOURCE_LANGUAGE) and uses(english_prose, forms[SOURCE_LANGUAGE]):
                wanted = forms.get(lang) or []
                if wanted and not uses(mine, wanted):
                    problems.append(
                        Problem(
                            where,
                            group.mine[0].line,
                            f"glossary: the English section #{english_id} uses {term!r}, "
                            f"this one not the term {wanted[0]!r}",
                            "glossary",
                            f"use {wanted[0]!r} (i18n/glossary.yml)",
                        )
                    )
    return problems


# ---------------------------------------------------------------- the whole site


def translated_pages(docs: Path = DOCS) -> list[Path]:
    return sorted(
        p
        for lang in languages()
        if lang != SOURCE_LANGUAGE
        for suffix in PAGE_SUFFIXES
        for p in (docs / lang).rglob(f"*{suffix}")
        if not _through_link(p, docs / lang)  # folder_problems reports the link
    )


def _through_link(path: Path, folder: Path) -> bool:
    """Whether path, or a folder between folder and it, is a symbolic link."""
    parts = path.relative_to(folder).parts
    return any(folder.joinpath(*parts[: i + 1]).is_symlink() for i in range(len(parts)))


FOLDER_FIXES = {
    LINKED: LINK_FIX,
    NOT_A_PAGE: "remove it: a translation's folder holds its .md and .ipynb pages only",
}


def check_site(docs: Path = DOCS) -> list[Problem]:
    """Every translation, plus a problem for each page a language lacks."""
    problems = []
    for lang in languages():
        if lang == SOURCE_LANGUAGE:
            continue
        for name in source_pages(docs):
            if not (docs / lang / name).is_file():
                problems.append(
                    Problem(
                        display(docs / lang / name),
                        1,
                        f"missing: the {lang} translation of {name}",
                        "missing page",
                        f"copy docs/{SOURCE_LANGUAGE}/{name} there with `translation: "
                        "untranslated` in its front matter (the site shows English until "
                        "it is translated)",
                    )
                )
    problems += [
        Problem(_unfollowed(p), 1, message, "unsafe", FOLDER_FIXES.get(message, ""))
        for p, message in folder_problems(docs)
    ]
    for path in translated_pages(docs):
        problems += check_page(path)
    for name in source_pages(docs):
        path = docs / SOURCE_LANGUAGE / name
        problems += [_found(display(path), p) for p in parse_page(path).problems]
    problems += check_glossary()
    problems += check_words()
    return sorted(set(problems))


MKDOCS = ROOT / "mkdocs.yml"
# the keys of a language's entry in mkdocs.yml whose values readers see
SITE_TEXTS = ("site_name", "site_description", "nav_translations")


def _word_nodes(path: Path) -> list[tuple[yaml.Node, str]]:
    """The translated texts of a words file, as (YAML node, language): in ui.yml and
    figures.yml every {language: text} below any key; in mkdocs.yml the site name,
    description and navigation titles of each language's entry. Composed, not loaded,
    so each keeps its place in the file (and mkdocs.yml's tags need no constructor)."""
    found = []

    def scalars(node, lang):
        if isinstance(node, yaml.ScalarNode):
            found.append((node, lang))
        elif isinstance(node, yaml.MappingNode):
            for _, value in node.value:
                scalars(value, lang)

    def by_language(node):
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                translated = key.value in languages() and key.value != SOURCE_LANGUAGE
                scalars(value, key.value) if translated else by_language(value)

    def site_entries(node):
        if isinstance(node, yaml.SequenceNode):
            for value in node.value:
                site_entries(value)
        elif isinstance(node, yaml.MappingNode):
            keys = {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
            locale = keys.get("locale")
            if isinstance(locale, yaml.ScalarNode) and locale.value != SOURCE_LANGUAGE:
                for name in SITE_TEXTS:
                    if name in keys:
                        scalars(keys[name], locale.value)
            for _, value in node.value:
                site_entries(value)

    root = _compose(path, path.read_text(encoding="utf-8"))
    (site_entries if path.name == MKDOCS.name else by_language)(root)
    return found


WORDS_FILES = (UI, FIGURES, MKDOCS)


def words_to_check(paths=WORDS_FILES) -> list[tuple[Path, int, str, str]]:
    """The translated words the build puts on pages, as (file, line, language, text)."""
    return [
        (path, node.start_mark.line + 1, lang, node.value)
        for path in paths
        if path.is_file()
        for node, lang in _word_nodes(path)
    ]


def fix_words(path: Path) -> str:
    """A words file's text with the typography fixes made on the lines of its translated
    texts (nothing else is touched); refuses a result that YAML reads differently in
    anything but those texts."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    for node, lang in _word_nodes(path):
        for i in range(node.start_mark.line, min(node.end_mark.line + 1, len(lines))):
            line = lines[i]
            # a line that escapes its no-break spaces (\u00a0) keeps doing so, and the
            # fixes read them as the spaces they are, not as a word ending in "0"
            escaped = node.style == '"' and ("\\u00a0" in line or "\\u202f" in line)
            if escaped:
                line = line.replace("\\u00a0", "\u00a0").replace("\\u202f", "\u202f")
            line = _fix_line(line, lang)
            if escaped:
                line = line.replace("\u00a0", "\\u00a0").replace("\u202f", "\\u202f")
            lines[i] = line
    fixed = "".join(lines)
    before, after = _compose(path, text), _compose(path, fixed)
    if _shape(before) != _shape(after):
        raise ValueError(f"{display(path)}: the typography fixes would change its structure")
    return fixed


def _compose(path: Path, text: str):
    try:
        return yaml.compose(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        at = f":{mark.line + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise ValueError(f"{display(path)}{at}: not valid YAML ({problem})") from None


def _shape(node) -> object:
    """A YAML node's keys and nesting, without its scalar values."""
    if isinstance(node, yaml.MappingNode):
        return [(k.value, _shape(v)) for k, v in node.value]
    if isinstance(node, yaml.SequenceNode):
        return [_shape(v) for v in node.value]
    return node.tag


def check_words(paths=WORDS_FILES) -> list[Problem]:
    """The typography rules of pages, applied to the words the build inserts."""
    return [
        Problem(display(path), f.line, f.message, f.kind, f.fix)
        for path, line, lang, text in words_to_check(paths)
        for f in text_problems(lang, line, text)
    ]


def check_glossary(path: Path = GLOSSARY) -> list[Problem]:
    """The glossary covers the glossary page's terms, in every language."""
    problems = []
    terms = glossary(path)
    langs = languages()
    page = DOCS / SOURCE_LANGUAGE / "glossary.md"
    if page.is_file():
        anchors = [i.value for s in parse_page(page).sections for i in s.kept if i.kind == "anchor"]
        for anchor in anchors:
            if anchor not in terms:
                problems.append(
                    Problem(
                        display(path),
                        1,
                        f"term #{anchor} of docs/en/glossary.md has no entry",
                        "glossary",
                        f"add `{anchor}:` with its forms in every language",
                    )
                )
    for term, entry in terms.items():
        for lang in langs:
            if lang not in entry:
                problems.append(
                    Problem(
                        display(path),
                        1,
                        f"term {term!r} has no {lang} entry",
                        "glossary",
                        f"add a `{lang}:` line to the term",
                    )
                )
    return problems


def count_by_kind(problems: list[Problem]) -> str:
    """`5 heading, 4 code, 1 value`: how many problems of each kind, most first."""
    counts = Counter(p.kind for p in problems)
    return ", ".join(
        f"{n} {kind}" for kind, n in sorted(counts.items(), key=lambda c: (-c[1], c[0]))
    )


# ---------------------------------------------------------------- mechanical fixes

_PROTECT_RE = re.compile(
    r"`+[^`\n]*`+|\$[^$\n]+\$|\{\{[^}]*\}\}|\{[ \t]*#[\w-]+[ \t]*\}|\]\([^)\s]*\)|https?://\S+|<[^>\n]+>"
    r"|!(?=\[)"  # the ! of an image, not an exclamation
)


_PLAIN_VALUE_RE = re.compile(r"^(?P<key>[A-Za-z_][\w-]*):[ \t]+(?P<value>[^\s\"'\[{].*?)[ \t]*$")


def quote_front_matter(text: str) -> str:
    """Front matter that is not valid YAML because a plain value holds ": " or " #" (a
    description such as `the one rule: translate the prose`), with each such value
    written in double quotes. Anything else comes back unchanged."""
    lines = text.splitlines(keepends=True)
    if split_front_matter(text)[1] is None or not lines or lines[0].strip() != "---":
        return text
    for i in range(1, front_matter_end(lines) or 1):
        m = _PLAIN_VALUE_RE.match(lines[i].rstrip("\r\n"))
        if m and (": " in m["value"] or " #" in m["value"] or m["value"].endswith(":")):
            quoted = m["value"].replace("\\", "\\\\").replace('"', '\\"')
            newline = lines[i][len(lines[i].rstrip("\r\n")) :]
            lines[i] = f'{m["key"]}: "{quoted}"{newline}'
    fixed = "".join(lines)
    return fixed if split_front_matter(fixed)[1] is None else text


def fix_typography(text: str, lang: str) -> str:
    """The fixes a machine can make safely, in prose (never in code or URLs): French
    no-break spaces inside « » and before : ; ! ?, Romanian comma-below ș ț, and a
    decimal comma in a language that writes one (0,5 in prose, 0{,}5 in a formula)."""
    out, math = [], False
    comma = writes_decimal_comma(lang)
    lines = text.splitlines(keepends=True)
    for line, code in zip(lines, in_code(lines), strict=True):
        stripped = line.strip()
        if code:
            pass
        elif math or stripped.startswith("$$"):
            math = "$$" not in stripped if math else stripped.count("$$") < 2
            line = comma_decimals(line) if comma else line
        else:
            line = _fix_line(line, lang)
        out.append(line)
    return "".join(out)


def _fix_line(line: str, lang: str) -> str:
    kept: list[str] = []

    def hide(m):
        formula = m[0].startswith("$") and writes_decimal_comma(lang)
        kept.append(comma_decimals(m[0]) if formula else m[0])
        return f"\x00{len(kept) - 1}\x00"

    body = _PROTECT_RE.sub(hide, line)
    if DOT_DECIMAL_RE.search(body) and writes_decimal_comma(lang):
        body = DOT_DECIMAL_RE.sub(lambda m: m[0].replace(".", ","), body)
    if lang == "ro":
        for bad, good in CEDILLA.items():
            body = body.replace(bad, good)
    if number_style(lang)["percent"].startswith("\u00a0"):
        body = PERCENT_RE.sub(lambda m: f"{m[1]}\u00a0%", body)
    body = HYPHEN_MINUS_RE.sub(lambda m: f"−{m[1]}", body)
    if lang == "sv":
        body = re.sub(r"[ \u00a0]*—[ \u00a0]*", " – ", body)
    if lang == "fr":
        body = FRENCH_INTERVAL_RE.sub(
            lambda m: m["word"] + (french_interval(m) or m[0][len(m["word"]) :]), body
        )
        body = re.sub(r"(?<=\S) (?=[:;!?»](?!\w))", "\u00a0", body)
        body = re.sub(r"(?<=«) ", "\u00a0", body)
        body = re.sub(r"(?<=\w)(?=[;!?»](?:\s|$))", "\u202f", body)
        body = re.sub(r"«(?=\w)", "«\u00a0", body)
        body = re.sub(r"(?<=\w)»", "\u00a0»", body)
    return re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m[1])], body)
