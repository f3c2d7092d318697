"""Forms for letters to the resident: the draft's wording, and how the letter is issued."""

from django import forms

from .choices import Channel
from .models import Letter

TEXTAREA = forms.Textarea


class LetterDraftForm(forms.Form):
    """The wording of a draft letter; for a restriction letter not yet in force, how the
    resident contacts us instead, which the restriction keeps."""

    subject = forms.CharField(label="Heading", max_length=200)
    body = forms.CharField(
        label="Wording",
        max_length=20000,
        widget=TEXTAREA(attrs={"rows": 30, "spellcheck": "true"}),
        help_text="Blank line between paragraphs; “## ” starts a heading and “- ” a bullet. Keep the "
        "placeholders in double curly brackets: the case's facts go there when the letter is made.",
    )
    named_contact = forms.CharField(
        label="Named colleague or team the resident contacts",
        max_length=200,
        help_text="For example: the income team leader, Sam Patel.",
    )
    allowed_channel = forms.ChoiceField(
        label="The one way they contact us", choices=Channel.choices, widget=forms.RadioSelect
    )
    call_times = forms.CharField(
        label="When they may contact us",
        max_length=200,
        required=False,
        help_text="For example: Tuesdays, 10am to 12 noon. "
        "Leave empty for office hours (Monday to Friday, 9am to 5pm).",
    )

    ARRANGEMENTS = ("named_contact", "allowed_channel", "call_times")

    def __init__(self, *args, arrangements=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.arrangements = arrangements
        if not arrangements:
            for name in self.ARRANGEMENTS:
                del self.fields[name]

    @classmethod
    def for_letter(cls, letter, data=None):
        restriction = letter.restriction
        arrangements = restriction is not None and restriction.state == restriction.State.APPROVED
        initial = {"subject": letter.subject, "body": letter.body}
        if arrangements:
            initial.update(
                named_contact=restriction.named_contact,
                allowed_channel=restriction.allowed_channel,
                call_times=restriction.call_times,
            )
        return cls(data, initial=initial, arrangements=arrangements)

    def service_values(self):
        values = {"subject": self.cleaned_data["subject"], "body": self.cleaned_data["body"]}
        if self.arrangements:
            values.update({name: self.cleaned_data[name] for name in self.ARRANGEMENTS})
        return values


class IssueLetterForm(forms.Form):
    """How the letter is sent, in which format, and to whom (LHP 20–22: reasonable adjustments)."""

    method = forms.ChoiceField(label="How is it sent?", choices=Letter.Method.choices, widget=forms.RadioSelect)
    format = forms.ChoiceField(
        label="Format", choices=Letter.Format.choices, widget=forms.RadioSelect, initial=Letter.Format.STANDARD
    )
    recipient = forms.ChoiceField(
        label="Who does it go to?",
        choices=Letter.Recipient.choices,
        widget=forms.RadioSelect,
        initial=Letter.Recipient.RESIDENT,
    )
    third_party_name = forms.CharField(
        label="Third party's name", max_length=200, required=False, help_text="Next of kin, support worker or advocate."
    )
    third_party_relationship = forms.CharField(
        label="Who they are to the resident", max_length=100, required=False, help_text="For example: support worker."
    )
    third_party_address = forms.CharField(
        label="Third party's address",
        max_length=1000,
        required=False,
        widget=TEXTAREA(attrs={"rows": 3}),
        help_text="Needed when the letter goes to them instead of the resident.",
    )
    adjustment_reason = forms.CharField(
        label="Why (reasonable adjustments)",
        max_length=2000,
        required=False,
        widget=TEXTAREA(attrs={"rows": 2}),
        help_text="Needed for large print or a third party: what the resident asked for or needs (LHP 20–22).",
    )
    previewed = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_issue_%s")
        super().__init__(*args, **kwargs)

    def service_values(self):
        return {name: self.cleaned_data[name] for name in self.fields if name != "previewed"}
