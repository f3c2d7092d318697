"""Restrictions from approval to their end (DESIGN: Outcomes; Wandle 3.3–3.7 and 3.9,
LHP 26–31). Every change of state goes through `change_state`, which reads the one table
of allowed transitions below."""

import datetime
import re
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from home import roles
from home.notifications import notify

from .. import permissions
from ..choices import MAX_DURATION_MONTHS
from ..models import CaseEvent, Decision, RedFlag, Restriction, RestrictionEvent, add_months
from .errors import CaseworkError, NotAllowed
from .flags import end_flags_of, raise_flag
from .notices import case_topic, case_url, long_date, notify_people

State = Restriction.State
DEFAULT_INSTRUCTION = "Contact arrangements are in place: follow them, and use only the contact they allow."

# A restriction starts soon after the resident is told; a date further ahead is a slip.
MAX_START_AHEAD_DAYS = 90

# Terms that would take the complaints process away, which Wandle 3.6 and LHP 33 never allow
# (it may be conditioned, never removed): a refusal word shortly
# before "complain…", or "complain…" followed by one that refuses it. Conditions ("complaints
# in writing to the named officer, not by phone") pass.
REFUSAL = (
    r"(?:no|not|never|cannot|can't|won't|nor|without|barred|banned|prohibited|removed?|withdrawn|withdraws?|"
    r"suspend(?:ed|s)?|revoked?|revokes)"
)
NO_COMPLAINTS = (
    re.compile(rf"\b{REFUSAL}\b[^.;]{{0,40}}\bcomplain", re.IGNORECASE),
    re.compile(
        r"\bcomplain\w*\b[^.;]{0,60}\b(?:not|never|no longer)\b[^.;]{0,20}"
        r"\b(?:accepted|considered|investigated|allowed|permitted|answered|dealt with|logged|taken)",
        re.IGNORECASE,
    ),
    # "Access to the complaints procedure is withdrawn", "the complaints process is suspended".
    re.compile(
        r"\bcomplain\w*\b[^.;]{0,40}\b(?:is|are|will be|has been|have been|be)\s+(?:\w+\s+)?"
        r"(?:withdrawn|suspended|removed|revoked|denied|closed|stopped|ended|refused|blocked|unavailable)",
        re.IGNORECASE,
    ),
)


@dataclass(frozen=True)
class Transition:
    who: str  # in words, for the message when someone else tries
    roles: frozenset  # the roles that may take it; empty: only the daily task


APPEAL_DECIDERS = frozenset({roles.DIRECTORS, roles.HEAD_OF_CUSTOMER_SERVICES})

TRANSITIONS = {
    (State.APPROVED, State.IN_FORCE): Transition(
        "a customer experience manager", frozenset({roles.CUSTOMER_EXPERIENCE_MANAGERS})
    ),
    (State.IN_FORCE, State.LAPSED): Transition("the daily check of end dates", frozenset()),
    (State.APPROVED, State.LIFTED): Transition("a director", frozenset({roles.DIRECTORS})),
    (State.IN_FORCE, State.LIFTED): Transition("a director", frozenset({roles.DIRECTORS})),
    # Wandle 3.10: a director decides; when none took no part, whoever the head of customer services names.
    (State.APPROVED, State.OVERTURNED): Transition("the person deciding an appeal", APPEAL_DECIDERS),
    (State.IN_FORCE, State.OVERTURNED): Transition("the person deciding an appeal", APPEAL_DECIDERS),
    (State.APPROVED, State.SUPERSEDED): Transition("a director, by a new determination", frozenset({roles.DIRECTORS})),
    (State.IN_FORCE, State.SUPERSEDED): Transition("a director, by a new determination", frozenset({roles.DIRECTORS})),
}


def check_terms(terms):
    """Raise CaseworkError (field "terms") when the terms would remove access to the complaints
    process (Wandle 3.6); they may condition it. Takes the terms in words; returns nothing."""
    lowered = " ".join((terms or "").lower().split())
    if any(pattern.search(lowered) for pattern in NO_COMPLAINTS):
        raise CaseworkError(
            "The terms cannot remove access to the complaints process: it may be conditioned, never removed "
            "(Wandle 3.6).",
            "terms",
        )


def record_restriction(case, decision, recommendation):
    """Create the restriction a director's approval determines, in the caller's transaction.

    Takes the closed case, the director's Decision and the approved Recommendation (kind
    restrictions); returns the Restriction, approved and not yet in force (no dates until
    the resident is told). Raises CaseworkError when the terms remove complaints access."""
    check_terms(recommendation.terms)
    restriction = Restriction.objects.create(
        customer_id=case.customer_id,
        case=case,
        decision=decision,
        types=list(recommendation.restriction_types),
        named_contact=recommendation.named_contact,
        allowed_channel=recommendation.allowed_channel,
        call_times=recommendation.call_times,
        no_reply_topics=recommendation.no_reply_topics,
        correspondence_reader=recommendation.correspondence_reader,
        terms=recommendation.terms,
        duration_months=recommendation.duration_months,
        review_interval_months=recommendation.review_interval_months,
    )
    RestrictionEvent.objects.create(
        restriction=restriction, to_state=State.APPROVED, by=decision.decided_by, reason=decision.rationale
    )
    return restriction


def determined_at(restriction, decided_at):
    """Record that the director determined `restriction` at `decided_at` (an aware datetime), on
    its decision and on the copy the restriction keeps: for the demo's histories and for tests,
    whose approvals happened earlier than they were made. Returns the restriction; raises nothing."""
    Decision.objects.filter(pk=restriction.decision_id).update(decided_at=decided_at)
    Restriction.objects.filter(pk=restriction.pk).update(decided_at=decided_at)
    restriction.decision.decided_at = restriction.decided_at = decided_at
    return restriction


def change_state(restriction, to_state, by, reason):
    """Move a restriction to `to_state`, as TRANSITIONS allows, with the reason recorded.

    `by` is the person taking it, or None for the daily task. Returns the Restriction.
    Raises NotAllowed when the transition is not in the table or `by` may not take it, and
    CaseworkError (field "reason") when no reason is given."""
    with transaction.atomic():
        restriction = Restriction.objects.select_for_update().get(pk=restriction.pk)
        rule = TRANSITIONS.get((restriction.state, to_state))
        if rule is None:
            raise NotAllowed(
                f"A restriction that is “{restriction.get_state_display().lower()}” cannot become "
                f"“{State(to_state).label.lower()}”."
            )
        if (by is None) != (not rule.roles) or (by is not None and not permissions.in_role(by, *rule.roles)):
            raise NotAllowed(f"Only {rule.who} can make this restriction “{State(to_state).label.lower()}”.")
        reason = (reason or "").strip()
        if not reason:
            raise CaseworkError("Give the reason for the change.", "reason")
        from_state = restriction.state
        restriction.state = to_state
        restriction.save(update_fields=["state"])
        RestrictionEvent.objects.create(
            restriction=restriction, from_state=from_state, to_state=to_state, by=by, reason=reason
        )
        CaseEvent.objects.create(
            case=restriction.case,
            actor=by,
            summary=f"Restriction {State(to_state).label.lower()}",
            detail=reason,
        )
        return restriction


def dates_from(start_date, duration_months, review_interval_months):
    """The end date (the last day in force) and the first review date of a restriction that
    starts on `start_date`: calendar months, never more than 18 in all (Wandle 3.7). Takes a
    date and two ints; returns (end_date, next_review_date). Raises CaseworkError when the
    duration is over the cap."""
    if not 1 <= duration_months <= MAX_DURATION_MONTHS:
        raise CaseworkError(f"A restriction can last at most {MAX_DURATION_MONTHS} months.", "duration_months")
    end_date = add_months(start_date, duration_months) - datetime.timedelta(days=1)
    return end_date, min(add_months(start_date, review_interval_months), end_date)


def date_problems(restriction, start_date, communicated_on=None):
    """What is wrong with the dates a restriction is brought into force with, so a form can
    name every one at once (bring_into_force refuses the first): it starts between the
    director's approval and 90 days ahead, and the resident was told (`communicated_on`, None
    for the letter) between the approval and today, before it starts. Returns a list of
    (field, message) pairs, empty when the dates are right (LHP 27–28)."""
    problems = []
    today = timezone.localdate()
    decided_on = timezone.localdate(restriction.decision.decided_at)
    latest_start = today + datetime.timedelta(days=MAX_START_AHEAD_DAYS)
    if start_date is None:
        problems.append(("start_date", "Give the date the restriction starts."))
    elif not decided_on <= start_date <= latest_start:
        problems.append(
            (
                "start_date",
                f"The restriction starts between the director's approval ({long_date(decided_on)}) and "
                f"{long_date(latest_start)}.",
            )
        )
    if communicated_on and not decided_on <= communicated_on <= today:
        problems.append(
            (
                "communicated_on",
                f"The resident was told between the director's approval ({long_date(decided_on)}) and today.",
            )
        )
    elif communicated_on and start_date and communicated_on > start_date:
        problems.append(("communicated_on", "The resident must be told before the restriction starts."))
    return problems


def bring_into_force(restriction, by, start_date, communicated_on=None, flag=None):
    """The resident has been told: the restriction is in force from `start_date` (a date),
    ending after its duration in calendar months and first reviewed after its interval, and
    the resident gets a red flag resting on it (`flag`: kind, handling_instruction and
    safety_measures; by default "contact arrangements in place"). `communicated_on` records
    when they were told when no letter was issued. The reporter and their team are told the
    arrangements. Returns the Restriction; raises NotAllowed or CaseworkError as change_state,
    dates_from and flags.raise_flag do (LHP 27–29, Wandle 3.5–3.7)."""
    problems = date_problems(restriction, start_date, communicated_on)
    if problems:
        field, message = problems[0]
        raise CaseworkError(message, field)
    flag = {"kind": RedFlag.Kind.CONTACT_ARRANGEMENTS, "handling_instruction": DEFAULT_INSTRUCTION, **(flag or {})}
    with transaction.atomic():
        end_date, next_review = dates_from(start_date, restriction.duration_months, restriction.review_interval_months)
        told = f"told on {long_date(communicated_on)}" if communicated_on else "told by letter"
        restriction = change_state(
            restriction,
            State.IN_FORCE,
            by,
            f"In force from {long_date(start_date)} to {long_date(end_date)}: the resident was {told}.",
        )
        restriction.start_date = start_date
        restriction.end_date = end_date
        restriction.next_review_date = next_review
        restriction.communicated_on = communicated_on
        restriction.save(update_fields=["start_date", "end_date", "next_review_date", "communicated_on"])
        if restriction.customer_id:
            raise_flag(
                restriction.customer,
                by,
                flag["kind"],
                flag["handling_instruction"],
                next_review,
                RedFlag.Told.YES,
                told_on=communicated_on or min(start_date, timezone.localdate()),
                case=restriction.case,
                restriction=restriction,
                contact_arrangements=restriction.arrangements(),
                safety_measures=flag.get("safety_measures", ""),
                start_date=start_date,
                end_date=end_date,
            )
        _tell_the_reporters_team(restriction)
        return restriction


def _tell_of_lapse(restriction):
    """The CXMs and the deciding director hear that a restriction lapsed (on a sensitive case,
    those of them on its named list)."""
    case = restriction.case
    people = list(get_user_model().objects.filter(groups__name=roles.CUSTOMER_EXPERIENCE_MANAGERS, is_active=True))
    people.append(restriction.decision.decided_by)
    notify_people(
        permissions.may_reach(case, {person.pk: person for person in people}.values()),
        f"Restriction lapsed (case {case.reference})",
        f"The contact restrictions from case {case.reference} lapsed at their end date, "
        f"{long_date(restriction.end_date)}.",
        case,
    )


def check_url(restriction):
    """The address of the check page for the restriction's resident, naming neither them nor
    their customer reference (a notice's link goes out by email too): it opens the check of
    whoever the restriction is on, for a member of staff signed in."""
    return reverse("residents:check_restriction", args=[restriction.pk])


def _tell_the_reporters_team(restriction):
    """The reporter and their team are told the arrangements: what they are, who the named
    contact is and until when. The resident is named only behind the link (a check, logged)."""
    case = restriction.case
    reporter = case.reporter
    team = getattr(getattr(reporter, "staff_profile", None), "team_id", None)
    people = [reporter]
    if team:
        colleagues = get_user_model().objects.filter(staff_profile__team_id=team, is_active=True)
        colleagues = colleagues.exclude(pk=reporter.pk)
        # A sensitive case's arrangements reach only its named people: the others check the
        # resident before contact as everyone does.
        people += permissions.may_reach(case, list(colleagues))
    # The topics that get no reply can touch on the resident's affairs: they stay behind the link.
    named = "".join(f" {label}: {value}." for label, value in restriction.details() if label != "No reply on")
    body = (
        f"Contact restrictions from case {case.reference} are in force until {long_date(restriction.end_date)}: "
        f"{'; '.join(restriction.type_labels()).lower()}.{named} Check the resident before you call or visit."
    )
    for person in people:
        notify(
            person,
            f"Contact arrangements in force (case {case.reference})",
            body,
            url=case_url(case) if person == reporter else check_url(restriction),
            kind="decision",
            topic=case_topic(case),
        )


def lapse_ended(today=None):
    """Scheduled daily: every restriction in force whose end date has passed lapses, with its
    red flags unless a decision keeps them. Takes the date to check (default today); returns
    how many lapsed."""
    today = today or timezone.localdate()
    lapsed = 0
    for pk in Restriction.objects.filter(state=State.IN_FORCE, end_date__lt=today).values_list("pk", flat=True):
        with transaction.atomic():
            restriction = change_state(
                Restriction(pk=pk), State.LAPSED, None, f"Its end date passed ({long_date(today)} is after it)."
            )
            end_flags_of(restriction, None, "The restriction it rests on lapsed at its end date.")
            _tell_of_lapse(restriction)
            lapsed += 1
    return lapsed
