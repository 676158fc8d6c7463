"""One content-addressed cache for everything the build computes from code: page runs
and rendered notebooks. An entry's name is the hash of everything its content depends
on, so an entry is never updated in place, only written once and read many times.

Writes are atomic and race-free: each writer writes a temporary file of its own (a
unique name in the same folder) and renames it into place, so a reader sees either no
entry or a whole one, and two builds writing the same entry both succeed (the second
rename replaces identical content). An entry that cannot be read (a disk that filled
up, a hand edit) is discarded with a warning naming it, and is computed again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path

from i18n.files import write_atomic
from i18n.pages import ROOT

log = logging.getLogger("mkdocs.hooks.course")


def default_dir() -> Path:
    return Path(os.environ.get("COURSE_CACHE_DIR") or ROOT / ".cache" / "page-runs")


def key_of(*parts) -> str:
    """A stable hash of JSON-serialisable parts."""
    payload = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


def entry(kind: str, key: str, folder: Path | None = None) -> Path:
    return Path(folder or default_dir()) / f"{kind}-{key}.json"


def read(path: Path) -> dict | None:
    """The entry at path, or None when there is none or it is unreadable (then it is
    removed, with a warning that names it)."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        return None
    try:
        value = json.loads(data.decode("utf-8"))
        if not isinstance(value, dict):
            raise ValueError("not a JSON object")
        return value
    except ValueError as error:
        log.warning("cache entry %s is corrupt (%s): discarded, computing it again", path, error)
        Path(path).unlink(missing_ok=True)
        return None


def write(path: Path, value: dict) -> None:
    write_atomic(Path(path), json.dumps(value, ensure_ascii=False))
