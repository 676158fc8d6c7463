"""Everything about languages: language list, UI strings, glossary, translation ledger,
the translators' tool (`python -m i18n`) and the site's build hooks."""
