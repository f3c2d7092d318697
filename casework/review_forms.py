"""Forms for reviews of restrictions (Wandle 3.9, LHP 29): the customer experience manager's
record and proposal, and the director's approval."""

from django import forms

from .appeal_forms import add_contact_details, contact_details
from .choices import MAX_DURATION_MONTHS
from .models import Review

TEXT = {"rows": 3, "spellcheck": "true"}


RECORDED = [
    "contacts",
    "incidents",
    "circumstances",
    "vulnerability",
    "proposal",
    "reasons",
    "new_terms",
    "extra_months",
]


class RecordReviewForm(forms.Form):
    contacts = forms.CharField(
        label="The resident's contacts since the last review",
        max_length=10000,
        widget=forms.Textarea(attrs=TEXT),
        help_text="How often, how, and whether within the arrangements.",
    )
    incidents = forms.CharField(
        label="Incidents and breaches of the restrictions",
        max_length=10000,
        widget=forms.Textarea(attrs=TEXT),
        help_text="Write “None” if there were none.",
    )
    circumstances = forms.CharField(
        label="The resident's circumstances", max_length=10000, widget=forms.Textarea(attrs=TEXT)
    )
    vulnerability = forms.CharField(
        label="Vulnerability and reasonable adjustments considered",
        max_length=10000,
        widget=forms.Textarea(attrs=TEXT),
    )
    proposal = forms.ChoiceField(
        label="What do you propose?",
        choices=Review.Proposal.choices,
        widget=forms.RadioSelect,
        help_text="Continuing is yours to decide; a variation, lifting or extension goes to a director to approve.",
    )
    reasons = forms.CharField(
        label="Reasons, as the resident will read them", max_length=10000, widget=forms.Textarea(attrs=TEXT)
    )
    new_terms = forms.CharField(
        label="The terms from now on (to vary, or to extend with new terms)",
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs=TEXT),
        help_text="Exactly what the restrictions are from now on. Access to the complaints process cannot be removed.",
    )
    extra_months = forms.IntegerField(
        label="Months beyond the end date (to extend)",
        required=False,
        min_value=1,
        max_value=MAX_DURATION_MONTHS,
        help_text=f"At most {MAX_DURATION_MONTHS} months more, as a new determination.",
    )

    def __init__(self, *args, restriction=None, **kwargs):
        super().__init__(*args, prefix="record", **kwargs)
        add_contact_details(self, restriction)

    @property
    def detail_fields(self):
        return [self[name] for name in self.detail_names]

    def service_values(self):
        values = {name: self.cleaned_data[name] for name in RECORDED}
        values["details"] = contact_details(self)
        return values


class DecideReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("approve", "Approve the proposal"), ("return", "Send it back to the customer experience managers")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Your note",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "true"}),
        help_text="Required to send it back: what should be looked at again.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="decide", **kwargs)

    def service_values(self):
        return {"approve": self.cleaned_data["decision"] == "approve", "note": self.cleaned_data["note"]}
