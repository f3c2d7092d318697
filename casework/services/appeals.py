"""Appeals against a restriction and its red flag, or against a warning letter for a factual
inaccuracy (DESIGN: Outcomes, Appeals; Wandle 3.10).

Whoever receives an appeal records it; it is due 28 calendar days after it was received and
goes to a director who took no part in the case or its reviews. A director with a conflict
declares it and is passed over; when nobody is left, the head of customer services names who
decides. The decision upholds, varies or overturns, with reasons, and makes the appeal
outcome letter's draft. Reminders go 7 and 2 days before the due date; an overdue appeal
escalates to the head of customer services (scheduled, each notice sent once)."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from home import roles

from .. import permissions
from ..models import (
    Appeal,
    AppealConflict,
    AppealDocument,
    CaseEvent,
    Decision,
    Letter,
    LetterKind,
    Restriction,
    RestrictionEvent,
)
from ..uploads import UploadRejected, check_upload
from . import restrictions, variation
from .errors import CaseworkError, NotAllowed
from .flags import end_flags_of
from .notices import display_name, long_date, notify_people
from .register import warning_approvals
from .routing import participants

FIRST_REMINDER_DAYS, LAST_REMINDER_DAYS = 7, 2


def involved_ids(case):
    """The ids of everyone who took part in the case or its reviews and appeals: the reporter,
    whoever decided a step, whoever changed a restriction of it, and whoever decided a review
    or an earlier appeal. None of them is ever offered an appeal (Wandle 3.10)."""
    ids = set(participants(case))
    ids |= set(
        RestrictionEvent.objects.filter(restriction__case=case, by__isnull=False).values_list("by_id", flat=True)
    )
    ids |= set(Appeal.objects.filter(case=case, decided_by__isnull=False).values_list("decided_by_id", flat=True))
    from .reviews import review_decider_ids  # reviews vary restrictions through this module

    return ids | review_decider_ids(case)


def _free_of(appeal, queryset):
    conflicted = appeal.conflicts.values_list("director_id", flat=True) if appeal.pk else []
    return queryset.filter(is_active=True).exclude(pk__in=involved_ids(appeal.case)).exclude(pk__in=conflicted)


def eligible_directors(appeal):
    """The directors who may be offered `appeal`: active, free of the case and its reviews, no
    conflict declared, and (on a sensitive case) on its named list. Fewest open appeals
    first, then by name. Returns a list of users."""
    directors = get_user_model().objects.filter(groups__name=roles.DIRECTORS).distinct()
    directors = _free_of(appeal, directors).annotate(
        open_appeals=Count("appeals", filter=~Q(appeals__status=Appeal.Status.DECIDED))
    )
    ordered = directors.order_by("open_appeals", "last_name", "first_name", "username")
    return permissions.may_reach(appeal.case, ordered)


def deciders_the_head_may_name(appeal):
    """Who the head of customer services may name when no director is eligible: any active
    director or head of customer services free of the case, its reviews and any conflict."""
    people = (
        get_user_model().objects.filter(groups__name__in=[roles.DIRECTORS, roles.HEAD_OF_CUSTOMER_SERVICES]).distinct()
    )
    return list(_free_of(appeal, people).order_by("last_name", "first_name", "username"))


def waiting_for(user):
    """The open appeals waiting for `user`: those with them to decide, and for the head of
    customer services those waiting for someone to be named (on a sensitive case, only if they
    are named on it). Soonest due first, at most 50; a list, in one query."""
    waiting = Q(director=user, status=Appeal.Status.WITH_DIRECTOR)
    if permissions.in_role(user, roles.HEAD_OF_CUSTOMER_SERVICES):
        waiting |= Q(status=Appeal.Status.NEEDS_SOMEONE) & (Q(case__sensitive=False) | permissions.named_on(user))
    return list(Appeal.objects.filter(waiting).select_related("case__customer").order_by("due_date", "pk")[:50])


def _check_subject(subject):
    """What is appealed is still there to appeal: a current restriction, or a warning whose
    letter was sent and which was not withdrawn."""
    if isinstance(subject, Restriction):
        if not subject.is_current:
            raise CaseworkError(
                f"This restriction is {subject.get_state_display().lower()}: there is nothing left to appeal."
            )
        return
    if not warning_approvals().filter(pk=subject.pk).exists():
        raise CaseworkError("Only a warning a director approved can be appealed.")
    if subject.warning_appeals.filter(outcome=Appeal.Outcome.OVERTURNED).exists():
        raise CaseworkError("This warning was withdrawn on appeal: there is nothing left to appeal.")
    if issued_warning_letter(subject) is None:
        raise CaseworkError("The warning letter has not been sent yet: there is nothing to appeal.")


def issued_warning_letter(warning):
    """The warning letter sent for `warning` (a director's Decision), the latest re-issue; or
    None before it is sent."""
    return (
        Letter.objects.filter(case_id=warning.case_id, kind=LetterKind.WARNING, state=Letter.State.ISSUED)
        .filter(replaced_by__isnull=True)
        .order_by("issued_at", "pk")
        .last()
    )


def _check_record(subject, by, received_on, channel, grounds):
    if not permissions.can_record_appeal(by):
        raise NotAllowed("Only members of staff record appeals.")
    _check_subject(subject)
    if received_on is None:
        raise CaseworkError("Give the date the appeal was received.", "received_on")
    decision = subject.decision if isinstance(subject, Restriction) else subject
    decided_on = timezone.localdate(decision.decided_at)
    if not decided_on <= received_on <= timezone.localdate():
        raise CaseworkError(
            f"The appeal was received between the decision ({long_date(decided_on)}) and today.", "received_on"
        )
    if channel not in Appeal.Channel.values:
        raise CaseworkError("Choose how the appeal came.", "channel")
    if not (grounds or "").strip():
        raise CaseworkError("Write the resident's grounds for appealing, in their words.", "grounds")


def record_appeal(subject, by, received_on, channel, grounds, documents=()):
    """Record an appeal against `subject` (a Restriction, or the Decision approving a warning
    letter, appealed for a factual inaccuracy), received on `received_on` (a date, not in the
    future) through `channel` (Appeal.Channel) with the resident's `grounds` and any uploaded
    `documents`. It is due 28 calendar days after receipt and goes to a director who took no
    part (Wandle 3.10). Returns the Appeal. Raises NotAllowed for contractors, CaseworkError
    naming the field for a bad value, a rejected document, a restriction no longer current, a
    warning not sent or withdrawn, or an appeal already open on it; then nothing is saved."""
    _check_record(subject, by, received_on, channel, grounds)
    checked = []
    for upload in documents:
        try:
            checked.append((upload, *check_upload(upload)))
        except UploadRejected as error:
            raise CaseworkError(str(error), "document") from error
    with transaction.atomic():
        model = type(subject)
        subject = model.objects.select_for_update(of=("self",)).select_related("case").get(pk=subject.pk)
        open_ones = subject.appeals if model is Restriction else subject.warning_appeals
        already = open_ones.exclude(status=Appeal.Status.DECIDED).first()
        if already is not None:
            raise CaseworkError(
                f"An appeal on this {'restriction' if model is Restriction else 'warning letter'} is already open, "
                f"received {long_date(already.received_on)} and due by {long_date(already.due_date)}: add what the "
                "resident sent to that one."
            )
        appeal = Appeal.objects.create(
            restriction=subject if model is Restriction else None,
            warning=subject if model is Decision else None,
            case=subject.case,
            received_on=received_on,
            channel=channel,
            grounds=grounds.strip(),
            recorded_by=by,
            due_date=Appeal.due_for(received_on),
        )
        for upload, name, content_type in checked:
            AppealDocument.objects.create(
                appeal=appeal,
                file=upload,
                original_name=name,
                content_type=content_type,
                size=upload.size,
                uploaded_by=by,
            )
        CaseEvent.objects.create(
            case=appeal.case,
            actor=by,
            summary=f"Appeal {appeal.reference} received {long_date(received_on)} "
            f"({appeal.get_channel_display().lower()}), due by {long_date(appeal.due_date)}",
            detail=appeal.grounds,
        )
        _assign(appeal)
        return appeal


def _assign(appeal):
    """Give the appeal to the first eligible director, or to the head of customer services to
    name someone; tell them, with the due date."""
    case = appeal.case
    chosen = next(iter(eligible_directors(appeal)), None)
    due = f"by {appeal.due_date:%A} {long_date(appeal.due_date)}"
    if chosen is not None:
        appeal.director, appeal.status, appeal.assigned_at = chosen, Appeal.Status.WITH_DIRECTOR, timezone.now()
        appeal.save(update_fields=["director", "status", "assigned_at"])
        permissions.grant_case_access(case, [chosen])
        CaseEvent.objects.create(case=case, summary=f"Appeal {appeal.reference} sent to {display_name(chosen)}")
        notify_people(
            [chosen],
            f"Appeal on case {case.reference} for your decision",
            f"An appeal on case {case.reference} is waiting for your decision {due}. You took no part in the "
            "case: if you have a conflict, declare it on the appeal and it goes to another director.",
            case,
            kind="assigned",
        )
        return appeal
    appeal.director, appeal.status, appeal.assigned_at = None, Appeal.Status.NEEDS_SOMEONE, None
    appeal.save(update_fields=["director", "status", "assigned_at"])
    heads = _heads(case)
    permissions.grant_case_access(case, heads)
    CaseEvent.objects.create(
        case=case,
        summary=f"Appeal {appeal.reference}: no director is free of the case; the head of customer "
        "services names who decides",
    )
    notify_people(
        heads or permissions.users_with_case_access(case),
        f"Appeal on case {case.reference} needs someone to decide it",
        f"Every director took part in case {case.reference} or declared a conflict. Name who decides its "
        f"appeal: it is due {due}.",
        case,
        kind="assigned",
    )
    return appeal


def _heads(case):
    heads = get_user_model().objects.filter(groups__name=roles.HEAD_OF_CUSTOMER_SERVICES, is_active=True)
    return permissions.may_reach(case, heads.distinct())


def declare_conflict(appeal, by, reason):
    """The assigned director declares a conflict (`reason` in words) and is passed over: the
    appeal goes to the next eligible director, or to the head of customer services. Returns
    the Appeal. Raises NotAllowed for anyone but its director, CaseworkError (field "reason")."""
    reason = (reason or "").strip()
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update(of=("self",)).select_related("case").get(pk=appeal.pk)
        if not permissions.can_decide_appeal(by, appeal):
            raise NotAllowed("Only the director the appeal is with can declare a conflict on it.")
        if not reason:
            raise CaseworkError("Say what the conflict is.", "reason")
        AppealConflict.objects.create(appeal=appeal, director=by, reason=reason)
        CaseEvent.objects.create(
            case=appeal.case, actor=by, summary=f"Conflict declared on appeal {appeal.reference}", detail=reason
        )
        return _assign(appeal)


def name_decider(appeal, by, person):
    """The head of customer services names who decides an appeal no director is free to take
    (one of deciders_the_head_may_name). Returns the Appeal. Raises NotAllowed, or
    CaseworkError (field "person") for someone who took part or declared a conflict."""
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update(of=("self",)).select_related("case").get(pk=appeal.pk)
        if not permissions.can_name_appeal_decider(by, appeal):
            raise NotAllowed("Only the head of customer services names who decides this appeal.")
        if person is None or person.pk not in {p.pk for p in deciders_the_head_may_name(appeal)}:
            raise CaseworkError("Choose someone who took no part in the case and declared no conflict.", "person")
        appeal.director, appeal.status, appeal.assigned_at = person, Appeal.Status.WITH_DIRECTOR, timezone.now()
        appeal.save(update_fields=["director", "status", "assigned_at"])
        permissions.add_named_person(appeal.case, person)
        CaseEvent.objects.create(
            case=appeal.case, actor=by, summary=f"Appeal {appeal.reference} given to {display_name(person)} to decide"
        )
        notify_people(
            [person],
            f"Appeal on case {appeal.case.reference} for your decision",
            f"An appeal on case {appeal.case.reference} is waiting for your decision by {long_date(appeal.due_date)}.",
            appeal.case,
            kind="assigned",
        )
        return appeal


def decide_appeal(appeal, by, outcome, reasons, new_terms="", details=None):
    """The director the appeal is with decides it: `outcome` an Appeal.Outcome, `reasons` in
    words, and for a variation the `new_terms` (for a warning letter: what the corrected letter
    puts right) and the contact `details` from now on (a dict, see variation.vary_terms). On a
    restriction, overturned ends the restriction and its red flags at once, the timeline says
    why and the reporter's team is told the arrangements have ended; varied
    changes the terms and drafts a restriction letter with them to replace the one issued. On
    a warning letter, overturned withdraws the warning; varied drafts a corrected warning
    letter to replace the one sent. Every outcome drafts an appeal outcome letter. Returns the
    Appeal. Raises NotAllowed, or CaseworkError naming the field (Wandle 3.6, 3.10)."""
    reasons, new_terms = (reasons or "").strip(), (new_terms or "").strip()
    if outcome not in Appeal.Outcome.values:
        raise CaseworkError("Choose the outcome of the appeal.", "outcome")
    if not reasons:
        raise CaseworkError("Give the reasons for the outcome: the resident is told them.", "reasons")
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update(of=("self",)).select_related("case", "restriction").get(pk=appeal.pk)
        if not permissions.can_decide_appeal(by, appeal):
            raise NotAllowed("Only the director the appeal is with decides it.")
        restriction, case = appeal.restriction, appeal.case
        if appeal.on_warning:
            _decide_on_warning(appeal, by, outcome, reasons, new_terms)
        elif outcome == Appeal.Outcome.OVERTURNED:
            _overturn(appeal, by, reasons)
        elif outcome == Appeal.Outcome.VARIED:
            appeal.terms_before = variation.vary_terms(
                restriction, by, new_terms, f"Varied on appeal {appeal.reference}: {reasons}", details
            )
        appeal.status, appeal.outcome, appeal.reasons = Appeal.Status.DECIDED, outcome, reasons
        appeal.decided_by, appeal.decided_at = by, timezone.now()
        appeal.save()
        CaseEvent.objects.create(
            case=case,
            actor=by,
            summary=f"Appeal {appeal.reference} decided: {appeal.outcome_label().split(':')[0].lower()}",
            detail=reasons,
        )
        letter = variation.draft_or_none(case, by, LetterKind.APPEAL_OUTCOME, restriction)
        if letter is not None and Appeal.objects.filter(letter=letter).exists():
            # An earlier appeal's outcome letter is still a draft: a case has one draft of a kind
            # at a time, so this one's is prepared once that one is issued.
            CaseEvent.objects.create(
                case=case,
                summary=f"The outcome letter of appeal {appeal.reference} waits until the earlier appeal's "
                "outcome letter is issued",
            )
            letter = None
        appeal.letter = letter
        appeal.save(update_fields=["letter"])
        cxms = get_user_model().objects.filter(groups__name=roles.CUSTOMER_EXPERIENCE_MANAGERS, is_active=True)
        notify_people(
            permissions.may_reach(case, [u for u in cxms.distinct() if permissions.has_chain_access(u, case)]),
            f"Appeal decided (case {case.reference})",
            f"The appeal on case {case.reference} has been decided. "
            + (
                "Its appeal outcome letter is drafted: read it and issue it."
                if letter is not None
                else "Issue the earlier appeal's outcome letter, then prepare this one's."
            ),
            case,
        )
        return appeal


def _decide_on_warning(appeal, by, outcome, reasons, corrections):
    """A warning letter's appeal: withdrawn when overturned; corrected (a new warning letter
    drafted to replace the one sent) when varied."""
    case = appeal.case
    if outcome == Appeal.Outcome.OVERTURNED:
        CaseEvent.objects.create(
            case=case, actor=by, summary=f"Warning withdrawn on appeal {appeal.reference}", detail=reasons
        )
    elif outcome == Appeal.Outcome.VARIED:
        if not corrections:
            raise CaseworkError("Say what the corrected warning letter puts right.", "new_terms")
        appeal.corrections = corrections
        sent = issued_warning_letter(appeal.warning)
        variation.draft_or_none(case, by, LetterKind.WARNING, None, replaces=sent)
        CaseEvent.objects.create(
            case=case,
            actor=by,
            summary=f"Warning letter to be corrected on appeal {appeal.reference}",
            detail=corrections,
        )


def _overturn(appeal, by, reasons):
    restriction = restrictions.change_state(
        appeal.restriction, Restriction.State.OVERTURNED, by, f"Overturned on appeal {appeal.reference}: {reasons}"
    )
    end_flags_of(restriction, by, f"The restriction it rested on was overturned on appeal {appeal.reference}.")
    variation.tell_arrangements_ended(restriction, f"were overturned on appeal on {long_date(timezone.localdate())}")


# --- Scheduled: reminders and escalation -------------------------------------------------


def send_appeal_reminders_and_escalations(today=None):
    """Scheduled daily (and safe to run more often): remind the director 7 and 2 calendar days
    before an appeal is due, and tell the head of customer services of each overdue one. Each
    notice goes once, whatever the number of runs. Takes the date (default today); returns
    {"reminders": n, "escalations": n}."""
    today = today or timezone.localdate()
    sent = {"reminders": 0, "escalations": 0}
    open_appeals = Appeal.objects.exclude(status=Appeal.Status.DECIDED)
    for pk in open_appeals.values_list("pk", flat=True):
        with transaction.atomic():
            appeal = Appeal.objects.select_for_update(of=("self",)).select_related("case", "director").get(pk=pk)
            if not appeal.is_open:
                continue
            days_left = (appeal.due_date - today).days
            if days_left < 0 and appeal.escalated_at is None:
                _escalate(appeal)
                sent["escalations"] += 1
            elif 0 <= days_left <= LAST_REMINDER_DAYS and appeal.last_reminder_sent_at is None:
                _remind(appeal, days_left, last=True)
                sent["reminders"] += 1
            elif LAST_REMINDER_DAYS < days_left <= FIRST_REMINDER_DAYS and appeal.first_reminder_sent_at is None:
                _remind(appeal, days_left, last=False)
                sent["reminders"] += 1
    return sent


def _remind(appeal, days_left, last):
    now = timezone.now()
    appeal.first_reminder_sent_at = appeal.first_reminder_sent_at or now
    if last:
        appeal.last_reminder_sent_at = now
    appeal.save(update_fields=["first_reminder_sent_at", "last_reminder_sent_at"])
    people = [appeal.director] if appeal.director_id else _heads(appeal.case)
    notify_people(
        people,
        f"Reminder: the appeal on case {appeal.case.reference} is due by {long_date(appeal.due_date)}",
        f"The appeal on case {appeal.case.reference} must be decided by {appeal.due_date:%A} "
        f"{long_date(appeal.due_date)} ({days_left} day{'' if days_left == 1 else 's'} left; Wandle 3.10).",
        appeal.case,
        kind="reminder",
    )


def _escalate(appeal):
    appeal.escalated_at = timezone.now()
    appeal.save(update_fields=["escalated_at"])
    case = appeal.case
    heads = _heads(case)
    permissions.grant_case_access(case, heads)
    people = heads + ([appeal.director] if appeal.director_id and appeal.director not in heads else [])
    notify_people(
        people,
        f"Overdue: the appeal on case {case.reference} was due by {long_date(appeal.due_date)}",
        f"The appeal on case {case.reference} was due to be decided by {long_date(appeal.due_date)} "
        "(28 days from receipt, Wandle 3.10) and has not been.",
        case,
        kind="escalation",
    )
    names = ", ".join(display_name(user) for user in heads) or "nobody on the sensitive case's list"
    CaseEvent.objects.create(case=case, summary=f"Appeal {appeal.reference} overdue: escalated to {names}")
