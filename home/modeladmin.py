"""Shared pieces for the admin's model listings."""

from wagtail_modeladmin.helpers import PermissionHelper


class ReadOnlyPermissionHelper(PermissionHelper):
    """Records that are written only by the intranet's own rules (cases, the email log):
    the admin lists and shows them, and never creates, edits or deletes them."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False
