"""MkDocs build hooks (mkdocs.yml `hooks:`): checks that run on every page build."""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # mkdocs loads this file by path, not as part of a package
    sys.path.insert(0, str(ROOT))

from i18n.includes import check_include, find_includes  # noqa: E402


def on_page_markdown(markdown, page, config, files):
    """Fail the build on an include that names a missing file or section.

    pymdownx.snippets (check_paths: true) fails too, but its message for a missing
    section names neither the page nor the file; this one names both, and the line.
    """
    source = Path(page.file.abs_src_path)  # the file, so line numbers count the front matter
    where = source.relative_to(ROOT) if source.is_relative_to(ROOT) else source
    problems = [
        f"{where}:{inc.line}: {err}"
        for inc in find_includes(source.read_text(encoding="utf-8"))
        if (err := check_include(inc, _snippets_dir(config)))
    ]
    if problems:
        raise PluginError("Broken snippet include:\n  " + "\n  ".join(problems))
    return markdown


def _snippets_dir(config) -> Path:
    """The base_path that mkdocs.yml gives pymdownx.snippets (one source of truth)."""
    base = config["mdx_configs"].get("pymdownx.snippets", {}).get("base_path", "snippets")
    return Path(base[0] if isinstance(base, list) else base)
