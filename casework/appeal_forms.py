"""Forms for appeals (Wandle 3.10): recording one, declaring a conflict, naming who decides,
and the decision."""

import copy

from django import forms
from django.utils import timezone

from .forms import RecommendationFields
from .models import Appeal
from .services import variation


class RecordAppealForm(forms.Form):
    received_on = forms.DateField(
        label="When was the appeal received?",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="The day it reached us: the director decides within 28 days of it.",
    )
    channel = forms.ChoiceField(label="How did it come?", choices=Appeal.Channel.choices, widget=forms.RadioSelect)
    grounds = forms.CharField(
        label="The resident's grounds, in their words",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "true"}),
    )
    document = forms.FileField(
        label="A document they sent",
        required=False,
        help_text="A letter, email or photo they sent with the appeal.",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"received_on": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def service_values(self):
        data = self.cleaned_data
        return {
            "received_on": data["received_on"],
            "channel": data["channel"],
            "grounds": data["grounds"],
            "documents": [data["document"]] if data.get("document") else [],
        }


def add_contact_details(form, restriction):
    """Add to `form` the contact detail fields `restriction`'s types set (LHP 28), starting from
    its own, so that a variation restates them with the terms and none is left stale."""
    form.detail_names = variation.detail_fields(restriction) if restriction is not None else []
    for name in form.detail_names:
        field = copy.deepcopy(RecommendationFields.base_fields[name])
        field.label = f"{field.label}, from now on"
        field.help_text = "Only if varied: change it with the terms, or leave it as it is."
        form.fields[name] = field
        form.initial.setdefault(name, getattr(restriction, name))


def contact_details(form):
    """The contact details a valid form with add_contact_details gives: a dict, or None."""
    if not form.detail_names:
        return None
    return {name: form.cleaned_data.get(name) or "" for name in form.detail_names}


class DecideAppealForm(forms.Form):
    outcome = forms.ChoiceField(label="Outcome", choices=Appeal.Outcome.choices, widget=forms.RadioSelect)
    reasons = forms.CharField(
        label="Reasons, as the resident will read them",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "true"}),
    )
    new_terms = forms.CharField(
        label="The terms from now on (only if varied)",
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "true"}),
        help_text="Exactly what the restrictions are from now on. Access to the complaints process cannot be removed.",
    )

    def __init__(self, *args, on_warning=False, restriction=None, **kwargs):
        super().__init__(*args, prefix="decide", **kwargs)
        add_contact_details(self, None if on_warning else restriction)
        if on_warning:
            # A warning letter is appealed for what it states: varied means corrected.
            self.fields["outcome"].choices = list(Appeal.WARNING_OUTCOMES.items())
            self.fields["new_terms"].label = "What the corrected letter puts right (only if varied)"
            self.fields["new_terms"].help_text = (
                "The facts the letter got wrong, and what they are. A corrected warning letter is drafted to replace "
                "the one sent."
            )

    @property
    def detail_fields(self):
        return [self[name] for name in self.detail_names]

    def service_values(self):
        data = self.cleaned_data
        values = {"outcome": data["outcome"], "reasons": data["reasons"], "new_terms": data["new_terms"]}
        # Details change only with a variation: otherwise what is shown is left as it is.
        if data["outcome"] == Appeal.Outcome.VARIED:
            values["details"] = contact_details(self)
        return values


class AppealConflictForm(forms.Form):
    reason = forms.CharField(
        label="What is the conflict?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example: I manage the officer who reported it.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="conflict", **kwargs)


class NameDeciderForm(forms.Form):
    person = forms.TypedChoiceField(label="Who decides the appeal?", coerce=int, widget=forms.RadioSelect)

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, prefix="name", **kwargs)
        self.people = {person.pk: person for person in people}
        self.fields["person"].choices = [
            (person.pk, person.get_full_name() or person.username) for person in self.people.values()
        ]

    def chosen(self):
        return self.people.get(self.cleaned_data["person"])
