from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from casework.services.residents_import import ImportRefused, import_residents


class Command(BaseCommand):
    help = (
        "Load and update residents from the housing management system's CSV export, matched on the "
        "customer reference. Reports the rows created, updated, unchanged and refused (with line "
        "numbers). Never deletes a resident."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV file (UTF-8; the README lists its columns).")
        parser.add_argument("--dry-run", action="store_true", help="Say what would change, and change nothing.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
        try:
            report = import_residents(data, apply=not options["dry_run"])
        except ImportRefused as error:
            raise CommandError(f"{path}: {error} Nothing was loaded.") from error
        if report.ignored_columns:
            self.stdout.write(f"Columns not known, left out: {', '.join(report.ignored_columns)}.")
        for refused in report.refused:
            reference = f" ({refused.reference})" if refused.reference else ""
            self.stdout.write(f"Line {refused.line}{reference} refused: {refused.reason}.")
        style = self.style.WARNING if report.refused else self.style.SUCCESS
        prefix = "Dry run, nothing changed: " if options["dry_run"] else ""
        self.stdout.write(style(f"{prefix}residents {report.summary()}."))
