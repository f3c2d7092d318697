"""Forms for breaches of a restriction and refusing all contact (LHP 31)."""

from django import forms
from django.utils import timezone

from .choices import Channel
from .forms import MultipleFileField
from .services.breaches import breach_problems


class RecordBreachForm(forms.Form):
    occurred_on = forms.DateField(
        label="When did it happen?",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="The day the resident made contact against the arrangements.",
        error_messages={
            "required": "Give the date the breach happened.",
            "invalid": "Give the date the breach happened as a date, for example 27 11 2026.",
        },
    )
    channel = forms.ChoiceField(
        label="How did the resident make contact?",
        choices=Channel.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how the resident made contact.",
            "invalid_choice": "Choose how the resident made contact.",
        },
    )
    what_happened = forms.CharField(
        label="What happened",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "true"}),
        help_text="What the resident did against the arrangements, and what was said, as exactly as you can.",
        error_messages={"required": "Say what happened: what the resident did against the arrangements."},
    )
    documents = MultipleFileField(
        label="Evidence files",
        required=False,
        help_text="An email, a letter, a screenshot or a note of the call. Files are kept private.",
    )

    def __init__(self, *args, restriction=None, **kwargs):
        kwargs.setdefault("initial", {"occurred_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.restriction = restriction

    def clean(self):
        data = super().clean()
        # Every rule of the service named at once, on its field (the service checks them again).
        if self.restriction is not None:
            values = {name: data.get(name) for name in ("occurred_on", "channel", "what_happened")}
            for field, message in breach_problems(self.restriction, **values):
                if field not in self.errors:
                    self.add_error(field, message)
        return data

    def service_values(self):
        data = self.cleaned_data
        return {
            "occurred_on": data["occurred_on"],
            "channel": data["channel"],
            "what_happened": data["what_happened"],
            "documents": data.get("documents") or [],
        }


class RefuseAllContactForm(forms.Form):
    justification = forms.CharField(
        label="Why all contact is refused",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "true"}),
        help_text="The breaches and why the restrictions have not worked (LHP 31). The case's people read it.",
        error_messages={"required": "Write why all contact is refused: the breaches and why the restrictions failed."},
    )
