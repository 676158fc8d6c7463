"""The translators' tool. Run from the repository root: python -m i18n --help"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from i18n import notebooks
from i18n.check import (
    WORDS_FILES,
    check_page,
    check_site,
    display,
    fix_typography,
    fix_words,
    quote_front_matter,
)
from i18n.files import write_atomic
from i18n.ledger import as_json, english_hashes, mark_translated, page_name, status, summary
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
            pages: dict[str, list] = {}
            for row in rows:
                if row.lang == lang:
                    pages.setdefault(row.page, []).append(row)
            for page, page_rows in pages.items():
                if all(row.state == "missing" for row in page_rows):
                    print(f"  {page}: not translated yet ({len(page_rows)} section(s) missing)")
                    continue
                if all(row.state == "up to date" for row in page_rows):
                    continue
                print(f"  {page}")
                for row in page_rows:
                    if row.state == "up to date":
                        continue
                    print(f"    #{row.section}: {row.state}")
                    if row.diff:
                        print("\n".join("      " + line for line in row.diff.splitlines()))
                    elif row.state == "stale":
                        print("      (the translated English version is not in git history)")
    if args.check:
        stale = sum(r.state == "stale" for r in rows)
        missing = sum(r.state == "missing" for r in rows)
        if stale:
            print(
                f"status --check: {stale} stale section(s): bring them in step with English, "
                "then run mark-translated",
                file=sys.stderr,
            )
            return 1
        print(
            "status --check: nothing stale"
            + (
                f" ({missing} missing section(s) allowed: readers see them in English, "
                "with a notice)"
                if missing
                else ""
            ),
            file=sys.stderr,
        )
    return 0


def cmd_new_language(args) -> int:
    from i18n.new_language import new_language

    plan = new_language(args.code, args.name, site_name=args.site_name)
    code = args.code
    pages = [p for p in plan.changes if p.parent.name == code and p.parent.parent.name == "docs"]
    print(f"added {' '.join(args.name.split())} ({code}): {len(plan.changes)} files written")
    for path in plan.changes:
        if path not in pages:
            print(f"  {display(path)}")
    print(f"  docs/{code}/ ({len(pages)} pages)")
    print(
        "Left to translate (until then readers see English, with a notice on pages and "
        "sections; status --check, check and the tests pass meanwhile):"
    )
    for where, count, what in plan.left:
        print(f"  {where}: {count} {what}")
    print(
        f"Next: translate a page (or some of its sections) in docs/{code}/, check it with "
        f"`python -m i18n check docs/{code}/PAGE.md`, record it with "
        f"`python -m i18n mark-translated docs/{code}/PAGE.md`, and see what is left with "
        f"`python -m i18n status --lang {code}`."
    )
    return 0


def cmd_import(args) -> int:
    from i18n.importer import ImportRefused, run_import

    try:
        result, target = run_import(Path(args.file), args.lang, args.page, force=args.force)
    except ImportRefused as refused:  # say which sections, then the one-line error
        _import_report(args.file, refused.result, written=False)
        raise
    print(
        f"wrote {display(target)} (encoding: {result.encoding}"
        f"{'; dropped the CO_OP_TRANSLATOR_METADATA comment' if result.dropped_metadata else ''})"
    )
    source = result.metadata.source_file if result.metadata else None
    if source and args.page is None:
        print(
            f"  page {result.page}: named by its source_file {source!r} ({result.metadata.where})"
        )
    elif source:
        print(f"  its source_file: {source!r} ({result.metadata.where})")
    print(
        f"  {len(result.mapped)} of {result.english_sections} English section(s) paired with "
        "its headings by content, recorded in the ledger as imported, needing review "
        "(status counts them stale until mark-translated)"
    )
    _import_report(args.file, result, written=True)
    for line, what in result.unrepaired:
        print(f"  {args.file}:{line}: could not repair: {what}")
    print(
        f"Next: python -m i18n check {display(target)}; compare it with English, then "
        f"python -m i18n mark-translated {result.page} --lang {args.lang}"
    )
    return 1 if result.unrepaired or result.unmapped or result.missing else 0


def _import_report(file: str, result, *, written: bool) -> None:
    """The headings given no anchor, and the English sections left without a heading."""
    for h in result.unmapped:
        print(
            f"  {file}:{h.line}: heading {h.title!r} ({h.contains}) {h.reason}: given no "
            "anchor; merge it into its section or remove it"
        )
    for m in result.missing:
        print(
            f"  docs/{SOURCE_LANGUAGE}/{result.page}:{m.line}: #{m.anchor} {m.title!r} "
            f"({m.contains}): {m.reason}" + ("; not in the page written" if written else "")
        )


def cmd_mark(args) -> int:
    name, named = page_name(args.page, args.lang)
    if args.lang and named not in (None, args.lang, SOURCE_LANGUAGE):
        raise ValueError(f"{args.page} is a page of {named}, but --lang says {args.lang}")
    lang = args.lang or named
    if lang is None or lang == SOURCE_LANGUAGE:
        raise ValueError(
            ("English is the source: only translations are marked; " if lang else "")
            + f"which language? give the translation's path (docs/fr/{name}) or --lang fr"
        )
    (lang,) = _languages(lang)
    marked = mark_translated(name, lang, args.section, same_as_english=args.same_as_english)
    print(f"docs/{lang}/{name}: {len(marked)} section(s) marked in step with English")
    if args.section is None:
        left = [anchor for anchor in english_hashes(name) if anchor not in marked]
        if left:
            print(
                f"  still the English text, so left missing: {', '.join('#' + a for a in left)} "
                "(translate them, then mark the page or each section again)"
            )
    return 0


def cmd_fix(args) -> int:
    changed = 0
    words = {p.resolve() for p in WORDS_FILES}
    for name in args.paths:
        path = Path(name)
        if not path.is_file():
            print(f"error: {name}: no such file", file=sys.stderr)
            return 2
        text = path.read_text(encoding="utf-8")
        if path.resolve() in words:  # ui.yml, figures.yml, mkdocs.yml: their translations
            fixed = fix_words(path)
        else:
            lang = next(
                (part for part in reversed(path.resolve().parts[:-1]) if part in languages()),
                None,
            )
            if lang is None or lang == SOURCE_LANGUAGE:
                print(
                    f"error: {name}: not a translation (docs/<language>/...) nor one of "
                    f"{', '.join(display(p) for p in WORDS_FILES)}",
                    file=sys.stderr,
                )
                return 2
            try:
                fixed = _fixed_page(path, text, lang)
            except notebooks.NotebookError as error:
                print(f"error: {error}", file=sys.stderr)
                return 2
        if fixed != text:
            write_atomic(path, fixed)
            changed += 1
            print(f"fixed {display(path)}")
    print(f"{changed} file(s) changed")
    return 0


def _fixed_page(path: Path, text: str, lang: str) -> str:
    if path.suffix == ".ipynb":  # the prose is in the markdown cells
        nb = notebooks.read(text, display(path))
        notebooks.markdown_cells_map(nb, lambda prose: fix_typography(prose, lang))
        return notebooks.write_text(nb)
    return fix_typography(quote_front_matter(text), lang)


def cmd_check(args) -> int:
    from i18n.check import count_by_kind

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
        problems = sorted(set(problems))
    else:
        problems = check_site()
    if args.json:
        import json

        print(json.dumps([p.as_json() for p in problems], ensure_ascii=False, indent=2))
        return 1 if problems else 0
    for problem in problems:
        print(problem)
    if problems:
        print(f"by kind: {count_by_kind(problems)}")
        files = len({p.path for p in problems})
        print(f"{len(problems)} problem(s) in {files} file(s)", file=sys.stderr)
        return 1
    print("clean: every translation matches the English structure")
    return 0


def cmd_spell(args) -> int:
    from i18n import spelling

    found = 0
    for lang in _languages(args.lang):
        if lang not in spelling.DICTIONARIES and args.lang is None:
            print(
                f"{lang}: skipped, no hunspell dictionary named for it in "
                "i18n/spelling.py (DICTIONARIES)",
                file=sys.stderr,
            )
            continue
        try:
            words = spelling.misspelled(lang)
        except spelling.SpellingError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        for word, places in words.items():
            found += 1
            shown = ", ".join(places[:3]) + (
                f" and {len(places) - 3} more" if len(places) > 3 else ""
            )
            print(f"{lang}: {word!r} at {shown}")
    if found:
        print(
            f"{found} word(s) neither hunspell's dictionary nor i18n/spelling/ knows: fix each "
            "misspelling; add a right word to i18n/spelling/<lang>.txt",
            file=sys.stderr,
        )
        return 1
    print("no misspelling")
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
        description="Report everything in a translation that is not prose and differs from "
        "English, glossary terms not used, mojibake and unsafe content: every problem of every "
        "kind in one run, sorted by file and line, each as `file:line: message: fix`, then "
        "how many of each kind. Sections whose headings differ from English are still "
        "compared: paired by anchor, or by position where an anchor was translated or dropped. "
        "Exit status 0 only when clean.",
    )
    check.add_argument(
        "paths", nargs="*", help="pages or folders to check (default: every translation)"
    )
    check.add_argument(
        "--json",
        action="store_true",
        help="for editors and CI: a JSON list of {file, line, kind, message, fix}",
    )
    check.set_defaults(run=cmd_check)
    st = sub.add_parser(
        "status",
        help="per language, page and section: up to date, stale (with the English diff) or missing",
        description="Compare each translated section with the English version it was "
        "translated from (i18n/translations/<lang>.yml). Stale sections show what changed "
        "in English since, when git history has that version. Missing sections (not "
        "translated yet, or not marked) are a normal state: readers see them in English "
        "with a notice.",
    )
    st.add_argument("--lang", help="only this language (e.g. fr)")
    st.add_argument("--json", action="store_true", help="machine-readable output")
    st.add_argument(
        "--check",
        action="store_true",
        help="exit 1 when a section is stale (missing sections are allowed)",
    )
    st.set_defaults(run=cmd_status)
    mark = sub.add_parser(
        "mark-translated",
        help="record that a translated page (or one section) is in step with today's English",
        description="After translating or updating docs/<lang>/PAGE, record the current "
        "English version of its sections in the ledger, so status stops reporting them. "
        "A section whose text is still the English text (a page started from a copy of "
        "English) is not translated: marking the page leaves it missing, and marking it "
        "alone is refused unless --same-as-english.",
    )
    mark.add_argument(
        "page",
        help="the page: overfitting.md, fr/overfitting.md or docs/fr/overfitting.md",
    )
    mark.add_argument(
        "--lang", help="the translation's language (e.g. fr); needed when PAGE does not name it"
    )
    mark.add_argument("--section", help="only this section anchor (without #)")
    mark.add_argument(
        "--same-as-english",
        action="store_true",
        help="with --section: the section reads the same in this language as in English "
        "(only a name and code, say): record it although its text is English's",
    )
    mark.set_defaults(run=cmd_mark)
    new = sub.add_parser(
        "new-language",
        help="add a language to the site, every page a copy of English to translate",
        description="Add the language's lines, each holding the English text to translate, "
        "to mkdocs.yml (its entry with site_name, site_description and nav_translations), "
        "i18n/ui.yml, i18n/figures.yml and i18n/glossary.yml (empty lists); copy every "
        "English page to docs/CODE/ and start its ledger; then list what is left to "
        "translate. Until a section is translated and marked, readers see it in English with "
        "a notice; the site builds strictly and status --check, check and the tests pass.",
    )
    new.add_argument("code", help="language code, e.g. de")
    new.add_argument("name", help="the language's name in that language, e.g. Deutsch")
    new.add_argument(
        "--site-name",
        help="the site's name in that language (default: the English one, to translate "
        "in mkdocs.yml later)",
    )
    new.set_defaults(run=cmd_new_language)
    imp = sub.add_parser(
        "import",
        help="import a translation made elsewhere (e.g. Co-op Translator output), repairing its encoding",
        description="Repair mis-decoded text (UTF-8 read as Windows-1252 or Mac Roman), report "
        "with line numbers what could not be repaired, read Co-op Translator's metadata (the "
        "CO_OP_TRANSLATOR_METADATA comment, dropped, or the .co-op-translator.json of its "
        "output folder), pair the file's headings with the English page's sections by level, "
        "order and content (includes, code, formulas, figures, values, links, numbers), and "
        "write docs/LANG/PAGE only when every English section found its heading. Headings "
        "that pair with no section are reported by line and get no anchor. The sections are "
        "recorded in the ledger as needing review: status counts them stale until "
        "mark-translated. Exit status 0 when all is paired and repaired, 1 when the page was "
        "written with something to look at, 2 when nothing was written.",
    )
    imp.add_argument("file", help="the translated Markdown file")
    imp.add_argument("--lang", required=True, help="its language, e.g. fr")
    imp.add_argument(
        "--page",
        help="the English page it translates, e.g. frameworks.md (default: the one its "
        "Co-op Translator source_file names)",
    )
    imp.add_argument(
        "--force",
        action="store_true",
        help="replace an existing translation; import even when --page or --lang contradicts "
        "the metadata, or when some English sections found no heading (left out)",
    )
    imp.set_defaults(run=cmd_import)
    fix = sub.add_parser(
        "fix",
        help="make the typography fixes a machine can make safely "
        "(French spaces, Romanian ș ț, decimal commas)",
        description="In prose only (never in code, math or links): French no-break spaces "
        "inside « » and before : ; ! ?, Romanian comma-below ș and ț instead of ş and ţ, "
        "and 0,5 for 0.5 in a language that writes decimals with a comma.",
    )
    fix.add_argument(
        "paths",
        nargs="+",
        help="translated pages to fix in place, or i18n/ui.yml, i18n/figures.yml, "
        "mkdocs.yml (their translated words)",
    )
    fix.set_defaults(run=cmd_fix)
    spell = sub.add_parser(
        "spell",
        help="spell-check the translations' prose with hunspell",
        description="Every word of the translated pages' prose that hunspell's dictionary "
        "for the language does not know and i18n/spelling/ does not allow, with where it "
        "is. Needs hunspell and its dictionaries: apt-get install hunspell hunspell-fr "
        "hunspell-ro hunspell-ru hunspell-sv.",
    )
    spell.add_argument("--lang", help="one language (default: every translated language)")
    spell.set_defaults(run=cmd_spell)
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
