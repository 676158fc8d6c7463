"""The built site in a real browser (Playwright driving Debian's Chromium), as a reader
meets it: every page loads without asking another host for anything and without a
console error; what a copy button copies is the code that ran; the language selector
keeps the reader on the same section; search speaks the reader's language; the light
and dark schemes switch and stay switched; axe-core finds no serious or critical
accessibility problem on any page of any language."""

from __future__ import annotations

import io
import tokenize

import pytest
from site_pages import lesson_pages
from support import LANGUAGES, ROOT

from benchmarks.site import page_url
from sitebuild.runner import load_program

PAGES = [p.name for p in lesson_pages("en")]


@pytest.mark.parametrize(
    ("start", "target", "landing", "anchor"),
    [
        ("fr/overfitting/", "ru", "ru/overfitting/", "bias-variance-trade-off"),
        ("overfitting/", "sv", "sv/overfitting/", "how-to-detect-overfitting"),
        ("ro/regularisation/", "en", "regularisation/", "dropout"),
    ],
)
def test_switching_language_lands_on_the_same_section(
    served, browser, start, target, landing, anchor
):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{served}/{start}#{anchor}")
    page.wait_for_load_state("load")
    page.hover(".md-header__option .md-select")
    page.click(f".md-select a[hreflang={target}]")
    page.wait_for_load_state("load")
    assert page.url == f"{served}/{landing}#{anchor}"
    heading = page.locator(f"[id='{anchor}']")
    assert heading.count() == 1
    box = heading.bounding_box()
    assert box is not None and 0 <= box["y"] < 900, "the section is not on screen"
    page.close()


SEARCHES = {  # language: a word of that language that names the overfitting lesson
    "en": "overfitting",
    "fr": "surapprentissage",
    "ro": "supraînvățare",
    "ru": "переобучение",
    "sv": "överanpassning",
}


@pytest.mark.parametrize(("lang", "word"), SEARCHES.items())
def test_search_finds_the_pages_of_the_readers_language_only(served, browser, lang, word):
    """Each language searches its own index with its own stemmer: the word finds that
    language's overfitting lesson, and no result is a page of another language."""
    root = "" if lang == "en" else f"{lang}/"
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    with page.expect_response(lambda r: r.url.endswith("search/search_index.json")) as index:
        page.goto(f"{served}/{root}")
    assert index.value.url == f"{served}/{root}search/search_index.json"
    page.wait_for_load_state("networkidle")
    # Material reads the query on keyup (and once its worker is ready): type the word,
    # then a key, as a reader's last keystroke does
    box = page.locator("input[data-md-component=search-query]")
    box.fill(word)
    box.press("End")
    page.wait_for_selector(".md-search-result__link", state="attached", timeout=15000)
    links = page.eval_on_selector_all(".md-search-result__link", "els => els.map(e => e.href)")
    paths = [link.removeprefix(served).split("?")[0].split("#")[0] for link in links]
    assert f"/{root}overfitting/" in paths
    others = [f"/{code}/" for code in SEARCHES if code not in ("en", lang)]
    assert not [p for p in paths if p.startswith(tuple(others))], paths
    if lang != "en":
        assert all(p.startswith(f"/{lang}/") for p in paths), paths
    assert not failed, failed  # nothing the page or the search asked for was missing
    page.close()


# ------------------------------------------------------------------ every page, once

COPY_TEXTS = """() => {
    // Material's own copy handler: the code element's innerText while it carries
    // data-md-copying (which hides code annotations' markers), without trailing space
    document.querySelectorAll("details").forEach(d => { d.open = true; });
    return [...document.querySelectorAll("div.language-python button.md-code__button[data-md-type=copy]")].map(b => {
        const el = document.querySelector(b.dataset.clipboardTarget);
        el.setAttribute("data-md-copying", "");
        const text = el.innerText;
        el.removeAttribute("data-md-copying");
        return text.trimEnd();
    });
}"""


# ------------------------------------------------------------------ accessibility

AXE_RUN = """([where, options]) => axe.run(where, options).then(r => r.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => `${v.id} (${v.impact}): ${v.nodes.length} element(s), e.g. ${v.nodes[0].target.join(" ")}`))"""

# axe-core runs on every page the visits below load, with <details> opened. English
# pages get every rule. A translation's code blocks and their output are the English
# page's, token for token (test_what_a_reader_copies_is_the_program_that_ran), and its
# colours are the English page's: axe checks the rest of it (prose, navigation,
# headings, figures, language) with every rule but colour contrast, in about 0.3 s a
# page instead of 1.5. The dark scheme's contrast is checked on the English lessons.
AXE_ON = {
    "en": [{"exclude": []}, {"resultTypes": ["violations"]}],
    "translation": [
        {"exclude": [["div.language-python"], ["div.page-output"]]},
        {"resultTypes": ["violations"], "rules": {"color-contrast": {"enabled": False}}},
    ],
}


def axe_source() -> str:
    import importlib.resources

    return (importlib.resources.files("axe_playwright_python") / "axe.min.js").read_text()


@pytest.fixture(scope="module")
def visits(served, browser, built_site):
    """{address: what loading it did}, for every page of the built site in every
    language (404 pages included): the URLs it requested, its console errors and failed
    responses, the text of each Python block's copy button, and the serious and
    critical violations axe-core finds on it (see `AXE_ON`)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(axe_source())
    page = context.new_page()
    seen: dict[str, dict] = {}
    now: list[dict] = []
    page.on("request", lambda r: now[-1]["requests"].append(r.url))
    page.on(
        "response",
        lambda r: now[-1]["failed"].append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    page.on("console", lambda m: now[-1]["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: now[-1]["errors"].append(str(e)))
    first_of_language = set()
    for path in sorted(built_site.rglob("*.html")):
        address = page_url(path, built_site)
        now.append({"requests": [], "errors": [], "failed": [], "copies": []})
        seen[address] = now[-1]
        page.goto(served + address, wait_until="load")
        language = address.split("/")[1] if address.split("/")[1] in LANGUAGES else "en"
        if language not in first_of_language:  # the search worker's requests come later
            first_of_language.add(language)
            page.wait_for_load_state("networkidle")
        page.wait_for_function(
            "document.querySelectorAll('div.language-python').length"
            " === document.querySelectorAll('div.language-python button.md-code__button[data-md-type=copy]').length"
        )
        now[-1]["copies"] = page.evaluate(COPY_TEXTS)
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        now[-1]["axe"] = page.evaluate(AXE_RUN, AXE_ON["en" if language == "en" else "translation"])
    context.close()
    return seen


def test_every_page_was_visited(visits, built_site):
    assert len(visits) == len(list(built_site.rglob("*.html")))
    assert {"/", "/fr/", "/ro/", "/ru/", "/sv/", "/ru/optimizers/", "/404.html"} <= set(visits)


def test_no_page_asks_another_host_for_anything(visits, served):
    """Fonts, scripts, styles, math, images, search: everything comes from the site."""
    elsewhere = {
        f"{address}: {url}"
        for address, visit in visits.items()
        for url in visit["requests"]
        if not url.startswith((served + "/", "data:", "blob:"))
    }
    assert elsewhere == set()


def test_no_page_logs_a_console_error_or_misses_a_file(visits):
    problems = [
        f"{address}: {problem}"
        for address, visit in visits.items()
        for problem in visit["errors"] + visit["failed"]
        if not address.endswith("404.html")  # a 404 page is served, not requested as missing
    ]
    assert problems == []


def python_tokens(code: str) -> list[tuple[int, str]]:
    """The code's tokens without comments and blank lines: two texts with the same
    tokens are the same program."""
    skip = {tokenize.COMMENT, tokenize.NL, tokenize.ENCODING}
    tokens = tokenize.generate_tokens(io.StringIO(code.rstrip() + "\n").readline)
    return [(t.type, t.string) for t in tokens if t.type not in skip]


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_what_a_reader_copies_is_the_program_that_ran(visits, page_runs, lang, name):
    """The copy buttons of a page, in order, give the page's program: the blocks that
    ran in a fresh interpreter with only the page's packages (tests/site/test_pages.py).
    Material leaves code annotations' markers, such as "(1)" in a comment, out of what
    it copies; nothing else may differ, so what is copied is token for token what ran."""
    run = page_runs[name]
    assert not isinstance(run, Exception), run
    stem = name.removesuffix(".md")
    address = ("/" if lang == "en" else f"/{lang}/") + ("" if stem == "index" else f"{stem}/")
    copies = visits[address]["copies"]
    blocks = [block.code for block in load_program(ROOT / "docs" / "en" / name).blocks]
    assert len(copies) == len(blocks)
    for number, (copied, block) in enumerate(zip(copies, blocks, strict=True), 1):
        assert python_tokens(copied) == python_tokens(block), f"{address} block {number}"
        if "# " not in block:  # no comment, so not even an annotation marker may differ
            assert copied == block.rstrip(), f"{address} block {number}"


def test_the_copy_button_puts_that_text_on_the_clipboard(served, browser, visits):
    """Clicking each copy button of a page with code annotations (and folded blocks)
    puts exactly the copy text checked above on the clipboard."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served)
    page = context.new_page()
    page.goto(f"{served}/apis/", wait_until="load")
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    buttons = page.locator("div.language-python button.md-code__button[data-md-type=copy]")
    expected = visits["/apis/"]["copies"]
    assert buttons.count() == len(expected) > 5
    annotated = 0
    for index, text in enumerate(expected):
        page.evaluate("navigator.clipboard.writeText('')")
        buttons.nth(index).scroll_into_view_if_needed()
        buttons.nth(index).click()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == text, f"block {index + 1}"
        # an annotation the theme attached: its marker replaces the comment's "(1)"
        annotated += (
            page.locator("div.language-python pre").nth(index).locator(".md-annotation").count()
        )
    assert annotated, "no block of this page has a code annotation any more: pick another page"
    context.close()


def test_the_light_and_dark_schemes_switch_and_stay_switched(served, browser):
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    page.goto(f"{served}/fr/overfitting/", wait_until="load")

    def scheme():
        return page.evaluate("document.body.getAttribute('data-md-color-scheme')")

    def background():
        return page.evaluate("getComputedStyle(document.body).backgroundColor")

    assert scheme() == "default"
    light = background()
    page.click("label[for=__palette_1]")
    assert scheme() == "slate" and background() != light
    page.reload(wait_until="load")  # the choice is remembered
    assert scheme() == "slate"
    page.click("label[for=__palette_0]")
    assert scheme() == "default" and background() == light
    context.close()


@pytest.mark.parametrize("lang", ["fr", "ru"])
def test_a_glossary_term_shows_its_definition_on_keyboard_focus(served, browser, built_site, lang):
    """A reader who tabs to a term of the glossary sees its definition, in the page's
    language, below it (and a screen reader hears it as the link's description);
    Escape hides it; hovering another term shows that one's; Enter follows the link to
    the glossary entry."""
    import json

    tips = json.loads((built_site / lang / "glossary" / "tips.json").read_text(encoding="utf-8"))
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{served}/{lang}/overfitting/", wait_until="load")
    assert page.locator("article a.glossary-term").count() >= 10
    for _ in range(300):  # Tab through the page, as a keyboard reader does
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('glossary-term')"):
            break
    href = page.evaluate("document.activeElement.getAttribute('href')")
    assert href and href.startswith("../glossary/#"), "no glossary term is reachable by keyboard"
    anchor = href.split("#", 1)[1]
    tip = page.locator("[role=tooltip].glossary-tip")
    tip.wait_for(state="visible", timeout=5000)
    assert tip.text_content() == tips[anchor]
    assert page.evaluate("document.activeElement.getAttribute('aria-describedby')") == (
        tip.get_attribute("id")
    )
    page.keyboard.press("Escape")
    assert tip.count() == 0
    other = page.locator("article a.glossary-term").nth(3)
    other.hover()
    tip.wait_for(state="visible", timeout=5000)
    assert tip.text_content() == tips[other.get_attribute("href").split("#", 1)[1]]
    page.locator("article a.glossary-term").first.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    anchor = page.url.split("#", 1)[1]
    assert page.url.startswith(f"{served}/{lang}/glossary/#") and anchor in tips
    assert page.locator(f"[id='{anchor}']").count() == 1
    page.close()


@pytest.fixture(scope="module")
def dark_contrast(served, browser, built_site):
    """{address: serious and critical colour-contrast violations} of the English lessons
    in the dark scheme: only colours change there."""
    lessons = {name.removesuffix(".md") for name in PAGES}
    addresses = [f"/{p.parent.name}/" for p in sorted(built_site.glob("*/index.html"))]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    context.add_init_script(axe_source())
    page = context.new_page()
    found = {}
    for address in ["/"] + [a for a in addresses if a.strip("/") in lessons]:
        page.goto(served + address, wait_until="load")
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        only_contrast = {"resultTypes": ["violations"], "runOnly": ["color-contrast"]}
        found[address] = page.evaluate(AXE_RUN, [{"exclude": []}, only_contrast])
    context.close()
    return found


def test_axe_finds_no_serious_or_critical_violation(visits, dark_contrast, built_site):
    assert len(visits) == len(list(built_site.rglob("*.html")))  # every page, every language
    assert len(dark_contrast) == len(PAGES)  # the lessons in the dark scheme
    problems = [f"{a}: {v}" for a, visit in visits.items() for v in visit["axe"]]
    problems += [f"{a} [dark]: {v}" for a, found in dark_contrast.items() for v in found]
    assert problems == []


def test_axe_would_report_what_the_site_fixes(served, browser):
    """The checks above are live: with the site's own style sheet and script removed, the
    contrast and naming problems they fixed come back."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(axe_source())
    page = context.new_page()
    page.route("**/course.css", lambda route: route.fulfill(body="", content_type="text/css"))
    page.route("**/course.js", lambda route: route.fulfill(body="", content_type="text/javascript"))
    page.goto(f"{served}/apis/", wait_until="load")
    found = " ".join(page.evaluate(AXE_RUN, AXE_ON["en"]))
    assert "color-contrast" in found and "link-name" in found and "link-in-text-block" in found
    # on a translation, outside the code blocks: a figure without its alt text
    page.goto(f"{served}/fr/overfitting/", wait_until="load")
    page.evaluate("document.querySelectorAll('figure img').forEach(i => i.removeAttribute('alt'))")
    found = " ".join(page.evaluate(AXE_RUN, AXE_ON["translation"]))
    context.close()
    assert "image-alt" in found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_missing_address_shows_the_not_found_page_of_its_language(served, browser, lang):
    """The host answers a missing address with the root 404 page (status 404); inside a
    translation's folder, that page hands over to the language's own 404 page."""
    from i18n.words import ui

    folder = "" if lang == "en" else f"{lang}/"
    page = browser.new_page()
    response = page.goto(f"{served}/{folder}no-such-lesson/", wait_until="load")
    assert response.status == 404
    if lang != "en":
        page.wait_for_url(f"{served}/{lang}/404.html")
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.locator("article h1").inner_text() == ui("not_found_title", lang)
    page.close()
