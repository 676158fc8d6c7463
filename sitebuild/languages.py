"""One site per language, as readers and search engines expect it.

mkdocs-static-i18n builds every language into one site; this module makes each
language's site whole on its own: its own search index (static-i18n merges every
language into one, stemmed as English), its own sitemap, and its own 404 page.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from i18n.files import write_atomic
from i18n.pages import SOURCE_LANGUAGE
from i18n.words import ui
from sitebuild.postprocess import name_the_search, squeeze_whitespace

# Material's search fetches search/search_index.json relative to the `base` in the
# page's __config JSON: a translated page points it at its language's root.
CONFIG_BASE_RE = re.compile(
    r'(<script id="__config" type="application/json">\{[^<]*?"base": ")([^"]*)(")'
)
NOT_FOUND_H1 = "<h1>404 - Not found</h1>"
SITEMAP_NS = {
    "": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}


def page_language(config) -> str:
    return str(config["theme"].get("language") or SOURCE_LANGUAGE)


def language_prefixes(config) -> list[str]:
    """The translated languages' folders (fr, ro, ...), as mkdocs.yml lists them."""
    plugin = config["plugins"].get("i18n")
    return [str(lang.locale) for lang in plugin.config.languages if not lang.default]


def building_one_language_only(config) -> bool:
    """COURSE_LANGUAGE=fr builds French alone at the root: no split is needed."""
    return len(config["plugins"].get("i18n").build_languages) == 1


def language_search_base(output: str, lang: str, page_url: str) -> str:
    """A translated page's search reads its language's own index."""
    if lang == SOURCE_LANGUAGE or not page_url.startswith(f"{lang}/"):
        return output  # English, or one language built alone at the root
    return CONFIG_BASE_RE.sub(lambda m: f"{m[1]}{m[2]}/{lang}/{m[3]}", output, count=1)


class NotFoundPages:
    """Each language's build renders the theme's 404.html to the site root, so the root
    page ended up in the last language built. Each translation gets /<lang>/404.html, in
    its language, and the root keeps the English one (written again at the end)."""

    def __init__(self):
        self.english: str | None = None

    def render(self, output: str, config) -> str:
        output = squeeze_whitespace(name_the_search(output))
        lang = page_language(config)
        one_language = building_one_language_only(config)
        root = urlsplit(str(config.get("site_url") or "/")).path or "/"
        home = root if lang == SOURCE_LANGUAGE or one_language else f"{root}{lang}/"
        output = output.replace(
            NOT_FOUND_H1,
            f"<h1>{html.escape(ui('not_found_title', lang))}</h1>\n"
            f"<p>{ui('not_found_body', lang, home=html.escape(home))}</p>",
        )
        if lang == SOURCE_LANGUAGE or one_language:
            if not one_language:
                output = output.replace("</body>", self._redirect(root, config) + "</body>", 1)
            self.english = output
            return output
        write_atomic(Path(config["site_dir"]) / lang / "404.html", output)
        return self.english or output

    @staticmethod
    def _redirect(root: str, config) -> str:
        """A static host (GitHub Pages, for one) answers every missing address with the
        root 404.html, the English one. For an address inside a translation's folder,
        this script shows that language's 404 page instead."""
        return (
            "<script>(function () {"
            f"var root = {json.dumps(root)}, languages = {json.dumps(language_prefixes(config))};"
            "if (location.pathname.indexOf(root) !== 0) return;"
            "var lang = location.pathname.slice(root.length).split('/')[0];"
            "if (languages.indexOf(lang) >= 0) location.replace(root + lang + '/404.html');"
            "})();</script>\n"
        )

    def finish(self, site: Path) -> None:
        if self.english is not None:  # whatever order the languages were built in
            write_atomic(site / "404.html", self.english)


def split_search_index(site: Path, prefixes: list[str]) -> None:
    """/search/search_index.json keeps English; /<lang>/search/ gets each translation,
    with its own stemmer."""
    index_file = site / "search" / "search_index.json"
    if not index_file.is_file():
        return
    index = json.loads(index_file.read_text(encoding="utf-8"))
    docs: dict[str, list] = {lang: [] for lang in [SOURCE_LANGUAGE, *prefixes]}
    for doc in index["docs"]:
        lang = doc["location"].split("/", 1)[0]
        if lang in prefixes:
            docs[lang].append({**doc, "location": doc["location"][len(lang) + 1 :]})
        else:
            docs[SOURCE_LANGUAGE].append(doc)
    for lang, found in docs.items():
        folder = site / "search" if lang == SOURCE_LANGUAGE else site / lang / "search"
        split = {"config": {**index["config"], "lang": [lang]}, "docs": found}
        write_atomic(folder / "search_index.json", json.dumps(split, ensure_ascii=False))


def language_sitemaps(site: Path, site_url: str, prefixes: list[str]) -> None:
    """/<lang>/sitemap.xml: that language's pages, with their hreflang alternates.
    Material looks for one under each language's root; without it, every page logged a
    404 per language."""
    import xml.etree.ElementTree as ET

    root_file = site / "sitemap.xml"
    if not root_file.is_file():
        return
    for prefix, uri in SITEMAP_NS.items():
        ET.register_namespace(prefix, uri)
    tree = ET.parse(root_file)
    site_url = site_url.rstrip("/") + "/"
    for lang in prefixes:
        urlset = ET.Element(tree.getroot().tag)
        for url in tree.getroot():
            loc = url.find(f"{{{SITEMAP_NS['']}}}loc")
            if loc is not None and (loc.text or "").startswith(f"{site_url}{lang}/"):
                urlset.append(url)
        ET.indent(urlset)
        text = ET.tostring(urlset, encoding="unicode", xml_declaration=False)
        write_atomic(
            site / lang / "sitemap.xml", '<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n"
        )
