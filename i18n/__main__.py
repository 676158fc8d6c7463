"""The translators' tool. Run from the repository root: python -m i18n --help"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from i18n import notebooks
from i18n.check import check_page, check_site, display, fix_typography
from i18n.files import write_atomic
from i18n.ledger import as_json, mark_translated, status, summary
from i18n.pages import SOURCE_LANGUAGE, languages


def _languages(value: str | None) -> list[str]:
    known = [lang for lang in languages() if lang != SOURCE_LANGUAGE]
    if value is None:
        return known
    if value not in known:
        raise ValueError(
            f"--lang {value}: not a translated language of the site ({', '.join(known)})"
        )
    return [value]


def cmd_status(args) -> int:
    rows = status(_languages(args.lang))
    if args.json:
        import json

        print(json.dumps(as_json(rows), ensure_ascii=False, indent=2))
    else:
        totals = summary(rows)
        for lang, counts in totals.items():
            print(
                f"{lang}: {counts['percent']:.1f}% up to date "
                f"({counts['up to date']} up to date, {counts['stale']} stale, {counts['missing']} missing)"
            )
            page = None
            for row in rows:
                if row.lang != lang or row.state == "up to date":
                    continue
                if row.page != page:
                    page = row.page
                    print(f"  {page}")
                print(f"    #{row.section}: {row.state}")
                if row.diff:
                    print("\n".join("      " + line for line in row.diff.splitlines()))
                elif row.state == "stale":
                    print("      (the translated English version is not in git history)")
    if args.check and any(r.state != "up to date" for r in rows):
        return 1
    return 0


def cmd_new_language(args) -> int:
    from i18n.new_language import new_language

    written = new_language(args.code, args.name)
    print(f"added {args.name} ({args.code}): {len(written)} files written")
    for path in written:
        print(f"  {display(path)}")
    print(
        f"Next: translate docs/{args.code}/, the {args.code} lines of i18n/ui.yml, i18n/glossary.yml "
        f"and mkdocs.yml's nav_translations; then run mark-translated for each page."
    )
    return 0


def cmd_import(args) -> int:
    from i18n.importer import run_import

    result, target = run_import(Path(args.file), args.lang, args.page, force=args.force)
    print(
        f"wrote {display(target)} (encoding: {result.encoding}"
        f"{'; dropped the CO_OP_TRANSLATOR_METADATA comment' if result.dropped_metadata else ''})"
    )
    print(
        f"  {len(result.mapped)} section(s) mapped onto English anchors and recorded in the ledger"
    )
    for line, title in result.unmapped:
        print(
            f"  {args.file}:{line}: heading {title!r} matches no English section: merge or remove it"
        )
    for line, what in result.unrepaired:
        print(f"  {args.file}:{line}: could not repair: {what}")
    print(f"Next: python -m i18n check {display(target)}")
    return 1 if result.unrepaired else 0


def cmd_mark(args) -> int:
    for lang in _languages(args.lang):
        marked = mark_translated(args.page, lang, args.section)
        print(f"docs/{lang}/{args.page}: {len(marked)} section(s) marked in step with English")
    return 0


def cmd_fix(args) -> int:
    changed = 0
    for name in args.paths:
        path = Path(name)
        if not path.is_file():
            print(f"error: {name}: no such file", file=sys.stderr)
            return 2
        lang = next(
            (part for part in reversed(path.resolve().parts[:-1]) if part in languages()), None
        )
        if lang is None or lang == SOURCE_LANGUAGE:
            print(f"error: {name}: not a translation (docs/<language>/...)", file=sys.stderr)
            return 2
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".ipynb":  # the prose is in the markdown cells
            try:
                nb = notebooks.read(text, display(path))
            except notebooks.NotebookError as error:
                print(f"error: {error}", file=sys.stderr)
                return 2
            notebooks.markdown_cells_map(nb, lambda prose, lang=lang: fix_typography(prose, lang))
            fixed = notebooks.write_text(nb)
        else:
            fixed = fix_typography(text, lang)
        if fixed != text:
            write_atomic(path, fixed)
            changed += 1
            print(f"fixed {display(path)}")
    print(f"{changed} file(s) changed")
    return 0


def cmd_check(args) -> int:
    if args.paths:
        problems = []
        for name in args.paths:
            path = Path(name)
            if path.is_dir():
                problems += [p for p in check_site() if p.path.startswith(display(path))]
            elif not path.is_file():
                print(f"error: {name}: no such file", file=sys.stderr)
                return 2
            else:
                problems += check_page(path)
    else:
        problems = check_site()
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s)", file=sys.stderr)
        return 1
    print("clean: every translation matches the English structure")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m i18n",
        description="Keep the course's translations in step with the English pages.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = sub.add_parser(
        "check",
        help="check translations against English (structure, code, links, glossary, encoding)",
        description="Report, as file:line, everything in a translation that is not prose "
        "and differs from English, glossary terms not used, mojibake and unsafe content. "
        "Exit status 0 only when clean.",
    )
    check.add_argument(
        "paths", nargs="*", help="pages or folders to check (default: every translation)"
    )
    check.set_defaults(run=cmd_check)
    st = sub.add_parser(
        "status",
        help="per language, page and section: up to date, stale (with the English diff) or missing",
        description="Compare each translated section with the English version it was "
        "translated from (i18n/translations/<lang>.yml). Stale sections show what changed "
        "in English since, when git history has that version.",
    )
    st.add_argument("--lang", help="only this language (e.g. fr)")
    st.add_argument("--json", action="store_true", help="machine-readable output")
    st.add_argument("--check", action="store_true", help="exit 1 when anything is stale or missing")
    st.set_defaults(run=cmd_status)
    mark = sub.add_parser(
        "mark-translated",
        help="record that a translated page (or one section) is in step with today's English",
        description="After translating or updating docs/<lang>/PAGE, record the current "
        "English version of its sections in the ledger, so status stops reporting them.",
    )
    mark.add_argument("page", help="page path relative to docs/<lang>/, e.g. overfitting.md")
    mark.add_argument("--lang", required=True, help="the translation's language (e.g. fr)")
    mark.add_argument("--section", help="only this section anchor (without #)")
    mark.set_defaults(run=cmd_mark)
    new = sub.add_parser(
        "new-language",
        help="add a language to the site, its pages marked untranslated",
        description="Add the language to mkdocs.yml, i18n/ui.yml and i18n/glossary.yml, copy every "
        "English page to docs/CODE/ marked `translation: untranslated` (the site shows them in "
        "English with a notice) and start its ledger. The site still builds strictly.",
    )
    new.add_argument("code", help="language code, e.g. de")
    new.add_argument("name", help="the language's name in that language, e.g. Deutsch")
    new.set_defaults(run=cmd_new_language)
    imp = sub.add_parser(
        "import",
        help="import a translation made elsewhere (e.g. Co-op Translator output), repairing its encoding",
        description="Repair mis-decoded text (UTF-8 read as Windows-1252 or Mac Roman), report "
        "with line numbers what could not be repaired, drop the CO_OP_TRANSLATOR_METADATA "
        "comment, map the headings onto the English page's sections, write docs/LANG/PAGE and "
        "record the sections in the ledger. Exit status 1 when something could not be repaired.",
    )
    imp.add_argument("file", help="the translated Markdown file")
    imp.add_argument("--lang", required=True, help="its language, e.g. fr")
    imp.add_argument(
        "--page", required=True, help="the English page it translates, e.g. frameworks.md"
    )
    imp.add_argument("--force", action="store_true", help="replace an existing translation")
    imp.set_defaults(run=cmd_import)
    fix = sub.add_parser(
        "fix",
        help="make the typography fixes a machine can make safely "
        "(French spaces, Romanian ș ț, decimal commas)",
        description="In prose only (never in code, math or links): French no-break spaces "
        "inside « » and before : ; ! ?, Romanian comma-below ș and ț instead of ş and ţ, "
        "and 0,5 for 0.5 in a language that writes decimals with a comma.",
    )
    fix.add_argument("paths", nargs="+", help="translated pages to fix in place")
    fix.set_defaults(run=cmd_fix)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
