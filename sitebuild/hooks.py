"""MkDocs hooks (mkdocs.yml `hooks:`): each event hands the page or site to the module
named for the job. See sitebuild/__init__.py for the modules."""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # mkdocs loads this file by path, not as part of a package
    sys.path.insert(0, str(ROOT))

from sitebuild import (  # noqa: E402
    glossary_tips,
    internals,
    languages,
    postprocess,
    sanitize,
    static_i18n,
    wheel,
)
from sitebuild import page as one_page  # noqa: E402
from sitebuild.mathml import MathError  # noqa: E402

not_found = languages.NotFoundPages()


def on_config(config):
    if str(ROOT) not in sys.path:  # mkdocs restores sys.path after loading this file
        sys.path.append(str(ROOT))  # and the build imports some modules when first needed
    internals.check_functions()
    internals.check_i18n_plugin(config["plugins"].get("i18n"))
    static_i18n.notebooks_as_pages()
    return config


def on_pre_build(config):
    one_page.translation_folders(config)
    wheel.site_wheel(config)  # built or found in the cache before a page shows its name
    one_page.run_page_programs(config)


@event_priority(-10)  # after mkdocs-jupyter's own on_pre_page, which this replaces
def on_pre_page(page, config, files):
    if static_i18n.is_notebook(page.file):
        page.render = lambda config, files: one_page.notebook_page(page, config)
    return page


def on_page_markdown(markdown, page, config, files):
    if static_i18n.is_notebook(page.file):
        return markdown  # rendered by one_page.notebook_page
    return one_page.markdown_page(page, config)


def on_page_content(content, page, config, files):
    try:
        content = postprocess.math_as_mathml(postprocess.plain_tokens(content))
    except MathError as error:
        raise PluginError(f"{page.file.src_uri}: {error}") from None
    context = one_page.PageContext.of(page, config)
    # a translation through the allow-list; English's off-site links get the same rel
    clean = sanitize.clean_html if context.untrusted else sanitize.off_site_rel
    content = clean(content)
    return glossary_tips.page_content(content, context)  # after the sanitiser: our links


def on_post_page(output, page, config):
    output = postprocess.document(output, page.canonical_url or "")
    return languages.language_search_base(output, languages.page_language(config), page.url)


def on_post_template(output, template_name, config):
    return not_found.render(output, config) if template_name == "404.html" else output


@event_priority(-200)  # after static-i18n (-100) has built every language and merged
def on_post_build(config):
    if config["plugins"].get("i18n").building:
        return  # a translation built inside the English build: wait for the end
    site = Path(config["site_dir"])
    wheel.publish(wheel.site_wheel(config), site)  # once, for every language
    if languages.building_one_language_only(config):
        return
    not_found.finish(site)
    prefixes = languages.language_prefixes(config)
    languages.split_search_index(site, prefixes)
    languages.language_sitemaps(site, str(config.get("site_url") or "/"), prefixes)
