"""Where the policy library is, for the navigation on every page and for the home panel.

Looking it up costs a page query and a site query on every request, for an address that changes
only when a library index is saved, unpublished, moved, renamed or deleted. It is kept in Django's
cache (Redis when configured) with the generation it was read in; each of those changes starts a
new generation, and again when its transaction commits (policy_pages.apps), so an address read
before the change, even by a request that stores it after, is read again by the next request."""

import uuid

from django.core.cache import cache
from django.db import transaction

URL_KEY = "policy_pages:library_url"
GENERATION_KEY = "policy_pages:library_generation"
# Read again after this long as well, should the site's own address change (Wagtail's Sites).
CACHE_SECONDS = 10 * 60


def library_url(request):
    """The live library index's address (a path, on an intranet of one site) for `request`, or
    None when no library index is live. Serving a policy, Wagtail's routing has just passed
    through the index: that one is used. Asked once per request; raises nothing."""
    if not hasattr(request, "_policy_library_url"):
        index = getattr(request, "_policy_library_index", None)
        if index is not None:
            url = index.get_url(request)
        else:
            # The generation is read before the page tree: a change committed after this read
            # leaves what is stored below marked with a generation that is no longer current.
            found = cache.get_many([URL_KEY, GENERATION_KEY])
            generation = found.get(GENERATION_KEY)
            stored = found.get(URL_KEY)
            if stored is not None and stored[0] == generation:
                url = stored[1]
            else:
                from .models import PolicyIndexPage

                index = PolicyIndexPage.objects.live().first()
                url = (index.get_url() if index else "") or ""
                cache.set(URL_KEY, (generation, url), CACHE_SECONDS)
        request._policy_library_url = url or None
    return request._policy_library_url


def forget(**kwargs):
    """Signal receiver: a library index was saved (published), unpublished or deleted, or a page
    was moved or renamed (the index's address may be under it). A new generation starts now and
    again once the change is committed: a request on another connection may read the tree as it
    was until then."""
    _new_generation()
    transaction.on_commit(_new_generation)


def _new_generation():
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)
