import io
from pathlib import Path

import docx
import pytest
from django.core.management import CommandError, call_command

from policy_pages.importer import ImportRefused, parse_bytes, parse_docx, parse_file
from policy_pages.models import PolicyPage, PolicyVersion

SEEDS = Path(__file__).resolve().parents[2] / "policy_pages" / "seed_documents"
LHP = SEEDS / "lhp-limited-contact-policy.txt"
WANDLE = SEEDS / "wandle-restricted-contact-policy.txt"


def words(text):
    return " ".join(text.split())


# --- The LHP Limited Contact Policy ---------------------------------------------------


@pytest.fixture(scope="module")
def lhp():
    return parse_file(LHP)


def test_lhp_front_matter(lhp):
    assert lhp.title == "Limited Contact Policy"
    assert lhp.period == "2024-2026"
    assert (lhp.adopted.year, lhp.adopted.month) == (2024, 11)
    assert (lhp.next_review.year, lhp.next_review.month) == (2026, 11)
    assert lhp.review_period == "2 Years"
    assert lhp.contact_officer == "Corporate Head of Customers"
    assert [v.label for v in lhp.versions] == ["Version 1", "Version 2", "Version 3"]
    latest = lhp.versions[-1]
    assert (latest.reviewed_by, str(latest.reviewed_on)) == ("CLT", "2024-11-21")
    assert (latest.approved_by, str(latest.approved_on)) == ("ELT", "2024-11-27")
    assert "Complaints Policy" in lhp.links and "Performance Management and Assurance Framework" in lhp.links
    assert len(lhp.links) == 6
    assert len(lhp.summary) == 3


def test_lhp_every_section_and_paragraph_in_order(lhp):
    assert [s.title for s in lhp.sections] == [
        "Purpose",
        "Objectives",
        "Scope",
        "Actions that LHP considers unacceptable",
        "Reasonable adjustments",
        "Imposing Restrictions",
        "New Complaints",
        "Delivery and monitoring",
        "Review cycle",
    ]
    numbers = [int(block.number) for block in lhp.blocks("numbered_paragraph")]
    assert numbers == list(range(1, 37))
    assert lhp.count("paragraph") == 0


def test_lhp_lists_and_the_criteria_table(lhp):
    paragraphs = {block.number: block for block in lhp.blocks("numbered_paragraph")}
    assert len(paragraphs["22"].items) == 3
    assert len(paragraphs["28"].items) == 5
    assert paragraphs["28"].items[-1].startswith("The customers right to contact the Housing Ombudsman")
    assert len(paragraphs["30"].items) == 6
    assert lhp.list_item_count == 14
    (table,) = list(lhp.blocks("table"))
    assert table.rows[0] == ["Criteria", "Behaviour"]
    assert table.header_row
    # 25 rows under the heading row, the blank line in the middle of the source included.
    assert len(table.rows) == 26 == lhp.table_row_count
    assert table.rows[1] == [
        "Unacceptable and abusive behaviour",
        "Using abusive or foul language on the telephone, face to face or by any written or digital channel",
    ]
    assert ["", "Refusing to accept a decision where explanations for the decision have been provided"] in table.rows
    assert table.rows[-1][1].startswith("Publishing personal, sensitive or private information")


def test_lhp_defects_are_reported(lhp):
    assert "Paragraphs 8, 9 and 10 have the same text." in lhp.defects
    assert any("Paragraph 15 ends with a stray paragraph number '16.'" in d for d in lhp.defects)
    paragraph_15 = next(b for b in lhp.blocks("numbered_paragraph") if b.number == "15")
    assert paragraph_15.text.endswith("offended, afraid, threatened or abused.")
    assert lhp.unplaced == []


def test_lhp_equality_impact_assessment_is_kept(lhp):
    (eia,) = lhp.equality_impact_assessment
    assert eia.title == "Equality Impact Assessment"
    questions = [b.text for b in eia.blocks if b.kind == "subheading" and b.text.startswith("Q ")]
    assert len(questions) == 6
    text = eia.plain_text()
    assert "STAGE 1: SCREENING" in text
    assert text.rstrip().endswith("to identify if any actions are required.")
    (completed,) = [b for b in eia.blocks if b.kind == "table"]
    assert completed.rows == [["Completed By:", "Customer Experience Manager", "Date:", "November 2024"]]


# --- The Wandle restricted contact policy ---------------------------------------------


@pytest.fixture(scope="module")
def wandle():
    return parse_file(WANDLE)


def test_wandle_sections(wandle):
    numbers = [s.number for s in wandle.sections]
    assert numbers == [
        "1.0", "2.0", "2.1", "2.2", "2.3", "3.0", "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8", "3.9",
        "3.10", "4.0", "5.0", "6.0", "7.0",
    ]  # fmt: skip
    assert [s.level for s in wandle.sections if s.number.endswith(".0")] == [2] * 7
    assert wandle.title == "Restricted contact policy"
    assert wandle.count("numbered_paragraph") == 0


def test_wandle_lists_tables_and_wrapped_lines(wandle):
    by_number = {s.number: s for s in wandle.sections}
    lists = lambda number: [b for b in by_number[number].blocks if b.kind == "list"]  # noqa: E731
    assert lists("1.0")[0].items == ["Think customer", "Build relationships", "Work together", "Aim high", "Own it"]
    assert lists("2.0")[0].ordered and len(lists("2.0")[0].items) == 3
    assert [len(block.items) for number in ("2.1", "2.2", "2.3", "3.3", "3.5") for block in lists(number)] == [
        5, 7, 8, 8, 3,
    ]  # fmt: skip
    assert wandle.list_item_count == 6 + 3 + 5 + 7 + 8 + 8 + 3
    # Hard-wrapped lines are joined back into one paragraph.
    (record_keeping, register) = [b.text for b in by_number["3.1"].blocks]
    assert record_keeping.startswith("Staff must ensure") and record_keeping.endswith(
        "depending on our future systems."
    )
    assert "Excessive use and abusive behaviour Policy and procedures" in register
    tables = [b for b in wandle.blocks("table")]
    assert [len(t.rows) for t in tables] == [2, 10]
    assert tables[1].header_row and tables[1].rows[0] == ["Special Characteristic", "Any impact? (Yes or No)"]
    assert ["disability", "Yes"] in tables[1].rows
    subheadings = [b.text for b in by_number["4.0"].blocks if b.kind == "subheading"]
    assert subheadings == [
        "Head of Customer Service Delivery",
        "Reporting member of staff",
        "Managing receiving report",
        "Panel members",
    ]


def test_wandle_every_line_of_the_source_is_kept(wandle):
    """Every word of the source, apart from the title line, appears in the parsed text, in order."""
    source = WANDLE.read_text(encoding="utf-8").splitlines()[1:]
    parsed = []
    for section in wandle.sections:
        parsed.append(f"{section.number} {section.title}")
        for block in section.blocks:
            items = [f"{n}. {item}" for n, item in enumerate(block.items, 1)] if block.ordered else block.items
            parsed.extend([block.text, *items, *(" | ".join(row) + " |" for row in block.rows)])
    flat_source = words(" ".join(source)).replace("| |", "|")
    flat_parsed = words(" ".join(part for part in parsed if part)).replace("| |", "|")
    assert flat_parsed.replace(" |", "|") == flat_source.replace(" |", "|")


def test_wandle_defect_identical_sections(wandle):
    assert wandle.defects == [
        "Sections 3.7 Length of time of restrictions and 3.8 Informing the resident have identical text."
    ]


# --- Word documents ------------------------------------------------------------------


def make_docx(build):
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    return buffer


def test_a_word_document_with_numbered_paragraphs_and_a_table():
    def build(document):
        document.add_paragraph("Tenancy Support Policy", style="Title")
        table = document.add_table(rows=0, cols=2)
        for key, value in [("Next Review:", "March 2027"), ("Contact Officer:", "Head of Housing")]:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = key, value
        document.add_heading("Purpose", level=1)
        document.add_paragraph("1. This policy explains how we support tenants.")
        document.add_paragraph("2. We will always:")
        document.add_paragraph("listen first", style="List Bullet")
        document.add_paragraph("write down what was agreed", style="List Bullet")
        document.add_heading("Scope", level=1)
        document.add_paragraph("3. It applies to every tenancy.")
        document.add_paragraph("4. It applies to every tenancy.")
        grid = document.add_table(rows=3, cols=2)
        for row, values in zip(
            grid.rows, [("Need", "Support"), ("Money", "Advice"), ("Health", "Referral")], strict=True
        ):
            row.cells[0].text, row.cells[1].text = values

    parsed = parse_docx(make_docx(build))
    assert parsed.title == "Tenancy Support Policy"
    assert [s.title for s in parsed.sections] == ["Purpose", "Scope"]
    assert [b.number for b in parsed.blocks("numbered_paragraph")] == ["1", "2", "3", "4"]
    assert parsed.list_item_count == 2
    assert parsed.table_row_count == 3
    assert "Paragraphs 3 and 4 have the same text." in parsed.defects


def test_a_word_document_with_numbered_sections(tmp_path):
    def build(document):
        document.add_paragraph("Lettings policy")
        document.add_paragraph("1.0 Introduction")
        document.add_paragraph("We let homes fairly.")
        document.add_paragraph("2.0 How we let homes")
        document.add_paragraph("2.1 Choice based lettings")
        document.add_paragraph("Applicants bid for homes.")

    path = tmp_path / "lettings.docx"
    path.write_bytes(make_docx(build).getvalue())
    parsed = parse_file(path)
    assert [s.number for s in parsed.sections] == ["1.0", "2.0", "2.1"]
    assert parsed.sections[2].blocks[0].text == "Applicants bid for homes."


# --- Files that are not policies ------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"\n\n   \n", "empty"),
        ("binary.txt", bytes(range(256)) * 4, "binary"),
        ("fake.docx", b"this is not a zip file", "not a Word"),
        ("policy.pdf", b"%PDF-1.4", "only plain text"),
        (
            "letter.txt",
            b"Dear Ms Smith,\n\nThank you for your letter.\n\nYours sincerely",
            "does not look like a policy",
        ),
        ("zip.txt", b"PK\x03\x04rest", "binary"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImportRefused, match=message):
        parse_file(path)


def test_an_empty_word_document_is_refused():
    with pytest.raises(ImportRefused, match="empty"):
        parse_docx(make_docx(lambda document: None))


def test_windows_text_is_read():
    text = "Policy\r\n\r\nPurpose\r\n\r\n1. One \u2013 first.\r\n2. Two.\r\n3. Three.\r\n".encode("cp1252")
    parsed = parse_bytes(text)
    assert [b.text for b in parsed.blocks("numbered_paragraph")][0] == "One – first."


# --- The management command -----------------------------------------------------------


@pytest.mark.django_db
def test_import_policy_creates_a_draft_page_and_reports_defects(capsys):
    call_command("import_policy", str(LHP), "--slug", "lhp-import")
    out = capsys.readouterr().out
    assert "9 sections, 36 numbered paragraphs" in out
    assert "14 list items, 26 table rows" in out
    assert "Paragraphs 8, 9 and 10 have the same text." in out
    page = PolicyPage.objects.get(slug="lhp-import")
    assert not page.live and page.has_unpublished_changes
    assert page.get_parent().slug == "policies-and-guidance"
    assert [v.label for v in PolicyVersion.objects.filter(page=page)] == ["Version 1", "Version 2", "Version 3"]
    numbers = [
        child.value["number"]
        for section in page.body
        for child in section.value["content"]
        if child.block_type == "numbered_paragraph"
    ]
    assert numbers == [str(n) for n in range(1, 37)]
    assert len(page.equality_impact_assessment) == 1


@pytest.mark.django_db
def test_import_policy_reports_what_the_wandle_document_lacks(capsys):
    call_command("import_policy", str(WANDLE), "--dry-run")
    out = capsys.readouterr().out
    assert "Not in the document, fill in on the page: version, adopted date, next review date, contact officer." in out
    assert "Sections 3.7 Length of time of restrictions and 3.8 Informing the resident have identical text." in out
    assert not PolicyPage.objects.exists()


@pytest.mark.django_db
def test_import_policy_refuses_a_bad_file_and_creates_nothing(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Shopping list\n\nmilk\neggs\n")
    pages_before = PolicyPage.objects.count()
    with pytest.raises(CommandError, match="Not imported: This does not look like a policy document"):
        call_command("import_policy", str(path))
    assert PolicyPage.objects.count() == pages_before


@pytest.mark.django_db
def test_import_policy_refuses_a_slug_already_taken():
    call_command("import_policy", str(WANDLE))
    with pytest.raises(CommandError, match="already exists"):
        call_command("import_policy", str(WANDLE))
    assert PolicyPage.objects.filter(slug="restricted-contact-policy").count() == 1
