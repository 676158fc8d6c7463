"""Running pages as programs the way a reader would: a fresh interpreter that has torch
and the packages the page names, trainlab only if the page names it (installed as a
package, never the source tree), and no repository on the path."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

from support import ROOT

from sitebuild.runner import load_program


def lesson_pages(lang: str = "en") -> list[Path]:
    """The pages of a language that have Python blocks."""
    return [p for p in sorted((ROOT / "docs" / lang).glob("*.md")) if load_program(p).blocks]


def make_page_env(where: Path) -> Path:
    """A virtual environment that sees this environment's installed packages (torch,
    matplotlib, …) through a .pth line, but not its editable trainlab: an editable
    install works through a .pth file, and .pth files of a directory added by a .pth
    line are not read. Returns its python."""
    venv.EnvBuilder(with_pip=False).create(where)
    python = where / "bin" / "python"
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(purelib, "_course_packages.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python


def install_trainlab(target: Path) -> Path:
    """`pip install` the project as a package into target (a plain folder, not editable)."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return target
