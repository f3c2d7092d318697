"""Changing a restriction in force within its determination, shared by appeals and reviews
(Wandle 3.9, 3.10): new terms, the letters that follow, and telling the reporter's team that
the arrangements ended."""

from django.contrib.auth import get_user_model

from home.notifications import notify

from .. import permissions
from ..choices import Channel
from ..models import CaseEvent, Letter, LetterKind, RedFlag, Restriction, RestrictionEvent
from . import letters, restrictions
from .decisions import TYPE_DETAILS, missing_details
from .errors import CaseworkError


def detail_fields(restriction):
    """The contact details `restriction` has (LHP 28): those its types need and any other it
    was given (the days and times of a named contact, say). The field names, in order."""
    needed = {field for kind, field, _ in TYPE_DETAILS if kind in restriction.types}
    fields = dict.fromkeys(field for _, field, _ in TYPE_DETAILS)
    return [field for field in fields if field in needed or getattr(restriction, field)]


def checked_details(restriction, details):
    """`details` (a dict of contact detail fields) cut to those `restriction`'s types set, each
    stripped. Returns the dict; raises CaseworkError naming the first field missing or wrong."""
    details = {field: (details.get(field) or "").strip() for field in detail_fields(restriction)}
    for field, message in missing_details(restriction.types, details):
        raise CaseworkError(message, field)
    if details.get("allowed_channel") and details["allowed_channel"] not in Channel.values:
        raise CaseworkError("Choose the one channel of contact allowed.", "allowed_channel")
    return details


def draft_or_none(case, by, kind, restriction, replaces=None):
    """A draft letter of `kind` for `case` from its template (about `restriction`, replacing the
    issued letter `replaces`), or None when there is no template or no resident on record (the
    case page then says which letter is missing)."""
    try:
        return letters._new_draft(case, by, kind, restriction, replaces=replaces)
    except CaseworkError:
        return None


def vary_terms(restriction, by, new_terms, reason, details=None):
    """New terms (`new_terms`, in words) and, when given, new contact `details` (a dict of the
    detail fields its types set: named contact, channel, days and times, no-reply topics and
    their reader) for a current `restriction`, within the same determination, on appeal or
    review (Wandle 3.9, 3.10; LHP 28), `reason` kept on its history: the flags resting on it
    carry the new arrangements, and a new restriction letter is drafted if one was issued.
    Returns the terms before. Raises CaseworkError naming the field for a restriction no longer
    current, empty terms, nothing changed, a detail missing, or terms the policy refuses."""
    restriction = Restriction.objects.select_for_update().get(pk=restriction.pk)
    if not restriction.is_current:
        raise CaseworkError("A restriction that is no longer current cannot be varied.", "new_terms")
    if not new_terms:
        raise CaseworkError("Write the terms from now on, in words the resident will read.", "new_terms")
    details = checked_details(restriction, details) if details is not None else {}
    unchanged = all(getattr(restriction, field) == value for field, value in details.items())
    if new_terms == restriction.terms and unchanged:
        raise CaseworkError("The new terms are the same as the old ones: uphold the decision instead.", "new_terms")
    restrictions.check_terms(new_terms)
    before = restriction.terms
    restriction.terms = new_terms
    for field, value in details.items():
        setattr(restriction, field, value)
    restriction.save(update_fields=["terms", *details])
    RestrictionEvent.objects.create(
        restriction=restriction, from_state=restriction.state, to_state=restriction.state, by=by, reason=reason
    )
    CaseEvent.objects.create(case=restriction.case, actor=by, summary="Restriction terms varied", detail=reason)
    RedFlag.objects.filter(restriction=restriction, ended_at__isnull=True).update(
        contact_arrangements=restriction.arrangements()
    )
    issued = (
        Letter.objects.filter(restriction=restriction, kind=LetterKind.RESTRICTION, state=Letter.State.ISSUED)
        .exclude(replaced_by__isnull=False)
        .last()
    )
    if issued is not None:
        draft_or_none(restriction.case, by, LetterKind.RESTRICTION, restriction, replaces=issued)
    return before


def tell_arrangements_ended(restriction, how):
    """The reporter and their team hear that the contact arrangements ended (`how`, in words
    after "the arrangements"); on a sensitive case, only its named people among them."""
    case = restriction.case
    reporter = case.reporter
    team = getattr(getattr(reporter, "staff_profile", None), "team_id", None)
    people = [reporter]
    if team:
        colleagues = get_user_model().objects.filter(staff_profile__team_id=team, is_active=True)
        people += permissions.may_reach(case, list(colleagues.exclude(pk=reporter.pk)))
    for person in people:
        notify(
            person,
            f"Contact arrangements ended (case {case.reference})",
            f"The contact arrangements from case {case.reference} {how}. Check the resident before you call or "
            "visit, as always.",
            url=restrictions.check_url(restriction),
            kind="decision",
        )
