"""Breaches of a restriction and refusing all contact (LHP 31; DESIGN: Outcomes).

Any member of staff records a breach of a current restriction: when, through which channel,
what happened, with evidence. Recording one never gives them the case: they see at the check
page what every member of staff sees (how many breaches and when), and the case's people see
the rest. Breaches feed the restriction's next review; a number of them within a number of
days (casework settings, 3 in 30 calendar days by default) brings the review forward to today,
once for each run of breaches. The Executive Director of Customers, and only them, may then
refuse all contact, with a written justification; what always stays open still does."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from home import roles
from home.notifications import notify

from .. import permissions
from ..choices import Channel
from ..models import (
    Breach,
    BreachDocument,
    CaseEvent,
    CaseworkSettings,
    ContactRefusal,
    Letter,
    LetterKind,
    RedFlag,
    Restriction,
    RestrictionEvent,
)
from ..uploads import UploadRejected, check_upload
from . import letters
from .errors import CaseworkError, NotAllowed
from .notices import long_date, notify_people


def earliest_breach_date(restriction):
    """The first day a breach of `restriction` can have happened: the day it started when it is
    in force, else the day the director approved it. Returns a date."""
    if restriction.state == Restriction.State.IN_FORCE and restriction.start_date:
        return restriction.start_date
    return timezone.localdate(restriction.decision.decided_at)


def breach_problems(restriction, occurred_on, channel, what_happened):
    """Everything wrong with a breach with these values, so a form names every field at once
    (record_breach refuses the first). Returns a list of (field, message) pairs, empty when
    the breach can be recorded."""
    problems = []
    earliest, today = earliest_breach_date(restriction), timezone.localdate()
    if occurred_on is None:
        problems.append(("occurred_on", "Give the date the breach happened."))
    elif occurred_on > today:
        problems.append(("occurred_on", "The date the breach happened cannot be in the future."))
    elif occurred_on < earliest:
        started = "started" if restriction.state == Restriction.State.IN_FORCE else "were approved"
        problems.append(
            ("occurred_on", f"The breach happened on or after {long_date(earliest)}, when the restrictions {started}.")
        )
    if channel not in Channel.values:
        problems.append(("channel", "Choose how the resident made contact."))
    if not (what_happened or "").strip():
        problems.append(("what_happened", "Say what happened: what the resident did against the arrangements."))
    return problems


def record_breach(restriction, by, occurred_on, channel, what_happened, documents=()):
    """Record a breach of `restriction` that happened on `occurred_on` (a date, from the day
    the restriction started, or was approved, to today) through `channel` (choices.Channel),
    with `what_happened` in words and any uploaded `documents`. The timeline says so; the
    Executive Director of Customers is given the case (LHP 31: they decide what follows
    breaches; on a sensitive case only if named on it); the recorder is given nothing. When
    the breaches reach the casework settings' threshold, the next review is brought forward
    (see `prompt_early_review`). Returns the Breach. Raises NotAllowed for contractors,
    CaseworkError naming the field for a bad value or rejected document, or for a restriction
    no longer current; then nothing is saved."""
    if not permissions.can_record_breach(by):
        raise NotAllowed("Only members of staff record breaches.")
    problems = breach_problems(restriction, occurred_on, channel, what_happened)
    if problems:
        field, message = problems[0]
        raise CaseworkError(message, field)
    checked = []
    for upload in documents:
        try:
            checked.append((upload, *check_upload(upload)))
        except UploadRejected as error:
            raise CaseworkError(str(error), "document") from error
    with transaction.atomic():
        restriction = Restriction.objects.select_for_update(of=("self",)).select_related("case").get(pk=restriction.pk)
        if not restriction.is_current:
            raise CaseworkError(
                f"These restrictions are {restriction.get_state_display().lower()}: a breach can only be recorded "
                "against restrictions that are current."
            )
        breach = Breach.objects.create(
            restriction=restriction,
            case=restriction.case,
            occurred_on=occurred_on,
            channel=channel,
            what_happened=what_happened.strip(),
            recorded_by=by,
        )
        for upload, name, content_type in checked:
            BreachDocument.objects.create(
                breach=breach,
                file=upload,
                original_name=name,
                content_type=content_type,
                size=upload.size,
                uploaded_by=by,
            )
        CaseEvent.objects.create(
            case=restriction.case,
            actor=by,
            summary=f"Breach of the contact restrictions recorded: {long_date(occurred_on)}, "
            f"{breach.get_channel_display().lower()}",
            detail=breach.what_happened,
        )
        permissions.grant_case_access(restriction.case, executive_directors())
        prompt_early_review(restriction, breach)
        return breach


def executive_directors():
    """The active Executive Directors of Customers (LHP 31, 33). Returns a list of users."""
    people = get_user_model().objects.filter(groups__name=roles.EXECUTIVE_DIRECTOR_OF_CUSTOMERS, is_active=True)
    return list(people.distinct().order_by("last_name", "first_name", "username"))


def breaches_towards_review(restriction, today=None):
    """The breaches of `restriction` that count towards its next early review: those that
    happened within the casework settings' window (calendar days back from `today`, today
    included) and were recorded after the breach that last prompted one. Returns a queryset."""
    today = today or timezone.localdate()
    window = CaseworkSettings.load().breach_review_window_days
    counted = restriction.breaches.filter(occurred_on__gt=today - datetime.timedelta(days=window))
    last = restriction.breaches.filter(prompted_early_review=True).order_by("-pk").values_list("pk", flat=True).first()
    return counted.filter(pk__gt=last) if last else counted


def prompt_early_review(restriction, breach, today=None):
    """In the caller's transaction, after `breach` (the newest) was recorded on `restriction`:
    when the breaches towards review reach the threshold (casework settings: 3 in 30 calendar
    days by default), bring the next review forward to `today` if the restriction is in force
    (the daily review task then opens one), say why on the timeline and tell the case's
    customer experience managers and the Executive Director of Customers. A prompt happens
    once for each threshold reached: the breaches after it start the count again. Returns
    True when it prompted, False otherwise."""
    today = today or timezone.localdate()
    settings = CaseworkSettings.load()
    count = breaches_towards_review(restriction, today).count()
    if count < settings.breach_review_threshold:
        return False
    breach.prompted_early_review = True
    breach.save(update_fields=["prompted_early_review"])
    case = restriction.case
    window = settings.breach_review_window_days
    why = f"{count} breach{'es' if count != 1 else ''} of the contact restrictions within {window} days"
    if restriction.state == Restriction.State.IN_FORCE:
        before = restriction.next_review_date
        if before is None or before > today:
            restriction.next_review_date = today
            restriction.save(update_fields=["next_review_date"])
            RedFlag.objects.filter(restriction=restriction, ended_at__isnull=True, next_review_date__gt=today).update(
                next_review_date=today
            )
        moved = f"from {long_date(before)} " if before and before > today else ""
        detail = f"The next review is brought forward {moved}to {long_date(today)}: {why}."
    else:
        detail = f"{why}. The restrictions are not in force yet: review them as soon as they are."
    CaseEvent.objects.create(case=case, summary="Early review prompted by breaches", detail=detail)
    cxms = get_user_model().objects.filter(groups__name=roles.CUSTOMER_EXPERIENCE_MANAGERS, is_active=True)
    people = {u.pk: u for u in cxms.distinct() if permissions.has_chain_access(u, case)}
    people.update({u.pk: u for u in executive_directors() if permissions.has_chain_access(u, case)})
    notify_people(
        permissions.may_reach(case, people.values()),
        f"Early review: breaches of the restrictions (case {case.reference})",
        f"The contact restrictions from case {case.reference} have had {count} breaches within {window} days: "
        f"their review is due now ({long_date(today)}). The Executive Director of Customers may decide to refuse "
        "all contact (LHP 31).",
        case,
        kind="reminder",
    )
    return True


# --- Refusing all contact (LHP 31) --------------------------------------------------------


REFUSED_INSTRUCTION = "All contact refused (LHP 31), except emergencies, essential repairs and complaints. "


def refuse_all_contact(restriction, by, justification):
    """The Executive Director of Customers refuses all contact on top of `restriction`, a
    current restriction with at least one breach recorded, giving `justification` in words
    (LHP 31). What always stays open still does (emergency and essential contact, statutory
    consultation, the complaints process). The restriction's red flags carry the new contact
    arrangements, the timeline says so, an issued restriction letter gets a draft replacement
    saying so, and the reporter and their team are told. Returns the
    ContactRefusal. Raises NotAllowed for anyone else, CaseworkError (field "justification",
    or none when the restriction is not current, has no breach or is already refused)."""
    justification = (justification or "").strip()
    if not permissions.can_refuse_all_contact(by, restriction.case):
        raise NotAllowed("Only the Executive Director of Customers can refuse all contact (LHP 31).")
    if not justification:
        raise CaseworkError(
            "Write why all contact is refused: the breaches and why the restrictions failed.", "justification"
        )
    with transaction.atomic():
        restriction = Restriction.objects.select_for_update(of=("self",)).select_related("case").get(pk=restriction.pk)
        # LHP 31: restrictions "not kept to" are ones the resident was told of, so in force.
        if restriction.state != Restriction.State.IN_FORCE:
            raise CaseworkError(
                f"These restrictions are {restriction.get_state_display().lower()}: all contact can only be refused "
                "on restrictions in force, which the resident has been told of."
            )
        breaches = restriction.breaches.count()
        if not breaches:
            raise CaseworkError(
                "All contact can only be refused after breaches of the restrictions are recorded (LHP 31)."
            )
        if restriction.refusal() is not None:
            raise CaseworkError("All contact is already refused on these restrictions.")
        refusal = ContactRefusal.objects.create(
            restriction=restriction,
            case=restriction.case,
            refused_by=by,
            justification=justification,
            breaches_at_the_time=breaches,
        )
        restriction.all_contact_refusal = refusal
        reason = f"All contact refused by the Executive Director of Customers (LHP 31): {justification}"
        RestrictionEvent.objects.create(
            restriction=restriction, from_state=restriction.state, to_state=restriction.state, by=by, reason=reason
        )
        CaseEvent.objects.create(
            case=restriction.case,
            actor=by,
            summary="All contact refused by the Executive Director of Customers (LHP 31)",
            detail=justification,
        )
        # Contractors read a flag's handling instruction only: it says so there too.
        for flag in RedFlag.objects.filter(restriction=restriction, ended_at__isnull=True):
            flag.handling_instruction = (REFUSED_INSTRUCTION + flag.handling_instruction)[:300]
            flag.save(update_fields=["handling_instruction"])
        RedFlag.objects.filter(restriction=restriction, ended_at__isnull=True).update(
            contact_arrangements=restriction.arrangements()
        )
        _redraft_restriction_letter(restriction, by)
        _tell_the_reporters_team(restriction, refusal)
        return refusal


def _redraft_restriction_letter(restriction, by):
    """If the restriction letter was issued, a new one saying all contact is refused is drafted
    to replace it, for the case's customer experience managers to issue."""
    issued = (
        Letter.objects.filter(restriction=restriction, kind=LetterKind.RESTRICTION, state=Letter.State.ISSUED)
        .exclude(replaced_by__isnull=False)
        .last()
    )
    if issued is None:
        return None
    try:
        return letters._new_draft(restriction.case, by, LetterKind.RESTRICTION, restriction, replaces=issued)
    except CaseworkError:
        return None


def _tell_the_reporters_team(restriction, refusal):
    """The reporter and their team hear that all contact is refused and what stays open; on a
    sensitive case only its named people among them. The resident is named only behind the
    link (the check page, logged)."""
    from .restrictions import check_url

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
            f"All contact refused (case {case.reference})",
            f"The Executive Director of Customers has refused all contact with the resident of case "
            f"{case.reference} (LHP 31). {refusal.in_words()} Check the resident before you call or visit.",
            url=check_url(restriction),
            kind="decision",
        )
