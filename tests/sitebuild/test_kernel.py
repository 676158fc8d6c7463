"""sitebuild.kernel: a notebook page's includes resolved from snippets/, executed once in
a fresh kernel of the build's interpreter, cached by everything the outputs depend on."""

from __future__ import annotations

import json

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell
from notebook_pages import french, notebook_text

from i18n.notebooks import NotebookError
from sitebuild import kernel

# ---------------------------------------------------------------- resolving, executing


def snippets(tmp_path):
    folder = tmp_path / "snippets" / "demo"
    folder.mkdir(parents=True)
    (folder / "code.py").write_text(
        "# --8<-- [start:first]\nx = 6 * 7\nprint('x is', x)\n# --8<-- [end:first]\n"
        "# --8<-- [start:second]\nprint(x + 1)\n# --8<-- [end:second]\n"
        "# --8<-- [start:other]\nprint(x + 2)\n# --8<-- [end:other]\n"
        "# --8<-- [start:fails]\nraise ValueError('no luck')\n# --8<-- [end:fails]\n",
        encoding="utf-8",
    )
    return tmp_path / "snippets"


def test_resolve_puts_the_snippets_code_in_and_refuses_typed_code(docs, tmp_path):
    nb = kernel.from_text((docs / "en" / "wb.ipynb").read_text(encoding="utf-8"), "wb.ipynb")
    resolved = kernel.resolve(nb, "wb.ipynb", snippets(tmp_path))
    code = [c.source for c in resolved.cells if c.cell_type == "code"]
    assert code == ["x = 6 * 7\nprint('x is', x)", "print(x + 1)"]
    assert resolved.cells[1].metadata["course"] == {"snippets": ["demo/code.py:first"]}
    nb.cells[3].source = "print('typed')"
    with pytest.raises(NotebookError, match=r"wb.ipynb: cell 4: a code cell may hold"):
        kernel.resolve(nb, "wb.ipynb", snippets(tmp_path / "again"))


def test_execution_runs_once_per_code_and_is_shared_by_languages(docs, tmp_path):
    folder = snippets(tmp_path)
    cache = tmp_path / "cache"
    (docs / "fr" / "wb.ipynb").write_text(french(), encoding="utf-8")
    english = kernel.resolve(
        kernel.from_text((docs / "en" / "wb.ipynb").read_text(encoding="utf-8"), "en"), "en", folder
    )
    done, run, ran = kernel.execute(english, "en", cache_dir=cache)
    assert ran and run["date"] and run["python"]
    assert [o["text"] for c in done.cells if c.cell_type == "code" for o in c.outputs] == [
        "x is 42\n",
        "43\n",
    ]
    translation = kernel.resolve(
        kernel.from_text((docs / "fr" / "wb.ipynb").read_text(encoding="utf-8"), "fr"), "fr", folder
    )
    again, _, ran = kernel.execute(translation, "fr", cache_dir=cache)
    assert not ran, "the translation has the same code: its outputs come from the cache"
    assert again.cells[0].source.startswith("# Cahier")
    assert [c.outputs for c in again.cells if c.cell_type == "code"] == [
        c.outputs for c in done.cells if c.cell_type == "code"
    ]
    assert len(list(cache.iterdir())) == 1


def test_a_failing_cell_fails_with_its_number_snippet_and_error(docs, tmp_path):
    cells = [new_markdown_cell('# T <a id="t"></a>'), new_code_cell('--8<-- "demo/code.py:fails"')]
    nb = kernel.resolve(
        kernel.from_text(notebook_text(cells), "bad.ipynb"), "bad.ipynb", snippets(tmp_path)
    )
    with pytest.raises(NotebookError) as error:
        kernel.execute(nb, "bad.ipynb", cache_dir=tmp_path / "cache")
    assert str(error.value) == ("bad.ipynb: cell 2 (demo/code.py:fails) raised ValueError: no luck")
    assert not (tmp_path / "cache").exists() or not list((tmp_path / "cache").iterdir())


def test_the_kernel_is_this_python_whatever_kernel_a_user_installed(monkeypatch, tmp_path):
    """A "python3" kernel spec of the user's (here one that cannot start) is not used:
    the build's kernel is the interpreter that has torch and trainlab."""
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps({"argv": ["/bin/false", "{connection_file}"], "display_name": "broken"}),
        encoding="utf-8",
    )
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    cells = [new_markdown_cell('# T <a id="t"></a>'), new_code_cell('--8<-- "demo/code.py:first"')]
    nb = kernel.resolve(
        kernel.from_text(notebook_text(cells), "k.ipynb"), "k.ipynb", snippets(tmp_path)
    )
    done, _, ran = kernel.execute(nb, "k.ipynb", cache_dir=tmp_path / "cache")
    assert ran and done.cells[1].outputs[0]["text"] == "x is 42\n"
