from types import MethodType

from django.db.models import Count, Q, Value
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail_modeladmin.options import modeladmin_register
from wagtail_modeladmin.views import InspectView

from home.modeladmin import CheckedIndexView, IntranetModelAdmin, ReadOnlyPermissionHelper
from home.panels import HomePanel, NavItem

from . import permissions, services
from .letter_admin import LetterTemplateViewSet
from .models import Assignment, Case
from .services import reviews as review_services

# Case ids are 64-bit: a larger number in an address is no case at all.
MAX_CASE_ID = 2**63 - 1


@hooks.register("register_site_navigation")
def check_link(request):
    if not permissions.can_check_residents(request.user):
        return None
    return NavItem(label="Check a resident", url=reverse("residents:check"), order=15, for_contractors=True)


@hooks.register("register_home_panel")
def survey_exclusion_panel(request):
    if not permissions.can_download_survey_exclusion(request.user):
        return None
    return HomePanel(title="Feedback surveys", template="casework/panels/survey_exclusion.html", order=60)


@hooks.register("register_site_navigation")
def report_link(request):
    return NavItem(label="Report behaviour", url=reverse("casework:report"), order=20)


@hooks.register("register_site_navigation")
def my_reports_link(request):
    return NavItem(label="My reports", url=reverse("casework:my_reports"), order=30)


@hooks.register("register_site_navigation")
def queue_link(request):
    # Only for people a step can be assigned to: line managers and the chain roles.
    if not permissions.can_have_cases_assigned(request.user):
        return None
    return NavItem(label="Awaiting my decision", url=reverse("casework:queue"), order=40)


@hooks.register("register_home_panel")
def my_reports_panel(request):
    mine = Case.objects.filter(reporter=request.user)
    drafts = mine.filter(status=Case.Status.DRAFT).count()
    open_count = mine.exclude(status__in=[Case.Status.DRAFT, Case.Status.CLOSED]).count()
    return HomePanel(
        title="My reports",
        template="casework/panels/my_reports.html",
        context={"open": open_count, "drafts": drafts},
        order=20,
    )


@hooks.register("register_home_panel")
def awaiting_panel(request):
    if not permissions.can_have_cases_assigned(request.user):
        return None
    # Counted over the person's open assignments' index alone (Assignment.urgent, .due_date).
    counts = Assignment.objects.filter(user=request.user, is_open=True).aggregate(
        count=Count("user"),
        urgent=Count("user", filter=Q(urgent=True)),
        overdue=Count("user", filter=Q(due_date__lt=timezone.localdate())),
    )
    # Reviews of restrictions waiting for them (Wandle 3.9), in one more query.
    counts.update(
        review_services.open_reviews_for(request.user)
        .order_by()
        .aggregate(reviews=Count("pk"), reviews_overdue=Count("pk", filter=Q(due_date__lt=timezone.localdate())))
    )
    return HomePanel(title="Awaiting my decision", template="casework/panels/awaiting.html", context=counts, order=25)


class CasePermissionHelper(ReadOnlyPermissionHelper):
    """Wagtail-modeladmin checks model permissions only; cases are shared one by one,
    so every check here is about the person and the one case."""

    def user_can_list(self, user):
        return permissions.can_see_case_list(user)

    def user_can_inspect_obj(self, user, obj):
        if not permissions.can_see_case_list(user):
            return False
        # The list's rows come from CaseAdmin.get_queryset, already limited to this person's
        # cases and marked so: no per-row query, and nothing loaded beyond the page shown.
        if getattr(obj, "shared_with_viewer", False):
            return True
        return permissions.has_chain_access(user, obj)


class CaseIndexView(CheckedIndexView):
    """The list counts a person's cases from their own grants, once (permissions.shared_count),
    instead of three counts over every case shared with them; a search or a filter is counted
    as it is."""

    @cached_property
    def shared_count(self):
        return permissions.shared_count(self.request.user)

    def _counted(self, queryset):
        # Only this queryset: a filtered or searched copy of it counts itself. A bound method,
        # as the paginator calls count() only on what looks like QuerySet.count.
        queryset.count = MethodType(lambda _queryset: self.shared_count, queryset)
        return queryset

    def get_base_queryset(self, request=None):
        return self._counted(super().get_base_queryset(request))

    def get_queryset(self, request=None):
        queryset = super().get_queryset(request)
        unfiltered = not self.query and not self.get_filters_params()
        return self._counted(queryset) if unfiltered else queryset


class CaseInspectView(InspectView):
    """Reading a case in the admin is a read like any other: it goes in the access log."""

    def get_context_data(self, **kwargs):
        # Reached only once the permission helper has allowed this person this case.
        services.log_access(self.instance, self.request.user, "admin case page")
        return super().get_context_data(**kwargs)


@modeladmin_register
class CaseAdmin(IntranetModelAdmin):
    model = Case
    menu_label = "Cases"
    menu_icon = "folder-open-inverse"
    menu_order = 300
    permission_helper_class = CasePermissionHelper
    index_view_class = CaseIndexView
    inspect_view_enabled = True
    inspect_view_class = CaseInspectView
    inspect_view_fields = ["status", "outcome", "customer", "submitted_at", "sensitive", "closed_at"]
    list_display = ["__str__", "status", "outcome", "submitted_at", "sensitive"]
    list_filter = ["status", "outcome"]
    search_fields = ["customer__name", "customer__reference", "unlisted_customer_name"]
    # As the intranet's own lists: a page a person reads, not a hundred rows to render.
    list_per_page = 25

    def get_queryset(self, request):
        # Exactly the cases shared with this person, as on the front end; sensitive
        # cases only for their named people (whose access is what remains).
        shared = permissions.cases_shared_with(request.user, super().get_queryset(request))
        return shared.select_related("customer").annotate(shared_with_viewer=Value(True))

    # A case not shared with the person answers as one that does not exist (404), at every
    # address of one case: a refusal would tell them that the id exists.
    def inspect_view(self, request, instance_pk):
        self._shared_case_or_404(request, instance_pk)
        return super().inspect_view(request, instance_pk)

    def edit_view(self, request, instance_pk):
        self._shared_case_or_404(request, instance_pk)
        return super().edit_view(request, instance_pk)

    def delete_view(self, request, instance_pk):
        self._shared_case_or_404(request, instance_pk)
        return super().delete_view(request, instance_pk)

    def history_view(self, request, instance_pk):
        self._shared_case_or_404(request, instance_pk)
        return super().history_view(request, instance_pk)

    def _shared_case_or_404(self, request, instance_pk):
        pk = int(instance_pk) if str(instance_pk).isdecimal() else None
        if (
            pk is None
            or pk > MAX_CASE_ID
            or not permissions.can_see_case_list(request.user)
            or not permissions.cases_shared_with(request.user, Case.objects.filter(pk=pk)).exists()
        ):
            raise Http404("No case found")


from . import register_hooks  # noqa: E402, F401  (the register's and the residents' import's hooks)

# Letter templates: content the head of customer services edits (DESIGN: Letters).
register_snippet(LetterTemplateViewSet)
