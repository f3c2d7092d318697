from .panels import navigation_for


def site_navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"site_navigation": []}
    items = navigation_for(request)
    for item in items:
        item.current = request.path == item.url or (item.url != "/" and request.path.startswith(item.url))
    return {"site_navigation": items}
