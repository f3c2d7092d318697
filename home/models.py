from functools import cache

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.http import Http404
from wagtail.models import Page


class HomePage(Page):
    """The intranet's front page: a greeting and the panels that apply to the reader."""

    introduction = models.TextField(blank=True)

    content_panels = Page.content_panels + ["introduction"]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    def route(self, request, path_components):
        # Wagtail finds a child page, then loads its own row in a second query; the child then
        # finds its own child the same way. Every request for a section under home (the policy
        # library and all its pages) passes through here: the child comes with its own row
        # joined in and, when the address goes one level deeper, so does the page there, in one
        # query. The child is handed the page found under it (see `routed_child`).
        links = _child_links()
        if not path_components or not links:
            return super().route(request, path_components)
        slug, remaining = path_components[0], path_components[1:]
        grandchild_links = _grandchild_links() if remaining else {}
        if grandchild_links:
            below = Q(depth=self.depth + 1, slug=slug) | Q(depth=self.depth + 2, slug=remaining[0])
            pages = Page.objects.filter(below, path__startswith=self.path)
            found = pages.select_related(*links.values(), *grandchild_links.values()).defer(
                *_deferred_below(grandchild_links)
            )
        else:
            found = self.get_children().select_related(*links.values()).filter(slug=slug)
        subpage = next((page for page in found if page.depth == self.depth + 1), None)
        if subpage is None:
            raise Http404
        specific = _specific(subpage, links)
        subpage._cached_parent_obj = specific._cached_parent_obj = self
        if remaining and hasattr(specific, "routed_child"):
            under = [page for page in found if page.depth == self.depth + 2 and page.path.startswith(subpage.path)]
            if under:
                specific.routed_child = _specific(under[0], grandchild_links)
        return specific.route(request, remaining)

    def get_context(self, request, *args, **kwargs):
        from .panels import panels_for

        context = super().get_context(request, *args, **kwargs)
        context["panels"] = panels_for(request)
        return context


def _table_links(models):
    # {model: name of Page's link to the model's own row} for those of `models` that add a
    # table directly to Page's.
    links = {}
    for model in models:
        parent_link = model._meta.parents.get(Page)
        if parent_link is not None:
            links[model] = parent_link.remote_field.get_accessor_name()
    return links


@cache
def _child_links():
    """The kinds of page allowed under home that add a table directly to Page's, each with the
    name of Page's link to it."""
    return _table_links(HomePage.allowed_subpage_models())


@cache
def _grandchild_links():
    """As _child_links, for the kinds of page allowed under those: the pages one level further
    down (a policy, a guidance page) that home finds with their parent."""
    return _table_links({model for child in _child_links() for model in child.allowed_subpage_models()})


def _deferred_below(links):
    # Fields a kind of page leaves unread while it is found (ROUTE_DEFERRED: a policy's text,
    # which a published page serves rendered from the cache), named through Page's link.
    return [f"{link}__{name}" for model, link in links.items() for name in getattr(model, "ROUTE_DEFERRED", ())]


def _specific(page, links):
    link = links.get(page.specific_class)
    return getattr(page, link) if link else page.specific


class Team(models.Model):
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class StaffProfile(models.Model):
    """What the organisation knows about a member of staff beyond their sign-in."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile")
    job_title = models.CharField(max_length=150, blank=True)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="members")
    line_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="direct_reports",
        help_text="Reports of unacceptable behaviour go to this person first.",
    )

    class Meta:
        ordering = ["user__last_name", "user__first_name"]

    def __str__(self):
        return self.user.get_full_name() or self.user.get_username()


# What a person sees under Notifications: theirs, less any withdrawn from them (they left a
# sensitive case) and emails that are not notices (password resets). The partial indexes
# below carry the same condition, so it must stay written exactly this way.
LISTED = Q(withdrawn_at__isnull=True) & ~Q(kind="password_reset")


class NotificationQuerySet(models.QuerySet):
    def listed_for(self, user):
        """A person's notifications as the Notifications page lists them (see LISTED)."""
        return self.filter(LISTED, recipient=user)


class Notification(models.Model):
    """Something a person needs to know, shown in the intranet and sent by email.

    The row is written in the same transaction as whatever caused it, so a failing
    mail server never loses it; the email is sent by the task worker and retried.
    """

    class Kind(models.TextChoices):
        ASSIGNED = "assigned", "Assigned to you"
        QUESTION = "question", "Question for you"
        DECISION = "decision", "Decision"
        REMINDER = "reminder", "Reminder"
        ESCALATION = "escalation", "Escalation"
        POLICY_REVIEW = "policy_review", "Policy review"
        GENERAL = "general", "Notice"
        # Sent like every other email (logged, retried) but not a notice in the intranet.
        PASSWORD_RESET = "password_reset", "Password reset"

    class EmailStatus(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Not sent yet: will be retried"
        GAVE_UP = "gave_up", "Not sent: gave up after repeated failures"
        NO_ADDRESS = "no_address", "Not sent: no email address"

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.GENERAL)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    url = models.CharField(max_length=500, blank=True, help_text="Where in the intranet to act on it.")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_status = models.CharField(max_length=20, choices=EmailStatus.choices, default=EmailStatus.PENDING)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_last_error = models.TextField(blank=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    email_attempted_at = models.DateTimeField(null=True, blank=True)
    topic = models.CharField(max_length=40, blank=True, db_index=True, help_text="What it is about, e.g. “case:15”.")
    task = models.CharField(
        max_length=40, blank=True, db_index=True, help_text="What it asks the person to do, e.g. “step:42”."
    )
    settled_note = models.CharField(
        max_length=200, blank=True, help_text="Why it needs nothing more, e.g. someone else took the step."
    )
    withdrawn_at = models.DateTimeField(
        null=True, blank=True, help_text="When it was taken from the person's list (they no longer have access)."
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["email_status"]),
            # What listed_for shows, in its order: the Notifications page and its count read one
            # index range, and the unread count on every page reads only the unread ones,
            # whatever the number of notices a person has had.
            models.Index(fields=["recipient", "-created_at", "-id"], condition=LISTED, name="home_notification_listed"),
            models.Index(
                fields=["recipient"], condition=LISTED & Q(read_at__isnull=True), name="home_notification_unread"
            ),
        ]

    def __str__(self):
        return self.subject

    @property
    def is_unread(self):
        return self.read_at is None
