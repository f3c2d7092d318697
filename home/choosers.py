"""Wagtail's choosers (of a page, a document, a snippet) look the chosen id up again to show it
when a form comes back with errors. An id that is not a number, which only a hand-made request
sends, made that lookup raise: a server error in place of the form's own "Select a valid
choice". Wagtail 8.0 has no setting or hook for this, so the lookup is wrapped once, at start-up
(home.apps)."""

from django.core.exceptions import ValidationError
from wagtail.admin.widgets.chooser import BaseChooser


def tolerate_malformed_ids():
    """Make every Wagtail chooser show an id that cannot be one (not a number, say) as nothing
    chosen, as it already shows an id of nothing that exists. Takes nothing, returns None; a
    second call changes nothing."""
    original = BaseChooser.get_instance
    if getattr(original, "tolerates_malformed_ids", False):
        return

    def get_instance(self, value):
        try:
            return original(self, value)
        except (ValueError, TypeError, OverflowError, ValidationError):
            return None

    get_instance.tolerates_malformed_ids = True
    BaseChooser.get_instance = get_instance
