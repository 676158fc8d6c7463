"""The site's build: what MkDocs runs (sitebuild/hooks.py) and the modules it
dispatches to. It stands on i18n/ (the languages: page model, words, ledger) and is
never imported by it."""
