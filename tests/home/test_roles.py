import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from home import roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def permissions_of(role):
    group = Group.objects.get(name=role)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


def test_every_role_exists_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ALL_ROLES)


def test_each_role_has_exactly_the_listed_permissions():
    for role, expected in roles.role_permissions().items():
        assert permissions_of(role) == expected, role


def test_sync_removes_permissions_no_longer_listed():
    group = Group.objects.get(name=roles.STAFF)
    from django.contrib.auth.models import Permission

    group.permissions.add(Permission.objects.get(codename="delete_user"))
    call_command("setup_roles")
    assert "auth.delete_user" not in permissions_of(roles.STAFF)


def test_staff_cannot_open_the_admin(client):
    client.force_login(UserFactory())
    response = client.get("/admin/")
    assert response.status_code == 403
    assert "The admin is for editors and administrators" in response.text


def test_policy_editors_can_open_the_admin(client):
    client.force_login(UserFactory(roles=[roles.POLICY_EDITORS]))
    assert client.get("/admin/").status_code == 200


def test_no_role_may_manage_users_or_groups():
    for role in roles.ALL_ROLES:
        assert not {p for p in permissions_of(role) if p.startswith("auth.")}, role


def test_only_administrators_edit_staff_profiles(client):
    from django.contrib.auth import get_user_model

    profile_owner = UserFactory(username="sali", job_title="Income Officer")
    admin = get_user_model().objects.create_superuser("root", "root@intranet.example", "pw-123456789")
    client.force_login(admin)
    listing = client.get("/admin/home/staffprofile/")
    assert listing.status_code == 200
    assert "Income Officer" in listing.text
    edit_url = f"/admin/home/staffprofile/edit/{profile_owner.staff_profile.pk}/"
    assert client.get(edit_url).status_code == 200

    for role in roles.ALL_ROLES:
        client.force_login(UserFactory(roles=[role]))
        assert client.get(edit_url).status_code in {302, 403}, role
