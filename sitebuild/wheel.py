"""trainlab on the site: a wheel built from the repository's own sources, published at
<site>/downloads/, and the command that installs it, which the pages show.

The wheel is built from pyproject.toml and the package it names (snippets/trainlab),
never from docs/ (translations are untrusted), once per build for every language. It is
built by setuptools' PEP 517 backend in a subprocess, offline (no build isolation: the
setuptools of the build's own environment), in a scratch copy of exactly its inputs, so
that nothing is written into the repository. Its bytes depend only on those inputs and
on the setuptools and Python that build it (SOURCE_DATE_EPOCH fixes every date in it),
and it is cached under a digest of all of them (in sitebuild.cache's folder): a warm
build copies it, and two builds publish the same bytes.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urljoin

from sitebuild import cache

DOWNLOADS = "downloads"  # <site>/downloads/trainlab-<version>-py3-none-any.whl
# where a page shows the command: `{{ trainlab_install }}`, in inline code (the page model
# keeps inline code identical in every language; a value placeholder must be computed)
PLACEHOLDER_RE = re.compile(r"\{\{\s*trainlab_install\s*\}\}")
EPOCH = "315532800"  # 1980-01-01, the first date a ZIP file can hold: every file's date
WHEEL_NAME_RE = re.compile(r"trainlab-[^-]+-py3-none-any\.whl")
BUILD = "import sys; from setuptools import build_meta; print(build_meta.build_wheel(sys.argv[1]))"


class WheelError(Exception):
    """trainlab's wheel cannot be built; the message says why and how to see more."""


def project_root(config) -> Path:
    """The folder of mkdocs.yml, which holds pyproject.toml."""
    return Path(config["config_file_path"]).resolve().parent


def inputs(root: Path) -> list[Path]:
    """Every file the wheel is made of, as pyproject.toml names them: itself, its readme
    and licence files, and the modules of its packages (paths relative to root)."""
    pyproject = root / "pyproject.toml"
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        project, setuptools = data["project"], data["tool"]["setuptools"]
        package_dir = Path(setuptools.get("package-dir", {}).get("", "."))
        packages = list(setuptools["packages"])
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError) as error:
        raise WheelError(
            f"trainlab's wheel cannot be built: {pyproject} is missing or does not name "
            f"its packages in [tool.setuptools] ({type(error).__name__}: {error})"
        ) from None
    files = [Path("pyproject.toml")]
    files += [Path(name) for name in [project.get("readme")] if isinstance(name, str)]
    files += [Path(name) for name in project.get("license-files", [])]
    missing = [str(f) for f in files if not (root / f).is_file()]
    for package in packages:
        folder = root / package_dir / package.replace(".", "/")
        modules = sorted(p.relative_to(root) for p in folder.glob("*.py") if p.is_file())
        files += modules
        missing += [] if modules else [f"{folder.relative_to(root)}/*.py"]
    if missing:
        raise WheelError(
            f"trainlab's wheel cannot be built: {root} lacks {', '.join(missing)}, which "
            "pyproject.toml names"
        )
    return files


def digest(root: Path, files: list[Path]) -> str:
    """The cache key: every input's path and bytes, and the tools that build it."""
    contents = [(f.as_posix(), hashlib.sha256((root / f).read_bytes()).hexdigest()) for f in files]
    return cache.key_of("trainlab-wheel", version("setuptools"), sys.version_info[:2], contents)


def trainlab_wheel(root: Path, cache_dir: Path | None = None) -> Path:
    """The wheel of the trainlab in root: from the cache, or built now and cached."""
    root = Path(root)
    files = inputs(root)
    folder = Path(cache_dir or cache.default_dir()) / f"wheel-{digest(root, files)}"
    found = sorted(folder.glob("*.whl")) if folder.is_dir() else []
    return found[0] if found else _build(root, files, folder)


def _build(root: Path, files: list[Path], folder: Path) -> Path:
    """Build in a scratch copy of the inputs, then rename into the cache folder (atomic:
    a build beside this one sees no wheel or a whole one, and may write the same)."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".wheel-", dir=folder.parent) as scratch:
        source, out = Path(scratch) / "source", Path(scratch) / "out"
        for f in files:
            (source / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(root / f, source / f)
            os.chmod(source / f, 0o644)  # the wheel records each file's mode
        env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONDONTWRITEBYTECODE": "1"}
        try:
            done = subprocess.run(
                [sys.executable, "-c", BUILD, str(out)],
                cwd=source,
                env=env,
                capture_output=True,
                text=True,
                timeout=300,
            )
        except subprocess.TimeoutExpired:
            raise WheelError("trainlab's wheel was not built within 300 s") from None
        name = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
        if done.returncode != 0 or not WHEEL_NAME_RE.fullmatch(name):
            lines = [line for line in done.stderr.splitlines() if line.strip()]
            why = lines[-1].strip() if lines else f"the backend answered {name!r}"
            raise WheelError(
                f"trainlab's wheel cannot be built from {root / 'pyproject.toml'}: {why} "
                "(`pip wheel . --no-deps --no-build-isolation` shows the whole output)"
            )
        folder.mkdir(exist_ok=True)
        fd, partial = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
        os.close(fd)
        shutil.copyfile(out / name, partial)
        os.chmod(partial, 0o644)
        os.replace(partial, folder / name)
    return folder / name


def wheel_url(site_url: str | None, wheel: Path) -> str:
    """The wheel's address on the site."""
    if not site_url:
        raise WheelError(
            "site_url is not set in mkdocs.yml: the pages cannot say where to get trainlab"
        )
    return urljoin(
        site_url if site_url.endswith("/") else site_url + "/", f"{DOWNLOADS}/{wheel.name}"
    )


def install_command(site_url: str | None, wheel: Path) -> str:
    """What a reader types to install trainlab from the site."""
    return f"pip install {wheel_url(site_url, wheel)}"


def fill_install_command(markdown: str, command: str) -> str:
    """A page's `{{ trainlab_install }}` (in inline code, where the page model keeps it
    identical in every language) written as the command."""
    return PLACEHOLDER_RE.sub(lambda _: command, markdown)


def publish(wheel: Path, site_dir: Path) -> Path:
    """The wheel copied to <site>/downloads/."""
    dest = Path(site_dir) / DOWNLOADS / wheel.name
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(wheel, dest)
    return dest


def site_wheel(config) -> Path:
    """This build's wheel (of the project of mkdocs.yml); a failure is the build's error."""
    from mkdocs.exceptions import PluginError

    try:
        return trainlab_wheel(project_root(config))
    except WheelError as error:
        raise PluginError(str(error)) from None


def page_command(config) -> str:
    """The install command that this build's pages show."""
    from mkdocs.exceptions import PluginError

    try:
        return install_command(config["site_url"], site_wheel(config))
    except WheelError as error:
        raise PluginError(str(error)) from None
