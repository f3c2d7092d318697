"""Where the policy library is, for the navigation on every page and for the home panel.

Looking it up costs a page query and a site query on every request, for an address that changes
only when a library index is saved, unpublished, moved, renamed or deleted. It is kept in
Django's cache (Redis when configured) and dropped on each of those (policy_pages.apps)."""

from django.core.cache import cache

CACHE_KEY = "policy_pages:library_url"
# Dropped after this long as well, should the site's own address change (Wagtail's Sites).
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
            url = cache.get(CACHE_KEY)
            if url is None:
                from .models import PolicyIndexPage

                index = PolicyIndexPage.objects.live().first()
                url = (index.get_url() if index else "") or ""
                cache.set(CACHE_KEY, url, CACHE_SECONDS)
        request._policy_library_url = url or None
    return request._policy_library_url


def forget(**kwargs):
    """Signal receiver: a library index was saved (published), unpublished or deleted, or a page was
    moved or renamed (the index's address may be under it)."""
    cache.delete(CACHE_KEY)
