"""i18n.includes: finding snippet includes in Markdown and resolving them, only ever
from inside snippets/."""

from __future__ import annotations

import os

import pytest

from i18n.includes import Include, IncludeError, check_include, find_includes, resolve, sections_of

PAGE = """# Title { #title }

```python
--8<-- "lesson/example.py:first"
```

Some prose with --8<-- in the middle is not an include.

```python
    --8<-- 'lesson/example.py'
--8<-- "lesson/example.py:3:5"
```

--8<--
lesson/example.py
--8<--
"""

SOURCE = """import torch
# --8<-- [start:first]
a = 1
# --8<-- [end:first]
# --8<-- [start:open]
b = 2
"""


@pytest.fixture
def snippets(tmp_path):
    (tmp_path / "snippets" / "lesson").mkdir(parents=True)
    (tmp_path / "snippets" / "lesson" / "example.py").write_text(SOURCE, encoding="utf-8")
    return tmp_path / "snippets"


def test_find_includes_reads_every_form_pymdownx_would_insert():
    assert find_includes(PAGE) == [
        Include(4, "lesson/example.py", "first"),
        Include(10, "lesson/example.py", None),
        Include(11, "lesson/example.py", "3:5"),
        Include(14, "", None),  # the block form's markers
        Include(16, "", None),
    ]


def test_sections_of_keeps_only_closed_sections():
    assert sections_of(SOURCE) == {"first": (2, 4)}


def test_a_named_section_or_a_whole_file_resolves(snippets):
    assert resolve(Include(1, "lesson/example.py", "first"), snippets) == "a = 1\n"
    assert resolve(Include(1, "lesson/example.py", None), snippets) == SOURCE
    assert check_include(Include(1, "lesson/example.py", "first"), snippets) is None


def test_a_wrong_name_says_what_is_wrong(snippets):
    missing_file = check_include(Include(1, "lesson/nope.py", "first"), snippets)
    assert missing_file == 'snippet file "snippets/lesson/nope.py" does not exist'
    unclosed = check_include(Include(1, "lesson/example.py", "open"), snippets)
    assert unclosed == (
        'snippet file "snippets/lesson/example.py" has no section "open" (sections it has: first)'
    )


@pytest.mark.parametrize(
    ("path", "section", "message"),
    [
        ("../docs/fr/overfitting.md", "section", "not a Python file inside snippets/"),
        ("../secrets.py", None, "not a Python file inside snippets/"),
        ("lesson/../../outside.py", None, "not a Python file inside snippets/"),
        ("/etc/passwd.py", None, "not a Python file inside snippets/"),
        ("lesson\\..\\..\\outside.py", None, "not a Python file inside snippets/"),
        ("lesson/example.md", None, "not a Python file inside snippets/"),
        ("lesson/example.py", "3:5", "line ranges are not allowed"),
        ("lesson/example.py", "2", "line ranges are not allowed"),
        ("", None, "the block form of --8<-- is not allowed"),
    ],
    ids=[
        "a page of docs",
        "dot-dot",
        "dot-dot inside",
        "absolute",
        "backslashes",
        "not python",
        "line range",
        "one line",
        "block form",
    ],
)
def test_hostile_includes_are_refused(snippets, path, section, message):
    (snippets.parent / "outside.py").write_text("print('outside')\n", encoding="utf-8")
    with pytest.raises(IncludeError, match=message):
        resolve(Include(1, path, section), snippets)


def test_a_symlink_that_leads_out_of_snippets_is_refused(snippets):
    secret = snippets.parent / "secret.py"
    secret.write_text("# --8<-- [start:s]\nTOKEN = 1\n# --8<-- [end:s]\n", encoding="utf-8")
    os.symlink(secret, snippets / "lesson" / "link.py")
    with pytest.raises(IncludeError, match="leads outside snippets/"):
        resolve(Include(1, "lesson/link.py", "s"), snippets)
    inside = snippets / "lesson" / "alias.py"
    os.symlink(snippets / "lesson" / "example.py", inside)  # a link inside stays allowed
    assert resolve(Include(1, "lesson/alias.py", "first"), snippets) == "a = 1\n"
