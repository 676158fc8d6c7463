"""sitebuild.notebook_page: an executed notebook rendered (by mkdocs-jupyter) into a light,
private page: its figures are SVG files shown as <img> with the alt text the prose gives
them, its headings keep the notebook's anchors, its formulas are MathML, and no script or
style of nbconvert's is left. Its downloads get site addresses and lose the figure text."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from nbformat.v4 import (
    new_code_cell,
    new_markdown_cell,
    new_notebook,
    new_output,
)

from i18n.notebooks import NotebookError
from sitebuild import notebook_page
from sitebuild.notebook_page import render, with_links, without_figure_text

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="300pt" height="150pt"><path d="M0 0"/></svg>'


def executed(*, alt: str = "A falling curve", figures: int = 1, code: str = "plot()"):
    """A small notebook as the kernel leaves it: a code cell that printed and drew."""
    outputs = [new_output("stream", name="stdout", text="loss 0.25\n")]
    outputs += [new_output("display_data", data={"image/svg+xml": SVG}) for _ in range(figures)]
    cells = [
        new_markdown_cell(
            '# Workbook <a id="workbook"></a>\n\n'
            "The loss is $x^2$, see the [lab](lab.md#tasks) and `a $b$ c`.\n\n"
            "```bash\necho '$HOME'\n```"
        ),
        new_code_cell(code, execution_count=1, outputs=outputs),
        new_markdown_cell(
            f"![{alt}](figure:curve)\n\n"
            '## Task 1: seeds <a id="task-seeds"></a>\n\n'
            "$$\n\\sigma = \\sqrt{\\frac{2}{n}}\n$$\n\n"
            '### A detail <a id="detail"></a>\n\nText.'
        ),
    ]
    return new_notebook(cells=cells, metadata={"course": {"description": "A workbook."}})


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """(the rendered page, its HTML parsed, the figure folder), rendered once."""
    figures = tmp_path_factory.mktemp("figures")
    page = render(executed(), "docs/en/wb.ipynb", figures, "wb", "", "Sortie")
    return page, BeautifulSoup(page.html, "html.parser"), figures


def test_figures_become_images_with_the_alt_text_of_the_prose(rendered):
    _, soup, figures = rendered
    (img,) = soup.select("figure.page-figure img")
    assert img["src"] == "wb-1.svg" and img["alt"] == "A falling curve"
    assert (img["width"], img["height"]) == ("400", "200")  # 300 pt by 150 pt, in pixels
    assert img["loading"] == "lazy"
    assert (figures / "wb-1.svg").read_text(encoding="utf-8") == SVG
    assert "figure:curve" not in str(soup)


def test_headings_keep_the_notebooks_anchors_and_make_the_toc(rendered):
    page, soup, _ = rendered
    assert [(h.name, h["id"]) for h in soup.select("h1, h2, h3")] == [
        ("h1", "workbook"),
        ("h2", "task-seeds"),
        ("h3", "detail"),
    ]
    assert soup.select_one("h2").get_text() == "Task 1: seeds¶"
    assert not soup.select("h2 a[id]")  # the anchor tag became the heading's id
    assert page.toc == [
        {
            "level": 1,
            "id": "workbook",
            "name": "Workbook",
            "children": [
                {
                    "level": 2,
                    "id": "task-seeds",
                    "name": "Task 1: seeds",
                    "children": [{"level": 3, "id": "detail", "name": "A detail", "children": []}],
                }
            ],
        }
    ]


def test_no_script_or_style_is_left(rendered):
    page, soup, _ = rendered
    assert not soup.select("script, style, link")
    assert "<script" not in page.html.lower() and "<style" not in page.html.lower()
    assert "mathjax" not in page.html.lower() and "clipboard-copy" not in page.html


def test_formulas_become_mathml_and_code_keeps_its_dollars(rendered):
    page, soup, _ = rendered
    inline, display = soup.select("math")
    assert inline["display"] == "inline" and inline.msup
    assert display["display"] == "block" and display.mfrac
    assert "MATHPLACEHOLDER" not in page.html and "$x^2$" not in page.html
    assert "a $b$ c" in soup.get_text()  # inline code is no formula
    assert "$HOME" in soup.get_text()  # nor is a fenced block


def test_code_and_its_output_look_like_the_markdown_pages(rendered):
    _, soup, _ = rendered
    code = soup.select_one("div.language-python.highlight pre code")
    assert code.get_text().strip() == "plot()"
    output = soup.select_one("div.page-output")
    assert output.select_one(".filename").get_text() == "Sortie"
    assert output.code.get_text() == "loss 0.25"


def test_a_rendered_page_is_taken_from_the_cache(tmp_path, monkeypatch):
    nb = executed()
    first = render(nb, "wb.ipynb", tmp_path / "a", "wb", "", "Output", tmp_path / "cache")

    def must_not_render(*args):
        raise AssertionError("rendered again")

    monkeypatch.setattr(notebook_page, "_render", must_not_render)
    again = render(nb, "wb.ipynb", tmp_path / "b", "wb", "", "Output", tmp_path / "cache")
    assert again == first and (tmp_path / "b" / "wb-1.svg").read_text(encoding="utf-8") == SVG
    nb.cells[1].source = "plot(again)"  # other code: rendered again
    with pytest.raises(AssertionError, match="rendered again"):
        render(nb, "wb.ipynb", tmp_path / "b", "wb", "", "Output", tmp_path / "cache")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"alt": " "}, r"wb.ipynb: cell 3: figure:curve needs alt text"),
        ({"figures": 0}, r"wb.ipynb: cell 3: figure:curve has no figure to describe"),
        ({"figures": 2}, r"wb.ipynb: cell 2 draws 1 figure\(s\) that no"),
    ],
    ids=["no alt text", "no figure drawn", "a figure undescribed"],
)
def test_a_figure_without_its_description_is_an_error_naming_the_cell(tmp_path, changes, message):
    with pytest.raises(NotebookError, match=message):
        render(executed(**changes), "wb.ipynb", tmp_path, "wb", "", "Output")


# ---------------------------------------------------------------- the notebook, for download


def test_links_to_pages_become_site_addresses():
    nb = executed()
    here = "https://example.org/course/fr/wb/"
    relative = with_links(nb, here, "wb.ipynb", absolute_links=False)
    absolute = with_links(nb, here, "wb.ipynb", absolute_links=True)
    assert "[lab](../lab/#tasks)" in relative.cells[0].source
    assert "[lab](https://example.org/course/fr/lab/#tasks)" in absolute.cells[0].source
    assert "[lab](lab.md#tasks)" in nb.cells[0].source  # a copy: the notebook is unchanged


def test_other_links_are_left_as_they_are():
    nb = executed()
    nb.cells[0].source = "[PyTorch](https://pytorch.org/) and [up](#workbook)"
    out = with_links(nb, "https://example.org/wb/", "wb.ipynb", absolute_links=False)
    assert out.cells[0].source == nb.cells[0].source


def test_the_downloaded_notebook_has_no_figure_text():
    nb = executed()
    out = without_figure_text(nb)
    assert out.cells[2].source.startswith('## Task 1: seeds <a id="task-seeds"></a>')
    assert "figure:" not in out.cells[2].source and "\n\n\n" not in out.cells[2].source
    assert out.cells[1] == nb.cells[1]  # the code cell and its outputs as they were
    assert nb.cells[2].source.startswith("![A falling curve](figure:curve)")  # a copy


def test_executed_puts_each_blocks_code_and_outputs_into_its_cell_and_nothing_else():
    from i18n.includes import Include
    from sitebuild.runner import Block, Program

    nb = new_notebook(
        cells=[
            new_markdown_cell('# T <a id="t"></a>'),
            new_code_cell('--8<-- "demo/code.py:first"', metadata={"tags": ["skip-execution"]}),
        ]
    )
    program = Program(
        "docs/fr/wb.ipynb", [], [Block(9, 9, (Include(9, "demo/code.py", "first"),), "plot()\n")]
    )
    result = {
        "blocks": ["loss 0.25\n"],
        "figures": [
            {"label": "curve", "block": 0, "svg": "<svg>en</svg>", "svgs": {"fr": "<svg>fr</svg>"}}
        ],
    }
    done = notebook_page.executed(nb, program, result, "fr")
    cell = done.cells[1]
    assert cell.source == "plot()" and cell.execution_count == 1
    assert cell.metadata == {"course": {"snippets": ["demo/code.py:first"]}}  # no tags left
    assert [o.output_type for o in cell.outputs] == ["stream", "display_data"]
    assert cell.outputs[1].data["image/svg+xml"] == "<svg>fr</svg>"
    assert nb.cells[1].source == '--8<-- "demo/code.py:first"'  # the page itself is unchanged
    with pytest.raises(NotebookError, match="1 code cells, but its program has 2"):
        notebook_page.executed(
            nb, Program("p", [], [*program.blocks, *program.blocks]), result, "fr"
        )
