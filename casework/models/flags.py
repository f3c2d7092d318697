"""Red flags: the warning marker on a resident that staff check before a call or a visit
(DESIGN: Outcomes; LHP 11, Wandle 3.5)."""

from django.conf import settings as django_settings
from django.db import models
from django.db.models import Q

from .case import Case, Customer, counted_under_field
from .restrictions import Restriction


class RedFlag(models.Model):
    """A flag follows the person, not the address. Everyone sees its kind, handling
    instruction, contact arrangements and end date; contractors only the kind and the
    instruction (casework.permissions); never the case behind it."""

    class Kind(models.TextChoices):
        TWO_STAFF = "two_staff", "Two staff for any visit"
        OFFICE_ONLY = "office_only", "Meetings only at the office"
        VERBAL_ABUSE = "verbal_abuse", "Verbal abuse"
        VIOLENCE = "violence", "Physical violence or a threat of it"
        CONTACT_ARRANGEMENTS = "contact_arrangements", "Contact arrangements in place"

    class Told(models.TextChoices):
        YES = "yes", "Yes"
        NOT_YET = "not_yet", "Not yet"

    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="red_flags")
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.PROTECT, related_name="red_flags")
    restriction = models.ForeignKey(
        Restriction, null=True, blank=True, on_delete=models.PROTECT, related_name="red_flags"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    handling_instruction = models.CharField(
        max_length=300, help_text="What to do, in plain words: for example “Visit in pairs; do not enter the home”."
    )
    contact_arrangements = models.TextField(blank=True)
    safety_measures = models.TextField(blank=True, help_text="Wandle 3.5: the other measures in place.")
    interim = models.BooleanField(
        default=False, help_text="Raised on an urgent report before the chain has finished; reviewed within 10 days."
    )
    start_date = models.DateField()
    next_review_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    resident_told = models.CharField(max_length=10, choices=Told.choices)
    told_on = models.DateField(null=True, blank=True)
    not_told_reason = models.TextField(blank=True)
    reconsider_on = models.DateField(null=True, blank=True)
    raised_by = models.ForeignKey(django_settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(auto_now_add=True)
    ended_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.TextField(blank=True)
    counted_under = counted_under_field()

    class Meta:
        ordering = ["-start_date", "-pk"]
        indexes = [
            models.Index(fields=["customer"], condition=Q(ended_at__isnull=True), name="casework_flag_active"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | ~Q(end_reason=""), name="casework_flag_ended_with_a_reason"
            ),
            models.CheckConstraint(
                condition=Q(resident_told="yes", told_on__isnull=False)
                | Q(resident_told="not_yet", reconsider_on__isnull=False),
                name="casework_flag_told_or_when_to_reconsider",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.customer})"

    @property
    def is_active(self):
        return self.ended_at is None


# Each kind's label, made once (see casework.choices).
RED_FLAG_KIND_LABELS = dict(RedFlag.Kind.choices)


class ResidentCheck(models.Model):
    """A look-up of a resident with a red flag or a restriction: who looked up whom, and when.
    Written by the check, never edited."""

    user = models.ForeignKey(django_settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="checks")
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.user} checked {self.customer_id} at {self.at:%Y-%m-%d %H:%M}"
