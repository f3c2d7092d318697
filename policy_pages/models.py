import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import PolicyBodyBlock, section_anchor
from .forms import PolicyPageForm

# Paths under the index page that belong to the library's own views (policy_pages.urls).
RESERVED_SLUGS = {"library"}


def _reserved_slug_check(page):
    if page.slug in RESERVED_SLUGS:
        raise ValidationError({"slug": f"“{page.slug}” is used by the library itself: choose another slug."})


class PolicyIndexPage(Page):
    """Policies and guidance: the list every member of staff starts from."""

    introduction = models.TextField(blank=True)

    content_panels = Page.content_panels + ["introduction"]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["policy_pages.PolicyPage", "policy_pages.GuidancePage"]
    max_count = 1

    # The page under this one that home found with it, when the address goes that deep
    # (HomePage.route): routing then needs no query of its own.
    routed_child = None

    def route(self, request, path_components):
        # Wagtail finds a child in two queries (the page, then its specific row with every
        # field). A policy is found in one, without its body and assessment: those are
        # large, and a published page's text comes rendered from the cache.
        request._policy_library_index = self
        if path_components:
            slug, remaining = path_components[0], path_components[1:]
            child = self.routed_child
            if not (isinstance(child, PolicyPage | GuidancePage) and child.slug == slug):
                child = None
                for model in (PolicyPage, GuidancePage):
                    child = model.objects.child_of(self).filter(slug=slug).defer(*model.ROUTE_DEFERRED).first()
                    if child is not None:
                        break
            if child is not None:
                # Breadcrumbs ask for the parent: it is this page, already in hand.
                child._cached_parent_obj = self
                return child.route(request, remaining)
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        from . import services

        context = super().get_context(request, *args, **kwargs)
        context.update(
            services.library_listing(
                self,
                request.user,
                page_number=request.GET.get("page"),
                guidance_page_number=request.GET.get("guidance-page"),
                only_unread=request.GET.get("unread") == "1",
                request=request,
            )
        )
        return context


class PolicyPage(Page):
    """A policy, with the metadata its front page carries and its text in headed sections."""

    reference = models.CharField(max_length=50, blank=True, help_text="The policy's reference, if it has one.")
    policy_period = models.CharField(max_length=30, blank=True, help_text="e.g. 2024–2026")
    summary = models.TextField("Brief policy summary", blank=True, help_text="Separate paragraphs with a blank line.")
    adopted_date = models.DateField("Adopted / date reviewed", null=True, blank=True)
    review_period = models.CharField(max_length=50, blank=True, help_text="e.g. 2 years")
    next_review_date = models.DateField(
        null=True, blank=True, help_text="Readers see an “overdue for review” notice from this date."
    )
    contact_officer = models.CharField(
        max_length=150, blank=True, help_text="As the policy names it, e.g. a job title."
    )
    policy_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="owner",
        help_text="Gets the reminders when the review falls due.",
    )
    linked_policies = models.TextField(blank=True, help_text="One policy or document per line.")
    version_label = models.CharField(
        max_length=100,
        blank=True,
        help_text="The version this draft becomes when it is approved, e.g. “Version 4”. "
        "A new label asks every member of staff to read it again.",
    )
    change_note = models.CharField(
        max_length=300, blank=True, help_text="What changed in this version, for the version history."
    )
    body = StreamField(PolicyBodyBlock(), blank=True)
    equality_impact_assessment = StreamField(PolicyBodyBlock(), blank=True)

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("equality_impact_assessment"),
        index.SearchField("contact_officer"),
        index.FilterField("next_review_date"),
    ]

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                "reference",
                "policy_period",
                "adopted_date",
                "review_period",
                "next_review_date",
                "contact_officer",
                "policy_owner",
                "linked_policies",
            ],
            heading="About this policy",
        ),
        MultiFieldPanel(
            [
                HelpPanel(
                    content="Submit the page for review when the new version is ready: the policy reviewers "
                    "(CLT) then the approvers (ELT) act on it, and the approval is added to the version history."
                ),
                "version_label",
                "change_note",
            ],
            heading="This version",
        ),
        "summary",
        FieldPanel("body"),
        FieldPanel("equality_impact_assessment"),
    ]

    parent_page_types = ["policy_pages.PolicyIndexPage"]
    subpage_types = []
    template = "policy_pages/policy_page.html"
    base_form_class = PolicyPageForm
    # Left unread while the page is found (PolicyIndexPage.route, HomePage.route): they are
    # large, and a published page's text comes rendered from the cache.
    ROUTE_DEFERRED = ("body", "equality_impact_assessment")

    class Meta:
        verbose_name = "policy"

    def clean(self):
        super().clean()
        _reserved_slug_check(self)

    def summary_paragraphs(self):
        # Browsers send a text area's line breaks as CRLF: a blank line typed in the admin is "\r\n\r\n".
        text = self.summary.replace("\r\n", "\n").replace("\r", "\n")
        return [part.strip() for part in re.split(r"\n[ \t]*\n", text) if part.strip()]

    def linked_policy_list(self):
        return [line.strip() for line in self.linked_policies.splitlines() if line.strip()]

    def table_of_contents(self):
        return table_of_contents(self.body, eia=self.equality_impact_assessment)

    def get_context(self, request, *args, **kwargs):
        from . import permissions, rendering

        context = super().get_context(request, *args, **kwargs)
        context["policy"] = rendering.policy_parts(self, request)
        context["can_view_read_report"] = permissions.can_view_read_report(request.user)
        return context


class GuidancePage(Page):
    """How-to guidance written from the policies, each point linked to the paragraphs it rests on."""

    summary = models.TextField(blank=True)
    is_sample = models.BooleanField(
        "Sample content", default=False, help_text="Shows readers that this page is an example, not agreed guidance."
    )
    body = StreamField(PolicyBodyBlock(), blank=True)

    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    content_panels = Page.content_panels + ["summary", "is_sample", FieldPanel("body")]
    parent_page_types = ["policy_pages.PolicyIndexPage"]
    subpage_types = []
    template = "policy_pages/guidance_page.html"
    ROUTE_DEFERRED = ("body",)

    class Meta:
        verbose_name = "guidance"
        verbose_name_plural = "guidance pages"

    def clean(self):
        super().clean()
        _reserved_slug_check(self)

    def table_of_contents(self):
        return table_of_contents(self.body)

    def get_context(self, request, *args, **kwargs):
        from . import rendering

        context = super().get_context(request, *args, **kwargs)
        context["rendered"] = rendering.rendered_body(self, request)
        context["toc"] = context["rendered"]["toc"]
        return context


def table_of_contents(body, eia=None):
    entries = []
    for block in body:
        if block.block_type == "section":
            value = block.value
            label = f"{value['number']} {value['title']}".strip()
            entries.append({"anchor": section_anchor(value), "label": label, "level": int(value["level"] or 2)})
    if eia:
        entries.append({"anchor": "equality-impact-assessment", "label": "Equality impact assessment", "level": 2})
    return entries


class PolicyVersion(models.Model):
    """One line of a policy's version history. Added on approval; not part of the page's revisions."""

    page = models.ForeignKey(PolicyPage, on_delete=models.CASCADE, related_name="versions")
    position = models.PositiveIntegerField(default=0)
    label = models.CharField(max_length=100)
    date = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)
    reviewed_by = models.CharField(max_length=200, blank=True)
    reviewed_on = models.DateField(null=True, blank=True)
    approved_by = models.CharField(max_length=200, blank=True)
    approved_on = models.DateField(null=True, blank=True)
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    goes_live_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Approved with a go-live date still to come: the version is not yet the one readers see.",
    )

    class Meta:
        ordering = ["page", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["revision"], name="policy_version_once_per_revision"),
        ]

    def __str__(self):
        return f"{self.page.title}: {self.label}"

    @property
    def waiting_to_go_live(self):
        return self.goes_live_at is not None


class PolicyAcknowledgement(models.Model):
    """A member of staff confirmed they have read this version of the policy."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="policy_acknowledgements")
    page = models.ForeignKey(PolicyPage, on_delete=models.CASCADE, related_name="acknowledgements")
    version_label = models.CharField(max_length=100)
    acknowledged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-acknowledged_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "page", "version_label"], name="policy_read_once_per_version")
        ]
        permissions = [("view_read_report", "Can see who has read each policy")]

    def __str__(self):
        return f"{self.user} read {self.page_id} {self.version_label}"


class PolicyReviewReminder(models.Model):
    """A review reminder already sent, so the scheduled task sends each one once."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", "Review due soon"
        DUE = "due", "Review due now"

    page = models.ForeignKey(PolicyPage, on_delete=models.CASCADE, related_name="review_reminders")
    next_review_date = models.DateField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "next_review_date", "kind"], name="policy_review_reminder_once")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.page_id} ({self.next_review_date})"
