"""Helpers shared by the tests (import as `support`; fixtures live in conftest.py)."""

from __future__ import annotations

import contextlib
import importlib
import io
import os
import runpy
import shutil
import subprocess
import sys
import warnings
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
from i18n.pages import languages  # noqa: E402

LANGUAGES = languages()  # from mkdocs.yml, English first

# Languages a volunteer might add, each with its name in itself. Tests that add a
# language as `python -m i18n new-language CODE NAME` does take the first one the site
# does not have yet (NEW_LANGUAGE, NEW_LANGUAGE_NAME), so that they still pass once a
# volunteer has added German.
CANDIDATE_LANGUAGES = {
    "de": "Deutsch",
    "it": "Italiano",
    "es": "Español",
    "nl": "Nederlands",
    "pl": "Polski",
    "pt": "Português",
    "fi": "Suomi",
    "da": "Dansk",
    "cs": "Čeština",
    "uk": "Українська",
}
NEW_LANGUAGE, NEW_LANGUAGE_NAME = next(
    (code, name) for code, name in CANDIDATE_LANGUAGES.items() if code not in LANGUAGES
)


def mkdocs_build(
    config_dir: Path, site_dir: Path, *, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of the project in config_dir, the way a user runs it, with
    any extra environment variables in `env` (COURSE_LANGUAGE=fr: French only)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=config_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def copy_project(dest: Path) -> Path:
    """A copy of what the site build reads, for tests that plant defects in it."""
    for name in ["docs", "i18n", "sitebuild", "snippets", "overrides", "benchmarks"]:
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ["mkdocs.yml", "pyproject.toml", "README.md", "LICENSE"]:  # trainlab's wheel
        shutil.copy2(ROOT / name, dest / name)
    return dest


def i18n_tool(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """`python -m i18n ARGS` run in cwd (the repository, or a copy made by copy_project),
    as a translator runs it."""
    return subprocess.run(
        [sys.executable, "-m", "i18n", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def commit_all(root: Path, message: str = "snapshot") -> None:
    """Put everything in root into git (a new repository there if it has none): what the
    ledger's English diffs are recovered from."""
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    if not (root / ".git").exists():
        subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "-A"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-qm", message], cwd=root, check=True)


STALE_PAGE, STALE_ANCHOR = "overfitting.md", "why-overfitting-happens"
ADDED_SENTENCE = "A sentence added to the English source."


def translated_in(
    page: str = STALE_PAGE, anchor: str = STALE_ANCHOR, root: Path = ROOT
) -> list[str]:
    """The languages (not English) whose docs/<lang>/<page> has the section #anchor in
    their own words: those a change to that English section makes stale. A language
    whose section is still English's text (a page new-language copied, not translated
    yet) is not among them: its section is missing, and stays missing."""
    from i18n.ledger import still_english

    docs = root / "docs"
    return [
        lang
        for lang in languages(root / "mkdocs.yml")[1:]
        if (docs / lang / page).is_file() and anchor not in still_english(page, lang, docs)
    ]


def change_english_section(root: Path, page: str = STALE_PAGE, anchor: str = STALE_ANCHOR) -> None:
    """Add ADDED_SENTENCE under the heading of docs/en/<page>#<anchor> in root: that
    section's English changes, and no other."""
    path = root / "docs" / "en" / page
    text = path.read_text(encoding="utf-8")
    heading = next(line for line in text.splitlines() if line.endswith(f"{{ #{anchor} }}"))
    path.write_text(text.replace(heading, f"{heading}\n\n{ADDED_SENTENCE}", 1), encoding="utf-8")


# --- Lesson examples (snippets/<lesson>/<example>.py), for the lesson test folders ---


def pyplot():
    """matplotlib.pyplot without a display: figures are drawn, plt.show() shows nothing."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


@contextlib.contextmanager
def quietly():
    """What an example prints goes to the returned StringIO, and Agg's "non-interactive"
    warning from plt.show() is not raised."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*non-interactive.*")
        yield out


def run_example(script: Path, *, source: str | None = None) -> dict:
    """The globals of a lesson's example after it ran in this process (runpy.run_path).

    With `source`, that text runs in place of the file's (as __main__, under the file's
    name): a test's variant of the example, such as another seed. Figures still open from
    earlier runs are closed first. Added to the globals:
    "_stdout": what the example printed;
    "_shown": the labels of the figures open at each plt.show() (which shows nothing);
    "_figures": {label: figure} for the figures it left open (a test closes them).
    """
    plt = pyplot()
    plt.close("all")
    shown: list[str] = []
    original = plt.show
    plt.show = lambda *args, **kwargs: shown.extend(
        plt.figure(n).get_label() for n in plt.get_fignums()
    )
    try:
        with quietly() as out:
            if source is None:
                namespace = runpy.run_path(str(script))
            else:
                namespace = {"__name__": "__main__"}
                exec(compile(source, str(script), "exec"), namespace)
    finally:
        plt.show = original
    namespace["_stdout"] = out.getvalue()
    namespace["_shown"] = shown
    namespace["_figures"] = {label: plt.figure(label) for label in plt.get_figlabels()}
    return namespace


def import_lesson(folder: Path, name: str) -> ModuleType:
    """Import the example `name` from a lesson's folder as a module, the way its sibling
    examples import it (the folder on sys.path), quietly. Imported once per session:
    later calls, and siblings that import it, share the same module and its runs."""
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
    with quietly():
        return importlib.import_module(name)


def run_script(
    script: Path, cwd: Path, *, timeout: float = 300, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """`python script` in a fresh interpreter started in `cwd`, as a reader runs it, with
    no display (MPLBACKEND=Agg) and any extra environment variables in `env`."""
    return subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd,
        env={**os.environ, "MPLBACKEND": "Agg", **(env or {})},
    )


def language_names(config_path: Path = ROOT / "mkdocs.yml") -> dict[str, str]:
    """{code: name} of the site's languages, as mkdocs.yml's i18n plugin names them (the
    names the language selector shows)."""
    import yaml

    class Loader(yaml.SafeLoader):  # its tags (!ENV, !relative) read as nothing
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    config = yaml.load(config_path.read_text(encoding="utf-8"), Loader=Loader)
    (i18n,) = [p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p]
    return {lang["locale"]: lang["name"] for lang in i18n["languages"]}


def measured_languages() -> list[str]:
    """The site's languages (mkdocs.yml's order) whose lesson pages the committed page
    weights (benchmarks/results/site.json) cover: every language when the benchmark last
    ran, each on every lesson page. A language added since is not measured yet, and the
    Performance page says so; English is always measured, and no language the site lacks."""
    import json

    from benchmarks.site import LESSON_PAGES

    built = json.loads((ROOT / "benchmarks" / "results" / "site.json").read_text("utf-8"))
    urls = {p["url"] for p in built["pages"] if p["lesson"]}
    found = {"en" if url.count("/") == 2 else url.split("/")[1] for url in urls}
    assert "en" in found and found <= set(LANGUAGES), found
    measured = [code for code in LANGUAGES if code in found]
    every = {
        ("/" if c == "en" else f"/{c}/") + f"{name}/" for c in measured for name in LESSON_PAGES
    }
    assert urls == every, sorted(urls ^ every)  # every lesson page of each, and no other
    return measured


def configured_site_url() -> str:
    """site_url as MkDocs itself reads mkdocs.yml (resolving `!ENV [SITE_URL, default]`)."""
    from mkdocs.config import load_config

    return load_config(str(ROOT / "mkdocs.yml"))["site_url"]


def configured_repo_url() -> str:
    """repo_url as MkDocs reads mkdocs.yml (`!ENV [REPO_URL, default]`)."""
    from mkdocs.config import load_config

    return load_config(str(ROOT / "mkdocs.yml"))["repo_url"]
