from django.apps import AppConfig


class PolicyPagesConfig(AppConfig):
    name = "policy_pages"
    verbose_name = "Policies and guidance"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.documents import get_document_model
        from wagtail.signals import (
            page_published,
            page_slug_changed,
            page_unpublished,
            post_page_move,
            workflow_approved,
        )

        from . import library, rendering, services
        from .models import GuidancePage, PolicyAcknowledgement, PolicyIndexPage, PolicyPage, PolicyVersion
        from .signals import record_workflow_approval

        workflow_approved.connect(record_workflow_approval, dispatch_uid="policy_pages.record_workflow_approval")
        page_published.connect(
            services.version_went_live, sender=PolicyPage, dispatch_uid="policy_pages.version_went_live"
        )
        # A new live revision already changes what the cached body is checked against;
        # dropping the entry as well keeps the cache from holding text nobody can see.
        for model in (PolicyPage, GuidancePage):
            for name, signal in (
                ("published", page_published),
                ("unpublished", page_unpublished),
                ("deleted", post_delete),
            ):
                signal.connect(
                    rendering.forget_page, sender=model, dispatch_uid=f"policy_pages.forget.{name}.{model.__name__}"
                )
        # A policy's cached page holds its version history.
        post_save.connect(
            rendering.forget_versions, sender=PolicyVersion, dispatch_uid="policy_pages.forget.version.save"
        )
        post_delete.connect(
            rendering.forget_versions, sender=PolicyVersion, dispatch_uid="policy_pages.forget.version.delete"
        )
        for name, signal in (("save", post_save), ("delete", post_delete)):
            signal.connect(
                rendering.forget_reading, sender=PolicyAcknowledgement, dispatch_uid=f"policy_pages.forget.read.{name}"
            )
        document = get_document_model()
        post_save.connect(rendering.forget_all, sender=document, dispatch_uid="policy_pages.forget_bodies.save")
        post_delete.connect(rendering.forget_all, sender=document, dispatch_uid="policy_pages.forget_bodies.delete")
        # Saved (so also created, or published, outside the editor), unpublished or deleted.
        for name, signal in (("saved", post_save), ("unpublished", page_unpublished), ("deleted", post_delete)):
            signal.connect(library.forget, sender=PolicyIndexPage, dispatch_uid=f"policy_pages.library.{name}")
        # Any page: the index's address changes with its parent's.
        post_page_move.connect(library.forget, dispatch_uid="policy_pages.library.moved")
        page_slug_changed.connect(library.forget, dispatch_uid="policy_pages.library.renamed")
