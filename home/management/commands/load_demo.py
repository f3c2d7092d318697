from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from home.roles import sync_roles

# Each app's demo module has a `load(stdout)` function; they run in this order.
# The policies come first: casework decisions record the version they were made under, and
# letters enclose the policy.
DEMO_MODULES = [
    "policy_pages.demo",
    "casework.demo",
    "casework.demo_equality",
    "casework.demo_outcomes",
    "casework.demo_letters",
    "casework.demo_appeals",
    "casework.demo_complaints",
    "casework.demo_breaches",
    "casework.demo_reviews",
]


class Command(BaseCommand):
    help = "Load the demo organisation and content. Safe to run again: it changes nothing the second time."

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_ALLOWED", False):
            raise CommandError(
                "Demo content is not allowed with these settings (it would create accounts with a shared "
                "password). Use the development settings."
            )
        password = settings.DEMO_PASSWORD
        if not password:
            raise CommandError("Set DEMO_PASSWORD to the password the demo accounts should share.")

        from home.demo import load_organisation
        from home.site import ensure_home_page

        with transaction.atomic():
            # The home page first: the roles' page permissions hang on the library under it.
            ensure_home_page()
            sync_roles()
            load_organisation(password, stdout=self.stdout)
            for module_name in DEMO_MODULES:
                module = import_module(module_name)
                module.load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
