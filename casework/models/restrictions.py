"""Restrictions on a resident's contact: one row per determination (DESIGN: Outcomes;
Wandle 3.3–3.7 and 3.9, LHP 27–31)."""

import calendar
import datetime

from django.conf import settings as django_settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q

from ..choices import MAX_DURATION_MONTHS, MAX_REVIEW_INTERVAL_MONTHS, RESTRICTION_TYPE_LABELS, Channel
from .case import Case, Customer, counted_under_field
from .chain import ContactDetails, Decision


def add_months(day, months):
    """`day` plus a number of calendar months, kept within the month (31 January + 1 month
    is 28 or 29 February). Takes a date and an int; returns a date."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class Restriction(ContactDetails, models.Model):
    """One determination restricting how a resident may contact us.

    Approved by a director, it is not in force until the resident is told (the restriction
    letter, or a date a CXM records); it is then in force from its start date to its end
    date, at most 18 months later (Wandle 3.7), and reviewed at its interval, at most 12
    months (Wandle 3.9; 3 by default, LHP 29). What always stays open (Wandle 3.6) is part of
    every restriction and cannot be switched off.
    """

    class State(models.TextChoices):
        APPROVED = "approved", "Approved, not yet in force"
        IN_FORCE = "in_force", "In force"
        LAPSED = "lapsed", "Lapsed at its end date"
        LIFTED = "lifted", "Lifted"
        OVERTURNED = "overturned", "Overturned on appeal"
        SUPERSEDED = "superseded", "Superseded by a new determination"

    customer = models.ForeignKey(Customer, null=True, blank=True, on_delete=models.PROTECT, related_name="restrictions")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="restrictions")
    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="restriction")
    types = models.JSONField(default=list)
    named_contact = models.CharField(
        "Named colleague or team", max_length=200, blank=True, help_text="Who the resident contacts, and only them."
    )
    allowed_channel = models.CharField("The one channel allowed", max_length=20, choices=Channel.choices, blank=True)
    call_times = models.CharField(
        "Days and times for contact", max_length=200, blank=True, help_text="For example: Tuesdays, 10am to 12 noon."
    )
    no_reply_topics = models.TextField("Topics that get no reply", blank=True)
    correspondence_reader = models.CharField("Who reads that correspondence", max_length=200, blank=True)
    terms = models.TextField(help_text="Exactly what the restrictions are, in words the resident will read.")
    duration_months = models.PositiveSmallIntegerField()
    review_interval_months = models.PositiveSmallIntegerField()
    communicated_on = models.DateField(
        null=True, blank=True, help_text="When the resident was told, if not by the restriction letter."
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True, db_index=True)
    next_review_date = models.DateField(null=True, blank=True, db_index=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.APPROVED, db_index=True)
    # When the director determined it: its decision's time, kept here (save() copies it) so that
    # the register and the report to the Board sort and count restrictions on their own index.
    decided_at = models.DateTimeField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    counted_under = counted_under_field()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_months__gte=1, duration_months__lte=MAX_DURATION_MONTHS),
                name="casework_restriction_duration_at_most_18_months",
            ),
            models.CheckConstraint(
                condition=Q(review_interval_months__gte=1, review_interval_months__lte=MAX_REVIEW_INTERVAL_MONTHS),
                name="casework_restriction_review_at_most_12_months",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gt=models.F("start_date")),
                name="casework_restriction_ends_after_it_starts",
            ),
        ]
        indexes = [
            models.Index(fields=["customer", "state"]),
            models.Index(fields=["-decided_at", "-id"], name="casework_restriction_decided"),
        ]

    def __str__(self):
        return f"Restriction {self.pk} on {self.case.reference} ({self.get_state_display()})"

    def save(self, *args, **kwargs):
        if self._state.adding and self.decided_at is None and self.decision_id:
            self.decided_at = self.decision.decided_at
        self.clean()
        super().save(*args, **kwargs)

    def clean(self):
        # A check constraint cannot count calendar months: the 18-month cap on the dates is here,
        # and save() always runs it.
        if self.start_date and self.end_date and self.end_date > add_months(self.start_date, MAX_DURATION_MONTHS):
            raise ValidationError(
                {"end_date": f"A restriction can last at most {MAX_DURATION_MONTHS} months from its start date."}
            )

    @property
    def is_current(self):
        """Approved or in force: what staff must still work to."""
        return self.state in (self.State.APPROVED, self.State.IN_FORCE)

    def type_labels(self):
        return [RESTRICTION_TYPE_LABELS.get(value, value) for value in self.types]

    def arrangements(self):
        """The contact arrangements in words: the refusal of all contact first when there is one
        (LHP 31), then the terms, then each detail on its own line."""
        refusal = self.refusal()
        lines = [refusal.in_words()] if refusal is not None else []
        return "\n".join([*lines, self.terms, *(f"{label}: {value}" for label, value in self.details())])

    def refusal(self):
        """The refusal of all contact made on this restriction (LHP 31), or None."""
        try:
            return self.all_contact_refusal
        except ObjectDoesNotExist:
            return None


class RestrictionEvent(models.Model):
    """A change of a restriction's state: who took it, when, and why (never edited)."""

    restriction = models.ForeignKey(Restriction, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=20, choices=Restriction.State.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=Restriction.State.choices)
    by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.from_state or 'new'} → {self.to_state}"
