"""Checks a translated page against its English source: `python -m i18n check`.

Every problem is reported as `file:line: message`. A translation may change prose only:
headings keep their anchors and order, code and includes are byte-identical, math,
figures, computed values, admonitions, links and typed numbers are the English ones. On
top of that: the glossary's terms are used, the text is clean UTF-8 (no mojibake, no
cedilla in Romanian, French spacing), and nothing reaches the HTML that English does not
have (raw HTML, attribute lists, addresses: i18n.trust).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from i18n.pages import (
    DOCS,
    FRONT_MATTER_KEYS,
    PAGE_SUFFIXES,
    ROOT,
    SOURCE_LANGUAGE,
    Page,
    Section,
    in_code,
    languages,
    parse_page,
    source_pages,
)
from i18n.trust import LINKED, folder_problems, trust_problems
from i18n.words import number_style

GLOSSARY = ROOT / "i18n" / "glossary.yml"


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


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


# A decimal below one written with a point (0.01, 0.9): a hyperparameter typed in prose.
# Only these: a point in 3.11 or 2.13 is usually a version, which keeps its point.
DOT_DECIMAL_RE = re.compile(r"(?<![\w.,])0\.\d+(?!\w|[.,]\d)")


def writes_decimal_comma(lang: str) -> bool:
    """Whether the language writes 0,5 (ui.yml's decimal_mark, which the build follows
    for computed numbers)."""
    return number_style(lang)["decimal"] == ","


def text_problems(lang: str, line: int, prose: str) -> list[tuple[int, str]]:
    found = []
    dotted = DOT_DECIMAL_RE.findall(prose)
    if dotted and writes_decimal_comma(lang):
        found += [
            (
                line,
                f"{number} is written with a point, but this language writes decimals with "
                f"a comma: {number.replace('.', ',')} (code, math and commands keep the point; "
                "`python -m i18n fix` corrects it)",
            )
            for number in dotted
        ]
    m = MOJIBAKE_RE.search(prose)
    if m:
        found.append(
            (
                line,
                f"mojibake {m[0]!r} (UTF-8 text decoded with the wrong encoding): "
                "repair it with `python -m i18n import`, or retype it",
            )
        )
    if lang == "ro":
        for bad, good in CEDILLA.items():
            if bad in prose:
                found.append(
                    (line, f"Romanian {bad!r} with a cedilla: write {good!r} (comma below)")
                )
    if lang == "fr":
        for m in FRENCH_SPACE_RE.finditer(prose):
            mark = m["mark"] or m["open"]
            found.append(
                (
                    line,
                    f"French: the space next to {mark!r} must be a no-break space (U+00A0 or U+202F)",
                )
            )
        for m in FRENCH_TIGHT_RE.finditer(prose):
            mark = m["mark"] or m["open"]
            found.append(
                (line, f"French: {mark!r} needs a no-break space (U+00A0 or U+202F) next to it")
            )
    return found


# ---------------------------------------------------------------- comparing with English


def check_page(path: Path, lang: str | None = None, source: Path | None = None) -> list[Problem]:
    """Problems of the translation at `path` (docs/<lang>/<page>.md) against English."""
    path = Path(path)
    if path.is_symlink():  # what it points to may be anywhere: not read
        return [Problem(_unfollowed(path), 1, LINKED)]
    lang = lang or _language_of(path)
    source = source or _source_of(path)
    where = display(path)
    text = path.read_text(encoding="utf-8", errors="replace")
    page = parse_page(path, text)
    problems = [Problem(where, line, message) for line, message in page.problems]
    if page.unreadable:  # a broken notebook: comparing it with English would only echo that
        return sorted(problems)
    if page.meta_error:
        problems.append(Problem(where, 1, f"broken front matter: {page.meta_error}"))
    if not source.is_file():
        problems.append(Problem(where, 1, f"no English page {display(source)} to translate from"))
        return sorted(problems)
    english = parse_page(source)
    # raw HTML, attribute lists and addresses: before the structure, which may stop early
    problems += [Problem(where, n, message) for n, message in trust_problems(page, english)]
    problems += _compare_meta(page, english, where)
    problems += _compare_structure(page, english, where)
    if lang != SOURCE_LANGUAGE:
        problems += _check_prose(page, english, lang, where)
    return sorted(set(problems))


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


def _compare_meta(page: Page, english: Page, where: str) -> list[Problem]:
    problems = []
    if page.meta.get("requires") != english.meta.get("requires"):
        problems.append(
            Problem(
                where,
                1,
                f"front matter: requires must be {english.meta.get('requires')!r} "
                f"as in English, not {page.meta.get('requires')!r}",
            )
        )
    if english.meta.get("description") and not page.meta.get("description"):
        problems.append(Problem(where, 1, "front matter: the page needs a translated description"))
    # keys outside the schema are the page model's problems (i18n.pages)
    extra = set(page.meta) & set(FRONT_MATTER_KEYS) - set(english.meta) - {"translation"}
    if extra:
        problems.append(
            Problem(
                where,
                1,
                f"front matter: keys the English page does not have: {', '.join(sorted(extra))}",
            )
        )
    return problems


def _compare_structure(page: Page, english: Page, where: str) -> list[Problem]:
    problems = []
    theirs = [(s.level, s.id) for s in page.sections if s.level]
    ours = [(s.level, s.id) for s in english.sections if s.level]
    if theirs != ours:
        problems += _heading_differences(page, english, where)
        return problems  # sections cannot be paired: report the headings first
    for section in page.sections:
        source = english.section(section.id)
        if source is None:
            continue
        problems += _compare_section(section, source, where)
    return problems


def _heading_differences(page: Page, english: Page, where: str) -> list[Problem]:
    problems = []
    mine = {s.id: s for s in page.sections if s.level}
    theirs = {s.id: s for s in english.sections if s.level}
    for s in english.sections:
        if s.level and s.id not in mine:
            problems.append(
                Problem(
                    where,
                    page.body_start,
                    f"missing the heading {'#' * s.level} … {{ #{s.id} }} (English line {s.line})",
                )
            )
    for s in page.sections:
        if s.level and s.id not in theirs:
            problems.append(
                Problem(where, s.line, f"heading {{ #{s.id} }} is not in the English page")
            )
        elif s.level and theirs[s.id].level != s.level:
            problems.append(
                Problem(
                    where,
                    s.line,
                    f"heading {{ #{s.id} }} is level {s.level}, "
                    f"in English level {theirs[s.id].level}",
                )
            )
    order = [s.id for s in page.sections if s.level and s.id in theirs]
    english_order = [s.id for s in english.sections if s.level and s.id in mine]
    if not problems and order != english_order:
        for s_id, e_id in zip(order, english_order, strict=False):
            if s_id != e_id:
                problems.append(
                    Problem(
                        where,
                        mine[s_id].line,
                        f"heading {{ #{s_id} }} is out of order: English has {{ #{e_id} }} here",
                    )
                )
                break
    return problems


KIND_NAMES = {
    "code": "code block",
    "fence": "code fence",
    "math": "formula",
    "figure": "figure",
    "admonition": "admonition",
    "anchor": "anchor",
    "value": "computed value {{ }}",
    "link": "link",
    "inline code": "inline code",
    "number": "number",
}


def _compare_section(section: Section, source: Section, where: str) -> list[Problem]:
    problems = []
    at = f"section #{section.id}" if section.id else "the text before the first heading"
    for kind in ("fence", "code", "math", "figure", "admonition", "anchor"):
        mine = [i for i in section.kept if i.kind == kind]
        theirs = [i for i in source.kept if i.kind == kind]
        for k, (a, b) in enumerate(zip(mine, theirs, strict=False)):
            if a.value != b.value:
                what = "snippet include or code" if kind == "code" else KIND_NAMES[kind]
                problems.append(
                    Problem(
                        where,
                        a.line,
                        f"{what} #{k + 1} of {at} differs from English "
                        f"(line {b.line}): {_short(a.value)!r} instead of {_short(b.value)!r}",
                    )
                )
        if len(mine) != len(theirs):
            line = mine[len(theirs)].line if len(mine) > len(theirs) else section.line
            problems.append(
                Problem(
                    where,
                    line,
                    f"{at} has {len(mine)} {KIND_NAMES[kind]}(s), English has {len(theirs)}",
                )
            )
    for kind in ("math", "value", "link", "inline code", "number"):
        mine = Counter(i.value for i in section.loose if i.kind == kind)
        theirs = Counter(i.value for i in source.loose if i.kind == kind)
        if kind == "number":  # a number may appear more often (e.g. written out twice), never less
            missing, extra = theirs - mine, Counter()
        else:
            missing, extra = theirs - mine, mine - theirs
        for value in sorted(missing):
            problems.append(
                Problem(
                    where,
                    section.line,
                    f"{at} lacks the {KIND_NAMES[kind]} {_short(value)!r} that English has",
                )
            )
        for value in sorted(extra):
            line = next(i.line for i in section.loose if i.kind == kind and i.value == value)
            problems.append(
                Problem(
                    where, line, f"{KIND_NAMES[kind]} {_short(value)!r} is not in the English {at}"
                )
            )
    return problems


def _short(value: str, limit: int = 60) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


# product names that start like a term but are not one ("TensorFlow" is not "tensor")
NAMES_RE = re.compile(r"\bTensorFlow\b")


def _check_prose(page: Page, english: Page, lang: str, where: str) -> list[Problem]:
    problems = []
    terms = glossary()
    for section in page.sections:
        for line, prose in section.prose:
            problems += [Problem(where, n, msg) for n, msg in text_problems(lang, line, prose)]
        source = english.section(section.id)
        if source is None:
            continue
        english_prose = NAMES_RE.sub(" ", " ".join(p for _, p in source.prose))
        mine = " ".join(p for _, p in section.prose)
        for term, forms in terms.items():
            if forms.get(SOURCE_LANGUAGE) and uses(english_prose, forms[SOURCE_LANGUAGE]):
                wanted = forms.get(lang) or []
                if wanted and not uses(mine, wanted):
                    problems.append(
                        Problem(
                            where,
                            section.line,
                            f"glossary: the English section #{section.id} "
                            f"uses {term!r}; use the term {wanted[0]!r} (i18n/glossary.yml)",
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
                        display(docs / lang / name), 1, f"missing: the {lang} translation of {name}"
                    )
                )
    problems += [Problem(_unfollowed(p), 1, message) for p, message in folder_problems(docs)]
    for path in translated_pages(docs):
        problems += check_page(path)
    for name in source_pages(docs):
        path = docs / SOURCE_LANGUAGE / name
        page = parse_page(path)
        problems += [Problem(display(path), line, message) for line, message in page.problems]
    problems += check_glossary()
    return sorted(set(problems))


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
                    Problem(display(path), 1, f"term #{anchor} of docs/en/glossary.md has no entry")
                )
    for term, entry in terms.items():
        for lang in langs:
            if lang not in entry:
                problems.append(Problem(display(path), 1, f"term {term!r} has no {lang} entry"))
    return problems


# ---------------------------------------------------------------- mechanical fixes

_PROTECT_RE = re.compile(
    r"`+[^`\n]*`+|\$[^$\n]+\$|\{\{[^}]*\}\}|\{[ \t]*#[\w-]+[ \t]*\}|\]\([^)\s]*\)|https?://\S+|<[^>\n]+>"
)


def fix_typography(text: str, lang: str) -> str:
    """The fixes a machine can make safely, in prose only (never in code, math or URLs):
    French no-break spaces inside « » and before : ; ! ?, Romanian comma-below ș ț, and
    a decimal comma (0,5) in a language that writes one."""
    out, math = [], False
    lines = text.splitlines(keepends=True)
    for line, code in zip(lines, in_code(lines), strict=True):
        stripped = line.strip()
        if code:
            pass
        elif math:
            math = "$$" not in stripped
        elif stripped.startswith("$$"):
            math = stripped.count("$$") < 2
        else:
            line = _fix_line(line, lang)
        out.append(line)
    return "".join(out)


def _fix_line(line: str, lang: str) -> str:
    kept: list[str] = []

    def hide(m):
        kept.append(m[0])
        return f"\x00{len(kept) - 1}\x00"

    body = _PROTECT_RE.sub(hide, line)
    if DOT_DECIMAL_RE.search(body) and writes_decimal_comma(lang):
        body = DOT_DECIMAL_RE.sub(lambda m: m[0].replace(".", ","), body)
    if lang == "ro":
        for bad, good in CEDILLA.items():
            body = body.replace(bad, good)
    if lang == "fr":
        body = re.sub(r"(?<=\S) (?=[:;!?»](?!\w))", "\u00a0", body)
        body = re.sub(r"(?<=«) ", "\u00a0", body)
        body = re.sub(r"(?<=\w)(?=[;!?»](?:\s|$))", "\u202f", body)
        body = re.sub(r"«(?=\w)", "«\u00a0", body)
        body = re.sub(r"(?<=\w)»", "\u00a0»", body)
    return re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m[1])], body)
