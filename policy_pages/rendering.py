"""The text of a published policy or guidance page, rendered once per revision.

A page's body (its headed sections, the equality impact assessment and the table of
contents) changes only when a new revision is published, yet rendering the LHP policy's
hundreds of blocks costs more than everything else on the page. So the rendered HTML is
kept in Django's cache (Redis when configured) and reused until the live revision changes.

Only the page as published is ever cached: previews, drafts and revisions shown in the
admin are rendered from the object in hand every time, never read from or written to the
cache. Publishing, unpublishing or deleting a page drops its entry; so does changing a
document, whose link a body may hold.
"""

import hashlib
from pathlib import Path

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

# Kept for a week at most: a page not read for that long is cheap to render again.
CACHE_SECONDS = 7 * 24 * 3600
_TEMPLATES = Path(__file__).resolve().parent / "templates" / "policy_pages"


def _templates_fingerprint():
    # Part of every entry: a release that changes how blocks look must not serve HTML
    # that an earlier release rendered into a shared cache.
    digest = hashlib.sha256()
    for path in sorted([*_TEMPLATES.glob("blocks/*.html"), *_TEMPLATES.glob("includes/*.html")]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


TEMPLATES_FINGERPRINT = _templates_fingerprint()


def cache_key(page_id):
    """The cache key under which page `page_id`'s rendered body is kept."""
    return f"policy_pages:body:{page_id}"


def render_body(page):
    """The HTML of `page`'s body, as a dict of safe strings and the table of contents.

    Returns {"toc": [...], "body": html, "eia": html or ""}; "eia" is only filled for a
    policy with an equality impact assessment. Renders whatever content `page` holds
    (live, draft or preview alike), without the cache.
    """
    eia = getattr(page, "equality_impact_assessment", None)
    body = render_to_string("policy_pages/includes/sections.html", {"sections": page.body, "prefix": "", "shift": 0})
    eia_html = ""
    if eia:
        eia_html = render_to_string(
            "policy_pages/includes/sections.html", {"sections": eia, "prefix": "eia-", "shift": 1}
        )
    return {"toc": page.table_of_contents(), "body": mark_safe(body), "eia": mark_safe(eia_html)}  # noqa: S308


def _servable_from_cache(page, request):
    # Wagtail sets is_preview to False only when it serves the page as published; a
    # preview or a revision shown in the admin is a page object holding draft content
    # under the same live_revision_id, so it must never touch the cache.
    return (
        request is not None
        and getattr(request, "is_preview", None) is False
        and page.live
        and page.live_revision_id is not None
    )


def rendered_body(page, request):
    """The rendered body of `page` for this request (see render_body for its shape).

    For the published page the HTML comes from the cache when the entry was rendered
    from the current live revision with the current templates, and is stored there
    otherwise; anything else (a preview, a draft) is rendered afresh and not stored.
    """
    if not _servable_from_cache(page, request):
        return render_body(page)
    key = cache_key(page.pk)
    entry = cache.get(key)
    if entry and entry.get("revision") == page.live_revision_id and entry.get("templates") == TEMPLATES_FINGERPRINT:
        stored = entry["content"]
        # Safe: the cache holds only what render_body produced from escaped templates.
        return {"toc": stored["toc"], "body": mark_safe(stored["body"]), "eia": mark_safe(stored["eia"])}  # noqa: S308
    content = render_body(page)
    stored = {"toc": content["toc"], "body": str(content["body"]), "eia": str(content["eia"])}
    cache.set(
        key,
        {"revision": page.live_revision_id, "templates": TEMPLATES_FINGERPRINT, "content": stored},
        CACHE_SECONDS,
    )
    return content


def forget(page_ids):
    """Drop the cached bodies of the pages whose ids are in `page_ids` (an iterable)."""
    keys = [cache_key(page_id) for page_id in page_ids]
    if keys:
        cache.delete_many(keys)


def forget_page(sender, instance, **kwargs):
    """Signal receiver: a page was published, unpublished or deleted."""
    forget([instance.pk])


def forget_all(sender=None, **kwargs):
    """Signal receiver: a document changed; any body may link to it, so drop them all."""
    from .models import GuidancePage, PolicyPage

    forget(
        [
            *PolicyPage.objects.values_list("pk", flat=True),
            *GuidancePage.objects.values_list("pk", flat=True),
        ]
    )
