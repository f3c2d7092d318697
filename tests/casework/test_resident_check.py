"""Checking a resident before a call or a visit, at each layer of sight, and contractors who
see only that."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casework.models import RedFlag, ResidentCheck
from casework.services import flags
from home import roles
from tests.casework.factories import at_cxm
from tests.factories import CustomerFactory, UserFactory

NARRATIVE = "The resident shouted and swore on the phone"


@pytest.fixture
def dfoster(db):
    return UserFactory(
        username="dfoster", first_name="Dan", last_name="Foster", roles=[roles.CONTRACTORS], roles__staff=False
    )


@pytest.fixture
def flagged(org):
    """A resident with a red flag from a case, and the case's vulnerability details."""
    case = at_cxm(org, vulnerability="Has a heart condition.")
    flags.raise_flag(
        case.customer,
        org.rkaur,
        RedFlag.Kind.TWO_STAFF,
        "Visit in pairs; do not enter the home.",
        datetime.date.today() + datetime.timedelta(days=30),
        "yes",
        told_on=datetime.date.today(),
        case=case,
        contact_arrangements="Contact by email to the Income Team only.",
        safety_measures="Lone working alarm on visits.",
    )
    return case


def check(client, user, query):
    client.force_login(user)
    return client.get("/residents/check/", {"q": query})


def test_staff_see_what_to_do_the_arrangements_and_what_stays_open_but_not_the_case(org, client, flagged):
    page = check(client, org.mjones, flagged.customer.reference).content.decode()
    assert "Two staff for any visit" in page
    assert "Visit in pairs; do not enter the home." in page
    assert "Contact by email to the Income Team only." in page
    assert "Emergency and essential contact by phone" in page
    # A red flag without restrictions: what stays open is said of its arrangements.
    assert "Always open, whatever the arrangements:" in page and "whatever the restrictions" not in page
    for secret in [NARRATIVE, "heart condition", "Sara Ali", flagged.reference]:
        assert secret not in page, secret


def test_the_people_of_the_case_also_get_a_link_to_it(org, client, flagged):
    page = check(client, org.rkaur, flagged.customer.reference).content.decode()
    assert f"/cases/{flagged.pk}/" in page


def test_a_contractor_sees_only_the_kind_and_the_instruction(org, client, flagged, dfoster):
    response = check(client, dfoster, flagged.customer.address)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Two staff for any visit" in page and "Visit in pairs; do not enter the home." in page
    for hidden in ["Contact by email", "Lone working alarm", "Emergency and essential", NARRATIVE, "Sara Ali"]:
        assert hidden not in page, hidden
    # Told there are arrangements they do not see, and whom to ask.
    assert "ask the member of staff who gave you the job" in page


def test_a_contractor_is_denied_everything_else(org, client, flagged, dfoster):
    client.force_login(dfoster)
    for url in [
        f"/cases/{flagged.pk}/",
        "/cases/report/",
        "/cases/mine/",
        "/cases/all/",
        "/notifications/",
        "/search/?q=policy",
        "/policies-and-guidance/",
    ]:
        assert client.get(url).status_code == 404, url
    assert client.get("/").url == "/residents/check/"
    nav = client.get("/residents/check/").content.decode()
    assert "Check a resident" in nav and "Report behaviour" not in nav and "My reports" not in nav


def test_every_look_up_of_a_flagged_resident_is_logged_and_only_those(org, client, flagged):
    clear = CustomerFactory(name="Zoe Clearwater")
    check(client, org.mjones, flagged.customer.reference)
    check(client, org.mjones, "Clearwater")
    assert list(ResidentCheck.objects.values_list("user__username", "customer_id")) == [("mjones", flagged.customer_id)]
    assert not ResidentCheck.objects.filter(customer=clear).exists()


def test_a_resident_with_nothing_recorded_says_so(org, client):
    CustomerFactory(name="Zoe Clearwater")
    page = check(client, org.mjones, "clearwater").content.decode()
    assert "No red flag and no contact restrictions." in page


def test_bad_input_is_refused_with_a_reason(org, client):
    response = check(client, org.mjones, "x" * 201)
    assert response.status_code == 400
    assert "at most 200 characters" in response.content.decode()
    assert "at least 2 letters" in check(client, org.mjones, "a").content.decode()


def test_the_check_page_is_not_kept_by_the_browser(org, client, flagged):
    assert "no-store" in check(client, org.mjones, "anything")["Cache-Control"]


def test_the_check_costs_the_same_queries_with_more_residents_and_flags(org, client, flagged):
    client.force_login(org.mjones)

    def queries():
        client.get("/residents/check/", {"q": "Smith"})
        with CaptureQueriesContext(connection) as captured:
            client.get("/residents/check/", {"q": "Smith"})
        return len(captured)

    def more(count):
        for _ in range(count):
            customer = CustomerFactory(name="Pat Smith")
            flags.raise_flag(
                customer,
                org.rkaur,
                "verbal_abuse",
                "Keep calls short.",
                datetime.date.today() + datetime.timedelta(days=60),
                "yes",
                told_on=datetime.date.today(),
            )

    more(2)
    with_2 = queries()
    more(15)
    assert queries() == with_2


def test_the_case_page_and_the_queue_show_the_residents_flag(org, client, flagged):
    client.force_login(org.rkaur)
    page = client.get(f"/cases/{flagged.pk}/").content.decode()
    assert "Before you contact" in page and "Visit in pairs; do not enter the home." in page
    queue = client.get("/cases/awaiting-my-decision/").content.decode()
    assert ">Red flag</a>" in queue


def test_an_urgent_report_reaches_the_cxms_at_once_and_a_cxm_raises_an_interim_flag(org, client):
    from casework.models import Step
    from home.models import Notification
    from tests.casework.factories import submitted_case

    case = submitted_case(org.sali, immediate_risk=True)
    step = case.current_step
    assert step.kind == Step.Kind.LINE_MANAGER and step.due_date <= datetime.date.today() + datetime.timedelta(days=3)
    told = set(
        Notification.objects.filter(subject__contains="immediate risk").values_list("recipient__username", flat=True)
    )
    assert told == {"rkaur", "ebrown", "jclarke"}
    client.force_login(org.rkaur)
    assert "Raise a red flag" in client.get(f"/cases/{case.pk}/").content.decode()
    response = client.post(
        f"/cases/{case.pk}/flags/raise/",
        {
            "kind": "violence",
            "handling_instruction": "Do not visit alone.",
            "interim": "on",
            "resident_told": "not_yet",
            "not_told_reason": "Telling him may raise the risk.",
            "reconsider_on": (datetime.date.today() + datetime.timedelta(days=37)).isoformat(),
        },
    )
    assert response.status_code == 302
    flag = RedFlag.objects.get(case=case)
    assert flag.interim and flag.next_review_date > flag.start_date


def test_raising_a_flag_is_refused_with_the_reason_and_only_for_cxms_and_directors(org, client):
    case = at_cxm(org)
    client.force_login(org.rkaur)
    refused = {
        "kind": "violence",
        "handling_instruction": "Pairs.",
        "resident_told": "yes",
        "next_review_date": (datetime.date.today() + datetime.timedelta(days=60)).isoformat(),
    }
    response = client.post(f"/cases/{case.pk}/flags/raise/", refused)
    assert response.status_code == 400
    assert "Pairs." in response.content.decode()  # what was typed is kept
    assert "Give the date the resident was told." in response.content.decode()
    client.force_login(org.tnguyen)  # in the case, but a line manager
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Raise a red flag" not in page
    data = {
        "kind": "violence",
        "handling_instruction": "P.",
        "resident_told": "yes",
        "told_on": "2026-01-01",
        "next_review_date": (datetime.date.today() + datetime.timedelta(days=60)).isoformat(),
    }
    assert client.post(f"/cases/{case.pk}/flags/raise/", data).status_code == 400
    client.force_login(org.mjones)
    assert client.post(f"/cases/{case.pk}/flags/raise/", data).status_code == 404
    assert not RedFlag.objects.exists()


def test_a_search_that_finds_more_than_a_page_says_so_and_an_empty_one_asks_for_words(org, client):
    for number in range(22):
        CustomerFactory(name=f"Pat Many{number:02}")
    page = check(client, org.mjones, "Many").content.decode()
    assert "More than 20 residents found" in page and "the first 20 are shown" in page
    assert "Type at least 2 letters or numbers." in check(client, org.mjones, "").content.decode()
    assert "(optional)" not in page


def test_a_query_of_punctuation_only_asks_for_words_and_an_over_long_one_says_only_why(org, client):
    CustomerFactory(name="Pat Dotty", address="1 Dot Lane")
    for query in ["..", "a.", ".a", "1.", "-1", "p'"]:
        page = check(client, org.mjones, query).content.decode()
        assert "Type at least 2 letters or numbers." in page and "found for" not in page, query
    response = check(client, org.mjones, "a" * 201)
    page = response.content.decode()
    assert response.status_code == 400 and "at most 200 characters" in page
    assert "Type at least 2 letters or numbers." not in page


def test_the_report_forms_flagged_choice_is_described_by_its_flag(org, client, flagged):
    client.force_login(org.mjones)
    page = client.post("/cases/report/", {"action": "find", "customer_query": flagged.customer.reference}).content
    page = page.decode()
    assert 'aria-describedby="id_customer_0_status"' in page
    # The text within the note, not the note's own label, which would stand for all of it.
    assert '<div id="id_customer_0_status">' in page
    assert page.index('role="note"') < page.index('<div id="id_customer_0_status">')


def test_the_check_is_for_staff_and_contractors_only(org, client, dfoster):
    nobody = UserFactory(username="visitor", roles__staff=False)
    for user, expected in [(org.mjones, 200), (org.pshah, 200), (dfoster, 200), (nobody, 404)]:
        client.force_login(user)
        assert client.get("/residents/check/", {"q": "anyone"}).status_code == expected, user.username
    client.logout()
    assert client.get("/residents/check/")["Location"].startswith("/sign-in/")


def test_the_report_forms_resident_choices_carry_their_flag_and_the_look_up_is_logged(org, client, flagged):
    client.force_login(org.mjones)
    response = client.post("/cases/report/", {"action": "find", "customer_query": flagged.customer.reference})
    page = response.content.decode()
    assert response.status_code == 200
    assert f'aria-label="Red flag for {flagged.customer.name}"' in page
    assert "Visit in pairs; do not enter the home." in page
    for secret in [NARRATIVE, "heart condition", flagged.reference]:
        assert secret not in page, secret
    assert ResidentCheck.objects.filter(user=org.mjones, customer=flagged.customer).exists()


def test_the_report_forms_resident_choices_cost_the_same_queries_with_more_flagged_residents(org, client):
    client.force_login(org.mjones)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            client.post("/cases/report/", {"action": "find", "customer_query": "Smith"})
        return len(captured)

    def more(count):
        for _ in range(count):
            flags.raise_flag(
                CustomerFactory(name="Pat Smith"),
                org.rkaur,
                "verbal_abuse",
                "Keep calls short.",
                datetime.date.today() + datetime.timedelta(days=60),
                "yes",
                told_on=datetime.date.today(),
            )

    more(2)
    queries()
    with_2 = queries()
    more(15)
    assert queries() == with_2


def test_the_check_page_costs_the_same_queries_with_more_residents_flagged_from_cases(org, client):
    """Whether the person is in the chain of each case behind a flag is asked once for them all."""
    client.force_login(org.rkaur)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/residents/check/", {"q": "Smith"})
        assert response.status_code == 200
        return len(captured)

    def more(count):
        for _ in range(count):
            case = at_cxm(org, customer=CustomerFactory(name="Pat Smith"))
            flags.raise_flag(
                case.customer,
                org.rkaur,
                RedFlag.Kind.TWO_STAFF,
                "Visit in pairs.",
                datetime.date.today() + datetime.timedelta(days=60),
                "yes",
                told_on=datetime.date.today(),
                case=case,
            )

    more(2)
    queries()
    with_2 = queries()
    more(10)
    assert queries() == with_2
    page = client.get("/residents/check/", {"q": "Smith"}).content.decode()
    assert page.count("/cases/") >= 12  # rkaur is in each case's chain: each flag links to its case


def test_the_report_form_reads_the_residents_found_once(org, client, flagged):
    """Their radio buttons and their flags come from one read of the residents, and the search
    is not asked again whether it found anyone."""
    client.force_login(org.mjones)
    with CaptureQueriesContext(connection) as captured:
        response = client.post("/cases/report/", {"action": "find", "customer_query": flagged.customer.reference})
    assert response.status_code == 200 and flagged.customer.name in response.content.decode()
    customers = [q["sql"] for q in captured if 'FROM "casework_customer"' in q["sql"].split(" WHERE ")[0]]
    # The search, then the residents found: no second read, no check that any exist.
    assert len(customers) == 2, customers
    assert not any("DECLARE" in q["sql"] for q in captured)
