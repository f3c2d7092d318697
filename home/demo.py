"""The demo organisation: teams, staff with their roles and line managers.

Loaded by `manage.py load_demo`; running it again changes nothing.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from . import roles
from .models import StaffProfile, Team


@dataclass(frozen=True)
class DemoPerson:
    username: str
    first_name: str
    last_name: str
    job_title: str
    team: str
    roles: tuple = ()
    line_manager: str | None = None
    # Contractors are not in the Staff role: they see only the resident check.
    staff: bool = True


DEMO_PEOPLE = [
    DemoPerson(
        "pshah",
        "Priya",
        "Shah",
        "Executive Director of Customers",
        "Executive team",
        (roles.DIRECTORS, roles.EXECUTIVE_DIRECTOR_OF_CUSTOMERS, roles.POLICY_APPROVERS),
    ),
    DemoPerson("omensah", "Olu", "Mensah", "Director of Operations", "Executive team", (roles.DIRECTORS,)),
    DemoPerson(
        "jclarke",
        "Jo",
        "Clarke",
        "Corporate Head of Customers",
        "Customer services",
        (roles.HEAD_OF_CUSTOMER_SERVICES,),
        "pshah",
    ),
    DemoPerson(
        "rkaur",
        "Ravi",
        "Kaur",
        "Customer Experience Manager",
        "Customer experience",
        (roles.CUSTOMER_EXPERIENCE_MANAGERS,),
        "jclarke",
    ),
    DemoPerson(
        "ebrown",
        "Emma",
        "Brown",
        "Customer Experience Manager",
        "Customer experience",
        (roles.CUSTOMER_EXPERIENCE_MANAGERS,),
        "jclarke",
    ),
    DemoPerson("tnguyen", "Tom", "Nguyen", "Income Team Manager", "Income", (), "jclarke"),
    DemoPerson("lwilliams", "Laura", "Williams", "Repairs Team Manager", "Repairs", (), "jclarke"),
    DemoPerson("sali", "Sara", "Ali", "Income Officer", "Income", (), "tnguyen"),
    DemoPerson("mjones", "Mark", "Jones", "Income Officer", "Income", (), "tnguyen"),
    DemoPerson("kobi", "Kemi", "Obi", "Repairs Coordinator", "Repairs", (), "lwilliams"),
    DemoPerson("cwright", "Chris", "Wright", "Neighbourhood Officer", "Neighbourhoods"),
    DemoPerson("gevans", "Grace", "Evans", "Policy Officer", "Governance", (roles.POLICY_EDITORS,)),
    DemoPerson("hmoore", "Hannah", "Moore", "Head of Governance", "Governance", (roles.POLICY_REVIEWERS,)),
    DemoPerson(
        "dfoster", "Dan", "Foster", "Repairs operative", "Repairs contractor", (roles.CONTRACTORS,), staff=False
    ),
]


def email_for(username):
    return f"{username}@intranet.example"


def _ensure_password(user, password):
    # Setting a password re-salts the hash; only do it when the password differs,
    # so a second run leaves every row as it was.
    if not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])


def load_organisation(password, stdout=None):
    User = get_user_model()
    groups = {group.name: group for group in Group.objects.filter(name__in=roles.ALL_ROLES)}
    staff_group = groups[roles.STAFF]
    users = {}

    for person in DEMO_PEOPLE:
        user, _ = User.objects.update_or_create(
            username=person.username,
            defaults={
                "first_name": person.first_name,
                "last_name": person.last_name,
                "email": email_for(person.username),
                "is_active": True,
                "is_staff": False,
                "is_superuser": False,
            },
        )
        _ensure_password(user, password)
        user.groups.set([*([staff_group] if person.staff else []), *(groups[role] for role in person.roles)])
        users[person.username] = user

    for person in DEMO_PEOPLE:
        team, _ = Team.objects.get_or_create(name=person.team)
        StaffProfile.objects.update_or_create(
            user=users[person.username],
            defaults={
                "job_title": person.job_title,
                "team": team,
                "line_manager": users[person.line_manager] if person.line_manager else None,
            },
        )

    admin, _ = User.objects.update_or_create(
        username="admin",
        defaults={
            "first_name": "Intranet",
            "last_name": "Administrator",
            "email": email_for("admin"),
            "is_active": True,
            "is_staff": True,
            "is_superuser": True,
        },
    )
    _ensure_password(admin, password)
    admin.groups.set([staff_group])
    StaffProfile.objects.get_or_create(user=admin, defaults={"job_title": "Intranet administrator"})
    if stdout:
        stdout.write(f"Demo organisation: {len(DEMO_PEOPLE) + 1} people.")
    return users
