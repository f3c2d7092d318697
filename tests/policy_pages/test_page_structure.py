"""What a policy's structure says to screen readers and the keyboard: heading levels that do not
skip, tables whose scroll box can be reached and is named, call-outs that are not landmarks; and
what the policy editor calls each block."""

import pytest
from bs4 import BeautifulSoup

from policy_pages.blocks import PolicyBodyBlock
from policy_pages.importer import Block, Section, sections_to_stream

from .factories import make_policy

pytestmark = pytest.mark.django_db


def _policy_page(client, **fields):
    policy = make_policy(**fields)
    policy.save_revision().publish()
    return BeautifulSoup(client.get(policy.url).text, "html.parser")


def _section(title, level, *blocks):
    section = Section(title=title, level=level)
    section.blocks = list(blocks)
    return section


def test_sub_headings_are_one_level_below_their_section(client, reader):
    body = sections_to_stream(
        [
            _section("Purpose", 2, Block(kind="subheading", text="Who it is for")),
            _section("Imposing restrictions", 3, Block(kind="subheading", text="Warnings first")),
        ]
    )
    eia = sections_to_stream([_section("Screening", 2, Block(kind="subheading", text="Stage 1"))])
    page = _policy_page(client, body=body, equality_impact_assessment=eia)
    for text, section_level in [("Who it is for", 2), ("Warnings first", 3), ("Stage 1", 3)]:
        heading = page.find(class_="policy-subheading", string=text)
        assert heading.name == f"h{section_level + 1}", text
        section_heading = heading.find_parent("section").find(class_="policy-section__heading")
        assert section_heading.name == f"h{section_level}", text


def _table(caption=""):
    rows = [{"cells": ["Criteria", "Behaviour"]}, {"cells": ["Abuse", "Swearing"]}]
    return {"type": "table", "value": {"caption": caption, "header_row": True, "rows": rows}}


def _raw_section(title, number="", *content):
    return {"type": "section", "value": {"title": title, "number": number, "level": "2", "content": list(content)}}


def test_a_wide_table_scrolls_in_a_named_box_the_keyboard_reaches(client, reader):
    body = [_raw_section("Actions", "5", _table()), _raw_section("More", "", _table("Criteria"))]
    page = _policy_page(client, body=body)
    boxes = page.select(".table-scroll")
    assert len(boxes) >= 3  # the two tables and the version history
    for box in boxes:
        assert box.get("tabindex") == "0" and box.get("role") == "region", box
    names = [box["aria-label"] for box in boxes]
    assert "Table: section 5, Actions" in names and "Table: Criteria" in names
    assert len(set(names)) == len(names)


def test_a_call_out_is_a_note_not_a_landmark(client, reader):
    callout = {"type": "callout", "value": {"kind": "safety", "title": "", "text": "Leave."}}
    page = _policy_page(client, body=[_raw_section("Safety", "", callout)])
    assert page.select("main aside") == []
    assert page.select_one(".callout")["role"] == "note"


def _blocks(block, path=""):
    yield path, block
    for name, child in getattr(block, "child_blocks", {}).items():
        yield from _blocks(child, f"{path}.{name}")
    if hasattr(block, "child_block"):
        yield from _blocks(block.child_block, f"{path}[]")


def test_every_block_of_the_policy_editor_has_a_label():
    unlabelled = [path for path, block in _blocks(PolicyBodyBlock()) if path and not block.label]
    assert unlabelled == []
    labels = {path: block.label for path, block in _blocks(PolicyBodyBlock())}
    assert labels[".section.content.table.rows[].cells[]"] == "Cell"
    assert labels[".section.content.list.items[]"] == "List item"


def test_text_boxes_in_lists_and_streams_carry_their_label():
    # Wagtail names these only in the item's header, not on the box itself.
    for path, block in _blocks(PolicyBodyBlock()):
        if path.endswith("[]") or path.endswith((".paragraph", ".subheading")):
            if hasattr(block, "field"):
                assert block.field.widget.attrs.get("aria-label") == block.label, path
