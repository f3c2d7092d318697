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
        assert client.get(f"/cases/{draft.pk}/delete-draft/").status_code == expected, username
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


# --- Letters: every letter URL × every role, on a closed case and on a sensitive one ---------

LETTER_PAGES = [
    ("letters list", "letters/"),
    ("issued letter", "letters/{issued}/"),
    ("draft letter", "letters/{draft}/"),
    ("letter preview", "letters/{draft}/preview/"),
    ("letter PDF", "letters/{issued}/pdf/"),
]
LETTER_POSTS = [
    ("prepare a letter", "letters/prepare/"),
    ("save a draft letter", "letters/{draft}/"),
    ("issue a letter", "letters/{draft}/issue/"),
    ("re-issue a letter", "letters/{issued}/reissue/"),
]
CXMS = {"cxm_rkaur", "cxm_ebrown"}


@pytest.mark.parametrize("state", ["closed", "sensitive"])
def test_every_letter_url_for_every_role(org, client, state):
    from casework.models import Letter
    from casework.services import letters
    from home import roles
    from tests.casework.letters import letters_ready, restriction_draft
    from tests.factories import UserFactory

    org.dfoster = UserFactory(username="dfoster", roles=[roles.CONTRACTORS], roles__staff=False)
    letters_ready()
    case = closed_case(org)
    issued = letters.issue_letter(restriction_draft(org, case), org.rkaur, "post")
    draft = letters.reissue_letter(issued, org.rkaur)
    chain = CHAIN["closed"]
    if state == "sensitive":
        services.mark_sensitive(case, org.rkaur, [org.rkaur])
        chain = CHAIN["sensitive"]
    ids = {"issued": issued.pk, "draft": draft.pk}
    failures = []
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(getattr(org, USERNAME[role]))
        for page, suffix in LETTER_PAGES:
            response = client.get(f"/cases/{case.pk}/{suffix.format(**ids)}")
            if role == "anonymous":
                ok, expected = response.status_code == 302 and "/sign-in/" in response["Location"], "sign-in"
            else:
                expected = 200 if role in chain else 404
                ok = response.status_code == expected
            if not ok:
                failures.append(f"{role} GET {page}: {response.status_code}, expected {expected}")
        for page, suffix in LETTER_POSTS:
            response = client.post(f"/cases/{case.pk}/{suffix.format(**ids)}", {})
            if role == "anonymous":
                ok = response.status_code == 302 and "/sign-in/" in response["Location"]
            elif role not in chain:
                ok = response.status_code == 404
            elif role in CXMS:
                ok = response.status_code in {302, 400}
            else:
                # The case's other people read its letters but do not change them: never a 403.
                ok = response.status_code in {302, 404}
            if not ok:
                failures.append(f"{role} POST {page}: {response.status_code}")
    assert not failures, f"state {state}:\n" + "\n".join(failures)
    assert Letter.objects.filter(state="issued").count() == 1
    draft.refresh_from_db()
    assert draft.state == "draft" and draft.body == issued.body


# --- Appeals: every appeal URL × every role, on a closed case and on a sensitive one ---------


@pytest.mark.parametrize("state", ["closed", "sensitive"])
def test_every_appeal_url_for_every_role(org, client, state):
    from django.utils import timezone

    from casework.services import appeals, restrictions
    from home import roles
    from tests.casework.factories import approved_on
    from tests.factories import UserFactory

    org.dfoster = UserFactory(username="dfoster", roles=[roles.CONTRACTORS], roles__staff=False)
    case = closed_case(org)
    today = timezone.localdate()
    restriction = approved_on(case.restrictions.get(), today - datetime.timedelta(days=10))
    restriction = restrictions.bring_into_force(restriction, org.rkaur, today, today)
    if state == "sensitive":
        services.mark_sensitive(case, org.pshah, [org.pshah, org.omensah])
    appeal = appeals.record_appeal(
        restriction,
        org.mjones,
        today,
        "letter",
        "Unfair.",
        documents=[SimpleUploadedFile("a.txt", b"my appeal", content_type="text/plain")],
    )
    document = appeal.documents.get()
    assert appeal.director == org.omensah
    readers = CHAIN["closed"] if state == "closed" else {"director_pshah", "director_omensah"}
    pages = {
        f"/cases/{case.pk}/appeals/{appeal.pk}/": readers,
        f"/cases/{case.pk}/appeals/{appeal.pk}/documents/{document.pk}/": readers,
        f"/cases/{case.pk}/appeals/{appeal.pk + 1000}/": set(),
    }
    # Forms posted empty: only the director the appeal is with gets past the 404 (a 400).
    posts = {
        f"/cases/{case.pk}/appeals/{appeal.pk}/decide/": {"director_omensah"},
        f"/cases/{case.pk}/appeals/{appeal.pk}/conflict/": {"director_omensah"},
        # Only while no director is free, and then for the head of customer services.
        f"/cases/{case.pk}/appeals/{appeal.pk}/name/": set(),
    }
    staff = set(ROLES) - {"contractor", "anonymous"}
    record_url = f"/residents/restrictions/{restriction.pk}/appeal/"
    failures = []
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(getattr(org, USERNAME[role]))
        checks = [("GET", url, 200 if role in allowed else 404) for url, allowed in pages.items()]
        checks += [("POST", url, 400 if role in allowed else 404) for url, allowed in posts.items()]
        checks += [
            ("GET", record_url, 200 if role in staff else 404),
            ("POST", record_url, 400 if role in staff else 404),
        ]
        checks += [("GET", "/residents/restrictions/999999/appeal/", 404)]
        for method, url, expected in checks:
            response = client.get(url) if method == "GET" else client.post(url, {})
            if role == "anonymous":
                ok = response.status_code == 302 and response["Location"].startswith("/sign-in/")
            else:
                ok = response.status_code == expected
            if not ok:
                failures.append(f"{role} {method} {url}: {response.status_code}, expected {expected}")
    assert not failures, f"state {state}:\n" + "\n".join(failures)


# --- New complaints and no-reply items (LHP 30, 33): every URL × every role --------------


@pytest.mark.parametrize("state", ["closed", "sensitive"])
def test_every_new_complaint_and_no_reply_url_for_every_role(org, client, state):
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from casework.models import Restriction
    from casework.services import complaints, no_reply, restrictions
    from home import roles
    from tests.casework.factories import approved_on
    from tests.factories import UserFactory

    org.dfoster = UserFactory(username="dfoster", roles=[roles.CONTRACTORS], roles__staff=False)
    org.pshah.groups.add(Group.objects.get(name=roles.EXECUTIVE_DIRECTOR_OF_CUSTOMERS))
    case = closed_case(org)
    today = timezone.localdate()
    restriction = approved_on(case.restrictions.get(), today - datetime.timedelta(days=10))
    restriction = restrictions.bring_into_force(restriction, org.rkaur, today, today)
    Restriction.objects.filter(pk=restriction.pk).update(
        types=[*restriction.types, "no_reply_topics"],
        no_reply_topics="The 2019 parking dispute",
        correspondence_reader="Emma Brown, customer experience manager",
    )
    restriction.refresh_from_db()
    if state == "sensitive":
        services.mark_sensitive(case, org.pshah, [org.pshah, org.omensah])
        case.refresh_from_db()
    complaint = complaints.log_new_complaint(restriction, org.mjones, today, "letter", "My repair was missed.")
    item = no_reply.log_no_reply_item(restriction, org.mjones, today, "email", "Parking", "The same again.")
    staff = set(ROLES) - {"contractor", "anonymous"}
    readers = CHAIN["closed"] if state == "closed" else {"director_pshah", "director_omensah"}
    base = f"/cases/{case.pk}/complaints/{complaint.pk}/"
    item_url = f"/cases/{case.pk}/no-reply/{item.pk}/"
    pages = {
        "/cases/complaints/": DIRECTORS,
        "/cases/to-read/": staff,
        base: readers,
        f"/cases/{case.pk}/complaints/{complaint.pk + 1000}/": set(),
        item_url: readers,
        f"/cases/{case.pk}/no-reply/{item.pk + 1000}/": set(),
    }
    # Posted empty (or too long): only who may act gets past the 404, to a 400.
    marker = {"cxm_ebrown"} if state == "closed" else set()
    posts = {
        base + "decide/": ({}, {"director_pshah"}),
        base + "delegate/": ({}, {"director_pshah"}),
        item_url + "read/": ({"read_note": "x" * 5001}, marker),
    }
    logs = [
        f"/residents/restrictions/{restriction.pk}/new-complaint/",
        f"/residents/restrictions/{restriction.pk}/no-reply/",
    ]
    failures = []
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(getattr(org, USERNAME[role]))
        checks = [("GET", url, {}, 200 if role in allowed else 404) for url, allowed in pages.items()]
        checks += [("POST", url, data, 400 if role in allowed else 404) for url, (data, allowed) in posts.items()]
        for url in logs:
            checks += [
                ("GET", url, {}, 200 if role in staff else 404),
                ("POST", url, {}, 400 if role in staff else 404),
            ]
        checks += [("GET", "/residents/restrictions/999999/new-complaint/", {}, 404)]
        for method, url, data, expected in checks:
            response = client.get(url) if method == "GET" else client.post(url, data)
            if role == "anonymous":
                ok = response.status_code == 302 and response["Location"].startswith("/sign-in/")
            else:
                ok = response.status_code == expected
            if not ok:
                failures.append(f"{role} {method} {url}: {response.status_code}, expected {expected}")
    assert not failures, f"state {state}:\n" + "\n".join(failures)


@pytest.mark.parametrize("state", ["closed", "sensitive"])
def test_recording_an_appeal_against_a_warning_letter_for_every_role(org, client, state):
    from home import roles
    from tests.casework.letters import warning_sent
    from tests.factories import UserFactory

    org.dfoster = UserFactory(username="dfoster", roles=[roles.CONTRACTORS], roles__staff=False)
    case, warning, _ = warning_sent(org)
    staff = set(ROLES) - {"contractor", "anonymous"}
    if state == "sensitive":
        services.mark_sensitive(case, org.pshah, [org.pshah, org.omensah])
        staff = {"director_pshah", "director_omensah"}
    url = f"/residents/warnings/{warning.pk}/appeal/"
    failures = []
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(getattr(org, USERNAME[role]))
        checks = [
            ("GET", url, 200 if role in staff else 404),
            ("POST", url, 400 if role in staff else 404),
            ("GET", f"/residents/warnings/{warning.pk + 1000}/appeal/", 404),
        ]
        for method, address, expected in checks:
            response = client.get(address) if method == "GET" else client.post(address, {})
            if role == "anonymous":
                ok = response.status_code == 302 and response["Location"].startswith("/sign-in/")
            else:
                ok = response.status_code == expected
            if not ok:
                failures.append(f"{role} {method} {address}: {response.status_code}, expected {expected}")
    assert not failures, f"state {state}:\n" + "\n".join(failures)


# --- Breaches and refusing all contact (LHP 31): every URL × every role ----------------------


@pytest.mark.parametrize("state", ["closed", "sensitive"])
def test_every_breach_url_for_every_role(org, client, state):
    from django.utils import timezone

    from casework.services import breaches, restrictions
    from home import roles
    from tests.casework.factories import approved_on
    from tests.factories import UserFactory

    org.dfoster = UserFactory(username="dfoster", roles=[roles.CONTRACTORS], roles__staff=False)
    org.kbaker = UserFactory(username="kbaker", roles=[roles.EXECUTIVE_DIRECTOR_OF_CUSTOMERS])
    case = closed_case(org)
    today = timezone.localdate()
    restriction = approved_on(case.restrictions.get(), today - datetime.timedelta(days=10))
    restriction = restrictions.bring_into_force(restriction, org.rkaur, today, today)
    if state == "sensitive":
        services.mark_sensitive(case, org.pshah, [org.pshah, org.omensah])
    breach = breaches.record_breach(
        restriction,
        org.mjones,
        today,
        "phone",
        "Shouted.",
        documents=[SimpleUploadedFile("a.txt", b"call note", content_type="text/plain")],
    )
    document = breach.documents.get()
    # A breach gives the case to the Executive Director of Customers, unless it is sensitive.
    readers = CHAIN["closed"] | {"edc"} if state == "closed" else {"director_pshah", "director_omensah"}
    refusers = {"edc"} if state == "closed" else set()
    pages = {
        f"/cases/{case.pk}/breaches/{breach.pk}/documents/{document.pk}/": readers,
        f"/cases/{case.pk}/breaches/{breach.pk}/documents/{document.pk + 1000}/": set(),
        f"/cases/{case.pk}/restrictions/{restriction.pk}/breach/": readers,
        f"/cases/{case.pk}/restrictions/{restriction.pk}/refuse-all-contact/": refusers,
        f"/cases/{case.pk}/restrictions/{restriction.pk + 1000}/refuse-all-contact/": set(),
    }
    # Forms posted empty: whoever gets past the 404 gets a 400.
    posts = {
        f"/cases/{case.pk}/restrictions/{restriction.pk}/breach/": readers,
        f"/cases/{case.pk}/restrictions/{restriction.pk}/refuse-all-contact/": refusers,
    }
    roles_here = [*ROLES, "edc"]
    usernames = {**USERNAME, "edc": "kbaker"}
    staff = set(roles_here) - {"contractor", "anonymous"}
    record_url = f"/residents/restrictions/{restriction.pk}/breach/"
    failures = []
    for role in roles_here:
        client.logout()
        if role != "anonymous":
            client.force_login(getattr(org, usernames[role]))
        checks = [("GET", url, 200 if role in allowed else 404) for url, allowed in pages.items()]
        checks += [("POST", url, 400 if role in allowed else 404) for url, allowed in posts.items()]
        checks += [
            ("GET", record_url, 200 if role in staff else 404),
            ("POST", record_url, 400 if role in staff else 404),
            ("GET", "/residents/restrictions/999999/breach/", 404),
        ]
        for method, url, expected in checks:
            response = client.get(url) if method == "GET" else client.post(url, {})
            if role == "anonymous":
                ok = response.status_code == 302 and response["Location"].startswith("/sign-in/")
            else:
                ok = response.status_code == expected
            if not ok:
                failures.append(f"{role} {method} {url}: {response.status_code}, expected {expected}")
    assert not failures, f"state {state}:\n" + "\n".join(failures)
    assert breach.restriction.breaches.count() == 1


@pytest.mark.parametrize("state", ["closed", "sensitive"])
def test_every_review_url_for_every_role(org, client, state):
    from django.utils import timezone

    from casework.models import Restriction, Review
    from casework.services import restrictions, reviews
    from home import roles
    from tests.casework.factories import approved_on
    from tests.factories import UserFactory

    org.dfoster = UserFactory(username="dfoster", roles=[roles.CONTRACTORS], roles__staff=False)
    case = closed_case(org)
    today = timezone.localdate()
    restriction = approved_on(case.restrictions.get(), today - datetime.timedelta(days=10))
    restriction = restrictions.bring_into_force(restriction, org.rkaur, today, today)
    if state == "sensitive":
        services.mark_sensitive(case, org.pshah, [org.pshah, org.omensah, org.rkaur])
    Restriction.objects.filter(pk=restriction.pk).update(next_review_date=today + datetime.timedelta(days=3))
    assert reviews.open_due_reviews() == 1
    review = Review.objects.get()
    readers = CHAIN["closed"] if state == "closed" else {"director_pshah", "director_omensah", "cxm_rkaur"}
    cxms = {"cxm_rkaur", "cxm_ebrown"} & readers
    base = f"/cases/{case.pk}/reviews/{review.pk}/"

    def check(pages, posts):
        failures = []
        for role in ROLES:
            client.logout()
            if role != "anonymous":
                client.force_login(getattr(org, USERNAME[role]))
            checks = [("GET", url, 200 if role in allowed else 404) for url, allowed in pages.items()]
            # Forms posted empty: only who may act gets past the 404 (a 400).
            checks += [("POST", url, 400 if role in allowed else 404) for url, allowed in posts.items()]
            for method, url, expected in checks:
                response = client.get(url) if method == "GET" else client.post(url, {})
                if role == "anonymous":
                    ok = response.status_code == 302 and response["Location"].startswith("/sign-in/")
                else:
                    ok = response.status_code == expected
                if not ok:
                    failures.append(f"{role} {method} {url}: {response.status_code}, expected {expected}")
        return failures

    pages = {base: readers, f"/cases/{case.pk}/reviews/{review.pk + 1000}/": set()}
    if state == "closed":
        pages[f"/cases/{case.pk + 1000}/reviews/{review.pk}/"] = set()
    failures = check(pages, {base + "record/": cxms, base + "decide/": set()})
    reviews.record_review(
        review,
        org.rkaur,
        "Emails only.",
        "None.",
        "Unchanged.",
        "None known.",
        "lift",
        "Contact has been fine for months.",
    )
    failures += check(pages, {base + "record/": set(), base + "decide/": {"director_pshah"}})
    assert not failures, f"state {state}:\n" + "\n".join(failures)
