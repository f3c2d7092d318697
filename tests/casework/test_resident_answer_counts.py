"""The database keeps how many residents gave each equality answer (casework.models.ResidentAnswerCount)
however residents change, and the equality figures of all residents read those counts instead of
counting every resident."""

import datetime
import importlib
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casework import equality
from casework.models import Customer, ResidentAnswerCount
from casework.services import equality_monitoring
from casework.services.residents_import import import_residents
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def kept():
    return {(c.characteristic, c.answer): c.residents for c in ResidentAnswerCount.objects.all() if c.residents}


def counted():
    found = Counter()
    for resident in Customer.objects.values(*equality.FIELD_NAMES):
        found.update(resident.items())
    return dict(found)


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


def test_the_migration_counts_every_resident_afresh():
    CustomerFactory.create_batch(3, sex="female")
    ResidentAnswerCount.objects.update(residents=99)
    migration = importlib.import_module("casework.migrations.0030_resident_answer_counts")
    with connection.cursor() as cursor:  # what the migration's schema editor executes on
        migration.count_all(cursor)
    assert kept() == counted()


def test_the_figures_of_all_residents_read_the_counts_kept():
    CustomerFactory.create_batch(7, sex="female")
    CustomerFactory(sex="male")
    with CaptureQueriesContext(connection) as queries:
        restricted, population, figures = equality_monitoring.figures(
            datetime.date(2025, 4, 1), datetime.date(2026, 3, 31)
        )
    assert (restricted, population) == (0, 8)
    sex = {row.answer: row for row in dict(figures)["Sex"]}
    assert sex["Female"].population_shown == ("7", "88%")
    # Residents are read once, for those restricted; all of them only through the counts kept.
    reading_residents = [q["sql"] for q in queries.captured_queries if 'FROM "casework_customer"' in q["sql"]]
    assert len(queries) == 2 and len(reading_residents) == 1 and "EXISTS" in reading_residents[0]
