"""sitebuild.text: a block goes under a page's title, in Markdown or in HTML, or first on
a page that has none."""

from __future__ import annotations

from sitebuild.text import after_h1, after_title

BLOCK = '!!! warning "Notice"\n    Read this.'


def test_a_block_goes_after_the_first_title_line():
    markdown = "# Title { #title }\n\nText.\n\n# Another title\n"
    assert after_title(markdown, BLOCK) == (
        f"# Title {{ #title }}\n\n{BLOCK}\n\n\nText.\n\n# Another title\n"
    )


def test_a_second_level_heading_or_a_hash_in_code_is_no_title():
    markdown = "Intro.\n\n## Section { #s }\n\n    #!/bin/sh\n"
    assert after_title(markdown, BLOCK) == f"{BLOCK}\n\n{markdown}"
    assert after_title("#hashtag\n", BLOCK) == f"{BLOCK}\n\n#hashtag\n"


def test_html_gets_the_block_after_its_first_h1():
    content = '<h1 id="t">Title</h1><p>Text.</p><h1>Again</h1>'
    assert after_h1(content, "<div>x</div>") == (
        '<h1 id="t">Title</h1><div>x</div><p>Text.</p><h1>Again</h1>'
    )
    assert after_h1("<h2>Sub</h2><p>Text.</p>", "<div>x</div>") == (
        "<div>x</div><h2>Sub</h2><p>Text.</p>"
    )
