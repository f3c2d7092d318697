# Letters in the resident search column are folded to their plain form ("ZOË MÜLLER" is "ZOE
# MULLER"), by CASEWORK_UNACCENT (casework.folding): on PostgreSQL an immutable wrapper of the
# unaccent extension, as a generated column needs; on SQLite a function each connection
# registers (with Python's UPPER). As in 0031, the column (and its trigram index on PostgreSQL)
# is dropped and made again.

from django.db import migrations, models
from django.db.models.functions import Concat, Replace, Upper

import casework.folding

TRIGRAM_INDEX = "casework_customer_search_trgm"
# As casework.models.case.WORD_SEPARATORS stood when this was written.
WORD_SEPARATORS = "'’.,/-("


def search_text():
    expression = Concat(
        "reference",
        models.Value(" "),
        "name",
        models.Value(" "),
        "address",
        models.Value(" "),
        "postcode",
        models.Value(" "),
        Replace("postcode", models.Value(" "), models.Value("")),
    )
    for mark in WORD_SEPARATORS:
        expression = Replace(expression, models.Value(mark), models.Value(" "))
    return models.GeneratedField(
        db_persist=True, expression=Upper(casework.folding.Folded(expression)), output_field=models.TextField()
    )


def add_function(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        # The index on UPPER(reference) was made with SQLite's own UPPER (ASCII letters only),
        # before casework.folding gave each connection Python's: make it again with that one.
        schema_editor.execute("REINDEX casework_customer_ref_upper")
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    # unaccent() is only stable (its dictionary could change); naming the dictionary makes the
    # result depend on the text alone, which is what a generated column asks for.
    schema_editor.execute(
        "CREATE OR REPLACE FUNCTION casework_unaccent(text) RETURNS text "
        "LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT "
        "AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$"
    )


def remove_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS casework_unaccent(text)")


def add_trigram_index(apps, schema_editor):
    """As in 0006_resident_search: a trigram index on PostgreSQL answers `LIKE '%…%'`."""
    if schema_editor.connection.vendor != "postgresql":
        return
    from django.contrib.postgres.indexes import GinIndex, OpClass
    from django.db.models import F

    Customer = apps.get_model("casework", "Customer")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.add_index(Customer, GinIndex(OpClass(F("search_text"), name="gin_trgm_ops"), name=TRIGRAM_INDEX))


def remove_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0031_resident_search_words_apart"),
    ]

    operations = [
        # Backwards, the function goes last, once the column that calls it has gone.
        migrations.RunPython(add_function, remove_function),
        migrations.RunPython(remove_trigram_index, add_trigram_index),
        migrations.RemoveField(model_name="customer", name="search_text"),
        migrations.AddField(model_name="customer", name="search_text", field=search_text()),
        migrations.RunPython(add_trigram_index, remove_trigram_index),
    ]
