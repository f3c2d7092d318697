"""The search backend (WAGTAILSEARCH_BACKENDS): Wagtail's database backend, except that on
SQLite what someone typed is escaped for the full-text index.

SQLite's full-text index reads a double quote (and a null character) as the end of a word, and
Wagtail passes them on as typed: in the admin's page chooser and explorer, and through its API,
a search for `limited"` was a server error ("unterminated string", wagtail/wagtail#13227). And a
word with no letter or digit in it, such as a lone quote, matched nothing there, so nothing
was found at all. The library's own search takes quotes out before it searches
(policy_pages/search.py); every other search, the admin's among them, is now escaped here.
PostgreSQL reads both as punctuation and needs nothing.
"""

from copy import copy
from functools import cache

from django.db import connection
from modelsearch.backends import database
from modelsearch.query import Phrase, PlainText


def _readable(text, words_only):
    """`text` as SQLite's full-text index reads it inside the double quotes Wagtail puts round each
    word (`words_only`) or phrase: a null character as a space, a double quote written twice, and
    of words a word with no letter or digit in it (a lone quote or dash) left out, as PostgreSQL
    leaves it out; if that leaves no word, a lone quote, which finds nothing (and no word at all
    would be a server error)."""
    text = text.replace("\x00", " ")
    if words_only:
        words = [word for word in text.split() if any(character.isalnum() for character in word)]
        text = " ".join(words) or '"'
    return text.replace('"', '""')


class _TypedTextEscaped:
    """A query compiler that passes the searched words and phrases to SQLite's full-text index
    as _readable makes them."""

    def build_search_query_content(self, query, config=None):
        if isinstance(query, PlainText | Phrase):
            query = copy(query)
            query.query_string = _readable(query.query_string, words_only=isinstance(query, PlainText))
        return super().build_search_query_content(query, config=config)


@cache
def _sqlite_compilers():
    # Imported only on SQLite, where the database backend uses them.
    from modelsearch.backends.database.sqlite import sqlite

    class SearchQueryCompiler(_TypedTextEscaped, sqlite.SQLiteSearchQueryCompiler):
        pass

    class AutocompleteQueryCompiler(_TypedTextEscaped, sqlite.SQLiteAutocompleteQueryCompiler):
        pass

    return sqlite.SQLiteSearchBackend, SearchQueryCompiler, AutocompleteQueryCompiler


def SearchBackend(params):  # noqa: N802 (the name Wagtail looks for in a backend's module)
    """The backend Wagtail's database backend chooses for the default database, given
    WAGTAILSEARCH_BACKENDS' `params`; on SQLite's full-text index, one that escapes what was
    typed (_readable). Raises what Wagtail's own does."""
    backend = database.SearchBackend(params)
    if connection.vendor == "sqlite":
        full_text, searching, autocompleting = _sqlite_compilers()
        if isinstance(backend, full_text):
            backend.query_compiler_class = searching
            backend.autocomplete_query_compiler_class = autocompleting
    return backend
