"""sitebuild.internals: the private parts of plugins the build uses are checked first, and
a release that changes them fails the build naming the plugin and its version."""

from __future__ import annotations

import importlib.metadata
from types import SimpleNamespace

import mkdocs_jupyter.convert
import mkdocs_static_i18n.folder
import pytest
from mkdocs.exceptions import PluginError

from sitebuild import internals


def test_the_installed_plugins_have_what_the_build_uses():
    internals.check_functions()  # raises if not


def test_a_function_that_is_gone_names_the_plugin_and_its_version(monkeypatch):
    monkeypatch.delattr(mkdocs_static_i18n.folder, "create_i18n_file")
    with pytest.raises(PluginError) as caught:
        internals.check_functions()
    message = str(caught.value)
    version = importlib.metadata.version("mkdocs-static-i18n")
    assert message.startswith(f"mkdocs-static-i18n {version} changed ")
    assert "mkdocs_static_i18n.folder.create_i18n_file (it is gone)" in message


def test_a_changed_signature_names_the_missing_parameters(monkeypatch):
    monkeypatch.setattr(mkdocs_jupyter.convert, "nb2html", lambda nb_path, execute=False: "")
    with pytest.raises(
        PluginError, match=r"mkdocs-jupyter .*\.nb2html \(no parameter allow_errors, no_prompt"
    ):
        internals.check_functions()


def test_static_i18ns_plugin_object_must_have_the_attributes_the_build_reads():
    plugin = SimpleNamespace(
        building=False, build_languages=[], config=SimpleNamespace(languages=[])
    )
    internals.check_i18n_plugin(plugin)
    del plugin.build_languages
    with pytest.raises(PluginError, match=r"its plugin object \(no build_languages\)"):
        internals.check_i18n_plugin(plugin)
