"""Casework points staff at the policy paragraphs its rules come from; every such link
must land on a paragraph or section that the imported policies really have."""

import pytest

from casework.choices import Category, category_guidance
from policy_pages import demo as policy_demo
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_behaviour_category_links_to_a_real_policy_paragraph(client):
    policy_demo.load()
    client.force_login(UserFactory())
    pages = {}
    for category in Category:
        link = category_guidance(category)["url"]
        path, anchor = link.split("#")
        if path not in pages:
            response = client.get(path)
            assert response.status_code == 200, path
            pages[path] = response.text
        assert f'id="{anchor}"' in pages[path], f"{category.label}: {link} has no such anchor"


def test_policy_pages_offer_the_report_form(client):
    policy_demo.load()
    client.force_login(UserFactory())
    html = client.get("/policies-and-guidance/limited-contact-policy/").text
    assert 'href="/cases/report/"' in html
    assert "Report unacceptable behaviour" in html
