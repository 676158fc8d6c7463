"""i18n.files.write_atomic: a file is replaced whole or not at all, keeps its permissions,
and a failure leaves neither half a file nor a temporary one behind."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from i18n import files
from i18n.files import write_atomic


@pytest.fixture
def umask_022():
    before = os.umask(0o022)
    yield
    os.umask(before)


def test_the_text_is_written_as_utf8_with_its_own_line_ends(tmp_path):
    path = tmp_path / "new" / "folder" / "page.md"  # folders are made
    write_atomic(path, "Réseau\nстрока\r\n")
    assert path.read_bytes() == "Réseau\nстрока\r\n".encode()
    write_atomic(path, "shorter")
    assert path.read_bytes() == b"shorter"
    assert os.listdir(path.parent) == ["page.md"]


def test_a_new_file_gets_the_permissions_open_would_give_it(tmp_path, umask_022):
    path = tmp_path / "new.yml"
    write_atomic(path, "x")
    assert stat.S_IMODE(path.stat().st_mode) == 0o644  # not mkstemp's 0o600


def test_an_existing_file_keeps_its_permissions(tmp_path, umask_022):
    path = tmp_path / "script.sh"
    path.write_text("old")
    path.chmod(0o750)
    write_atomic(path, "new")
    assert stat.S_IMODE(path.stat().st_mode) == 0o750 and path.read_text() == "new"


def test_text_that_cannot_be_written_leaves_the_old_file_whole(tmp_path):
    path = tmp_path / "ledger.yml"
    path.write_text("the old ledger\n", encoding="utf-8")
    # a lone surrogate cannot be encoded: the write fails after much has been written
    with pytest.raises(UnicodeEncodeError):
        write_atomic(path, "x" * 1_000_000 + "\udcff")
    assert path.read_text(encoding="utf-8") == "the old ledger\n"
    assert os.listdir(tmp_path) == ["ledger.yml"]  # no temporary file left


@pytest.mark.parametrize("error", [OSError("disk full"), KeyboardInterrupt()])
def test_a_failure_at_the_rename_leaves_no_temporary_file(tmp_path, monkeypatch, error):
    path = tmp_path / "page.md"
    path.write_text("before", encoding="utf-8")

    def fail(src, dst):
        assert os.path.dirname(src) == str(tmp_path)  # the temporary file: same folder
        assert Path(src).read_text(encoding="utf-8") == "after"  # written whole first
        raise error

    monkeypatch.setattr(files.os, "replace", fail)
    with pytest.raises(type(error)):
        write_atomic(path, "after")
    assert path.read_text(encoding="utf-8") == "before"
    assert os.listdir(tmp_path) == ["page.md"]
