"""The register's filter, and the import of residents from the housing management system."""

import datetime

from django import forms

from home.models import Team

from .choices import RestrictionType
from .services import register

ANY = [("", "Any")]


class RegisterFilterForm(forms.Form):
    """Sent by GET: every field optional, a bad value is shown with its message and the rest kept."""

    q = forms.CharField(
        label="Resident", max_length=200, required=False, help_text="A name, customer reference, address or postcode."
    )
    kind = forms.ChoiceField(label="Kind", choices=ANY + register.KINDS, required=False)
    state = forms.ChoiceField(label="State", choices=ANY + register.STATES, required=False)
    restriction_type = forms.ChoiceField(
        label="Restriction type", choices=ANY + RestrictionType.choices, required=False
    )
    team = forms.ModelChoiceField(
        label="Team of the reporter",
        queryset=Team.objects.order_by("name"),
        required=False,
        empty_label="Any",
    )
    decided_from = forms.DateField(
        label="Decided from",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="For example 2026-04-01.",
    )
    decided_to = forms.DateField(
        label="Decided to",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Included.",
    )
    review_overdue = forms.BooleanField(label="Only restrictions whose review is overdue", required=False)
    appeal_open = forms.BooleanField(label="Only entries with an appeal open", required=False)
    sort = forms.ChoiceField(
        label="Sort by",
        choices=[(key, label) for key, (label, _) in register.SORTS.items()],
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("decided_from"), cleaned.get("decided_to")
        if start and end and start > end:
            self.add_error("decided_to", "The end of the period must be on or after its start.")
        return cleaned

    def register_filter(self):
        """The RegisterFilter the valid form describes."""
        data = self.cleaned_data
        team = data.get("team")
        return register.RegisterFilter(
            query=(data.get("q") or "").strip(),
            kind=data.get("kind") or "",
            state=data.get("state") or "",
            restriction_type=data.get("restriction_type") or "",
            team_id=team.pk if team else None,
            team_name=team.name if team else "",
            decided_from=data.get("decided_from"),
            decided_to=data.get("decided_to"),
            review_overdue=bool(data.get("review_overdue")),
            appeal_open=bool(data.get("appeal_open")),
            sort=data.get("sort") or register.DEFAULT_SORT,
        )


MAX_IMPORT_MB = 50


class ResidentImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file from the housing management system",
        help_text=(
            "UTF-8, its first line naming the columns (reference and name at least). "
            "Nothing changes until you apply it."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_MB * 1024 * 1024:
            raise forms.ValidationError(f"The file is larger than {MAX_IMPORT_MB} MB: split it and load each part.")
        return upload


EARLIEST, LATEST = datetime.date(2000, 1, 1), datetime.date(2099, 12, 31)


class PeriodForm(forms.Form):
    """A period of calendar days, both included (by GET)."""

    # A date field shows only ISO dates (YYYY-MM-DD): a default period must be written so.
    start = forms.DateField(
        label="From",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="For example 2025-04-01.",
    )
    end = forms.DateField(
        label="To", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), help_text="Included."
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        # Outside these years a date is a slip (and a period before it would not be a date).
        for name, day in (("start", start), ("end", end)):
            if day and not EARLIEST <= day <= LATEST:
                self.add_error(name, f"Give a date from {EARLIEST:%Y} to {LATEST:%Y}, for example 2025-04-01.")
        if start and end and start > end and not self.has_error("end"):
            self.add_error("end", "The end of the period must be on or after its start.")
        return cleaned
