"""Page objects for casework: what each person sees and does, in their words."""

from playwright.sync_api import expect

from .pages import PageObject


class ReportPage(PageObject):
    def open(self):
        self.page.goto(f"{self.base_url}/cases/report/")
        return self

    def find_resident(self, query, choose):
        self.page.get_by_label("Find the resident").fill(query)
        self.page.get_by_role("button", name="Find resident").click()
        self.page.get_by_label(choose).check()
        return self

    def describe(self, when, what, impact, attach=None):
        p = self.page
        p.get_by_label("Date of the incident (or the first one)").fill(when)
        p.get_by_label("Phone", exact=True).check()
        p.get_by_label("Abusive or foul language").check()
        p.get_by_label("What happened").fill(what)
        p.get_by_label("Impact on staff and on the service").fill(impact)
        p.get_by_label("Yes, they were told their behaviour is unacceptable").check()
        if attach:
            p.get_by_label("Add evidence files").set_input_files(attach)
        return self

    def save_draft(self):
        self.page.get_by_role("button", name="Save as draft").click()
        return self

    def delete_draft(self):
        self.page.get_by_role("link", name="Delete this draft").click()
        expect(self.page.get_by_role("heading", level=1)).to_contain_text("Delete draft report")
        self.page.get_by_role("button", name="Delete the draft").click()
        return self

    def submit(self):
        self.page.get_by_role("button", name="Submit the report").click()
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Report submitted")
        return self.page.locator(".reference").inner_text()


class CasePage(PageObject):
    def open_from_queue(self, reference):
        self.page.goto(f"{self.base_url}/cases/awaiting-my-decision/")
        self.page.get_by_role("link", name=reference).click()
        return self

    def choose(self, label):
        self.page.get_by_label(label, exact=True).check()
        return self

    def fill(self, label, value):
        self.page.get_by_label(label).fill(value)
        return self

    def select(self, label, option):
        self.page.get_by_label(label).select_option(label=option)
        return self

    def record(self):
        self.page.get_by_role("button", name="Record my decision").click()
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Awaiting my decision")
        return self


class CheckPage(PageObject):
    """Check a resident before a call or a visit."""

    def find(self, query):
        self.page.goto(f"{self.base_url}/residents/check/")
        self.page.get_by_label("Resident or address").fill(query)
        self.page.get_by_role("button", name="Check").click()
        return self

    def result(self, name):
        return self.page.locator(".check-result").filter(has=self.page.get_by_role("heading", name=name))


class LetterPages(PageObject):
    """A CXM prepares a letter from the case page, edits its wording, previews and issues it."""

    def prepare_from_case(self, case_pk, kind="restriction letter"):
        self.page.goto(f"{self.base_url}/cases/{case_pk}/")
        self.page.get_by_role("button", name=f"Prepare the {kind}").click()
        expect(self.page.get_by_role("heading", level=1)).to_contain_text(kind.capitalize())
        return self

    def contact_instead(self, named_contact, channel, times=""):
        self.page.get_by_label("Named colleague or team the resident contacts").fill(named_contact)
        self.page.get_by_label(channel, exact=True).check()
        if times:
            self.page.get_by_label("When they may contact us").fill(times)
        return self

    def save_and_preview(self):
        self.page.get_by_role("button", name="Save and preview").click()
        expect(self.page.get_by_role("heading", level=1)).to_contain_text("Preview:")
        return self

    def letter(self):
        return self.page.get_by_role("region", name="The letter", exact=True)

    def issue(self, method="Post", format=None):
        self.page.get_by_label(method, exact=True).check()
        if format:
            self.page.get_by_label(format).check()
        self.page.get_by_role("button", name="Issue the letter").click()
        return self


class AppealPages(PageObject):
    """Whoever receives an appeal records it from the check page; the director decides it on its page."""

    def record_from_check(self, name, received_on, channel, grounds):
        CheckPage(self.page, self.base_url).result(name).get_by_role(
            "link", name="Record an appeal against these restrictions"
        ).click()
        expect(self.page.get_by_role("heading", level=1)).to_contain_text("Record an appeal")
        self.page.get_by_label("When was the appeal received?").fill(received_on.isoformat())
        self.page.get_by_label(channel, exact=True).check()
        self.page.get_by_label("The resident's grounds, in their words").fill(grounds)
        self.page.get_by_role("button", name="Record the appeal").click()
        return self

    def open(self, case_pk, appeal_pk):
        self.page.goto(f"{self.base_url}/cases/{case_pk}/appeals/{appeal_pk}/")
        return self

    def decide(self, outcome, reasons):
        self.page.get_by_label(outcome).check()
        self.page.get_by_label("Reasons, as the resident will read them").fill(reasons)
        self.page.get_by_role("button", name="Record the decision").click()
        return self


class NewComplaintPages(PageObject):
    """Whoever receives a new complaint from a restricted resident logs it from the check page;
    the Executive Director of Customers (or their delegate) decides it on its page (LHP 33)."""

    def log_from_check(self, name, received_on, channel, summary):
        CheckPage(self.page, self.base_url).result(name).get_by_role(
            "link", name="Log a new complaint they made"
        ).click()
        expect(self.page.get_by_role("heading", level=1)).to_contain_text("Log a new complaint")
        self.page.get_by_label("When was it received?").fill(received_on.isoformat())
        self.page.get_by_label(channel, exact=True).check()
        self.page.get_by_label("The complaint, in the resident's words").fill(summary)
        self.page.get_by_role("button", name="Log the new complaint").click()
        return self

    def open_from_queue(self, reference):
        self.page.goto(f"{self.base_url}/cases/awaiting-my-decision/")
        self.page.get_by_role("link", name="new complaint").first.click()
        expect(self.page.get_by_role("heading", level=1)).to_have_text("New complaints from restricted residents")
        self.page.get_by_role("link", name=reference).click()
        return self

    def decline(self, reasons):
        self.page.get_by_label("Decline it, with reasons the resident is told").check()
        self.page.get_by_label("Reasons (if declined), as the resident will read them").fill(reasons)
        self.page.get_by_role("button", name="Record the decision").click()


class ReviewPages(PageObject):
    """A review of restrictions: opened from the queue, recorded by a CXM, approved by a director."""

    def open_from_queue(self, reference):
        self.page.goto(f"{self.base_url}/cases/awaiting-my-decision/")
        self.page.get_by_role("link", name=f"Review {reference}").click()
        expect(self.page.get_by_role("heading", level=1)).to_have_text(f"Review {reference}")
        return self

    def record(self, proposal, reasons, new_terms="", extra_months=""):
        p = self.page
        p.get_by_label("The resident's contacts since the last review").fill("Weekly emails, within the terms.")
        p.get_by_label("Incidents and breaches of the restrictions").fill("None.")
        p.get_by_label("The resident's circumstances").fill("Unchanged; a support worker since August.")
        p.get_by_label("Vulnerability and reasonable adjustments considered").fill("Hearing loss: email suits her.")
        p.get_by_label(proposal).check()
        p.get_by_label("Reasons, as the resident will read them").fill(reasons)
        if new_terms:
            p.get_by_label("The terms from now on").fill(new_terms)
        if extra_months:
            p.get_by_label("Months beyond the end date").fill(str(extra_months))
        p.get_by_role("button", name="Record the review").click()
        return self

    def approve(self):
        self.page.get_by_label("Approve the proposal").check()
        self.page.get_by_role("button", name="Record your decision").click()
        return self
