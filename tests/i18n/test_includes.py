"""i18n.includes: finding snippet includes in Markdown and checking them against files."""

from __future__ import annotations

from i18n.includes import Include, check_include, find_includes, sections_of

PAGE = """# Title { #title }

```python
--8<-- "lesson/example.py:first"
```

Some prose with --8<-- in the middle is not an include.

```python
    --8<-- 'lesson/example.py'
--8<-- "lesson/example.py:3:5"
```
"""

SOURCE = """import torch
# --8<-- [start:first]
a = 1
# --8<-- [end:first]
# --8<-- [start:open]
b = 2
"""


def test_find_includes_reads_sections_files_and_line_ranges():
    assert find_includes(PAGE) == [
        Include(4, "lesson/example.py", "first"),
        Include(10, "lesson/example.py", None),
        Include(11, "lesson/example.py", None),
    ]


def test_sections_of_keeps_only_closed_sections():
    assert sections_of(SOURCE) == {"first": (2, 4)}


def test_check_include(tmp_path):
    (tmp_path / "lesson").mkdir()
    (tmp_path / "lesson" / "example.py").write_text(SOURCE, encoding="utf-8")
    assert check_include(Include(1, "lesson/example.py", "first"), tmp_path) is None
    assert check_include(Include(1, "lesson/example.py", None), tmp_path) is None
    missing_file = check_include(Include(1, "lesson/nope.py", "first"), tmp_path)
    assert missing_file == 'snippet file "snippets/lesson/nope.py" does not exist'
    unclosed = check_include(Include(1, "lesson/example.py", "open"), tmp_path)
    assert unclosed == (
        'snippet file "snippets/lesson/example.py" has no section "open" (sections it has: first)'
    )
