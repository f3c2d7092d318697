# The resident search column also holds the postcode without its spaces, so a postcode typed
# either way finds the resident. A generated column's expression cannot be altered in place:
# the column (and its trigram index on PostgreSQL) is dropped and made again.

import django.db.models.functions.text
from django.db import migrations, models

TRIGRAM_INDEX = "casework_customer_search_trgm"


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
        ("casework", "0015_reporters_newest_cases"),
    ]

    operations = [
        migrations.RunPython(remove_trigram_index, add_trigram_index),
        migrations.RemoveField(model_name="customer", name="search_text"),
        migrations.AddField(
            model_name="customer",
            name="search_text",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.db.models.functions.text.Upper(
                    django.db.models.functions.text.Concat(
                        "reference",
                        models.Value(" "),
                        "name",
                        models.Value(" "),
                        "address",
                        models.Value(" "),
                        "postcode",
                        models.Value(" "),
                        django.db.models.functions.text.Replace("postcode", models.Value(" "), models.Value("")),
                    )
                ),
                output_field=models.TextField(),
            ),
        ),
        migrations.RunPython(add_trigram_index, remove_trigram_index),
    ]
