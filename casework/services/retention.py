"""The retention schedule (DESIGN: Retention): what the casework keeps, and for how long.

The years are in the casework settings. A daily task (`apply_retention_schedule`) anonymises
what is due, once:
- a case closed with no action (no warning, restriction or red flag), after 2 years from its
  closing: its narrative and the resident it was about go;
- a case with a warning, restrictions or red flags, after 6 years from the day the last of them
  ended (a warning has no end: from its decision), once none is current; and a red flag raised
  without a case, after 6 years from its end;
- access logs (who read a case, who checked a resident) older than 6 years are deleted.

Anonymising deletes the narrative (what happened, its impact, other staff, questions, answers,
comments, the timeline's details, an appeal's grounds, what happened in each breach and why all
contact was refused), evidence files (appeal documents and a breach's too), health and support
details (vulnerability, as reported and as considered), and letters. Dates, categories, channels,
decisions with their rationales, restrictions and flags with their dates and states stay, with
the resident a restriction or a flag is on: the register's history, the board report and its
equality figures for past periods still add up.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, F, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from ..models import (
    AccessLogEntry,
    Anonymisation,
    Appeal,
    AppealDocument,
    Breach,
    BreachDocument,
    Case,
    CaseEvent,
    CaseworkSettings,
    Comment,
    ContactRefusal,
    Decision,
    EvidenceFile,
    Letter,
    Question,
    Recommendation,
    RedFlag,
    ResidentCheck,
    Restriction,
    RestrictionEvent,
    add_months,
)

Rule = Anonymisation.Rule
ENDED_STATES = [
    Restriction.State.LAPSED,
    Restriction.State.LIFTED,
    Restriction.State.OVERTURNED,
    Restriction.State.SUPERSEDED,
]
ANONYMISED = "[anonymised]"
PREVIEW_DAYS = 30


@dataclass
class Due:
    """One case or red flag the schedule anonymises on `due_on` (a date)."""

    rule: str
    due_on: datetime.date
    case: Case | None = None
    red_flag: RedFlag | None = None

    @property
    def rule_label(self):
        return Rule(self.rule).label

    @property
    def what(self):
        return self.case.reference if self.case else f"Red flag {self.red_flag.pk} (no case)"


def _years_before(day, years):
    return add_months(day, -12 * years)


def _end_of(day):
    """The instant after calendar day `day`, in the intranet's time zone."""
    return datetime.datetime.combine(
        day + datetime.timedelta(days=1), datetime.time.min, timezone.get_current_timezone()
    )


def _with_outcomes():
    """A condition on cases: a warning was approved, or a restriction or flag rests on it."""
    warning = Q(
        outcome__in=[Case.Outcome.APPROVED, Case.Outcome.APPROVED_AMENDED],
        final_recommendation__kind=Recommendation.Kind.WARNING_LETTER,
    )
    restriction = Exists(Restriction.objects.filter(case=OuterRef("pk")))
    flag = Exists(RedFlag.objects.filter(case=OuterRef("pk")))
    return warning | restriction | flag


def _not_anonymised(queryset):
    return queryset.exclude(Exists(Anonymisation.objects.filter(case=OuterRef("pk"))))


def _last_end():
    """The moment the last of a case's restrictions and flags ended (its closing at the latest),
    for cases none of which is current."""
    restriction_end = (
        RestrictionEvent.objects.filter(restriction__case=OuterRef("pk"), to_state__in=ENDED_STATES)
        .order_by()
        .values("restriction__case")
        .annotate(last=Max("at"))
        .values("last")
    )
    flag_end = (
        RedFlag.objects.filter(case=OuterRef("pk"))
        .order_by()
        .values("case")
        .annotate(last=Max("ended_at"))
        .values("last")
    )
    closed = F("closed_at")
    return Greatest(Coalesce(Subquery(restriction_end), closed), Coalesce(Subquery(flag_end), closed), closed)


def due_by(day, settings=None):
    """Every case and red flag (without a case) the schedule anonymises on or before `day`
    (a date), not yet anonymised: a list of Due, soonest first. A fixed number of queries."""
    settings = settings or CaseworkSettings.load()
    closed = _not_anonymised(Case.objects.filter(status=Case.Status.CLOSED, closed_at__isnull=False))
    no_action_cutoff = _end_of(_years_before(day, settings.retention_no_action_years))
    ended_cutoff = _end_of(_years_before(day, settings.retention_ended_years))
    result = [
        Due(
            Rule.NO_ACTION,
            add_months(timezone.localdate(case.closed_at), 12 * settings.retention_no_action_years),
            case,
        )
        for case in closed.exclude(_with_outcomes()).filter(closed_at__lt=no_action_cutoff)
    ]
    current = Q(
        Exists(
            Restriction.objects.filter(
                case=OuterRef("pk"), state__in=[Restriction.State.APPROVED, Restriction.State.IN_FORCE]
            )
        )
    )
    current |= Q(Exists(RedFlag.objects.filter(case=OuterRef("pk"), ended_at__isnull=True)))
    ended = closed.filter(_with_outcomes()).exclude(current).annotate(ended=_last_end()).filter(ended__lt=ended_cutoff)
    result += [
        Due(Rule.ENDED, add_months(timezone.localdate(case.ended), 12 * settings.retention_ended_years), case)
        for case in ended
    ]
    flags = RedFlag.objects.filter(case__isnull=True, ended_at__lt=ended_cutoff).exclude(
        Exists(Anonymisation.objects.filter(red_flag=OuterRef("pk")))
    )
    result += [
        Due(
            Rule.ENDED,
            add_months(timezone.localdate(flag.ended_at), 12 * settings.retention_ended_years),
            red_flag=flag,
        )
        for flag in flags
    ]
    return sorted(result, key=lambda due: (due.due_on, due.what))


def access_log_due_by(day, settings=None):
    """How many access log entries and resident checks are deleted on or before `day`."""
    settings = settings or CaseworkSettings.load()
    cutoff = _end_of(_years_before(day, settings.retention_access_log_years))
    return AccessLogEntry.objects.filter(at__lt=cutoff).count() + ResidentCheck.objects.filter(at__lt=cutoff).count()


def _delete_letters(case):
    """Delete the case's letters and their frozen PDFs; returns how many."""
    # Newest first: a re-issued letter points at the one it replaces, which it protects.
    letters = list(Letter.objects.filter(case=case).order_by("-pk"))
    for letter in letters:
        if letter.pdf:
            letter.pdf.delete(save=False)
        letter.delete()
    return len(letters)


def anonymise_case(case, rule, due_on):
    """Delete what a case says about the resident and what happened, keep what it decided and
    when (see the module's docstring). Returns the Anonymisation."""
    with transaction.atomic():
        evidence = list(EvidenceFile.objects.filter(case=case))
        evidence += list(AppealDocument.objects.filter(appeal__case=case))
        # A breach's evidence and words go too (LHP 31); its date and channel stay for the counts.
        evidence += list(BreachDocument.objects.filter(breach__case=case))
        for item in evidence:
            item.file.delete(save=False)
            item.delete()
        Breach.objects.filter(case=case).update(what_happened=ANONYMISED)
        ContactRefusal.objects.filter(case=case).update(justification=ANONYMISED)
        fields = {
            "what_happened": "",
            "impact": "",
            "vulnerability": "",
            "other_staff": "",
            "unlisted_customer_details": "",
            "open_complaint_reference": "",
        }
        if rule == Rule.NO_ACTION:
            # Nothing about the resident needs keeping: the case no longer says whom it was about.
            fields.update(customer=None, unlisted_customer_name="")
        Case.objects.filter(pk=case.pk).update(**fields)
        Question.objects.filter(case=case).update(text=ANONYMISED, answer="")
        Comment.objects.filter(case=case).update(text=ANONYMISED)
        CaseEvent.objects.filter(case=case).update(detail="")
        # An appeal keeps its dates, channel, outcome and reasons; the resident's words go.
        Appeal.objects.filter(case=case).update(grounds=ANONYMISED, corrections="")
        Decision.objects.filter(case=case).update(vulnerability_considered="")
        Recommendation.objects.filter(decision__case=case).update(no_reply_topics="")
        Restriction.objects.filter(case=case).update(no_reply_topics="")
        _anonymise_flags(RedFlag.objects.filter(case=case))
        letters = _delete_letters(case)
        return Anonymisation.objects.create(
            case=case, rule=rule, due_on=due_on, evidence_deleted=len(evidence), letters_deleted=letters
        )


def _anonymise_flags(flags):
    flags.update(
        handling_instruction=ANONYMISED,
        contact_arrangements="",
        safety_measures="",
        not_told_reason="",
        end_reason=ANONYMISED,
    )


def anonymise_flag(flag, due_on):
    """A red flag raised without a case: its words go, its kind and dates stay."""
    with transaction.atomic():
        _anonymise_flags(RedFlag.objects.filter(pk=flag.pk))
        return Anonymisation.objects.create(red_flag=flag, rule=Rule.ENDED, due_on=due_on)


def apply_retention_schedule(today=None):
    """Scheduled daily: anonymise every case and flag due by `today` (a date, default today)
    and delete access log entries older than the schedule keeps them. Idempotent: what was
    anonymised is never touched again. Returns {"cases": n, "red_flags": n, "access_log": n}."""
    today = today or timezone.localdate()
    settings = CaseworkSettings.load()
    done = {"cases": 0, "red_flags": 0, "access_log": 0}
    for due in due_by(today, settings):
        if due.case is not None:
            anonymise_case(due.case, due.rule, due.due_on)
            done["cases"] += 1
        else:
            anonymise_flag(due.red_flag, due.due_on)
            done["red_flags"] += 1
    cutoff = _end_of(_years_before(today, settings.retention_access_log_years))
    done["access_log"] = AccessLogEntry.objects.filter(at__lt=cutoff).delete()[0]
    done["access_log"] += ResidentCheck.objects.filter(at__lt=cutoff).delete()[0]
    return done


def preview(today=None, days=PREVIEW_DAYS):
    """What the schedule will anonymise in the next `days` calendar days (and anything due and not
    yet done): (list of Due, number of access log entries to be deleted)."""
    day = (today or timezone.localdate()) + datetime.timedelta(days=days)
    settings = CaseworkSettings.load()
    return due_by(day, settings), access_log_due_by(day, settings)
