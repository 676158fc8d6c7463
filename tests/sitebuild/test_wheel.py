"""sitebuild.wheel: trainlab's wheel, built from the project (never from docs/),
reproducibly, cached, published under downloads/, and the command the pages show."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest
import trainlab
from packaging.requirements import Requirement
from support import ROOT

from sitebuild import wheel

NAME = f"trainlab-{trainlab.__version__}-py3-none-any.whl"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The repository's wheel, built into a cache of this module's own."""
    return wheel.trainlab_wheel(ROOT, tmp_path_factory.mktemp("wheel-cache"))


def project_copy(dest: Path) -> Path:
    """The wheel's inputs, copied (as tests/support.copy_project copies them)."""
    for f in wheel.inputs(ROOT):
        (dest / f).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / f, dest / f)
    return dest


def test_the_inputs_are_pyproject_its_readme_licence_and_trainlabs_modules():
    names = {f.as_posix() for f in wheel.inputs(ROOT)}
    modules = {f"snippets/trainlab/{p.name}" for p in (ROOT / "snippets/trainlab").glob("*.py")}
    assert names == {"pyproject.toml", "README.md", "LICENSE"} | modules
    assert not any(name.startswith("docs/") for name in names)  # translations are untrusted


@pytest.mark.slow
def test_the_wheel_is_named_for_trainlabs_version_and_cached(built, monkeypatch):
    assert built.name == NAME
    assert built.parent.name.startswith("wheel-")

    def no_build(*args, **kwargs):
        raise AssertionError("a cached wheel was built again")

    monkeypatch.setattr(subprocess, "run", no_build)
    assert wheel.trainlab_wheel(ROOT, built.parent.parent) == built


@pytest.mark.slow
def test_the_wheel_has_the_same_bytes_whenever_and_wherever_it_is_built(built, tmp_path):
    """Other file dates and modes, another folder, another cache: the same bytes, so two
    builds of the site are byte-identical."""
    copy = project_copy(tmp_path / "project")
    for f in copy.rglob("*"):
        if f.is_file():
            os.utime(f, (1_700_000_000, 1_700_000_000))
            f.chmod(0o600)
    again = wheel.trainlab_wheel(copy, tmp_path / "cache")
    assert again.name == built.name and again.parent.name == built.parent.name
    assert again.read_bytes() == built.read_bytes()


def test_a_change_to_an_input_builds_another_wheel(tmp_path):
    copy = project_copy(tmp_path / "project")
    files = wheel.inputs(copy)
    before = wheel.digest(copy, files)
    module = copy / "snippets" / "trainlab" / "errors.py"
    module.write_text(module.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert wheel.digest(copy, files) != before


def test_a_project_that_names_no_modules_is_one_clear_error(tmp_path):
    copy = project_copy(tmp_path / "project")
    pyproject = copy / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(text.replace('packages = ["trainlab"]', 'packages = ["nosuch"]'))
    with pytest.raises(
        wheel.WheelError, match=r"lacks snippets/nosuch/\*.py, which pyproject.toml names"
    ):
        wheel.trainlab_wheel(copy, tmp_path / "cache")
    (copy / "pyproject.toml").unlink()
    with pytest.raises(wheel.WheelError, match=r"pyproject.toml is missing"):
        wheel.trainlab_wheel(copy, tmp_path / "cache")


@pytest.mark.slow
def test_a_failing_backend_is_one_clear_error_that_says_how_to_see_more(tmp_path):
    copy = project_copy(tmp_path / "project")
    init = copy / "snippets" / "trainlab" / "__init__.py"
    init.write_text(init.read_text(encoding="utf-8").replace("__version__ = ", "__versio = "))
    with pytest.raises(wheel.WheelError) as caught:
        wheel.trainlab_wheel(copy, tmp_path / "cache")
    message = str(caught.value)
    assert message.startswith("trainlab's wheel cannot be built from ")
    assert "__version__" in message and "pip wheel . --no-deps --no-build-isolation" in message
    assert "\n" not in message
    assert not list((tmp_path / "cache").glob("wheel-*"))  # nothing half-made is cached


@pytest.mark.slow
def test_the_wheel_installs_and_imports_with_pyprojects_requirements(built, tmp_path):
    """Installed into a fresh environment (which sees this one's torch and the rest, not
    its trainlab), the wheel gives trainlab at the repository's version, as a reader's
    `pip install` would, with the requirements pyproject.toml declares."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    # torch, numpy, ... from this environment: a path in a .pth file (whose own .pth
    # files, the editable trainlab's among them, are not read)
    (site / "outer.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
         "--no-index", "--no-cache-dir", "--quiet", str(built)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    probe = (
        "import json, importlib.metadata as m, trainlab; "
        "print(json.dumps([trainlab.__version__, trainlab.__file__, m.requires('trainlab'), "
        "m.metadata('trainlab').get_all('Provides-Extra')]))"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run(
        [python, "-c", probe], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    version, where, requires, extras = json.loads(done.stdout)
    assert version == trainlab.__version__
    assert Path(where).is_relative_to(site)  # the wheel's trainlab, not the repository's

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    base = [str(Requirement(r)) for r in requires if "extra ==" not in r]
    assert base == [str(Requirement(r)) for r in project["dependencies"]]
    assert extras == list(project["optional-dependencies"])
    mnist = [r for r in requires if 'extra == "mnist"' in r]
    assert [Requirement(r).name for r in mnist] == ["torchvision"]


def test_the_command_is_pip_install_the_wheels_address_on_the_site(tmp_path):
    path = tmp_path / NAME
    for site_url in ("https://nn.example.org/course/", "https://nn.example.org/course"):
        assert wheel.install_command(site_url, path) == (
            f"pip install https://nn.example.org/course/downloads/{NAME}"
        )
    with pytest.raises(wheel.WheelError, match="site_url is not set"):
        wheel.install_command(None, path)


def test_a_page_writes_the_placeholder_and_the_build_the_command():
    page = "Install it: `{{ trainlab_install }}` (or `{{trainlab_install}}`); {{ other }}."
    filled = wheel.fill_install_command(page, "pip install X")
    assert filled == "Install it: `pip install X` (or `pip install X`); {{ other }}."


def test_publishing_copies_the_wheel_into_downloads(built, tmp_path):
    published = wheel.publish(built, tmp_path / "site")
    assert published == tmp_path / "site" / "downloads" / NAME
    assert published.read_bytes() == built.read_bytes()
