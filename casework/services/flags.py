"""Red flags on a resident (DESIGN: Outcomes; LHP 11, Wandle 3.5): raised with a restriction
or after a risk assessment, including an interim flag on an urgent report; ended only with
a reason."""

from django.db import transaction
from django.utils import timezone

from home import roles

from .. import permissions
from ..choices import MAX_REVIEW_INTERVAL_MONTHS
from ..models import CaseEvent, CaseworkSettings, RedFlag, add_months
from .deadlines import add_working_days
from .errors import CaseworkError, NotAllowed

# An interim flag on an urgent report is looked at again within this many working days.
INTERIM_REVIEW_WORKING_DAYS = 10
RAISERS = (roles.CUSTOMER_EXPERIENCE_MANAGERS, roles.DIRECTORS)
# The head of customer services may be named to decide an appeal, which can end a flag.
ENDERS = (*RAISERS, roles.HEAD_OF_CUSTOMER_SERVICES)


def raise_flag(
    customer,
    by,
    kind,
    handling_instruction,
    next_review_date,
    resident_told,
    *,
    case=None,
    restriction=None,
    interim=False,
    contact_arrangements="",
    safety_measures="",
    told_on=None,
    not_told_reason="",
    reconsider_on=None,
    end_date=None,
    start_date=None,
):
    """Put a red flag on `customer`, raised by a CXM or a director (`by`) after a risk
    assessment or with a restriction. An interim flag's next review is at most 10 working days
    away. Returns the RedFlag. Raises NotAllowed for anyone else (or anyone without access to
    `case`), CaseworkError naming the field for a missing or contradictory value."""
    if not permissions.in_role(by, *RAISERS):
        raise NotAllowed("Only a customer experience manager or a director can raise a red flag.")
    if case is not None and not permissions.has_chain_access(by, case):
        raise NotAllowed("You can only raise a flag from a case you are working on.")
    if customer is None:
        raise CaseworkError("A red flag goes on a resident's record: choose the resident first.", "customer")
    start_date = start_date or timezone.localdate()
    if interim:
        next_review_date = interim_review_date(start_date, next_review_date)
    problems = flag_problems(
        kind,
        handling_instruction,
        next_review_date,
        resident_told,
        urgent=case is not None and case.immediate_risk,
        interim=interim,
        told_on=told_on,
        not_told_reason=not_told_reason,
        reconsider_on=reconsider_on,
        start_date=start_date,
    )
    if problems:
        field, message = problems[0]
        raise CaseworkError(message, field)
    with transaction.atomic():
        flag = RedFlag.objects.create(
            customer=customer,
            case=case,
            restriction=restriction,
            kind=kind,
            handling_instruction=handling_instruction.strip(),
            contact_arrangements=contact_arrangements.strip(),
            safety_measures=safety_measures.strip(),
            interim=interim,
            start_date=start_date,
            next_review_date=next_review_date,
            end_date=end_date,
            resident_told=resident_told,
            told_on=told_on,
            not_told_reason=not_told_reason.strip(),
            reconsider_on=reconsider_on,
            raised_by=by,
        )
        if case is not None:
            label = "Interim red flag raised" if interim else "Red flag raised"
            CaseEvent.objects.create(case=case, actor=by, summary=f"{label}: {flag.get_kind_display()}")
        return flag


def interim_review_date(start_date, next_review_date=None):
    """An interim flag's next review: the date given, but never more than 10 working days
    after `start_date` (LHP 11), and that latest date when none is given. Returns a date."""
    latest = add_working_days(start_date, INTERIM_REVIEW_WORKING_DAYS, CaseworkSettings.load().holidays())
    return min(next_review_date or latest, latest)


def flag_problems(
    kind,
    handling_instruction,
    next_review_date,
    resident_told,
    *,
    urgent=False,
    interim=False,
    told_on=None,
    not_told_reason="",
    reconsider_on=None,
    start_date=None,
):
    """Everything that stops a red flag with these values being raised, so a form can name
    every missing part at once (raise_flag refuses the first). `urgent`: whether the case it
    is raised from is an urgent report; `next_review_date` of an interim flag as
    interim_review_date gives it; `start_date` defaults to today. Returns a list of
    (field, message) pairs, empty when the flag can be raised (LHP 11, Wandle 3.5)."""
    today = timezone.localdate()
    start_date = start_date or today
    problems = []
    if kind not in RedFlag.Kind.values:
        problems.append(("kind", "Choose the kind of flag."))
    if not (handling_instruction or "").strip():
        problems.append(("handling_instruction", "Say in plain words what staff should do."))
    if interim and not urgent:
        problems.append(("interim", "An interim flag is for an urgent report (immediate risk to staff)."))
    if next_review_date is None or next_review_date <= start_date:
        problems.append(("next_review_date", "Give a next review date after today."))
    elif next_review_date > add_months(start_date, MAX_REVIEW_INTERVAL_MONTHS):
        problems.append(
            (
                "next_review_date",
                f"A flag is reviewed at least every {MAX_REVIEW_INTERVAL_MONTHS} months: give an earlier date.",
            )
        )
    if resident_told == RedFlag.Told.YES:
        if told_on is None:
            problems.append(("told_on", "Give the date the resident was told."))
        elif told_on > today:
            problems.append(("told_on", "The date the resident was told cannot be in the future."))
    elif resident_told == RedFlag.Told.NOT_YET:
        if not (not_told_reason or "").strip():
            problems.append(("not_told_reason", "Say why the resident has not been told yet."))
        if reconsider_on is None:
            problems.append(("reconsider_on", "Give the date to reconsider telling the resident."))
        elif reconsider_on <= today:
            problems.append(("reconsider_on", "Give a date after today to reconsider telling the resident."))
    else:
        problems.append(("resident_told", "Say whether the resident has been told about the flag."))
    return problems


def end_flag(flag, by, reason):
    """End one active flag, by a CXM or a director working on the case it rests on (or the
    daily task, `by` None), with a reason (DESIGN: Red flag, "who ended it and why"). Returns
    the RedFlag. Raises NotAllowed, or CaseworkError (field "reason", or none when the flag
    has already ended)."""
    if by is not None and not permissions.in_role(by, *ENDERS):
        raise NotAllowed("Only a customer experience manager or a director can end a red flag.")
    if by is not None and flag.case_id and not permissions.has_chain_access(by, flag.case):
        raise NotAllowed("You can only end a flag from a case you are working on.")
    reason = (reason or "").strip()
    if not reason:
        raise CaseworkError("Give the reason the flag ends.", "reason")
    with transaction.atomic():
        # Only the flag is locked: its restriction may be absent (an outer join PostgreSQL cannot lock).
        flag = RedFlag.objects.select_for_update(of=("self",)).select_related("restriction").get(pk=flag.pk)
        if not flag.is_active:
            raise CaseworkError("This flag has already ended.")
        if by is not None and flag.restriction_id and flag.restriction.is_current:
            # Staff would lose the warning while the arrangements still hold.
            raise CaseworkError(
                "This flag rests on contact restrictions that are still current: it ends with them.", "reason"
            )
        flag.ended_at = timezone.now()
        flag.ended_by = by
        flag.end_reason = reason
        flag.end_date = flag.end_date or timezone.localdate()
        flag.save(update_fields=["ended_at", "ended_by", "end_reason", "end_date"])
        if flag.case_id:
            CaseEvent.objects.create(case_id=flag.case_id, actor=by, summary="Red flag ended", detail=reason)
        return flag


def end_flags_of(restriction, by, reason):
    """End every active flag that rests on `restriction` (a flag ends with its restriction
    unless a decision keeps it). Returns how many ended."""
    flags = list(RedFlag.objects.filter(restriction=restriction, ended_at__isnull=True))
    for flag in flags:
        end_flag(flag, by, reason)
    return len(flags)
