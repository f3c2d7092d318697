"""Who is on a case: marking it sensitive, naming someone on a sensitive case, and the
log of every read (DESIGN: Who sees what)."""

from django.db import transaction
from django.utils import timezone

from home.notifications import settle, withdraw_from_all_but

from .. import permissions
from ..models import AccessLogEntry, Case, CaseEvent, Step
from .errors import CaseworkError, NotAllowed
from .notices import case_topic, display_name, notify_people, step_task
from .routing import participants, tell_assignees


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
        # What anyone not kept was told about it leaves their list too, including notices sent
        # to people who never had the case, such as the reporter's team told of its
        # arrangements (the email log keeps them).
        kept_people = [user for user in current if user.pk in keep_ids] + [case.reporter]
        withdraw_from_all_but(kept_people, case_topic(case))
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
            step.assign([person])
            settle(step_task(step), f"{display_name(person)} was named to take it.")
            summary += f", to take the {step.get_kind_display().lower()} step"
            tell_assignees(case, step, [person])
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
    return AccessLogEntry.objects.create(case=case, user=user, view=view, detail=detail[:200])
