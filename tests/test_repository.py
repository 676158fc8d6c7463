"""Rules of the repository itself: Quick start and CI agree, code lives in snippets/,
every language has every page, every lesson example has its mirrored test, lint is clean."""

from __future__ import annotations

import re
import subprocess
import sys

import yaml
from support import LANGUAGES, ROOT

from i18n.pages import lesson_pages

CONSTRAINTS = "requirements/constraints.txt"

FENCE_RE = re.compile(
    r"^(?P<fence>```+|~~~+)[ \t]*(?P<info>[^\n]*)\n(?P<body>.*?)^(?P=fence)[ \t]*$", re.S | re.M
)


def quick_start_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    section = section.split("\n### ", 1)[0]  # sub-sections are notes, not the two commands
    return [m["body"].strip() for m in FENCE_RE.finditer(section) if m["info"].strip() == "bash"]


def test_quick_start_has_exactly_two_commands_serve_and_test():
    commands = quick_start_commands()
    assert len(commands) == 2, commands
    serve, test = commands
    assert all("\n" not in c for c in commands), "each Quick start command is one line"
    assert f'pip install -c {CONSTRAINTS} -e ".[docs]"' in serve and serve.endswith("mkdocs serve")
    assert f'pip install -c {CONSTRAINTS} -e ".[dev]"' in test and test.endswith("python -m pytest")
    # PyTorch first, the locked release of the CPU build unless the reader chose another:
    # copying a command never pulls the multi-GB CUDA build that PyPI's default Linux
    # torch is; then the project under the lock of every other package
    torch = (
        ".venv/bin/pip install -r requirements/torch.txt"
        ' --index-url "${TORCH_INDEX:-https://download.pytorch.org/whl/cpu}"'
    )
    for command in commands:
        assert torch in command
        assert command.index(torch) < command.index(f"pip install -c {CONSTRAINTS} -e")


def test_ci_runs_the_readme_test_command_after_cpu_torch():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = quick_start_commands()[1]
    lines = [line.strip() for line in ci.splitlines()]
    assert test_command in lines, "CI must run the README's test command verbatim"
    torch_line = next(
        i for i, line in enumerate(lines) if "install --quiet -r requirements/torch.txt" in line
    )
    assert torch_line < lines.index(test_command)
    assert "set -euo pipefail" in ci  # any failure, pytest's exit 5 included, fails CI


def locked_pins() -> dict[str, list[tuple[str, str]]]:
    """requirements/constraints.txt as {name: [(version, marker), ...]}."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    pins: dict[str, list[tuple[str, str]]] = {}
    for number, line in enumerate((ROOT / CONSTRAINTS).read_text().splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        requirement = Requirement(line)
        (spec,) = requirement.specifier  # exactly one specifier per line
        assert spec.operator == "==", f"{CONSTRAINTS}:{number}: not an exact pin: {line}"
        marker = str(requirement.marker or "")
        pins.setdefault(canonicalize_name(requirement.name), []).append((spec.version, marker))
    return pins


def project_requirements():
    """Every requirement of pyproject.toml: the package's own and each extra's."""
    import tomllib

    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lists = {"dependencies": project["dependencies"], **project["optional-dependencies"]}
    for where, requirements in lists.items():
        for text in requirements:
            requirement = Requirement(text)
            if requirement.name != project["name"]:  # trainlab[docs,translate]: itself
                yield where, requirement


def test_the_lock_pins_every_requirement_within_its_range():
    """The README and CI install under requirements/constraints.txt: a requirement of
    pyproject.toml that the lock lacks would float, and a pin outside the range would
    make pip refuse to install. Refresh: CONTRIBUTING.md, 'Locked versions'."""
    from packaging.utils import canonicalize_name

    pins = locked_pins()
    assert len(pins) > 100  # the whole tree, not only the direct requirements
    problems = []
    for where, requirement in project_requirements():
        name = canonicalize_name(requirement.name)
        if name not in pins:
            problems.append(f"{where}: {requirement} has no pin in {CONSTRAINTS}")
        for version, marker in pins.get(name, []):
            if not requirement.specifier.contains(version, prereleases=True):
                problems.append(
                    f"{where}: {requirement} excludes the pin {name}=={version} {marker}"
                )
    assert problems == [], "\n".join(problems)


def test_the_lock_and_the_torch_pin_agree_and_the_refresh_command_is_documented():
    torch_txt = [
        line
        for line in (ROOT / "requirements/torch.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert len(torch_txt) == 1 and torch_txt[0].startswith("torch=="), torch_txt
    assert locked_pins()["torch"] == [(torch_txt[0].removeprefix("torch=="), "")]
    header = (ROOT / CONSTRAINTS).read_text().splitlines()[1].strip("# ").strip()
    assert header.startswith("uv pip compile pyproject.toml")
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert f"\n{header}\n" in contributing, "CONTRIBUTING must give the command that made the lock"


def test_every_install_command_we_document_uses_the_lock():
    """A command a reader copies from the README, CONTRIBUTING or How to translate
    installs the project or its tools under the lock, never floating versions."""
    command_re = re.compile(r"pip install [^`\n]*")
    places = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", ROOT / ".ci" / "run"]
    places += sorted((ROOT / "docs").glob("*/translate.md"))
    unlocked = []
    for place in places:
        for m in command_re.finditer(place.read_text(encoding="utf-8")):
            command = m.group()
            locked = "-r requirements/torch.txt" in command or f"-c {CONSTRAINTS}" in command
            if not locked and not command.startswith("pip install uv"):
                unlocked.append(f"{place.relative_to(ROOT)}: {command}")
    assert unlocked == []


def test_the_environment_holds_exactly_the_locked_versions():
    """What the README's commands install is what the lock says (CI installs with them
    into a fresh venv). Fails in an older venv: rerun the README's test command."""
    from importlib import metadata

    from packaging.markers import Marker
    from packaging.utils import canonicalize_name
    from packaging.version import Version

    differ = []
    for name, entries in locked_pins().items():
        wanted = [v for v, marker in entries if not marker or Marker(marker).evaluate()]
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue  # an extra's package that this install does not need (mnist, bench)
        # torch's local label (+cpu, +cu126) names the build, not another release
        if wanted and Version(installed).public != Version(wanted[0]).public:
            differ.append(f"{name}: installed {installed}, locked {wanted[0]}")
    assert canonicalize_name("torch") in locked_pins()
    assert differ == [], "\n".join(differ)


def test_no_python_typed_into_markdown():
    """Principle 1: a Python block on a page holds snippet includes and nothing else."""
    typed = []
    for page in sorted((ROOT / "docs").rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        for m in FENCE_RE.finditer(text):
            if m["info"].split()[:1] and m["info"].split()[0] in {"python", "py", "pycon"}:
                lines = [line.strip() for line in m["body"].splitlines() if line.strip()]
                if not lines or not all(line.startswith("--8<--") for line in lines):
                    typed.append(
                        f"{page.relative_to(ROOT)}:{text.count(chr(10), 0, m.start()) + 1}"
                    )
    assert typed == []


def test_every_translated_page_has_an_english_source():
    """English is the source: a translation never has a page English lacks. (A page not
    yet translated falls back to English; the translation status reports it.)"""
    english = {p.relative_to(ROOT / "docs" / "en") for p in (ROOT / "docs" / "en").rglob("*.md")}
    assert english, "no English pages"
    for lang in LANGUAGES[1:]:
        folder = ROOT / "docs" / lang
        orphans = {p.relative_to(folder) for p in folder.rglob("*.md")} - english
        assert not orphans, f"{lang} has pages with no English source: {sorted(map(str, orphans))}"
        assert (folder / "index.md").is_file(), f"{lang} has no home page"


def test_every_page_has_a_description():
    for page in sorted((ROOT / "docs").rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        assert text.startswith("---\n"), f"{page}: no front matter"
        meta = yaml.safe_load(text.split("---\n", 2)[1])
        assert isinstance(meta, dict) and len(meta.get("description", "")) > 50, page


def test_every_lesson_example_has_a_mirrored_test():
    examples = [
        p
        for p in (ROOT / "snippets").rglob("*.py")
        if p.parent.name != "trainlab" and "trainlab" not in p.parts and p.name != "__init__.py"
    ]
    assert examples
    for example in examples:
        relative = example.relative_to(ROOT / "snippets")
        mirror = ROOT / "tests" / relative.parent / f"test_{relative.name}"
        assert mirror.is_file(), f"{relative} has no test at {mirror.relative_to(ROOT)}"


def test_ruff_lint_and_format_are_clean():
    for command in (["check"], ["format", "--check"]):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *command, "--no-cache", "."],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stdout + result.stderr


ARTEFACTS = {"__pycache__", ".pytest_cache", ".ruff_cache"}


def test_no_source_file_is_git_ignored():
    """An over-broad .gitignore pattern once hid tests/site/ from every clone."""
    if not (ROOT / ".git").exists():
        return  # an sdist or a copy without git: nothing to compare against
    sources = [
        str(p.relative_to(ROOT))
        for folder in ["docs", "i18n", "snippets", "tests", "overrides", ".ci"]
        for p in (ROOT / folder).rglob("*")
        if p.is_file()
        and not any(part in ARTEFACTS or part.endswith(".egg-info") for part in p.parts)
    ]
    result = subprocess.run(
        ["git", "check-ignore", "--no-index", "--stdin"],
        cwd=ROOT,
        input="\n".join(sources),
        capture_output=True,
        text=True,
    )
    assert result.stdout.split() == [], "ignored by .gitignore: " + result.stdout


HEADING_RE = re.compile(r"^(#{1,6})[ \t]+(?P<text>.+?)[ \t]*$", re.M)


def test_every_heading_has_an_explicit_id():
    """Anchors are the same in every language only if they are written, not generated."""
    missing = []
    for page in sorted((ROOT / "docs").rglob("*.md")):
        text = FENCE_RE.sub("", page.read_text(encoding="utf-8"))
        for m in HEADING_RE.finditer(text):
            if not re.search(r"\{[^}]*#[\w-]+[^}]*\}$", m["text"]):
                missing.append(f"{page.relative_to(ROOT)}: {m['text']}")
    assert missing == []


LESSONS = lesson_pages()


def test_the_lessons_are_the_navs_lesson_pages():
    assert LESSONS == [
        "frameworks.md",
        "apis.md",
        "overfitting.md",
        "training-tricks.md",
        "regularisation.md",
        "optimizers.md",
        "lab.md",
        "lab-workbook.ipynb",
    ]


def test_lessons_say_what_you_will_learn_and_sum_up():
    for name in [page for page in LESSONS if page.endswith(".md")]:  # not the workbook
        text = (ROOT / "docs" / "en" / name).read_text(encoding="utf-8")
        assert '!!! abstract "What you will learn"' in text, name
        assert "{ #summary }" in text, name


def test_the_modules_the_suite_orders_by_name_exist():
    """tests/conftest.py orders the two workers' modules by name (the one that starts
    the build, the longest after it): a renamed module would quietly undo the order and
    slow the suite by minutes, with every test still passing."""
    import conftest

    for module in (conftest.STARTS_THE_BUILD, conftest.LONGEST_AFTER_THE_BUILD):
        assert (ROOT / module).is_file(), f"tests/conftest.py names {module}, which is gone"
