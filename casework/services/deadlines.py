"""Due dates in working days (Monday to Friday, less the bank holidays kept in
the casework settings), reminders before them and escalations after them. The
two scheduled functions are run by the task worker."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from home import roles

from ..models import CaseEvent, CaseworkSettings, Step
from ..permissions import grant_case_access, may_reach
from .notices import long_date, notify_people

REMINDER_WORKING_DAYS_BEFORE = 2


def is_working_day(day, holidays=frozenset()):
    return day.weekday() < 5 and day not in holidays


def add_working_days(start, days, holidays=frozenset()):
    current = start
    added = 0
    while added < days:
        current += datetime.timedelta(days=1)
        if is_working_day(current, holidays):
            added += 1
    return current


def working_days_between(start, end, holidays=frozenset()):
    """Working days after `start` up to and including `end` (negative if end is earlier)."""
    if end < start:
        return -working_days_between(end, start, holidays)
    count = 0
    current = start
    while current < end:
        current += datetime.timedelta(days=1)
        if is_working_day(current, holidays):
            count += 1
    return count


def due_date_for(kind, start=None):
    settings = CaseworkSettings.load()
    return add_working_days(start or timezone.localdate(), settings.days_for(kind), settings.holidays())


def urgent_due_date(start=None):
    """An urgent report's line manager step is due the same working day: `start` (default
    today) when it is a working day, else the next one. Returns a date."""
    settings = CaseworkSettings.load()
    day = start or timezone.localdate()
    holidays = settings.holidays()
    return day if is_working_day(day, holidays) else add_working_days(day, 1, holidays)


def reminder_due(step, today, holidays=frozenset()):
    return working_days_between(today, step.due_date, holidays) <= REMINDER_WORKING_DAYS_BEFORE


def send_reminders(today=None):
    """Scheduled: remind the assignees of every open step due within two working days."""
    today = today or timezone.localdate()
    holidays = CaseworkSettings.load().holidays()
    sent = 0
    candidates = Step.objects.filter(status=Step.Status.OPEN, reminder_sent_at__isnull=True, due_date__gte=today)
    for step_id in candidates.values_list("pk", flat=True):
        with transaction.atomic():
            step = Step.objects.select_for_update().select_related("case").get(pk=step_id)
            if step.status != Step.Status.OPEN or step.reminder_sent_at or not reminder_due(step, today, holidays):
                continue
            step.reminder_sent_at = timezone.now()
            step.save(update_fields=["reminder_sent_at"])
            notify_people(
                step.assignees.all(),
                f"Reminder: case {step.case.reference} is due by {long_date(step.due_date)}",
                f"Case {step.case.reference} is waiting for your decision as {step.get_kind_display().lower()}. "
                f"It is due by {step.due_date:%A} {long_date(step.due_date)}.",
                step.case,
                kind="reminder",
                step=step,
            )
            sent += 1
    return sent


def escalation_recipients(step):
    """Who hears that a step is overdue, besides its assignees: the line manager step goes to
    the assignee's own line manager; the later steps go to the head of customer services."""
    User = get_user_model()
    if step.kind == Step.Kind.LINE_MANAGER:
        return list(
            User.objects.filter(
                pk__in=step.assignees.exclude(staff_profile__line_manager__isnull=True).values(
                    "staff_profile__line_manager"
                ),
                is_active=True,
            )
        )
    return list(User.objects.filter(groups__name=roles.HEAD_OF_CUSTOMER_SERVICES, is_active=True).distinct())


def send_escalations(today=None):
    """Scheduled: tell the assignees and the person above them about every overdue step."""
    today = today or timezone.localdate()
    escalated = 0
    overdue = Step.objects.filter(status=Step.Status.OPEN, escalated_at__isnull=True, due_date__lt=today)
    for step_id in overdue.values_list("pk", flat=True):
        with transaction.atomic():
            step = Step.objects.select_for_update().select_related("case").get(pk=step_id)
            if step.status != Step.Status.OPEN or step.escalated_at:
                continue
            step.escalated_at = timezone.now()
            step.save(update_fields=["escalated_at"])
            case = step.case
            # Only people the case may reach: a sensitive case's escalation stays with its named people.
            above = may_reach(case, [user for user in escalation_recipients(step) if user.pk != case.reporter_id])
            # The person an escalation reaches needs to see the case to act on it.
            grant_case_access(case, above)
            subject = f"Overdue: case {case.reference} was due by {long_date(step.due_date)}"
            body = (
                f"The {step.get_kind_display().lower()} decision on case {case.reference} was due by "
                f"{step.due_date:%A} {long_date(step.due_date)} and has not been taken."
            )
            assignees = list(step.assignees.all())
            notify_people(
                assignees + [u for u in above if u not in assignees], subject, body, case, kind="escalation", step=step
            )
            names = ", ".join(u.get_full_name() or u.username for u in above) or (
                "nobody above the step on the sensitive case's list" if case.sensitive else "nobody above the step"
            )
            CaseEvent.objects.create(case=case, summary=f"Overdue: escalated to {names}")
            escalated += 1
    return escalated


def send_reminders_and_escalations():
    return {"reminders": send_reminders(), "escalations": send_escalations()}
