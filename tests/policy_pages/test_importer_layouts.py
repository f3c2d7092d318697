"""The layouts UK policy documents use, each from a small invented document."""

import io

import docx
import pytest
from django.core.management import call_command

from policy_pages.importer import ImportRefused, parse_docx, parse_text

DECIMAL = """Unreasonable Behaviour Policy
1. PURPOSE
1.1 This policy sets out how we manage behaviour that is unreasonable and affects colleagues' ability to work.
1.2 It is a guide for colleagues and is not an exhaustive list of the behaviour it covers.
2. SCOPE
2.1 This policy applies to all customers, current or former, across all tenure types, including leaseholders.
3. RESTRICTIONS
3.1 Restrictions are reviewed at a date given to the customer when the restriction is imposed on them.
"""


def numbers(parsed):
    return [block.number for block in parsed.blocks("numbered_paragraph")]


def test_decimal_paragraphs_under_numbered_headings():
    parsed = parse_text(DECIMAL)
    assert parsed.title == "Unreasonable Behaviour Policy"
    assert [(s.number, s.title) for s in parsed.sections] == [("1", "Purpose"), ("2", "Scope"), ("3", "Restrictions")]
    assert numbers(parsed) == ["1.1", "1.2", "2.1", "3.1"]
    assert parsed.sections[0].blocks[0].text.startswith("This policy sets out how we manage")
    assert parsed.defects == [] and parsed.unplaced == []


def test_decimal_paragraphs_have_their_anchors_on_the_page(db, client):
    from policy_pages.importer import create_draft_page
    from policy_pages.services import ensure_library_index
    from tests.factories import UserFactory

    page = create_draft_page(parse_text(DECIMAL), ensure_library_index())
    assert page.title == "Unreasonable Behaviour Policy" and page.slug == "unreasonable-behaviour-policy"
    page.save_revision().publish()
    client.force_login(UserFactory())
    html = client.get(page.url).text
    for anchor in ("para-1-1", "para-1-2", "para-2-1", "para-3-1"):
        assert f'id="{anchor}"' in html


def test_decimal_with_only_the_first_heading_is_read_not_refused():
    text = DECIMAL.replace("2. SCOPE\n", "").replace("3. RESTRICTIONS\n", "")
    parsed = parse_text(text)
    assert numbers(parsed) == ["1.1", "1.2", "2.1", "3.1"]
    assert "Paragraph 2.1" not in " ".join(parsed.defects)


def test_decimal_headings_as_1_0_and_three_levels():
    parsed = parse_text(
        "Rent Arrears Policy\n\n1.0 Introduction\n1.1 We help residents who fall behind with their rent.\n"
        "1.1.1 We contact them within five working days of a missed payment.\n"
        "1.1.2 We offer a referral to money advice in that first contact.\n"
        "1.2 We take legal action only as a last resort, after every other step.\n"
        "2.0 Payment plans\n2.1 A payment plan is agreed with the resident and confirmed in writing.\n"
    )
    assert [(s.number, s.title) for s in parsed.sections] == [("1", "Introduction"), ("2", "Payment plans")]
    assert numbers(parsed) == ["1.1", "1.1.1", "1.1.2", "1.2", "2.1"]
    assert parsed.defects == []


def test_decimal_numbering_that_skips_or_does_not_start_at_1_is_a_defect():
    parsed = parse_text(
        "Repairs Policy\n1. PURPOSE\n1.1 We repair homes in good time and keep residents told of progress.\n"
        "1.3 We keep to the appointment times we give residents for every repair.\n"
        "3. SCOPE\n3.2 This policy covers every home we own or manage on behalf of others.\n"
    )
    assert "Paragraph numbering goes from 1.1 to 1.3." in parsed.defects
    assert "Heading numbering goes from 1 to 3." in parsed.defects
    assert "Paragraph 3.2: the numbering under 3 does not start at 1." in parsed.defects


@pytest.mark.parametrize("marker", ["{n}.", "{n})", "{n}"])
def test_numbered_paragraphs_with_a_full_stop_a_bracket_or_neither(marker):
    lines = ["Complaints Policy", "", "Purpose", ""]
    for n, text in enumerate(["We welcome complaints.", "We learn from them.", "We reply within ten days."], 1):
        lines.append(f"{marker.format(n=n)} {text}")
    parsed = parse_text("\n".join(lines))
    assert parsed.title == "Complaints Policy"
    assert numbers(parsed) == ["1", "2", "3"]
    assert [b.text for b in parsed.blocks("numbered_paragraph")][2] == "We reply within ten days."


def test_numbered_paragraphs_that_do_not_start_at_1():
    parsed = parse_text("Policy\n\nPurpose\n\n2. We welcome complaints.\n3. We learn.\n4. We reply.\n")
    assert "Paragraph numbering starts at 2, not 1." in parsed.defects


HEADED = """Tenancy Sustainment Policy

Purpose

This policy explains how we help residents keep their tenancies and avoid eviction.

Who it applies to

It applies to every resident with a tenancy or a licence, whatever the tenure type.

Our approach

We will:
• contact residents early when a problem shows;
· refer them to the right support;
o agree a plan and check it is working;
* record what was agreed.
"""


def test_headed_text_without_numbers():
    parsed = parse_text(HEADED)
    assert parsed.title == "Tenancy Sustainment Policy"
    assert [s.title for s in parsed.sections] == ["Purpose", "Who it applies to", "Our approach"]
    assert parsed.sections[0].blocks[0].kind == "paragraph"
    lists = list(parsed.blocks("list"))
    assert [len(block.items) for block in lists] == [4]
    assert lists[0].items[1] == "refer them to the right support;"


def test_lettered_and_roman_sub_items_stay_with_their_paragraph():
    parsed = parse_text(
        "Decant Policy\n\nMoving home\n\n1. We may move residents when:\n(a) the home needs major works;\n"
        "(b) the home is unsafe;\n2. A move is offered in writing and explains:\ni) where the new home is;\n"
        "ii) how long the move lasts;\niii) what we pay for.\n3. Residents may appeal.\n"
    )
    paragraphs = list(parsed.blocks("numbered_paragraph"))
    assert numbers(parsed) == ["1", "2", "3"]
    assert paragraphs[0].items == ["(a) the home needs major works;", "(b) the home is unsafe;"]
    assert paragraphs[1].items == ["i) where the new home is;", "ii) how long the move lasts;", "iii) what we pay for."]


def test_a_contents_list_with_dot_leaders_is_left_out():
    parsed = parse_text(
        "Lettings Policy\n\nContents\n1. Purpose ........ 2\n2. Scope ........ 3\n\n"
        "1. PURPOSE\n1.1 We let homes fairly and openly to the people who need them most.\n"
        "2. SCOPE\n2.1 This policy applies to every home we let, general needs and sheltered alike.\n"
    )
    assert [s.title for s in parsed.sections] == ["Purpose", "Scope"]
    assert numbers(parsed) == ["1.1", "2.1"]
    assert any("Contents list of 2 entries" in note for note in parsed.notes)


def test_a_heading_with_nothing_under_it_is_a_defect():
    parsed = parse_text(
        "Lettings Policy\n1. PURPOSE\n1.1 We let homes fairly and openly to the people who need them most.\n"
        "2. SCOPE\n3. ALLOCATIONS\n3.1 Homes are allocated by banding, then by the date of the application.\n"
    )
    assert "The heading “2 Scope” has nothing under it." in parsed.defects


def test_a_title_too_long_is_cut_and_reported():
    title = "Policy " + "on very many things " * 20
    parsed = parse_text(f"{title}\n\nPurpose\n\n1. One thing.\n2. Another.\n3. A third.\n")
    assert len(parsed.title) <= 255
    assert any("The title is" in defect and "cut to 255" in defect for defect in parsed.defects)


def test_a_title_too_long_imports_without_a_traceback(db, tmp_path, capsys):
    from policy_pages.models import PolicyPage

    path = tmp_path / "long.txt"
    path.write_text(
        "Policy " + "on very many things " * 20 + "\n\nPurpose\n\n1. One thing.\n2. Another.\n3. A third.\n"
    )
    call_command("import_policy", str(path), "--slug", "long-title")
    out = capsys.readouterr().out
    assert "cut to 255" in out
    assert len(PolicyPage.objects.get(slug="long-title").title) <= 255


def test_unplaced_lines_are_listed_with_their_line_number():
    parsed = parse_text("Complaints Policy\nPolicy Colour:\tBlue\n\nPurpose\n\n1. One.\n2. Two.\n3. Three.\n")
    assert parsed.unplaced == ["Line 2: front matter not recognised: Policy Colour: Blue"]


def test_a_document_that_is_not_a_policy_is_refused_with_the_reason():
    with pytest.raises(ImportRefused, match="no numbered paragraphs .* and no headings with text under them"):
        parse_text("Dear Ms Smith,\n\nThank you for your letter.\n\nYours sincerely")


# --- Word documents -------------------------------------------------------------------


def make_docx(build):
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    return buffer


def test_word_headings_without_numbers_and_word_bullets():
    def build(document):
        document.add_paragraph("Pets Policy", style="Title")
        document.add_heading("Purpose", level=1)
        document.add_paragraph("This policy explains when residents may keep pets.")
        document.add_heading("What we ask", level=1)
        document.add_paragraph("Residents must:")
        document.add_paragraph("ask before getting a dog", style="List Bullet")
        document.add_paragraph("keep pets under control", style="List Bullet")

    parsed = parse_docx(make_docx(build))
    assert parsed.title == "Pets Policy"
    assert [s.title for s in parsed.sections] == ["Purpose", "What we ask"]
    assert [b.items for b in parsed.blocks("list")] == [["ask before getting a dog", "keep pets under control"]]


def test_word_automatic_numbering_is_numbered_as_word_shows_it():
    """ "List Number" paragraphs carry no number in their text: Word numbers them 1., 2., 3."""

    def build(document):
        document.add_paragraph("Estate Services Policy", style="Title")
        document.add_heading("Purpose", level=1)
        document.add_paragraph("We keep estates clean and safe for everyone who lives there.", style="List Number")
        document.add_paragraph("We publish the standards we work to on every estate.", style="List Number")
        document.add_heading("Scope", level=1)
        document.add_paragraph("It covers every estate we manage, whoever owns it.", style="List Number")

    parsed = parse_docx(make_docx(build))
    assert numbers(parsed) == ["1", "2", "3"]
    assert [s.title for s in parsed.sections] == ["Purpose", "Scope"]
    assert parsed.sections[1].blocks[0].text == "It covers every estate we manage, whoever owns it."


def test_word_multilevel_numbering_gives_decimal_paragraphs():
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    def build(document):
        numbering = document.part.numbering_part.element
        numbering.insert(
            0,
            parse_xml(
                f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
                '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
                '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>'
                '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
                '<w:lvlText w:val="(%3)"/></w:lvl></w:abstractNum>'
            ),
        )
        numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

        def numbered(text, level):
            paragraph = document.add_paragraph(text)
            num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = level
            num_pr.get_or_add_numId().val = 90

        document.add_paragraph("Anti-social Behaviour Policy")
        numbered("PURPOSE", 0)
        numbered("This policy sets out how we respond to reports of anti-social behaviour on our estates.", 1)
        numbered("It explains what residents can expect from us when they report something to us.", 1)
        numbered("SCOPE", 0)
        numbered("It applies to every resident, and to anyone visiting them, on any of our estates.", 1)
        numbered("noise;", 2)
        numbered("harassment.", 2)

    parsed = parse_docx(make_docx(build))
    assert [(s.number, s.title) for s in parsed.sections] == [("1", "Purpose"), ("2", "Scope")]
    assert numbers(parsed) == ["1.1", "1.2", "2.1"]
    assert list(parsed.blocks("numbered_paragraph"))[2].items == ["(a) noise;", "(b) harassment."]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", r"save it as \.docx"),
        ("locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "password-protected"),
    ],
)
def test_a_word_file_it_cannot_read_is_refused_with_the_reason(tmp_path, name, content, message):
    from policy_pages.importer import parse_file

    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImportRefused, match=message):
        parse_file(path)
