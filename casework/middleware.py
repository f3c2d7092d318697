from functools import cache

from django.http import Http404
from django.shortcuts import redirect
from django.urls import URLResolver, get_resolver
from django.utils.cache import add_never_cache_headers

# The URLconfs whose pages carry details of cases or residents.
CASEWORK_APPS = {"casework", "residents"}


class CaseworkNoStoreMiddleware:
    """Nothing under the casework URLs is kept by a browser or a proxy (Cache-Control: no-store):
    a case's details must not be readable from a shared computer's cache or history after its
    reader has signed out. Keyed on the casework URLconf, so every page added under it (outcomes,
    letters, appeals) is covered without being listed here, and so are its error pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_casework_request(request):
            add_never_cache_headers(response)
        return response


def is_casework_request(request):
    """True when the request was answered by the casework URLconf, or its path lies under it
    (an address there that matches no page)."""
    match = getattr(request, "resolver_match", None)
    if match is not None and CASEWORK_APPS & set(match.app_names):
        return True
    prefixes = casework_prefixes(request.urlconf if hasattr(request, "urlconf") else None)
    return request.path_info.startswith(prefixes)


@cache
def casework_prefixes(urlconf=None):
    """The paths the casework URLconfs are included at, e.g. ("/cases/", "/residents/")."""
    return tuple(
        "/" + str(pattern.pattern)
        for pattern in get_resolver(urlconf).url_patterns
        if isinstance(pattern, URLResolver) and pattern.app_name in CASEWORK_APPS
    )


# What a contractor may open: checking a resident, and signing in and out.
CONTRACTOR_VIEWS = {
    "residents:check",
    "login",
    "logout",
    "session_status",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}


class ContractorScopeMiddleware:
    """A contractor signs in only to check a resident or an address before a visit: the home
    address takes them to the check, and every other page answers 404 for them, as a case does
    for anyone not in it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from home.roles import is_contractor

        if not is_contractor(request.user):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in CONTRACTOR_VIEWS:
            return None
        if request.path_info == "/":
            return redirect("residents:check")
        raise Http404("No such page")
