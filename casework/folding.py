"""Letters folded to their plain form for finding a resident, so that "Zoe Muller" finds Zoë
Müller and "lukasz" finds Łukasz: staff type names as their keyboards do, and a name not found
on the check page reads as "no red flag".

The resident search column is folded by the database (`CASEWORK_UNACCENT`), and the words of a
search by the same function, so both sides fold alike: on PostgreSQL an immutable wrapper of the
`unaccent` extension (migration 0032), on SQLite `fold` below, registered on each connection
with Python's UPPER (SQLite's own changes ASCII letters only)."""

import functools
import unicodedata

from django.db import connections
from django.db.models import CharField, TextField, Transform

FUNCTION = "CASEWORK_UNACCENT"
# Letters that carry no separate accent to take off (Unicode does not decompose them), folded as
# PostgreSQL's unaccent folds them.
PLAIN = str.maketrans(
    {
        "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "Ø": "O", "ø": "o", "Ł": "L", "ł": "l",
        "Đ": "D", "đ": "d", "Ð": "D", "ð": "d", "Þ": "TH", "þ": "th", "Ħ": "H", "ħ": "h",
        "ı": "i", "ß": "ss",
    }
)  # fmt: skip


def fold(text):
    """`text` (a string or None) with accents taken off its letters and the letters above made
    plain ("Zoë Łukasz" is "Zoe Lukasz"); SQLite's CASEWORK_UNACCENT. Returns None for None."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", str(text).translate(PLAIN))
    return "".join(character for character in decomposed if not unicodedata.combining(character))


def fold_query(text, using="default"):
    """A search as the database folds what it searches: `text` unchanged if it is plain ASCII
    (no query), else folded by CASEWORK_UNACCENT on database `using` (on PostgreSQL, whose
    unaccent folds some letters differently from `fold`, one query the first time this process
    folds that text: the register folds its search once per kind). Returns a string."""
    if not text or text.isascii():
        return text or ""
    if connections[using].vendor != "postgresql":
        return fold(text)
    return _folded_by_postgresql(text, using)


# The function is immutable (migration 0032): what it gave once it gives again.
@functools.lru_cache(maxsize=1024)
def _folded_by_postgresql(text, using):
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT {FUNCTION}(%s)", [text])
        return cursor.fetchone()[0]


@CharField.register_lookup
@TextField.register_lookup
class Folded(Transform):
    """`field__folded`: the field's text with its letters folded (CASEWORK_UNACCENT), to compare
    with a folded search word; also the resident search column's outer function."""

    lookup_name = "folded"
    function = FUNCTION
    output_field = TextField()


def _upper(text):
    return None if text is None else str(text).upper()


def register_on_sqlite(sender, connection, **kwargs):
    """On each new SQLite connection (the `connection_created` signal): Python's UPPER, which
    changes every letter as PostgreSQL's does (SQLite's changes ASCII letters only, so "Zoë" was
    "ZOë"), and CASEWORK_UNACCENT. Both deterministic, as a generated column and an index on an
    expression need."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("UPPER", 1, _upper, deterministic=True)
        connection.connection.create_function(FUNCTION, 1, fold, deterministic=True)
