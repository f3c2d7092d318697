from django.apps import AppConfig
from django.db.models.signals import post_migrate


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Intranet home and staff"

    def ready(self):
        from . import choosers, roles

        choosers.tolerate_malformed_ids()

        # Roles are kept in step with the code after every migrate, so a new
        # database (or a test database) always has them.
        post_migrate.connect(roles.sync_roles_after_migrate, sender=self)
