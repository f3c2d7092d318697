# Punctuation between words in the resident search column becomes a space ("Queen's Court" is
# "QUEEN S COURT", "No.41" is "NO 41"), so that a short word of a search can be asked to begin a
# word after a space alone. As in 0016, a generated column's expression cannot be altered in
# place: the column (and its trigram index on PostgreSQL) is dropped and made again.

from django.db import migrations, models
from django.db.models.functions import Concat, Replace, Upper

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
    return models.GeneratedField(db_persist=True, expression=Upper(expression), output_field=models.TextField())


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
        ("casework", "0030_resident_answer_counts"),
    ]

    operations = [
        migrations.RunPython(remove_trigram_index, add_trigram_index),
        migrations.RemoveField(model_name="customer", name="search_text"),
        migrations.AddField(model_name="customer", name="search_text", field=search_text()),
        migrations.RunPython(add_trigram_index, remove_trigram_index),
    ]
