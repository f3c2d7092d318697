"""Casework settings the head of customer services keeps: deadlines, bank holidays and the
policy decisions are made under."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from .chain import Step

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

    policy = models.ForeignKey(
        "policy_pages.PolicyPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="Policy decisions are made under",
        help_text="Each decision records this policy's current version, and restrictions show it.",
    )

    # The retention schedule (casework.services.retention), in years.
    retention_no_action_years = models.PositiveSmallIntegerField(
        "Cases closed with no action: anonymised after (years)",
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text="Counted from the day the case was closed.",
    )
    retention_ended_years = models.PositiveSmallIntegerField(
        "Warnings, ended restrictions and red flags, and their letters: anonymised after (years)",
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text="Counted from the day the last restriction or flag of the case ended (a warning: its decision).",
    )
    retention_access_log_years = models.PositiveSmallIntegerField(
        "Access logs kept for (years)",
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text="Who read a case, and who checked a resident: older entries are deleted.",
    )

    # Breaches that bring a restriction's review forward (casework.services.breaches).
    breach_review_threshold = models.PositiveSmallIntegerField(
        "Breaches that prompt an early review",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text="This many breaches of a restriction within the days below bring its next review forward to "
        "the day the last one is recorded, and its customer experience managers are told.",
    )
    breach_review_window_days = models.PositiveSmallIntegerField(
        "Within (calendar days)",
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(366)],
        help_text="Counted back from today: 30 days is a month.",
    )

    class Meta:
        verbose_name = "Casework settings"

    def days_for(self, kind):
        return {
            Step.Kind.LINE_MANAGER: self.line_manager_days,
            Step.Kind.CXM: self.cxm_days,
            Step.Kind.DIRECTOR: self.director_days,
        }[kind]

    def holidays(self):
        return parse_bank_holidays(self.bank_holidays)
