"""Breaches of a restriction (LHP 31): recorded by any member of staff from the check page or
the case page, shown in full only to the case's people, and three in 30 days (casework
settings) bring the review forward once."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from casework import permissions, services
from casework.models import Breach, CaseEvent, CaseworkSettings, RedFlag, Restriction
from casework.services import breaches, restrictions
from home import roles
from home.models import Notification
from tests.casework.factories import approved_on, closed_case
from tests.casework.letters import resident
from tests.factories import UserFactory

DAY = datetime.timedelta(days=1)


def in_force(org, started_days_ago=40, **kwargs):
    """Restrictions approved by pshah and in force from `started_days_ago`, with their red flag."""
    case = closed_case(org, customer=resident(), **kwargs)
    today = timezone.localdate()
    start = today - started_days_ago * DAY
    restriction = approved_on(case.restrictions.get(), start - 5 * DAY)
    return case, restrictions.bring_into_force(restriction, org.rkaur, start, start)


def edc():
    return UserFactory(
        username="kbaker", first_name="Kim", last_name="Baker", roles=[roles.EXECUTIVE_DIRECTOR_OF_CUSTOMERS]
    )


def record(org, restriction, by=None, days_ago=1, **kwargs):
    values = {"channel": "phone", "what_happened": "Rang the repairs line four times and shouted at the advisor."}
    values.update(kwargs)
    occurred_on = values.pop("occurred_on", timezone.localdate() - days_ago * DAY)
    return breaches.record_breach(restriction, by or org.mjones, occurred_on, **values)


def test_any_member_of_staff_records_a_breach_and_the_timeline_says_so(org):
    case, restriction = in_force(org)
    breach = record(
        org, restriction, documents=[SimpleUploadedFile("call.txt", b"Call note: shouting.", content_type="text/plain")]
    )
    assert breach.case == case and breach.recorded_by == org.mjones and breach.documents.count() == 1
    event = CaseEvent.objects.get(case=case, summary__startswith="Breach of the contact restrictions recorded")
    assert event.actor == org.mjones and "shouted at the advisor" in event.detail
    # Recording it gives mjones nothing of the case.
    assert not permissions.has_chain_access(org.mjones, case)
    assert not permissions.can_see_breaches(org.mjones, case)


def test_a_breach_gives_the_case_to_the_executive_director_of_customers(org):
    kbaker = edc()
    case, restriction = in_force(org)
    assert not permissions.has_chain_access(kbaker, case)
    record(org, restriction)
    assert permissions.has_chain_access(kbaker, case)


def test_on_a_sensitive_case_the_executive_director_is_not_added_by_a_breach(org):
    kbaker = edc()
    case, restriction = in_force(org)
    services.mark_sensitive(case, org.rkaur, [org.rkaur])
    record(org, restriction)
    assert Breach.objects.count() == 1
    assert not permissions.has_chain_access(kbaker, case)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"occurred_on": "tomorrow"}, "occurred_on"),
        ({"occurred_on": "before it started"}, "occurred_on"),
        ({"occurred_on": None}, "occurred_on"),
        ({"channel": "pigeon"}, "channel"),
        ({"what_happened": "   "}, "what_happened"),
        ({"documents": [SimpleUploadedFile("evil.pdf", b"MZ not a pdf", content_type="application/pdf")]}, "document"),
    ],
)
def test_bad_breaches_are_refused_naming_the_field_and_nothing_is_saved(org, change, field):
    case, restriction = in_force(org, started_days_ago=10)
    today = timezone.localdate()
    dates = {"tomorrow": today + DAY, "before it started": restriction.start_date - DAY}
    if "occurred_on" in change:
        change = {"occurred_on": dates.get(change["occurred_on"])}
    with pytest.raises(services.CaseworkError) as refused:
        record(org, restriction, **change)
    assert refused.value.field == field
    assert not Breach.objects.exists()
    assert not CaseEvent.objects.filter(summary__startswith="Breach").exists()


def test_the_first_day_of_an_approved_restriction_is_its_approval(org):
    case = closed_case(org, customer=resident())
    today = timezone.localdate()
    restriction = approved_on(case.restrictions.get(), today - 3 * DAY)
    with pytest.raises(services.CaseworkError, match="when the restrictions were approved"):
        record(org, restriction, days_ago=4)
    assert record(org, restriction, days_ago=3).occurred_on == today - 3 * DAY


def test_the_day_it_started_counts_and_a_lapsed_restriction_takes_no_breach(org):
    _, restriction = in_force(org, started_days_ago=10)
    assert record(org, restriction, days_ago=10)
    Restriction.objects.filter(pk=restriction.pk).update(state=Restriction.State.LAPSED)
    restriction.refresh_from_db()
    with pytest.raises(services.CaseworkError, match="current"):
        record(org, restriction)
    assert Breach.objects.count() == 1


def test_contractors_do_not_record_breaches(org):
    contractor = UserFactory(roles=[roles.CONTRACTORS], roles__staff=False)
    _, restriction = in_force(org)
    with pytest.raises(services.NotAllowed):
        record(org, restriction, by=contractor)
    assert not Breach.objects.exists()


# --- Early review ----------------------------------------------------------------------------


def early_notices(case):
    return Notification.objects.filter(subject=f"Early review: breaches of the restrictions (case {case.reference})")


def test_three_breaches_in_30_days_bring_the_review_forward_once(org):
    kbaker = edc()
    case, restriction = in_force(org)
    today = timezone.localdate()
    first_review = restriction.next_review_date
    assert first_review > today
    record(org, restriction, days_ago=20)
    record(org, restriction, days_ago=5)
    restriction.refresh_from_db()
    assert restriction.next_review_date == first_review and not early_notices(case).exists()
    record(org, restriction, days_ago=1)
    restriction.refresh_from_db()
    assert restriction.next_review_date == today
    assert RedFlag.objects.get(restriction=restriction).next_review_date == today
    event = CaseEvent.objects.get(case=case, summary="Early review prompted by breaches")
    assert "3 breaches of the contact restrictions within 30 days" in event.detail
    told = set(early_notices(case).values_list("recipient__username", flat=True))
    # The case's CXM (rkaur brought it into force, ebrown had the CXM step) and the EDC; not the director.
    assert told == {"rkaur", "ebrown", "kbaker"}
    assert all(case.customer.name not in body for body in early_notices(case).values_list("body", flat=True))
    # A fourth and a fifth breach are part of the same run: nobody is told again.
    record(org, restriction, days_ago=0)
    record(org, restriction, days_ago=0)
    assert early_notices(case).count() == 3
    assert CaseEvent.objects.filter(case=case, summary="Early review prompted by breaches").count() == 1
    # A sixth makes three since the last prompt: the threshold is reached again.
    record(org, restriction, days_ago=0)
    assert early_notices(case).count() == 6
    assert kbaker.pk in permissions.users_with_case_access(case).values_list("pk", flat=True)


def test_breaches_spread_over_more_than_the_window_do_not_prompt(org):
    case, restriction = in_force(org, started_days_ago=80)
    for days_ago in (70, 40, 10):
        record(org, restriction, days_ago=days_ago)
    restriction.refresh_from_db()
    assert restriction.next_review_date > timezone.localdate()
    assert not early_notices(case).exists()


def test_the_threshold_and_the_window_are_casework_settings(org):
    settings = CaseworkSettings.load()
    settings.breach_review_threshold, settings.breach_review_window_days = 2, 90
    settings.save()
    case, restriction = in_force(org, started_days_ago=85)
    record(org, restriction, days_ago=80)
    record(org, restriction, days_ago=2)
    restriction.refresh_from_db()
    assert restriction.next_review_date == timezone.localdate()
    assert early_notices(case).exists()


def test_a_review_already_due_is_not_put_later(org):
    case, restriction = in_force(org)
    earlier = timezone.localdate() - 2 * DAY
    Restriction.objects.filter(pk=restriction.pk).update(next_review_date=earlier)
    restriction.refresh_from_db()
    for _ in range(3):
        record(org, restriction)
    restriction.refresh_from_db()
    assert restriction.next_review_date == earlier
    assert early_notices(case).exists()


def test_on_a_sensitive_case_only_its_named_people_are_told(org):
    case, restriction = in_force(org)
    services.mark_sensitive(case, org.rkaur, [org.rkaur])
    for _ in range(3):
        record(org, restriction)
    assert set(early_notices(case).values_list("recipient__username", flat=True)) == {"rkaur"}


# --- Pages ---------------------------------------------------------------------------------


def test_mjones_records_a_breach_from_the_check_page_and_sees_only_the_count_and_dates(org, client):
    case, restriction = in_force(org)
    other = record(org, restriction, by=org.rkaur, days_ago=6, what_happened="Emailed the chief executive 30 times.")
    client.force_login(org.mjones)
    page = client.get("/residents/check/", {"q": case.customer.reference}).content.decode()
    url = f"/residents/restrictions/{restriction.pk}/breach/"
    assert url in page and "Breaches recorded:</strong> 1" in page
    assert "chief executive" not in page
    form = client.get(url).content.decode()
    assert case.reference not in form and "chief executive" not in form
    yesterday = timezone.localdate() - DAY
    response = client.post(
        url,
        {
            "occurred_on": yesterday.isoformat(),
            "channel": "in_person",
            "what_happened": "Came to the office and shouted at reception.",
            "documents": [
                SimpleUploadedFile("note.txt", b"Reception note.", content_type="text/plain"),
                SimpleUploadedFile("photo.txt", b"Second note.", content_type="text/plain"),
            ],
        },
    )
    assert response.status_code == 302 and response["Location"].startswith("/residents/check/")
    breach = Breach.objects.exclude(pk=other.pk).get()
    assert breach.recorded_by == org.mjones and breach.documents.count() == 2
    page = client.get(response["Location"]).content.decode()
    assert "The breach on" in page and case.reference not in page
    assert "Breaches recorded:</strong> 2" in page and "(recorded by you)" in page
    assert "shouted at reception" not in page and "chief executive" not in page
    # The case, its breaches and their evidence stay closed to her.
    document = breach.documents.first()
    for denied in [
        f"/cases/{case.pk}/",
        f"/cases/{case.pk}/breaches/{breach.pk}/documents/{document.pk}/",
        f"/cases/{case.pk}/restrictions/{restriction.pk}/breach/",
        f"/cases/{case.pk}/restrictions/{restriction.pk}/refuse-all-contact/",
    ]:
        assert client.get(denied).status_code == 404, denied


def test_a_bad_breach_form_names_every_field_and_keeps_what_was_typed(org, client):
    _, restriction = in_force(org)
    client.force_login(org.mjones)
    tomorrow = timezone.localdate() + DAY
    response = client.post(
        f"/residents/restrictions/{restriction.pk}/breach/",
        {"occurred_on": tomorrow.isoformat(), "what_happened": "Kept words."},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Kept words." in page
    assert "cannot be in the future" in page and 'href="#id_occurred_on"' in page
    assert 'href="#id_channel' in page
    assert not Breach.objects.exists()


def test_the_case_page_shows_the_breaches_in_full_to_the_cases_people(org, client, django_assert_max_num_queries):
    case, restriction = in_force(org)
    breach = record(
        org, restriction, documents=[SimpleUploadedFile("call.txt", b"Call note.", content_type="text/plain")]
    )
    client.force_login(org.rkaur)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Breaches (1)" in page and "shouted at the advisor" in page and "Mark Jones" in page
    document = breach.documents.get()
    download = client.get(f"/cases/{case.pk}/breaches/{breach.pk}/documents/{document.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"Call note."
    # Not the EDC's link for a CXM.
    assert "refuse-all-contact" not in page
    # Recorded from the case page, it comes back to the restriction.
    response = client.post(
        f"/cases/{case.pk}/restrictions/{restriction.pk}/breach/",
        {"occurred_on": timezone.localdate().isoformat(), "channel": "email", "what_happened": "Twelve emails."},
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#breaches-{restriction.pk}")
    # The page's queries do not grow with the breaches.
    with django_assert_max_num_queries(200) as counted:
        client.get(f"/cases/{case.pk}/")
    for _ in range(5):
        record(org, restriction)
    with django_assert_max_num_queries(len(counted.captured_queries)):
        client.get(f"/cases/{case.pk}/")


def test_the_reporter_and_contractors_see_no_breach(org, client):
    contractor = UserFactory(username="dfoster", roles=[roles.CONTRACTORS], roles__staff=False)
    case, restriction = in_force(org)
    record(org, restriction)
    client.force_login(org.sali)
    assert "shouted at the advisor" not in client.get(f"/cases/{case.pk}/").content.decode()
    assert client.get(f"/cases/{case.pk}/restrictions/{restriction.pk}/breach/").status_code == 404
    client.force_login(contractor)
    page = client.get("/residents/check/", {"q": case.customer.reference}).content.decode()
    assert "Breaches recorded" not in page and "/breach/" not in page
    assert client.get(f"/residents/restrictions/{restriction.pk}/breach/").status_code == 404


# --- The register ------------------------------------------------------------------------------


def test_the_register_and_its_exports_count_each_restrictions_breaches(org, client):
    import csv
    import io

    from casework.services import register, register_exports

    case, restriction = in_force(org)
    record(org, restriction)
    record(org, restriction)
    found = register.rows(register.entries(org.jclarke, register.RegisterFilter()), org.jclarke)
    by_kind = {row.kind: row for row in found}
    assert by_kind["restriction"].breaches == 2 and by_kind["red_flag"].breaches == 0
    lines = list(csv.reader(io.StringIO(register_exports.register_csv(org.jclarke, register.RegisterFilter()))))
    assert lines[0][-1] == "Breaches"
    assert {(line[0], line[-1]) for line in lines[1:]} == {("Restriction", "2"), ("Red flag", "")}
    client.force_login(org.jclarke)
    page = client.get("/cases/register/").content.decode()
    assert '<th scope="col">Breaches</th>' in page and "<td>2</td>" in page


# --- At the same moment (PostgreSQL) -----------------------------------------------------------


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_breaches_recorded_at_the_same_moment_prompt_one_early_review(org):
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL): SQLite cannot record breaches in parallel")
    case, restriction = in_force(org)
    record(org, restriction, days_ago=3)
    recorders = [org.mjones, org.sali, org.gevans]
    barrier = threading.Barrier(len(recorders))
    outcomes, lock = [], threading.Lock()

    def go(user):
        try:
            barrier.wait()
            record(org, restriction, by=user)
            result = "recorded"
        except Exception as error:  # noqa: BLE001 - any failure is reported below
            result = f"unexpected {type(error).__name__}: {error}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=go, args=(user,)) for user in recorders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes == ["recorded"] * 3, outcomes
    assert Breach.objects.count() == 4
    assert Breach.objects.filter(prompted_early_review=True).count() == 1
    assert CaseEvent.objects.filter(case=case, summary="Early review prompted by breaches").count() == 1


def test_breaches_of_restrictions_not_yet_in_force_ask_for_a_review_once_they_are(org):
    case = closed_case(org, customer=resident())
    restriction = approved_on(case.restrictions.get(), timezone.localdate() - 10 * DAY)
    for _ in range(3):
        record(org, restriction)
    restriction.refresh_from_db()
    assert restriction.state == Restriction.State.APPROVED and restriction.next_review_date is None
    event = CaseEvent.objects.get(case=case, summary="Early review prompted by breaches")
    assert "not in force yet" in event.detail
    assert early_notices(case).exists()


def test_the_check_page_costs_the_same_queries_whatever_the_breaches(org, client, django_assert_max_num_queries):
    kbaker = edc()
    case, restriction = in_force(org)
    record(org, restriction)
    client.force_login(org.gevans)
    with django_assert_max_num_queries(100) as counted:
        client.get("/residents/check/", {"q": case.customer.reference})
    for _ in range(4):
        record(org, restriction)
    breaches.refuse_all_contact(restriction, kbaker, "Breaches continued.")
    with django_assert_max_num_queries(len(counted.captured_queries)):
        page = client.get("/residents/check/", {"q": case.customer.reference}).content.decode()
    assert "Breaches recorded:</strong> 5" in page and "All contact refused" in page
