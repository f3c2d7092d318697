"""The one signal the library listens to: a policy's new version approved through the workflow."""


def record_workflow_approval(sender, instance, user=None, **kwargs):
    from .services import record_approval

    record_approval(instance)
