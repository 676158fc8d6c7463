"""The site's build: what MkDocs runs (sitebuild/hooks.py) and the modules it
dispatches to. It stands on i18n/ (the languages: page model, words, ledger) and is
never imported by it.

- hooks: the MkDocs events, each handed to one of the modules below
- page: what the build does with one page, Markdown or notebook, in order
- runner, child, cache: a page's code run as one program, in a fresh interpreter, cached
- outputs: what a run adds to its page (outputs, figures, values, run note, last run)
- downloads: each page with code as a notebook and a script
- notebook_page: a notebook page rendered by mkdocs-jupyter, light and private
- static_i18n: notebook pages through mkdocs-static-i18n
- notices, dashboard: translation notices and the translation status page
- performance: the Performance page's results
- postprocess, mathml: HTML post-processing (MathML, code markup, white space)
- languages: each language's own search index, sitemap and 404 page
- sanitize: a translated page's HTML through an allow-list (nh3)
- text: a block under a page's title
- glossary_tips: glossary terms on lesson pages, linked, with their definition as a tooltip
- internals: the private parts of plugins the build uses, checked before it starts
- wheel: trainlab's wheel, published at downloads/, and the command that installs it
"""
