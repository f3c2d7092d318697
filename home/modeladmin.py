"""Shared pieces for the admin's model listings."""

from django.contrib.admin.options import IncorrectLookupParameters
from django.shortcuts import render
from wagtail_modeladmin.helpers import AdminURLHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import IndexView


class ReadOnlyPermissionHelper(PermissionHelper):
    """Records that are written only by the intranet's own rules (cases, the email log):
    the admin lists and shows them, and never creates, edits or deletes them."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class IdURLHelper(AdminURLHelper):
    """A record's pages take its numeric id only (as <id:…> does on the intranet's own pages):
    anything else is not found, rather than a server error from the id column."""

    def _get_object_specific_action_url_pattern(self, action):
        return rf"^{self.base_url_path}/{action}/(?P<instance_pk>[0-9]{{1,19}})/$"


class CheckedIndexView(IndexView):
    """wagtail-modeladmin applies every query parameter it does not know as a database filter:
    a stray ?page=2 is a server error, and ?reporter__password__startswith=… would be a filter
    nobody meant to offer. Only the list's own filters, search, ordering and page are taken."""

    def dispatch(self, request, *args, **kwargs):
        # An over-long search never reaches here: home.middleware.AdminAccessMiddleware refuses it.
        # PostgreSQL cannot compare text with a NUL character in it.
        if any("\x00" in value for _, values in request.GET.lists() for value in values):
            return self._refuse(request, "Search and filter with plain text: null characters are not allowed.")
        try:
            return super().dispatch(request, *args, **kwargs)
        except IncorrectLookupParameters:
            return self._refuse(request, "This list cannot be filtered that way. Use the filters beside it.")

    def get_filters(self, request):
        filter_specs, has_filters, remaining, use_distinct = super().get_filters(request)
        if remaining:
            raise IncorrectLookupParameters(f"Not a filter of this list: {', '.join(sorted(remaining))[:200]}")
        return filter_specs, has_filters, remaining, use_distinct

    def _refuse(self, request, message):
        return render(request, "400.html", {"message": message, "back": request.path}, status=400)


class IntranetModelAdmin(ModelAdmin):
    url_helper_class = IdURLHelper
    index_view_class = CheckedIndexView
