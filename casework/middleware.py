from functools import cache

from django.urls import URLResolver, get_resolver
from django.utils.cache import add_never_cache_headers

CASEWORK_APP = "casework"


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
    if match is not None and CASEWORK_APP in match.app_names:
        return True
    prefix = casework_prefix(request.urlconf if hasattr(request, "urlconf") else None)
    return prefix is not None and request.path_info.startswith(prefix)


@cache
def casework_prefix(urlconf=None):
    """The path the casework URLconf is included at, e.g. "/cases/", or None if it is not."""
    for pattern in get_resolver(urlconf).url_patterns:
        if isinstance(pattern, URLResolver) and pattern.app_name == CASEWORK_APP:
            return "/" + str(pattern.pattern)
    return None
