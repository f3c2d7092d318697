from django.core.management.base import BaseCommand

from intranet.schedule import sync_schedules


class Command(BaseCommand):
    help = "Make the task worker's schedule match intranet/schedule.py (safe to run again)."

    def handle(self, *args, **options):
        for name, schedule in sync_schedules().items():
            kind = schedule.get_schedule_type_display().lower()
            self.stdout.write(f"{name}: {kind}, next {schedule.next_run:%Y-%m-%d %H:%M}")
