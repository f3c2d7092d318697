"""Appeals against a warning letter, for a factual inaccuracy (Wandle 3.10): on the same route
as a restriction's appeal, recorded from the check page, due 28 calendar days after receipt,
decided by a director who took no part; upheld, corrected or withdrawn, with a letter."""

import datetime

import pytest
from django.utils import timezone

from casework import services
from casework.models import Appeal, Letter
from casework.services import appeals, letters, register
from home import roles
from tests.casework.factories import CustomerFactory, UserFactory
from tests.casework.letters import letters_ready, warning_case, warning_sent


def record(org, warning, by=None, **kwargs):
    values = {
        "received_on": timezone.localdate(),
        "channel": "email",
        "grounds": "The letter says I swore on 2 October. I was not at the office that day.",
        **kwargs,
    }
    return appeals.record_appeal(warning, by or org.sali, **values)


def test_a_warning_letter_is_appealed_on_the_same_route(org):
    case, warning, _ = warning_sent(org)
    appeal = record(org, warning)
    assert appeal.on_warning and appeal.restriction is None and appeal.case == case
    assert appeal.due_date == timezone.localdate() + datetime.timedelta(days=28)
    assert appeal.director == org.omensah  # pshah approved the warning


def test_only_a_sent_warning_that_stands_can_be_appealed(org):
    letters_ready()
    case = warning_case(org)
    warning = register.warning_approvals().get(case=case)
    with pytest.raises(services.CaseworkError, match="not been sent"):
        record(org, warning)
    letters.issue_letter(letters.prepare_letter(case, org.rkaur, "warning"), org.rkaur, "post")
    appeal = record(org, warning)
    with pytest.raises(services.CaseworkError, match="already open"):
        record(org, warning, by=org.mjones)
    appeals.decide_appeal(appeal, org.omensah, "overturned", "She was on leave that day.")
    with pytest.raises(services.CaseworkError, match="withdrawn"):
        record(org, warning)
    assert Appeal.objects.count() == 1
    # A director's other decisions are not warnings.
    with pytest.raises(services.CaseworkError, match="approved"):
        record(org, case.decisions.exclude(pk=warning.pk).first())


def test_withdrawn_on_appeal_the_letter_says_so_and_the_register_shows_it(org):
    case, warning, sent = warning_sent(org)
    appeal = appeals.decide_appeal(record(org, warning), org.omensah, "overturned", "She was on leave that day.")
    assert case.events.filter(summary__startswith="Warning withdrawn on appeal").exists()
    rendered, facts, *_ = letters.render_letter(appeal.letter)
    assert rendered.missing == []
    assert "our warning letter of" in rendered.text and "withdrawn" in rendered.text
    assert facts["signatory_name"] == "Olu Mensah"
    row = register.rows(register.entries(org.jclarke, register.RegisterFilter(kind=register.WARNING)), org.jclarke)[0]
    assert row.state == register.WARNING_WITHDRAWN and row.appeal_label == "Overturned"


def test_corrected_on_appeal_a_new_warning_letter_replaces_the_one_sent(org):
    case, warning, sent = warning_sent(org)
    appeal = record(org, warning)
    with pytest.raises(services.CaseworkError) as refused:
        appeals.decide_appeal(appeal, org.omensah, "varied", "The date was wrong.")
    assert refused.value.field == "new_terms" and Appeal.objects.get().is_open
    appeal = appeals.decide_appeal(
        appeal, org.omensah, "varied", "The date was wrong.", "The incident was on 2 September, not 2 October."
    )
    assert appeal.corrections.startswith("The incident was on 2 September")
    assert Letter.objects.filter(replaces=sent, kind="warning", state="draft").exists()
    rendered, *_ = letters.render_letter(appeal.letter)
    assert rendered.missing == [] and "corrected" in rendered.text


def test_sali_records_it_from_the_check_page_and_a_contractor_cannot(org, client):
    case, warning, sent = warning_sent(org)
    url = f"/residents/warnings/{warning.pk}/appeal/"
    client.force_login(org.sali)
    page = client.get("/residents/check/", {"q": case.customer.reference}).content.decode()
    assert url in page and "Warning letter" in page
    bad = client.post(url, {"received_on": "2099-01-01", "channel": "email", "grounds": "Kept words."})
    assert bad.status_code == 400 and "Kept words." in bad.content.decode() and not Appeal.objects.exists()
    done = client.post(url, {"received_on": timezone.localdate().isoformat(), "channel": "letter", "grounds": "Wrong"})
    assert done.status_code == 302
    page = client.get(done["Location"]).content.decode()
    assert "Under appeal" in page and url not in page
    client.force_login(UserFactory(roles=[roles.CONTRACTORS], roles__staff=False))
    assert client.get(url).status_code == 404
    assert "Warning letter" not in client.get("/residents/check/", {"q": case.customer.reference}).content.decode()


def test_a_sensitive_cases_warning_reaches_only_its_named_people(org, client):
    case, warning, _ = warning_sent(org)
    case.sensitive = True
    case.save(update_fields=["sensitive"])
    client.force_login(org.mjones)
    assert client.get(f"/residents/warnings/{warning.pk}/appeal/").status_code == 404
    page = client.get("/residents/check/", {"q": case.customer.reference}).content.decode()
    assert "Warning letter" not in page


def test_the_director_decides_it_on_the_appeal_page_with_the_warnings_words(org, client):
    case, warning, _ = warning_sent(org)
    appeal = record(org, warning)
    client.force_login(org.omensah)
    page = client.get(f"/cases/{case.pk}/appeals/{appeal.pk}/").content.decode()
    assert "the warning is withdrawn" in page and "What the corrected letter puts right" in page
    done = client.post(
        f"/cases/{case.pk}/appeals/{appeal.pk}/decide/",
        {"decide-outcome": "upheld", "decide-reasons": "The officer's notes agree with the letter."},
    )
    assert done.status_code == 302
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Appeals against the warning letter" in page and "the warning letter stands" in page


def test_a_resident_without_a_warning_shows_none(org, client):
    customer = CustomerFactory(name="Ann Other", reference="C900001")
    client.force_login(org.sali)
    assert "Warning letter" not in client.get("/residents/check/", {"q": customer.reference}).content.decode()
