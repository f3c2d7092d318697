import datetime
import uuid

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage, storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.template.defaultfilters import pluralize
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from .choices import (
    DEFAULT_REVIEW_INTERVAL_MONTHS,
    MAX_DURATION_MONTHS,
    MAX_REVIEW_INTERVAL_MONTHS,
    Category,
    Channel,
    ResidentTold,
    RestrictionType,
)


class Customer(models.Model):
    """A resident: the person a report of unacceptable behaviour is about."""

    reference = models.CharField(
        max_length=20, unique=True, help_text="The housing management system's customer reference."
    )
    name = models.CharField(max_length=200)
    address = models.CharField(max_length=300)
    postcode = models.CharField(max_length=10)
    tenancy = models.CharField(max_length=100, blank=True, help_text="Tenancy type and reference.")

    class Meta:
        ordering = ["name", "reference"]
        indexes = [
            # The look-up matches a reference case-insensitively (see casework.forms.find_customers).
            models.Index(Upper("reference"), name="casework_customer_ref_upper"),
        ]

    def __str__(self):
        return f"{self.name} ({self.reference})"


# --- Casework -----------------------------------------------------------------


@deconstructible
class PrivateStorage(Storage):
    """Evidence lives in storages["private"], looked up on every use so that the
    configured backend (local folder, object storage) is always the current one.
    It has no URL: files are only ever sent by a view that checks who is asking."""

    def _backend(self):
        return storages["private"]

    def _open(self, name, mode="rb"):
        return self._backend().open(name, mode)

    def _save(self, name, content):
        return self._backend().save(name, content)

    def delete(self, name):
        return self._backend().delete(name)

    def exists(self, name):
        return self._backend().exists(name)

    def size(self, name):
        return self._backend().size(name)

    def path(self, name):
        return self._backend().path(name)

    def listdir(self, path):
        return self._backend().listdir(path)

    def get_available_name(self, name, max_length=None):
        return self._backend().get_available_name(name, max_length=max_length)

    def url(self, name):
        raise ValueError("Evidence files have no public URL.")


class Case(models.Model):
    """A report of a resident's unacceptable behaviour and everything decided on it.

    A report is a case in status "draft" until its reporter submits it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        WITH_LINE_MANAGER = "line_manager", "With the line manager"
        WITH_CXM = "cxm", "With the customer experience managers"
        WITH_DIRECTOR = "director", "With the director"
        CLOSED = "closed", "Decided"

    class Outcome(models.TextChoices):
        NONE = "", "Not decided yet"
        NO_FURTHER_ACTION = "no_further_action", "Closed with no further action"
        APPROVED = "approved", "Approved as recommended"
        APPROVED_AMENDED = "approved_amended", "Approved with amendments"
        REJECTED = "rejected", "Recommendation rejected"

    reporter = models.ForeignKey(django_settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reports")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    current_step = models.OneToOneField(
        "Step", null=True, blank=True, on_delete=models.SET_NULL, related_name="current_of"
    )

    customer = models.ForeignKey(Customer, null=True, blank=True, on_delete=models.PROTECT, related_name="cases")
    customer_not_found = models.BooleanField(default=False)
    unlisted_customer_name = models.CharField("Resident's name", max_length=200, blank=True)
    unlisted_customer_details = models.TextField(
        "How to identify the resident", blank=True, help_text="Address, phone number or anything else that helps."
    )

    first_incident_date = models.DateField("Date of the incident (or the first one)", null=True, blank=True)
    last_incident_date = models.DateField("Date of the latest incident, if more than one", null=True, blank=True)
    channels = models.JSONField(default=list, blank=True)
    categories = models.JSONField(default=list, blank=True)
    what_happened = models.TextField(blank=True)
    impact = models.TextField("Impact on staff and on the service", blank=True)
    resident_told = models.CharField(
        "Was the resident told the behaviour is unacceptable?", max_length=20, choices=ResidentTold.choices, blank=True
    )
    open_complaint_reference = models.CharField("Open complaint reference", max_length=50, blank=True)
    vulnerability = models.TextField("Known vulnerability or support needs", blank=True)
    immediate_risk = models.BooleanField("There is an immediate risk to staff", default=False)
    other_staff = models.TextField("Other staff involved", blank=True)

    routing_note = models.TextField(blank=True, help_text="Why the case went where it went (e.g. no line manager).")
    sensitive = models.BooleanField(default=False)
    sensitive_marked_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sensitive_marked_at = models.DateTimeField(null=True, blank=True)

    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True, default="")
    outcome_rationale = models.TextField(blank=True)
    final_recommendation = models.ForeignKey(
        "Recommendation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        # Only "view" matters, and only ever object by object: nobody is given it for every case.
        permissions = []
        indexes = [
            # Sensitive cases are few: counting the ones hidden from someone reads only them.
            models.Index(fields=["sensitive"], condition=Q(sensitive=True), name="casework_case_sensitive"),
        ]

    def __str__(self):
        return f"{self.reference}: {self.customer_label}"

    @property
    def reference(self):
        return f"UB-{self.pk:05d}" if self.pk else "UB-(draft)"

    @property
    def customer_label(self):
        if self.customer_id:
            return self.customer.name
        return self.unlisted_customer_name or "Resident not given"

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    @property
    def is_open(self):
        return self.status not in {self.Status.DRAFT, self.Status.CLOSED}

    def category_labels(self):
        labels = dict(Category.choices)
        return [labels.get(value, value) for value in self.categories]

    def channel_labels(self):
        labels = dict(Channel.choices)
        return [labels.get(value, value) for value in self.channels]


class CaseUserObjectPermission(UserObjectPermissionBase):
    """A person's permission on one case, on a real foreign key: access checks are an
    indexed integer join, and the grants go when the case goes."""

    content_object = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="user_permissions")

    class Meta(UserObjectPermissionBase.Meta):
        abstract = False


class CaseGroupObjectPermission(GroupObjectPermissionBase):
    """Never granted (nobody sees a case through a group), but guardian asks it."""

    content_object = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="group_permissions")

    class Meta(GroupObjectPermissionBase.Meta):
        abstract = False


class Step(models.Model):
    """One stage of the chain, each time the case reaches it (a return opens a new round)."""

    class Kind(models.TextChoices):
        LINE_MANAGER = "line_manager", "Line manager"
        CXM = "cxm", "Customer experience manager"
        DIRECTOR = "director", "Director"

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for a decision"
        DECIDED = "decided", "Decided"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    number = models.PositiveSmallIntegerField(help_text="1 for the first step of the case, 2 for the next…")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    assignees = models.ManyToManyField(django_settings.AUTH_USER_MODEL, related_name="case_steps")
    started_at = models.DateTimeField(default=timezone.now)
    due_date = models.DateField()
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["case", "number"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="casework_step_unique_number")]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self):
        return f"{self.get_kind_display()} step {self.number} of {self.case.reference}"

    def is_overdue(self, today=None):
        today = today or timezone.localdate()
        return self.status == self.Status.OPEN and self.due_date < today


class Recommendation(models.Model):
    """What to do about the resident, as structured data the outcomes are made from."""

    class Kind(models.TextChoices):
        WARNING_LETTER = "warning_letter", "A warning letter"
        RESTRICTIONS = "restrictions", "Restrictions on contact"
        NO_ACTION = "no_action", "No action"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    restriction_types = models.JSONField(default=list, blank=True)
    terms = models.TextField(
        blank=True, help_text="Exactly what the restrictions are, in words the resident will read."
    )
    duration_months = models.PositiveSmallIntegerField(null=True, blank=True)
    review_interval_months = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_months__isnull=True)
                | Q(duration_months__gte=1, duration_months__lte=MAX_DURATION_MONTHS),
                name="casework_recommendation_duration_at_most_18_months",
            ),
            models.CheckConstraint(
                condition=Q(review_interval_months__isnull=True)
                | Q(review_interval_months__gte=1, review_interval_months__lte=MAX_REVIEW_INTERVAL_MONTHS),
                name="casework_recommendation_review_at_most_12_months",
            ),
        ]

    def __str__(self):
        return self.summary()

    def restriction_type_labels(self):
        labels = dict(RestrictionType.choices)
        return [labels.get(value, value) for value in self.restriction_types]

    def summary(self):
        """In words; a line manager recommends restrictions without their details, which come later."""
        if self.kind != self.Kind.RESTRICTIONS:
            return self.get_kind_display()
        text = "Restrictions"
        if self.duration_months:
            text += f" for {self.duration_months} month{pluralize(self.duration_months)}"
        if self.review_interval_months:
            text += f", reviewed every {self.review_interval_months} month{pluralize(self.review_interval_months)}"
        labels = self.restriction_type_labels()
        return text + (": " + "; ".join(labels) if labels else "")


DEFAULT_REVIEW_INTERVAL = DEFAULT_REVIEW_INTERVAL_MONTHS


class Decision(models.Model):
    """The one decision taken at a step. The unique step makes a second one impossible."""

    class Choice(models.TextChoices):
        CLOSE = "close", "Close with no further action"
        ESCALATE = "escalate", "Escalate to the customer experience managers"
        RECOMMEND = "recommend", "Recommend to the director"
        RETURN = "return", "Return to the previous step"
        APPROVE = "approve", "Approve as recommended"
        APPROVE_AMENDED = "approve_amended", "Approve with amendments"
        REJECT = "reject", "Reject"

    class ComplaintStatus(models.TextChoices):
        HANDLED = "handled", "Yes: the complaint is being (or was) handled under the Complaints Policy"
        NOT_YET = "not_yet", "No: a complaint is open but not yet handled under the Complaints Policy"
        NONE = "none", "There is no complaint"

    step = models.OneToOneField(Step, on_delete=models.CASCADE, related_name="decision")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="decisions")
    decided_by = models.ForeignKey(django_settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)
    choice = models.CharField(max_length=20, choices=Choice.choices)
    rationale = models.TextField()
    complaint_status = models.CharField(max_length=20, choices=ComplaintStatus.choices, blank=True)
    vulnerability_considered = models.TextField(blank=True)
    recommendation = models.OneToOneField(
        Recommendation, null=True, blank=True, on_delete=models.PROTECT, related_name="decision"
    )

    class Meta:
        ordering = ["decided_at", "pk"]

    def __str__(self):
        return f"{self.get_choice_display()} ({self.step})"


class Question(models.Model):
    """A line manager asks the reporter for more; the reporter answers in the case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="questions")
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="questions")
    asked_by = models.ForeignKey(django_settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(default=timezone.now)
    text = models.TextField()
    answer = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "pk"]

    def __str__(self):
        return self.text[:60]


class Comment(models.Model):
    """A note between the people in the chain; the reporter does not see it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(django_settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    text = models.TextField()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:60]


class CaseEvent(models.Model):
    """One line of the case's timeline: who did what, when and why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = models.CharField(max_length=300)
    detail = models.TextField(blank=True)
    # What the reporter may read: their own report's progress, never internal notes.
    shown_to_reporter = models.BooleanField(default=False)
    reporter_summary = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return self.summary


def evidence_path(instance, filename):
    # The stored name never comes from the uploader: a random name in a folder per case.
    return f"evidence/{instance.case_id}/{uuid.uuid4().hex}"


def private_storage():
    return PrivateStorage()


class EvidenceFile(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, storage=private_storage, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(django_settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name


class AccessLogEntry(models.Model):
    """Who read a case or its files, and through which page. Never edited."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="access_log")
    user = models.ForeignKey(django_settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    view = models.CharField(max_length=100)
    detail = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        # Read-only everywhere: no add, change or delete permission exists to give anyone.
        default_permissions = ("view",)
        verbose_name_plural = "access log entries"

    def __str__(self):
        return f"{self.user} read {self.case_id} ({self.view})"


# England and Wales bank holidays as published by GOV.UK; editable in the
# casework settings (an organisation elsewhere in the UK keeps its own list).
DEFAULT_BANK_HOLIDAYS = """\
2026-01-01 New Year's Day
2026-04-03 Good Friday
2026-04-06 Easter Monday
2026-05-04 Early May bank holiday
2026-05-25 Spring bank holiday
2026-08-31 Summer bank holiday
2026-12-25 Christmas Day
2026-12-28 Boxing Day (substitute day)
2027-01-01 New Year's Day
2027-03-26 Good Friday
2027-03-29 Easter Monday
2027-05-03 Early May bank holiday
2027-05-31 Spring bank holiday
2027-08-30 Summer bank holiday
2027-12-27 Christmas Day (substitute day)
2027-12-28 Boxing Day (substitute day)
"""


def parse_bank_holidays(text):
    """Each non-blank line starts with a date as YYYY-MM-DD; anything after it is a name for people."""
    holidays = set()
    for number, line in enumerate((text or "").splitlines(), start=1):
        first = line.strip().split(" ", 1)[0]
        if not first:
            continue
        try:
            holidays.add(datetime.date.fromisoformat(first))
        except ValueError:
            raise ValidationError(
                f"Line {number} (“{line.strip()}”) does not start with a date written as YYYY-MM-DD, "
                "for example 2026-12-25 Christmas Day."
            ) from None
    return frozenset(holidays)


@register_setting(icon="date")
class CaseworkSettings(BaseGenericSetting):
    """How many working days each step has before it is overdue. Working days are
    Monday to Friday, except the bank holidays listed here."""

    # A step due the day it arrives, or months away, would make the deadline meaningless.
    line_manager_days = models.PositiveSmallIntegerField(
        "Working days for the line manager", default=5, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    cxm_days = models.PositiveSmallIntegerField(
        "Working days for the customer experience manager",
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    director_days = models.PositiveSmallIntegerField(
        "Working days for the director", default=10, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    bank_holidays = models.TextField(
        "Bank holidays",
        default=DEFAULT_BANK_HOLIDAYS,
        blank=True,
        validators=[parse_bank_holidays],
        help_text="Days that do not count as working days: one a line, the date as YYYY-MM-DD, then its name. "
        "Add next year's dates when they are announced.",
    )

    class Meta:
        verbose_name = "Casework deadlines"

    def days_for(self, kind):
        return {
            Step.Kind.LINE_MANAGER: self.line_manager_days,
            Step.Kind.CXM: self.cxm_days,
            Step.Kind.DIRECTOR: self.director_days,
        }[kind]

    def holidays(self):
        return parse_bank_holidays(self.bank_holidays)
