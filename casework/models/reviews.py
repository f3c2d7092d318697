"""Reviews of a restriction in force (DESIGN: Outcomes; Wandle 3.9, LHP 29): each comes round by
itself before the restriction's next review date, is recorded by a customer experience manager
and, unless it continues the restriction unchanged, approved by a director."""

from django.conf import settings as django_settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from ..choices import CHANNEL_LABELS, MAX_DURATION_MONTHS
from .case import Case
from .letters import Letter
from .restrictions import Restriction

# A review appears in the customer experience managers' queue this many working days before
# its date (the rule; LHP 29 reviews quarterly from the restriction letter's date).
REVIEW_OPENS_WORKING_DAYS_BEFORE = 10


class Review(models.Model):
    """One review of one restriction, due on the restriction's next review date."""

    class Status(models.TextChoices):
        WITH_CXM = "with_cxm", "Waiting for a customer experience manager's review"
        WITH_DIRECTOR = "with_director", "Waiting for a director's approval"
        DECIDED = "decided", "Decided"

    class Proposal(models.TextChoices):
        CONTINUE = "continue", "Continue unchanged"
        VARY = "vary", "Vary the terms"
        LIFT = "lift", "Lift the restrictions early"
        EXTEND = "extend", "Extend beyond the end date (a new determination)"

    restriction = models.ForeignKey(Restriction, on_delete=models.PROTECT, related_name="reviews")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="reviews")
    due_date = models.DateField(db_index=True, help_text="The restriction's review date this review is for.")
    opened_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.WITH_CXM, db_index=True)
    # The customer experience manager's record of what happened since the last review.
    contacts = models.TextField("Contacts since the last review", blank=True)
    incidents = models.TextField("Incidents and breaches of the restrictions", blank=True)
    circumstances = models.TextField("The resident's circumstances", blank=True)
    vulnerability = models.TextField("Vulnerability and reasonable adjustments considered", blank=True)
    proposal = models.CharField(max_length=20, choices=Proposal.choices, blank=True)
    reasons = models.TextField("Reasons, as the resident will read them", blank=True)
    new_terms = models.TextField("The terms from now on", blank=True)
    extra_months = models.PositiveSmallIntegerField("Months beyond the end date", null=True, blank=True)
    # A variation's contact details from now on (casework.services.variation.detail_fields).
    new_details = models.JSONField(default=dict, blank=True)
    proposed_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(null=True, blank=True)
    director = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="reviews"
    )
    # A director's note when they sent the review back to the customer experience managers.
    returned_note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    director_note = models.TextField(blank=True)
    # What the terms and dates were before, kept in words for the letter and the record.
    terms_before = models.TextField(blank=True)
    next_review_date = models.DateField(null=True, blank=True)
    new_restriction = models.OneToOneField(
        Restriction, null=True, blank=True, on_delete=models.PROTECT, related_name="extended_by_review"
    )
    letter = models.OneToOneField(Letter, null=True, blank=True, on_delete=models.SET_NULL, related_name="review")
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
            # One open review of a restriction at a time.
            models.UniqueConstraint(
                fields=["restriction"], condition=~Q(status="decided"), name="casework_review_one_open"
            ),
            # Each review date of a restriction is reviewed once: the daily task may run twice.
            models.UniqueConstraint(fields=["restriction", "due_date"], name="casework_review_once_per_date"),
            models.CheckConstraint(
                condition=~Q(status="decided")
                | (~Q(proposal="") & ~Q(reasons="") & Q(decided_at__isnull=False, decided_by__isnull=False)),
                name="casework_review_decided_with_reasons",
            ),
            models.CheckConstraint(
                condition=Q(extra_months__isnull=True) | Q(extra_months__gte=1, extra_months__lte=MAX_DURATION_MONTHS),
                name="casework_review_extends_at_most_18_months",
            ),
        ]

    def __str__(self):
        return f"Review {self.pk} of restriction {self.restriction_id}"

    @property
    def reference(self):
        return f"{self.case.reference}/R{self.pk}"

    @property
    def is_open(self):
        return self.status != self.Status.DECIDED

    def is_overdue(self, today=None):
        return self.is_open and self.due_date < (today or timezone.localdate())

    def details_from_now(self):
        """A variation's contact details, as (label, value) pairs in the order staff read them."""
        labels = {
            "named_contact": "Named contact from now on",
            "allowed_channel": "The one channel allowed from now on",
            "call_times": "Days and times for contact from now on",
            "no_reply_topics": "No reply on, from now on",
            "correspondence_reader": "That correspondence is read by, from now on",
        }
        values = dict(self.new_details or {})
        if values.get("allowed_channel"):
            values["allowed_channel"] = CHANNEL_LABELS.get(values["allowed_channel"], values["allowed_channel"])
        return [(label, values[name]) for name, label in labels.items() if values.get(name)]

    @property
    def needs_director(self):
        return self.proposal in (self.Proposal.VARY, self.Proposal.LIFT, self.Proposal.EXTEND)
