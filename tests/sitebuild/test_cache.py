"""sitebuild.cache: entries named by what they depend on, written atomically, and a
corrupt entry discarded with a warning that names it."""

from __future__ import annotations

import json
import logging
import threading

from sitebuild import cache


def test_keys_depend_on_every_part_and_nothing_else():
    assert cache.key_of("code", {"torch": "2.13.0"}) == cache.key_of("code", {"torch": "2.13.0"})
    assert cache.key_of("code", {"torch": "2.13.0"}) != cache.key_of("code", {"torch": "2.14.1"})
    assert cache.key_of({"a": 1, "b": 2}) == cache.key_of({"b": 2, "a": 1})  # order of keys


def test_an_entry_is_read_back_and_a_missing_one_is_none(tmp_path):
    path = cache.entry("page-run", cache.key_of("x"), tmp_path)
    assert cache.read(path) is None
    cache.write(path, {"blocks": ["é\n"]})
    assert cache.read(path) == {"blocks": ["é\n"]}


def test_a_corrupt_entry_is_discarded_with_a_warning_naming_it(tmp_path, caplog):
    path = cache.entry("page-run", cache.key_of("x"), tmp_path)
    for corrupt in ['{"blocks": ["half', "[1, 2]", "\udcff"]:
        path.write_text(corrupt, encoding="utf-8", errors="surrogateescape")
        with caplog.at_level(logging.WARNING, logger="mkdocs.hooks.course"):
            assert cache.read(path) is None
        assert str(path) in caplog.text and "corrupt" in caplog.text
        assert not path.exists()
        caplog.clear()


def test_concurrent_writers_of_one_entry_never_show_a_reader_half_a_file(tmp_path):
    path = cache.entry("page-run", cache.key_of("same"), tmp_path)
    value = {"blocks": ["x" * 200_000]}  # big enough that a torn read would show
    seen, errors = [], []

    def writer():
        for _ in range(20):
            cache.write(path, value)

    def reader():
        for _ in range(200):
            try:
                if path.exists():
                    seen.append(json.loads(path.read_text(encoding="utf-8")) == value)
            except (ValueError, FileNotFoundError) as error:
                errors.append(error)

    threads = [threading.Thread(target=f) for f in (writer, writer, reader)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and all(seen)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left
