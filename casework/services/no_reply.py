"""What a resident sends on a topic that gets no reply (LHP 30: "a designated colleague will
be identified who will read future correspondence and advise outcomes accordingly").

Nothing a restricted resident sends is left unread. Whoever receives an item logs it from the
check page; the colleague the restriction names to read it is told and marks it read. The
restriction names that colleague in words: when the words name exactly one active member of
staff the case may reach, they read it; otherwise a CXM of the case does. An item still unread
after five working days is escalated to the case's CXMs (scheduled daily, each item once)."""

import re

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from home import roles
from home.notifications import notify

from .. import permissions
from ..choices import Channel, RestrictionType
from ..models import CaseEvent, CaseworkSettings, NoReplyItem, Restriction
from .deadlines import working_days_between
from .errors import AlreadyDecided, CaseworkError, NotAllowed
from .notices import case_topic, display_name, long_date, notify_people

# Working days an item may wait unread before the case's CXMs are told.
UNREAD_WORKING_DAYS = 5


def item_url(item):
    """The path of a no-reply item's page (a string): what notices link to."""
    return reverse("casework:no_reply_item", args=[item.case_id, item.pk])


def has_no_reply_topics(restriction):
    """Whether `restriction` includes "No reply on specified topics" (LHP 30)."""
    return RestrictionType.NO_REPLY_TOPICS in (restriction.types or [])


def _case_cxms(case):
    """The active CXMs given the case, by name."""
    people = permissions.users_with_case_access(case).filter(
        groups__name=roles.CUSTOMER_EXPERIENCE_MANAGERS, is_active=True
    )
    return list(people.distinct().order_by("last_name", "first_name", "username"))


def named_reader(restriction):
    """The member of staff the restriction's "who reads that correspondence" names: exactly one
    active member of staff whose full name is in those words, and whom the case may reach.
    Returns a user or None."""
    text = (restriction.correspondence_reader or "").lower()
    words = {word for word in re.findall(r"[^\W\d_][\w'’-]*", text)}
    if not words:
        return None
    people = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=roles.STAFF)
        .annotate(first=Lower("first_name"), last=Lower("last_name"))
        .filter(first__in=words, last__in=words)
        .distinct()
    )
    found = [person for person in people if f"{person.first} {person.last}" in text]
    found = permissions.may_reach(restriction.case, found)
    return found[0] if len(found) == 1 else None


def reader_for(restriction):
    """Who must read what the resident sends on a no-reply topic: the named reader, else the
    first CXM of the case by name, else nobody (then any CXM of the case reads it)."""
    reader = named_reader(restriction)
    if reader is not None:
        return reader
    return next(iter(_case_cxms(restriction.case)), None)


def log_no_reply_item(restriction, by, received_on, channel, topic, summary):
    """Log one item the resident under `restriction` (with a no-reply-topics restriction)
    sent: received on `received_on` (a date, not in the future nor before the approval)
    through `channel` (choices.Channel), on `topic`, with a short `summary`. Its reader is
    told. Returns the NoReplyItem. Raises NotAllowed for contractors, CaseworkError naming the
    field, or when the restriction has no topics that get no reply or is no longer current."""
    if not permissions.can_log_from_check_page(by):
        raise NotAllowed("Only members of staff log what a resident sent.")
    topic, summary = (topic or "").strip(), (summary or "").strip()
    if received_on is None:
        raise CaseworkError("Give the date it was received.", "received_on")
    if received_on > timezone.localdate():
        raise CaseworkError("The date it was received cannot be in the future.", "received_on")
    if channel not in Channel.values:
        raise CaseworkError("Choose how it came.", "channel")
    if not topic:
        raise CaseworkError("Say which topic it is about.", "topic")
    if not summary:
        raise CaseworkError("Say in short what it says.", "summary")
    with transaction.atomic():
        restriction = Restriction.objects.select_for_update(of=("self",)).select_related("case").get(pk=restriction.pk)
        if not restriction.is_current or not has_no_reply_topics(restriction):
            raise CaseworkError("These restrictions have no current topics that get no reply.")
        approved_on = timezone.localdate(restriction.decision.decided_at)
        if received_on < approved_on:
            raise CaseworkError(
                f"The restrictions were approved on {long_date(approved_on)}: pick a date since then.", "received_on"
            )
        item = NoReplyItem.objects.create(
            restriction=restriction,
            case=restriction.case,
            received_on=received_on,
            channel=channel,
            topic=topic,
            summary=summary,
            logged_by=by,
            reader=reader_for(restriction),
        )
        who = display_name(item.reader) if item.reader_id else "a customer experience manager of the case"
        CaseEvent.objects.create(
            case=item.case,
            actor=by,
            summary=f"No-reply item {item.reference} received {long_date(received_on)} "
            f"({item.get_channel_display().lower()}) on “{topic}”: for {who} to read",
        )
        readers = [item.reader] if item.reader_id else _case_cxms(item.case)
        for person in readers:
            notify(
                person,
                f"Something to read (case {item.case.reference})",
                f"A resident under restriction on case {item.case.reference} sent something on a topic that gets "
                f"no reply. It gets no reply, but it must be read: read it and mark it read within "
                f"{UNREAD_WORKING_DAYS} working days (LHP 30).",
                url=item_url(item),
                kind="assigned",
                topic=case_topic(item.case),
            )
        return item


def mark_read(item, by, read_note=""):
    """The reader (or a CXM of the case, when nobody is named or once escalated) marks `item`
    read, with what was done (`read_note`, optional). Returns the NoReplyItem. Raises
    AlreadyDecided when it was already marked read, NotAllowed for anyone else."""
    with transaction.atomic():
        item = NoReplyItem.objects.select_for_update(of=("self",)).select_related("case").get(pk=item.pk)
        if item.is_read:
            raise AlreadyDecided(
                f"{display_name(item.read_by)} already marked it read on {long_date(timezone.localdate(item.read_at))}."
            )
        if not permissions.can_mark_no_reply_item_read(by, item):
            raise NotAllowed("Only the colleague named to read it marks it read.")
        item.read_by, item.read_at, item.read_note = by, timezone.now(), (read_note or "").strip()
        item.save(update_fields=["read_by", "read_at", "read_note"])
        CaseEvent.objects.create(
            case=item.case,
            actor=by,
            summary=f"No-reply item {item.reference} read by {display_name(by)}",
            detail=item.read_note,
        )
        return item


def unread_for(user):
    """The unread items `user` is to read: those naming them, and for a CXM those of the cases
    shared with them that name nobody or were escalated. A queryset, oldest first."""
    items = NoReplyItem.objects.filter(read_at__isnull=True).select_related("case", "reader")
    mine = Q(reader=user)
    if permissions.in_role(user, roles.CUSTOMER_EXPERIENCE_MANAGERS):
        mine |= permissions.named_on(user) & (Q(reader__isnull=True) | Q(escalated_at__isnull=False))
    return items.filter(mine).order_by("received_on", "pk")


def escalate_unread(today=None):
    """Scheduled daily (safe to run more often): tell the case's CXMs of each item still unread
    UNREAD_WORKING_DAYS working days after it was logged, once per item whatever the number of
    runs. Takes the date (default today); returns how many items were escalated."""
    today = today or timezone.localdate()
    holidays = CaseworkSettings.load().holidays()
    escalated = 0
    waiting = NoReplyItem.objects.filter(read_at__isnull=True, escalated_at__isnull=True)
    for pk, logged_at in waiting.values_list("pk", "logged_at"):
        if working_days_between(timezone.localdate(logged_at), today, holidays) < UNREAD_WORKING_DAYS:
            continue
        with transaction.atomic():
            item = NoReplyItem.objects.select_for_update(of=("self",)).select_related("case", "reader").get(pk=pk)
            if item.is_read or item.escalated_at is not None:
                continue
            item.escalated_at = timezone.now()
            item.save(update_fields=["escalated_at"])
            case = item.case
            notify_people(
                _case_cxms(case),
                f"Unread for {UNREAD_WORKING_DAYS} working days (case {case.reference})",
                f"Something a resident under restriction on case {case.reference} sent on a no-reply topic has not "
                f"been read for {UNREAD_WORKING_DAYS} working days. Read it and mark it read (LHP 30).",
                case,
                kind="escalation",
            )
            CaseEvent.objects.create(
                case=case,
                summary=f"No-reply item {item.reference} unread: escalated to the customer experience managers",
            )
            escalated += 1
    return escalated
