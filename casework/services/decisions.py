"""The decisions of the chain: line manager, customer experience manager, director
(DESIGN: The approval chain). Each records the step's decision under a row lock and a
unique constraint, so two people deciding at once record exactly one decision."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from home import roles
from home.notifications import notify, settle

from .. import permissions
from ..choices import MAX_DURATION_MONTHS, MAX_REVIEW_INTERVAL_MONTHS, Channel, RestrictionType
from ..models import Case, CaseEvent, Decision, Recommendation, Restriction, Step
from .errors import AlreadyDecided, CaseworkError, NotAllowed
from .notices import case_topic, case_url, display_name, long_date, notify_people, step_task
from .policy import policy_in_force
from .restrictions import check_terms, record_restriction
from .routing import eligible, line_manager_of, open_step, participants


def _lock_current_step(case, by, kind):
    """The case and its current step, locked; refuses anyone who may not decide it."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    step = Step.objects.select_for_update().filter(pk=case.current_step_id).first() if case.current_step_id else None
    if step is None or step.kind != kind:
        # The case moved on while this person was deciding: their step was decided by someone else.
        if Step.objects.filter(case=case, kind=kind, status=Step.Status.DECIDED, assignees=by).exists():
            raise AlreadyDecided(f"Case {case.reference} has already been decided at this step.")
        raise NotAllowed(f"Case {case.reference} is not at the {Step.Kind(kind).label.lower()} step.")
    if step.status != Step.Status.OPEN or hasattr(step, "decision"):
        raise AlreadyDecided(f"Case {case.reference} has already been decided at this step.")
    if not step.assignees.filter(pk=by.pk).exists():
        raise NotAllowed(f"This step of case {case.reference} is not assigned to you.")
    if by.pk in participants(case, except_kind=kind):
        raise NotAllowed("You have already taken part in this case, so you cannot decide this step.")
    return case, step


def _record(case, step, by, choice, rationale, **extra):
    rationale = (rationale or "").strip()
    if not rationale:
        raise CaseworkError("Give the reasons for your decision.", "rationale")
    try:
        with transaction.atomic():
            decision = Decision.objects.create(
                step=step, case=case, decided_by=by, choice=choice, rationale=rationale, **policy_in_force(), **extra
            )
    except IntegrityError as error:
        raise AlreadyDecided(f"Case {case.reference} has already been decided at this step.") from error
    step.status = Step.Status.DECIDED
    step.save(update_fields=["status"])
    # The step leaves its assignees' queues (their open assignments).
    step.assignments.update(is_open=False)
    settle(step_task(step), f"Decided by {display_name(by)} on {long_date(timezone.localdate())}.")
    return decision


NO_WARNING_REASON_NEEDED = (
    "This resident has had no warning letter: say why a warning first is not appropriate "
    "(LHP 26–27), for example an immediate risk to staff."
)


def warned_before(case):
    """Whether the case's resident had a warning letter approved on an earlier case (LHP 26:
    a warning comes first). A resident not on record has no history, so no."""
    if not case.customer_id:
        return False
    return (
        Case.objects.filter(
            customer_id=case.customer_id,
            outcome__in=[Case.Outcome.APPROVED, Case.Outcome.APPROVED_AMENDED],
            final_recommendation__kind=Recommendation.Kind.WARNING_LETTER,
        )
        .exclude(pk=case.pk)
        .exists()
    )


# What each restriction type needs set out, so the letter can say exactly how to contact us
# instead (LHP 28): the type, the detail's field, and what to ask for.
TYPE_DETAILS = [
    (RestrictionType.NAMED_CONTACT, "named_contact", "Name the colleague or team the resident is to contact."),
    (RestrictionType.ONE_CHANNEL, "allowed_channel", "Choose the one channel of contact allowed."),
    (RestrictionType.LIMITED_CONTACT, "call_times", "Give the days and times the resident may contact us."),
    (RestrictionType.NO_REPLY_TOPICS, "no_reply_topics", "List the topics that will get no reply."),
    (
        RestrictionType.NO_REPLY_TOPICS,
        "correspondence_reader",
        "Name the colleague who reads the correspondence on those topics.",
    ),
]
DETAIL_FIELDS = sorted({field for _, field, _ in TYPE_DETAILS})


def missing_details(restriction_types, details):
    """The details the chosen restriction types need and lack.

    Takes the restriction type values and a dict of detail fields (named_contact,
    allowed_channel, call_times, no_reply_topics, correspondence_reader); returns a list of
    (field, message) pairs, empty when nothing is missing (LHP 28; DESIGN: Restriction)."""
    missing = []
    for restriction_type, field, message in TYPE_DETAILS:
        if restriction_type in restriction_types and not (details.get(field) or "").strip():
            missing.append((field, message))
    return missing


def _recommendation(
    kind, restriction_types=(), terms="", duration_months=None, review_interval_months=None, details=None
):
    if kind not in Recommendation.Kind.values:
        raise CaseworkError("Choose what you recommend.", "recommendation_kind")
    if kind != Recommendation.Kind.RESTRICTIONS:
        return Recommendation.objects.create(kind=kind)
    restriction_types = list(restriction_types or [])
    if not restriction_types or not set(restriction_types) <= set(RestrictionType.values):
        raise CaseworkError("Choose at least one type of restriction.", "restriction_types")
    if not (terms or "").strip():
        raise CaseworkError("Set out the terms of the restrictions.", "terms")
    check_terms(terms)
    if duration_months is None or not 1 <= duration_months <= MAX_DURATION_MONTHS:
        raise CaseworkError(f"The duration must be between 1 and {MAX_DURATION_MONTHS} months.", "duration_months")
    if review_interval_months is None:
        review_interval_months = 3
    if not 1 <= review_interval_months <= MAX_REVIEW_INTERVAL_MONTHS:
        raise CaseworkError(
            f"Reviews must be between 1 and {MAX_REVIEW_INTERVAL_MONTHS} months apart.", "review_interval_months"
        )
    # Only the details of the types chosen: one left over from a type unticked would otherwise
    # show on the check page as an arrangement.
    wanted = {field for restriction_type, field, _ in TYPE_DETAILS if restriction_type in restriction_types}
    details = {field: (value or "").strip() for field, value in (details or {}).items() if field in wanted}
    for field, message in missing_details(restriction_types, details):
        raise CaseworkError(message, field)
    if details.get("allowed_channel") and details["allowed_channel"] not in Channel.values:
        raise CaseworkError("Choose the one channel of contact allowed.", "allowed_channel")
    return Recommendation.objects.create(
        kind=kind,
        restriction_types=restriction_types,
        terms=terms.strip(),
        duration_months=duration_months,
        review_interval_months=review_interval_months,
        **details,
    )


def _close(case, by, outcome, rationale, recommendation=None):
    case.status = Case.Status.CLOSED
    case.outcome = outcome
    case.outcome_rationale = rationale
    case.final_recommendation = recommendation
    case.current_step = None
    case.closed_at = timezone.now()
    case.save()
    plain = reporter_outcome_text(case)
    # A reporter with no line manager on record (the case went straight to the CXMs) has
    # someone else to turn to.
    to_talk_to = (
        "your line manager" if line_manager_of(case.reporter) else "your manager or the customer experience team"
    )
    CaseEvent.objects.create(
        case=case,
        actor=by,
        summary=f"Final decision: {case.get_outcome_display()}",
        detail=rationale,
        shown_to_reporter=True,
        reporter_summary=plain,
    )
    notify(
        case.reporter,
        f"Decision on your report {case.reference}",
        f"A decision has been made on your report {case.reference}. Open it to read the outcome.\n\n"
        f"Thank you for reporting it. If you feel unsafe, talk to {to_talk_to}.",
        url=case_url(case),
        kind="decision",
        topic=case_topic(case),
    )
    others = {d.decided_by for d in case.decisions.select_related("decided_by")} - {by, case.reporter}
    notify_people(
        permissions.may_reach(case, sorted(others, key=lambda user: user.pk)),
        f"Final decision on case {case.reference}",
        f"Case {case.reference} has been decided. Open it to read the decision.",
        case,
        kind="decision",
    )


def reporter_outcome_text(case):
    """The outcome in plain words for the person who reported it."""
    recommendation = case.final_recommendation
    if case.outcome == Case.Outcome.NO_FURTHER_ACTION:
        return "Your report has been considered and no further action will be taken against the resident."
    if case.outcome == Case.Outcome.REJECTED:
        return "Your report has been considered by a director, who decided not to take the action recommended."
    if recommendation and recommendation.kind == Recommendation.Kind.WARNING_LETTER:
        return "Your report has been upheld: the resident will be sent a warning letter about their behaviour."
    if recommendation and recommendation.kind == Recommendation.Kind.RESTRICTIONS:
        in_force = case.restrictions.filter(state=Restriction.State.IN_FORCE).first()
        if in_force is not None:
            details = "".join(f" {label}: {value}." for label, value in in_force.details())
            return (
                "Your report has been upheld: the resident's contact with us is restricted until "
                f"{long_date(in_force.end_date)} ({'; '.join(in_force.type_labels()).lower()}). "
                f"The arrangements: {in_force.terms}{details}"
            )
        return (
            "Your report has been upheld: the resident's contact with us will be restricted for "
            f"{recommendation.duration_months} months. You will be told the contact arrangements when "
            "the resident has been told."
        )
    return "Your report has been considered and no action will be taken against the resident."


def _check_restrictions_allowed(case, recommendation, no_warning_reason):
    """Restrictions go on a resident on record, and come after a warning unless the reason a
    warning is not appropriate is given (LHP 26–27). Returns the reason, stripped; raises
    CaseworkError naming the field."""
    if recommendation.kind != Recommendation.Kind.RESTRICTIONS:
        return ""
    if case.customer_id is None:
        raise CaseworkError(
            "Restrictions go on a resident's record, and this report's resident is not on record, so nobody "
            "could check them before contact. Ask for the resident to be added to the housing system first.",
            "recommendation_kind",
        )
    no_warning_reason = (no_warning_reason or "").strip()
    if not no_warning_reason and not warned_before(case):
        raise CaseworkError(NO_WARNING_REASON_NEEDED, "no_warning_reason")
    return no_warning_reason


def decide_as_line_manager(case, by, choice, rationale, recommendation_kind=""):
    """Close with no further action, or escalate to the CXMs with a recommendation.

    Raises CaseworkError when closing with a recommendation for action (it would be lost
    without a word), or escalating without one."""
    with transaction.atomic():
        case, step = _lock_current_step(case, by, Step.Kind.LINE_MANAGER)
        if choice == Decision.Choice.CLOSE:
            if recommendation_kind in Recommendation.Kind.values and recommendation_kind != "no_action":
                label = Recommendation.Kind(recommendation_kind).label.lower()
                raise CaseworkError(
                    f"You chose to close the case but recommended {label}. To send that recommendation to the "
                    "customer experience managers, choose to escalate; to close, choose “No action”.",
                    "recommendation_kind",
                )
            _record(case, step, by, choice, rationale)
            CaseEvent.objects.create(case=case, actor=by, summary="Line manager: no further action", detail=rationale)
            _close(case, by, Case.Outcome.NO_FURTHER_ACTION, rationale.strip())
        elif choice == Decision.Choice.ESCALATE:
            if recommendation_kind not in Recommendation.Kind.values:
                raise CaseworkError(
                    "Choose what you recommend to the customer experience managers.", "recommendation_kind"
                )
            # The line manager's recommendation is a direction; the CXM sets out any terms.
            recommendation = Recommendation.objects.create(kind=recommendation_kind)
            decision = _record(case, step, by, choice, rationale, recommendation=recommendation)
            CaseEvent.objects.create(
                case=case,
                actor=by,
                summary=f"Line manager escalated, recommending: {recommendation.summary().lower()}",
                detail=decision.rationale,
            )
            open_step(case, Step.Kind.CXM, eligible(case, roles.CUSTOMER_EXPERIENCE_MANAGERS, Step.Kind.CXM))
        else:
            raise CaseworkError("Choose whether to close the case or escalate it.", "choice")
        return case


def decide_as_cxm(
    case,
    by,
    choice,
    rationale,
    complaint_status="",
    vulnerability_considered="",
    recommendation_kind="",
    restriction_types=(),
    terms="",
    duration_months=None,
    review_interval_months=None,
    no_warning_reason="",
    details=None,
):
    """Record the complaint and vulnerability checks, then recommend to the director, close, or return.

    `details` holds what the restriction types need (named contact, the one channel, days and
    times, no-reply topics and their reader; see TYPE_DETAILS).

    Restrictions for a resident who has had no warning letter need `no_warning_reason`: why a
    warning first was not appropriate (LHP 26–27; for example an immediate risk to staff)."""
    with transaction.atomic():
        case, step = _lock_current_step(case, by, Step.Kind.CXM)
        if choice == Decision.Choice.RETURN:
            return _return(case, step, by, rationale, Step.Kind.LINE_MANAGER)
        if choice != Decision.Choice.RECOMMEND:
            raise CaseworkError("Choose a recommendation, or return the case to the line manager.", "choice")
        if complaint_status not in Decision.ComplaintStatus.values:
            raise CaseworkError(
                "Say whether the complaint is being handled under the Complaints Policy.", "complaint_status"
            )
        if not (vulnerability_considered or "").strip():
            raise CaseworkError(
                "Say how vulnerability and reasonable adjustments were considered.", "vulnerability_considered"
            )
        recommendation = _recommendation(
            recommendation_kind, restriction_types, terms, duration_months, review_interval_months, details
        )
        no_warning_reason = _check_restrictions_allowed(case, recommendation, no_warning_reason)
        if no_warning_reason:
            recommendation.no_warning_reason = no_warning_reason
            recommendation.save(update_fields=["no_warning_reason"])
        decision = _record(
            case,
            step,
            by,
            choice,
            rationale,
            complaint_status=complaint_status,
            vulnerability_considered=vulnerability_considered.strip(),
            recommendation=recommendation,
        )
        CaseEvent.objects.create(
            case=case, actor=by, summary=f"Recommended: {recommendation.summary()}", detail=decision.rationale
        )
        if recommendation.kind == Recommendation.Kind.NO_ACTION:
            # No restriction and no letter: the policy is not used, so no director's approval is needed (LHP 4).
            _close(case, by, Case.Outcome.NO_FURTHER_ACTION, decision.rationale, recommendation)
        else:
            open_step(case, Step.Kind.DIRECTOR, eligible(case, roles.DIRECTORS, Step.Kind.DIRECTOR))
        return case


def recommendation_under_review(case):
    """The customer experience manager's latest recommendation on `case`: what the director
    approves as it is, or amends. Returns a Recommendation, or None before there is one."""
    recommended = (
        Decision.objects.filter(case=case, step__kind=Step.Kind.CXM, choice=Decision.Choice.RECOMMEND)
        .select_related("recommendation")
        .order_by("-decided_at", "-pk")
        .first()
    )
    return recommended.recommendation if recommended else None


def decide_as_director(
    case,
    by,
    choice,
    rationale,
    recommendation_kind="",
    restriction_types=(),
    terms="",
    duration_months=None,
    review_interval_months=None,
    details=None,
    no_warning_reason="",
):
    """Approve as recommended or amended, reject, or return to the CXMs.

    Amending to restrictions for a resident with no warning letter needs the reason a warning
    first is not appropriate: the director's own, or else the CXM's (LHP 26–27).

    Each decision records the policy version in force (casework settings). Approving
    restrictions records the restriction, approved and not yet in force, in the same
    transaction. Raises CaseworkError for a missing choice, reasons or amended terms."""
    with transaction.atomic():
        case, step = _lock_current_step(case, by, Step.Kind.DIRECTOR)
        if choice == Decision.Choice.RETURN:
            return _return(case, step, by, rationale, Step.Kind.CXM)
        recommended = recommendation_under_review(case)
        if choice == Decision.Choice.APPROVE:
            decision = _record(case, step, by, choice, rationale, approves_warning=_is_warning(recommended))
            _close(case, by, Case.Outcome.APPROVED, decision.rationale, recommended)
        elif choice == Decision.Choice.APPROVE_AMENDED:
            recommendation = _recommendation(
                recommendation_kind, restriction_types, terms, duration_months, review_interval_months, details
            )
            earlier_reason = recommended.no_warning_reason if recommended else ""
            reason = _check_restrictions_allowed(case, recommendation, no_warning_reason or earlier_reason)
            if reason:
                recommendation.no_warning_reason = reason
                recommendation.save(update_fields=["no_warning_reason"])
            decision = _record(
                case,
                step,
                by,
                choice,
                rationale,
                recommendation=recommendation,
                approves_warning=_is_warning(recommendation),
            )
            _close(case, by, Case.Outcome.APPROVED_AMENDED, decision.rationale, recommendation)
        elif choice == Decision.Choice.REJECT:
            decision = _record(case, step, by, choice, rationale)
            _close(case, by, Case.Outcome.REJECTED, decision.rationale)
        else:
            raise CaseworkError("Choose to approve, approve with amendments, reject or return the case.", "choice")
        if case.final_recommendation and case.final_recommendation.kind == Recommendation.Kind.RESTRICTIONS:
            # The determination becomes a record in the same transaction as the approval.
            record_restriction(case, decision, case.final_recommendation)
        return case


def _is_warning(recommendation):
    return recommendation is not None and recommendation.kind == Recommendation.Kind.WARNING_LETTER


def _return(case, step, by, rationale, to_kind):
    decision = _record(case, step, by, Decision.Choice.RETURN, rationale)
    if to_kind == Step.Kind.LINE_MANAGER:
        earlier = Decision.objects.filter(case=case, step__kind=to_kind).select_related("decided_by").last()
        if earlier is None:
            raise CaseworkError("This case did not come through a line manager, so it cannot be returned to one.")
        assignees = [earlier.decided_by]
    else:
        assignees = eligible(case, roles.CUSTOMER_EXPERIENCE_MANAGERS, to_kind)
    CaseEvent.objects.create(
        case=case,
        actor=by,
        summary=f"Returned to the {Step.Kind(to_kind).label.lower()}",
        detail=decision.rationale,
    )
    open_step(case, to_kind, assignees)
    return case
