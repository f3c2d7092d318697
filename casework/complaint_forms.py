"""Forms for what a restricted resident sends (LHP 30, 33): logging a new complaint or an
item on a no-reply topic, delegating and deciding a new complaint, marking an item read."""

from django import forms
from django.utils import timezone

from .choices import Channel


class _Received(forms.Form):
    received_on = forms.DateField(
        label="When was it received?",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="The day it reached us.",
    )
    channel = forms.ChoiceField(
        label="How did it come?",
        choices=Channel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how it came."},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"received_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class LogNewComplaintForm(_Received):
    summary = forms.CharField(
        label="The complaint, in the resident's words",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "true"}),
    )


class LogNoReplyItemForm(_Received):
    topic = forms.CharField(
        label="Which topic is it about?",
        max_length=200,
        help_text="One of the topics that get no reply, as the restriction names them.",
    )
    summary = forms.CharField(
        label="What it says, in short",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "true"}),
    )


class DecideNewComplaintForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[
            ("accept", "Accept it into the complaints process"),
            ("decline", "Decline it, with reasons the resident is told"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to accept it or decline it."},
    )
    complaint_reference = forms.CharField(
        label="Complaint reference (if accepted)",
        max_length=50,
        required=False,
        help_text="The reference the complaints process gave it.",
    )
    reasons = forms.CharField(
        label="Reasons (if declined), as the resident will read them",
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "true"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="decide", **kwargs)

    def service_values(self):
        data = self.cleaned_data
        return {
            "accept": data["decision"] == "accept",
            "complaint_reference": data["complaint_reference"],
            "reasons": data["reasons"],
        }


class DelegateNewComplaintForm(forms.Form):
    director = forms.TypedChoiceField(
        label="Which director decides it?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the director who decides it."},
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, prefix="delegate", **kwargs)
        self.people = {person.pk: person for person in people}
        self.fields["director"].choices = [
            (person.pk, person.get_full_name() or person.username) for person in self.people.values()
        ]

    def chosen(self):
        return self.people.get(self.cleaned_data["director"])


class MarkReadForm(forms.Form):
    read_note = forms.CharField(
        label="What was done (optional)",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "true"}),
        help_text="For example: nothing new, filed; or passed to the repairs team as a new request.",
    )
