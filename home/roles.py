"""The organisation's roles, as groups with exactly the model permissions each job needs.

Each app lists what its models allow each role in `<app>/permissions.py` as
`ROLE_PERMISSIONS`; this module merges them and makes the groups match, adding
what is missing and removing what is no longer listed. It runs after every
`migrate` and through `manage.py setup_roles`.
"""

from importlib import import_module

from django.apps import apps
from django.contrib.auth.models import Group, Permission

STAFF = "Staff"
CUSTOMER_EXPERIENCE_MANAGERS = "Customer experience managers"
DIRECTORS = "Directors"
HEAD_OF_CUSTOMER_SERVICES = "Head of customer services"
# One person (or a deputy): refuses all contact (LHP 31) and judges new complaints from a
# restricted resident (LHP 33). Always a director as well.
EXECUTIVE_DIRECTOR_OF_CUSTOMERS = "Executive Director of Customers"
POLICY_EDITORS = "Policy editors"
POLICY_REVIEWERS = "Policy reviewers (CLT)"
POLICY_APPROVERS = "Policy approvers (ELT)"
# Repair and maintenance operatives: they sign in only to check a resident or an address
# before a visit (casework.permissions.is_contractor).
CONTRACTORS = "Contractors"

ALL_ROLES = [
    STAFF,
    CUSTOMER_EXPERIENCE_MANAGERS,
    DIRECTORS,
    HEAD_OF_CUSTOMER_SERVICES,
    EXECUTIVE_DIRECTOR_OF_CUSTOMERS,
    POLICY_EDITORS,
    POLICY_REVIEWERS,
    POLICY_APPROVERS,
    CONTRACTORS,
]

ADMIN_ACCESS = "wagtailadmin.access_admin"

# What the intranet itself (outside any one domain) lets each role do.
ROLE_PERMISSIONS = {
    POLICY_EDITORS: [
        ADMIN_ACCESS,
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
    ],
    POLICY_REVIEWERS: [ADMIN_ACCESS],
    POLICY_APPROVERS: [ADMIN_ACCESS],
}


def role_names(user):
    """The names of the person's roles, asked once per request (kept on the user object)."""
    if not user.is_authenticated:
        return set()
    names = getattr(user, "_role_names", None)
    if names is None:
        names = user._role_names = set(user.groups.values_list("name", flat=True))
    return names


def is_contractor(user):
    """A contractor who is not also staff: they check residents before a visit and see nothing
    else of the intranet (its navigation, pages and cases)."""
    names = role_names(user)
    return CONTRACTORS in names and STAFF not in names


DOMAIN_PERMISSION_MODULES = ["policy_pages.permissions", "casework.permissions"]


def role_permissions():
    """Every role with the set of "app_label.codename" permissions it should hold."""
    merged = {role: set() for role in ALL_ROLES}
    sources = [ROLE_PERMISSIONS]
    for module_name in DOMAIN_PERMISSION_MODULES:
        module = import_module(module_name)
        sources.append(getattr(module, "ROLE_PERMISSIONS", {}))
    for source in sources:
        for role, permissions in source.items():
            if role not in merged:
                raise ValueError(f"Unknown role {role!r}: add it to home.roles.ALL_ROLES")
            merged[role].update(permissions)
    return merged


def _permission(natural_key):
    app_label, codename = natural_key.split(".", 1)
    try:
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)
    except Permission.DoesNotExist as error:
        raise ValueError(f"Permission {natural_key!r} does not exist") from error


def sync_roles():
    """Create the role groups and give each exactly its listed permissions."""
    groups = {}
    for role, permissions in role_permissions().items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set([_permission(name) for name in sorted(permissions)])
        groups[role] = group
    for module_name in DOMAIN_PERMISSION_MODULES:
        extra = getattr(import_module(module_name), "sync_role_extras", None)
        if extra is not None:
            extra(groups)
    return groups


def sync_roles_after_migrate(using="default", **kwargs):
    from django.contrib.auth.management import create_permissions

    # post_migrate reaches this app before the apps listed after it have their
    # permissions created, so create them all first.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    sync_roles()
