"""Addresses typed into policy content: only web, email, phone and relative links."""

import pytest
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.test.utils.form_data import nested_form_data, streamfield

from home import roles
from home.links import is_safe_link
from policy_pages.blocks import PolicyReferenceBlock
from policy_pages.models import PolicyPage
from tests.factories import UserFactory

from .factories import make_policy

HOSTILE = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "  javascript:alert(1)",
    "\x01\x1fjavascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "java\u200bscript:alert(1)",
    "javascript&#58;alert(1)",
    "javascript&colon;alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "javascript&amp;#58;alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
]
SAFE = [
    "https://www.housing-ombudsman.org.uk/",
    "http://intranet.example/",
    "mailto:customer.services@example.org",
    "tel:+442070000000",
    "/policies-and-guidance/limited-contact-policy/#para-11",
    "#section-3-7",
    "limited-contact-policy/",
    "?q=red+flag:visit",
    "",
]


@pytest.mark.parametrize("address", HOSTILE)
def test_hostile_addresses_are_not_safe(address):
    assert not is_safe_link(address)


@pytest.mark.parametrize("address", SAFE)
def test_web_email_phone_and_relative_addresses_are_safe(address):
    assert is_safe_link(address)


@pytest.mark.parametrize("address", HOSTILE)
def test_a_policy_reference_refuses_a_hostile_address_with_a_message(address):
    block = PolicyReferenceBlock()
    with pytest.raises(StructBlockValidationError) as raised:
        block.clean(block.to_python({"label": "Limited Contact Policy", "url": address}))
    message = " ".join(raised.value.block_errors["url"].messages)
    assert "cannot be used as a link" in message and "https:" in message


def test_a_policy_reference_accepts_a_paragraph_address():
    block = PolicyReferenceBlock()
    value = block.clean(block.to_python({"label": "Paragraph 11", "url": "/policies-and-guidance/lhp/#para-11"}))
    assert value["url"] == "/policies-and-guidance/lhp/#para-11"


def _body_with_reference(url):
    return [
        {
            "type": "section",
            "value": {
                "number": "1",
                "title": "Scope",
                "level": "2",
                "content": [{"type": "policy_reference", "value": {"label": "Paragraph 11", "url": url}}],
            },
        }
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["javascript:alert(document.cookie)", " JAVASCRIPT&#58;alert(1)"])
def test_a_hostile_address_saved_earlier_is_shown_as_text_not_a_link(client, address):
    policy = make_policy("Limited Contact Policy", body=_body_with_reference(address))
    client.force_login(UserFactory(username="reader"))
    html = client.get(policy.url).text
    assert "Paragraph 11" in html
    assert "javascript" not in html.lower()
    assert "alert(" not in html


@pytest.mark.django_db
def test_a_safe_reference_is_a_link(client):
    policy = make_policy("Limited Contact Policy", body=_body_with_reference("/policies-and-guidance/x/#para-11"))
    client.force_login(UserFactory(username="reader"))
    assert '<a href="/policies-and-guidance/x/#para-11">Paragraph 11</a>' in client.get(policy.url).text


@pytest.mark.django_db
def test_the_admin_editor_refuses_a_javascript_reference(client):
    policy = make_policy("Limited Contact Policy")
    editor = UserFactory(username="gevans", roles=[roles.POLICY_EDITORS])
    client.force_login(editor)

    def post(url):
        section = {
            "number": "1",
            "title": "Scope",
            "level": "2",
            "content": streamfield([("policy_reference", {"label": "Paragraph 11", "url": url})]),
        }
        data = nested_form_data(
            {
                "title": policy.title,
                "slug": policy.slug,
                "next_review_date": "2030-01-01",
                "body": streamfield([("section", section)]),
                "equality_impact_assessment": streamfield([]),
            }
        )
        return client.post(f"/admin/pages/{policy.pk}/edit/", data)

    refused = post("JavaScript:alert(1)")
    assert refused.status_code == 200
    assert "cannot be used as a link" in refused.text
    assert "javascript" not in str(PolicyPage.objects.get(pk=policy.pk).get_latest_revision_as_object().body).lower()

    accepted = post("/policies-and-guidance/limited-contact-policy/#para-11")
    assert accepted.status_code == 302
