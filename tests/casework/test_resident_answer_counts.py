"""On PostgreSQL the database keeps how many residents gave each equality answer
(`casework_residentanswercount`, migration 0030) however residents change, and the equality figures of all
residents read those counts instead of counting every resident; SQLite counts them."""

import datetime
import importlib
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casework import equality
from casework.models import Customer
from casework.services import equality_monitoring
from casework.services.residents_import import import_residents
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="the counts are kept on PostgreSQL only"
)
YEAR = (datetime.date(2025, 4, 1), datetime.date(2026, 3, 31))


def kept():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT characteristic, answer, residents FROM casework_residentanswercount WHERE residents <> 0"
        )
        return {(characteristic, answer): residents for characteristic, answer, residents in cursor.fetchall()}


def counted():
    found = Counter()
    for resident in Customer.objects.values(*equality.FIELD_NAMES):
        found.update(resident.items())
    return dict(found)


@postgresql_only
def test_the_counts_follow_every_way_residents_change():
    first = CustomerFactory(sex="female", ethnicity="white")
    assert kept() == counted()
    Customer.objects.bulk_create(
        Customer(reference=f"C20000{n}", name=f"Resident {n}", address="1 Mill Road", postcode="SW9 7AA", sex="male")
        for n in range(4)
    )
    assert kept() == counted()
    first.sex = "male"
    first.save()
    assert kept() == counted()
    Customer.objects.filter(sex="male").update(religion_belief="none", age_band="25_34")
    Customer.objects.filter(pk=first.pk).update(name="Renamed")  # no answer changed
    assert kept() == counted()
    import_residents(f"reference,name,sex\n{first.reference},Renamed,prefer_not_to_say\nC300001,New Resident,female\n")
    assert Customer.objects.count() == 6 and kept() == counted()
    Customer.objects.filter(reference__in=["C200001", "C200002"]).delete()
    first.delete()
    assert kept() == counted()
    assert kept()[("sex", "male")] == 2 and kept()[("sex", "female")] == 1
    with connection.cursor() as cursor:  # as a flush of the database does
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # what this test's own writes left to check
        cursor.execute("TRUNCATE casework_customer CASCADE")
    assert kept() == counted() == {}


@postgresql_only
def test_a_dump_leaves_the_counts_out_and_loading_residents_counts_them(tmp_path):
    CustomerFactory.create_batch(3, sex="female")
    dump = io.StringIO()
    call_command("dumpdata", "casework", stdout=dump)
    assert "residentanswercount" not in dump.getvalue()
    Customer.objects.all().delete()
    name = tmp_path / "residents.json"
    name.write_text(dump.getvalue())
    call_command("loaddata", str(name), verbosity=0)
    assert Customer.objects.count() == 3 and kept() == counted()


@postgresql_only
def test_the_migration_counts_every_resident_afresh():
    CustomerFactory.create_batch(3, sex="female")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE casework_residentanswercount SET residents = 99")
    migration = importlib.import_module("casework.migrations.0030_resident_answer_counts")
    with connection.cursor() as cursor:  # what the migration's schema editor executes on
        migration.count_all(cursor)
    assert kept() == counted()


def test_the_figures_of_all_residents_read_the_counts_kept():
    CustomerFactory.create_batch(7, sex="female")
    CustomerFactory(sex="male")
    with CaptureQueriesContext(connection) as queries:
        restricted, population, figures = equality_monitoring.figures(*YEAR)
    assert (restricted, population) == (0, 8)
    sex = {row.answer: row for row in dict(figures)["Sex"]}
    assert sex["Female"].population_shown == ("7", "88%")
    reading_residents = [q["sql"] for q in queries.captured_queries if 'FROM "casework_customer"' in q["sql"]]
    if connection.vendor == "postgresql":
        # Residents are read once, for those restricted; all of them only through the counts kept.
        assert len(queries) == 2 and len(reading_residents) == 1 and "EXISTS" in reading_residents[0]
    else:
        assert len(queries) == 2 and len(reading_residents) == 2
