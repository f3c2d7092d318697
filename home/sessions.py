"""Django's database sessions, remembering when the stored session was due to expire.

home.middleware.IdleSessionMiddleware reads it to leave out the write that would only push the
expiry back by a few seconds (SESSION_ENGINE = "home.sessions")."""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore


class SessionStore(DatabaseSessionStore):
    # When the session as stored was due to expire (an aware datetime), or None when none was read.
    stored_expiry = None

    def _get_session_from_db(self):
        found = super()._get_session_from_db()
        self.stored_expiry = found.expire_date if found else None
        return found
