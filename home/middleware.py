from django.contrib.sessions.middleware import SessionMiddleware


class IdleSessionMiddleware(SessionMiddleware):
    """Sessions end after SESSION_COOKIE_AGE without activity: every request starts the time
    again (SESSION_SAVE_EVERY_REQUEST), except the editor's own pings.

    Wagtail's page editor tells the server every few seconds that it is still open, whether or
    not anyone is there: counted as activity, an editor tab left open on an unattended screen
    would stay signed in for ever. A ping counts only while the editor holds unsaved changes, so
    that someone writing a long policy is not signed out before they save it."""

    def process_response(self, request, response):
        match = getattr(request, "resolver_match", None)
        is_ping = match is not None and match.namespace == "wagtailadmin_editing_sessions"
        if is_ping and not request.POST.get("is_editing") and not request.session.modified:
            return response
        return super().process_response(request, response)
