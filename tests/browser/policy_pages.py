"""Page objects for the policy library: searching, reading a policy, confirming it has been read."""

from playwright.sync_api import Page, expect


class SearchPage:
    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url

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


class PolicyPage:
    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url

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
