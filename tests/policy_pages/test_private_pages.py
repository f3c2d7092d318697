"""A page made private to a group (Wagtail's privacy setting) stays private: the site search
and the library list it only to the group, and anyone else signed in is told whom it is for."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from policy_pages.importer import Block, Section, sections_to_stream
from policy_pages.services import ensure_library_index
from tests.factories import UserFactory

from .factories import make_policy

pytestmark = pytest.mark.django_db


def private_to(page, *group_names):
    groups = [Group.objects.get_or_create(name=name)[0] for name in group_names]
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.set(groups)
    return groups


@pytest.fixture
def private_policy():
    section = Section(title="Staff safety")
    section.blocks = [Block(kind="numbered_paragraph", number="1", text="The lone worker codeword is heliotrope.")]
    page = make_policy("Lone working arrangements", body=sections_to_stream([section]))
    private_to(page, "Housing officers")
    return page


@pytest.fixture
def outsider(client):
    user = UserFactory(username="outsider")
    client.force_login(user)
    return user


@pytest.fixture
def member(client):
    user = UserFactory(username="member")
    user.groups.add(Group.objects.get_or_create(name="Housing officers")[0])
    client.force_login(user)
    return user


def test_search_leaves_a_private_page_out_for_someone_outside_its_group(client, private_policy, outsider):
    make_policy("Visiting policy", body=sections_to_stream([_section("Visits are made by heliotrope staff.")]))
    html = client.get("/search/", {"q": "heliotrope"}).text
    assert "Visiting policy" in html
    assert "Lone working arrangements" not in html
    assert "codeword" not in html


def test_search_finds_a_private_page_for_its_group(client, private_policy, member):
    html = client.get("/search/", {"q": "heliotrope"}).text
    assert "Lone working arrangements" in html and "<mark>heliotrope</mark>" in html


def test_someone_signed_in_outside_the_group_is_told_whom_the_page_is_for(client, private_policy, outsider):
    response = client.get(private_policy.url)
    assert response.status_code == 403
    assert "This page is for Housing officers" in response.text
    assert "heliotrope" not in response.text
    assert "no-cache" in response["Cache-Control"]


def test_a_member_of_the_group_reads_it(client, private_policy, member):
    response = client.get(private_policy.url)
    assert response.status_code == 200 and "heliotrope" in response.text


def test_signed_out_the_page_asks_to_sign_in_once(client, private_policy):
    response = client.get(private_policy.url)
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


def test_the_library_lists_a_private_page_only_to_its_group(client, private_policy, outsider):
    make_policy("Visiting policy")
    index_url = ensure_library_index().url
    html = client.get(index_url).text
    assert "Visiting policy" in html and "Lone working arrangements" not in html
    outsider.groups.add(Group.objects.get(name="Housing officers"))
    assert "Lone working arrangements" in client.get(index_url).text


def test_the_home_page_names_a_private_page_only_to_its_group(client, private_policy, outsider):
    # It is recently updated, and (with an approved version) one to read: neither names it to others.
    from policy_pages.models import PolicyVersion

    PolicyVersion.objects.create(page=private_policy, label="Version 1")
    make_policy("Visiting policy")
    html = client.get("/").text
    assert "Visiting policy" in html and "Lone working arrangements" not in html
    outsider.groups.add(Group.objects.get(name="Housing officers"))
    assert "Lone working arrangements" in client.get("/").text


def _section(text):
    section = Section(title="Visits")
    section.blocks = [Block(kind="numbered_paragraph", number="1", text=text)]
    return section
