"""The private parts of plugins this build relies on, checked before they are used.

mkdocs-static-i18n and mkdocs-jupyter do not offer what the build needs (notebooks as
pages; a notebook converted without MathJax from a CDN), so sitebuild reaches into one
function of each, and into attributes of static-i18n's plugin object. A release that
changes them must fail the build with one message that names the plugin, its version
and what changed, not with an AttributeError deep in a build.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import inspect

from mkdocs.exceptions import PluginError

# (distribution, module, function, the parameters sitebuild passes to it)
FUNCTIONS = [
    (
        "mkdocs-static-i18n",
        "mkdocs_static_i18n.folder",
        "create_i18n_file",
        ("file", "current_language", "default_language", "all_languages", "config"),
    ),
    (
        "mkdocs-jupyter",
        "mkdocs_jupyter.convert",
        "nb2html",
        ("nb_path", "execute", "allow_errors", "no_prompt", "custom_mathjax_url"),
    ),
]
# attributes of static-i18n's plugin object that sitebuild reads
I18N_PLUGIN_ATTRIBUTES = ("building", "build_languages", "config")


def version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "(not installed)"


def changed(distribution: str, what: str) -> PluginError:
    return PluginError(
        f"{distribution} {version(distribution)} changed {what}, which sitebuild relies on "
        f"(see sitebuild/internals.py); install the version pyproject.toml allows"
    )


def check_functions() -> None:
    for distribution, module_name, name, parameters in FUNCTIONS:
        try:
            function = getattr(importlib.import_module(module_name), name)
        except (ImportError, AttributeError):
            raise changed(distribution, f"{module_name}.{name} (it is gone)") from None
        found = inspect.signature(inspect.unwrap(function)).parameters
        missing = [p for p in parameters if p not in found]
        if missing:
            raise changed(distribution, f"{module_name}.{name} (no parameter {', '.join(missing)})")


def check_i18n_plugin(plugin) -> None:
    missing = [a for a in I18N_PLUGIN_ATTRIBUTES if not hasattr(plugin, a)]
    if plugin is None or missing or not hasattr(plugin.config, "languages"):
        what = ", ".join(missing) or "config.languages"
        raise changed("mkdocs-static-i18n", f"its plugin object (no {what})")
