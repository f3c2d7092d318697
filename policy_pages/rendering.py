"""The text of a published policy or guidance page, rendered once per revision.

A page's body (its headed sections, the equality impact assessment and the table of
contents) changes only when a new revision is published, yet rendering the LHP policy's
hundreds of blocks costs more than everything else on the page. So the rendered HTML is
kept in Django's cache (Redis when configured) and reused until the live revision changes.

A policy keeps more in the same entry: everything around the text that is the same for
every reader (title, review notice, metadata, summary, contents and version history), so a
request for it renders only what is personal. Its review notice depends on the date, so that
entry is also renewed each day; and as the version history is written just after approval
publishes the page, adding or removing a version drops the entry too.

Only the page as published is ever cached: previews, drafts and revisions shown in the
admin are rendered from the object in hand every time, never read from or written to the
cache. Publishing, unpublishing or deleting a page drops its entry; so does changing a
document, whose link a body may hold.

Whether a person has confirmed reading a policy is kept under a key of its own that names
the person, read in the same round trip as the page; confirming (or a confirmation going)
drops it.
"""

import hashlib
from pathlib import Path

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

# Kept for a week at most: a page not read for that long is cheap to render again.
CACHE_SECONDS = 7 * 24 * 3600
# A person's own confirmation is dropped whenever it changes; the short life only bounds how
# long a race between two of their own tabs could show the button again.
READING_SECONDS = 3600
# The pages published last, which the home page lists for everyone.
RECENT_KEY = "policy_pages:recent"
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


def reading_key(page_id, user_id):
    """The cache key under which whether user `user_id` has read page `page_id` is kept."""
    return f"policy_pages:read:{page_id}:{user_id}"


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


def render_policy(page, today=None):
    """What a policy page shows every reader alike, rendered from `page` as it stands.

    Returns {"head": html, "tail": html, "current_label": label or ""}: "head" is the
    title, review notice, metadata and summary, "tail" the contents, text, assessment and
    version history; only the read confirmation and the tools between them are personal.
    """
    from . import services

    versions = services.versions_of(page)
    current = services.current_version(page)
    rendered = render_body(page)
    context = {
        "page": page,
        "versions": versions,
        "current_version": current,
        "waiting_version": services.version_waiting_to_go_live(page),
        "review": services.review_status(page, today),
        "rendered": rendered,
        "toc": rendered["toc"],
    }
    return {
        "head": mark_safe(render_to_string("policy_pages/includes/policy_head.html", context)),  # noqa: S308
        "tail": mark_safe(render_to_string("policy_pages/includes/policy_tail.html", context)),  # noqa: S308
        "current_label": current.label if current else "",
    }


def policy_parts(page, request):
    """The shared parts of policy `page` (see render_policy) and the reader's confirmation.

    Returns render_policy's dict with "acknowledgement" added: None when the reader has not
    confirmed the current version (or there is none), else something with acknowledged_at.
    The published page comes from the cache, with the reader's confirmation, in one round
    trip; a preview or draft is rendered afresh and its confirmation read from the database.
    """
    from . import services

    user = request.user if request is not None else None
    signed_in = user is not None and user.is_authenticated
    if not _servable_from_cache(page, request):
        parts = render_policy(page)
        parts["acknowledgement"] = services.has_acknowledged(user, page) if signed_in else None
        return parts
    today = timezone.localdate().isoformat()
    key = cache_key(page.pk)
    read_key = reading_key(page.pk, user.pk) if signed_in else None
    found = cache.get_many([key, read_key] if read_key else [key])
    entry = found.get(key)
    if (
        entry
        and entry.get("revision") == page.live_revision_id
        and entry.get("templates") == TEMPLATES_FINGERPRINT
        and entry.get("day") == today
        and "head" in entry["content"]
    ):
        stored = entry["content"]
        # Safe: the cache holds only what render_policy produced from escaped templates.
        parts = {
            "head": mark_safe(stored["head"]),  # noqa: S308
            "tail": mark_safe(stored["tail"]),  # noqa: S308
            "current_label": stored["current_label"],
        }
    else:
        parts = render_policy(page)
        stored = {"head": str(parts["head"]), "tail": str(parts["tail"]), "current_label": parts["current_label"]}
        cache.set(
            key,
            {"revision": page.live_revision_id, "templates": TEMPLATES_FINGERPRINT, "day": today, "content": stored},
            CACHE_SECONDS,
        )
    parts["acknowledgement"] = _reading(page, user, read_key, found.get(read_key), parts["current_label"])
    return parts


def _reading(page, user, read_key, entry, label):
    from .models import PolicyAcknowledgement

    if not label or read_key is None:
        return None
    if entry is not None and entry.get("label") == label:
        return {"acknowledged_at": entry["acknowledged_at"]} if entry["acknowledged_at"] else None
    acknowledgement = (
        PolicyAcknowledgement.objects.filter(user=user, page_id=page.pk, version_label=label)
        .values("acknowledged_at")
        .first()
    )
    at = acknowledgement["acknowledged_at"] if acknowledgement else None
    cache.set(read_key, {"label": label, "acknowledged_at": at}, READING_SECONDS)
    return {"acknowledged_at": at} if at else None


def forget_reading(sender=None, instance=None, **kwargs):
    """Signal receiver: a confirmation of reading was recorded or removed."""
    cache.delete(reading_key(instance.page_id, instance.user_id))


def forget_versions(sender=None, instance=None, **kwargs):
    """Signal receiver: a line of a version history was added, changed or removed."""
    forget([instance.page_id])


def forget(page_ids):
    """Drop the cached bodies of the pages whose ids are in `page_ids` (an iterable)."""
    keys = [cache_key(page_id) for page_id in page_ids]
    if keys:
        cache.delete_many(keys)


def forget_page(sender, instance, **kwargs):
    """Signal receiver: a page was published, unpublished or deleted."""
    cache.delete_many([cache_key(instance.pk), RECENT_KEY])


def forget_all(sender=None, **kwargs):
    """Signal receiver: a document changed; any body may link to it, so drop them all."""
    from .models import GuidancePage, PolicyPage

    forget(
        [
            *PolicyPage.objects.values_list("pk", flat=True),
            *GuidancePage.objects.values_list("pk", flat=True),
        ]
    )
