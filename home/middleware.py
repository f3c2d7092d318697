from datetime import timedelta

from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_vary_headers

from . import roles
from .forms import AdminSearchForm


class IdleSessionMiddleware(SessionMiddleware):
    """Sessions end after SESSION_COOKIE_AGE without activity: every request starts the time
    again (SESSION_SAVE_EVERY_REQUEST), except the editor's own pings.

    Wagtail's page editor tells the server every few seconds that it is still open, whether or
    not anyone is there: counted as activity, an editor tab left open on an unattended screen
    would stay signed in for ever. A ping counts only while the editor holds unsaved changes, so
    that someone writing a long policy is not signed out before they save it.

    A session that nothing changed and that was written less than a thirtieth of the timeout ago
    (a minute of thirty) is not written again: that write would only push the expiry back by
    seconds, at the cost of a database write on every page. The session may so end up to that
    much sooner than the timeout after the last request; the pages' own keep-alive
    (static/js/session.js) allows for half the timeout."""

    def process_response(self, request, response):
        match = getattr(request, "resolver_match", None)
        is_ping = match is not None and match.namespace == "wagtailadmin_editing_sessions"
        if is_ping and not request.POST.get("is_editing") and not request.session.modified:
            return response
        if _written_lately(request.session):
            patch_vary_headers(response, ("Cookie",))  # as Django does for every session read
            return response
        return super().process_response(request, response)


def _written_lately(session):
    expiry = getattr(session, "stored_expiry", None)
    if expiry is None or session.modified or session.is_empty():
        return False
    age = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    return expiry - timezone.now() > age - age / 30


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the Wagtail admin's own, looser policy.

    The intranet's pages run nothing inline (CONTENT_SECURITY_POLICY). Wagtail's admin still
    writes a few inline scripts (its date pickers) and style attributes, so paths under the
    admin get CONTENT_SECURITY_POLICY_ADMIN instead; a view's own csp_override still wins."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and request.path_info.startswith(admin_prefix()):
            parts.config = default_config(settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"])
        elif not report_only and parts.config is None and getattr(request, "is_dummy", False):
            # Wagtail renders an editor's preview through a stand-in request for the page's own
            # address, then shows it in a frame of the admin: the page's policy, framed by the
            # admin only.
            directives = {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"], "frame-ancestors": ["'self'"]}
            parts.config = default_config(directives)
        return parts


def admin_prefix():
    """The Wagtail admin's path, e.g. "/admin/"."""
    return reverse("wagtailadmin_home")


# The longest search the admin runs: Wagtail builds one nested expression of every word, and at
# some thousands of words building it was a server error (RecursionError).
MAX_ADMIN_SEARCH_LENGTH = 200
# The names the admin's pages (q) and its API (search) read a search's words by.
SEARCH_NAMES = ("q", "search")


class AdminAccessMiddleware:
    """A signed-in person whose role does not include the Wagtail admin gets a page saying so
    (403) at any admin address. Wagtail itself would send them to the sign-in page, which sends
    a signed-in person straight back to the admin: round and round. A search in the admin that
    cannot run (_refused_search) is refused with the reason (400)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and request.path_info.startswith(admin_prefix()):
            if not user.has_perm(roles.ADMIN_ACCESS):
                if roles.is_contractor(user):
                    # A contractor's every page but the check answers 404, the admin included.
                    raise Http404("No such page")
                return render(request, "admin_refused.html", status=403)
            is_api = request.path_info.startswith(admin_prefix() + "api/")
            refused = _refused_search(request.GET, is_api)
            if refused:
                return _refusal(request, is_api, *refused)
        return self.get_response(request)


def _refusal(request, is_api, name, message):
    # Each in the form the asking page reads: the admin's API answers JSON; Wagtail's live
    # search and its choosers put an answer where the results go only when it succeeds, so a
    # refusal with 400 would leave the old results there with no word why; any other page gets
    # the words back in a form, to be shortened.
    if is_api:
        response = JsonResponse({"message": message}, status=400)
    elif request.headers.get("x-requested-with") == "XMLHttpRequest":
        response = render(request, "includes/admin_search_refused.html", {"message": message})
    else:
        form = AdminSearchForm(name, request.GET.get(name, ""), MAX_ADMIN_SEARCH_LENGTH)
        # The other search name is left out as well: kept, it would be refused again.
        kept = [
            (key.replace("\x00", ""), value.replace("\x00", ""))
            for key, values in request.GET.lists()
            if key not in SEARCH_NAMES
            for value in values
        ]
        context = {"form": form, "action": request.path, "kept": kept, "admin_home": admin_prefix()}
        response = render(request, "admin_search_refused.html", context, status=400)
    # As Wagtail's own admin views: never kept by a cache, and one address answers two ways.
    add_never_cache_headers(response)
    patch_vary_headers(response, ("X-Requested-With",))
    return response


def _refused_search(query, is_api):
    """Why a search in the admin cannot run, as (the parameter at fault, the reason), or None.
    `query` holds the words as `q` or, in the API (`is_api`), as `search`. Wagtail's API takes
    only "and" or "or" as the operator between words: anything else was a server error."""
    for name in SEARCH_NAMES:
        words = query.get(name, "")
        if len(words) > MAX_ADMIN_SEARCH_LENGTH:
            return name, f"Search for at most {MAX_ADMIN_SEARCH_LENGTH} characters."
        if "\x00" in words:
            return name, "Search with plain text: null characters are not allowed."
    if is_api and query.get("search_operator", "and").lower() not in {"and", "or"}:
        return "search_operator", "Search with the operator “and” or “or”."
    return None
