"""`python -m i18n new-language CODE NAME`: add a language to the site.

It adds the language to mkdocs.yml (the i18n plugin sets the theme's and the search's
language from its locale), gives it the English UI words and empty glossary entries to
translate, an empty ledger, and a copy of every English page marked
`translation: untranslated`: the site then shows those pages in English with a notice in
the reader's language, and `status` lists every section as missing. Everything is
computed first and written only when all of it is ready, each file atomically.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from i18n.files import write_atomic
from i18n.ledger import HEADER, LEDGER_DIR, UNTRANSLATED, ledger_path
from i18n.pages import ROOT, SOURCE_LANGUAGE, languages, source_pages, split_front_matter

CODE_RE = re.compile(r"^[a-z]{2,3}(?:_[A-Z]{2})?$")
CONFIG = ROOT / "mkdocs.yml"
UI = ROOT / "i18n" / "ui.yml"
GLOSSARY = ROOT / "i18n" / "glossary.yml"


def plan_new_language(code: str, name: str, *, root: Path = ROOT) -> dict[Path, str]:
    """path -> new content, for every file the new language adds or changes."""
    config = root / "mkdocs.yml"
    if not CODE_RE.match(code):
        raise ValueError(
            f"{code!r} is not a language code: use ISO 639-1 letters such as de, pt or pt_BR"
        )
    name = " ".join(name.split())
    if not name:
        raise ValueError("give the language's name as its speakers write it, e.g. Deutsch")
    if code in languages(config):
        raise ValueError(f"the site already has the language {code!r} (mkdocs.yml)")
    docs = root / "docs"
    if (docs / code).exists():
        raise ValueError(f"docs/{code}/ already exists: remove it or choose another code")
    changes: dict[Path, str] = {
        config: _add_to_config(config.read_text(encoding="utf-8"), code, name)
    }
    ui = root / "i18n" / "ui.yml"
    changes[ui] = _add_to_each_entry(ui.read_text(encoding="utf-8"), code, english_value=True)
    glossary = root / "i18n" / "glossary.yml"
    changes[glossary] = _add_to_each_entry(
        glossary.read_text(encoding="utf-8"), code, english_value=False
    )
    for page in source_pages(docs):
        english = (docs / SOURCE_LANGUAGE / page).read_text(encoding="utf-8")
        changes[docs / code / page] = mark_untranslated(english, page)
    changes[ledger_path(code, root / LEDGER_DIR.relative_to(ROOT))] = HEADER + "{}\n"
    return changes


def new_language(code: str, name: str, *, root: Path = ROOT) -> list[Path]:
    changes = plan_new_language(code, name, root=root)
    for path, text in changes.items():
        write_atomic(path, text)
    return list(changes)


def mark_untranslated(markdown: str, name: str = "") -> str:
    """The English page with `translation: untranslated` in its front matter (for a
    notebook, in its metadata's "course" entry, which reads as its front matter)."""
    if name.endswith(".ipynb"):
        from i18n import notebooks

        nb = notebooks.read(markdown, name)
        nb.setdefault("metadata", {}).setdefault(notebooks.META, {})["translation"] = UNTRANSLATED
        return notebooks.write_text(nb)
    _meta, error, _ = split_front_matter(markdown)
    if error:
        raise ValueError(f"English page's front matter: {error}")
    if markdown.startswith("---"):
        head, _, rest = markdown.partition("\n")
        return f"{head}\ntranslation: {UNTRANSLATED}\n{rest}"
    return f"---\ntranslation: {UNTRANSLATED}\n---\n\n{markdown}"


def _add_to_config(text: str, code: str, name: str) -> str:
    """Append the language to the i18n plugin's `languages:` list, keeping the file's
    comments and tags (mkdocs.yml is edited as text, not re-dumped)."""
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
    nav = _nav_titles(text)
    pad = " " * indent
    block = [
        f"{pad}- locale: {code}",
        f"{pad}  name: {yaml.safe_dump(name, allow_unicode=True).strip().removesuffix('...').strip()}",
        f"{pad}  build: true",
    ]
    if nav:
        block.append(f"{pad}  nav_translations:  # translate the values")
        block += [f"{pad}    {_scalar(title)}: {_scalar(title)}" for title in nav]
    return "\n".join(lines[:end] + block + lines[end:]) + "\n"


def _nav_titles(text: str) -> list[str]:
    """The English titles of the navigation (the keys nav_translations translates)."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    config = yaml.load(text, Loader=Loader)
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


def _scalar(value: str) -> str:
    return (
        yaml.safe_dump(value, allow_unicode=True, width=10_000).strip().removesuffix("...").strip()
    )


def _add_to_each_entry(text: str, code: str, *, english_value: bool) -> str:
    """Give every top-level entry of a per-language YAML table (ui.yml, glossary.yml) a
    line for the new language: English's value to translate, or an empty list. The file
    is edited as text, so its comments stay."""
    data = yaml.safe_load(text) or {}
    blocks: list[tuple[str | None, list[str]]] = [(None, [])]
    for line in text.splitlines():
        m = re.match(r"^([^\s#-][^:]*):\s*(?:#.*)?$", line)  # a key, maybe with a comment
        if m:
            blocks.append((m[1].strip().strip("\"'"), []))
        blocks[-1][1].append(line)
    out: list[str] = []
    for key, lines in blocks:
        tail: list[str] = []
        while lines and (not lines[-1].strip() or lines[-1].lstrip().startswith("#")):
            tail.insert(0, lines.pop())
        out += lines
        entry = data.get(key) if key is not None else None
        if isinstance(entry, dict):
            value = _scalar(str(entry[SOURCE_LANGUAGE])) if english_value else "[]"
            out.append(f"  {code}: {value}")
        out += tail
    return "\n".join(out) + "\n"
