import pytest

from policy_pages.search import highlight, query_terms
from tests.factories import UserFactory

from .factories import make_policy

pytestmark = pytest.mark.django_db


def test_search_finds_a_paragraph_and_marks_the_words(client):
    from policy_pages.importer import Block, Section, sections_to_stream

    section = Section(title="Imposing Restrictions")
    section.blocks = [
        Block(kind="numbered_paragraph", number="26", text="A warning letter will be sent to the customer."),
        Block(kind="numbered_paragraph", number="27", text="If the disruptive behaviour continues, restrict contact."),
    ]
    policy = make_policy("Limited Contact Policy", body=sections_to_stream([section]))
    client.force_login(UserFactory())
    response = client.get("/search/", {"q": "disruptive behaviour"})
    assert response.status_code == 200
    html = response.text
    assert f'href="{policy.url}#para-27"' in html
    assert "Paragraph 27" in html
    assert "<mark>disruptive</mark> <mark>behaviour</mark>" in html


def test_search_with_no_match(client):
    make_policy()
    client.force_login(UserFactory())
    assert "Nothing matched" in client.get("/search/", {"q": "zebra"}).text


@pytest.mark.parametrize("query", ['"', '"disruptive', 'disruptive "behaviour"'])
def test_a_search_with_quotation_marks_finds_the_words(client, query):
    policy = make_policy("Disruptive behaviour")
    client.force_login(UserFactory())
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert (policy.url in response.text) == (query != '"')


def test_highlight_escapes_the_text():
    marked = highlight("<script>alert(1)</script> letter", query_terms("letter script"))
    assert "<script>" not in marked
    assert "&lt;<mark>script</mark>&gt;" in marked and "<mark>letter</mark>" in marked
