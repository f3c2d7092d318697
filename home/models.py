from django.conf import settings
from django.db import models
from wagtail.models import Page


class HomePage(Page):
    """The intranet's front page: a greeting and the panels that apply to the reader."""

    introduction = models.TextField(blank=True)

    content_panels = Page.content_panels + ["introduction"]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    def get_context(self, request, *args, **kwargs):
        from .panels import panels_for

        context = super().get_context(request, *args, **kwargs)
        context["panels"] = panels_for(request)
        return context


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
