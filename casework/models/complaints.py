"""What a restricted resident sends us that must not be ignored (LHP 30 and 33, Wandle 3.6):
a new complaint, judged on its merits by the Executive Director of Customers (or a director
they delegate it to), and each item sent on a topic that gets no reply, read by the named
colleague."""

from django.conf import settings as django_settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from ..choices import Channel
from .case import Case, Customer
from .letters import Letter
from .restrictions import Restriction


class NewComplaint(models.Model):
    """A new complaint from a resident under a current restriction (LHP 33). Logged by whoever
    received it; with the Executive Director of Customers, or a director they delegated it to,
    until accepted into the complaints process (with its complaint reference) or declined
    with reasons (and a letter saying them, with the Housing Ombudsman's details)."""

    class Status(models.TextChoices):
        WITH_EDC = "with_edc", "With the Executive Director of Customers"
        DELEGATED = "delegated", "Delegated to a director"
        ACCEPTED = "accepted", "Accepted into the complaints process"
        DECLINED = "declined", "Declined"

    OPEN = [Status.WITH_EDC, Status.DELEGATED]

    resident = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="new_complaints")
    restriction = models.ForeignKey(Restriction, on_delete=models.PROTECT, related_name="new_complaints")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="new_complaints")
    received_on = models.DateField()
    channel = models.CharField("How it came", max_length=20, choices=Channel.choices)
    summary = models.TextField(help_text="The complaint, in the resident's words.")
    logged_by = models.ForeignKey(django_settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    logged_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.WITH_EDC, db_index=True)
    delegated_to = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="delegated_new_complaints",
    )
    delegated_at = models.DateTimeField(null=True, blank=True)
    complaint_reference = models.CharField(
        max_length=50, blank=True, help_text="The reference the complaints process gave it."
    )
    reasons = models.TextField(blank=True, help_text="Why it was declined, as the resident will read it.")
    decided_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # A declined complaint's letter. Two declined while the first letter is still a draft share it.
    letter = models.ForeignKey(
        Letter, null=True, blank=True, on_delete=models.SET_NULL, related_name="declined_complaints"
    )

    class Meta:
        ordering = ["logged_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="accepted") | (~Q(complaint_reference="") & Q(decided_at__isnull=False)),
                name="casework_newcomplaint_accepted_with_reference",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | (~Q(reasons="") & Q(decided_at__isnull=False)),
                name="casework_newcomplaint_declined_with_reasons",
            ),
            models.CheckConstraint(
                condition=~Q(status="delegated") | Q(delegated_to__isnull=False),
                name="casework_newcomplaint_delegated_to_someone",
            ),
        ]

    def __str__(self):
        return f"New complaint {self.pk} on {self.case.reference}"

    @property
    def reference(self):
        return f"{self.case.reference}/C{self.pk}"

    @property
    def is_open(self):
        return self.status in self.OPEN


class NoReplyItem(models.Model):
    """One thing a resident sent on a topic that gets no reply (LHP 30): never answered, always
    read, by the colleague named to read it, who marks it read."""

    restriction = models.ForeignKey(Restriction, on_delete=models.PROTECT, related_name="no_reply_items")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="no_reply_items")
    received_on = models.DateField()
    channel = models.CharField("How it came", max_length=20, choices=Channel.choices)
    topic = models.CharField(max_length=200, help_text="Which of the no-reply topics it is about.")
    summary = models.TextField(help_text="What it says, in short.")
    logged_by = models.ForeignKey(django_settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    logged_at = models.DateTimeField(default=timezone.now)
    # Who must read it: the restriction's named reader when they are on our staff list, else a
    # CXM of the case; nobody named means any CXM of the case.
    reader = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="no_reply_items_to_read",
    )
    read_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    read_at = models.DateTimeField(null=True, blank=True, db_index=True)
    read_note = models.TextField("What was done", blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["received_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(read_at__isnull=True) | Q(read_by__isnull=False),
                name="casework_noreplyitem_read_by_someone",
            ),
        ]

    def __str__(self):
        return f"No-reply item {self.pk} on {self.case.reference}"

    @property
    def reference(self):
        return f"{self.case.reference}/N{self.pk}"

    @property
    def is_read(self):
        return self.read_at is not None
