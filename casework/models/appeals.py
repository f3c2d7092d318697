"""Appeals against a restriction and its red flag, or against a warning letter for a factual
inaccuracy (DESIGN: Outcomes, Appeals; Wandle 3.10): decided by a director who took no part,
within 28 calendar days of the appeal being received."""

import datetime
import uuid

from django.conf import settings as django_settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .case import Case
from .chain import Decision
from .letters import Letter
from .records import private_storage
from .restrictions import Restriction

# Wandle 3.10: "within 28 days of the request being received" — calendar days.
APPEAL_DAYS = 28


class Appeal(models.Model):
    """One appeal, recorded by whoever received it. It is with one person at a time: the
    director it is assigned to, or (when no director is free of the case) the head of
    customer services, who names someone."""

    class Channel(models.TextChoices):
        LETTER = "letter", "Letter"
        EMAIL = "email", "Email"
        PHONE = "phone", "Phone"
        IN_PERSON = "in_person", "In person"
        REPRESENTATIVE = "representative", "Through a representative"

    class Status(models.TextChoices):
        WITH_DIRECTOR = "with_director", "With a director"
        NEEDS_SOMEONE = "needs_someone", "Waiting for the head of customer services to name who decides"
        DECIDED = "decided", "Decided"

    class Outcome(models.TextChoices):
        UPHELD = "upheld", "Upheld: the decision stands"
        VARIED = "varied", "Varied: the terms change"
        OVERTURNED = "overturned", "Overturned: the restriction and its red flag end now"

    # A warning letter's appeal is about the facts it states; its outcomes say so.
    WARNING_OUTCOMES = {
        "upheld": "Upheld: the warning letter stands",
        "varied": "Varied: the warning letter is corrected",
        "overturned": "Overturned: the warning is withdrawn",
    }

    # What is appealed: a restriction (with its red flag), or a director's approval of a warning
    # letter. Exactly one of the two.
    restriction = models.ForeignKey(
        Restriction, null=True, blank=True, on_delete=models.PROTECT, related_name="appeals"
    )
    warning = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="warning_appeals"
    )
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="appeals")
    received_on = models.DateField()
    channel = models.CharField("How it came", max_length=20, choices=Channel.choices)
    grounds = models.TextField(help_text="The resident's grounds, in their words.")
    recorded_by = models.ForeignKey(django_settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    due_date = models.DateField(db_index=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.WITH_DIRECTOR, db_index=True)
    director = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="appeals"
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    reasons = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # What the terms were before a variation, kept in words.
    terms_before = models.TextField(blank=True)
    # A warning letter's variation: what the corrected letter puts right.
    corrections = models.TextField(blank=True)
    letter = models.OneToOneField(Letter, null=True, blank=True, on_delete=models.SET_NULL, related_name="appeal")
    first_reminder_sent_at = models.DateTimeField(null=True, blank=True)
    last_reminder_sent_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="decided") | (~Q(outcome="") & ~Q(reasons="") & Q(decided_at__isnull=False)),
                name="casework_appeal_decided_with_reasons",
            ),
            # One open appeal on a restriction at a time: a second letter adds to the first.
            models.UniqueConstraint(
                fields=["restriction"], condition=~Q(status="decided"), name="casework_appeal_one_open"
            ),
            models.UniqueConstraint(
                fields=["warning"], condition=~Q(status="decided"), name="casework_appeal_one_open_on_warning"
            ),
            models.CheckConstraint(
                condition=Q(restriction__isnull=True, warning__isnull=False)
                | Q(restriction__isnull=False, warning__isnull=True),
                name="casework_appeal_on_one_thing",
            ),
        ]

    def __str__(self):
        return f"Appeal {self.pk} on {self.case.reference}"

    @property
    def reference(self):
        return f"{self.case.reference}/A{self.pk}"

    @property
    def on_warning(self):
        return self.warning_id is not None

    def outcome_label(self):
        """The outcome in words, as it reads for what was appealed."""
        if self.on_warning:
            return self.WARNING_OUTCOMES.get(self.outcome, "")
        return self.get_outcome_display()

    @property
    def is_open(self):
        return self.status != self.Status.DECIDED

    def is_overdue(self, today=None):
        return self.is_open and self.due_date < (today or timezone.localdate())

    @staticmethod
    def due_for(received_on):
        """28 calendar days after `received_on` (Wandle 3.10)."""
        return received_on + datetime.timedelta(days=APPEAL_DAYS)


class AppealConflict(models.Model):
    """A director's declared conflict: they are passed over for this appeal."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="conflicts")
    director = models.ForeignKey(django_settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    declared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["declared_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["appeal", "director"], name="casework_appeal_conflict_once"),
        ]

    def __str__(self):
        return f"Conflict declared by {self.director_id} on appeal {self.appeal_id}"


def appeal_document_path(instance, filename):
    # Never a name from the resident: a random name in a folder per case.
    return f"appeals/{instance.appeal.case_id}/{uuid.uuid4().hex}"


class AppealDocument(models.Model):
    """A document the resident sent with their appeal, kept in private storage."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to=appeal_document_path, storage=private_storage, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(django_settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name
