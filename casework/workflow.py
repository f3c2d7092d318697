"""The casework service layer: every change to a case goes through one of these
functions. Each checks who may act, raises CaseworkError with a message for the
person when the rules say no, records the step's decision under a row lock and a
unique constraint (so two people deciding at once record exactly one decision),
writes the timeline and sends the notifications.
"""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from home import roles
from home.notifications import notify, settle, withdraw

from . import permissions
from .choices import MAX_DURATION_MONTHS, MAX_REVIEW_INTERVAL_MONTHS, RestrictionType
from .deadlines import due_date_for
from .models import (
    Case,
    CaseEvent,
    Comment,
    Decision,
    EvidenceFile,
    Question,
    Recommendation,
    Step,
)
from .notices import case_topic, case_url, display_name, notify_people, step_task
from .uploads import UploadRejected, check_upload, max_files


class CaseworkError(Exception):
    """A rule of the chain said no; the message is for the person who tried, and `field`
    names the form field it is about, when it is about one."""

    def __init__(self, message, field=None):
        self.field = field
        super().__init__(message)


class NotAllowed(CaseworkError):
    pass


class AlreadyDecided(CaseworkError):
    pass


class IncompleteReport(CaseworkError):
    def __init__(self, missing):
        self.missing = missing
        super().__init__("The report is not complete: " + "; ".join(missing.values()) + ".")


# --- Reports -------------------------------------------------------------------


def start_draft(reporter):
    return Case.objects.create(reporter=reporter)


def keep_report(case, by, values, uploads):
    """Everything a POST of the report form brings is kept: the typed values when they are
    valid, and every acceptable file, on a draft created if there is none yet. Returns the
    draft and the messages for files that were refused."""
    with transaction.atomic():
        if case is None:
            case = start_draft(by)
        if values is not None:
            save_draft(case, by, values)
        problems = attach_evidence(case, by, uploads) if uploads else []
    return case, problems


def save_draft(case, by, values):
    """Keep what the reporter typed. `values` are cleaned form values for the report's fields."""
    if not permissions.can_edit_draft(by, case):
        raise NotAllowed("Only the person who started this report can change it, and only before it is submitted.")
    for field, value in values.items():
        setattr(case, field, value)
    case.save()
    return case


def attach_evidence(case, by, uploads):
    """Store every acceptable file on the draft; return the messages for the ones refused."""
    if not permissions.can_edit_draft(by, case):
        raise NotAllowed("Evidence can only be added to your own report before it is submitted.")
    problems = []
    room = max_files() - case.evidence.count()
    for upload in uploads:
        if room <= 0:
            problems.append(f"“{upload.name}” was not attached: a report can have at most {max_files()} files.")
            continue
        try:
            name, content_type = check_upload(upload)
        except UploadRejected as error:
            problems.append(str(error))
            continue
        EvidenceFile.objects.create(
            case=case, file=upload, original_name=name, content_type=content_type, size=upload.size, uploaded_by=by
        )
        room -= 1
    return problems


def remove_evidence(case, by, evidence_id):
    if not permissions.can_edit_draft(by, case):
        raise NotAllowed("Evidence can only be removed from your own report before it is submitted.")
    evidence = case.evidence.filter(pk=evidence_id).first()
    if evidence is None:
        raise CaseworkError("That file is not attached to this report.")
    evidence.file.delete(save=False)
    evidence.delete()


REQUIRED_TO_SUBMIT = {
    "first_incident_date": "Enter the date of the incident",
    "channels": "Choose at least one way the resident made contact",
    "categories": "Choose at least one kind of behaviour",
    "what_happened": "Describe what happened",
    "impact": "Describe the impact on staff and on the service",
    "resident_told": "Say whether the resident was told the behaviour is unacceptable",
}


def missing_for_submission(case):
    missing = {field: message for field, message in REQUIRED_TO_SUBMIT.items() if not getattr(case, field)}
    if not case.customer_id and not (case.customer_not_found and case.unlisted_customer_name.strip()):
        missing["customer"] = "Choose the resident, or tick “not found” and give their name"
    return missing


def submit_report(case, by):
    """Send a draft to the reporter's line manager (or straight to the CXMs when there is none)."""
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if not permissions.is_reporter(by, case):
            raise NotAllowed("Only the person who wrote this report can submit it.")
        if not case.is_draft:
            raise AlreadyDecided(f"Report {case.reference} has already been submitted.")
        missing = missing_for_submission(case)
        if missing:
            raise IncompleteReport(missing)
        case.submitted_at = timezone.now()
        line_manager = _line_manager_of(case.reporter)
        CaseEvent.objects.create(
            case=case,
            actor=by,
            summary="Report submitted" + (" – immediate risk to staff" if case.immediate_risk else ""),
            shown_to_reporter=True,
            reporter_summary="You submitted your report.",
        )
        if line_manager is not None:
            step = _open_step(case, Step.Kind.LINE_MANAGER, [line_manager])
        else:
            case.routing_note = (
                f"{display_name(case.reporter)} has no line manager on record, so the report went straight "
                "to the customer experience managers."
            )
            step = _open_step(case, Step.Kind.CXM, _eligible(case, roles.CUSTOMER_EXPERIENCE_MANAGERS, Step.Kind.CXM))
        case.save()
        return case, step


def _line_manager_of(user):
    profile = getattr(user, "staff_profile", None)
    manager = profile.line_manager if profile else None
    if manager is None or not manager.is_active or manager.pk == user.pk:
        return None
    return manager


def participants(case, except_kind=None):
    """People who took part in the case: the reporter, and whoever decided a step of another kind."""
    decided = Decision.objects.filter(case=case)
    if except_kind:
        decided = decided.exclude(step__kind=except_kind)
    return {case.reporter_id, *decided.values_list("decided_by_id", flat=True)}


def _eligible(case, role, kind):
    User = get_user_model()
    taken_part = participants(case, except_kind=kind)
    people = list(User.objects.filter(groups__name=role, is_active=True).exclude(pk__in=taken_part).distinct())
    if not people:
        raise CaseworkError(
            f"Nobody in “{role}” is free to take this step: everyone there has already taken part in the case."
        )
    return people


def _open_step(case, kind, assignees, note=""):
    """Open the case's next step for `assignees`, less anyone the case may not reach (see
    permissions.may_reach). On a sensitive case that can leave nobody: the step then waits
    unassigned and the named people are asked to name someone; the list never widens by itself."""
    assignees = permissions.may_reach(case, assignees)
    number = (case.steps.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    step = Step.objects.create(case=case, number=number, kind=kind, due_date=due_date_for(kind), note=note)
    step.assignees.set(assignees)
    case.current_step = step
    case.status = {
        Step.Kind.LINE_MANAGER: Case.Status.WITH_LINE_MANAGER,
        Step.Kind.CXM: Case.Status.WITH_CXM,
        Step.Kind.DIRECTOR: Case.Status.WITH_DIRECTOR,
    }[kind]
    case.save()
    kind_label = step.get_kind_display().lower()
    reporter_summary = f"Your report is with the {kind_label}."
    if not assignees:
        CaseEvent.objects.create(
            case=case,
            summary=f"Waiting for the {kind_label} step: nobody on the sensitive case's list can take it",
            shown_to_reporter=True,
            reporter_summary=reporter_summary,
        )
        notify_people(
            permissions.users_with_case_access(case),
            f"Case {case.reference} needs someone named to take its next step",
            f"Case {case.reference} is sensitive and nobody on its list of named people can take the "
            f"{kind_label} step. Open the case and name someone to take it.",
            case,
            kind="assigned",
            step=step,
        )
        return step
    permissions.grant_case_access(case, assignees)
    names = ", ".join(display_name(user) for user in assignees)
    CaseEvent.objects.create(
        case=case,
        summary=f"Sent to the {kind_label}: {names} (due {step.due_date:%d %B %Y})",
        detail=case.routing_note if kind == Step.Kind.CXM and case.routing_note and number == 1 else "",
        shown_to_reporter=True,
        reporter_summary=reporter_summary,
    )
    _tell_assignees(case, step, assignees)
    return step


def _tell_assignees(case, step, assignees):
    urgent = "URGENT: " if case.immediate_risk else ""
    notify_people(
        assignees,
        f"{urgent}Case {case.reference} is waiting for your decision",
        f"{urgent}Case {case.reference} is waiting for your decision as {step.get_kind_display().lower()} "
        f"by {step.due_date:%A %d %B %Y}.",
        case,
        kind="assigned",
        step=step,
    )


# --- Deciding ------------------------------------------------------------------


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
                step=step, case=case, decided_by=by, choice=choice, rationale=rationale, **extra
            )
    except IntegrityError as error:
        raise AlreadyDecided(f"Case {case.reference} has already been decided at this step.") from error
    step.status = Step.Status.DECIDED
    step.save(update_fields=["status"])
    settle(step_task(step), f"Decided by {display_name(by)} on {timezone.localdate():%d %B %Y}.")
    return decision


def _recommendation(kind, restriction_types=(), terms="", duration_months=None, review_interval_months=None):
    if kind not in Recommendation.Kind.values:
        raise CaseworkError("Choose what you recommend.", "recommendation_kind")
    if kind != Recommendation.Kind.RESTRICTIONS:
        return Recommendation.objects.create(kind=kind)
    restriction_types = list(restriction_types or [])
    if not restriction_types or not set(restriction_types) <= set(RestrictionType.values):
        raise CaseworkError("Choose at least one type of restriction.", "restriction_types")
    if not (terms or "").strip():
        raise CaseworkError("Set out the terms of the restrictions.", "terms")
    if duration_months is None or not 1 <= duration_months <= MAX_DURATION_MONTHS:
        raise CaseworkError(f"The duration must be between 1 and {MAX_DURATION_MONTHS} months.", "duration_months")
    if review_interval_months is None:
        review_interval_months = 3
    if not 1 <= review_interval_months <= MAX_REVIEW_INTERVAL_MONTHS:
        raise CaseworkError(
            f"Reviews must be between 1 and {MAX_REVIEW_INTERVAL_MONTHS} months apart.", "review_interval_months"
        )
    return Recommendation.objects.create(
        kind=kind,
        restriction_types=restriction_types,
        terms=terms.strip(),
        duration_months=duration_months,
        review_interval_months=review_interval_months,
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
        "Thank you for reporting it. If you feel unsafe, talk to your line manager.",
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
        return (
            "Your report has been upheld: the resident's contact with us will be restricted for "
            f"{recommendation.duration_months} months. You will be told the contact arrangements."
        )
    return "Your report has been considered and no action will be taken against the resident."


def decide_as_line_manager(case, by, choice, rationale, recommendation_kind=""):
    """Close with no further action, or escalate to the CXMs with a recommendation."""
    with transaction.atomic():
        case, step = _lock_current_step(case, by, Step.Kind.LINE_MANAGER)
        if choice == Decision.Choice.CLOSE:
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
            _open_step(case, Step.Kind.CXM, _eligible(case, roles.CUSTOMER_EXPERIENCE_MANAGERS, Step.Kind.CXM))
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
):
    """Record the complaint and vulnerability checks, then recommend to the director, close, or return."""
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
            recommendation_kind, restriction_types, terms, duration_months, review_interval_months
        )
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
            _open_step(case, Step.Kind.DIRECTOR, _eligible(case, roles.DIRECTORS, Step.Kind.DIRECTOR))
        return case


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
):
    """Approve as recommended or amended, reject, or return to the CXMs."""
    with transaction.atomic():
        case, step = _lock_current_step(case, by, Step.Kind.DIRECTOR)
        if choice == Decision.Choice.RETURN:
            return _return(case, step, by, rationale, Step.Kind.CXM)
        recommended = (
            Decision.objects.filter(case=case, step__kind=Step.Kind.CXM, choice=Decision.Choice.RECOMMEND)
            .select_related("recommendation")
            .order_by("-decided_at", "-pk")
            .first()
        )
        if choice == Decision.Choice.APPROVE:
            decision = _record(case, step, by, choice, rationale)
            _close(case, by, Case.Outcome.APPROVED, decision.rationale, recommended.recommendation)
        elif choice == Decision.Choice.APPROVE_AMENDED:
            recommendation = _recommendation(
                recommendation_kind, restriction_types, terms, duration_months, review_interval_months
            )
            decision = _record(case, step, by, choice, rationale, recommendation=recommendation)
            _close(case, by, Case.Outcome.APPROVED_AMENDED, decision.rationale, recommendation)
        elif choice == Decision.Choice.REJECT:
            decision = _record(case, step, by, choice, rationale)
            _close(case, by, Case.Outcome.REJECTED, decision.rationale)
        else:
            raise CaseworkError("Choose to approve, approve with amendments, reject or return the case.", "choice")
        return case


def _return(case, step, by, rationale, to_kind):
    decision = _record(case, step, by, Decision.Choice.RETURN, rationale)
    if to_kind == Step.Kind.LINE_MANAGER:
        earlier = Decision.objects.filter(case=case, step__kind=to_kind).select_related("decided_by").last()
        if earlier is None:
            raise CaseworkError("This case did not come through a line manager, so it cannot be returned to one.")
        assignees = [earlier.decided_by]
    else:
        assignees = _eligible(case, roles.CUSTOMER_EXPERIENCE_MANAGERS, to_kind)
    CaseEvent.objects.create(
        case=case,
        actor=by,
        summary=f"Returned to the {Step.Kind(to_kind).label.lower()}",
        detail=decision.rationale,
    )
    _open_step(case, to_kind, assignees)
    return case


# --- Questions, comments, sensitivity ------------------------------------------


def ask_reporter(case, by, text):
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        step = case.current_step
        if step is None or step.kind != Step.Kind.LINE_MANAGER or step.status != Step.Status.OPEN:
            raise NotAllowed("Questions to the reporter are asked by the line manager while the case is with them.")
        if not permissions.is_assignee(by, step):
            raise NotAllowed("Only the line manager deciding this case can ask the reporter.")
        text = (text or "").strip()
        if not text:
            raise CaseworkError("Write your question.")
        question = Question.objects.create(case=case, step=step, asked_by=by, text=text)
        CaseEvent.objects.create(
            case=case,
            actor=by,
            summary="Asked the reporter for more",
            detail=text,
            shown_to_reporter=True,
            reporter_summary="Your line manager asked you a question.",
        )
        notify(
            case.reporter,
            f"A question about your report {case.reference}",
            # The question itself stays in the intranet: email leaves it, and may be forwarded.
            f"{display_name(by)} asked you a question about your report. Open the report to read and answer it.",
            url=case_url(case),
            kind="question",
            topic=case_topic(case),
        )
        return question


def answer_question(question, by, answer):
    with transaction.atomic():
        question = Question.objects.select_for_update().select_related("case").get(pk=question.pk)
        case = question.case
        if not permissions.is_reporter(by, case):
            raise NotAllowed("Only the reporter answers questions about their report.")
        if question.answered_at:
            raise AlreadyDecided("This question has already been answered.")
        answer = (answer or "").strip()
        if not answer:
            raise CaseworkError("Write your answer.")
        question.answer = answer
        question.answered_at = timezone.now()
        question.save()
        CaseEvent.objects.create(
            case=case,
            actor=by,
            summary="Reporter answered the question",
            detail=answer,
            shown_to_reporter=True,
            reporter_summary="You answered the question.",
        )
        notify_people(
            permissions.may_reach(case, [question.asked_by]),
            f"Answer on case {case.reference}",
            f"{display_name(by)} answered your question. Open the case to read the answer.",
            case,
            kind="question",
        )
        return question


def add_comment(case, by, text):
    if not permissions.can_comment(by, case):
        raise NotAllowed("Only the people deciding this case can comment on it.")
    text = (text or "").strip()
    if not text:
        raise CaseworkError("Write your comment.")
    with transaction.atomic():
        comment = Comment.objects.create(case=case, author=by, text=text)
        CaseEvent.objects.create(case=case, actor=by, summary="Comment", detail=text)
    return comment


def mark_sensitive(case, by, keep):
    """Only the named people keep access; the reporter still sees their own report's status."""
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if not permissions.can_mark_sensitive(by, case):
            raise NotAllowed("Only people in the chain for this case can mark it sensitive.")
        current = list(permissions.users_with_case_access(case))
        keep_ids = {user.pk for user in keep} | {by.pk}
        if not keep_ids <= {user.pk for user in current} | {by.pk}:
            raise CaseworkError("You can only keep people who already have access to the case.", "keep")
        removed = [user for user in current if user.pk not in keep_ids]
        permissions.revoke_case_access(case, removed)
        # What they were told about it leaves their lists too (the email log keeps it).
        withdraw(removed, case_topic(case))
        if case.current_step_id:
            case.current_step.assignees.remove(*removed)
            if not case.current_step.assignees.exists():
                raise CaseworkError("Keep at least one person who can decide the step the case is at.", "keep")
        case.sensitive = True
        case.sensitive_marked_by = by
        case.sensitive_marked_at = timezone.now()
        case.save()
        kept = [user for user in current if user.pk in keep_ids]
        CaseEvent.objects.create(
            case=case,
            actor=by,
            summary="Marked sensitive",
            detail="Access kept by: " + ", ".join(display_name(user) for user in kept),
        )
        return case, kept, removed


def name_person(case, by, person):
    """Put `person` on the named list of a sensitive `case`, by someone already on it, and
    return True when they were also given the step the case is waiting at (a step nobody on
    the list could take). Raises NotAllowed for anyone not on the list, CaseworkError for a
    person who cannot be named (the reporter, someone switched off, someone already named)."""
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if not permissions.can_name_people(by, case):
            raise NotAllowed("Only people named on a sensitive case can name someone else.")
        if person.pk == case.reporter_id or not person.is_active:
            raise CaseworkError("The reporter, or someone whose account is switched off, cannot be named.", "person")
        if person.pk in permissions.named_people_ids(case):
            raise CaseworkError(f"{display_name(person)} is already named on this case.", "person")
        permissions.add_named_person(case, person)
        step = case.current_step
        takes_step = (
            step is not None
            and step.status == Step.Status.OPEN
            and not step.assignees.exists()
            and permissions.may_take_step(person, case, step.kind)
            and person.pk not in participants(case, except_kind=step.kind)
        )
        summary = f"Named on the sensitive case: {display_name(person)}"
        if takes_step:
            step.assignees.add(person)
            settle(step_task(step), f"{display_name(person)} was named to take it.")
            summary += f", to take the {step.get_kind_display().lower()} step"
            _tell_assignees(case, step, [person])
        else:
            notify_people(
                [person],
                f"You were named on case {case.reference}",
                f"You were given access to case {case.reference}, which is sensitive. Open it to read it.",
                case,
            )
        CaseEvent.objects.create(case=case, actor=by, summary=summary)
        return takes_step


def log_access(case, user, view, detail=""):
    from .models import AccessLogEntry

    return AccessLogEntry.objects.create(case=case, user=user, view=view, detail=detail[:200])
