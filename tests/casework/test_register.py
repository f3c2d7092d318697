"""The register: every warning, restriction and red flag one row each; filters, sorting, the
search by resident, redaction of sensitive cases, exports (formula-safe, logged), and who may
open it."""

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from casework import services
from casework.models import ExportLogEntry, RedFlag, Restriction
from casework.services import register, restrictions
from home import roles
from tests.casework.factories import approved_on
from tests.casework.register_factories import flag_only, register_entries
from tests.factories import CustomerFactory, TeamFactory, UserFactory

TODAY = datetime.date.today()


@pytest.fixture
def register_data(org):
    return register_entries(org)


def kinds_and_residents(user, **filters):
    found = register.rows(register.entries(user, register.RegisterFilter(**filters)), user)
    return sorted((row.kind, row.resident) for row in found)


def test_every_warning_restriction_and_flag_is_one_row(org, register_data):
    assert kinds_and_residents(org.jclarke) == [
        ("red_flag", "Farah Adeyemi"),
        ("red_flag", "Yusuf Barker"),
        ("restriction", "Ian Reid"),
        ("restriction", "Yusuf Barker"),
        ("warning", "Lena Jackson"),
    ]


def test_each_row_has_its_dates_state_and_decider(org, register_data):
    found = {
        (row.kind, row.resident): row
        for row in register.rows(register.entries(org.jclarke, register.RegisterFilter()), org.jclarke)
    }
    overdue = found[("restriction", "Yusuf Barker")]
    restriction = register_data["overdue"]
    assert overdue.case_reference == restriction.case.reference
    assert overdue.resident_reference == "C100007"
    assert overdue.what == "One channel of contact only; Contact with a named colleague or team only"
    assert overdue.decided_by == "Priya Shah"
    assert (overdue.start_date, overdue.end_date) == (restriction.start_date, restriction.end_date)
    assert overdue.next_review_date == restriction.next_review_date < TODAY
    assert overdue.state_label == "In force" and overdue.review_overdue
    approved = found[("restriction", "Ian Reid")]
    assert approved.state_label == "Approved, not yet in force" and approved.start_date is None
    assert not approved.review_overdue
    warned = found[("warning", "Lena Jackson")]
    assert (warned.state_label, warned.decided_by, warned.what) == ("Warning approved", "Priya Shah", "")
    farah = found[("red_flag", "Farah Adeyemi")]
    assert (farah.what, farah.decided_by, farah.case_id, farah.state_label) == (
        "Two staff for any visit",
        "Emma Brown",
        None,
        "In force",
    )


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"kind": "warning"}, [("warning", "Lena Jackson")]),
        ({"kind": "red_flag"}, [("red_flag", "Farah Adeyemi"), ("red_flag", "Yusuf Barker")]),
        (
            {"state": "in_force"},
            [("red_flag", "Farah Adeyemi"), ("red_flag", "Yusuf Barker"), ("restriction", "Yusuf Barker")],
        ),
        ({"state": "approved"}, [("restriction", "Ian Reid")]),
        ({"state": "warning_approved"}, [("warning", "Lena Jackson")]),
        ({"state": "lapsed"}, []),
        ({"restriction_type": "one_channel"}, [("restriction", "Ian Reid"), ("restriction", "Yusuf Barker")]),
        ({"restriction_type": "office_ban"}, []),
        ({"review_overdue": True}, [("restriction", "Yusuf Barker")]),
        ({"query": "barker YUSUF"}, [("red_flag", "Yusuf Barker"), ("restriction", "Yusuf Barker")]),
        ({"query": "C100040"}, [("red_flag", "Farah Adeyemi")]),
        ({"kind": "warning", "state": "in_force"}, []),
    ],
)
def test_filters(org, register_data, filters, expected):
    assert kinds_and_residents(org.jclarke, **filters) == expected


def test_filter_by_the_reporters_team_and_by_the_dates_decided(org, register_data):
    team = TeamFactory(name="Income")
    org.sali.staff_profile.team = team
    org.sali.staff_profile.save()
    # Every case here was reported by sali; the flag on its own has no case, so no team.
    assert len(kinds_and_residents(org.jclarke, team_id=team.pk)) == 4
    long_ago = TODAY - datetime.timedelta(days=400)
    approved_on(register_data["overdue"], long_ago)
    assert kinds_and_residents(org.jclarke, decided_from=long_ago, decided_to=long_ago) == [
        ("restriction", "Yusuf Barker")
    ]
    assert ("restriction", "Yusuf Barker") not in kinds_and_residents(org.jclarke, decided_from=TODAY)


def test_sorting(org, register_data):
    def order(sort):
        return [
            (row.kind, row.resident)
            for row in register.rows(register.entries(org.jclarke, register.RegisterFilter(sort=sort)), org.jclarke)
        ]

    names = [resident for _, resident in order("resident")]
    assert names == sorted(names)
    assert [resident for _, resident in order("-resident")] == sorted(names, reverse=True)
    by_review = register.rows(register.entries(org.jclarke, register.RegisterFilter(sort="review")), org.jclarke)
    dates = [row.next_review_date for row in by_review]
    known = [d for d in dates if d]
    assert dates[: len(known)] == sorted(known) and not any(dates[len(known) :])
    newest = order("-decided")
    assert newest[0] == ("red_flag", "Farah Adeyemi") and order("decided") == newest[::-1]


def test_a_sensitive_case_is_counted_not_identified_for_anyone_not_named_on_it(org, register_data):
    case = register_data["approved"].case
    services.mark_sensitive(case, org.rkaur, [org.rkaur])
    everything = register.RegisterFilter()
    assert ("restriction", "Ian Reid") not in kinds_and_residents(org.pshah)
    assert register.redacted_count(org.pshah, everything) == 1
    assert ("restriction", "Ian Reid") in kinds_and_residents(org.rkaur)
    assert register.redacted_count(org.rkaur, everything) == 0
    # A search by name does not change the count: it would say whom the hidden entry is about.
    assert kinds_and_residents(org.pshah, query="Ian Reid") == []
    assert register.redacted_count(org.pshah, register.RegisterFilter(query="Ian Reid")) == 1
    assert register.redacted_count(org.pshah, register.RegisterFilter(kind="warning")) == 0


# --- The page -------------------------------------------------------------------------


def test_the_page_lists_filters_and_pages(org, client, register_data):
    client.force_login(org.jclarke)
    response = client.get("/cases/register/")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("no-store") or "no-store" in response["Cache-Control"]
    text = response.content.decode()
    assert "5 entries" in text and "Lena Jackson" in text and "Farah Adeyemi" in text
    response = client.get("/cases/register/", {"kind": "restriction", "review_overdue": "on"})
    text = response.content.decode()
    assert "1 entry found" in text and "Yusuf Barker" in text and "Lena Jackson" not in text
    assert "Overdue" in text
    assert "register.csv?kind=restriction&amp;review_overdue=on" in text


def test_the_page_links_a_case_only_for_its_people(org, client, register_data):
    reference = register_data["overdue"].case.reference
    client.force_login(org.rkaur)
    assert f">{reference}</a>" in client.get("/cases/register/").content.decode()
    client.force_login(org.jclarke)
    text = client.get("/cases/register/").content.decode()
    assert reference in text and f">{reference}</a>" not in text


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"decided_from": "not a date", "q": "Barker"}, "Enter a valid date."),
        (
            {"decided_from": "2026-05-01", "decided_to": "2026-04-01"},
            "The end of the period must be on or after its start.",
        ),
        ({"kind": "everything"}, "Select a valid choice."),
        ({"q": "x" * 201}, "Ensure this value has at most 200 characters"),
    ],
)
def test_a_bad_filter_says_why_and_keeps_what_was_typed(org, client, params, message):
    client.force_login(org.jclarke)
    for url in ["/cases/register/", "/cases/register/register.csv", "/cases/register/register.xlsx"]:
        response = client.get(url, params)
        assert response.status_code == 400, url
        text = response.content.decode()
        assert "There is a problem" in text and message in text
        if "q" in params and len(params["q"]) < 200:
            assert 'value="Barker"' in text
    assert not ExportLogEntry.objects.exists()


def test_a_page_number_out_of_range_shows_the_last_page(org, client, register_data):
    client.force_login(org.jclarke)
    assert client.get("/cases/register/", {"page": "999"}).status_code == 200
    assert client.get("/cases/register/", {"page": "x"}).status_code == 200


def test_the_navigation_shows_the_register_to_its_readers_only(org, client):
    for person, shown in [
        (org.jclarke, True),
        (org.rkaur, True),
        (org.pshah, True),
        (org.tnguyen, False),
        (org.sali, False),
    ]:
        client.force_login(person)
        assert ('href="/cases/register/"' in client.get("/cases/mine/").content.decode()) == shown, person.username


@pytest.mark.parametrize("username", ["tnguyen", "sali", "gevans", "dfoster"])
def test_everyone_else_gets_404(org, client, username):
    if username == "dfoster":
        UserFactory(username="dfoster", roles=[roles.CONTRACTORS], roles__staff=False)
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=username))
    for url in ["/cases/register/", "/cases/register/register.csv", "/cases/register/register.xlsx"]:
        assert client.get(url).status_code == 404, url
    assert not ExportLogEntry.objects.exists()


# --- Exports --------------------------------------------------------------------------


def test_the_csv_holds_exactly_the_filtered_rows_and_is_logged(org, client, register_data):
    client.force_login(org.pshah)
    response = client.get("/cases/register/register.csv", {"state": "in_force", "sort": "resident"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"] and ".csv" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    table = list(csv.reader(io.StringIO(response.content.decode())))
    assert table[0][:3] == ["Kind", "Resident", "Customer reference"]
    assert [(line[0], line[1]) for line in table[1:]] == [
        ("Red flag", "Farah Adeyemi"),
        ("Restriction", "Yusuf Barker"),
        ("Red flag", "Yusuf Barker"),
    ] or [(line[0], line[1]) for line in table[1:]] == [
        ("Red flag", "Farah Adeyemi"),
        ("Red flag", "Yusuf Barker"),
        ("Restriction", "Yusuf Barker"),
    ]
    entry = ExportLogEntry.objects.get()
    assert (entry.user, entry.export, entry.rows) == (org.pshah, "Register (CSV)", 3)
    assert "state: In force" in entry.parameters and "resident, a to z" in entry.parameters


def test_exports_escape_formulas(org, client):
    evil = CustomerFactory(name='=HYPERLINK("http://evil.example","Click")', reference="+C1")
    flag_only(org, evil)
    client.force_login(org.jclarke)
    table = list(csv.reader(io.StringIO(client.get("/cases/register/register.csv").content.decode())))
    assert table[1][1] == '\'=HYPERLINK("http://evil.example","Click")'
    assert table[1][2] == "'+C1"
    workbook = load_workbook(io.BytesIO(client.get("/cases/register/register.xlsx").content))
    sheet = workbook["Register"]
    assert sheet["B2"].value == '\'=HYPERLINK("http://evil.example","Click")'
    assert sheet["B2"].data_type == "s" and sheet["C2"].value == "'+C1"
    assert list(ExportLogEntry.objects.order_by("pk").values_list("export", "rows")) == [
        ("Register (CSV)", 1),
        ("Register (Excel)", 1),
    ]


def test_a_control_character_before_a_formula_does_not_uncover_it(org, client):
    # A name a person may edit themselves (the decider's), with a character a workbook cannot hold.
    org.ebrown.first_name, org.ebrown.last_name = '\x01=HYPERLINK("http://evil.example/","Ravi Kaur")&"', '"'
    org.ebrown.save(update_fields=["first_name", "last_name"])
    flag_only(org, CustomerFactory(name="\x02@SUM(A1)"))
    client.force_login(org.jclarke)
    workbook = load_workbook(io.BytesIO(client.get("/cases/register/register.xlsx").content))
    row = next(workbook["Register"].iter_rows(min_row=2, values_only=True))
    assert row[1] == "'@SUM(A1)" and row[5].startswith("'=HYPERLINK")
    cells = next(workbook["Register"].iter_rows(min_row=2))
    assert not [cell for cell in cells if cell.data_type == "f"]
    assert all(cell.data_type == "s" for cell in cells if isinstance(cell.value, str))
    table = list(csv.reader(io.StringIO(client.get("/cases/register/register.csv").content.decode())))
    assert table[1][1] == "'@SUM(A1)"


def test_the_workbook_says_what_it_holds_and_what_was_left_out(org, client, register_data):
    services.mark_sensitive(register_data["approved"].case, org.rkaur, [org.rkaur])
    client.force_login(org.jclarke)
    response = client.get("/cases/register/register.xlsx", {"kind": "restriction"})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook["Register"].iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][1] == "Yusuf Barker"
    about = dict(workbook["About this export"].iter_rows(values_only=True))
    assert about["Filter"].startswith("kind: Restriction")
    assert (about["Rows"], about["Sensitive entries not shown"]) == (1, 1)
    csv_text = client.get("/cases/register/register.csv", {"kind": "restriction"}).content.decode()
    assert csv_text.strip().splitlines()[-1] == "Not shown: 1 entry of sensitive cases you are not named on"
    assert "Ian Reid" not in csv_text
    assert list(ExportLogEntry.objects.values_list("rows", flat=True)) == [1, 1]


def test_restriction_states_are_listed_as_the_restrictions_have_them(org, register_data):
    restriction = register_data["overdue"]
    restrictions.change_state(restriction, Restriction.State.LIFTED, org.pshah, "Behaviour improved.")
    assert kinds_and_residents(org.jclarke, state="lifted") == [("restriction", "Yusuf Barker")]
    assert kinds_and_residents(org.jclarke, review_overdue=True) == []


def test_the_end_of_a_restriction_or_flag_ended_early_is_the_day_it_ended(org, register_data):
    from django.utils import timezone

    from casework.services import flags

    restriction = register_data["overdue"]
    planned = restriction.end_date
    restrictions.change_state(restriction, Restriction.State.LIFTED, org.pshah, "Behaviour improved.")
    flags.end_flags_of(restriction, org.pshah, "The restriction was lifted.")
    found = register.rows(register.entries(org.jclarke, register.RegisterFilter(state="lifted")), org.jclarke)
    assert planned != timezone.localdate() and found[0].end_date == timezone.localdate()
    ended = register.rows(register.entries(org.jclarke, register.RegisterFilter(state="ended")), org.jclarke)
    assert ended and all(row.end_date == timezone.localdate() for row in ended)


# --- Query counts ---------------------------------------------------------------------


def bulk_register(org, count):
    """`count` restrictions in force and `count` red flags on them, and `count` warnings, made
    in bulk (the service functions are tested above)."""
    from django.utils import timezone

    from casework.models import Case, Decision, Recommendation, Step

    customers = [CustomerFactory() for _ in range(3)]
    now = timezone.now()
    warning_letter = Recommendation.objects.create(kind=Recommendation.Kind.WARNING_LETTER)
    made = []
    for i in range(count * 2):
        made.append(
            Case(
                reporter=org.sali,
                customer=customers[i % 3],
                status=Case.Status.CLOSED,
                outcome=Case.Outcome.APPROVED,
                final_recommendation=warning_letter if i % 2 else None,
                submitted_at=now,
                sensitive=i % 10 == 0,
            )
        )
    cases = Case.objects.bulk_create(made)
    steps = Step.objects.bulk_create(
        Step(case=case, number=1, kind=Step.Kind.DIRECTOR, status=Step.Status.DECIDED, due_date=TODAY) for case in cases
    )
    decisions = Decision.objects.bulk_create(
        Decision(
            step=step,
            case=step.case,
            decided_by=org.pshah,
            choice="approve",
            rationale="x",
            approves_warning=step.case.final_recommendation_id is not None,
        )
        for step in steps
    )
    restricted = [d for i, d in enumerate(decisions) if not i % 2]
    new = Restriction.objects.bulk_create(
        Restriction(
            customer=d.case.customer,
            case=d.case,
            decision=d,
            decided_at=d.decided_at,
            types=["one_channel"],
            terms="x",
            duration_months=6,
            review_interval_months=3,
            state=Restriction.State.IN_FORCE,
            start_date=TODAY - datetime.timedelta(days=100),
            end_date=TODAY + datetime.timedelta(days=80),
            next_review_date=TODAY - datetime.timedelta(days=10),
        )
        for d in restricted
    )
    RedFlag.objects.bulk_create(
        RedFlag(
            customer=r.customer,
            case=r.case,
            restriction=r,
            kind=RedFlag.Kind.CONTACT_ARRANGEMENTS,
            handling_instruction="x",
            start_date=r.start_date,
            next_review_date=r.next_review_date,
            resident_told="yes",
            told_on=r.start_date,
            raised_by=org.rkaur,
        )
        for r in new
    )


@pytest.mark.parametrize(
    "url",
    [
        "/cases/register/",
        "/cases/register/?state=in_force&sort=review&review_overdue=on&q=Resident",
        "/cases/register/register.csv",
        "/cases/register/register.xlsx?kind=restriction",
    ],
)
def test_the_query_count_does_not_grow_with_the_rows(org, client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(org.jclarke)
    bulk_register(org, 5)
    client.get(url)  # warm caches

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    small = count()
    bulk_register(org, 60)
    assert count() == small


def test_a_filter_that_finds_nothing_says_so(org, client, register_data):
    client.force_login(org.jclarke)
    text = client.get("/cases/register/", {"appeal_open": "on"}).content.decode()
    assert "0 entries found" in text and "Nothing in the register matches this filter." in text
    assert "register.csv" not in text


def test_the_workbook_holds_dates_as_dates_and_breaches_as_numbers(org, client, register_data):
    """So that whoever opens it can sort and filter by date, and add up breaches; the CSV
    writes the same dates as 2026-04-01."""
    client.force_login(org.jclarke)
    response = client.get("/cases/register/register.xlsx", {"kind": "restriction"})
    sheet = load_workbook(io.BytesIO(response.content))["Register"]
    headings = [cell.value for cell in sheet[1]]
    row = {heading: cell for heading, cell in zip(headings, sheet[2], strict=True)}
    decided = row["Decided on"]
    assert isinstance(decided.value, datetime.datetime) and decided.number_format == "yyyy-mm-dd"
    assert isinstance(row["Breaches"].value, int)
    csv_rows = list(
        csv.DictReader(
            io.StringIO(client.get("/cases/register/register.csv", {"kind": "restriction"}).content.decode())
        )
    )
    assert csv_rows[0]["Decided on"] == f"{decided.value:%Y-%m-%d}"
