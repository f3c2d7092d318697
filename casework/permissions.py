"""Who may do what in casework.

Nobody sees a case through their group alone. When a case reaches a person they
are given the object permission "casework.view_case" for that one case
(django-guardian); the reporter sees their own report through being its
reporter. Every view asks this module, and anything refused is a 404.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from guardian.models import UserObjectPermission
from guardian.shortcuts import assign_perm, remove_perm

from home import roles

VIEW_CASE = "casework.view_case"

ROLE_PERMISSIONS = {
    # Every member of staff looks a resident up when reporting or before a visit,
    # and may report unacceptable behaviour.
    roles.STAFF: ["casework.view_customer", "casework.add_case"],
    # The Wagtail admin's case list (filtered case by case, see CaseAdminPermissionHelper).
    roles.CUSTOMER_EXPERIENCE_MANAGERS: [roles.ADMIN_ACCESS],
    roles.HEAD_OF_CUSTOMER_SERVICES: [roles.ADMIN_ACCESS, "casework.change_caseworksettings"],
}

# Roles that may have a step of a case assigned to them (besides line managers).
CHAIN_ROLES = {roles.CUSTOMER_EXPERIENCE_MANAGERS, roles.DIRECTORS, roles.HEAD_OF_CUSTOMER_SERVICES}
# Roles that see the case list in the Wagtail admin (each still only the cases shared with them).
CASE_LIST_ROLES = {roles.CUSTOMER_EXPERIENCE_MANAGERS, roles.HEAD_OF_CUSTOMER_SERVICES}


def in_role(user, *role_names):
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_casework_roles", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._casework_roles = cached
    return bool(cached & set(role_names))


def _view_permission():
    return Permission.objects.get(content_type__app_label="casework", codename="view_case")


def _case_content_type():
    from .models import Case

    return ContentType.objects.get_for_model(Case)


# --- Granting and revoking ------------------------------------------------------


def grant_case_access(case, users):
    """Give each person the object permission for this one case."""
    for user in users:
        assign_perm(VIEW_CASE, user, case)


def revoke_case_access(case, users):
    for user in users:
        remove_perm(VIEW_CASE, user, case)


def users_with_case_access(case):
    """The people given this case object by object (not the reporter, unless also in the chain)."""
    User = get_user_model()
    granted = UserObjectPermission.objects.filter(
        permission=_view_permission(), content_type=_case_content_type(), object_pk=str(case.pk)
    ).values("user_id")
    return User.objects.filter(pk__in=granted).order_by("first_name", "last_name", "username")


# --- Reading -------------------------------------------------------------------


def _granted_subquery(user):
    # One correlated subquery, so lists cost the same whatever the number of cases.
    return UserObjectPermission.objects.filter(
        user=user,
        permission__codename="view_case",
        content_type__app_label="casework",
        content_type__model="case",
        object_pk=Cast(OuterRef("pk"), output_field=CharField()),
    ).values("pk")[:1]


def cases_shared_with(user, queryset=None):
    """Cases given to this person object by object. Never through a group or a global permission."""
    from .models import Case

    queryset = Case.objects.all() if queryset is None else queryset
    if not user.is_authenticated:
        return queryset.none()
    return queryset.filter(Exists(_granted_subquery(user)))


def visible_cases(user, queryset=None):
    """Every case this person may open: shared with them, or their own report."""
    from .models import Case

    queryset = Case.objects.all() if queryset is None else queryset
    if not user.is_authenticated:
        return queryset.none()
    return queryset.filter(Q(Exists(_granted_subquery(user))) | Q(reporter=user)).exclude(
        Q(status=Case.Status.DRAFT) & ~Q(reporter=user)
    )


def has_chain_access(user, case):
    """In the chain for this case: sees the whole case, its notes and its timeline."""
    if not user.is_authenticated or case.is_draft:
        return False
    return UserObjectPermission.objects.filter(
        user=user, permission=_view_permission(), content_type=_case_content_type(), object_pk=str(case.pk)
    ).exists()


def is_reporter(user, case):
    return user.is_authenticated and case.reporter_id == user.pk


def can_view_case(user, case):
    return is_reporter(user, case) or has_chain_access(user, case)


def can_view_evidence(user, case):
    return can_view_case(user, case)


def can_edit_draft(user, case):
    return is_reporter(user, case) and case.is_draft


def can_read_access_log(user, case):
    return in_role(user, roles.DIRECTORS) and has_chain_access(user, case)


def can_mark_sensitive(user, case):
    return has_chain_access(user, case) and not case.is_draft


def can_comment(user, case):
    return has_chain_access(user, case)


def is_assignee(user, step):
    if step is None or not user.is_authenticated:
        return False
    return step.assignees.filter(pk=user.pk).exists()


def can_have_cases_assigned(user):
    """Line managers and the chain roles: the people an "Awaiting my decision" queue is for."""
    if not user.is_authenticated:
        return False
    if in_role(user, *CHAIN_ROLES):
        return True
    return user.direct_reports.exists()


def can_see_case_list(user):
    return in_role(user, *CASE_LIST_ROLES)


def sync_role_extras(groups):
    """Nothing beyond model permissions: case access is granted case by case."""
    return None
