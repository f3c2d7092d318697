from django.db import migrations


def recompute_on_sqlite(apps, schema_editor):
    # SQLite keeps a generated column as it was computed when the row was written, with its own
    # UPPER (ASCII only) before casework.apps registered one for every letter: write each row again.
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute("UPDATE casework_customer SET name = name")
    schema_editor.execute("REINDEX casework_customer_ref_upper")


class Migration(migrations.Migration):
    dependencies = [("casework", "0031_resident_search_words_apart")]

    operations = [migrations.RunPython(recompute_on_sqlite, migrations.RunPython.noop)]
