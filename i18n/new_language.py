"""`python -m i18n new-language CODE NAME [--site-name NAME]`: add a language to the site.

It gives the language every line it needs, each with the English text to translate:
- mkdocs.yml: its entry in the i18n plugin's languages (which sets the theme's and the
  search's language from its locale), with site_name (--site-name, or the English one),
  site_description and nav_translations;
- i18n/ui.yml: English's words for every entry; i18n/figures.yml: English's text for
  every word in figures; i18n/glossary.yml: an empty list for every term;
- docs/CODE/: a plain copy of every English page, and an empty ledger.

A new language is a normal state of the site: every section is *missing* (status), which
`status --check` allows; readers get the English text with a notice in their language,
and the site and the test suite pass at once. A page section still in English is told
from a translated one by its text (i18n.ledger.still_english): the copies need no mark.
Everything is computed first and written only when all of it is ready, each file
atomically. The summary (what is left to translate, file by file) comes from the plan.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from i18n.files import write_atomic
from i18n.ledger import HEADER, LANGUAGE_CODE_RE, LEDGER_DIR, ledger_path
from i18n.pages import ROOT, SOURCE_LANGUAGE, languages, parse_page, source_pages

CODE_RE = LANGUAGE_CODE_RE


@dataclass
class Plan:
    changes: dict[Path, str]  # path -> new content, for every file added or changed
    left: list[tuple[str, int, str]]  # (file, how many, what): what is left to translate


def plan_new_language(
    code: str, name: str, *, site_name: str | None = None, root: Path = ROOT
) -> Plan:
    """Everything new_language writes, and what it leaves to translate; writes nothing."""
    config = root / "mkdocs.yml"
    if not CODE_RE.match(code):
        raise ValueError(
            f"{code!r} is not a language code: use ISO 639-1 letters such as de, pt or pt_BR"
        )
    name = " ".join(name.split())
    if not name:
        raise ValueError("give the language's name as its speakers write it, e.g. Deutsch")
    if site_name is not None:
        site_name = " ".join(site_name.split())
        if not site_name:
            raise ValueError("--site-name: give the site's name in the language, or leave it out")
    if code in languages(config):
        raise ValueError(f"the site already has the language {code!r} (mkdocs.yml)")
    docs = root / "docs"
    if (docs / code).exists():
        raise ValueError(f"docs/{code}/ already exists: remove it or choose another code")
    changes: dict[Path, str] = {}
    left: list[tuple[str, int, str]] = []

    pages = source_pages(docs)
    sections = 0
    for page in pages:
        english = docs / SOURCE_LANGUAGE / page
        changes[docs / code / page] = english.read_text(encoding="utf-8")
        sections += len(parse_page(english).anchors)
    left.append(
        (
            f"docs/{code}/",
            len(pages),
            f"pages, copies of English ({sections} sections to translate)",
        )
    )

    config_text, english = _add_to_config(config.read_text(encoding="utf-8"), code, name, site_name)
    changes[config] = config_text
    left.append(("mkdocs.yml", len(english), f"lines: {_listed(english)}"))

    ui = root / "i18n" / "ui.yml"
    text, n = _add_to_entries(ui, code, lambda key, entry: entry[SOURCE_LANGUAGE])
    changes[ui] = text
    left.append(("i18n/ui.yml", n, "words the build writes on pages (English to translate)"))

    figures = root / "i18n" / "figures.yml"
    text, n = _add_to_entries(figures, code, lambda key, entry: key, under="text")
    changes[figures] = text
    left.append(("i18n/figures.yml", n, "words in figures (English to translate)"))

    glossary = root / "i18n" / "glossary.yml"
    text, n = _add_to_entries(glossary, code, lambda key, entry: [])
    changes[glossary] = text
    left.append(("i18n/glossary.yml", n, "terms (empty lists to fill)"))

    changes[ledger_path(code, root / LEDGER_DIR.relative_to(ROOT))] = HEADER + "{}\n"
    return Plan(changes, left)


def new_language(code: str, name: str, *, site_name: str | None = None, root: Path = ROOT) -> Plan:
    plan = plan_new_language(code, name, site_name=site_name, root=root)
    for path, text in plan.changes.items():
        write_atomic(path, text)
    return plan


# ---------------------------------------------------------------- mkdocs.yml


def _add_to_config(text: str, code: str, name: str, site_name: str | None) -> tuple[str, list[str]]:
    """Append the language to the i18n plugin's `languages:` list, keeping the file's
    comments and tags (mkdocs.yml is edited as text, not re-dumped); with the lines it
    leaves in English, to translate."""
    lines = text.splitlines()
    entries = [i for i, line in enumerate(lines) if re.match(r"^\s+- locale:\s*\S", line)]
    if not entries:
        raise ValueError("mkdocs.yml: cannot find the i18n plugin's languages (- locale: ...)")
    indent = len(lines[entries[-1]]) - len(lines[entries[-1]].lstrip())
    end = entries[-1] + 1
    while end < len(lines) and (
        not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent
    ):
        end += 1
    while not lines[end - 1].strip():
        end -= 1
    config = _load_config(text)
    nav = _nav_titles(config)
    pad = " " * indent
    block = [f"{pad}- locale: {code}", f"{pad}  name: {_scalar(name)}", f"{pad}  build: true"]
    english: list[str] = []  # the lines the block leaves in English
    english_name = str(config.get("site_name") or "")
    if site_name or english_name:
        block.append(
            f"{pad}  site_name: {_scalar(site_name or english_name)}"
            + ("" if site_name else "  # translate")
        )
        english += [] if site_name else ["site_name"]
    description = " ".join(str(config.get("site_description") or "").split())
    if description:
        block.append(f"{pad}  site_description: {_scalar(description)}  # translate")
        english.append("site_description")
    copyright_line = " ".join(str(config.get("copyright") or "").split())
    if copyright_line:  # the footer of every page
        block.append(f"{pad}  copyright: {_scalar(copyright_line)}  # translate")
        english.append("copyright")
    if nav:
        block.append(f"{pad}  nav_translations:  # translate the values")
        block += [f"{pad}    {_scalar(title)}: {_scalar(title)}" for title in nav]
        english += [f"nav_translations: {title}" for title in nav]
    return "\n".join(lines[:end] + block + lines[end:]) + "\n", english


def _listed(lines: list[str]) -> str:
    """site_name, site_description, copyright and 16 nav_translations titles."""
    named = [line for line in lines if not line.startswith("nav_translations")]
    nav = len(lines) - len(named)
    parts = [*named, *([f"{nav} navigation titles (nav_translations)"] if nav else [])]
    return " and ".join([", ".join(parts[:-1]), parts[-1]]) if len(parts) > 1 else "".join(parts)


def _load_config(text: str) -> dict:
    """mkdocs.yml as data, its tags (!ENV, !relative, python/...) read as nothing."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    return yaml.load(text, Loader=Loader) or {}


def _nav_titles(config: dict) -> list[str]:
    """The English titles of the navigation (the keys nav_translations translates)."""
    titles: list[str] = []

    def walk(items):
        for item in items or []:
            if isinstance(item, dict):
                for title, value in item.items():
                    titles.append(str(title))
                    if isinstance(value, list):
                        walk(value)

    walk(config.get("nav"))
    return titles


def _scalar(value) -> str:
    """value as one line of YAML: plain where YAML allows, else double-quoted as the
    project's YAML files write it."""
    dumped = (
        yaml.safe_dump(value, allow_unicode=True, width=10_000, default_flow_style=True)
        .strip()
        .removesuffix("...")
        .strip()
    )
    if isinstance(value, str) and dumped.startswith("'"):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is YAML's "..."
    return dumped


# ---------------------------------------------------------------- per-language tables


def _add_to_entries(
    path: Path, code: str, value_of, *, under: str | None = None
) -> tuple[str, int]:
    """path's text with a `code: value` line added to every entry of its per-language
    table (the top level, or the mapping under the key `under`), after the entry's last
    language; and how many lines it added. value_of(English key, entry) gives the value.
    The file is edited as text, so its comments and layout stay; the result is read back
    to make sure every entry, and nothing else, got its line."""
    where = path.relative_to(path.parents[1]).as_posix()
    text = path.read_text(encoding="utf-8")
    root = yaml.compose(text)
    table = root
    if under is not None:
        table = next((v for k, v in root.value if k.value == under), None)
    if not isinstance(table, yaml.MappingNode):
        raise ValueError(f"{where}: cannot find its table of entries")
    data = yaml.safe_load(text)
    entries = data[under] if under is not None else data
    lines = text.splitlines()
    inserts: list[tuple[int, str]] = []
    for key_node, value_node in table.value:
        key = yaml.safe_load(yaml.serialize(key_node))
        if not isinstance(value_node, yaml.MappingNode) or not value_node.value:
            continue  # not a per-language entry
        if value_node.flow_style:
            raise ValueError(
                f"{where}:{key_node.start_mark.line + 1}: the entry {key!r} is written on one "
                f"line ({{...}}): write one language a line, then add {code} again"
            )
        column = value_node.value[0][0].start_mark.column
        last = value_node.value[-1][1].end_mark
        after = last.line if last.column == 0 else last.line + 1  # the line to insert before
        value = _scalar(value_of(key, entries[key]))
        inserts.append((after, f"{' ' * column}{code}: {value}"))
    for after, line in sorted(inserts, reverse=True):
        lines.insert(after, line)
    new = "\n".join(lines) + "\n"
    got = yaml.safe_load(new)
    got_entries = got[under] if under is not None else got
    expected = {
        key: {**entry, code: value_of(key, entry)} if isinstance(entry, dict) and entry else entry
        for key, entry in entries.items()
    }
    if got_entries != expected or (
        under is not None and {**got, under: None} != {**data, under: None}
    ):
        raise ValueError(f"{where}: could not add the {code} lines to it: add them by hand")
    return new, len(inserts)
