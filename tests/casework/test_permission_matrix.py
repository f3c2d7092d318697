"""Every case URL × every role, before and after each step and for a sensitive case.

200 (or 302 for forms that redirect, 400 for an empty form) for people who may see the
case; 404 for everyone else, never 403; anonymous people are sent to sign in."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from casework import services
from casework.models import EvidenceFile
from casework.services import flags
from tests.casework.factories import at_cxm, at_director, closed_case, submitted_case

ROLES = [
    "reporter",
    "line_manager",
    "other_line_manager",
    "cxm_rkaur",
    "cxm_ebrown",
    "director_pshah",
    "director_omensah",
    "head_of_customer_services",
    "unrelated",
    "contractor",
    "anonymous",
]
USERNAME = {
    "reporter": "sali",
    "line_manager": "tnguyen",
    "other_line_manager": "lwilliams",
    "cxm_rkaur": "rkaur",
    "cxm_ebrown": "ebrown",
    "director_pshah": "pshah",
    "director_omensah": "omensah",
    "head_of_customer_services": "jclarke",
    "unrelated": "mjones",
    "contractor": "dfoster",
}
CHAIN = {
    "line_manager": {"line_manager"},
    "cxm": {"line_manager", "cxm_rkaur", "cxm_ebrown"},
    "director": {"line_manager", "cxm_rkaur", "cxm_ebrown", "director_pshah", "director_omensah"},
    "closed": {"line_manager", "cxm_rkaur", "cxm_ebrown", "director_pshah", "director_omensah"},
    # Marked sensitive by rkaur at the CXM step, keeping only herself.
    "sensitive": {"cxm_rkaur"},
}
DIRECTORS = {"director_pshah", "director_omensah"}

# Read-only pages: (name, path after /cases/<id>/, who besides the chain sees it)
PAGES = [
    ("case page", "", {"reporter"}),
    ("timeline", "timeline/", {"reporter"}),
    ("evidence file", "evidence/{file}/", {"reporter"}),
    ("access log", "access-log/", set()),
    ("sensitive form", "sensitive/", set()),
    ("confirmation", "submitted/", {"reporter"}),
    ("name someone", "name-someone/", set()),
]
# Pages that change something, posted empty: whoever may not even see the case gets 404.
POSTS = [
    ("decide", "decide/"),
    ("ask", "ask/"),
    ("comment", "comment/"),
    ("answer", "questions/{question}/answer/"),
    ("raise a red flag", "flags/raise/"),
    ("end a red flag", "flags/{flag}/end/"),
    ("bring into force", "restrictions/{restriction}/in-force/"),
    ("name someone", "name-someone/"),
]


def build(org, state):
    evidence_owner = org.sali
    if state == "line_manager":
        case = submitted_case(org.sali)
    elif state == "cxm":
        case = at_cxm(org)
    elif state in {"director"}:
        case = at_director(org)
    elif state == "closed":
        case = closed_case(org)
    else:
        case = at_cxm(org)
        services.mark_sensitive(case, org.rkaur, [org.rkaur])
    file = EvidenceFile.objects.create(
        case=case,
        file=SimpleUploadedFile("note.txt", b"what was said"),
        original_name="note.txt",
        content_type="text/plain",
        size=13,
        uploaded_by=evidence_owner,
    )
    question = case.questions.create(step=case.steps.first(), asked_by=org.tnguyen, text="More?")
    restriction = case.restrictions.first()
    flag = None
    if state != "line_manager":  # the CXM who raises it is on the case from its CXM step
        flag = flags.raise_flag(
            case.customer,
            org.rkaur,
            "verbal_abuse",
            "Two staff.",
            datetime.date.today() + datetime.timedelta(days=60),
            "yes",
            told_on=datetime.date(2026, 1, 5),
            case=case,
        )
    return case, {
        "file": file.pk,
        "question": question.pk,
        "restriction": restriction.pk if restriction else 999999,
        "flag": flag.pk if flag else 999999,
    }


def expected_for_page(role, state, page, extra_roles):
    allowed = CHAIN[state] | extra_roles
    if page == "access log":
        allowed = CHAIN[state] & DIRECTORS
    if page == "confirmation":
        allowed = {"reporter"}  # "Report submitted: what happens next" is for the reporter alone
    if page == "name someone":
        allowed = CHAIN[state] if state == "sensitive" else set()  # only on a sensitive case, by its named people
    return 200 if role in allowed else 404


@pytest.mark.parametrize("state", list(CHAIN))
def test_every_case_url_for_every_role(org, client, state):
    from home import roles
    from tests.factories import UserFactory

    org.dfoster = UserFactory(username="dfoster", roles=[roles.CONTRACTORS], roles__staff=False)
    case, ids = build(org, state)
    failures = []
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(getattr(org, USERNAME[role]))
        for page, suffix, extra in PAGES:
            url = f"/cases/{case.pk}/{suffix.format(**ids)}"
            response = client.get(url)
            if role == "anonymous":
                ok = response.status_code == 302 and response["Location"].startswith("/sign-in/")
                expected = "302 to sign-in"
            else:
                expected = expected_for_page(role, state, page, extra)
                ok = response.status_code == expected
            if not ok:
                failures.append(f"{role} GET {page}: {response.status_code}, expected {expected}")
        for page, suffix in POSTS:
            url = f"/cases/{case.pk}/{suffix.format(**ids)}"
            response = client.post(url, {})
            sees = role in CHAIN[state] or role == "reporter"
            if role == "anonymous":
                ok = response.status_code == 302 and response["Location"].startswith("/sign-in/")
            elif not sees:
                ok = response.status_code == 404
            else:
                ok = response.status_code in {200, 302, 400, 404}
                ok = ok and response.status_code != 403
            if not ok:
                failures.append(f"{role} POST {page}: {response.status_code}")
    assert not failures, f"state {state}:\n" + "\n".join(failures)


def test_drafts_are_seen_by_their_author_only(org, client):
    from tests.casework.factories import CaseFactory

    draft = CaseFactory(reporter=org.sali)
    for username, expected in [("sali", 200), ("tnguyen", 404), ("rkaur", 404), ("pshah", 404)]:
        client.force_login(getattr(org, username))
        assert client.get(f"/cases/{draft.pk}/edit/").status_code == expected, username
    client.force_login(org.tnguyen)
    assert client.get(f"/cases/{draft.pk}/").status_code == 404


def test_a_case_that_does_not_exist_is_404_like_one_you_may_not_see(org, client):
    client.force_login(org.pshah)
    assert client.get("/cases/999999/").status_code == 404
    assert client.get("/cases/999999/evidence/1/").status_code == 404


# The register and its exports: the head of customer services, the CXMs and the directors.
REGISTER_READERS = {"cxm_rkaur", "cxm_ebrown", "director_pshah", "director_omensah", "head_of_customer_services"}
REGISTER_URLS = {
    "/cases/register/": REGISTER_READERS,
    "/cases/register/register.csv": REGISTER_READERS,
    "/cases/register/register.xlsx": REGISTER_READERS,
    # The equality figures: the head of customer services and the directors.
    "/cases/register/equality/": {"director_pshah", "director_omensah", "head_of_customer_services"},
    # The report to the Board, its charts and its PDF: the head of customer services and the directors.
    "/cases/register/board/": {"director_pshah", "director_omensah", "head_of_customer_services"},
    "/cases/register/board/chart/uses.svg": {"director_pshah", "director_omensah", "head_of_customer_services"},
    "/cases/register/board/report.pdf": {"director_pshah", "director_omensah", "head_of_customer_services"},
    # What the retention schedule will anonymise next: the head of customer services.
    "/cases/register/retention/": {"head_of_customer_services"},
}


def test_the_register_for_every_role(org, client):
    from home import roles
    from tests.factories import UserFactory

    org.dfoster = UserFactory(username="dfoster", roles=[roles.CONTRACTORS], roles__staff=False)
    closed_case(org)
    failures = []
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(getattr(org, USERNAME[role]))
        for url, readers in REGISTER_URLS.items():
            response = client.get(url)
            if role == "anonymous":
                ok = response.status_code == 302 and response["Location"].startswith("/sign-in/")
            else:
                ok = response.status_code == (200 if role in readers else 404)
            if not ok:
                failures.append(f"{role} GET {url}: {response.status_code}")
    assert not failures, "\n".join(failures)
