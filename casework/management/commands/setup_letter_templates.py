from django.core.management.base import BaseCommand

from casework.choices import LHP
from casework.letter_defaults import ensure_letter_templates
from policy_pages.models import PolicyPage


class Command(BaseCommand):
    help = (
        "Create the first wording of each kind of letter to the resident, and enclose the published Limited "
        "Contact Policy with restriction letters. Never overwrites a template someone has edited."
    )

    def handle(self, *args, **options):
        created = ensure_letter_templates(PolicyPage.objects.live().filter(slug=LHP).first())
        self.stdout.write(f"Letter templates: {created} added.")
