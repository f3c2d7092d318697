"""The report to the Board (LHP 35): every figure checked against a hand-built set of cases,
a sensitive case counted and never described, no resident named, small numbers suppressed in
the equality section, the PDF with its charts, and the query count whatever the number of rows."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from casework import services
from casework.models import Decision, RedFlag, Restriction
from casework.services import board_charts, board_report, restrictions
from tests.casework.factories import at_cxm, closed_case, cxm_recommends
from tests.factories import CustomerFactory, TeamFactory

TODAY = timezone.localdate()
PERIOD = board_report.Period(TODAY - datetime.timedelta(days=100), TODAY)
QUERY = {"start": f"{PERIOD.start:%Y-%m-%d}", "end": f"{PERIOD.end:%Y-%m-%d}"}
SECRET = "Known only to the people named on the case"


def _shift_decision(case, days):
    decided_at = timezone.now() - datetime.timedelta(days=days)
    Decision.objects.filter(case=case).update(decided_at=decided_at)
    Restriction.objects.filter(case=case).update(decided_at=decided_at)


@pytest.fixture
def cases(org):
    """This period (the last 101 days): a warning (Lena Jackson, her name in the rationale); a
    restriction in force (Yusuf Barker, threats and abuse by phone and email) with its flag; a
    restriction on a sensitive case (Ian Reid, harassment on social media, 12 months); a
    restriction lifted 10 days after it started, with its flag; a flag raised after a risk
    assessment, with no case (Farah Adeyemi); the flag of a restriction decided in the period
    before and lapsed today. The period before: a warning and that lapsed restriction."""
    org.sali.staff_profile.team = TeamFactory(name="Income")
    org.sali.staff_profile.save()
    lena = CustomerFactory(name="Lena Jackson", reference="C100011", address="12 Acacia Road", sex="female")
    warned = cxm_recommends(at_cxm(org, customer=lena), org.rkaur, recommendation_kind="warning_letter")
    services.decide_as_director(
        warned, org.pshah, "approve", "Lena Jackson (C100011, 12 Acacia Road) swore at staff: a warning first."
    )
    earlier = cxm_recommends(
        at_cxm(org, customer=CustomerFactory(name="Old Warning")), org.rkaur, recommendation_kind="warning_letter"
    )
    services.decide_as_director(earlier, org.pshah, "approve", "A warning first.")
    _shift_decision(earlier, 150)

    yusuf = CustomerFactory(name="Yusuf Barker", sex="male")
    in_force = closed_case(
        org, customer=yusuf, categories=["threats_or_violence", "abusive_language"], channels=["phone", "email"]
    )
    restrictions.bring_into_force(in_force.restrictions.get(), org.rkaur, TODAY)

    sensitive = closed_case(
        org,
        customer=CustomerFactory(name="Ian Reid", sex="male"),
        categories=["harassment"],
        channels=["social_media"],
    )
    Restriction.objects.filter(case=sensitive).update(duration_months=12)
    Decision.objects.filter(case=sensitive, step__kind="director").update(rationale=f"{SECRET}: Ian Reid.")
    services.mark_sensitive(sensitive, org.rkaur, [org.rkaur])

    lifted_case = closed_case(org, customer=CustomerFactory(name="Lifted Resident", sex="male"))
    _shift_decision(lifted_case, 10)
    lifted = restrictions.bring_into_force(
        lifted_case.restrictions.get(), org.rkaur, TODAY - datetime.timedelta(days=10)
    )
    restrictions.change_state(lifted, Restriction.State.LIFTED, org.omensah, "Behaviour improved.")

    farah = CustomerFactory(name="Farah Adeyemi", sex="female")
    services_flags = __import__("casework.services.flags", fromlist=["raise_flag"])
    services_flags.raise_flag(
        farah,
        org.ebrown,
        RedFlag.Kind.TWO_STAFF,
        "Visit in pairs.",
        TODAY + datetime.timedelta(days=30),
        "yes",
        told_on=TODAY,
    )

    lapsing = closed_case(org, customer=CustomerFactory(name="Lapsed Resident", sex="male"))
    _shift_decision(lapsing, 195)
    restrictions.bring_into_force(lapsing.restrictions.get(), org.rkaur, TODAY - datetime.timedelta(days=190))
    assert restrictions.lapse_ended() == 1
    return {"warned": warned, "sensitive": sensitive, "in_force": in_force}


def test_the_headline_figures_and_the_comparison(cases):
    report = board_report.build(PERIOD)
    assert report.previous == board_report.Period(
        TODAY - datetime.timedelta(days=201), TODAY - datetime.timedelta(days=101)
    )
    assert report.headline == [
        ("Warnings approved", 1, 1, "no change"),
        ("Restrictions determined", 3, 1, "up 2"),
        ("Red flags raised", 4, 0, "up 4"),
        ("Restrictions that ended", 2, 0, "up 2"),
    ]


def test_each_use_with_its_rationale_sensitive_counted_not_described(cases):
    report = board_report.build(PERIOD)
    warnings, restricted, flags = report.uses
    assert (warnings.total, restricted.total, flags.total) == (1, 3, 4)
    assert (warnings.sensitive, restricted.sensitive, flags.sensitive) == (0, 1, 0)
    (warning,) = warnings.described
    assert warning.rationale == "[the resident] ([the resident], [the resident]) swore at staff: a warning first."
    assert warning.case_reference == cases["warned"].reference and warning.what == "Warning letter"
    assert warning.categories == ["Abusive or foul language"] and warning.decided_on == TODAY
    assert warning.decided_on_text == f"{TODAY.day} {TODAY:%b} {TODAY.year}"
    assert [use.rationale for use in restricted.described] == ["Proportionate and necessary."] * 2
    assert restricted.described[0].what == (
        "6 months: One channel of contact only; Contact with a named colleague or team only"
    )
    assert cases["sensitive"].reference not in {
        use.case_reference for section in report.uses for use in section.described
    }
    flag_rationales = sorted(use.rationale for use in flags.described)
    assert flag_rationales == ["Proportionate and necessary."] * 3 + ["Raised after a risk assessment."]
    # The line the report shows for each: when and which case, then what and the behaviour.
    assert warning.heading == f"{warning.decided_on_text}, {cases['warned'].reference}"
    assert warning.summary == "Warning letter. Behaviour: Abusive or foul language."
    no_case = next(use for use in flags.described if not use.case_reference)
    assert (no_case.heading, no_case.summary) == (no_case.decided_on_text, f"{no_case.what}.")


def test_breakdowns_by_category_channel_and_team(cases):
    categories, channels, teams = board_report.build(PERIOD).breakdowns

    def table(breakdown):
        return {label: (k["warning"], k["restriction"], k["red_flag"], total) for label, k, total in breakdown.rows}

    assert table(categories) == {
        "Abusive or foul language": (1, 2, 3, 6),
        "Threats or violence": (0, 1, 1, 2),
        "Harassment, including publishing staff details online": (0, 1, 0, 1),
        "No case (raised after a risk assessment)": (0, 0, 1, 1),
    }
    assert table(channels) == {
        "Phone": (1, 2, 3, 6),
        "Email": (0, 1, 1, 2),
        "Social media": (0, 1, 0, 1),
        "No case (raised after a risk assessment)": (0, 0, 1, 1),
    }
    assert table(teams) == {"Income": (1, 3, 3, 7), "No case (raised after a risk assessment)": (0, 0, 1, 1)}


def test_each_use_counts_once_under_each_of_its_cases_categories_channels_and_team(org):
    """Uses counted by their cases' lists: two cases alike add up, a code held twice counts once,
    and a code outside casework.choices is not counted (a case holds none)."""
    from casework.models import Case
    from casework.services import board_uses

    org.sali.staff_profile.team = TeamFactory(name="Repairs")
    org.sali.staff_profile.save()
    for categories, channels in [
        (["threats_or_violence"], ["phone"]),
        (["threats_or_violence"], ["phone"]),
        (["harassment", "harassment", "not_a_category"], ["email", "email"]),
    ]:
        closed_case(org, categories=["threats_or_violence"], channels=["phone"])
        Case.objects.filter(pk=Case.objects.latest("pk").pk).update(categories=categories, channels=channels)
    found = board_uses.tally(board_uses.RESTRICTION, PERIOD)
    assert (found.total, found.sensitive) == (3, 0)
    assert found.categories == {"Threats or violence": 2, "Harassment, including publishing staff details online": 1}
    assert found.channels == {"Phone": 2, "Email": 1}
    assert found.teams == {"Repairs": 3}


def test_durations_and_endings(cases):
    report = board_report.build(PERIOD)
    assert report.durations == [
        ("Up to 3 months", 0),
        ("4 to 6 months", 2),
        ("7 to 12 months", 1),
        ("13 to 18 months", 0),
    ]
    assert report.median_duration == 6
    assert report.endings == [
        ("Lapsed at their end date", 1),
        ("Lifted", 1),
        ("Overturned on appeal", 0),
        ("Superseded by a new determination", 0),
    ]
    assert report.days_in_force_before_ending == round((11 + 191) / 2)


def test_the_sections_after_the_decisions_say_none_in_a_period_without_them(cases):
    sections = board_report.build(PERIOD).later_sections
    assert [section.title for section in sections] == [
        "Refusals of all contact",
        "Reviews",
        "Appeals",
        "Breaches",
        "New complaints from restricted residents",
    ]
    assert all(section.recorded for section in sections)
    counted = {section.title: section.rows for section in sections if section.rows}
    assert set(counted) == {"Reviews", "Appeals"}
    assert all(this == 0 for rows in counted.values() for _, this, _, _ in rows)
    words = [section.explanation for section in sections if not section.rows]
    assert all(text.startswith("None in") for text in words)


def test_equality_counts_under_5_are_suppressed(cases):
    restricted, population, figures = board_report.build(PERIOD).equality
    # Yusuf Barker, the lifted and the lapsed restriction's residents were restricted in the period.
    assert (restricted, population) == (3, 7)
    sex = {row.answer: row for row in dict(figures)["Sex"]}
    assert sex["Male"].restricted == 3 and sex["Male"].restricted_shown == ("fewer than 5", "")
    assert sex["Male"].population_shown == ("fewer than 5", "")


def test_each_chart_has_the_figures_of_its_table(cases):
    report = board_report.build(PERIOD)
    from_report = board_charts.report_figures(report)
    for name in board_charts.CHARTS:
        assert board_charts.figures_for(name, PERIOD) == from_report[name], name
        svg = board_charts.svg(name, *from_report[name])
        assert svg.startswith("<svg") and "<script" not in svg and board_charts.CHARTS[name].title in svg


# --- The page, the charts and the PDF ---------------------------------------------------

NAMES = ["Lena Jackson", "Yusuf Barker", "Ian Reid", "Farah Adeyemi", "Acacia Road", "C100011"]


def test_the_page_names_no_resident_and_describes_no_sensitive_case(org, client, cases):
    client.force_login(org.jclarke)
    response = client.get("/cases/register/board/", QUERY)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    text = response.content.decode()
    assert "Report to the Board" in text and "Warnings approved" in text
    assert "1 on sensitive case: counted above, not described." in text
    assert "Decided by their review date" in text
    assert "Decided within 28 days of receipt" in text
    assert 'src="chart/categories.svg?start=' in text
    assert (
        f"<strong>{TODAY.day} {TODAY:%b} {TODAY.year}, {cases['warned'].reference}</strong>: Warning letter. "
        "Behaviour: Abusive or foul language.</p>"
    ) in text
    for secret in [*NAMES, SECRET, cases["sensitive"].reference]:
        assert secret not in text, secret
    assert "fewer than 5" in text


def test_the_default_period_is_the_last_financial_year(org, client):
    client.force_login(org.pshah)
    start, end = board_report.default_period().start, board_report.default_period().end
    text = client.get("/cases/register/board/").content.decode()
    assert f'value="{start:%Y-%m-%d}"' in text and f'value="{end:%Y-%m-%d}"' in text
    assert start.month == 4 and start.day == 1 and (end - start).days in (364, 365)
    this_year = f"?start={end + datetime.timedelta(days=1):%Y-%m-%d}&amp;end={timezone.localdate():%Y-%m-%d}"
    assert f'{this_year}">this financial year so far</a>' in text


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "2026-04-01", "end": "April"}, "Enter a valid date."),
        ({"start": "2026-04-01", "end": "2025-04-01"}, "The end of the period must be on or after its start."),
        ({"start": "0001-01-01", "end": "2025-04-01"}, "Give a date from 2000 to 2099"),
        ({"start": "2026-04-01"}, "This field is required."),
    ],
)
def test_a_bad_period_says_why_and_keeps_what_was_typed(org, client, params, message):
    client.force_login(org.jclarke)
    for url in ["/cases/register/board/", "/cases/register/board/report.pdf"]:
        response = client.get(url, params)
        text = response.content.decode()
        assert response.status_code == 400 and "There is a problem" in text and message in text, url
        assert 'value="2026-04-01"' in text or 'value="0001-01-01"' in text
    assert client.get("/cases/register/board/chart/uses.svg", params).status_code == 400


def test_a_chart_is_an_svg_picture_without_script(org, client, cases):
    client.force_login(org.jclarke)
    response = client.get("/cases/register/board/chart/channels.svg", QUERY)
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    body = response.content.decode()
    assert "<script" not in body and "Uses by contact channel" in body and "Social media" in body
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert client.get("/cases/register/board/chart/nothing.svg", QUERY).status_code == 404


def test_the_pdf_has_the_headline_figures_and_the_charts(org, client, cases):
    client.force_login(org.jclarke)
    response = client.get("/cases/register/board/report.pdf", QUERY)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f"board-report-{PERIOD.start:%Y-%m-%d}-to-{PERIOD.end:%Y-%m-%d}.pdf" in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Report to the Board" in text and f"{PERIOD.start:%-d %B %Y} to {PERIOD.end:%-d %B %Y}" in text
    assert "Warnings approved 1 1 no change" in text
    assert "Restrictions determined 3 1 up 2" in text
    assert "Red flags raised 4 0 up 4" in text
    for name in NAMES + [SECRET]:
        assert name not in text
    # Each chart's title is drawn in its picture as well as written as its table's caption.
    for chart in board_charts.CHARTS.values():
        assert text.count(chart.title) >= 2, chart.title


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, QUERY).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/cases/register/board/", "/cases/register/board/chart/categories.svg"])
def test_the_query_count_does_not_grow_with_the_cases(org, client, url):
    client.force_login(org.jclarke)
    closed_case(org)
    cxm_recommends(at_cxm(org), org.rkaur, recommendation_kind="warning_letter")
    client.get(url, QUERY)  # caches warmed (roles, the permission's id)
    few = _queries(client, url)
    for _ in range(3):
        restrictions.bring_into_force(closed_case(org).restrictions.get(), org.rkaur, TODAY)
        case = cxm_recommends(at_cxm(org), org.rkaur, recommendation_kind="warning_letter")
        services.decide_as_director(case, org.pshah, "approve", "A warning first.")
    assert _queries(client, url) == few


def test_appeals_by_outcome_and_within_28_days(org):
    from casework.models import Appeal
    from casework.services import appeals
    from tests.casework.letters import warning_sent

    today = timezone.localdate()
    period = board_report.Period(today - datetime.timedelta(days=60), today)
    _, warning, _ = warning_sent(org)
    # Received 40 days ago and decided today: 12 days late.
    late = appeals.record_appeal(warning, org.sali, today, "email", "Wrong date.")
    Appeal.objects.filter(pk=late.pk).update(
        received_on=today - datetime.timedelta(days=40), due_date=today - datetime.timedelta(days=12)
    )
    late = appeals.decide_appeal(Appeal.objects.get(pk=late.pk), org.omensah, "upheld", "The notes agree.")
    assert late.letter is not None
    on_time = appeals.record_appeal(warning, org.sali, today, "email", "Still wrong.")
    # Both directors have taken part now: the head of customer services names herself.
    on_time = appeals.name_decider(on_time, org.jclarke, org.jclarke)
    on_time = appeals.decide_appeal(on_time, org.jclarke, "overturned", "She was on leave.")
    # The first outcome letter is still a draft: the second waits for it, and says so.
    assert on_time.letter is None and on_time.case.events.filter(summary__contains="waits until").exists()
    section = board_report.appeals(period)
    figures = {label: this for label, this, _, _ in section.rows}
    assert figures == {
        "Appeals received": 2,
        "Appeals decided": 2,
        "Upheld": 1,
        "Varied (a warning letter: corrected)": 0,
        "Overturned (a warning letter: withdrawn)": 1,
        "Decided within 28 days of receipt": 1,
        "Decided later than 28 days": 1,
        "Of those decided, against a warning letter": 2,
    }
    assert all(before == 0 for _, _, before, _ in section.rows)


def test_reviews_on_time_late_by_outcome_and_overdue(org):
    from casework.models import Review
    from tests.casework.factories import approved_on

    today = timezone.localdate()
    period = board_report.Period(today - datetime.timedelta(days=60), today)
    made = []
    for _ in range(3):
        case = closed_case(org, customer=CustomerFactory())
        restriction = approved_on(case.restrictions.get(), today - datetime.timedelta(days=100))
        made.append(restrictions.bring_into_force(restriction, org.rkaur, today - datetime.timedelta(days=90)))
    now = timezone.now()
    common = {"status": Review.Status.DECIDED, "decided_by": org.rkaur, "reasons": "Kept to the terms."}
    Review.objects.create(
        restriction=made[0], case=made[0].case, due_date=today, proposal="continue", decided_at=now, **common
    )
    Review.objects.create(
        restriction=made[1],
        case=made[1].case,
        due_date=today - datetime.timedelta(days=3),
        proposal="lift",
        decided_at=now,
        **common,
    )
    Review.objects.create(restriction=made[2], case=made[2].case, due_date=today - datetime.timedelta(days=2))
    figures = {label: this for label, this, _, _ in board_report.reviews(period).rows}
    assert figures == {
        "Reviews decided": 2,
        "Decided by their review date": 1,
        "Decided after their review date": 1,
        "Continued unchanged": 1,
        "Varied": 0,
        "Lifted early": 1,
        "Extended (a new determination)": 0,
        "Open and past their review date at the period's end": 1,
    }


def test_reviews_and_appeals_of_the_period_before_are_counted_in_its_column(org, django_assert_num_queries):
    from casework.models import Appeal, Review
    from tests.casework.factories import approved_on

    today = timezone.localdate()
    period = board_report.Period(today - datetime.timedelta(days=59), today)
    before = period.previous()
    # Midday, so that the day is the same in any time zone change between then and now.
    in_before = datetime.datetime.combine(
        today - datetime.timedelta(days=90), datetime.time(12), timezone.get_current_timezone()
    )
    made = []
    for _ in range(2):
        case = closed_case(org, customer=CustomerFactory())
        restriction = approved_on(case.restrictions.get(), today - datetime.timedelta(days=200))
        made.append(restrictions.bring_into_force(restriction, org.rkaur, today - datetime.timedelta(days=190)))
    common = {"status": Review.Status.DECIDED, "decided_by": org.rkaur, "reasons": "Kept to the terms."}
    # Decided in the period before: one on its date, one two days after it; one decided this period.
    Review.objects.create(
        restriction=made[0],
        case=made[0].case,
        due_date=before.end - datetime.timedelta(days=30),
        proposal="vary",
        decided_at=in_before,
        **common,
    )
    Review.objects.create(
        restriction=made[1],
        case=made[1].case,
        due_date=in_before.date() - datetime.timedelta(days=2),
        proposal="continue",
        decided_at=in_before,
        **common,
    )
    Review.objects.create(
        restriction=made[1], case=made[1].case, due_date=today, proposal="lift", decided_at=timezone.now(), **common
    )
    with django_assert_num_queries(1):
        section = board_report.reviews(period)
    rows = {label: (this, earlier) for label, this, earlier, _ in section.rows}
    assert rows["Reviews decided"] == (1, 2)
    assert rows["Decided by their review date"] == (1, 1)
    assert rows["Decided after their review date"] == (0, 1)
    assert rows["Varied"] == (0, 1) and rows["Continued unchanged"] == (0, 1) and rows["Lifted early"] == (1, 0)

    appeal = {"restriction": made[0], "case": made[0].case, "recorded_by": org.sali, "channel": "email"}
    Appeal.objects.create(
        received_on=before.start, due_date=before.start + datetime.timedelta(days=28), grounds="Wrong.", **appeal
    )
    with django_assert_num_queries(1):
        section = board_report.appeals(period)
    rows = {label: (this, earlier) for label, this, earlier, _ in section.rows}
    assert rows["Appeals received"] == (0, 1) and rows["Appeals decided"] == (0, 0)


def test_beyond_the_most_described_the_earlier_uses_are_counted_not_listed(org, client, cases, monkeypatch):
    from casework.services import board_uses

    everything = next(s for s in board_report.build(PERIOD).uses if s.kind == board_uses.RED_FLAG).described
    monkeypatch.setattr(board_uses, "MOST_DESCRIBED", 1)
    redacted = []
    real_redaction = board_uses._without_resident
    monkeypatch.setattr(board_uses, "_without_resident", lambda *args: redacted.append(args) or real_redaction(*args))
    report = board_report.build(PERIOD)
    flags = next(section for section in report.uses if section.kind == board_uses.RED_FLAG)
    assert len(everything) > 1 and flags.described == everything[-1:]
    assert flags.not_shown == len(everything) - 1 and flags.total == len(everything) + flags.sensitive
    # Only what is described is redacted: one use of each kind at most, not every use.
    assert len(redacted) <= len(report.uses)
    client.force_login(org.jclarke)
    text = client.get("/cases/register/board/", QUERY).content.decode()
    assert f"{flags.not_shown} earlier in the period are counted above and not described here" in text


def test_a_rationale_names_no_resident_however_written():
    from casework.services.board_uses import _without_resident

    row = {
        "c__name": "Lena Jackson",
        "c__reference": "C100023",
        "c__address": "Flat 23, Damson Road, London",
        "c__postcode": "SW19 4DD",
    }
    text = (
        "Ms Lena Jackson (LJ) of 23 Damson Road, postcode SW194DD, ref C 100023; her neighbour (C100027) at "
        "14 Acacia Avenue, E5 8QQ, complained. She called 3 times in 2 weeks."
    )
    cleaned = _without_resident(text, row, "c__")
    for secret in ["Lena", "Jackson", "Damson", "SW194DD", "100023", "C100027", "Acacia", "E5 8QQ"]:
        assert secret not in cleaned, secret
    assert "called 3 times in 2 weeks" in cleaned


@pytest.mark.parametrize(
    "text, words",
    [
        ("Lena Jackson, lena JACKSON and Jacksonville; Lena-Jackson", ["Lena Jackson", "Jackson", "Lena"]),
        ("Flat 23, Damson Road and 23 Damson Road", ["Flat 23, Damson Road", "Damson Road", "Flat 23"]),
        ("ab abc abcd_ab", ["abc", "ab"]),
        ("İstanbul Road, istanbul road", ["İstanbul Road"]),
        ("Mrs YILMAZ shouted; Ms Yilmaz and Ayşe Yılmaz were warned", ["Ayşe Yılmaz", "Yılmaz", "Ayşe"]),
        ("ΝΙΚΟΣ wrote, and Νικοσ", ["Νίκος", "Νικος"]),
        ("", ["Lena"]),
    ],
)
def test_the_residents_words_are_taken_out_as_one_pattern_of_them_would(text, words):
    import re

    from casework.services.board_uses import RESIDENT, _replace_words

    pattern = "|".join(re.escape(word) for word in words)
    expected = re.sub(rf"(?<!\w)(?:{pattern})(?!\w)", RESIDENT, text, flags=re.IGNORECASE)
    assert _replace_words(text, words) == expected
