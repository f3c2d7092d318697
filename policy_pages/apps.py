from django.apps import AppConfig


class PolicyPagesConfig(AppConfig):
    name = "policy_pages"
    verbose_name = "Policies and guidance"

    def ready(self):
        from wagtail.signals import workflow_approved

        from .signals import record_workflow_approval

        workflow_approved.connect(record_workflow_approval, dispatch_uid="policy_pages.record_workflow_approval")
