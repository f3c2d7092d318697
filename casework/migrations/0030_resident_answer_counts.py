"""How many residents gave each answer to each protected characteristic, kept by triggers on the
residents' table, so that the equality figures of all residents read a few rows instead of
counting every resident on every view (casework.models.ResidentAnswerCount).

On PostgreSQL the triggers run once per statement over the rows it changed (transition tables),
so an import or a bulk update adds its rows up once; each statement changes the counts in one
ordered pass, so two writers never take the counts' row locks in opposite orders. SQLite has
row triggers only. The characteristics are written out here, as they were when this ran: one
added later needs the triggers made again."""

from django.db import migrations, models

CHARACTERISTICS = [
    "age_band",
    "disability",
    "gender_reassignment",
    "marriage_civil_partnership",
    "pregnancy_maternity",
    "ethnicity",
    "religion_belief",
    "sex",
    "sexual_orientation",
]
TABLE = "casework_residentanswercount"
UPSERT = f"ON CONFLICT (characteristic, answer) DO UPDATE SET residents = {TABLE}.residents + excluded.residents"


def _answers(rows, sign):
    """PostgreSQL: each answer of each resident in the transition table `rows`, counted `sign`."""
    pairs = ", ".join(f"('{name}', r.{name})" for name in CHARACTERISTICS)
    return (
        f"SELECT a.characteristic, a.answer, {sign} AS change FROM {rows} r "
        f"CROSS JOIN LATERAL (VALUES {pairs}) AS a(characteristic, answer)"
    )


def _postgresql_change(*parts):
    return (
        f"INSERT INTO {TABLE} (characteristic, answer, residents) "
        f"SELECT characteristic, answer, sum(change) FROM ({' UNION ALL '.join(parts)}) AS changes "
        "GROUP BY characteristic, answer HAVING sum(change) <> 0 ORDER BY characteristic, answer "
        f"{UPSERT};"
    )


POSTGRESQL = f"""
CREATE FUNCTION casework_count_resident_answers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_postgresql_change(_answers("new_rows", 1))}
    ELSIF TG_OP = 'UPDATE' THEN
        {_postgresql_change(_answers("old_rows", -1), _answers("new_rows", 1))}
    ELSE
        {_postgresql_change(_answers("old_rows", -1))}
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER casework_customer_answers_insert AFTER INSERT ON casework_customer
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION casework_count_resident_answers();
CREATE TRIGGER casework_customer_answers_update AFTER UPDATE ON casework_customer
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION casework_count_resident_answers();
CREATE TRIGGER casework_customer_answers_delete AFTER DELETE ON casework_customer
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION casework_count_resident_answers();
"""
POSTGRESQL_DROP = """
DROP TRIGGER IF EXISTS casework_customer_answers_insert ON casework_customer;
DROP TRIGGER IF EXISTS casework_customer_answers_update ON casework_customer;
DROP TRIGGER IF EXISTS casework_customer_answers_delete ON casework_customer;
DROP FUNCTION IF EXISTS casework_count_resident_answers();
"""


def _sqlite_change(row, sign):
    values = ", ".join(f"('{name}', {row}.{name}, {sign})" for name in CHARACTERISTICS)
    return f"INSERT INTO {TABLE} (characteristic, answer, residents) VALUES {values} {UPSERT};"


SQLITE = [
    f"CREATE TRIGGER casework_customer_answers_insert AFTER INSERT ON casework_customer BEGIN "
    f"{_sqlite_change('NEW', 1)} END",
    f"CREATE TRIGGER casework_customer_answers_update AFTER UPDATE OF {', '.join(CHARACTERISTICS)} "
    f"ON casework_customer BEGIN {_sqlite_change('OLD', -1)} {_sqlite_change('NEW', 1)} END",
    f"CREATE TRIGGER casework_customer_answers_delete AFTER DELETE ON casework_customer BEGIN "
    f"{_sqlite_change('OLD', -1)} END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS casework_customer_answers_insert",
    "DROP TRIGGER IF EXISTS casework_customer_answers_update",
    "DROP TRIGGER IF EXISTS casework_customer_answers_delete",
]


def count_all(schema_editor):
    """Count every resident's answers afresh (the first count, and a recount), through anything
    that executes SQL: the migration's schema editor, or a cursor."""
    counted = " UNION ALL ".join(
        f"SELECT '{name}', {name}, count(*) FROM casework_customer GROUP BY {name}" for name in CHARACTERISTICS
    )
    schema_editor.execute(f"DELETE FROM {TABLE}")
    schema_editor.execute(f"INSERT INTO {TABLE} (characteristic, answer, residents) {counted}")


def create(apps, schema_editor):
    statements = [POSTGRESQL] if schema_editor.connection.vendor == "postgresql" else SQLITE
    for statement in statements:
        schema_editor.execute(statement)
    count_all(schema_editor)


def drop(apps, schema_editor):
    statements = [POSTGRESQL_DROP] if schema_editor.connection.vendor == "postgresql" else SQLITE_DROP
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0029_restriction_decided_at"),
    ]

    operations = [
        migrations.CreateModel(
            name="ResidentAnswerCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("characteristic", models.CharField(max_length=40)),
                ("answer", models.CharField(max_length=30)),
                ("residents", models.IntegerField(default=0)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("characteristic", "answer"), name="casework_resident_answer_once")
                ],
            },
        ),
        migrations.RunPython(create, drop),
    ]
