import pytest
from playwright.sync_api import expect

from tests.browser.pages import SignInPage, assert_accessible, assert_no_sideways_scrolling
from tests.factories import UserFactory


def test_staff_member_signs_in_and_sees_the_home_page(live_site, page):
    UserFactory(username="sali", first_name="Sara", last_name="Ali")
    sign_in_page = SignInPage(page, live_site.url).open()
    assert_accessible(page)
    home = sign_in_page.sign_in("sali")
    home.expect_greeting("Sara")
    assert_accessible(page)
    home.sign_out()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to the staff intranet")


def test_wrong_password_is_explained(live_site, page):
    UserFactory(username="sali")
    SignInPage(page, live_site.url).open().sign_in("sali", "wrong-password")
    expect(page.get_by_role("alert")).to_contain_text("The username or password is not right")
    assert_accessible(page)


@pytest.mark.parametrize("width", [320, 640], ids=["320px", "200pc-zoom-of-1280px"])
def test_layout_works_on_a_narrow_screen_and_zoomed(live_site, page, width):
    UserFactory(username="sali", first_name="Sara")
    page.set_viewport_size({"width": width, "height": 640})
    SignInPage(page, live_site.url).open().sign_in("sali").expect_greeting("Sara")
    assert_no_sideways_scrolling(page)
    assert_accessible(page)
