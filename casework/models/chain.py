"""The approval chain: its steps, the decision taken at each, recommendations, questions and comments."""

from django.conf import settings as django_settings
from django.db import models
from django.db.models import Q
from django.template.defaultfilters import pluralize
from django.utils import timezone

from ..choices import (
    DEFAULT_REVIEW_INTERVAL_MONTHS,
    MAX_DURATION_MONTHS,
    MAX_REVIEW_INTERVAL_MONTHS,
    RESTRICTION_TYPE_LABELS,
    Channel,
)
from .case import Case, counted_under_field


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
    assignees = models.ManyToManyField(django_settings.AUTH_USER_MODEL, through="Assignment", related_name="case_steps")
    # The case's immediate risk to staff, kept on the step so that a queue sorts on one index.
    urgent = models.BooleanField(default=False)
    started_at = models.DateTimeField(default=timezone.now)
    due_date = models.DateField()
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["case", "number"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="casework_step_unique_number")]
        indexes = [
            models.Index(fields=["status", "due_date"]),
            # A queue's order: urgent first, then the longest waiting (read with the open assignments).
            models.Index(
                fields=["-urgent", "started_at", "id"], condition=Q(status="open"), name="casework_step_queue"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} step {self.number} of {self.case.reference}"

    def assign(self, users, replace=False):
        """Give the step to `users` (added to any it has; `replace=True` sets them instead),
        each assignment carrying the step's urgency and due date. Returns nothing."""
        copied = {"urgent": self.urgent, "due_date": self.due_date}
        if replace:
            self.assignees.set(users, through_defaults=copied)
        else:
            self.assignees.add(*users, through_defaults=copied)

    def is_overdue(self, today=None):
        today = today or timezone.localdate()
        return self.status == self.Status.OPEN and self.due_date < today


class Assignment(models.Model):
    """A person's share of a step. Their open assignments are their queue: whether the step is
    open is kept here too, so that a queue and its count read one index range of one table
    whatever the number of cases (DESIGN: Quality bars, speed at scale)."""

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(django_settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_assignments")
    is_open = models.BooleanField(default=True)
    # The step's own, copied (Step.assign) because they never change once the step is open:
    # the home page counts someone's urgent and overdue steps from their open assignments'
    # index alone instead of joining every step.
    urgent = models.BooleanField(default=False)
    due_date = models.DateField(null=True)

    class Meta:
        # The table the step's assignees were always kept in.
        db_table = "casework_step_assignees"
        unique_together = [("step", "user")]
        indexes = [
            models.Index(
                fields=["user", "urgent", "due_date"], condition=Q(is_open=True), name="casework_assignment_open"
            )
        ]

    def __str__(self):
        return f"{self.user} on {self.step}"


class ContactDetails:
    """What a recommendation and a restriction share: the details their types set."""

    def details(self):
        """The details the types set, as (label, value) pairs in the order staff read them."""
        pairs = [
            ("Named contact", self.named_contact),
            ("The one channel allowed", self.get_allowed_channel_display() if self.allowed_channel else ""),
            ("Days and times for contact", self.call_times),
            ("No reply on", self.no_reply_topics),
            ("That correspondence is read by", self.correspondence_reader),
        ]
        return [(label, value) for label, value in pairs if value]


class Recommendation(ContactDetails, models.Model):
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
    no_warning_reason = models.TextField(
        "Why not a warning first", blank=True, help_text="LHP 26–27: restrictions without an earlier warning letter."
    )
    # The details some restriction types need (LHP 28: exactly how to contact us instead).
    named_contact = models.CharField("Named colleague or team", max_length=200, blank=True)
    allowed_channel = models.CharField("The one channel allowed", max_length=20, choices=Channel.choices, blank=True)
    call_times = models.CharField("Days and times for contact", max_length=200, blank=True)
    no_reply_topics = models.TextField("Topics that get no reply", blank=True)
    correspondence_reader = models.CharField("Who reads that correspondence", max_length=200, blank=True)

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
        return [RESTRICTION_TYPE_LABELS.get(value, value) for value in self.restriction_types]

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
    # The policy in force when the decision was taken, kept in words as well so that it still
    # reads right if the version history is edited later.
    policy_version = models.ForeignKey(
        "policy_pages.PolicyVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    policy_title = models.CharField(max_length=255, blank=True)
    policy_version_label = models.CharField(max_length=100, blank=True)
    # A director's approval of a warning letter (LHP 26) is a warning on the register and in the
    # report to the Board. Marked when it is taken, so that finding the warnings reads this table
    # and its small index instead of joining every decision to its step, case and recommendation.
    approves_warning = models.BooleanField(default=False, editable=False)
    counted_under = counted_under_field()

    class Meta:
        ordering = ["decided_at", "pk"]
        indexes = [
            models.Index(
                fields=["-decided_at", "-id"], condition=Q(approves_warning=True), name="casework_decision_warnings"
            )
        ]

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
