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
