"""What the retention schedule has anonymised: one row per case (or per red flag raised without
a case), so that the daily task never does it twice and the head of customer services can see
what went when."""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from .case import Case
from .flags import RedFlag


class Anonymisation(models.Model):
    class Rule(models.TextChoices):
        NO_ACTION = "no_action", "Case closed with no action"
        ENDED = "ended", "Warning, restrictions and red flags ended"

    case = models.OneToOneField(Case, null=True, blank=True, on_delete=models.CASCADE, related_name="anonymisation")
    red_flag = models.OneToOneField(
        RedFlag, null=True, blank=True, on_delete=models.CASCADE, related_name="anonymisation"
    )
    rule = models.CharField(max_length=20, choices=Rule.choices)
    due_on = models.DateField()
    at = models.DateTimeField(default=timezone.now)
    evidence_deleted = models.PositiveIntegerField(default=0)
    letters_deleted = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(case__isnull=False, red_flag__isnull=True) | Q(case__isnull=True, red_flag__isnull=False),
                name="casework_anonymisation_of_a_case_or_a_flag",
            )
        ]

    def __str__(self):
        what = f"case {self.case_id}" if self.case_id else f"red flag {self.red_flag_id}"
        return f"{what} anonymised on {self.at:%Y-%m-%d} ({self.get_rule_display()})"
