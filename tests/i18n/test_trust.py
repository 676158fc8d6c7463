"""i18n.trust and the front-matter schema: a translation puts nothing into the HTML that
its English page does not have. Each hostile input is planted into a copy of a real
translated page (docs/en/X and docs/fr/X under tmp_path) and must be reported by
`check_page` at the line of the offending text, with a message naming it."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from support import LANGUAGES, ROOT

from i18n.check import check_page
from i18n.pages import parse_page, source_pages
from i18n.trust import trust_problems

PAGE = "overfitting.md"
NOTEBOOK = "lab-workbook.ipynb"


def section_end(name: str) -> str:
    """The last line of the first section of docs/fr/<name>: where a hostile paragraph or
    tag is planted, after real translated prose (found, so a rewrite keeps it valid)."""
    text = (ROOT / "docs" / "fr" / name).read_text(encoding="utf-8")
    first = text.split("\n## ", 1)[0]
    line = [x for x in first.splitlines() if x.strip()][-1].strip()
    assert text.count(line) == 1, f"{line!r} is not once in docs/fr/{name}"
    return line


def cell_line(name: str) -> str:
    """A prose line of a markdown cell of docs/fr/<name> as the JSON file writes it, once."""
    raw = (ROOT / "docs" / "fr" / name).read_text(encoding="utf-8")
    for cell in json.loads(raw)["cells"]:
        for line in "".join(cell["source"]).splitlines() if cell["cell_type"] == "markdown" else []:
            written = json.dumps(line, ensure_ascii=False)[1:-1]
            if len(line) > 40 and line[0].isalpha() and raw.count(written) == 1:
                return written
    raise AssertionError(f"no prose line found once in docs/fr/{name}")


AFTER = section_end(PAGE)
CELL_LINE = cell_line(NOTEBOOK)


def copy_page(tmp_path, name: str):
    """docs/en/<name> and docs/fr/<name> copied under tmp_path: (English, French)."""
    for lang in ("en", "fr"):
        (tmp_path / "docs" / lang).mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "docs" / lang / name, tmp_path / "docs" / lang / name)
    return tmp_path / "docs" / "en" / name, tmp_path / "docs" / "fr" / name


def replaced(path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {path.name}"
    text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return text


def line_of(text: str, marker: str) -> int:
    assert text.count(marker) == 1, f"{marker!r} must be once in the planted page"
    return 1 + text[: text.index(marker)].count("\n")


def assert_reported(problems, line: int, words: list[str]) -> None:
    matching = [p for p in problems if all(w in p.message for w in words)]
    assert matching, f"nothing reported like {words}; got:\n" + "\n".join(map(str, problems))
    assert any(p.line == line for p in matching), f"wrong line (want {line}): {matching}"


def assert_clean(problems) -> None:
    unsafe = [str(p) for p in problems if "unsafe content" in p.message or "raw HTML" in p.message]
    assert not unsafe, "\n".join(unsafe)


# (id, text added after AFTER as a paragraph of its own, text on the reported line, words)
HOSTILE_PROSE = [
    ("script", "<script>alert(1)</script>", "<script>", ["unsafe content", "'<script>'"]),
    ("uppercase tag", "<SCRIPT>alert(1)</SCRIPT>", "<SCRIPT>", ["unsafe content", "<script>"]),
    (
        "event attribute on the next line",
        '<img src="x.png"\nonerror=alert(1)>',
        "<img",
        ["unsafe content", "<img", "onerror"],
    ),
    (
        "tag running over a blank line",
        '<img src="x.png"\n\nonerror=alert(1)>',
        "<img",
        ["unsafe content", "onerror"],
    ),
    ("svg script", "<svg><script>alert(1)</script></svg>", "<svg>", ["unsafe content", "<svg>"]),
    (
        "script in script",
        "<scr<script>ipt>alert(1)</script>",
        "<scr<",
        ["unsafe content", "raw HTML", "<scr"],
    ),
    (
        "comment a browser ends early",
        "<!--><script>alert(1)</script>-->",
        "<!-->",
        ["unsafe content", "<script>"],
    ),
    (
        "iframe srcdoc",
        '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
        "<iframe",
        ["unsafe content", "<iframe srcdoc="],
    ),
    (
        "object data",
        '<object data="https://evil.example/x.swf"></object>',
        "<object",
        ["unsafe content", "evil.example", "<object data>"],
    ),
    (
        "entity-encoded scheme",
        '<a href="jav&#x61;script:alert(1)">ici</a>',
        "jav&#x61;",
        ["unsafe content", "a javascript: address", "<a href>"],
    ),
    (
        "tab inside the scheme",
        '<a href="java&#9;script:alert(1)">ici</a>',
        "java&#9;",
        ["unsafe content", "a javascript: address"],
    ),
    (
        "mixed-case scheme",
        '<a href="JaVaScRiPt:alert(1)">ici</a>',
        "JaVaScRiPt",
        ["unsafe content", "a javascript: address"],
    ),
    (
        "space before the scheme",
        '<a href=" javascript:alert(1)">ici</a>',
        "javascript",
        ["unsafe content", "a javascript: address"],
    ),
    (
        "mathml xlink",
        '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
        "<math>",
        ["unsafe content", "a javascript: address", "<mi xlink:href>"],
    ),
    (
        "markdown link, entity-encoded scheme",
        "Voir [ici](jav&#x61;script:alert(1)).",
        "Voir",
        ["unsafe content", "a javascript: address", "a link"],
    ),
    (
        "markdown link, percent-escaped scheme",
        "Voir [ici](jav%61script:alert(1)).",
        "Voir",
        ["unsafe content", "a javascript: address"],
    ),
    (
        "markdown link in angle brackets",
        "Voir [ici](<javascript:alert(1)>).",
        "Voir",
        ["unsafe content", "a javascript: address"],
    ),
    (
        "markdown link, address on the next line",
        "Voir [ici](\njavascript:alert(1)).",
        "javascript",
        ["unsafe content", "a javascript: address"],
    ),
    (
        "reference definition",
        "Voir [ici][x].\n\n[x]: javascript:alert(1)",
        "[x]:",
        ["unsafe content", "a javascript: address", "a reference"],
    ),
    (
        "reference definition, address on the next line",
        "Voir [ici][x].\n\n[x]:\n    javascript:alert(1)",
        "javascript",
        ["unsafe content", "a javascript: address"],
    ),
    ("autolink", "<javascript:alert(1)>", "<javascript", ["unsafe content", "a javascript:"]),
    (
        "data url",
        "![x](data:image/svg+xml;base64,PHN2Zz4=)",
        "![x]",
        ["unsafe content", "a data: address", "an image"],
    ),
    (
        "off-site image",
        "![x](https://evil.example/p.png)",
        "![x]",
        ["unsafe content", "evil.example", "does not use", "an image"],
    ),
    (
        "off-site link",
        "Voir [ici](https://evil.example/).",
        "Voir",
        ["unsafe content", "evil.example", "does not use", "a link"],
    ),
    (
        "protocol-relative img",
        '<img src="//evil.example/x">',
        "<img",
        ["unsafe content", "evil.example", "<img src>"],
    ),
    (
        "backslashes for slashes",
        "Voir [ici](/\\evil.example/).",
        "Voir",
        ["unsafe content", "evil.example"],
    ),
    (
        "css url",
        '<p style="background:url(https://evil.example/)">x</p>',
        "<p style",
        ["unsafe content", "evil.example", "<p style>"],
    ),
    (
        "base",
        '<base href="https://evil.example/">',
        "<base",
        ["unsafe content", "'<base href=", "evil.example"],
    ),
    (
        "stylesheet link",
        '<link rel="stylesheet" href="https://evil.example/s.css">',
        "<link",
        ["unsafe content", "'<link rel="],
    ),
    (
        "meta refresh",
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
        "<meta",
        ["unsafe content", "<meta http-equiv="],
    ),
    (
        "srcset",
        '<img src="a.png" srcset="https://evil.example/a.png 2x">',
        "<img",
        ["unsafe content", "evil.example", "<img srcset>"],
    ),
    (
        "form action",
        '<form action="https://evil.example/"><button>OK</button></form>',
        "<form",
        ["unsafe content", "evil.example", "<form action>"],
    ),
    (
        "bare address in text",
        "Voir https://evil.example/cours pour la suite.",
        "Voir",
        ["unsafe content", "evil.example", "plain text"],
    ),
    (
        "unfinished tag",
        "Fin <img src=x onerror=alert(1)",
        "Fin",
        ["unsafe content", "raw HTML", "<img src=x onerror"],
    ),
    (
        "attribute list after an image",
        '![x](figure.png){ onerror="alert(1)" }',
        "![x]",
        ["unsafe content", "attribute list", "onerror"],
    ),
    (
        "attribute list on a paragraph",
        'Un paragraphe.\n{: style="position:fixed;top:0" }',
        "{:",
        ["unsafe content", "attribute list", "position:fixed"],
    ),
    (
        "attribute list with an address",
        'Un paragraphe.\n{: style="background:url(https://evil.example/)" }',
        "{:",
        ["unsafe content", "evil.example", "attribute list style"],
    ),
]


@pytest.mark.parametrize(
    ("what", "hostile", "marker", "words"), HOSTILE_PROSE, ids=[h[0] for h in HOSTILE_PROSE]
)
def test_hostile_prose_is_reported_at_its_line(tmp_path, what, hostile, marker, words):
    english, french = copy_page(tmp_path, PAGE)
    text = replaced(french, AFTER, f"{AFTER}\n\n{hostile}")
    problems = check_page(french, "fr", english)
    assert_reported(problems, line_of(text, marker), words)


def test_an_attribute_in_a_heading_attribute_list_is_reported(tmp_path):
    english, french = copy_page(tmp_path, PAGE)
    text = replaced(
        french, "{ #seven-points-two-models }", '{ #seven-points-two-models onclick="alert(1)" }'
    )
    problems = check_page(french, "fr", english)
    line = line_of(text, "onclick")
    assert_reported(problems, line, ["unsafe content", "attribute list", "onclick"])


def test_a_link_to_another_host_is_reported_even_when_the_headings_differ(tmp_path):
    # the structure check stops at the headings; the trust check goes on
    english, french = copy_page(tmp_path, PAGE)
    replaced(french, "{ #conclusion }", "{ #autre }")
    text = replaced(french, AFTER, f"{AFTER} <img src=//evil.example/x>")
    problems = check_page(french, "fr", english)
    assert_reported(problems, line_of(text, "evil.example"), ["unsafe content", "evil.example"])


# ---------------------------------------------------------------- raw HTML English has


@pytest.fixture
def with_a_tag(tmp_path):
    """The page pair with the same <abbr> in English and French, and how to check a
    French variant of it: (check(tag) -> (problems, French text))."""
    english, french = copy_page(tmp_path, PAGE)
    english_after = "from an example small enough to see at a glance."
    replaced(
        english, english_after, f'{english_after} <abbr id="ml" title="machine learning">ML</abbr>'
    )

    def check(tag: str):
        text = french.read_text(encoding="utf-8").replace(AFTER, f"{AFTER} {tag}", 1)
        french.write_text(text, encoding="utf-8")
        return check_page(french, "fr", english), text

    return check


def test_a_translated_title_attribute_is_allowed(with_a_tag):
    problems, _ = with_a_tag('<abbr id="ml" title="apprentissage automatique">AA</abbr>')
    assert problems == []


def test_a_title_that_is_not_plain_text_is_reported(with_a_tag):
    problems, text = with_a_tag('<abbr id="ml" title="javascript:alert(1)">AA</abbr>')
    assert_reported(
        problems, line_of(text, "<abbr"), ["unsafe content", "title of <abbr>", "plain text"]
    )


def test_an_attribute_added_on_the_next_line_is_reported_at_that_line(with_a_tag):
    problems, text = with_a_tag('<abbr id="ml" title="AA"\n  onmouseover="alert(1)">AA</abbr>')
    assert_reported(
        problems,
        line_of(text, "onmouseover"),
        ["unsafe content", "differs from English", "onmouseover", "is not in English"],
    )


def test_a_changed_attribute_value_is_reported_with_the_english_value(with_a_tag):
    problems, text = with_a_tag('<abbr id="__config" title="AA">AA</abbr>')
    assert_reported(problems, line_of(text, "<abbr"), ["id is '__config', English has 'ml'"])


def test_a_changed_comment_is_reported(tmp_path):
    english, french = copy_page(tmp_path, "performance.md")
    text = replaced(
        french,
        "<!-- benchmark:training -->",
        "<!-- benchmark:training --!><script>alert(1)</script> -->",
    )
    problems = check_page(french, "fr", english)
    line = line_of(text, "<!-- benchmark:training")
    assert_reported(problems, line, ["unsafe content", "<script>", "English has '<!-- benchmark"])


def test_a_dropped_comment_is_reported_but_not_as_unsafe(tmp_path):
    english, french = copy_page(tmp_path, "performance.md")
    replaced(french, "<!-- benchmark:training -->", "")
    problems = check_page(french, "fr", english)
    lacking = [p for p in problems if "lacks the raw HTML '<!-- benchmark:training -->'" in str(p)]
    assert lacking and not any("unsafe" in p.message for p in lacking)


# ---------------------------------------------------------------- notebooks


def test_a_json_escaped_script_in_a_notebook_cell_is_reported(tmp_path):
    english, french = copy_page(tmp_path, NOTEBOOK)
    text = replaced(french, CELL_LINE, "\\u003cscript>alert(1)\\u003c/script>")
    problems = check_page(french, "fr", english)
    assert_reported(problems, line_of(text, "\\u003cscript>"), ["unsafe content", "'<script>'"])


def test_a_link_to_another_host_in_a_notebook_cell_is_reported(tmp_path):
    english, french = copy_page(tmp_path, NOTEBOOK)
    text = replaced(french, CELL_LINE, "Voir [ici](https://evil.example/).")
    problems = check_page(french, "fr", english)
    assert_reported(problems, line_of(text, "evil.example"), ["unsafe content", "evil.example"])


def test_a_raw_cell_in_a_notebook_is_reported(tmp_path):
    english, french = copy_page(tmp_path, NOTEBOOK)
    nb = json.loads(french.read_text(encoding="utf-8"))
    nb["cells"].insert(1, {"cell_type": "raw", "metadata": {}, "source": ["<script>x</script>"]})
    text = json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
    french.write_text(text, encoding="utf-8")
    problems = check_page(french, "fr", english)
    assert_reported(problems, line_of(text, "<script>x"), ["unsafe content", "a raw cell"])


def test_a_script_in_a_notebook_description_is_reported(tmp_path):
    english, french = copy_page(tmp_path, NOTEBOOK)
    nb = json.loads(french.read_text(encoding="utf-8"))
    nb["metadata"]["course"]["description"] = "<script>alert(1)</script>"
    text = json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
    french.write_text(text, encoding="utf-8")
    problems = check_page(french, "fr", english)
    assert_reported(problems, line_of(text, '"course"'), ["front matter", "description", "'<'"])


# ---------------------------------------------------------------- front matter


FRONT_MATTER = [
    # (id, line to add or replace it with, key on the reported line, words)
    (
        "yaml escapes decoding to a tag",
        'description: "\\u003cscript>alert(1)\\u003c/script>"',
        "description",
        ["front matter", "description must be plain text", "'<'"],
    ),
    (
        "control character in the description",
        'description: "Un cours\\x1b[2J"',
        "description",
        ["description must be plain text", "'\\x1b'"],
    ),
    (
        "description that is not text",
        "description: [a, b]",
        "description",
        ["description must be text"],
    ),
    (
        "free-form key holding code",
        "notes: |\n  ```python\n  import os\n  ```",
        "notes",
        ["front matter", "unknown key 'notes'", "description, requires, translation"],
    ),
    (
        "free-form key holding an include",
        "extra: '--8<-- \"../docs/fr/overfitting.md:section\"'",
        "extra",
        ["unknown key 'extra'"],
    ),
    (
        "requires that is not package names",
        'requires: [torch, "matplotlib; import os"]',
        "requires",
        ["requires must be a list of package names"],
    ),
    ("translation state", "translation: done", "translation", ["translation may only be"]),
    ("key given twice", "description: Encore.", "description: Encore", ["given twice"]),
]


@pytest.mark.parametrize(
    ("what", "line", "key", "words"), FRONT_MATTER, ids=[f[0] for f in FRONT_MATTER]
)
def test_front_matter_outside_the_schema_is_reported_at_its_key(tmp_path, what, line, key, words):
    english, french = copy_page(tmp_path, PAGE)
    text = french.read_text(encoding="utf-8")
    if line.startswith(("description:", "requires:")) and what != "key given twice":
        old = next(x for x in text.splitlines() if x.startswith(line.split(":")[0] + ":"))
        text = text.replace(old, line, 1)
    else:
        text = text.replace("requires:", f"{line}\nrequires:", 1)
    french.write_text(text, encoding="utf-8")
    problems = check_page(french, "fr", english)
    at = next(n for n, x in enumerate(text.splitlines(), 1) if x.startswith(key))
    assert_reported(problems, at, words)


# ---------------------------------------------------------------- the real translations


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_the_real_translations_have_nothing_unsafe(lang):
    for name in source_pages():
        page = parse_page(ROOT / "docs" / lang / name)
        english = parse_page(ROOT / "docs" / "en" / name)
        assert trust_problems(page, english) == [], name
        assert_clean(check_page(ROOT / "docs" / lang / name))


def test_translated_link_text_and_the_same_relative_link_are_not_reported(tmp_path):
    english, french = copy_page(tmp_path, "glossary.md")
    text = french.read_text(encoding="utf-8")
    link = re.search(r"\[[^\]]+\]\(#tensor\)", text)  # a relative link English has too
    text = f"{text[: link.start()]}[tableau à n dimensions](#tensor){text[link.end() :]}"
    french.write_text(text, encoding="utf-8")
    problems = check_page(french, "fr", english)
    assert_clean(problems)
    assert not [p for p in problems if "link" in p.message], problems
