"""i18n.pages, the one page model: a page is front matter plus sections at anchored
headings; each section records, with their lines, what a translation keeps (code, math,
figures, admonitions, anchors), what it may reorder (inline code, values, links,
numbers), its prose, and what reaches the HTML. Its front matter has a schema."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support import LANGUAGES, ROOT

from i18n.pages import (
    align_headings,
    front_matter_problems,
    languages,
    lesson_pages,
    parse_page,
    section_groups,
    source_pages,
    split_front_matter,
)

PAGE = """\
---
description: A page.
requires: [torch]
---

# Title { #title }

Some `inline code`, $x^2$, {{ loss:.3f }} and a
[link over two lines](other.md#there) after 300 epochs.

```python
--8<-- "demo/code.py:one"
```

!!! note "A note"
    Inside the note, 0.5 and 1,024.

    ```python
    --8<-- "demo/code.py:two"
    ```

$$
\\text{MSE} = \\frac{1}{N}
$$

$$ a = b $$

![A plot](figure:demo-plot)

Term { #term }
:   A definition.

## Second { #second }

```bash
# not a heading
```

<a href="https://example.org/x" title="a &amp; b">raw</a>
"""


def parse(text: str, name: str = "p.md"):
    return parse_page(Path("docs/en") / name, text)


def kept(section) -> list[tuple[str, str, int, int]]:
    return [(i.kind, i.value, i.line, i.end) for i in section.kept]


def loose(section) -> list[tuple[str, str, int]]:
    return [(i.kind, i.value, i.line) for i in section.loose]


# ---------------------------------------------------------------- sections and anchors


def test_a_page_is_its_front_matter_and_its_anchored_sections():
    page = parse(PAGE)
    assert page.meta == {"description": "A page.", "requires": ["torch"]}
    assert page.meta_error is None and page.body_start == 5 and page.problems == []
    assert [(s.id, s.title, s.level, s.line) for s in page.sections] == [
        ("title", "Title", 1, 6),
        ("second", "Second", 2, 33),
    ]
    assert page.anchors == ["title", "second"]
    assert page.section("second") is page.sections[1] and page.section("nope") is None
    # a section's text runs from its heading to the next one
    assert page.sections[1].text.startswith("## Second { #second }\n")
    assert page.sections[0].text.rstrip().endswith(":   A definition.")


def test_text_before_the_first_heading_is_a_section_without_an_anchor():
    page = parse("Before any heading.\n\n# Title { #t }\n")
    assert [(s.id, s.level, s.line) for s in page.sections] == [("", 0, 1), ("t", 1, 3)]
    assert page.anchors == ["t"]
    assert [s.id for s in parse("\n\n# Title { #t }\n").sections] == ["t"]  # blank: none


def test_headings_without_an_anchor_or_with_a_repeated_one_are_problems_at_their_line():
    page = parse("# A { #a }\n\n## B\n\n## C { #a }\n\n```\n# not a heading\n```\n")
    assert page.problems == [
        (3, "heading '## B' has no explicit anchor { #id }"),
        (5, "anchor #a is used twice (first on line 1)"),
    ]
    assert [s.title for s in page.sections] == ["A", "B", "C"]


def test_a_sections_hash_covers_its_own_text_only():
    page = parse(PAGE)
    changed = parse(PAGE.replace("# not a heading", "# another comment"))
    assert changed.section("title").source_hash() == page.section("title").source_hash()
    assert changed.section("second").source_hash() != page.section("second").source_hash()
    spaces = parse(PAGE.replace("after 300 epochs.", "after 300 epochs.   "))
    assert spaces.section("title").source_hash() == page.section("title").source_hash()


# ---------------------------------------------------------------- what a translation keeps


def test_kept_items_are_code_math_figures_admonitions_and_anchors_in_order():
    title = parse(PAGE).section("title")
    assert kept(title) == [
        ("fence", "python", 11, 0),
        ("code", '--8<-- "demo/code.py:one"', 11, 13),
        ("admonition", "0!!! note", 15, 0),
        ("fence", "python", 18, 0),
        ("code", '--8<-- "demo/code.py:two"', 18, 20),  # dedented: the note's block
        ("math", "\\text{MSE} = \\frac{1}{N}", 22, 0),
        ("math", "a = b", 26, 0),
        ("figure", "demo-plot", 28, 0),
        ("anchor", "term", 30, 0),
    ]


def test_code_blocks_end_at_their_closing_fence():
    page = parse("# T { #t }\n\n````markdown\n```python\nx\n```\n````\n\n~~~\ny\n~~~\n")
    assert kept(page.sections[0]) == [
        ("fence", "markdown", 3, 0),
        ("code", "```python\nx\n```", 3, 7),  # a longer fence holds a shorter one
        ("fence", "", 9, 0),
        ("code", "y", 9, 11),
    ]


def test_blocks_never_closed_are_problems_at_their_first_line():
    assert parse("# T { #t }\n\n```python\nx = 1\n").problems == [(3, "code block is never closed")]
    assert parse("# T { #t }\n\n$$\nx = 1\n").problems == [(3, "$$ math block is never closed")]


def test_loose_items_are_compared_as_a_multiset_with_their_lines():
    title = parse(PAGE).section("title")
    assert loose(title) == [
        ("inline code", "inline code", 8),
        ("math", "x^2", 8),
        ("value", "loss:.3f", 8),
        ("link", "other.md#there", 9),  # its text runs over two lines: one link
        ("number", "300", 9),
        ("number", "05", 16),  # numbers by their digits: 0,5 in French is the same
        ("number", "1024", 16),
    ]


def test_prose_is_what_is_left_to_translate():
    prose = dict(parse(PAGE).section("title").prose)
    assert prose[6] == "Title" and prose[15] == "A note" and prose[28] == " A plot "
    assert "`" not in prose[8] and "$" not in prose[8] and "{{" not in prose[8]
    assert prose[9] == " link over two lines  after 300 epochs."
    assert not any("--8<--" in text or "MSE" in text for text in prose.values())


def test_raw_html_and_addresses_are_read_as_a_browser_reads_them():
    page = parse(PAGE)
    (tag, end) = page.section("second").html
    assert (tag.kind, tag.name, tag.line) == ("tag", "a", 39)
    assert [(a.name, a.value) for a in tag.attrs] == [
        ("href", "https://example.org/x"),
        ("title", "a & b"),  # entities decoded
    ]
    assert (end.kind, end.name) == ("end tag", "a")
    assert [(u.kind, u.value, u.line) for u in page.section("title").urls] == [
        ("link", "other.md#there", 9)
    ]
    text = (
        "# T { #t }\n\n![i](pic.png) <https://x.org/a> see https://y.org/b\n\n[r]: https://z.org/\n"
    )
    urls = [(u.kind, u.value) for u in parse(text).sections[0].urls]
    assert sorted(urls) == sorted(
        [
            ("image", "pic.png"),
            ("autolink", "https://x.org/a"),
            ("text", "https://y.org/b"),
            ("reference", "https://z.org/"),
        ]
    )


def test_an_attribute_list_is_recorded_but_a_heading_anchor_is_not():
    page = parse("# T { #t }\n\nA paragraph.\n{: .big onclick=x }\n")
    assert [(i.value, i.line) for i in page.sections[0].attr_lists] == [("{: .big onclick=x }", 4)]
    assert parse("# T { #t }\n\nText.\n").sections[0].attr_lists == []


# ---------------------------------------------------------------- line numbers


def test_line_numbers_count_from_the_top_of_the_file():
    """Front matter included: what a message names is the line in the editor."""
    without = parse(PAGE.split("---\n", 2)[2])
    shift = PAGE.count("\n") - PAGE.split("---\n", 2)[2].count("\n")
    assert shift == 4
    page = parse(PAGE)
    for a, b in zip(page.sections, without.sections, strict=True):
        assert a.line == b.line + shift
        assert [(i.line, i.end) for i in a.kept] == [
            (i.line + shift, i.end + shift if i.end else 0) for i in b.kept
        ]
        assert [i.line for i in a.loose] == [i.line + shift for i in b.loose]


# ---------------------------------------------------------------- front matter


def test_front_matter_is_split_from_the_body():
    assert split_front_matter("# T\n") == ({}, None, 1)
    assert split_front_matter("---\na: 1\n---\n\n# T\n") == ({"a": 1}, None, 4)
    assert split_front_matter("---\na: 1\n...\n# T\n") == ({"a": 1}, None, 4)
    meta, error, _ = split_front_matter("---\na: 1\n# T\n")
    assert meta == {} and error == "front matter opened with --- but never closed"
    meta, error, body = split_front_matter("---\na: 1\nb: [2\n---\n# T\n")
    assert meta == {} and error.startswith("line 3: front matter is not valid YAML") and body == 5
    assert split_front_matter("---\n- a\n---\n")[1] == (
        "front matter must be a mapping (key: value lines)"
    )


def test_a_page_with_broken_front_matter_still_has_its_sections():
    page = parse("---\ndescription: [a\n---\n\n# T { #t }\n")
    assert page.meta == {} and "not valid YAML" in page.meta_error
    assert page.anchors == ["t"] and page.body_start == 4


FRONT_MATTER = [
    ("notes: x", 2, "front matter: unknown key 'notes' (a page's front matter holds only"),
    ("1: x", 2, "front matter: unknown key '1'"),
    ("description: A.\ndescription: B.", 3, "front matter: description is given twice"),
    ("description: 3", 2, "front matter: description must be text, not 3"),
    ("description: 'a <b>'", 2, "description must be plain text, without '<', '>'"),
    ('description: "bell\\a"', 2, "description must be plain text, without '\\x07'"),
    ('description: "\\u202eevil"', 2, "description must be plain text, without '\\u202e'"),
    ("requires: torch", 2, "requires must be a list of package names, like [torch, matplotlib]"),
    ("requires: [torch, 'os; x']", 2, "requires must be a list of package names"),
    ("translation: done", 2, "translation may only be 'untranslated', not 'done'"),
]


@pytest.mark.parametrize(("lines", "line", "message"), FRONT_MATTER)
def test_front_matter_outside_the_schema_is_a_problem_at_its_key(lines, line, message):
    text = f"---\n{lines}\n---\n\n# T {{ #t }}\n"
    problems = front_matter_problems(text)
    assert len(problems) == 1 and problems[0][0] == line, problems
    assert message in problems[0][1], problems
    assert parse(text).problems == problems  # the page model reports them


def test_front_matter_schema_accepts_what_the_tools_write():
    assert front_matter_problems("---\ntranslation: untranslated\n---\n\n# T { #t }\n") == []
    assert front_matter_problems("# No front matter { #t }\n") == []
    assert (
        front_matter_problems("---\ndescription: A page.\nrequires: [torch, scikit-learn]\n---\n")
        == []
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_meets_the_front_matter_schema(lang):
    for path in sorted((ROOT / "docs" / lang).glob("*.*")):
        if path.suffix in (".md", ".ipynb"):
            page = parse_page(path)
            assert not page.meta_error, (path, page.meta_error)
            schema = [m for _, m in page.problems if m.startswith("front matter")]
            assert not schema, (path, schema)


# ---------------------------------------------------------------- the site's pages

CONFIG = """\
site_name: !ENV [SITE_NAME, "Test"]
nav:
  - Home: index.md
  - Lessons:
      - One: one.md
      - Deeper:
          - Two: two.md
  - Lab:
      - The lab: lab.md
  - Glossary: glossary.md
plugins:
  - search
  - i18n:
      languages:
        - locale: fr
        - locale: en
          default: true
        - locale: sv
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
"""


def test_languages_and_lesson_pages_come_from_mkdocs_yml(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text(CONFIG, encoding="utf-8")
    assert languages(config) == ["en", "fr", "sv"]  # English first, its tags ignored
    assert lesson_pages(config) == ["one.md", "two.md", "lab.md"]
    config.write_text("site_name: x\nplugins:\n  - search\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match="no i18n plugin configured"):
        languages(config)


def test_source_pages_are_the_english_pages_and_notebooks(tmp_path):
    for name in ("en/b.md", "en/a.ipynb", "en/sub/c.md", "en/notes.txt", "fr/d.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("", encoding="utf-8")
    assert source_pages(tmp_path) == ["a.ipynb", "b.md", "sub/c.md"]


def test_source_pages_lists_the_english_pages():
    pages = source_pages()
    assert "overfitting.md" in pages and "index.md" in pages and "lab-workbook.ipynb" in pages
    assert all((ROOT / "docs" / "en" / name).is_file() for name in pages)


def test_english_pages_are_well_formed():
    for name in source_pages():
        page = parse_page(ROOT / "docs" / "en" / name)
        assert not page.problems, (name, page.problems)
        assert page.anchors, name


def test_in_code_marks_fenced_lines_by_the_page_models_rule():
    from i18n.pages import in_code

    lines = ["# T", "````python", "```", "# not a heading", "````", "## After", "~~~", "x", "~~~"]
    assert in_code(lines) == [False, True, True, True, True, False, True, True, True]


# ---------------------------------------------------------------- problems and their fixes


def test_a_problem_is_line_and_message_with_a_kind_and_a_fix():
    import copy
    import pickle

    (problem,) = parse("# A { #a }\n\n## B\n").problems
    line, message = problem  # the build and the ledger unpack it
    assert (line, message) == (3, "heading '## B' has no explicit anchor { #id }") == problem
    assert (problem.kind, problem.line) == ("heading", 3) and "{ #id }" in problem.fix
    for again in (copy.deepcopy(problem), pickle.loads(pickle.dumps(problem))):
        assert again == problem and (again.kind, again.fix) == (problem.kind, problem.fix)


@pytest.mark.parametrize(
    ("written", "words", "fix"),
    [
        ("{{ loss:.3f }", "does not close with }}", "write `{{ loss:.3f }}`"),
        ("{ loss:.3f }}", "does not open with {{", "write `{{ loss:.3f }}`"),
        ("{{ 1 + 1 }}", "holds no name", "write the name of a value"),
        ("{{ }}", "is empty", "write the name of a value"),
        ("{{ loss:.3ff }}", "has a format '.3ff' that is not one", "`{{ loss:.3f }}`"),
    ],
)
def test_a_placeholder_written_wrong_is_a_problem_at_its_own_line(written, words, fix):
    text = f"# T {{ #t }}\n\nFirst line,\nthen {written} and {{{{ ok }}}}.\n"
    page = parse(text)
    assert [(p.line, p.kind) for p in page.problems] == [(4, "placeholder")], page.problems
    assert f"`{written}`" in page.problems[0].message and words in page.problems[0].message
    assert fix in page.problems[0].fix
    assert ("placeholder", written, 4) in loose(page.sections[0])
    assert ("value", "ok", 4) in loose(page.sections[0])


def test_placeholders_in_code_and_math_are_not_placeholders():
    page = parse("# T { #t }\n\n`{{ x }` and $\\frac{1}{{n}}$\n\n```text\n{{ y }\n```\n")
    assert page.problems == []


@pytest.mark.parametrize(
    "heading",
    [
        "# T {#x}",
        "# T { #x }",
        "# T\t{ #x }",
        "# T {  #x  }  ",
        "# T { #x}",
        "# T{#x}",
        "# T{ #x }",
    ],
)
def test_a_headings_anchor_is_the_id_the_build_gives_it(heading):
    """attr_list reads `{#x}` and `{ #x }` after a space, not glued to the title: the
    page model reads the same anchor, or none (a problem) where the build makes one up."""
    import markdown

    built = re.search(r'id="([^"]*)"', markdown.markdown(heading, extensions=["attr_list", "toc"]))
    page = parse(heading + "\n")
    if built[1] == "x":
        assert page.anchors == ["x"] and page.problems == []
    else:
        assert page.anchors == [] and "has no explicit anchor" in page.problems[0].message


# ---------------------------------------------------------------- a translation beside English


def headings(ids: list[str]):
    return parse("".join(f"## H {{ #{i} }}\n\nText {i}.\n\n" if i else "## H\n\n" for i in ids))


def paired(mine: list[str], english: list[str]) -> list[tuple]:
    return [
        (p.mine and p.mine.id, p.english and p.english.id, p.by)
        for p in align_headings(headings(mine), headings(english))
    ]


def test_headings_pair_by_anchor_and_by_position_between_anchors():
    assert paired(["a", "b"], ["a", "b"]) == [("a", "a", "anchor"), ("b", "b", "anchor")]
    assert paired(["a", "x", "c"], ["a", "b", "c"])[1] == ("x", "b", "position")
    assert paired(["a", "", "c"], ["a", "b", "c"])[1] == ("", "b", "position")
    assert paired(["a", "c", "b"], ["a", "b", "c"])[2] == ("b", "b", "moved")
    assert paired(["a", "c"], ["a", "b", "c"]) == [
        ("a", "a", "anchor"),
        (None, "b", ""),
        ("c", "c", "anchor"),
    ]
    assert paired(["a", "x", "b"], ["a", "b"])[1] == ("x", None, "")


def test_a_section_left_unpaired_joins_the_group_before_it():
    groups = section_groups(headings(["a", "c"]), headings(["a", "b", "c"]))
    assert [([s.id for s in g.mine], [s.id for s in g.english], g.by) for g in groups] == [
        (["a"], ["a", "b"], "anchor"),
        (["c"], ["c"], "anchor"),
    ]
    groups = section_groups(headings(["x", "y"]), headings(["a", "b", "c"]))
    assert [([s.id for s in g.mine], [s.id for s in g.english], g.by) for g in groups] == [
        (["x"], ["a"], "position"),
        (["y"], ["b", "c"], "position"),
    ]
