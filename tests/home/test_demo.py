import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from casework.models import Customer
from home import roles
from home.models import StaffProfile

pytestmark = pytest.mark.django_db


def snapshot():
    """Every row of every table the demo writes to, as plain values."""
    rows = {}
    for label in ["auth.User", "auth.Group", "home.StaffProfile", "home.Team", "casework.Customer"]:
        model = apps.get_model(label)
        rows[label] = sorted(model.objects.values_list(), key=repr)
    rows["memberships"] = sorted(apps.get_model("auth.User").groups.through.objects.values_list("user_id", "group_id"))
    return rows


def test_demo_twice_leaves_the_same_rows(settings):
    settings.DEMO_PASSWORD = "demo-password-123"
    call_command("load_demo")
    first = snapshot()
    call_command("load_demo")
    assert snapshot() == first


def test_demo_organisation(settings, client):
    settings.DEMO_PASSWORD = "demo-password-123"
    call_command("load_demo")
    profile = StaffProfile.objects.select_related("line_manager").get(user__username="sali")
    assert profile.line_manager.username == "tnguyen"
    assert StaffProfile.objects.get(user__username="kobi").line_manager.username == "lwilliams"
    assert StaffProfile.objects.get(user__username="cwright").line_manager is None
    assert StaffProfile.objects.get(user__username="tnguyen").line_manager.username == "jclarke"
    pshah = StaffProfile.objects.get(user__username="pshah").user
    assert set(pshah.groups.values_list("name", flat=True)) == {
        roles.STAFF,
        roles.DIRECTORS,
        roles.EXECUTIVE_DIRECTOR_OF_CUSTOMERS,
        roles.POLICY_APPROVERS,
    }
    assert Customer.objects.count() == 50
    response = client.post("/sign-in/", {"username": "sali", "password": "demo-password-123"})
    assert response.status_code == 302


def test_demo_refuses_production_settings(settings):
    settings.DEMO_ALLOWED = False
    with pytest.raises(CommandError, match="not allowed"):
        call_command("load_demo")
    assert not StaffProfile.objects.exists()


def test_demo_needs_a_password(settings):
    settings.DEMO_PASSWORD = ""
    with pytest.raises(CommandError, match="DEMO_PASSWORD"):
        call_command("load_demo")
