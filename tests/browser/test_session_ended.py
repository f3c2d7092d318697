"""Signed out while typing: what was typed is not sent into the sign-in page and lost."""

from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from casework.models import Case
from tests.factories import PASSWORD, CustomerFactory, UserFactory

from .casework_pages import ReportPage
from .pages import assert_accessible, sign_in

WHAT_HAPPENED = "He rang six times in an hour and shouted each time."


def test_a_report_typed_while_the_session_ran_out_is_kept_and_saved_after_signing_in_again(live_site, page):
    manager = UserFactory(username="tnguyen")
    UserFactory(username="sali", line_manager=manager)
    CustomerFactory(name="Aisha Barker", reference="C100001")
    sign_in(page, live_site.url, "sali")
    report = ReportPage(page, live_site.url).open()
    page.get_by_label("What happened").fill(WHAT_HAPPENED)

    # The idle timeout passes: the server forgets the session. (The page is told the timeout is
    # two seconds, so that it checks before sending, as it would after a long pause.)
    Session.objects.all().delete()
    page.evaluate("document.body.dataset.sessionTimeout = '2'")
    page.wait_for_timeout(1100)
    report.save_draft()

    banner = page.get_by_role("alert")
    expect(banner).to_contain_text("You have been signed out")
    expect(page).to_have_url(f"{live_site.url}/cases/report/")
    expect(page.get_by_label("What happened")).to_have_value(WHAT_HAPPENED)
    assert not Case.objects.exists()
    assert_accessible(page)

    # Signing in again in another tab, then pressing the button again, saves what was typed.
    with page.context.expect_page() as new_tab:
        banner.get_by_role("link", name="Sign in again in a new tab").click()
    other = new_tab.value
    other.get_by_label("Username").fill("sali")
    other.get_by_label("Password").fill(PASSWORD)
    other.get_by_role("button", name="Sign in").click()
    expect(other.get_by_role("heading", level=1)).to_contain_text("Hello")
    other.close()

    report.save_draft()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report unacceptable behaviour")
    expect(page.get_by_text("Your draft report")).to_be_visible()
    draft = Case.objects.get()
    assert draft.what_happened == WHAT_HAPPENED
    assert draft.reporter.username == "sali"


def test_a_form_sent_soon_after_the_last_request_is_sent_without_asking_first(live_site, page):
    UserFactory(username="sali", line_manager=UserFactory())
    sign_in(page, live_site.url, "sali")
    ReportPage(page, live_site.url).open()
    page.get_by_label("What happened").fill(WHAT_HAPPENED)
    asked = []
    page.on("request", lambda request: asked.append(request.url) if request.url.endswith("/session/") else None)
    ReportPage(page, live_site.url).save_draft()
    expect(page.get_by_text("Your draft report")).to_be_visible()
    assert asked == []


def test_typing_keeps_the_session_alive(live_site, page, settings):
    settings.SESSION_COOKIE_AGE = 3  # seconds; the page is told so and checks in every second while typed into
    UserFactory(username="sali", line_manager=UserFactory())
    sign_in(page, live_site.url, "sali")
    report = ReportPage(page, live_site.url).open()
    field = page.get_by_label("What happened")
    for word in (WHAT_HAPPENED + " It went on for an hour and then he rang again.").split():
        field.press_sequentially(word + " ")
        page.wait_for_timeout(250)  # about six seconds of typing in all: twice the timeout
    report.save_draft()
    expect(page.get_by_text("Your draft report")).to_be_visible()
    assert Case.objects.get().what_happened.startswith(WHAT_HAPPENED)
