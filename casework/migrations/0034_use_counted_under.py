"""What each use of the policy (a warning's decision, a restriction, a red flag) is counted under
in the report to the Board, kept on the use itself by PostgreSQL (casework.models.case.
counted_under_field): the report's counts then read the uses alone. Reading each use's case, its
reporter and their team took most of the report's time at tens of thousands of uses.

Triggers keep it whenever a use is written with its case, a case's categories, channels,
sensitivity or reporter change, a member of staff's profile (their team) is added, changed or
removed, or a team is renamed; and when a case or a team is added, for uses written before it
(`loaddata` of a file that lists them first). Two transactions at the same instant (a use written
while its case changes) can still leave one use counted under what its case was: a daily task
puts those right (casework.services.board_uses.recount_uses). PostgreSQL only, as the residents'
answer counts of 0030: SQLite's table rebuilds would drop triggers unseen, and there the report
reads the cases."""

from django.db import migrations, models

USES = ["casework_decision", "casework_restriction", "casework_redflag"]


def _recount(joins, condition):
    """PostgreSQL: what each kind of use is counted under, worked out again for the uses whose case
    (`c`, through `joins`) meets `condition`."""
    return "\n".join(
        f"UPDATE {table} u SET counted_under = casework_counted_under(u.case_id) "
        f"FROM casework_case c {joins} WHERE c.id = u.case_id AND {condition};"
        for table in USES
    )


KEPT_ON_EACH_USE = "\n".join(
    f"CREATE TRIGGER {table}_counted_under BEFORE INSERT OR UPDATE OF case_id, counted_under ON {table} "
    "FOR EACH ROW EXECUTE FUNCTION casework_use_counted_under();"
    for table in USES
)

POSTGRESQL = f"""
CREATE FUNCTION casework_counted_under(the_case bigint) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'categories', c.categories, 'channels', c.channels, 'sensitive', c.sensitive, 'team', t.name
    )::text
    FROM casework_case c
    LEFT JOIN home_staffprofile p ON p.user_id = c.reporter_id
    LEFT JOIN home_team t ON t.id = p.team_id
    WHERE c.id = the_case
$$;
CREATE FUNCTION casework_use_counted_under() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.counted_under := casework_counted_under(NEW.case_id);
    RETURN NEW;
END
$$;
CREATE FUNCTION casework_recount_reporter(reporter integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    {_recount("", "c.reporter_id = reporter")}
END
$$;
CREATE FUNCTION casework_case_counted_under() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {_recount("", "c.id = NEW.id")}
    RETURN NULL;
END
$$;
CREATE FUNCTION casework_profile_counted_under() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM casework_recount_reporter(OLD.user_id);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.user_id <> OLD.user_id) THEN
        PERFORM casework_recount_reporter(NEW.user_id);
    END IF;
    RETURN NULL;
END
$$;
CREATE FUNCTION casework_team_counted_under() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {_recount("JOIN home_staffprofile p ON p.user_id = c.reporter_id", "p.team_id = NEW.id")}
    RETURN NULL;
END
$$;
{KEPT_ON_EACH_USE}
CREATE TRIGGER casework_case_added_counted_under AFTER INSERT ON casework_case
    FOR EACH ROW EXECUTE FUNCTION casework_case_counted_under();
CREATE TRIGGER casework_case_counted_under AFTER UPDATE ON casework_case FOR EACH ROW
    WHEN (OLD.categories IS DISTINCT FROM NEW.categories OR OLD.channels IS DISTINCT FROM NEW.channels
        OR OLD.sensitive IS DISTINCT FROM NEW.sensitive OR OLD.reporter_id IS DISTINCT FROM NEW.reporter_id)
    EXECUTE FUNCTION casework_case_counted_under();
CREATE TRIGGER home_staffprofile_counted_under AFTER INSERT OR DELETE ON home_staffprofile
    FOR EACH ROW EXECUTE FUNCTION casework_profile_counted_under();
CREATE TRIGGER home_staffprofile_team_counted_under AFTER UPDATE ON home_staffprofile FOR EACH ROW
    WHEN (OLD.team_id IS DISTINCT FROM NEW.team_id OR OLD.user_id IS DISTINCT FROM NEW.user_id)
    EXECUTE FUNCTION casework_profile_counted_under();
CREATE TRIGGER home_team_added_counted_under AFTER INSERT ON home_team
    FOR EACH ROW EXECUTE FUNCTION casework_team_counted_under();
CREATE TRIGGER home_team_counted_under AFTER UPDATE ON home_team FOR EACH ROW
    WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION casework_team_counted_under();
"""

POSTGRESQL_DROP = f"""
{"".join(f"DROP TRIGGER IF EXISTS {table}_counted_under ON {table};" for table in USES)}
DROP TRIGGER IF EXISTS casework_case_added_counted_under ON casework_case;
DROP TRIGGER IF EXISTS casework_case_counted_under ON casework_case;
DROP TRIGGER IF EXISTS home_staffprofile_counted_under ON home_staffprofile;
DROP TRIGGER IF EXISTS home_staffprofile_team_counted_under ON home_staffprofile;
DROP TRIGGER IF EXISTS home_team_added_counted_under ON home_team;
DROP TRIGGER IF EXISTS home_team_counted_under ON home_team;
DROP FUNCTION IF EXISTS casework_team_counted_under();
DROP FUNCTION IF EXISTS casework_profile_counted_under();
DROP FUNCTION IF EXISTS casework_case_counted_under();
DROP FUNCTION IF EXISTS casework_recount_reporter(integer);
DROP FUNCTION IF EXISTS casework_use_counted_under();
DROP FUNCTION IF EXISTS casework_counted_under(bigint);
"""


def count_all(schema_editor):
    """Work out what every use is counted under afresh (the first time, and again), through
    anything that executes SQL: the migration's schema editor, or a cursor."""
    for table in USES:
        schema_editor.execute(f"UPDATE {table} SET counted_under = casework_counted_under(case_id)")


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL)
        count_all(schema_editor)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0033_case_draft_token"),
        ("home", "0006_notification_listed_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="decision",
            name="counted_under",
            field=models.TextField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="redflag",
            name="counted_under",
            field=models.TextField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="restriction",
            name="counted_under",
            field=models.TextField(editable=False, null=True),
        ),
        migrations.RunPython(create, drop),
    ]
