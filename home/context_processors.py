from django.conf import settings

from . import roles
from .panels import navigation_for


def site_navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"site_navigation": [], "library_search": False}
    items = navigation_for(request)
    for item in items:
        item.current = request.path == item.url or (item.url != "/" and request.path.startswith(item.url))
    # A contractor sees only the check page: a search of the library would lead them to "page not found".
    return {"site_navigation": items, "library_search": not roles.is_contractor(user)}


def session_timeout(request):
    """How long a session lasts without a request, for the script that keeps forms from being lost."""
    return {"session_timeout_seconds": settings.SESSION_COOKIE_AGE}
