"""New complaints from a resident under a current restriction (LHP 33; Wandle 3.6: the
complaints process is never removed).

Whoever receives one logs it from the check page, without gaining sight of the case. It goes
to the Executive Director of Customers, who judges it on its merits or delegates it to a
director; either accepts it into the complaints process (with the complaint reference it was
given) or declines it with reasons, which drafts the letter telling the resident why, with the
Housing Ombudsman's details. Exactly one decision is recorded, whoever acts at once."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from home import roles
from home.notifications import notify

from .. import permissions
from ..choices import Channel
from ..models import CaseEvent, LetterKind, NewComplaint, Restriction
from . import letters
from .errors import AlreadyDecided, CaseworkError, NotAllowed
from .notices import case_topic, display_name, long_date, notify_people


def complaint_url(complaint):
    """The path of a new complaint's page (a string): what notices link to."""
    return reverse("casework:new_complaint", args=[complaint.case_id, complaint.pk])


def executive_directors():
    """The active holders of the Executive Director of Customers role (a list of users)."""
    people = get_user_model().objects.filter(groups__name=roles.EXECUTIVE_DIRECTOR_OF_CUSTOMERS, is_active=True)
    return list(people.distinct().order_by("last_name", "first_name", "username"))


def delegable_directors(complaint):
    """The directors the Executive Director of Customers may give `complaint` to: active, not
    the one it is with, and (on a sensitive case) on its named list. Returns a list of users."""
    directors = get_user_model().objects.filter(groups__name=roles.DIRECTORS, is_active=True).distinct()
    directors = directors.exclude(groups__name=roles.EXECUTIVE_DIRECTOR_OF_CUSTOMERS)
    if complaint.delegated_to_id:
        directors = directors.exclude(pk=complaint.delegated_to_id)
    return permissions.may_reach(complaint.case, directors.order_by("last_name", "first_name", "username"))


def _tell(people, subject, body, complaint):
    for person in people:
        notify(
            person,
            subject,
            body,
            url=complaint_url(complaint),
            kind="assigned",
            topic=case_topic(complaint.case),
        )


def log_new_complaint(restriction, by, received_on, channel, summary):
    """Log a new complaint a resident under `restriction` made, received on `received_on` (a
    date: not before the restriction was approved, not in the future) through `channel` (a
    choices.Channel), with `summary` in the resident's words. It goes to the Executive Director
    of Customers (told, and given the case where it may reach them); with no active one, or
    none the sensitive case may reach, the head of customer services is told instead. The
    person logging it gains no sight of the case (LHP 33). Returns the NewComplaint. Raises
    NotAllowed for contractors, CaseworkError naming the field, or for a restriction no longer
    current or a resident not on record; then nothing is saved."""
    if not permissions.can_log_from_check_page(by):
        raise NotAllowed("Only members of staff log a new complaint.")
    summary = (summary or "").strip()
    if received_on is None:
        raise CaseworkError("Give the date the complaint was received.", "received_on")
    if received_on > timezone.localdate():
        raise CaseworkError("The date the complaint was received cannot be in the future.", "received_on")
    if channel not in Channel.values:
        raise CaseworkError("Choose how the complaint came.", "channel")
    if not summary:
        raise CaseworkError("Write the complaint, in the resident's words.", "summary")
    with transaction.atomic():
        restriction = Restriction.objects.select_for_update(of=("self",)).select_related("case").get(pk=restriction.pk)
        if not restriction.is_current or restriction.customer_id is None:
            raise CaseworkError(
                "These restrictions are no longer current: the complaint goes to the complaints team as usual."
            )
        approved_on = timezone.localdate(restriction.decision.decided_at)
        if received_on < approved_on:
            raise CaseworkError(
                f"The restrictions were approved on {long_date(approved_on)}: a complaint received before then "
                "is not a new complaint under them.",
                "received_on",
            )
        complaint = NewComplaint.objects.create(
            resident_id=restriction.customer_id,
            restriction=restriction,
            case=restriction.case,
            received_on=received_on,
            channel=channel,
            summary=summary,
            logged_by=by,
        )
        CaseEvent.objects.create(
            case=complaint.case,
            actor=by,
            summary=f"New complaint {complaint.reference} received {long_date(received_on)} "
            f"({complaint.get_channel_display().lower()}): with the Executive Director of Customers",
            detail=summary,
        )
        _send_to_edc(complaint)
        return complaint


def _send_to_edc(complaint):
    case = complaint.case
    edcs = executive_directors()
    reachable = permissions.may_reach(case, edcs)
    if reachable:
        permissions.grant_case_access(case, reachable)
        _tell(
            reachable,
            f"New complaint on case {case.reference} for your decision",
            f"A resident under restriction on case {case.reference} has made a new complaint. Judge it on its "
            "merits (LHP 33): accept it into the complaints process, decline it with reasons, or delegate it to "
            "a director.",
            complaint,
        )
        return
    heads = get_user_model().objects.filter(groups__name=roles.HEAD_OF_CUSTOMER_SERVICES, is_active=True)
    heads = permissions.may_reach(case, heads.distinct())
    why = (
        "nobody holds the Executive Director of Customers role: give it to someone (or their deputy) in the "
        "admin so that it is judged"
        if not edcs
        else "the case is sensitive and the Executive Director of Customers is not named on it: someone on its "
        "list names them so that it is judged"
    )
    CaseEvent.objects.create(case=case, summary=f"New complaint {complaint.reference}: {why}")
    notify_people(
        heads or permissions.users_with_case_access(case),
        f"New complaint on case {case.reference} has nobody to judge it",
        f"A resident under restriction on case {case.reference} has made a new complaint, and {why} (LHP 33).",
        case,
        kind="escalation",
    )


def _locked(complaint):
    return (
        NewComplaint.objects.select_for_update(of=("self",)).select_related("case", "restriction").get(pk=complaint.pk)
    )


def _refuse_decided(complaint):
    if not complaint.is_open:
        raise AlreadyDecided(
            f"New complaint {complaint.reference} was already {complaint.get_status_display().lower()} by "
            f"{display_name(complaint.decided_by)}."
        )


def delegate_new_complaint(complaint, by, director):
    """The Executive Director of Customers gives an open new complaint to `director` (one of
    delegable_directors), who is given the case and told. Returns the NewComplaint. Raises
    AlreadyDecided, NotAllowed, or CaseworkError (field "director")."""
    with transaction.atomic():
        complaint = _locked(complaint)
        _refuse_decided(complaint)
        if not permissions.can_delegate_new_complaint(by, complaint):
            raise NotAllowed("Only the Executive Director of Customers delegates a new complaint.")
        if director is None or director.pk not in {p.pk for p in delegable_directors(complaint)}:
            raise CaseworkError(
                "Choose a director: on a sensitive case, one named on it.",
                "director",
            )
        complaint.status, complaint.delegated_to, complaint.delegated_at = (
            NewComplaint.Status.DELEGATED,
            director,
            timezone.now(),
        )
        complaint.save(update_fields=["status", "delegated_to", "delegated_at"])
        permissions.grant_case_access(complaint.case, [director])
        CaseEvent.objects.create(
            case=complaint.case,
            actor=by,
            summary=f"New complaint {complaint.reference} delegated to {display_name(director)}",
        )
        _tell(
            [director],
            f"New complaint on case {complaint.case.reference} delegated to you",
            f"The Executive Director of Customers has delegated a new complaint on case {complaint.case.reference} "
            "to you: judge it on its merits (LHP 33), accept it or decline it with reasons.",
            complaint,
        )
        return complaint


def decide_new_complaint(complaint, by, accept, complaint_reference="", reasons=""):
    """The Executive Director of Customers, or the director it was delegated to, decides an
    open new complaint on its merits (LHP 33): `accept` True with the `complaint_reference` the
    complaints process gave it, or False with the `reasons`, which drafts the letter declining
    it (with the reasons and the Housing Ombudsman's details) for the case's CXMs to issue.
    Returns the NewComplaint. Raises AlreadyDecided when someone decided it first, NotAllowed
    for anyone else, CaseworkError naming the field; then nothing is saved."""
    complaint_reference, reasons = (complaint_reference or "").strip(), (reasons or "").strip()
    if accept and not complaint_reference:
        raise CaseworkError("Give the complaint reference the complaints process gave it.", "complaint_reference")
    if not accept and not reasons:
        raise CaseworkError("Give the reasons for declining it: the resident is told them.", "reasons")
    with transaction.atomic():
        complaint = _locked(complaint)
        _refuse_decided(complaint)
        if not permissions.can_decide_new_complaint(by, complaint):
            raise NotAllowed(
                "Only the Executive Director of Customers, or the director they delegated it to, decides a new "
                "complaint."
            )
        case = complaint.case
        permissions.grant_case_access(case, [by])
        complaint.decided_by, complaint.decided_at = by, timezone.now()
        if accept:
            complaint.status, complaint.complaint_reference = NewComplaint.Status.ACCEPTED, complaint_reference
            summary = (
                f"New complaint {complaint.reference} accepted into the complaints process ({complaint_reference})"
            )
        else:
            complaint.status, complaint.reasons = NewComplaint.Status.DECLINED, reasons
            summary = f"New complaint {complaint.reference} declined"
        complaint.save()
        CaseEvent.objects.create(case=case, actor=by, summary=summary, detail=reasons)
        if not accept:
            complaint.letter = _draft_letter(case, by, complaint.restriction)
            complaint.save(update_fields=["letter"])
        _tell_cxms(complaint, accept)
        return complaint


def _draft_letter(case, by, restriction):
    """The draft declining letter (shared with another complaint declined while it is a draft),
    or None when there is no template or no resident on record: the case page says so."""
    try:
        return letters._new_draft(case, by, LetterKind.DECLINED_COMPLAINT, restriction)
    except CaseworkError:
        CaseEvent.objects.create(
            case=case, summary="The letter declining the new complaint could not be drafted: it has no template yet"
        )
        return None


def _tell_cxms(complaint, accept):
    case = complaint.case
    cxms = get_user_model().objects.filter(groups__name=roles.CUSTOMER_EXPERIENCE_MANAGERS, is_active=True)
    people = [user for user in cxms.distinct() if permissions.has_chain_access(user, case)]
    if accept:
        body = (
            f"A new complaint on case {case.reference} was accepted into the complaints process "
            f"({complaint.complaint_reference})."
        )
    else:
        body = f"A new complaint on case {case.reference} was declined. Its letter is drafted: read it and issue it."
    notify_people(permissions.may_reach(case, people), f"New complaint decided (case {case.reference})", body, case)


def open_for(user):
    """The open new complaints `user` decides: all of those the Executive Director of Customers
    may reach, or those delegated to a director. A queryset, oldest first."""
    complaints = NewComplaint.objects.filter(status__in=NewComplaint.OPEN).select_related(
        "case", "resident", "delegated_to", "logged_by"
    )
    if permissions.is_executive_director_of_customers(user):
        return complaints.filter(Q(case__sensitive=False) | permissions.named_on(user)).order_by("received_on", "pk")
    return complaints.filter(status=NewComplaint.Status.DELEGATED, delegated_to=user).order_by("received_on", "pk")
