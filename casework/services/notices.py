"""What casework tells people, and how it names a case.

A notice leaves the organisation by email, so it names the case by its reference and the
kind of event only: never the resident, their address or what happened. The page behind
the link checks who is asking.
"""

from django.urls import reverse

from home.notifications import notify


def display_name(user):
    return user.get_full_name() or user.get_username()


def case_url(case):
    return reverse("casework:case", args=[case.pk])


def case_topic(case):
    return f"case:{case.pk}"


def step_task(step):
    return f"step:{step.pk}"


def notify_people(users, subject, body, case, kind="general", step=None):
    """Notify each of `users` about `case` (linked to its page). With `step`, the notice asks
    them to take that step, and is settled for everyone once somebody has."""
    for user in users:
        notify(
            user,
            subject,
            body,
            url=case_url(case),
            kind=kind,
            topic=case_topic(case),
            task=step_task(step) if step is not None else "",
        )


def long_date(day):
    """A date as the intranet writes it everywhere: "1 December 2026" (no leading zero), the
    same as the pages' "j F Y"."""
    return f"{day.day} {day:%B %Y}"
