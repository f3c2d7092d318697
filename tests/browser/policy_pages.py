"""Page objects for the policy library: searching, reading and confirming a policy, the read report,
and the policy editor and dashboard of Wagtail's admin, where new versions are reviewed and approved."""

import re
from urllib.parse import urlsplit

from playwright.sync_api import expect

from .pages import PageObject, assert_accessible

# Blocks stored before they had ids all render as "block-null-…", so their panels share one id
# and name. Stored block ids for every block come with the revision compare; then this goes.
BLOCKS_WITHOUT_IDS = {"landmark-unique": "policy blocks stored without ids share the panel id block-null-section"}


class SearchPage(PageObject):
    def open(self):
        self.page.goto(f"{self.base_url}/search/")
        return self

    def search(self, words):
        self.page.get_by_label("Search for").fill(words)
        self.page.get_by_role("main").get_by_role("button", name="Search").click()
        return self

    def result(self, title):
        return self.page.locator(".search-result").filter(has=self.page.get_by_role("link", name=title))

    def open_result(self, title):
        self.result(title).get_by_role("link", name=title).click()
        return PolicyPage(self.page, self.base_url)


class PolicyPage(PageObject):
    def open(self, path):
        self.page.goto(f"{self.base_url}{path}")
        return self

    def expect_title(self, title):
        expect(self.page.get_by_role("heading", level=1)).to_contain_text(title)

    def highlighted_id(self):
        """The paragraph or section the address points at, once it is highlighted and on screen."""
        self.page.wait_for_load_state("load")
        target = self.page.evaluate("() => decodeURIComponent(location.hash.slice(1))")
        element = self.page.locator(f"[id='{target}']")
        expect(element).to_be_in_viewport()
        # A paragraph is highlighted whole; a section by its heading.
        marked = element.locator(".policy-section__heading") if target.startswith("section-") else element
        expect(marked).to_have_css("outline-style", "solid")
        return target

    def expect_overdue(self):
        expect(self.page.locator("#review-status")).to_contain_text("Overdue for review")

    def go_to_contents_entry(self, label):
        self.page.get_by_role("navigation", name="Contents").get_by_role("link", name=label).click()

    def confirm_read(self, version):
        self.page.get_by_role("button", name=f"I have read this version ({version})").click()

    def expect_read(self, version):
        expect(self.page.locator("#read-confirmation")).to_contain_text(f"You have read {version}.")

    def version_row(self, label):
        """The line of the version history for `label`."""
        history = self.page.locator("#version-history")
        return history.get_by_role("row").filter(has=self.page.get_by_role("rowheader", name=label, exact=True))

    def summary_paragraph(self, text):
        """The paragraph of the brief summary that says exactly `text`."""
        return (
            self.page.get_by_role("region", name="Brief policy summary")
            .get_by_role("paragraph")
            .filter(has_text=re.compile(rf"^\s*{re.escape(text)}\s*$"))
        )


class ReadReportPage(PageObject):
    """The head of customer services' list of who has read a policy, by team."""

    def open_from_navigation(self):
        self.page.goto(f"{self.base_url}/")
        self.page.get_by_role("link", name="Policy read report").click()
        return self

    def choose_policy(self, title):
        self.page.get_by_role("navigation", name="Policies").get_by_role("link", name=title).click()
        expect(self.page.get_by_role("heading", level=1)).to_have_text(f"Who has read {title}")
        return self

    def path(self):
        return urlsplit(self.page.url).path

    def csv_path(self):
        return self.page.get_by_role("link", name="Download as CSV").get_attribute("href")

    def team(self, name):
        return self.page.locator(".read-report__team").filter(has=self.page.get_by_role("heading", name=name))

    def row(self, person):
        return self.page.get_by_role("row").filter(has=self.page.get_by_role("rowheader", name=person, exact=True))

    def download_csv(self):
        """Download the report as CSV: its file name and text."""
        with self.page.expect_download() as info:
            self.page.get_by_role("link", name="Download as CSV").click()
        download = info.value
        with open(download.path(), encoding="utf-8") as file:
            return download.suggested_filename, file.read()


# --- Wagtail's admin ---------------------------------------------------------------------
# The admin's markup is Wagtail's, so these page objects go by what it shows on screen:
# labels, button names and the dashboard's panel headings.


class AdminDashboard(PageObject):
    def open(self):
        self.page.goto(f"{self.base_url}/admin/")
        return self

    def panel(self, heading):
        return self.page.get_by_role("region", name=heading, exact=True)

    def awaiting_review_row(self, title):
        """The row for `title` in "Awaiting your review": what this person has to review or approve."""
        return self.panel("Awaiting your review").get_by_role("row").filter(has_text=title)

    def open_due_for_review(self, title):
        self.panel("Policies due for review").get_by_role("link", name=title).click()
        return PolicyEditor(self.page, self.base_url).expect_open(title)

    def act_on(self, title, action):
        """Choose `action` ("Approve", "Request changes"…) from the row's Actions menu."""
        row = self.awaiting_review_row(title)
        row.get_by_role("button", name="Actions").click()
        # The action is posted from a script, then the dashboard comes back: wait for it.
        with self.page.expect_navigation():
            row.get_by_role("button", name=action, exact=True).click()
        return self


class PolicyEditor(PageObject):
    """A policy page in Wagtail's page editor."""

    def visit(self, path):
        self.page.goto(f"{self.base_url}{path}")
        return self

    def expect_open(self, title):
        self.page.wait_for_url("**/admin/pages/*/edit/")
        expect(self.page).to_have_title(re.compile(rf"^Editing .*{re.escape(title)}"))
        expect(self.footer()).to_be_visible()
        return self

    def assert_accessible(self):
        """axe on the editor with its minimap open. Closed, Wagtail takes the minimap's links out
        of the tab order but leaves its list scrolling, which axe reports as a scroll box the
        keyboard cannot reach; the toggle button is how the keyboard opens it."""
        toggle = self.page.locator("#w-minimap-toggle")
        was_open = toggle.get_attribute("aria-expanded") == "true"
        if not was_open:
            toggle.click()
            expect(toggle).to_have_attribute("aria-expanded", "true")
            # The minimap slides open: measured mid-slide, the toggle overlaps its neighbour and axe
            # reports its target size. Check the editor as it rests.
            self.page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
        assert_accessible(self.page, known=BLOCKS_WITHOUT_IDS)
        if not was_open:
            toggle.click()
            expect(toggle).to_have_attribute("aria-expanded", "false")
        return self

    def field(self, label):
        # Top-level fields also name their panel and its anchor links: take the text box.
        return self.page.get_by_role("textbox", name=label, exact=True)

    def fill(self, label, value):
        self.field(label).fill(value)
        return self

    def fill_date(self, label, value):
        """Type a date (YYYY-MM-DD), then leave the field.

        Wagtail's date picker opens a moment after the field takes focus and covers the footer's
        buttons: let it open, then close it by moving on to the next field.
        """
        picker = self.page.locator(".xdsoft_datetimepicker:visible")
        self.field(label).fill(value)
        expect(picker).to_have_count(1)
        self.field(label).press("Tab")
        expect(picker).to_have_count(0)
        return self

    def add_to(self, label, text):
        """Add `text` at the end of a field, after what it already says."""
        field = self.field(label)
        field.fill(field.input_value().rstrip() + text)
        return self

    def footer(self):
        return self.page.get_by_role("navigation", name="Actions (footer)")

    def more_actions(self):
        self.footer().get_by_role("button", name="More actions").click()
        return self.footer()

    def submit_to(self, workflow_name):
        self.more_actions().get_by_role("button", name=f"Submit to {workflow_name}").click()
        expect(self.page.get_by_text("has been submitted for moderation")).to_be_visible()
        return self

    def workflow_actions(self):
        """The names of every button in the editor's footer, the dropdown included."""
        footer = self.footer()
        expect(footer).to_be_visible()
        toggle = footer.get_by_role("button", name="More actions")
        if toggle.count():
            toggle.click()
        return [name.strip() for name in footer.get_by_role("button").all_inner_texts() if name.strip()]

    def choose_action(self, name):
        footer = self.footer()
        button = footer.get_by_role("button", name=name, exact=True)
        if not button.is_visible():
            footer.get_by_role("button", name="More actions").click()
        button.click()
        return self
