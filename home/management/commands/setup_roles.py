from django.core.management.base import BaseCommand

from home.roles import sync_roles


class Command(BaseCommand):
    help = "Create the role groups and give each exactly the permissions its job needs (safe to run again)."

    def handle(self, *args, **options):
        groups = sync_roles()
        for name, group in groups.items():
            self.stdout.write(f"{name}: {group.permissions.count()} permissions")
