"""The resident, the case, and the object permissions that share one case with one person."""

from django.conf import settings as django_settings
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Concat, Replace, Upper
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from ..choices import (
    CATEGORY_LABELS,
    CHANNEL_LABELS,
    ResidentTold,
)
from ..equality import EqualityFields
from ..folding import Folded

# Marks that stand between words in names, addresses and references ("Queen's Court", "No.41",
# "39-41", "Flat 2/41", "AB.12"). The resident search column holds a space for each, so that a
# short word of a search can be asked to begin a word after a space alone (services.residents).
WORD_SEPARATORS = "'’.,/-("


def _words_apart(expression):
    for mark in WORD_SEPARATORS:
        expression = Replace(expression, Value(mark), Value(" "))
    return expression


def counted_under_field():
    """The field of a use of the policy (a warning's decision, a restriction, a red flag) that says
    what the report to the Board counts it under (LHP 35): its case's behaviour categories, contact
    channels and sensitivity, and the reporter's team, as the JSON text of {"categories": [...],
    "channels": [...], "sensitive": bool, "team": name or null}; None without a case.

    PostgreSQL keeps it (triggers of migration 0034) whenever the use, its case, the reporter's
    profile or the team's name changes, so that the report counts tens of thousands of uses without
    reading their cases. SQLite leaves it empty and the report reads the cases there. Text rather
    than JSON: the report groups the uses by it, and PostgreSQL groups text in half the time."""
    return models.TextField(null=True, editable=False)


class Customer(EqualityFields):
    """A resident: the person a report of unacceptable behaviour is about, with the protected
    characteristics the housing management system holds (casework.equality)."""

    reference = models.CharField(
        max_length=20, unique=True, help_text="The housing management system's customer reference."
    )
    name = models.CharField(max_length=200)
    address = models.CharField(max_length=300)
    postcode = models.CharField(max_length=10)
    tenancy = models.CharField(max_length=100, blank=True, help_text="Tenancy type and reference.")
    # What finding a resident searches, in capitals, kept by the database: one column (with a
    # trigram index on PostgreSQL) instead of four case-insensitive comparisons per resident.
    # The postcode is there a second time without its spaces, so "sw173cc" finds "SW17 3CC";
    # punctuation between words is a space (WORD_SEPARATORS); letters are folded to their plain
    # form (casework.folding), so "Zoe Muller" finds Zoë Müller.
    search_text = models.GeneratedField(
        expression=Upper(
            Folded(
                _words_apart(
                    Concat(
                        "reference",
                        Value(" "),
                        "name",
                        Value(" "),
                        "address",
                        Value(" "),
                        "postcode",
                        Value(" "),
                        Replace("postcode", Value(" "), Value("")),
                    )
                )
            )
        ),
        output_field=models.TextField(),
        db_persist=True,
    )

    class Meta:
        ordering = ["name", "reference"]
        indexes = [
            # The look-up matches a reference case-insensitively (see casework.services.residents.find_customers).
            models.Index(Upper("reference"), name="casework_customer_ref_upper"),
        ]

    def __str__(self):
        return f"{self.name} ({self.reference})"


# --- Casework -----------------------------------------------------------------


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

    # The token of the new report's form that started this draft: the same form sent again (a
    # reload, a second press, two at once) goes on with this case instead of starting another.
    draft_token = models.CharField(max_length=32, blank=True, default="", editable=False)
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
            # "My reports": a reporter's cases, newest first, read as one index range.
            models.Index(fields=["reporter", "-created_at", "-id"], name="casework_case_reporter_newest"),
            # A list of the cases shared with someone, newest first (the admin's case list), walks
            # this index and stops at its page instead of sorting every case they were given.
            models.Index(fields=["-created_at", "-id"], name="casework_case_newest"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "draft_token"], condition=~Q(draft_token=""), name="casework_case_one_per_token"
            ),
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
        return [CATEGORY_LABELS.get(value, value) for value in self.categories]

    def channel_labels(self):
        return [CHANNEL_LABELS.get(value, value) for value in self.channels]


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
