"""The intranet's scheduled tasks, run by the django-q2 worker (`manage.py qcluster`).

`manage.py setup_schedules` (run by `make run` and on deployment) makes the
worker's schedule match this list: it adds or updates each entry by name and
removes schedules whose name starts with "intranet:" but is no longer listed.
"""

from django_q.models import Schedule

PREFIX = "intranet:"

# Each entry: name (after the prefix), dotted path of the function, and when it runs.
SCHEDULED_TASKS = [
    {
        "name": "retry unsent email",
        "func": "home.notifications.retry_unsent_email",
        "schedule_type": Schedule.MINUTES,
        "minutes": 15,
    },
    {
        "name": "casework reminders and escalations",
        "func": "casework.services.deadlines.send_reminders_and_escalations",
        "schedule_type": Schedule.HOURLY,
    },
    {
        "name": "restrictions lapse at their end date",
        "func": "casework.services.restrictions.lapse_ended",
        "schedule_type": Schedule.DAILY,
    },
    {
        "name": "appeal reminders and escalations",
        "func": "casework.services.appeals.send_appeal_reminders_and_escalations",
        "schedule_type": Schedule.DAILY,
    },
    {
        "name": "unread no-reply items escalate to the case's CXMs",
        "func": "casework.services.no_reply.escalate_unread",
        "schedule_type": Schedule.DAILY,
    },
    {
        "name": "reviews of restrictions open when due, with reminders and escalations",
        "func": "casework.services.reviews.reviews_due_reminders_and_escalations",
        "schedule_type": Schedule.DAILY,
    },
    {
        "name": "retention schedule anonymises what is due",
        "func": "casework.services.retention.apply_retention_schedule",
        "schedule_type": Schedule.DAILY,
    },
    {
        "name": "equality impact review reminder every six months",
        "func": "casework.services.equality_review.send_equality_review_reminder",
        "schedule_type": Schedule.DAILY,
    },
    {
        "name": "uses of the policy counted as their cases say, for the report to the Board",
        "func": "casework.services.board_uses.recount_uses",
        "schedule_type": Schedule.DAILY,
    },
    {
        "name": "publish pages at their go-live date",
        "func": "policy_pages.services.publish_scheduled_pages",
        "schedule_type": Schedule.MINUTES,
        "minutes": 5,
    },
    {
        "name": "policy review reminders",
        "func": "policy_pages.services.send_review_reminders",
        "schedule_type": Schedule.DAILY,
    },
]


def sync_schedules():
    wanted = {}
    for entry in SCHEDULED_TASKS:
        entry = dict(entry)
        name = PREFIX + entry.pop("name")
        schedule, _ = Schedule.objects.update_or_create(name=name, defaults={"repeats": -1, **entry})
        wanted[name] = schedule
    Schedule.objects.filter(name__startswith=PREFIX).exclude(name__in=wanted).delete()
    return wanted
