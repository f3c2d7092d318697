"""The building blocks of a policy or guidance page.

A page's body is a list of headed sections; each section holds paragraphs, numbered
paragraphs (with their bullet points), lists, tables, call-outs, sub-headings and
links to documents or to other policies' paragraphs. Plain text only: no rich text,
so rendering never looks anything up in the database block by block.
"""

import uuid

from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.text import slugify
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock

from home.links import validate_safe_link


class NamedBox:
    """A text box that carries its block's label itself. Wagtail labels a box only inside a
    StructBlock: in a list or a stream it shows the label in the item's header, so the box
    alone has no accessible name (the editor's cells, list items and paragraphs)."""

    @cached_property
    def field(self):
        field = super().field
        field.widget.attrs["aria-label"] = str(self.label)
        return field


class NamedTextBlock(NamedBox, blocks.TextBlock):
    pass


class NamedCharBlock(blocks.CharBlock):
    """A one-line NamedBox: CharBlock makes its field as it is built, not when first asked."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.field.widget.attrs["aria-label"] = str(self.label)


class NumberedParagraphBlock(blocks.StructBlock):
    number = blocks.CharBlock(
        max_length=10,
        label="Paragraph number",
        help_text="As the policy numbers it, e.g. 27. Its link is #para-27.",
    )
    text = blocks.TextBlock(label="Text of the paragraph")
    items = blocks.ListBlock(
        NamedTextBlock(label="Bullet point"),
        default=[],
        min_num=0,
        label="Bullet points",
        help_text="Optional points under it.",
    )

    class Meta:
        icon = "list-ol"
        label = "Numbered paragraph"


class ListBlock(blocks.StructBlock):
    ordered = blocks.BooleanBlock(
        required=False, label="Numbered list", help_text="Number the items (1, 2, 3) instead of bullets."
    )
    items = blocks.ListBlock(NamedTextBlock(label="List item"), label="List items")

    class Meta:
        icon = "list-ul"
        label = "List"


class TableRowBlock(blocks.StructBlock):
    cells = blocks.ListBlock(NamedTextBlock(required=False, label="Cell"), label="Cells")

    class Meta:
        label = "Row"


class TableBlock(blocks.StructBlock):
    caption = blocks.CharBlock(required=False, max_length=200, label="Caption")
    header_row = blocks.BooleanBlock(
        required=False, default=True, label="Heading row", help_text="The first row holds column headings."
    )
    rows = blocks.ListBlock(TableRowBlock(), label="Rows")

    class Meta:
        icon = "table"
        label = "Table"


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[("note", "Note"), ("important", "Important"), ("safety", "Staff safety")],
        default="note",
        label="Kind of call-out",
    )
    title = blocks.CharBlock(required=False, max_length=120, label="Title of the call-out")
    text = blocks.TextBlock(label="Text of the call-out")

    class Meta:
        icon = "warning"
        label = "Call-out"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label="Document")
    label = blocks.CharBlock(
        required=False, max_length=200, label="Link text", help_text="Defaults to the document's title."
    )

    class Meta:
        icon = "doc-full"
        label = "Document link"


class PolicyReferenceBlock(blocks.StructBlock):
    """'What this rests on': a link to a paragraph or section of a policy."""

    label = blocks.CharBlock(max_length=200, label="Link text", help_text="e.g. Limited Contact Policy, paragraph 11")
    url = blocks.CharBlock(
        max_length=300,
        label="Address",
        help_text="The paragraph's address, e.g. /policies-and-guidance/limited-contact-policy/#para-11",
    )

    def clean(self, value):
        # Checked here rather than as a validator of the field, which would be a change of
        # the block's definition (and a migration) for what is a rule about its values.
        value = super().clean(value)
        try:
            validate_safe_link(value.get("url"))
        except ValidationError as error:
            raise StructBlockValidationError(block_errors={"url": error}) from error
        return value

    class Meta:
        icon = "link"
        label = "Policy reference"


class SectionContentBlock(blocks.StreamBlock):
    paragraph = NamedTextBlock(icon="pilcrow", label="Paragraph")
    numbered_paragraph = NumberedParagraphBlock(label="Numbered paragraph")
    subheading = NamedCharBlock(icon="title", label="Sub-heading")
    list = ListBlock(label="List")
    table = TableBlock(label="Table")
    callout = CalloutBlock(label="Call-out")
    document = DocumentLinkBlock(label="Document link")
    policy_reference = PolicyReferenceBlock(label="Policy reference")


class SectionBlock(blocks.StructBlock):
    number = blocks.CharBlock(
        required=False, max_length=10, label="Section number", help_text="e.g. 3.7. Its link is #section-3-7."
    )
    title = blocks.CharBlock(max_length=200, label="Heading")
    level = blocks.ChoiceBlock(choices=[("2", "Section"), ("3", "Sub-section")], default="2", label="Level")
    content = SectionContentBlock(required=False, label="Content")

    class Meta:
        icon = "doc-empty"
        label = "Section"


class PolicyBodyBlock(blocks.StreamBlock):
    section = SectionBlock(label="Section")


def section_anchor(value, prefix=""):
    """#section-3-7 for a numbered section, #section-purpose for an unnumbered one."""
    number = (value.get("number") or "").strip()
    key = number.replace(".", "-") if number else slugify(value.get("title") or "")
    return f"{prefix}section-{key}"


def paragraph_anchor(number, prefix=""):
    """#para-27 for paragraph 27, #para-1-1 for paragraph 1.1 (a full stop in an id needs escaping in CSS)."""
    return f"{prefix}para-{str(number).strip().replace('.', '-')}"


def with_block_ids(block, value, new_id=None):
    """`value`, the stored (JSON) form of `block`, with an id on every block of every stream
    and on every item of every list, however deep; ids already there are kept.

    Wagtail's comparison of revisions pairs the blocks of two versions by id: a nested block
    without one is paired with whichever came last, and a table compared with a paragraph
    fails. `new_id(path)` makes a missing id (a random UUID by default); `path` names the
    block's place and kind, so a caller can make the same id for the same place each time.
    Returns the new stored form; `value` is not changed.
    """
    new_id = new_id or (lambda path: str(uuid.uuid4()))
    return _with_ids(block, value, new_id, "")


def _with_ids(block, value, new_id, path):
    if isinstance(block, blocks.StreamBlock):
        result = []
        for index, child in enumerate(value or []):
            if not isinstance(child, dict) or child.get("type") not in block.child_blocks:
                result.append(child)  # not ours to mend: Wagtail drops unknown kinds itself
                continue
            where = f"{path}/{index}:{child['type']}"
            inner = _with_ids(block.child_blocks[child["type"]], child.get("value"), new_id, where)
            result.append({**child, "value": inner, "id": child.get("id") or new_id(where)})
        return result
    if isinstance(block, blocks.ListBlock):
        result = []
        for index, item in enumerate(value or []):
            where = f"{path}/{index}:item"
            # A list is stored either as plain values or, since Wagtail 2.16, as items with ids.
            if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
                inner, item_id = item["value"], item.get("id")
            else:
                inner, item_id = item, None
            inner = _with_ids(block.child_block, inner, new_id, where)
            result.append({"type": "item", "value": inner, "id": item_id or new_id(where)})
        return result
    if isinstance(block, blocks.StructBlock) and isinstance(value, dict):
        return {
            name: _with_ids(block.child_blocks[name], child, new_id, f"{path}.{name}")
            if name in block.child_blocks
            else child
            for name, child in value.items()
        }
    return value
