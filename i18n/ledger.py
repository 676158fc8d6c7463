"""Which English version each translated section follows, and what is stale.

The ledger (i18n/translations/<lang>.yml) maps page -> section anchor -> the hash of the
English section's text when the translation was last brought in step with it
(`python -m i18n mark-translated`). A section is
- up to date when that hash is the English section's hash today,
- stale when it is another hash (the English changed since): `status` shows the English
  diff since then, recovered from git history,
- missing when the language has no such page, the page is marked untranslated, or the
  ledger has no entry for the section.
"""

from __future__ import annotations

import difflib
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

from i18n.pages import DOCS, ROOT, SOURCE_LANGUAGE, Page, languages, parse_page, source_pages

LEDGER_DIR = ROOT / "i18n" / "translations"
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


def mark_translated(
    name: str, lang: str, section: str | None = None, *, docs: Path = DOCS, base: Path = LEDGER_DIR
) -> list[str]:
    """Record that docs/<lang>/<name> is in step with today's English; returns the anchors."""
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
            f"docs/{lang}/{name} is still marked `translation: {UNTRANSLATED}`: "
            "translate it and remove that line first"
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
    ledger = load_ledger(lang, base)
    entry = ledger.setdefault(name, {})
    for anchor in wanted:
        entry[anchor] = hashes[anchor]
    for anchor in list(entry):  # sections English no longer has
        if anchor not in hashes:
            del entry[anchor]
    save_ledger(lang, ledger, base)
    return wanted


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
                        if with_diff:
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


def stale_sections(lang: str, name: str, *, docs: Path = DOCS, base: Path = LEDGER_DIR) -> set[str]:
    """Anchors of docs/<lang>/<name> whose English changed since they were translated."""
    return {
        r.section
        for r in status([lang], pages=[name], docs=docs, base=base, with_diff=False)
        if r.state == "stale"
    }


def english_diff(
    name: str, anchor: str, old_hash: str, current: str, docs: Path = DOCS
) -> str | None:
    """The unified diff from the English section that had old_hash (found in git history)
    to the current one; None when history does not have it."""
    rel = (docs / SOURCE_LANGUAGE / name).resolve()
    try:
        repo = Path(_git(["rev-parse", "--show-toplevel"], rel.parent).strip())
        path = rel.relative_to(repo).as_posix()
        commits = _git(["log", "--format=%H", "--", path], repo).split()
    except (OSError, subprocess.CalledProcessError, ValueError):
        return None
    for commit in commits:
        try:
            text = _git(["show", f"{commit}:{path}"], repo)
        except subprocess.CalledProcessError:
            continue
        old = parse_page(Path(path), text).section(anchor)
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
