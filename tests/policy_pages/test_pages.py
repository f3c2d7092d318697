from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home import roles
from policy_pages.models import GuidancePage
from policy_pages.services import ensure_library_index
from tests.factories import UserFactory

from .factories import make_policy

pytestmark = pytest.mark.django_db


def test_the_index_lists_policies_and_guidance(client, reader):
    make_policy("Limited Contact Policy", next_review_date=date(2020, 11, 1))
    response = client.get("/policies-and-guidance/")
    assert response.status_code == 200
    html = response.text
    assert "Limited Contact Policy" in html
    assert "Overdue for review" in html
    assert "Not read yet" in html


def test_a_policy_shows_its_metadata_contents_and_anchors(client, reader):
    policy = make_policy(
        "Limited Contact Policy",
        paragraphs=4,
        sections=2,
        adopted_date=date(2024, 11, 1),
        review_period="2 Years",
        linked_policies="Complaints Policy\nEquality and Diversity Policy",
        summary="First part.\n\nSecond part.",
    )
    response = client.get(policy.url)
    html = response.text
    assert response.status_code == 200
    assert html.count("<h1") == 1
    for text in [
        "Version 1 (December 2024)",
        "Corporate Head of Customers",
        "Adopted / date reviewed</dt><dd>November 2024",
        "Next review</dt><dd>January 2030",
        "<li>Complaints Policy</li>",
        "<p>Second part.</p>",
    ]:
        assert text in html
    assert 'id="para-1"' in html and 'href="#para-4"' in html
    assert 'id="section-2-0"' in html and '<a href="#section-2-0">2.0 Section 2</a>' in html
    assert '<th scope="col">Criteria</th>' in html
    assert "Overdue for review" not in html


def test_summary_paragraphs_typed_in_the_admin_stay_paragraphs(client, reader):
    # A text area's line breaks come back from the browser as CRLF.
    policy = make_policy(summary="First part.\r\nStill the first.\r\n\r\nSecond part.\r\n \r\nThird part.")
    assert policy.summary_paragraphs() == ["First part.\nStill the first.", "Second part.", "Third part."]
    html = client.get(policy.url).text
    assert "<p>Second part.</p>" in html and "<p>Third part.</p>" in html


def test_an_overdue_policy_shows_the_banner(client, reader):
    policy = make_policy(next_review_date=date(2026, 11, 1))
    html = client.get(policy.url).text
    assert "banner--overdue" in html and "Overdue for review" in html


def test_grouped_table_rows_span_their_criteria(client, reader):
    from policy_pages.importer import Block, Section, sections_to_stream

    section = Section(title="Actions")
    section.blocks = [
        Block(kind="table", header_row=True, rows=[["Criteria", "Behaviour"], ["Abuse", "Swearing"], ["", "Threats"]])
    ]
    policy = make_policy()
    policy.body = sections_to_stream([section])
    policy.save_revision().publish()
    html = client.get(policy.url).text
    assert '<th scope="rowgroup" rowspan="2">Abuse</th>' in html


def test_the_equality_impact_assessment_is_kept_with_the_policy(client, reader):
    from policy_pages.importer import Block, Section, sections_to_stream

    section = Section(title="Equality Impact Assessment")
    section.blocks = [Block(kind="subheading", text="STAGE 1: SCREENING"), Block(kind="paragraph", text="Neutral.")]
    policy = make_policy(equality_impact_assessment=sections_to_stream([section]))
    html = client.get(policy.url).text
    assert 'id="equality-impact-assessment"' in html
    assert 'href="#equality-impact-assessment"' in html
    assert "STAGE 1: SCREENING" in html


def test_the_page_renders_in_the_same_number_of_queries_however_long(client, reader, django_assert_num_queries):
    short = make_policy("Short policy", paragraphs=2, sections=1)
    long = make_policy("Long policy", paragraphs=120, sections=12)
    client.get(short.url)  # warm what every page shares (site root, locale)
    connection.queries_log.clear()  # it keeps 9,000 queries: a full log would count none
    with CaptureQueriesContext(connection) as short_queries:
        assert client.get(short.url).status_code == 200
    short_count = len(short_queries)
    # The same count for sixty times the paragraphs and twelve times the sections (the
    # text itself is rendered once per published revision, then comes from the cache).
    client.get(long.url)
    with django_assert_num_queries(short_count):
        response = client.get(long.url)
    assert response.status_code == 200 and 'id="para-120"' in response.text


def test_sample_guidance_is_marked(client, reader):
    index = ensure_library_index()
    page = GuidancePage(title="Red flag procedure", slug="red-flag-procedure", is_sample=True, body=[])
    index.add_child(instance=page)
    page.save_revision().publish()
    html = client.get(page.url).text
    assert "Sample content." in html


def test_the_library_slug_is_reserved(reader):
    from django.core.exceptions import ValidationError

    index = ensure_library_index()
    page = GuidancePage(title="Library", slug="library")
    with pytest.raises(ValidationError):
        index.add_child(instance=page)


def test_demo_policies_and_guidance(settings, client):
    from django.core.management import call_command

    settings.DEMO_PASSWORD = "demo-password-123"
    call_command("load_demo")
    client.force_login(UserFactory(username="sali"))
    lhp = client.get("/policies-and-guidance/limited-contact-policy/")
    assert lhp.status_code == 200
    for anchor in ["para-1", "para-27", "para-36", "section-purpose", "equality-impact-assessment"]:
        assert f'id="{anchor}"' in lhp.text
    wandle = client.get("/policies-and-guidance/restricted-contact-policy/").text
    assert 'id="section-3-7"' in wandle and 'id="section-3-10"' in wandle
    red_flag = client.get("/policies-and-guidance/red-flag-procedure/").text
    assert "Sample content" in red_flag
    assert 'href="/policies-and-guidance/limited-contact-policy/#para-11"' in red_flag
    assert 'href="/policies-and-guidance/restricted-contact-policy/#section-3-6"' in red_flag
    report = client.get("/policies-and-guidance/how-to-report-unacceptable-behaviour/").text
    assert 'href="/policies-and-guidance/limited-contact-policy/#para-8"' in report


def test_editor_role_check(reader):
    from policy_pages import permissions

    assert not permissions.can_edit_policies(reader)
    assert permissions.can_edit_policies(UserFactory(roles=[roles.POLICY_EDITORS]))
