"""The search backend (WAGTAILSEARCH_BACKENDS): Wagtail's database backend, except that on
SQLite a double quote in what someone typed is escaped.

SQLite's full-text index reads a double quote as its own syntax, and Wagtail passes one on as
typed: the admin's page search for `limited"` was a server error ("unterminated string",
wagtail/wagtail#13227). The library's own search takes quotes out before it searches
(policy_pages/search.py); every other search, the admin's among them, now escapes them.
PostgreSQL reads a quote as punctuation and needs nothing.
"""

from copy import copy
from functools import cache

from django.db import connection
from modelsearch.backends import database
from modelsearch.query import Phrase, PlainText


class _QuotesEscaped:
    """A query compiler that escapes a double quote in the searched words as SQLite's full-text
    index reads one inside the quotes Wagtail puts round each word and phrase: written twice.
    Its tokenizer then reads it as punctuation, as PostgreSQL does."""

    def build_search_query_content(self, query, config=None):
        if isinstance(query, PlainText | Phrase) and '"' in query.query_string:
            query = copy(query)
            query.query_string = query.query_string.replace('"', '""')
        return super().build_search_query_content(query, config=config)


@cache
def _sqlite_compilers():
    # Imported only on SQLite, where the database backend uses them.
    from modelsearch.backends.database.sqlite import sqlite

    class SearchQueryCompiler(_QuotesEscaped, sqlite.SQLiteSearchQueryCompiler):
        pass

    class AutocompleteQueryCompiler(_QuotesEscaped, sqlite.SQLiteAutocompleteQueryCompiler):
        pass

    return sqlite.SQLiteSearchBackend, SearchQueryCompiler, AutocompleteQueryCompiler


def SearchBackend(params):  # noqa: N802 (the name Wagtail looks for in a backend's module)
    """The backend Wagtail's database backend chooses for the default database, given
    WAGTAILSEARCH_BACKENDS' `params`; on SQLite's full-text index, one that escapes a double
    quote. Raises what Wagtail's own does."""
    backend = database.SearchBackend(params)
    if connection.vendor == "sqlite":
        full_text, searching, autocompleting = _sqlite_compilers()
        if isinstance(backend, full_text):
            backend.query_compiler_class = searching
            backend.autocomplete_query_compiler_class = autocompleting
    return backend
