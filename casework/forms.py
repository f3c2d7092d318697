from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from intranet.converters import as_id

from . import permissions
from .choices import (
    DEFAULT_REVIEW_INTERVAL_MONTHS,
    MAX_DURATION_MONTHS,
    MAX_REVIEW_INTERVAL_MONTHS,
    Category,
    Channel,
    RestrictionType,
    category_guidance,
)
from .models import Case, Customer, Decision, Recommendation, RedFlag
from .services import REQUIRED_TO_SUBMIT, flags, restrictions
from .services.decisions import DETAIL_FIELDS, NO_WARNING_REASON_NEEDED, missing_details
from .services.residents import FOUND_SHOWN, find_customers, too_short


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        # Each file is checked by the upload rules in the service layer, one by one.
        if not data:
            return []
        return list(data) if isinstance(data, list | tuple) else [data]


class CategoryCheckboxes(forms.CheckboxSelectMultiple):
    """Each behaviour with its one-line explanation and a link to its policy paragraph."""

    option_template_name = "casework/widgets/category_option.html"

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value in Category.values:
            option["guidance"] = category_guidance(value)
        return option


class _ReadOnceChoices(forms.models.ModelChoiceIterator):
    """A model choice field's choices from its queryset's rows, read once and kept: Django's own
    iterator reads them afresh each time (with a server-side cursor), and the report form reads
    its residents twice, for their radio buttons and for their flags."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class _ResidentChoiceField(forms.ModelChoiceField):
    iterator = _ReadOnceChoices


class ReportForm(forms.ModelForm):
    """The report. Everything is optional while it is a draft; submitting checks it is complete."""

    customer_query = forms.CharField(
        label="Find the resident",
        required=False,
        max_length=200,
        help_text="Name, customer reference, address or postcode, then press “Find resident”.",
    )
    customer = _ResidentChoiceField(
        label="Resident", queryset=Customer.objects.none(), required=False, widget=forms.RadioSelect, empty_label=None
    )
    channels = forms.MultipleChoiceField(
        label="How did the resident make contact?",
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    categories = forms.MultipleChoiceField(
        label="What kind of behaviour?",
        choices=Category.choices,
        widget=CategoryCheckboxes,
        required=False,
        help_text="Choose every one that applies. Each links to the policy paragraph it comes from.",
    )
    evidence = MultipleFileField(
        label="Evidence files",
        required=False,
        help_text="Emails, letters, screenshots, photos, call recordings. Files are kept private.",
    )

    class Meta:
        model = Case
        fields = [
            "customer",
            "customer_not_found",
            "unlisted_customer_name",
            "unlisted_customer_details",
            "first_incident_date",
            "last_incident_date",
            "channels",
            "categories",
            "what_happened",
            "impact",
            "resident_told",
            "open_complaint_reference",
            "vulnerability",
            "immediate_risk",
            "other_staff",
        ]
        widgets = {
            "first_incident_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "last_incident_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "resident_told": forms.RadioSelect,
            "what_happened": forms.Textarea(attrs={"rows": 6}),
            "impact": forms.Textarea(attrs={"rows": 4}),
            "vulnerability": forms.Textarea(attrs={"rows": 3}),
            "unlisted_customer_details": forms.Textarea(attrs={"rows": 3}),
            "other_staff": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"customer_not_found": "The resident is not in the list: I will describe them"}
        help_texts = {
            "immediate_risk": "Your line manager is told at once and the case goes to the top of every queue.",
            "other_staff": "Names and teams of colleagues who were there or were also affected.",
            "vulnerability": "Anything you know: health, disability, support worker, language needs.",
            "open_complaint_reference": "If the resident has a complaint open with us.",
            "unlisted_customer_name": "Needed when you have not chosen the resident from the list.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resident_told"].choices = [c for c in self.fields["resident_told"].choices if c[0]]
        self.fields["resident_told"].required = False
        # Optional while it is a draft, needed to submit: the label must not say "(optional)".
        for name in [*REQUIRED_TO_SUBMIT, "unlisted_customer_name"]:
            self.fields[name].needed_to_submit = True
        # A resident is needed: found here, or described under "not found".
        self.fields["customer_query"].requirement_note = "needed, unless you describe the resident below"
        query = (self.data.get("customer_query") or "") if self.is_bound else ""
        finding = self.is_bound and self.data.get("action") == "find"
        if len(query) > self.fields["customer_query"].max_length or "\x00" in query:
            query, finding = "", False  # refused with the field's reason, and not searched for first
        # "Find resident" pressed with too little to search for: say what is needed, not "no resident found".
        self.too_short = bool(finding or query.strip()) and too_short(query)
        if self.too_short:
            query = ""
        ids = {pk for pk in [self.instance.customer_id] if pk}
        chosen = as_id(self.data.get("customer")) if self.is_bound else None
        if chosen is not None:
            ids.add(chosen)
        # One more than shown, to tell whether there are more.
        matches = list(find_customers(query, limit=FOUND_SHOWN + 1).values_list("pk", flat=True)) if query else []
        self.more_found = len(matches) > FOUND_SHOWN
        matches = matches[:FOUND_SHOWN]
        self.fields["customer"].queryset = Customer.objects.filter(pk__in=ids | set(matches))
        self.fields["customer"].label_from_instance = lambda c: f"{c.name}, {c.address} {c.postcode} ({c.reference})"
        # Residents just found exist: only a resident chosen or kept before needs asking after.
        if not matches and not self.fields["customer"].queryset.exists():
            # No resident to choose from, so no radio buttons: the search box is where to go.
            self.fields["customer"].error_target = "customer_query"
        self.searched = bool(query)
        self.match_count = len(matches)

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first_incident_date"), cleaned.get("last_incident_date")
        today = timezone.localdate()
        for name, day in [("first_incident_date", first), ("last_incident_date", last)]:
            if day and day > today:
                self.add_error(name, "The date cannot be in the future.")
        if first and last and last < first and "last_incident_date" not in self.errors:
            self.add_error("last_incident_date", "The latest incident cannot be before the first one.")
        return cleaned

    def report_values(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data}


def _month_field(label, maximum, initial=None, help_text=""):
    return forms.IntegerField(
        label=label, min_value=1, max_value=maximum, required=False, initial=initial, help_text=help_text
    )


class RecommendationFields(forms.Form):
    recommendation_kind = forms.ChoiceField(
        label="Recommendation", choices=Recommendation.Kind.choices, widget=forms.RadioSelect, required=False
    )
    restriction_types = forms.MultipleChoiceField(
        label="Restrictions",
        choices=RestrictionType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Only for restrictions.",
    )
    terms = forms.CharField(
        label="Terms of the restrictions",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
        help_text="Exactly what the resident may and may not do, e.g. “one call on Tuesday mornings to …”.",
    )
    duration_months = _month_field("Proposed duration in months", MAX_DURATION_MONTHS, help_text="At most 18 months.")
    review_interval_months = _month_field(
        "Review every (months)",
        MAX_REVIEW_INTERVAL_MONTHS,
        initial=DEFAULT_REVIEW_INTERVAL_MONTHS,
        help_text="Quarterly unless there is a reason; never more than 12 months apart.",
    )

    no_warning_reason = forms.CharField(
        label="Why not a warning letter first?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10000,
        required=False,
        help_text="LHP 26–27: a warning comes first. Say why not, for example an immediate risk to staff.",
    )
    named_contact = forms.CharField(
        label="Named colleague or team",
        max_length=200,
        required=False,
        help_text="Who the resident contacts, and only them.",
    )
    allowed_channel = forms.ChoiceField(
        label="The one channel allowed", choices=[("", "Choose a channel"), *Channel.choices], required=False
    )
    call_times = forms.CharField(
        label="Days and times for contact",
        max_length=200,
        required=False,
        help_text="For example: Tuesdays, 10am to 12 noon.",
    )
    no_reply_topics = forms.CharField(
        label="Topics that get no reply", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )
    correspondence_reader = forms.CharField(
        label="Who reads the correspondence on those topics",
        max_length=200,
        required=False,
        help_text="Nothing the resident sends is left unread (LHP 33).",
    )

    DETAIL_NOTES = {
        "named_contact": "needed for contact with a named colleague or team",
        "allowed_channel": "needed for one channel of contact only",
        "call_times": "needed for limited calls or emails",
        "no_reply_topics": "needed for no reply on specified topics",
        "correspondence_reader": "needed for no reply on specified topics",
    }

    # A reason a warning is not enough already on record (the director's form: the CXM's).
    earlier_no_warning_reason = ""

    def __init__(self, *args, warned_before=False, **kwargs):
        """`warned_before`: whether the resident had a warning letter on an earlier case
        (casework.services.warned_before), so that a missing reason why not is named with
        the other missing parts, not after them."""
        super().__init__(*args, **kwargs)
        self.warned_before = warned_before
        for name in ["terms", "duration_months", "review_interval_months"]:
            self.fields[name].requirement_note = "needed for restrictions"
        for name, note in self.DETAIL_NOTES.items():
            self.fields[name].requirement_note = note
        self.fields["no_warning_reason"].requirement_note = (
            "not needed: the resident has had a warning letter"
            if warned_before
            else "needed for restrictions: the resident has had no warning letter"
        )

    def check_recommendation(self):
        """Name every missing part of a recommendation at once, rather than one per try; the
        service checks the same rules again."""
        data = self.cleaned_data
        kind = data.get("recommendation_kind")
        if not kind:
            self.add_error("recommendation_kind", "Choose what you recommend.")
            return
        if kind != Recommendation.Kind.RESTRICTIONS:
            return
        types = data.get("restriction_types") or []
        if not types and "restriction_types" not in self.errors:
            self.add_error("restriction_types", "Choose at least one type of restriction.")
        if not (data.get("terms") or "").strip() and "terms" not in self.errors:
            self.add_error("terms", "Set out the terms of the restrictions.")
        if data.get("duration_months") is None and "duration_months" not in self.errors:
            self.add_error("duration_months", f"The duration must be between 1 and {MAX_DURATION_MONTHS} months.")
        for field, message in missing_details(types, data):
            if field not in self.errors:
                self.add_error(field, message)
        reason = (data.get("no_warning_reason") or "").strip() or self.earlier_no_warning_reason
        if not (self.warned_before or reason or "no_warning_reason" in self.errors):
            self.add_error("no_warning_reason", NO_WARNING_REASON_NEEDED)

    def recommendation_values(self):
        data = self.cleaned_data
        return {
            "recommendation_kind": data.get("recommendation_kind") or "",
            "restriction_types": data.get("restriction_types") or [],
            "terms": data.get("terms") or "",
            "duration_months": data.get("duration_months"),
            "review_interval_months": data.get("review_interval_months"),
            "details": {field: data.get(field) or "" for field in DETAIL_FIELDS},
            "no_warning_reason": data.get("no_warning_reason") or "",
        }


def recommendation_initial(recommendation):
    """A Recommendation as the initial values of RecommendationFields."""
    return {
        "recommendation_kind": recommendation.kind,
        "restriction_types": list(recommendation.restriction_types),
        "terms": recommendation.terms,
        "duration_months": recommendation.duration_months,
        "review_interval_months": recommendation.review_interval_months or DEFAULT_REVIEW_INTERVAL_MONTHS,
        "no_warning_reason": recommendation.no_warning_reason,
        **{field: getattr(recommendation, field) for field in DETAIL_FIELDS},
    }


RATIONALE = forms.CharField(
    label="Reasons for your decision", widget=forms.Textarea(attrs={"rows": 4}), max_length=10000, required=False
)
# The service refuses a decision without reasons; the form leaves the message to it.
RATIONALE.needed_to_submit = True


class LineManagerDecisionForm(forms.Form):
    choice = forms.ChoiceField(
        label="Your decision",
        choices=[
            (Decision.Choice.CLOSE, "Close with no further action"),
            (Decision.Choice.ESCALATE, "Escalate to the customer experience managers"),
        ],
        widget=forms.RadioSelect,
    )
    recommendation_kind = forms.ChoiceField(
        label="If you escalate: what do you recommend?",
        choices=Recommendation.Kind.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    rationale = RATIONALE

    def service_values(self):
        return {
            "choice": self.cleaned_data["choice"],
            "rationale": self.cleaned_data.get("rationale", ""),
            "recommendation_kind": self.cleaned_data.get("recommendation_kind", ""),
        }


class CxmDecisionForm(RecommendationFields):
    field_order = ["complaint_status", "vulnerability_considered", "choice"]
    complaint_status = forms.ChoiceField(
        label="Is the complaint being handled under the Complaints Policy?",
        choices=Decision.ComplaintStatus.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    vulnerability_considered = forms.CharField(
        label="How were vulnerability and reasonable adjustments considered?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
        required=False,
    )
    choice = forms.ChoiceField(
        label="Your decision",
        choices=[
            (Decision.Choice.RECOMMEND, "Make a recommendation (below)"),
            (Decision.Choice.RETURN, "Return it to the line manager"),
        ],
        widget=forms.RadioSelect,
    )
    rationale = RATIONALE

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Needed to recommend, not to return the case: the service says which.
        self.fields["vulnerability_considered"].needed_to_submit = True

    def clean(self):
        data = super().clean()
        if not (data.get("rationale") or "").strip() and "rationale" not in self.errors:
            self.add_error("rationale", "Give the reasons for your decision.")
        if data.get("choice") == Decision.Choice.RECOMMEND:
            if not data.get("complaint_status") and "complaint_status" not in self.errors:
                self.add_error(
                    "complaint_status", "Say whether the complaint is being handled under the Complaints Policy."
                )
            if (
                not (data.get("vulnerability_considered") or "").strip()
                and "vulnerability_considered" not in self.errors
            ):
                self.add_error(
                    "vulnerability_considered", "Say how vulnerability and reasonable adjustments were considered."
                )
            self.check_recommendation()
        return data

    def service_values(self):
        return {
            "choice": self.cleaned_data["choice"],
            "rationale": self.cleaned_data.get("rationale", ""),
            "complaint_status": self.cleaned_data.get("complaint_status", ""),
            "vulnerability_considered": self.cleaned_data.get("vulnerability_considered", ""),
            **self.recommendation_values(),
        }


class DirectorDecisionForm(RecommendationFields):
    field_order = ["choice"]
    choice = forms.ChoiceField(
        label="Your decision",
        choices=[
            (Decision.Choice.APPROVE, "Approve as recommended"),
            (Decision.Choice.APPROVE_AMENDED, "Approve with amendments (set out the amended recommendation below)"),
            (Decision.Choice.REJECT, "Reject"),
            (Decision.Choice.RETURN, "Return it to the customer experience managers"),
        ],
        widget=forms.RadioSelect,
    )
    rationale = RATIONALE

    def __init__(self, *args, recommendation=None, **kwargs):
        """`recommendation`: the CXM's, which the director approves or amends. The form starts
        from it, so an amendment changes only what is amended (a form sent back keeps what was
        sent); its reason a warning is not enough stands unless the director gives their own."""
        super().__init__(*args, **kwargs)
        if recommendation is not None:
            self.earlier_no_warning_reason = recommendation.no_warning_reason
            if not self.is_bound:
                self.initial = {**recommendation_initial(recommendation), **self.initial}

    def clean(self):
        data = super().clean()
        if not (data.get("rationale") or "").strip() and "rationale" not in self.errors:
            self.add_error("rationale", "Give the reasons for your decision.")
        if data.get("choice") == Decision.Choice.APPROVE_AMENDED:
            self.check_recommendation()
        return data

    def service_values(self):
        return {
            "choice": self.cleaned_data["choice"],
            "rationale": self.cleaned_data.get("rationale", ""),
            **self.recommendation_values(),
        }


class QuestionForm(forms.Form):
    text = forms.CharField(
        label="Your question for the reporter", widget=forms.Textarea(attrs={"rows": 3}), max_length=10000
    )

    def __init__(self, *args, **kwargs):
        # On the case page with the comment form, whose box is also called "text".
        kwargs.setdefault("auto_id", "id_question_%s")
        super().__init__(*args, **kwargs)


class AnswerForm(forms.Form):
    answer = forms.CharField(label="Your answer", widget=forms.Textarea(attrs={"rows": 4}), max_length=10000)


class CommentForm(forms.Form):
    text = forms.CharField(label="Comment", widget=forms.Textarea(attrs={"rows": 3}), max_length=10000)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_comment_%s")
        super().__init__(*args, **kwargs)


class PeopleField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        # Django lets a number beyond 64 bits through to an IN lookup, which SQLite answers with an error.
        for pk in value if isinstance(value, list | tuple) else []:
            if as_id(pk) is None:
                raise ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value")
        return super()._check_values(value)


class SensitiveForm(forms.Form):
    keep = PeopleField(
        label="Who keeps access",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={
            "invalid_pk_value": "Choose the people who keep access from the list.",
            "invalid_choice": "Choose the people who keep access from the list.",
        },
    )

    def __init__(self, *args, people=None, initial_keep=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = people
        self.fields["keep"].label_from_instance = lambda u: u.get_full_name() or u.username
        if initial_keep is not None:
            self.initial["keep"] = [u.pk for u in initial_keep]


class NamePersonForm(forms.Form):
    """Someone on a sensitive case's list names another person to it."""

    person = forms.ModelChoiceField(
        label="Who to name",
        queryset=get_user_model().objects.none(),
        empty_label="Choose a person",
        error_messages={"invalid_choice": "Choose a person from the list.", "required": "Choose a person to name."},
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The people a case's steps go to: the chain roles and line managers.
        self.fields["person"].queryset = (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(Q(groups__name__in=permissions.CHAIN_ROLES) | Q(direct_reports__isnull=False))
            .exclude(pk=case.reporter_id)
            .exclude(pk__in=permissions.named_people_ids(case))
            .prefetch_related("groups")
            .distinct()
            .order_by("first_name", "last_name", "username")
        )
        self.fields["person"].label_from_instance = _person_with_roles


def _person_with_roles(user):
    chain_roles = sorted(group.name for group in user.groups.all() if group.name in permissions.CHAIN_ROLES)
    name = user.get_full_name() or user.get_username()
    return f"{name} ({', '.join(chain_roles).lower()})" if chain_roles else f"{name} (line manager)"


class InForceForm(forms.Form):
    """A CXM records that the resident has been told: the restriction comes into force, and
    the resident's red flag with it. Every missing or wrong date is named at once, by the
    service's own rules (restrictions.date_problems)."""

    start_date = forms.DateField(
        label="The restriction starts on",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Give the date the restriction starts.",
            "invalid": "Give the date the restriction starts as a real date, for example 1 December 2026.",
        },
    )
    communicated_on = forms.DateField(
        label="The resident was told on",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        required=False,
        help_text="Leave empty when the restriction letter told them.",
        error_messages={"invalid": "Give the date the resident was told as a real date, for example 1 December 2026."},
    )
    flag_kind = forms.ChoiceField(
        label="Kind of red flag",
        choices=RedFlag.Kind.choices,
        initial=RedFlag.Kind.CONTACT_ARRANGEMENTS,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the kind of red flag.",
            "invalid_choice": "Choose the kind of red flag from the list.",
        },
    )
    handling_instruction = forms.CharField(
        label="What staff should do, in plain words",
        max_length=300,
        initial=restrictions.DEFAULT_INSTRUCTION,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say in plain words what staff should do."},
    )
    safety_measures = forms.CharField(
        label="Safety measures (Wandle 3.5)", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, restriction=None, **kwargs):
        """`restriction`: the one brought into force, whose approval date the dates are checked against."""
        # On the case page with the raise flag form, which has a kind and an instruction too.
        kwargs.setdefault("auto_id", "id_in_force_%s")
        super().__init__(*args, **kwargs)
        self.restriction = restriction

    def clean(self):
        data = super().clean()
        if self.restriction is not None:
            for field, message in restrictions.date_problems(
                self.restriction, data.get("start_date"), data.get("communicated_on")
            ):
                if field not in self.errors:
                    self.add_error(field, message)
        return data

    def service_values(self):
        data = self.cleaned_data
        return {
            "start_date": data["start_date"],
            "communicated_on": data["communicated_on"],
            "flag": {
                "kind": data["flag_kind"],
                "handling_instruction": data["handling_instruction"],
                "safety_measures": data["safety_measures"],
            },
        }


class EndFlagForm(forms.Form):
    reason = forms.CharField(
        label="Why the flag ends",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
        help_text="For example: the risk assessment was reviewed and the risk has passed.",
    )

    def __init__(self, *args, flag, **kwargs):
        # One form a flag on the same page: the prefix keeps their fields' ids apart.
        super().__init__(*args, prefix=f"end-flag-{flag.pk}", **kwargs)
        self.fields["reason"].needed_to_submit = True


class RaiseFlagForm(forms.Form):
    """A CXM or a director raises a red flag from a case after a risk assessment (LHP 11); on an
    urgent report, an interim one before the chain has finished. Every missing part is named at
    once, by the service's own rules (flags.flag_problems)."""

    kind = forms.ChoiceField(
        label="Kind of red flag",
        choices=RedFlag.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the kind of flag.",
            "invalid_choice": "Choose the kind of flag from the list.",
        },
    )
    handling_instruction = forms.CharField(
        label="What staff should do, in plain words",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say in plain words what staff should do."},
    )
    contact_arrangements = forms.CharField(
        label="Contact arrangements", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    safety_measures = forms.CharField(
        label="Safety measures (Wandle 3.5)", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    interim = forms.BooleanField(
        label="Interim flag on an urgent report (reviewed within 10 working days)", required=False
    )
    next_review_date = forms.DateField(
        label="Next review",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        required=False,
        help_text="After today, and at most 12 months away.",
    )
    resident_told = forms.ChoiceField(
        label="Has the resident been told about the flag?",
        choices=RedFlag.Told.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Say whether the resident has been told about the flag.",
            "invalid_choice": "Say whether the resident has been told about the flag.",
        },
    )
    told_on = forms.DateField(
        label="Told on", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), required=False
    )
    not_told_reason = forms.CharField(
        label="Why not yet", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reconsider_on = forms.DateField(
        label="Reconsider telling them on",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        required=False,
    )

    def __init__(self, *args, urgent=False, **kwargs):
        """`urgent`: the case is an urgent report, so an interim flag may be raised."""
        # On the case page with the form bringing a restriction into force, and its flag's kind.
        kwargs.setdefault("auto_id", "id_raise_flag_%s")
        super().__init__(*args, **kwargs)
        self.urgent = urgent
        if urgent:
            self.fields["next_review_date"].requirement_note = "needed, unless the flag is interim"
            self.fields["next_review_date"].help_text = (
                "After today, and at most 12 months away. An interim flag is reviewed within 10 working days "
                "(set for you if left empty)."
            )
        else:
            self.fields["next_review_date"].needed_to_submit = True
        self.fields["told_on"].requirement_note = "needed if they have been told"
        self.fields["not_told_reason"].requirement_note = "needed if they have not been told yet"
        self.fields["reconsider_on"].requirement_note = "needed if they have not been told yet"

    def clean(self):
        data = super().clean()
        interim = bool(data.get("interim"))
        next_review_date = data.get("next_review_date")
        if interim and self.urgent:
            next_review_date = flags.interim_review_date(timezone.localdate(), next_review_date)
        problems = flags.flag_problems(
            data.get("kind"),
            data.get("handling_instruction"),
            next_review_date,
            data.get("resident_told"),
            urgent=self.urgent,
            interim=interim,
            told_on=data.get("told_on"),
            not_told_reason=data.get("not_told_reason"),
            reconsider_on=data.get("reconsider_on"),
        )
        for field, message in problems:
            if field == "interim" and not self.urgent:
                field = None  # the box is not offered on a report that is not urgent
            if field not in self.errors:
                self.add_error(field, message)
        return data

    def service_values(self):
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "handling_instruction": data["handling_instruction"],
            "next_review_date": data["next_review_date"],
            "resident_told": data["resident_told"],
            "interim": data["interim"],
            "contact_arrangements": data["contact_arrangements"],
            "safety_measures": data["safety_measures"],
            "told_on": data["told_on"],
            "not_told_reason": data["not_told_reason"],
            "reconsider_on": data["reconsider_on"],
        }
