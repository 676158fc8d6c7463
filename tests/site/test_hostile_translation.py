"""Hostile translations, end to end (DESIGN.md, principle 6).

A translation may come from a stranger. Each vector below is planted into a copy of the
project, in one French page (docs/fr/training-tricks.md), the French workbook
(docs/fr/lab-workbook.ipynb) or the French folder, then:

1. `python -m i18n check`, run in the copy as a translator runs it, names each vector's
   file and line (except the few marked as plain text, which are harmless words);
2. a strict build of the copy, run although check failed ("even when check is
   skipped"), either refuses it, naming the file and line, or publishes it neutralised.
   Planted code never runs: it would write a file into a folder that must stay empty.

The vectors the build publishes neutralised share one build. Those it refuses are
grouped by the defence that stops them (the folder, the page model, the page runner, the
notebook's page model, MkDocs' link check): the build stops at the first refusal, so
each group needs a build of its own. The builds are French only (COURSE_LANGUAGE=fr,
about 5 s each with the session's page runs cached).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from support import configured_repo_url, configured_site_url, copy_project, mkdocs_build

pytestmark = pytest.mark.slow

PAGE = "docs/fr/training-tricks.md"
NOTEBOOK = "docs/fr/lab-workbook.ipynb"
SITE_HOST = urlsplit(configured_site_url()).netloc
REPO_URL = configured_repo_url()


@dataclass(frozen=True)
class Vector:
    name: str
    where: str  # where plant() puts it
    text: str  # MARKER and OUTSIDE stand for the test's folders
    token: str  # text on the line that check names (a file's name for "file" and "link")
    check_at: int | None = 0  # check's line, from the token's; None: check lets it through
    build_at: int | None = 0  # a refusing build's line, from the token's; None: file only


# ---------------------------------------------------------------- the vectors

# The build publishes these, neutralised (one build for all of them).
NEUTRALISED = [
    Vector(
        "event attribute split over two lines",
        "page",
        "<span\n  onmouseover=\"alert('split')\">survol</span>",
        "alert('split')",
    ),
    Vector(
        "jav&#x61;script: in <a href>",
        "page",
        "<a href=\"jav&#x61;script:alert('a-href')\">lien</a>",
        "a-href",
    ),
    Vector(
        "javascript: in a Markdown link",
        "page",
        "[lien](javascript:alert('md-link'))",
        "md-link",
    ),
    Vector(
        "Markdown image from another host",
        "page",
        "![pixel](https://evil.example/p.png)",
        "evil.example/p.png",
    ),
    Vector(
        "<img> from a protocol-relative host",
        "page",
        '<img src="//evil.example/x.png" alt="x">',
        "evil.example/x.png",
    ),
    Vector(
        "style with url() to another host",
        "page",
        '<p style="background:url(https://evil.example/bg)">fond</p>',
        "evil.example/bg",
    ),
    Vector("<base href>", "page", '<base href="https://evil.example/">', "<base"),
    Vector(
        "<meta http-equiv=refresh>",
        "page",
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
        "http-equiv",
    ),
    Vector(
        "<link rel=stylesheet> to another host",
        "page",
        "<link rel=stylesheet href=https://evil.example/x.css>",
        "x.css",
    ),
    Vector("<script>", "page", "<script>alert('script')</script>", "alert('script')"),
    Vector("<svg><script>", "page", "<svg><script>alert('svg')</script></svg>", "alert('svg')"),
    Vector(
        "attr_list onclick on a paragraph",
        "page",
        "Paragraphe cliquable.\n{ onclick=\"alert('attr-p')\" }",
        "attr-p",
    ),
    Vector(
        "attr_list onerror on an image",
        "page",
        "![image](https://evil.example/i.png){ onerror=\"alert('attr-img')\" }",
        "attr-img",
    ),
    Vector(
        "raw HTML in an admonition's title",
        "page",
        '!!! note "<b onmouseover="alert(\'admonition\')">Note</b>"\n    Note.',
        "admonition",
    ),
    Vector(
        "<details ontoggle>",
        "page",
        "<details open ontoggle=\"alert('details')\"><summary>s</summary>d</details>",
        "ontoggle",
    ),
    Vector(
        "<iframe>, <object>, <embed>",
        "page",
        '<iframe src="https://evil.example/f"></iframe><object data="https://evil.example/o">'
        '</object><embed src="https://evil.example/e">',
        "<iframe",
    ),
    Vector(
        "<form> with an autofocus onfocus input",
        "page",
        '<form action="https://evil.example/"><input autofocus onfocus="alert(\'form\')"></form>',
        "alert('form')",
    ),
    Vector(
        "mXSS through MathML",
        "page",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert('mxss')>"
        "</style></mglyph></table></mtext></math>",
        "mxss",
    ),
    Vector(
        "Material's controls taken over by id",
        "page",
        '<label for="__drawer">x</label> <input id="__search">',
        "__drawer",
    ),
    Vector(
        "another host through a backslash",
        "page",
        '<a href="/\\evil.example">barre</a>',
        "/\\evil.example",
    ),
    Vector(
        "raw HTML in a heading (the table of contents)",
        "heading",
        'Garder <img src="x" onerror="alert(\'md-toc\')"> les valeurs',
        "md-toc",
    ),
    Vector(
        "a formula's \\href and raw HTML in its \\text (latex2mathml copies both)",
        "page",
        "$\\href{javascript:alert('href')}{x} + \\text{<img/src=\"x\"/onerror=alert('math')>}$",
        "alert('math')",
    ),
    Vector(
        "description that closes its attribute (no < or >: the schema allows it)",
        "description",
        "description: 'Astuces\" onmouseover=\"alert(1)'",
        "description:",
        check_at=None,
    ),
    Vector(
        "title that closes <title> (entities: plain text to check)",
        "title",
        "Titre &lt;/title&gt;&lt;script&gt;alert('title')&lt;/script&gt;",
        "alert('title')",
        check_at=None,
    ),
    Vector(
        "<script> in a notebook cell, as a JSON escape",
        "notebook",
        "Texte <script>alert('nb-script')</script>",
        "nb-script",
    ),
    Vector(
        "<img onerror> in a notebook cell",
        "notebook",
        '<img src="x" onerror="alert(\'nb-img\')">',
        "nb-img",
    ),
    Vector(
        "a notebook link to another host",
        "notebook",
        "[ailleurs](https://evil.example/nb)",
        "evil.example/nb",
    ),
    Vector(
        "jav&#x61;script: in a notebook's <a href>",
        "notebook",
        "<a href=\"jav&#x61;script:alert('nb-href')\">lien</a>",
        "nb-href",
    ),
    Vector(
        "a notebook attachment (a data: image)",
        "notebook",
        "![pj](attachment:p.png)",
        "attachment:p.png",
    ),
    Vector(
        "a notebook heading with an event attribute (the table of contents)",
        "notebook heading",
        "Le code du <b onmouseover=\"alert('toc')\">TP</b>",
        "alert('toc')",
    ),
    Vector(
        "a notebook description that closes its attribute",
        "notebook description",
        "Cahier\" onmouseover=\"alert('nb-description')",
        "nb-description",
        check_at=None,
    ),
    Vector(
        "notebook cell tags that steer the run (skip-execution, raises-exception)",
        "notebook tags",
        "skip-execution raises-exception",
        "skip-execution",
        check_at=None,  # not HTML: the build drops them (the run is cached under English's key)
    ),
]
# what <meta name="description" content="..."> must say: the text, its quotes escaped
PUBLISHED_DESCRIPTION = 'Astuces" onmouseover="alert(1)'
PUBLISHED_NOTEBOOK_DESCRIPTION = "Cahier\" onmouseover=\"alert('nb-description')"

# The build refuses these, one group per build. The pages' Python blocks are taken in
# order by the "block" vectors, each replacing a block's include.
REFUSED = {
    "by the page model": [
        Vector(
            "an unknown front-matter key holding a Python fence",
            "front matter",
            "notes: |\n  ```python\n  open('MARKER/front-matter', 'w')\n  ```",
            "notes:",
        ),
        Vector(
            "a description with YAML escapes of <script> and a closing quote",
            "description",
            r'description: "\u003cscript>alert(1)\u003c/script> \"><script>alert(2)</script>"',
            "description:",
        ),
        Vector(
            "an include of a page, out of snippets/",
            "block",
            '--8<-- "../docs/fr/overfitting.md:section"',
            "../docs/fr/overfitting.md",
            check_at=-1,  # check compares the block, named by its opening fence
        ),
        Vector(
            "an include of a program outside the project that writes the marker",
            "block",
            '--8<-- "OUTSIDE/pwn.py"',
            '"OUTSIDE/pwn.py"',
            check_at=-1,
        ),
        Vector(
            "the block form of an include",
            "block",
            "--8<--\nOUTSIDE/./pwn.py\n--8<--",
            "/./pwn.py",
            check_at=-2,
            build_at=-1,  # pymdownx.snippets' markers, on the lines around the path
        ),
    ],
    "by the page runner": [
        Vector(
            "typed code after an include in a Python block",
            "block",
            '--8<-- "training_tricks/values.py:float_precision"\nopen("MARKER/typed", "w")',
            'open("MARKER/typed"',
            check_at=-2,
            build_at=-2,  # the runner names the block's opening fence
        ),
    ],
    "by the notebook's page model": [
        Vector(
            "typed code in a notebook code cell",
            "notebook code cell",
            '--8<-- "lab/classify.py:setup"\nopen("MARKER/notebook-cell", "w")',
            "notebook-cell",
            check_at=-1,  # the cell's first line
            build_at=-1,
        ),
        Vector(
            "a raw cell (nbconvert copies it into the page)",
            "notebook raw cell",
            "<script>alert('raw')</script>",
            "alert('raw')",
        ),
        Vector(
            "an unknown notebook metadata key holding a Python fence",
            "notebook front matter",
            "```python\nopen('MARKER/notebook-meta', 'w')\n```",
            '"course":',
        ),
    ],
    "by the translation folder's rule": [
        Vector(
            "an HTML file", "file", "<script>alert('file')</script>", "evil.html", build_at=None
        ),
        Vector(
            "an SVG file with a script",
            "file",
            '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "evil.svg",
            build_at=None,
        ),
        Vector(
            "a page that links to a secret",
            "link",
            "OUTSIDE/secret.md",
            "glossary.md",
            build_at=None,
        ),
        Vector("a folder that links outside", "link", "OUTSIDE", "outside", build_at=None),
    ],
    "by MkDocs' link check": [
        Vector(
            "jav&#x61;script: in a Markdown link",
            "page",
            "[lien](jav&#x61;script:alert(1))",
            "jav&#x61;script:alert(",
            build_at=None,
        ),
    ],
}


# ---------------------------------------------------------------- planting

PYTHON_BLOCK_RE = re.compile(r"^```python\n(.*?)\n```$", re.M | re.S)


def plant(root: Path, vectors: list[Vector], outside: Path) -> dict[Vector, tuple[str, int]]:
    """Put the vectors into the project copy at root. Returns each one's (file, line of
    its token), from which check's and the build's lines are counted."""

    def fill(text: str) -> str:
        return text.replace("MARKER", str(outside / "marker")).replace("OUTSIDE", str(outside))

    (outside / "secret.md").write_text("SECRET-TOKEN\n", encoding="utf-8")
    text = (root / PAGE).read_text(encoding="utf-8")
    nb = json.loads((root / NOTEBOOK).read_text(encoding="utf-8"))
    paragraphs, nb_paragraphs, nb_cells, blocks = [], [], [], 0
    for v in vectors:
        body = fill(v.text)
        match v.where:
            case "page":  # a paragraph at the end of the first section
                paragraphs.append(body)
            case "title":
                text = replace_first(r"^# .*?(?= \{ #)", f"# {body}", text)
            case "description":
                text = replace_first(r"^description: .*$", body, text)
            case "front matter":
                text = text.replace("---\n", f"---\n{body}\n", 1)
            case "block":  # the next Python block's body
                start, end = list(PYTHON_BLOCK_RE.finditer(text))[blocks].span(1)
                text, blocks = text[:start] + body + text[end:], blocks + 1
            case "notebook":  # a paragraph of a new markdown cell
                nb_paragraphs.append(body)
            case "notebook heading":  # the first ## heading's title
                cell = next(c for c in nb["cells"] if c["source"][0].startswith("## "))
                cell["source"][0] = replace_first(
                    r"(?<=## ).*?(?= <a id=)", body, cell["source"][0]
                )
            case "heading":  # the first ## heading's title
                text = replace_first(r"^## .*?(?= \{ #)", f"## {body}", text)
            case "notebook description":
                nb["metadata"]["course"]["description"] = body
            case "notebook front matter":
                nb["metadata"]["course"]["notes"] = body
            case "notebook tags":  # on the first code cell
                next(c for c in nb["cells"] if c["cell_type"] == "code")["metadata"]["tags"] = (
                    body.split()
                )
            case "notebook code cell":
                nb_cells.append(new_cell("code", body, execution_count=None, outputs=[]))
            case "notebook raw cell":
                nb_cells.append(new_cell("raw", body))
            case "file":
                (root / "docs" / "fr" / v.token).write_text(body, encoding="utf-8")
            case "link":  # in place of a page, or a new folder
                link = root / "docs" / "fr" / v.token
                link.unlink(missing_ok=True)
                link.symlink_to(body)
            case _:
                raise ValueError(f"{v.name}: no way to plant {v.where!r}")
    if paragraphs:
        at = text.index("\n## ")
        text = text[:at] + "\n\n" + "\n\n".join(paragraphs) + "\n" + text[at:]
    if nb_paragraphs:
        attachment = {"p.png": {"image/png": "iVBORw0KGgo="}}  # attachment:p.png
        nb_cells.append(new_cell("markdown", "\n\n".join(nb_paragraphs), attachments=attachment))
    for cell in reversed(nb_cells):  # in the section "the lab's code", after its heading
        nb["cells"].insert(2, cell)
    from i18n.notebooks import write_text

    # <script> as JSON writes it escaped: \u003cscript>, which a search for "<script" misses
    nb_text = (
        write_text(nb).replace("<script>", "\\u003cscript>").replace("</script>", "\\u003c/script>")
    )
    (root / PAGE).write_text(text, encoding="utf-8")
    (root / NOTEBOOK).write_text(nb_text, encoding="utf-8")

    where = {}
    for v in vectors:
        if v.where in ("file", "link"):
            where[v] = (f"docs/fr/{v.token}", 1)
            continue
        name, planted = (NOTEBOOK, nb_text) if v.where.startswith("notebook") else (PAGE, text)
        lines = [n for n, line in enumerate(planted.splitlines(), 1) if fill(v.token) in line]
        assert len(lines) == 1, f"{v.name}: its token is on lines {lines} of {name}"
        where[v] = (name, lines[0])
    return where


def replace_first(pattern: str, new: str, text: str) -> str:
    """text with the first match of pattern (re.M) replaced by new, as it is."""
    return re.sub(pattern, lambda m: new, text, count=1, flags=re.M)


def new_cell(kind: str, source: str, **fields) -> dict:
    return {"cell_type": kind, "id": f"planted-{kind}", "metadata": {},
            "source": source.splitlines(True), **fields}  # fmt: skip


def run_check(root: Path, vectors: list[Vector]) -> str:
    """`python -m i18n check` in the copy, as a translator runs it: on the planted pages,
    or on the whole French folder when files were planted."""
    files = any(v.where in ("file", "link") for v in vectors)
    result = subprocess.run(
        [sys.executable, "-m", "i18n", "check", *(["docs/fr"] if files else [PAGE, NOTEBOOK])],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1, f"check found nothing wrong:\n{result.stdout}{result.stderr}"
    return result.stdout


def assert_check_names(output: str, where: dict[Vector, tuple[str, int]]) -> None:
    for v, (name, line) in where.items():
        if v.check_at is not None:
            at = f"{name}:{line + v.check_at}: "
            assert any(row.startswith(at) for row in output.splitlines()), (
                f"{v.name}: check names nothing at {at}\n{output}"
            )


def build(root: Path, site: Path) -> subprocess.CompletedProcess:
    """The copy's strict build, French only."""
    return mkdocs_build(root, site, env={"COURSE_LANGUAGE": "fr"})


def assert_nothing_ran(outside: Path) -> None:
    ran = sorted(p.name for p in (outside / "marker").iterdir())
    assert not ran, f"planted code ran: it wrote {ran}"


# ---------------------------------------------------------------- the built HTML

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data", "xlink:href",
                  "background", "cite", "srcset", "imagesrcset"}  # fmt: skip
LOADING_ATTRIBUTES = {"src", "srcset", "imagesrcset", "poster", "data", "background"}
FORBIDDEN_TAGS = ["base", "iframe", "object", "embed", "frame", "frameset", "applet", "style"]
SEARCH_TAGS = {"p", "code", "pre", "li", "ol", "ul", "sub", "sup"}  # what Material's index keeps


def read(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def address(value: str) -> tuple[str, str]:
    """(scheme, host) of an address as a browser reads it: tabs and newlines ignored,
    a backslash taken for a slash."""
    parts = urlsplit(re.sub(r"[\t\n\r]", "", value).strip("\x00- ").replace("\\", "/"))
    return parts.scheme.lower(), parts.netloc.lower()


def scripts(soup: BeautifulSoup) -> set[str]:
    """A page's scripts, written the same on every page: a src without its ../, an
    inline script without the path to the site's root, the __config JSON by its type."""
    found = set()
    for script in soup.find_all("script"):
        if script.get("id") == "__config":
            found.add(f"config {script.get('type')}")
        elif script.get("src"):
            found.add("src " + re.sub(r"^(\.\./|\./|/)+", "", script["src"]))
        else:
            found.add("inline " + re.sub(r'new URL\("[^"]*"', 'new URL("ROOT"', script.text))
    return found


def hostile_markup(soup: BeautifulSoup, material: set[str]) -> list[str]:
    """What a built page holds that no translation may put there; `material` is the
    scripts of a page that holds nothing planted."""
    found = [f"script {s[:80]!r}" for s in sorted(scripts(soup) - material)]
    found += [f"<{tag.name}>" for tag in soup.find_all(FORBIDDEN_TAGS)]
    found += [str(meta) for meta in soup.find_all("meta", attrs={"http-equiv": True})]
    # Material's controls (__drawer, __search, ...), taken over by an element with their id
    ids = [tag["id"] for tag in soup.find_all(id=re.compile("^__"))]
    found += [f"id {i!r} twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            if name.startswith("on"):
                found.append(f"<{tag.name} {name}={value!r}>")
            if name == "style" and "url(" in value.lower():
                found.append(f"<{tag.name} style={value!r}>")
            if name not in URL_ATTRIBUTES:
                continue
            urls = (
                [c.split()[0] for c in value.split(",") if c.strip()]
                if "srcset" in name
                else [value]
            )
            for scheme, host in map(address, urls):
                off_site = host and host != SITE_HOST
                if scheme not in ("", "http", "https", "mailto"):
                    found.append(f"<{tag.name} {name}={value!r}>: a {scheme}: address")
                elif off_site and (name in LOADING_ATTRIBUTES or tag.name == "link"):
                    found.append(f"<{tag.name} {name}={value!r}>: loads from {host}")
                elif (
                    off_site
                    and tag.name == "a"
                    and value != REPO_URL  # the header's link to our repository (mkdocs.yml)
                    and not {"noopener", "nofollow"} <= set(tag.get("rel") or [])
                ):
                    found.append(f"<a href={value!r}>: to {host}, without rel=noopener nofollow")
    return found


def published_markup(site: Path) -> dict[str, list[str]]:
    """hostile_markup of every page of a built site, by page."""
    material = scripts(read(site / "glossary" / "index.html"))  # nothing planted there
    found = {
        str(p.relative_to(site)): hostile_markup(read(p), material) for p in site.rglob("*.html")
    }
    return {page: problems for page, problems in sorted(found.items()) if problems}


# ---------------------------------------------------------------- the tests


@pytest.fixture(scope="module")
def outside(tmp_path_factory) -> Path:
    """A folder outside the copies: marker/, which planted code would write into (it
    stays empty), a program that writes there, and a secret a link could publish."""
    folder = tmp_path_factory.mktemp("outside")
    (folder / "marker").mkdir()
    marker = str(folder / "marker" / "outside-program")
    (folder / "pwn.py").write_text(f"open({marker!r}, 'w')\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def neutralised(filled_cache, tmp_path_factory, outside):
    """(the copy, where each vector is, check's output, the build, the site)."""
    root = copy_project(tmp_path_factory.mktemp("neutralised"))
    where = plant(root, NEUTRALISED, outside)
    output = run_check(root, NEUTRALISED)
    site = root / "site"
    return root, where, output, build(root, site), site


def test_check_names_every_vector(neutralised):
    _, where, output, _, _ = neutralised
    assert_check_names(output, where)


def test_build_publishes_them_neutralised(neutralised, outside):
    _, _, _, result, site = neutralised
    assert result.returncode == 0, f"the build failed:\n{result.stderr}"
    assert_nothing_ran(outside)
    assert (site / "training-tricks" / "index.html").is_file()
    assert (site / "lab-workbook" / "index.html").is_file()
    problems = published_markup(site)
    assert not problems, "hostile markup published:\n" + json.dumps(problems, indent=1)


def test_search_index_holds_no_markup(neutralised):
    """Material's search shows the index's titles and text as HTML."""
    site = neutralised[4]
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        for field in ("title", "text"):
            tags = BeautifulSoup(doc[field], "html.parser").find_all(True)
            wrong = [str(t)[:80] for t in tags if t.name not in SEARCH_TAGS or t.attrs]
            assert not wrong, f"{doc['location']}: its {field} holds {wrong}"


@pytest.mark.parametrize(
    "folder, description",
    [
        ("training-tricks", PUBLISHED_DESCRIPTION),
        ("lab-workbook", PUBLISHED_NOTEBOOK_DESCRIPTION),
    ],
)
def test_description_and_title_stay_text(neutralised, folder, description):
    page = read(neutralised[4] / folder / "index.html")
    metas = page.find_all("meta", attrs={"name": "description"})
    assert [m.attrs for m in metas] == [{"name": "description", "content": description}], (
        f"{folder}: the description's quote ended its attribute: {metas}"
    )
    titles = page.find_all("title")
    assert len(titles) == 1 and titles[0].parent.name == "head", f"{folder}: {titles}"
    assert "<" not in titles[0].text, f"{folder}: {titles[0]}"
    if folder == "training-tricks":  # the heading shows its entities as text
        heading = page.find("h1")
        assert "</title><script>alert('title')</script>" in heading.get_text(), heading


def test_notebook_cell_tags_do_not_steer_the_run(neutralised):
    """Jupyter obeys a cell's tags (skip-execution, raises-exception), and a
    translation's run is cached under the same key as English's: the build's program is
    the code cells' includes alone, whatever their metadata says."""
    from sitebuild.runner import load_program

    root = neutralised[0]
    english = NOTEBOOK.replace("docs/fr/", "docs/en/")
    french = load_program(root / NOTEBOOK, root / "snippets")
    assert french.key() == load_program(root / english, root / "snippets").key()


@pytest.mark.parametrize("group", list(REFUSED))
def test_build_refuses(group, filled_cache, tmp_path, outside):
    vectors = REFUSED[group]
    root = copy_project(tmp_path / "copy")
    where = plant(root, vectors, outside)
    assert_check_names(run_check(root, vectors), where)
    site = tmp_path / "site"
    result = build(root, site)
    assert result.returncode != 0, f"{group}: the build published it:\n{result.stderr}"
    assert_nothing_ran(outside)
    for v in vectors:
        name, line = where[v]
        if v.build_at is None:  # a whole file, or MkDocs' own message, which has no line
            said = name if v.where in ("file", "link") else name.removeprefix("docs/")
            assert v.token in result.stderr, f"{v.name}: the build does not name {v.token}"
        else:
            said = f"{name}:{line + v.build_at}: "
        assert said in result.stderr, f"{v.name}: the build does not name {said}:\n{result.stderr}"
    leaked = [p for p in site.rglob("*") if p.name in ("evil.html", "evil.svg", "secret.md")]
    leaked += [p for p in site.rglob("*.html") if "SECRET-TOKEN" in p.read_text(encoding="utf-8")]
    assert not leaked, f"{group}: published {leaked}"
    if (site / "glossary" / "index.html").is_file():  # strict mode stops after writing pages
        problems = published_markup(site)
        assert not problems, "hostile markup published:\n" + json.dumps(problems, indent=1)
