from django.apps import AppConfig
from django.db.backends.signals import connection_created


def _upper(text):
    return None if text is None else str(text).upper()


def unicode_upper_on_sqlite(sender, connection, **kwargs):
    """Make SQLite's UPPER change every letter, as PostgreSQL's and Python's do, on each new
    SQLite connection (the `connection_created` signal). Its own changes ASCII letters only, so a
    resident's search text held "ZOë" while the search word typed was "ZOË", and accented names
    could not be found. Deterministic, as a generated column and an index on an expression need."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("UPPER", 1, _upper, deterministic=True)


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = "Casework"

    def ready(self):
        connection_created.connect(unicode_upper_on_sqlite, dispatch_uid="casework_unicode_upper_on_sqlite")
