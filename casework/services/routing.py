"""Who a case goes to next: the reporter's line manager, the people of a role who have
not taken part, and only ever people the case may reach (permissions.may_reach)."""

from django.contrib.auth import get_user_model

from .. import permissions
from ..models import Case, CaseEvent, Decision, Step
from .deadlines import due_date_for, urgent_due_date
from .errors import CaseworkError
from .notices import display_name, long_date, notify_people


def line_manager_of(user):
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


def eligible(case, role, kind):
    User = get_user_model()
    taken_part = participants(case, except_kind=kind)
    people = list(User.objects.filter(groups__name=role, is_active=True).exclude(pk__in=taken_part).distinct())
    if not people:
        raise CaseworkError(
            f"Nobody in “{role}” is free to take this step: everyone there has already taken part in the case."
        )
    return people


def open_step(case, kind, assignees, note=""):
    """Open the case's next step for `assignees`, less anyone the case may not reach (see
    permissions.may_reach). On a sensitive case that can leave nobody: the step then waits
    unassigned and the named people are asked to name someone; the list never widens by itself."""
    assignees = permissions.may_reach(case, assignees)
    number = (case.steps.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    urgent = case.immediate_risk and kind == Step.Kind.LINE_MANAGER
    due_date = urgent_due_date() if urgent else due_date_for(kind)
    step = Step.objects.create(
        case=case, number=number, kind=kind, due_date=due_date, note=note, urgent=case.immediate_risk
    )
    step.assign(assignees, replace=True)
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
        summary=f"Sent to the {kind_label}: {names} (due {long_date(step.due_date)})",
        detail=case.routing_note if kind == Step.Kind.CXM and case.routing_note and number == 1 else "",
        shown_to_reporter=True,
        reporter_summary=reporter_summary,
    )
    tell_assignees(case, step, assignees)
    return step


def tell_assignees(case, step, assignees):
    urgent = "URGENT: " if case.immediate_risk else ""
    notify_people(
        assignees,
        f"{urgent}Case {case.reference} is waiting for your decision",
        f"{urgent}Case {case.reference} is waiting for your decision as {step.get_kind_display().lower()} "
        f"by {step.due_date:%A} {long_date(step.due_date)}.",
        case,
        kind="assigned",
        step=step,
    )
