"""Wagtail's choosers (of a page, a document, a snippet) look the chosen id up again to show it
when a form comes back with errors, and a chooser in a page's body looks it up to save it. An id
that is not a number, which only a hand-made request sends, made those lookups raise: a server
error in place of the form's own "Select a valid choice" or "This field is required". Wagtail 8.0
has no setting or hook for these, so the two lookups are wrapped once, at start-up (home.apps).
Copying a page looks its new parent up before its form runs; Wagtail's before_copy_page hook
checks that one (home.wagtail_hooks)."""

from django.core.exceptions import ValidationError
from wagtail.admin.widgets.chooser import BaseChooser
from wagtail.blocks.field_block import ChooserBlock

MALFORMED = (ValueError, TypeError, OverflowError, ValidationError)


def tolerate_malformed_ids():
    """Make every Wagtail chooser, and every chooser block of a StreamField, take an id that
    cannot be one (not a number, say) as nothing chosen, as they already take an id of nothing
    that exists. Takes nothing, returns None; a second call changes nothing."""
    _wrap(BaseChooser, "get_instance")
    _wrap(ChooserBlock, "value_from_form")


def _wrap(cls, name):
    original = getattr(cls, name)
    if getattr(original, "tolerates_malformed_ids", False):
        return

    def lookup(self, value):
        try:
            return original(self, value)
        except MALFORMED:
            return None

    lookup.tolerates_malformed_ids = True
    setattr(cls, name, lookup)


def names_a_page(value):
    """Whether `value` (text from a form) is the id of a page that exists. Raises nothing."""
    from wagtail.models import Page

    try:
        return Page.objects.filter(pk=value).exists()
    except MALFORMED:
        return False
