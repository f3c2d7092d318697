"""Page objects for the register: what the head of customer services sees and does."""

import re

from playwright.sync_api import expect

from .pages import PageObject


class RegisterPage(PageObject):
    def open_from_navigation(self):
        self.page.get_by_role("navigation", name="Main").get_by_role("link", name="Register").click()
        expect(self.page.get_by_role("heading", level=1)).to_have_text("The register")
        return self

    def field(self, label):
        """A filter field by its label (each is marked "(optional)" after it)."""
        return self.page.get_by_label(re.compile(rf"^{re.escape(label)}( \(optional\))?$"))

    def choose(self, label, option):
        self.field(label).select_option(label=option)
        return self

    def tick(self, label):
        self.page.get_by_label(label).check()
        return self

    def fill(self, label, value):
        self.field(label).fill(value)
        return self

    def show(self):
        self.page.get_by_role("button", name="Show").click()
        return self

    def count_heading(self):
        return self.page.get_by_role("heading", level=2).filter(has_text="entr")

    def table(self):
        return self.page.get_by_role("table")

    def download(self, link_name):
        """Download one of the files; returns the Playwright Download."""
        with self.page.expect_download() as info:
            self.page.get_by_role("link", name=link_name, exact=True).click()
        return info.value


class BoardReportPage(RegisterPage):
    """The report to the Board: a period, the figures with their charts, and the PDF."""

    def open_from_register(self):
        self.page.get_by_role("link", name="Report to the Board").click()
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Report to the Board")
        return self

    def choose_period(self, start, end):
        self.fill("From", f"{start:%Y-%m-%d}").fill("To", f"{end:%Y-%m-%d}")
        return self.show()

    def headline(self):
        return self.page.get_by_role("table", name="Uses of the policy, this period and the one before")

    def charts(self):
        return self.page.locator("img.board-chart__picture")

    def charts_drawn(self):
        """How many chart pictures the browser has loaded and drawn."""
        return self.charts().evaluate_all("images => images.filter(i => i.complete && i.naturalWidth > 0).length")
