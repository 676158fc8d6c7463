"""Which English version each translated section follows, and what is stale.

The ledger (i18n/translations/<lang>.yml) maps page -> section anchor -> the hash of the
English section's text when the translation was last brought in step with it
(`python -m i18n mark-translated`). A section is
- up to date when that hash is the English section's hash today,
- stale when it is another hash (the English changed since): `status` shows the English
  diff since then, recovered from git history; the only state `status --check` fails on,
- missing when the language has no such page, the page lacks the section, the page says
  `translation: untranslated` (what an older `new-language` wrote), or the ledger has no
  entry for the section. Missing is a normal state (a new language starts with every
  section missing): the site shows the English text with a notice in the reader's
  language, and `status --check` passes.

A page a language starts from English (`new-language` copies every English page) needs
no marking line: `mark-translated` tells a section still in English by its text, which is
the English section's text, today's or a version in git history (still_english). Marking
a whole page records only the sections that were translated; the others stay missing.
"""

from __future__ import annotations

import difflib
import re
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

from i18n.pages import DOCS, ROOT, SOURCE_LANGUAGE, Page, languages, parse_page, source_pages

LEDGER_DIR = ROOT / "i18n" / "translations"
LANGUAGE_CODE_RE = re.compile(r"^[a-z]{2,3}(?:_[A-Z]{2})?$")  # de, pt, pt_BR
# What `import` records for a section it brought in: a value no English hash equals, so
# the section counts as stale (needing review) until mark-translated records its hash.
NEEDS_REVIEW = "imported-needs-review:"
IMPORTED_NOTE = (
    "imported from another tool, needs review: compare it with English, then mark-translated"
)
UNTRANSLATED = "untranslated"  # front matter `translation: untranslated`: a copy of English

HEADER = """\
# Which version of each English section this language's translation follows:
# page -> section anchor -> hash of the English section's text (i18n/pages.py).
# Written by `python -m i18n mark-translated` (and `import`); read by `status`, the
# stale-section notices on the site and the translation dashboard. Do not edit by hand.
"""


def ledger_path(lang: str, base: Path = LEDGER_DIR) -> Path:
    return base / f"{lang}.yml"


def load_ledger(lang: str, base: Path = LEDGER_DIR) -> dict[str, dict[str, str]]:
    path = ledger_path(lang, base)
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise ValueError(f"{path}: not valid YAML ({error})") from None
    if not isinstance(data, dict):
        raise ValueError(f"{path}: must map pages to sections")
    return {
        str(page): {str(k): str(v) for k, v in (sections or {}).items()}
        for page, sections in data.items()
    }


def save_ledger(lang: str, ledger: dict, base: Path = LEDGER_DIR) -> None:
    from i18n.files import write_atomic

    ordered = {page: dict(ledger[page]) for page in sorted(ledger)}
    text = HEADER + yaml.safe_dump(ordered, allow_unicode=True, sort_keys=False, width=100)
    write_atomic(ledger_path(lang, base), text)


def english_hashes(name: str, docs: Path = DOCS) -> dict[str, str]:
    """section anchor -> hash, for the English page docs/en/<name>."""
    page = parse_page(docs / SOURCE_LANGUAGE / name)
    return {s.id: s.source_hash() for s in page.sections if s.id}


def is_untranslated(page: Page) -> bool:
    return str(page.meta.get("translation", "")).strip().lower() == UNTRANSLATED


def page_name(page: str, lang: str | None = None, docs: Path = DOCS) -> tuple[str, str | None]:
    """(the page's path inside a language's folder, the language its path names or None),
    from any form a translator types: `overfitting.md`, `de/overfitting.md`,
    `docs/de/overfitting.md`, `./docs/de/overfitting.md` or an absolute path into docs/."""
    path = Path(page.strip().replace("\\", "/"))
    if path.is_absolute():
        try:
            parts = list(path.resolve().relative_to(docs.resolve()).parts)
        except ValueError:
            raise ValueError(f"{page}: not a page in {docs}") from None
    else:
        parts = [p for p in path.parts if p != "."]
        if len(parts) > 2 and parts[0] == docs.name:
            parts = parts[1:]
    named = None
    if len(parts) > 1 and _is_language_folder(parts[0], lang, docs):
        named, parts = parts[0], parts[1:]
    if not parts or ".." in parts:
        raise ValueError(f"{page!r}: give a page, e.g. overfitting.md or docs/fr/overfitting.md")
    return Path(*parts).as_posix(), named


def _is_language_folder(name: str, lang: str | None, docs: Path) -> bool:
    """Whether a path's first folder is a language's (docs/de/), not a folder of pages."""
    if name in (lang, SOURCE_LANGUAGE, *languages()):
        return True
    return bool(LANGUAGE_CODE_RE.match(name)) and not (docs / SOURCE_LANGUAGE / name).is_dir()


def mark_translated(
    name: str,
    lang: str,
    section: str | None = None,
    *,
    same_as_english: bool = False,
    docs: Path = DOCS,
    base: Path = LEDGER_DIR,
) -> list[str]:
    """Record that docs/<lang>/<name> (all of it, or one section) is in step with today's
    English; returns the anchors recorded. A section whose text is still English's (see
    still_english) is not translated: marking the whole page leaves it out, marking it
    alone is refused unless same_as_english says it reads the same in this language."""
    if lang == SOURCE_LANGUAGE:
        raise ValueError("English is the source: only translations are marked")
    source = docs / SOURCE_LANGUAGE / name
    target = docs / lang / name
    if not source.is_file():
        raise ValueError(f"there is no English page docs/{SOURCE_LANGUAGE}/{name}")
    if not target.is_file():
        raise ValueError(f"there is no translation docs/{lang}/{name} to mark")
    page = parse_page(target)
    if page.unreadable:
        line, message = page.problems[0]
        raise ValueError(f"docs/{lang}/{name}:{line}: {message}")
    if is_untranslated(page):
        raise ValueError(
            f"docs/{lang}/{name}:{_meta_line(target, 'translation')} is still marked "
            f"`translation: {UNTRANSLATED}` (what an older new-language wrote: the whole page "
            "counts as English): delete that line, then mark the sections you translated"
        )
    hashes = english_hashes(name, docs)
    if section is not None:
        if section not in hashes:
            raise ValueError(
                f"docs/{SOURCE_LANGUAGE}/{name} has no section #{section} "
                f"(it has: {', '.join(hashes)})"
            )
        wanted = [section]
    else:
        wanted = list(hashes)
    have = set(page.anchors)
    lacking = [a for a in wanted if a not in have]
    if lacking:
        raise ValueError(
            f"docs/{lang}/{name} lacks the section(s) {', '.join('#' + a for a in lacking)}: "
            "translate them before marking"
        )
    if same_as_english and section is None:
        raise ValueError("--same-as-english marks one section: name it with --section")
    english = set(still_english(name, lang, docs))
    if section in english and not same_as_english:
        raise ValueError(
            f"docs/{lang}/{name}#{section} is still the English text: translate it first "
            f"(if it reads the same in {lang}, e.g. a name and code only, add --same-as-english)"
        )
    if section is None:
        wanted = [a for a in wanted if a not in english]
    if not wanted:
        raise ValueError(
            f"docs/{lang}/{name}: every section is still the English text: nothing to mark "
            "(translate a section first)"
        )
    ledger = load_ledger(lang, base)
    entry = ledger.setdefault(name, {})
    for anchor in wanted:
        entry[anchor] = hashes[anchor]
    for anchor in list(entry):  # sections English no longer has
        if anchor not in hashes:
            del entry[anchor]
    save_ledger(lang, ledger, base)
    return wanted


def still_english(name: str, lang: str, docs: Path = DOCS) -> list[str]:
    """The anchors of docs/<lang>/<name> whose text is the English section's text: today's,
    or that of a version of the English page in git history (a copy made before English
    changed). Such a section was started from English and not translated yet."""
    target = docs / lang / name
    if not target.is_file():
        return []
    page = parse_page(target)
    english = parse_page(docs / SOURCE_LANGUAGE / name)
    found = []
    history = None
    for section in english.sections:
        mine = page.section(section.id) if section.id else None
        if mine is None:
            continue
        if mine.source_hash() == section.source_hash():
            found.append(section.id)
            continue
        if history is None:  # read once, when a section differs from today's English
            source = docs / SOURCE_LANGUAGE / name
            history = [parse_page(source, text) for _, text in committed_versions(source)]
        if any(
            (old := version.section(section.id)) is not None
            and old.source_hash() == mine.source_hash()
            for version in history
        ):
            found.append(section.id)
    return found


def _meta_line(path: Path, key: str) -> int:
    """The line of a front matter key (1 when it is not found: a notebook's metadata)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next((n for n, line in enumerate(lines, 1) if line.startswith(f"{key}:")), 1)


# ---------------------------------------------------------------- status


@dataclass
class SectionStatus:
    lang: str
    page: str
    section: str
    title: str
    state: str  # "up to date", "stale" or "missing"
    diff: str | None = None  # English changes since the translated version (stale only)


def status(
    langs: list[str] | None = None,
    *,
    pages: list[str] | None = None,
    docs: Path = DOCS,
    base: Path = LEDGER_DIR,
    with_diff: bool = True,
) -> list[SectionStatus]:
    langs = langs or [lang for lang in languages() if lang != SOURCE_LANGUAGE]
    found = []
    for lang in langs:
        ledger = load_ledger(lang, base)
        for name in pages or source_pages(docs):
            english = parse_page(docs / SOURCE_LANGUAGE / name)
            target = docs / lang / name
            translated = target.is_file() and not is_untranslated(parse_page(target))
            anchors = set(parse_page(target).anchors) if translated else set()
            recorded = ledger.get(name, {})
            for s in english.sections:
                if not s.id:
                    continue
                state, diff = "missing", None
                if translated and s.id in anchors and s.id in recorded:
                    if recorded[s.id] == s.source_hash():
                        state = "up to date"
                    else:
                        state = "stale"
                        if recorded[s.id].startswith(NEEDS_REVIEW):
                            diff = IMPORTED_NOTE
                        elif with_diff:
                            diff = english_diff(name, s.id, recorded[s.id], s.text, docs)
                found.append(SectionStatus(lang, name, s.id, s.title, state, diff))
    return found


def summary(rows: list[SectionStatus]) -> dict[str, dict]:
    """language -> counts and the share of sections up to date."""
    out: dict[str, dict] = {}
    for row in rows:
        counts = out.setdefault(row.lang, {"up to date": 0, "stale": 0, "missing": 0})
        counts[row.state] += 1
    for counts in out.values():
        total = sum(counts.values())
        counts["percent"] = round(100 * counts["up to date"] / total, 1) if total else 100.0
    return out


def section_states(
    lang: str, name: str, *, docs: Path = DOCS, base: Path = LEDGER_DIR
) -> dict[str, str]:
    """anchor -> state of each section of docs/<lang>/<name>, in English's order."""
    return {
        r.section: r.state
        for r in status([lang], pages=[name], docs=docs, base=base, with_diff=False)
    }


def stale_sections(lang: str, name: str, *, docs: Path = DOCS, base: Path = LEDGER_DIR) -> set[str]:
    """Anchors of docs/<lang>/<name> whose English changed since they were translated."""
    states = section_states(lang, name, docs=docs, base=base)
    return {anchor for anchor, state in states.items() if state == "stale"}


def committed_versions(path: Path):
    """(commit, text) for each version of the file in git history, newest first; nothing
    when it is not in a git repository."""
    path = Path(path).resolve()
    try:
        repo = Path(_git(["rev-parse", "--show-toplevel"], path.parent).strip())
        rel = path.relative_to(repo).as_posix()
        commits = _git(["log", "--format=%H", "--", rel], repo).split()
    except (OSError, subprocess.CalledProcessError, ValueError):
        return
    for commit in commits:
        try:
            yield commit, _git(["show", f"{commit}:{rel}"], repo)
        except subprocess.CalledProcessError:
            continue


def english_diff(
    name: str, anchor: str, old_hash: str, current: str, docs: Path = DOCS
) -> str | None:
    """The unified diff from the English section that had old_hash (found in git history)
    to the current one; None when history does not have it."""
    source = docs / SOURCE_LANGUAGE / name
    for commit, text in committed_versions(source):
        old = parse_page(source, text).section(anchor)
        if old is not None and old.source_hash() == old_hash:
            lines = difflib.unified_diff(
                old.text.splitlines(),
                current.splitlines(),
                f"English #{anchor} as translated ({commit[:8]})",
                f"English #{anchor} now",
                lineterm="",
            )
            return "\n".join(lines)
    return None


def _git(args: list[str], cwd: Path) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True
    ).stdout


def as_json(rows: list[SectionStatus]) -> dict:
    return {"languages": summary(rows), "sections": [asdict(r) for r in rows]}
