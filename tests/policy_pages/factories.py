"""Policy pages for tests, built through the same code the library uses."""

from datetime import date

from policy_pages.importer import Block, Section, sections_to_stream
from policy_pages.models import PolicyPage, PolicyVersion
from policy_pages.services import ensure_library_index


def policy_body(paragraphs=3, sections=1):
    """Sections of numbered paragraphs, with a list and a table in the first section."""
    result, number = [], 0
    per_section = max(1, paragraphs // sections)
    for index in range(sections):
        blocks = []
        for _ in range(per_section):
            number += 1
            blocks.append(Block(kind="numbered_paragraph", number=str(number), text=f"Paragraph text {number}."))
        if index == 0:
            blocks.append(Block(kind="list", items=["First point", "Second point"]))
            blocks.append(Block(kind="table", header_row=True, rows=[["Criteria", "Behaviour"], ["Abuse", "Swearing"]]))
        result.append(Section(title=f"Section {index + 1}", number=f"{index + 1}.0"))
        result[-1].blocks = blocks
    return sections_to_stream(result)


def make_policy(
    title="Test policy",
    slug=None,
    paragraphs=3,
    sections=1,
    version="Version 1",
    next_review_date=date(2030, 1, 1),
    owner=None,
    live=True,
    **fields,
):
    index = ensure_library_index()
    page = PolicyPage(
        title=title,
        slug=slug or title.lower().replace(" ", "-"),
        body=fields.pop("body", None) or policy_body(paragraphs, sections),
        next_review_date=next_review_date,
        contact_officer="Corporate Head of Customers",
        policy_owner=owner,
        version_label=version or "",
        live=live,
        **fields,
    )
    index.add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
    if version:
        PolicyVersion.objects.create(page=page, position=0, label=version, date=date(2024, 12, 1))
    return PolicyPage.objects.get(pk=page.pk)
