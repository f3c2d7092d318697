from django.apps import AppConfig
from django.db.backends.signals import connection_created


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = "Casework"

    def ready(self):
        from .folding import register_on_sqlite

        connection_created.connect(register_on_sqlite, dispatch_uid="casework_register_on_sqlite")
