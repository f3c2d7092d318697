from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify
from wagtail.models import Page

from policy_pages.importer import ImportRefused, create_draft_page, parse_file
from policy_pages.services import ensure_library_index


class Command(BaseCommand):
    help = (
        "Turn a policy document (plain text or Word .docx) into a draft policy page under Policies and guidance, "
        "and report what could not be placed and any defects found in the document."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The policy document: .txt or .docx")
        parser.add_argument("--slug", help="The page's slug (default: from the title)")
        parser.add_argument("--owner", help="Username of the person who gets the review reminders")
        parser.add_argument("--dry-run", action="store_true", help="Report what would be imported; create nothing")

    def handle(self, *args, **options):
        try:
            parsed = parse_file(options["file"])
        except ImportRefused as error:
            raise CommandError(f"Not imported: {error}") from error

        owner = None
        if options.get("owner"):
            owner = get_user_model().objects.filter(username=options["owner"]).first()
            if owner is None:
                raise CommandError(f"Not imported: there is no user {options['owner']!r} to own the policy.")

        self.report(parsed)
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was created.")
            return

        index = ensure_library_index()
        if index is None:
            raise CommandError("Not imported: the site has no home page to put Policies and guidance under.")
        slug = options.get("slug") or slugify(parsed.title) or "policy"
        if Page.objects.child_of(index).filter(slug=slug).exists():
            raise CommandError(
                f"Not imported: a page with the slug {slug!r} already exists under {index.title}. "
                "Use --slug to choose another."
            )
        page = create_draft_page(parsed, index, slug=slug, owner=owner)
        self.stdout.write(
            self.style.SUCCESS(f"Draft policy page “{page.title}” created (id {page.pk}). Review it in the admin: ")
            + f"/admin/pages/{page.pk}/edit/"
        )

    def report(self, parsed):
        write = self.stdout.write
        write(f"Title: {parsed.title}")
        write(
            f"Found {len(parsed.sections)} sections, {parsed.count('numbered_paragraph')} numbered paragraphs, "
            f"{parsed.count('paragraph')} other paragraphs, {parsed.list_item_count} list items, "
            f"{parsed.table_row_count} table rows"
            + (
                f", and an equality impact assessment of {len(parsed.equality_impact_assessment)} section(s)."
                if parsed.equality_impact_assessment
                else "."
            )
        )
        missing = [
            label
            for label, value in [
                ("version", parsed.versions),
                ("adopted date", parsed.adopted),
                ("next review date", parsed.next_review),
                ("contact officer", parsed.contact_officer),
            ]
            if not value
        ]
        if missing:
            write(self.style.WARNING(f"Not in the document, fill in on the page: {', '.join(missing)}."))
        for note in parsed.notes:
            write(f"Note: {note}")
        if parsed.unplaced:
            write(self.style.WARNING(f"Could not place {len(parsed.unplaced)} item(s):"))
            for item in parsed.unplaced:
                write(f"  - {item}")
        else:
            write("Everything in the document was placed.")
        if parsed.defects:
            write(self.style.WARNING(f"Defects found in the document ({len(parsed.defects)}):"))
            for defect in parsed.defects:
                write(f"  - {defect}")
        else:
            write("No defects found.")
