"""Indexes for the register (casework/services/register.py) on PostgreSQL, where a page of it
sorts and cuts each kind of entry before putting them together:

- red flags newest first, so the first page reads the newest flags and stops;
- residents by name and reference, so a sort by resident reads the residents in order and
  their restrictions, flags and warnings through the indexes on their resident;
- the restriction types' containment (jsonb `@>`), so a filter by type is read from an index
  and counted from the column's statistics.

Raw SQL on PostgreSQL only: they serve the register's queries and change no model."""

from django.db import migrations

INDEXES = {
    "casework_redflag_raised_newest": 'ON "casework_redflag" ("raised_at" DESC, "id" DESC)',
    "casework_customer_name_reference": 'ON "casework_customer" ("name", "reference")',
    "casework_restriction_types_gin": 'ON "casework_restriction" USING gin ("types" jsonb_path_ops)',
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, definition in INDEXES.items():
            schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" {definition}')


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0026_assignment_urgent_due_date"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
