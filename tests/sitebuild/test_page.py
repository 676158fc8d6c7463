"""sitebuild.page: what the build knows of one page (PageContext) — above all whether a
stranger may have written it, which is true of a file in a translation's folder only —
its metadata as the templates get it, and the page model it builds from, which fails the
build at file:line when the page is wrong."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from sitebuild import page as one_page
from sitebuild.page import PageContext, published_meta, read_page, snippets_dir, translation_folders

LOCALES = ("en", "fr", "sv")


def fake_config(tmp_path, lang: str = "en", *, alone: str | None = None) -> dict:
    """MkDocs' config as the build sees it while static-i18n builds `lang`; with `alone`,
    a one-language build (COURSE_LANGUAGE=fr), where static-i18n makes that language
    the default one."""
    default = alone or "en"
    plugin = SimpleNamespace(
        config=SimpleNamespace(
            languages=[SimpleNamespace(locale=c, default=c == default) for c in LOCALES]
        ),
        build_languages=[alone] if alone else list(LOCALES),
    )
    return {
        "docs_dir": str(tmp_path / "docs"),
        "site_dir": str(tmp_path / "site"),
        "theme": {"language": lang},
        "plugins": {"i18n": plugin},
        "mdx_configs": {"pymdownx.snippets": {"base_path": [str(tmp_path / "snippets")]}},
    }


def fake_page(tmp_path, src_uri: str, dest_uri: str):
    """A page of docs/<src_uri>, written to site/<dest_uri>."""
    url = dest_uri.removesuffix("index.html")
    return SimpleNamespace(
        file=SimpleNamespace(
            src_uri=src_uri,
            abs_src_path=str(tmp_path / "docs" / src_uri),
            dest_uri=dest_uri,
            abs_dest_path=str(tmp_path / "site" / dest_uri),
        ),
        url=url,
        canonical_url=f"https://example.org/{url}",
    )


def context(tmp_path, src_uri: str, dest_uri: str, lang: str, **kwargs) -> PageContext:
    return PageContext.of(
        fake_page(tmp_path, src_uri, dest_uri), fake_config(tmp_path, lang, **kwargs)
    )


# ---------------------------------------------------------------- whose page it is


def test_an_english_page_is_trusted(tmp_path):
    ctx = context(tmp_path, "en/overfitting.md", "overfitting/index.html", "en")
    assert not ctx.untrusted
    assert (ctx.lang, ctx.url, ctx.path_in_language) == ("en", "overfitting/", "overfitting.md")
    assert ctx.address == "https://example.org/overfitting/"
    assert ctx.source == tmp_path / "docs" / "en" / "overfitting.md"
    assert ctx.where == str(ctx.source)  # outside the repository: the whole path
    assert ctx.dest_dir == tmp_path / "site" / "overfitting"
    assert ctx.lang_root == tmp_path / "site"
    assert ctx.docs == (tmp_path / "docs").resolve()
    assert ctx.snippets == tmp_path / "snippets"


def test_a_page_in_a_translations_folder_is_untrusted(tmp_path):
    ctx = context(tmp_path, "fr/sub/overfitting.md", "fr/sub/overfitting/index.html", "fr")
    assert ctx.untrusted
    assert (ctx.lang, ctx.path_in_language) == ("fr", "sub/overfitting.md")
    assert ctx.lang_root == tmp_path / "site" / "fr"
    assert ctx.dest_dir == tmp_path / "site" / "fr" / "sub" / "overfitting"


def test_english_standing_in_for_a_missing_translation_is_trusted(tmp_path):
    ctx = context(tmp_path, "en/overfitting.md", "fr/overfitting/index.html", "fr")
    assert not ctx.untrusted
    assert (ctx.lang, ctx.path_in_language) == ("fr", "overfitting.md")
    assert ctx.lang_root == tmp_path / "site" / "fr"


def test_a_translation_built_alone_at_the_root_is_untrusted_still(tmp_path):
    """COURSE_LANGUAGE=fr: French is then static-i18n's default language, at the root."""
    ctx = context(tmp_path, "fr/overfitting.md", "overfitting/index.html", "fr", alone="fr")
    assert ctx.untrusted
    assert ctx.path_in_language == "overfitting.md" and ctx.lang_root == tmp_path / "site"


def test_the_snippets_folder_is_the_one_mkdocs_yml_gives_pymdownx_snippets():
    assert snippets_dir({"mdx_configs": {"pymdownx.snippets": {"base_path": ["a", "b"]}}}) == Path(
        "a"
    )
    assert snippets_dir({"mdx_configs": {"pymdownx.snippets": {"base_path": "c"}}}) == Path("c")
    assert snippets_dir({"mdx_configs": {}}) == Path("snippets")


# ---------------------------------------------------------------- its metadata

META = {
    "description": 'Un cours"><script>alert(1)</script> &amp; plus',
    "requires": ["torch"],
}


def test_a_translations_description_is_escaped_for_the_templates(tmp_path):
    ctx = context(tmp_path, "fr/p.md", "fr/p/index.html", "fr")
    published = published_meta(META, ctx)
    assert published == {
        "description": "Un cours&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; plus",
        "requires": ["torch"],
    }


def test_an_english_pages_metadata_is_published_as_it_is(tmp_path):
    ctx = context(tmp_path, "en/p.md", "p/index.html", "en")
    published = published_meta(META, ctx)
    assert published == META and published is not META


# ---------------------------------------------------------------- its page model


@pytest.fixture
def write_page(tmp_path):
    """Write docs/fr/p.md; returns its PageContext. snippets/demo/code.py has section one."""
    (tmp_path / "snippets" / "demo").mkdir(parents=True)
    (tmp_path / "snippets" / "demo" / "code.py").write_text(
        "# --8<-- [start:one]\nx = 1\n# --8<-- [end:one]\n", encoding="utf-8"
    )
    (tmp_path / "docs" / "fr").mkdir(parents=True)

    def write(text: str) -> PageContext:
        (tmp_path / "docs" / "fr" / "p.md").write_text(text, encoding="utf-8")
        return context(tmp_path, "fr/p.md", "fr/p/index.html", "fr")

    return write


GOOD = '---\ndescription: Une page.\n---\n\n# Titre { #t }\n\n```python\n--8<-- "demo/code.py:one"\n```\n'


def test_a_good_page_gives_its_page_model(write_page):
    model = read_page(write_page(GOOD))
    assert model.meta == {"description": "Une page."} and model.anchors == ["t"]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (GOOD.replace("# Titre { #t }", "# Titre"), 5, "heading '# Titre' has no explicit anchor"),
        (GOOD.replace("code.py:one", "code.py:two"), 8, 'has no section "two"'),
        (
            GOOD.replace("demo/code.py", "demo/gone.py"),
            8,
            'snippet file "snippets/demo/gone.py" does not exist',
        ),
        (
            GOOD.replace("description: Une page.", "notes: x"),
            2,
            "front matter: unknown key 'notes'",
        ),
    ],
    ids=["page model", "include", "missing snippet", "front matter schema"],
)
def test_a_wrong_page_fails_the_build_at_file_and_line(write_page, text, line, message):
    ctx = write_page(text)
    with pytest.raises(PluginError) as caught:
        read_page(ctx)
    text = str(caught.value)
    assert text.startswith("The page cannot be built:\n  ")
    assert f"{ctx.where}:{line}: " in text and message in text, text


def test_broken_front_matter_fails_the_build_naming_the_file_and_line(write_page):
    ctx = write_page(GOOD.replace("description: Une page.", "description: [Une page"))
    with pytest.raises(PluginError, match="front matter is not valid YAML") as caught:
        read_page(ctx)
    assert f"{ctx.where}: line 2: front matter is not valid YAML" in str(caught.value)


# ---------------------------------------------------------------- a translation's folder


def test_a_translations_folder_may_hold_pages_only(tmp_path):
    config = fake_config(tmp_path)
    for name in ("en/p.md", "en/figure.svg", "fr/p.md", "fr/wb.ipynb"):
        (tmp_path / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / name).write_text("x", encoding="utf-8")
    translation_folders(config)  # English may hold assets; the translations hold pages
    (tmp_path / "docs" / "fr" / "evil.html").write_text("<script></script>", encoding="utf-8")
    with pytest.raises(PluginError, match=r"fr/evil\.html: .*not a page"):
        translation_folders(config)


def test_every_pages_program_is_handed_to_the_parallel_runner_before_the_build(
    tmp_path, monkeypatch
):
    snippets = tmp_path / "snippets" / "demo"
    snippets.mkdir(parents=True)
    (snippets / "code.py").write_text("# --8<-- [start:s]\nx = 1\n# --8<-- [end:s]\n")
    page = '---\nrequires: []\n---\n\n# P { #p }\n\n```python\n--8<-- "demo/code.py:s"\n```\n'
    for lang in ("en", "fr"):
        (tmp_path / "docs" / lang).mkdir(parents=True)
        (tmp_path / "docs" / lang / "p.md").write_text(page, encoding="utf-8")
    (tmp_path / "docs" / "en" / "prose.md").write_text("# Prose { #prose }\n", encoding="utf-8")
    broken = page.replace("demo/code.py:s", "demo/code.py:nope")
    (tmp_path / "docs" / "fr" / "broken.md").write_text(broken, encoding="utf-8")
    handed = []
    monkeypatch.setattr(one_page, "run_programs", lambda programs: handed.extend(programs))
    config = {
        "docs_dir": str(tmp_path / "docs"),
        "mdx_configs": {"pymdownx.snippets": {"base_path": [str(tmp_path / "snippets")]}},
    }
    one_page.run_page_programs(config)
    # both languages' p.md (the runner runs their shared code once); no page without
    # code; the broken page is left to its own build, which names what is wrong
    assert sorted(Path(p.page).parts[-2:] for p in handed) == [("en", "p.md"), ("fr", "p.md")]


# ---------------------------------------------------------------- a translation's anchors

ENGLISH = (
    "---\ndescription: A page.\n---\n\n# Title { #t }\n\nText.\n\n## Part { #part }\n\nMore.\n"
)
FRENCH = (
    "---\ndescription: Une page.\n---\n\n# Titre { #t }\n\nTexte.\n\n## Partie { #part }\n\nPlus.\n"
)


@pytest.mark.parametrize(
    ("french", "line", "words"),
    [
        (
            FRENCH.replace("{ #part }", "{ #partie }"),
            9,
            "heading anchor { #partie } is not in the English page, which has { #part } here "
            "(English line 9): keep `{ #part }` as in English",
        ),
        (
            FRENCH.replace("## Partie { #part }\n\n", ""),
            9,
            "the heading ## … { #part } of English line 9 is missing",
        ),
        (
            FRENCH.replace("Plus.", "Plus {{ loss:.3f }."),
            11,
            "broken placeholder `{{ loss:.3f }`: it opens with {{ but does not close with }}",
        ),
    ],
    ids=["translated anchor", "missing anchor", "broken placeholder"],
)
def test_a_translation_fails_the_build_at_file_and_line(write_page, tmp_path, french, line, words):
    """What the language selector needs (English's anchors) and what the page would
    show raw (a broken placeholder): refused, at the translation's line."""
    (tmp_path / "docs" / "en").mkdir()
    (tmp_path / "docs" / "en" / "p.md").write_text(ENGLISH, encoding="utf-8")
    read_page(write_page(FRENCH))  # the faithful translation builds
    ctx = write_page(french)
    with pytest.raises(PluginError) as caught:
        read_page(ctx)
    assert f"{ctx.where}:{line}: {words}" in str(caught.value), caught.value


def test_english_and_a_translation_without_its_english_page_are_not_compared(tmp_path):
    (tmp_path / "docs" / "en").mkdir(parents=True)
    (tmp_path / "docs" / "en" / "p.md").write_text(FRENCH.replace("#part", "#x"), "utf-8")
    read_page(context(tmp_path, "en/p.md", "p/index.html", "en"))
    (tmp_path / "docs" / "fr").mkdir()
    (tmp_path / "docs" / "fr" / "q.md").write_text(FRENCH, encoding="utf-8")
    read_page(context(tmp_path, "fr/q.md", "fr/q/index.html", "fr"))


@pytest.mark.slow
def test_the_strict_build_refuses_a_translated_anchor_and_a_broken_placeholder(
    tmp_path, filled_cache
):
    """Both built with exit 0 before (the selector's jump broke, the placeholder showed
    raw): a French-only build of a copy now fails, naming file:line of each."""
    from support import copy_project, mkdocs_build

    root = copy_project(tmp_path / "project")
    page = root / "docs" / "fr" / "frameworks.md"
    lines = page.read_text(encoding="utf-8").split("\n")
    anchor = next(k for k, text in enumerate(lines) if text.endswith(" { #tensors }"))
    value = next(k for k, text in enumerate(lines) if "{{ autograd_gap:.2g }}" in text)
    lines[anchor] = lines[anchor].replace("{ #tensors }", "{ #tenseurs }")
    lines[value] = lines[value].replace("{{ autograd_gap:.2g }}", "{{ autograd_gap:.2g }")
    page.write_text("\n".join(lines), encoding="utf-8")
    done = mkdocs_build(root, tmp_path / "site", env={"COURSE_LANGUAGE": "fr"})
    assert done.returncode != 0, done.stderr[-3000:]
    where = "docs/fr/frameworks.md:"  # the build names files relative to its project
    assert f"{where}{anchor + 1}: heading anchor {{ #tenseurs }}" in done.stderr, done.stderr
    assert f"{where}{value + 1}: broken placeholder" in done.stderr, done.stderr
