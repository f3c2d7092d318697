"""The policy editor's form: a new version is submitted under a label of its own."""

from wagtail.admin.forms import WagtailAdminPageForm

# The editor's buttons that send a page into the review-and-approval workflow.
SUBMITTING = ("action-submit", "action-restart-workflow")


class PolicyPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned = super().clean()
        if any(self.data.get(name) for name in SUBMITTING) and self.instance.pk:
            label = (cleaned.get("version_label") or "").strip()
            from .services import label_in_history

            if label and label_in_history(self.instance, label):
                self.add_error(
                    "version_label",
                    f"“{label}” is already in this policy's version history: give the version you are "
                    "submitting a new label, e.g. the next number.",
                )
        return cleaned
