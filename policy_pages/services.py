"""The policy library's rules: current versions, reading and acknowledging, review dates,
the read report, and recording approvals in the version history."""

import csv
import io
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef, Prefetch, Subquery, Value
from django.utils import timezone

from home import roles

from . import rendering
from .models import (
    GuidancePage,
    PolicyAcknowledgement,
    PolicyIndexPage,
    PolicyPage,
    PolicyReviewReminder,
    PolicyVersion,
)

INDEX_SLUG = "policies-and-guidance"
INDEX_TITLE = "Policies and guidance"
# Owners hear about a review this many days before it falls due, then again when it does.
REMINDER_DAYS_BEFORE = 60
# The library index lists the policies a page at a time, and the home page only the few a
# person needs now: neither loads the whole library, however large it grows.
POLICIES_PER_PAGE = 50
HOME_UNREAD_SHOWN = 5
HOME_DUE_SHOWN = 5
RECENT_ITEMS = 3


def ensure_library_index():
    """The "Policies and guidance" page under the home page, whatever state the tree is in."""
    from home.models import HomePage

    index = PolicyIndexPage.objects.first()
    if index is not None:
        return index
    home = HomePage.objects.first()
    if home is None:
        return None
    index = PolicyIndexPage(
        title=INDEX_TITLE,
        slug=INDEX_SLUG,
        introduction="What our policies say, and guidance on putting them into practice.",
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


# --- Versions and review dates ---------------------------------------------------------


def versions_of(page):
    """The version history, oldest first, read once per request."""
    cached = getattr(page, "_versions", None)
    if cached is None:
        prefetched = getattr(page, "_prefetched_objects_cache", {}).get("versions")
        cached = list(prefetched) if prefetched is not None else list(page.versions.all())
        page._versions = cached
    return cached


def current_version(page):
    """The latest version readers see: one approved with a go-live date still to come is not it."""
    live = [version for version in versions_of(page) if not version.waiting_to_go_live]
    return live[-1] if live else None


def label_in_history(page, label):
    """Whether `label` (e.g. "Version 4", compared without regard to case or spacing) is
    already a line of `page`'s version history."""
    wanted = " ".join(label.split()).casefold()
    return any(" ".join(version.label.split()).casefold() == wanted for version in page.versions.all())


def version_waiting_to_go_live(page):
    """The latest version approved with a go-live date still to come, or None."""
    waiting = [version for version in versions_of(page) if version.waiting_to_go_live]
    return waiting[-1] if waiting else None


def current_version_label(page):
    version = current_version(page)
    return version.label if version else ""


@dataclass
class ReviewStatus:
    state: str  # "overdue", "due_soon" or "ok"
    next_review_date: object = None

    @property
    def overdue(self):
        return self.state == "overdue"

    @property
    def due_soon(self):
        return self.state == "due_soon"


def review_status(page, today=None):
    today = today or timezone.localdate()
    when = page.next_review_date
    if when is None:
        return ReviewStatus("ok")
    if when <= today:
        return ReviewStatus("overdue", when)
    if when <= today + timedelta(days=REMINDER_DAYS_BEFORE):
        return ReviewStatus("due_soon", when)
    return ReviewStatus("ok", when)


def policies_due_for_review(today=None, limit=None):
    """Live policies whose review is due within the reminder window or already passed, soonest
    first: all of them, or the first `limit`."""
    today = today or timezone.localdate()
    queryset = (
        PolicyPage.objects.live()
        .filter(next_review_date__lte=today + timedelta(days=REMINDER_DAYS_BEFORE))
        .select_related("policy_owner")
        .order_by("next_review_date", "title")
    )
    return list(queryset[:limit] if limit is not None else queryset)


# --- Reading and acknowledging ---------------------------------------------------------


def has_acknowledged(user, page):
    label = current_version_label(page)
    if not label or not user.is_authenticated:
        return None
    return PolicyAcknowledgement.objects.filter(user=user, page=page, version_label=label).first()


class NothingToAcknowledge(Exception):
    """The policy has no approved version yet."""


def acknowledge(user, page):
    """Record that `user` has read the current version. Returns (acknowledgement, created)."""
    label = current_version_label(page)
    if not label:
        raise NothingToAcknowledge(f"“{page.title}” has no approved version to confirm yet.")
    existing = PolicyAcknowledgement.objects.filter(user=user, page=page, version_label=label).first()
    if existing:
        # A page read just before the confirmation was recorded may have put "not read" back
        # in the cache; confirming again must put that right.
        rendering.forget_reading(instance=existing)
        return existing, False
    try:
        with transaction.atomic():
            return PolicyAcknowledgement.objects.create(user=user, page=page, version_label=label), True
    except IntegrityError:
        # The same person pressed the button twice at once: one row, and that is fine.
        return PolicyAcknowledgement.objects.get(user=user, page=page, version_label=label), False


def live_policies(parent=None):
    """Every live policy (under `parent` if given) by title, with its versions. For the read report."""
    queryset = PolicyPage.objects.live().prefetch_related(
        Prefetch("versions", queryset=PolicyVersion.objects.order_by("position", "pk"))
    )
    if parent is not None:
        queryset = queryset.child_of(parent)
    return list(queryset.order_by("title"))


def with_reading(queryset, user):
    """`queryset` of policies annotated with `current_label` (the label of the current
    version, None before the first approval) and `read` (whether `user` has confirmed
    reading that version), each computed by the database in the same query."""
    current = (
        PolicyVersion.objects.filter(page=OuterRef("pk"), goes_live_at=None)
        .order_by("-position", "-pk")
        .values("label")[:1]
    )
    queryset = queryset.annotate(current_label=Subquery(current))
    if not getattr(user, "is_authenticated", False):
        return queryset.annotate(read=Value(False))
    read = PolicyAcknowledgement.objects.filter(user=user, page=OuterRef("pk"), version_label=OuterRef("current_label"))
    return queryset.annotate(read=Exists(read))


def unread_policies_query(user, request=None):
    """Live policies with an approved version that `user` has not confirmed reading, newest
    first; with `request`, less the private pages its person may not open."""
    from . import permissions

    queryset = (
        with_reading(PolicyPage.objects.live(), user)
        .filter(read=False, current_label__gt="")
        .order_by("-last_published_at", "title")
    )
    return permissions.may_open(request, queryset) if request is not None else queryset


def unread_policies(user, limit=None, request=None):
    """A list of the live policies whose current version `user` has not confirmed reading
    (see unread_policies_query), at most `limit` of them when given."""
    queryset = unread_policies_query(user, request)
    return list(queryset[:limit] if limit is not None else queryset)


def recently_updated(limit=RECENT_ITEMS):
    """The `limit` policy and guidance pages published most recently, newest first.

    The home page's few are the same for everyone and change only by publishing: they are
    kept in the cache and dropped whenever a policy or guidance page is published,
    unpublished or deleted (rendering.forget_page)."""
    from django.core.cache import cache
    from wagtail.models import Page

    shared = limit == RECENT_ITEMS
    pages = cache.get(rendering.RECENT_KEY) if shared else None
    if pages is None:
        pages = list(
            Page.objects.live()
            .type(PolicyPage, GuidancePage)
            .exclude(last_published_at=None)
            .order_by("-last_published_at", "pk")[:limit]
        )
        if shared:
            cache.set(rendering.RECENT_KEY, pages, rendering.CACHE_SECONDS)
    return pages


def library_listing(
    index, user, page_number=None, guidance_page_number=None, only_unread=False, today=None, request=None
):
    """The library index for `user`: one page of policies (by title, each with its current
    version, review state and whether `user` has read it), one page of guidance, and how
    many policies `user` still has to read. The work done does not grow with the size of
    the library: each list is a page of at most POLICIES_PER_PAGE rows. With `request`,
    private pages its person may not open are left out."""
    from . import permissions

    def open_to_reader(queryset):
        return permissions.may_open(request, queryset) if request is not None else queryset

    policies = with_reading(open_to_reader(PolicyPage.objects.live().child_of(index)), user)
    unread_count = policies.filter(read=False, current_label__gt="").count()
    if only_unread:
        policies = policies.filter(read=False, current_label__gt="")
    policy_page = Paginator(policies.order_by("title", "pk"), POLICIES_PER_PAGE).get_page(page_number)
    rows = [
        {
            "page": policy,
            "version_label": policy.current_label,
            "review": review_status(policy, today),
            "read": policy.read,
        }
        for policy in policy_page
    ]
    guidance = open_to_reader(GuidancePage.objects.live().child_of(index)).order_by("title", "pk")
    guidance_page = Paginator(guidance, POLICIES_PER_PAGE).get_page(guidance_page_number)
    return {
        "policies": rows,
        "policy_page": policy_page,
        "guidance": list(guidance_page),
        "guidance_page": guidance_page,
        "unread_count": unread_count,
        "only_unread": only_unread,
    }


# --- The read report -------------------------------------------------------------------


@dataclass
class TeamReadRow:
    team: str
    read: list = field(default_factory=list)  # (user, acknowledged_at)
    not_read: list = field(default_factory=list)

    @property
    def total(self):
        return len(self.read) + len(self.not_read)


def staff_members():
    User = get_user_model()
    return (
        User.objects.filter(is_active=True, groups__name=roles.STAFF)
        .select_related("staff_profile__team")
        .order_by("last_name", "first_name", "username")
        .distinct()
    )


def read_report(page):
    """Per team, who has and has not confirmed reading the current version of `page`."""
    label = current_version_label(page)
    read_at = dict(
        PolicyAcknowledgement.objects.filter(page=page, version_label=label).values_list("user_id", "acknowledged_at")
    )
    teams = {}
    for user in staff_members():
        profile = getattr(user, "staff_profile", None)
        team_name = profile.team.name if profile and profile.team else "No team"
        row = teams.setdefault(team_name, TeamReadRow(team=team_name))
        if user.pk in read_at:
            row.read.append((user, read_at[user.pk]))
        else:
            row.not_read.append(user)
    ordered = sorted(teams.values(), key=lambda row: (row.team == "No team", row.team))
    return {"page": page, "version_label": label, "teams": ordered}


def read_report_csv(page):
    report = read_report(page)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Policy", "Version", "Team", "Name", "Username", "Read", "Confirmed at"])
    for row in report["teams"]:
        entries = [(user, when) for user, when in row.read] + [(user, None) for user in row.not_read]
        for user, when in sorted(entries, key=lambda entry: entry[0].get_full_name() or entry[0].username):
            writer.writerow(
                [
                    _safe_cell(page.title),
                    _safe_cell(report["version_label"]),
                    _safe_cell(row.team),
                    _safe_cell(user.get_full_name() or user.username),
                    _safe_cell(user.username),
                    "Yes" if when else "No",
                    timezone.localtime(when).strftime("%Y-%m-%d %H:%M") if when else "",
                ]
            )
    return buffer.getvalue()


def _safe_cell(value):
    """Spreadsheets run cells that start with = + - @ as formulas: make them text."""
    value = str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


# --- Review reminders ------------------------------------------------------------------


def send_review_reminders(today=None):
    """Tell each policy's owner once before its review falls due and once when it does.

    Run by the task worker every day. Returns how many reminders were sent.
    """
    from django.urls import reverse

    from home.notifications import notify

    today = today or timezone.localdate()
    sent = 0
    for page in policies_due_for_review(today):
        status = review_status(page, today)
        kind = PolicyReviewReminder.Kind.DUE if status.overdue else PolicyReviewReminder.Kind.DUE_SOON
        recipient = page.policy_owner
        if recipient is None or not recipient.is_active:
            continue
        with transaction.atomic():
            _, created = PolicyReviewReminder.objects.get_or_create(
                page=page, next_review_date=page.next_review_date, kind=kind
            )
            if not created:
                continue
            when = f"{page.next_review_date.day} {page.next_review_date:%B %Y}"
            if status.overdue:
                subject = f"Review due: {page.title}"
                body = f"The review of “{page.title}” was due on {when}. Readers now see it as overdue for review."
            else:
                subject = f"Review coming up: {page.title}"
                body = f"The review of “{page.title}” falls due on {when}."
            body += " Edit the policy in the admin and submit the new version for review by CLT and approval by ELT."
            notify(
                recipient, subject, body, url=reverse("wagtailadmin_pages:edit", args=[page.pk]), kind="policy_review"
            )
            sent += 1
    return sent


# --- Approval into the version history -------------------------------------------------


def record_approval(workflow_state):
    """When the review-and-approval workflow approves a policy, add the version to its history.

    The reviewer is whoever approved the first task (CLT), the approver whoever approved
    the last (ELT). Called from the workflow_approved signal; safe to call twice.
    """
    from wagtail.models import TaskState

    from . import permissions

    page = PolicyPage.objects.filter(pk=workflow_state.object_id).first()
    if page is None:
        return None
    states = list(
        workflow_state.task_states.filter(status=TaskState.STATUS_APPROVED)
        .select_related("task", "finished_by", "revision")
        .order_by("finished_at", "pk")
    )
    # The revision approved: with a go-live date still to come it is not yet the live one.
    revision = states[-1].revision if states and states[-1].revision_id else page.live_revision
    if revision is not None and PolicyVersion.objects.filter(revision=revision).exists():
        return None
    reviewer = states[0] if states else None
    approver = states[-1] if len(states) > 1 else None

    def who(state, body):
        if state is None or state.finished_by is None:
            return body
        return f"{state.finished_by.get_full_name() or state.finished_by.get_username()} ({body})"

    def when(state):
        return timezone.localdate(state.finished_at) if state and state.finished_at else None

    position = (page.versions.aggregate(last=Max("position"))["last"] or 0) + 1
    approved = revision.as_object() if revision is not None else page
    label = approved.version_label or f"Version {position}"
    scheduled = revision.approved_go_live_at if revision is not None else None
    return PolicyVersion.objects.create(
        page=page,
        position=position,
        label=label,
        date=when(approver) or timezone.localdate(),
        note=approved.change_note,
        reviewed_by=who(reviewer, permissions.REVIEW_BODY),
        reviewed_on=when(reviewer),
        approved_by=who(approver, permissions.APPROVAL_BODY),
        approved_on=when(approver),
        revision=revision,
        goes_live_at=scheduled,
    )


def version_went_live(sender, instance, revision=None, **kwargs):
    """Signal receiver (page_published): the version approved with a go-live date is now the live one."""
    if revision is None:
        return
    for version in PolicyVersion.objects.filter(page_id=instance.pk, revision=revision, goes_live_at__isnull=False):
        version.goes_live_at = None
        version.save(update_fields=["goes_live_at"])


def publish_scheduled_pages():
    """Publish the pages and revisions whose approved go-live date has come, and unpublish those
    whose expiry date has passed (Wagtail's publish_scheduled). Run by the task worker every
    few minutes; returns what the command reported."""
    from django.core.management import call_command

    output = io.StringIO()
    call_command("publish_scheduled", stdout=output)
    return output.getvalue()
