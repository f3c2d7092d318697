"""Turning a policy document into a structured policy, and the structure into a draft page.

Two steps, kept apart so the first can be tested without a database:

    parsed = parse_file(path)          # or parse_text(text) / parse_docx(fileobj)
    page = create_draft_page(parsed, parent=index_page)

The parser understands the two layouts the organisation's policies use:

- numbered paragraphs (1, 2, 3 … 36) under unnumbered headings, with front matter
  ("Adopted / Date Reviewed:<tab>November 2024") and a contents list;
- numbered sections (1.0, 2.1, 3.7 …) whose text is hard-wrapped at about 90 characters.

Bullets (" - "), numbered lists inside a section ("1. …"), tab- or pipe-separated
tables, and unnumbered sub-headings are kept. What it cannot place, and defects it
finds in the source (the same text twice, numbering that jumps), are reported.
A file that is not a policy document raises ImportRefused with a message for the user.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}

# Front matter as the policies write it, and where each goes.
FRONT_MATTER_KEYS = {
    "adopted / date reviewed": "adopted",
    "adopted": "adopted",
    "date reviewed": "adopted",
    "review period": "review_period",
    "next review": "next_review",
    "contact officer": "contact_officer",
    "policy owner": "contact_officer",
    "policy version": "versions",
    "version reviewed by": "reviewed_by",
    "version approved by": "approved_by",
    "policy links": "links",
    "reference": "reference",
}
SUMMARY_KEY = "brief policy summary"
EIA_TITLE = "equality impact assessment"

MAX_FILE_BYTES = 5 * 1024 * 1024
TERMINAL = (".", ":", ";", "!", "?", "”", '"', ")", "|")
WRAP_MIN = 60  # hard-wrapped lines are about 80–90 characters; shorter ones end their paragraph
SHORT_LINE = 60  # an unpunctuated line shorter than this, on its own, is a heading
PARAGRAPH_OPENERS = {"we", "the", "this", "these", "it", "our", "they", "where", "when", "if", "as", "however"}

NUMBERED_PARAGRAPH = re.compile(r"^(\d{1,3})\.\s+(\S.*)$")
DECIMAL_HEADING = re.compile(r"^(\d{1,2}\.\d{1,2})\s+(\S.{0,80})$")
BULLET = re.compile(r"^\s*[-•*–]\s+(\S.*)$")
CONTENTS_ENTRY = re.compile(r"^(.*?)[\s.]*\t\s*\d+\s*$")
FRONT_MATTER = re.compile(r"^([A-Za-z][A-Za-z /]{1,40}):\t+(.+)$")
VERSION_ENTRY = re.compile(r"Version\s+(\d+(?:\.\d+)?)\s+((?:\d{1,2}\s+)?[A-Za-z]+\s+\d{4})", re.IGNORECASE)
NAME_AND_DATE = re.compile(r"^(.*?)\s*((?:\d{1,2}\s+)?[A-Za-z]+\s+\d{4})$")
STRAY_NUMBER = re.compile(r"(?<=[.!?])(\d{1,3})\.$")
EIA_QUESTION = re.compile(r"^Q\s*\d+\.")
SEPARATOR_CELL = re.compile(r"^-{3,}$")


class ImportRefused(Exception):
    """The file is not a policy document this importer can read; nothing was created."""


@dataclass
class Block:
    kind: str  # paragraph, numbered_paragraph, list, table, subheading
    text: str = ""
    number: str = ""
    items: list = field(default_factory=list)
    ordered: bool = False
    rows: list = field(default_factory=list)
    header_row: bool = False
    open_list: bool = False  # while reading: an unmarked list that further lines may join

    def plain_text(self):
        parts = [self.text, *self.items, *("\t".join(row) for row in self.rows)]
        return " ".join(part for part in parts if part)


@dataclass
class Section:
    title: str
    number: str = ""
    level: int = 2
    blocks: list = field(default_factory=list)

    def plain_text(self):
        return " ".join(block.plain_text() for block in self.blocks)

    @property
    def label(self):
        return f"{self.number} {self.title}".strip()


@dataclass
class Version:
    label: str
    date: date | None = None
    reviewed_by: str = ""
    reviewed_on: date | None = None
    approved_by: str = ""
    approved_on: date | None = None


@dataclass
class ParsedPolicy:
    title: str = ""
    period: str = ""
    reference: str = ""
    adopted: date | None = None
    review_period: str = ""
    next_review: date | None = None
    contact_officer: str = ""
    versions: list = field(default_factory=list)
    links: list = field(default_factory=list)
    summary: list = field(default_factory=list)
    sections: list = field(default_factory=list)
    equality_impact_assessment: list = field(default_factory=list)
    defects: list = field(default_factory=list)
    unplaced: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    # Counts, for the command's report and for tests.
    def blocks(self, kind=None, sections=None):
        for section in self.sections if sections is None else sections:
            for block in section.blocks:
                if kind is None or block.kind == kind:
                    yield block

    def count(self, kind):
        return sum(1 for _ in self.blocks(kind))

    @property
    def list_item_count(self):
        return sum(len(block.items) for block in self.blocks() if block.kind in ("list", "numbered_paragraph"))

    @property
    def table_row_count(self):
        return sum(len(block.rows) for block in self.blocks("table"))


# --- Reading files ---------------------------------------------------------------------


def parse_file(path):
    path = Path(path)
    if not path.exists():
        raise ImportRefused(f"There is no file at {path}.")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ImportRefused(f"{path.name} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB: not a policy document.")
    suffix = path.suffix.lower()
    if suffix == ".docx":
        with path.open("rb") as handle:
            return parse_docx(handle)
    if suffix in ("", ".txt", ".text", ".md"):
        return parse_bytes(path.read_bytes())
    raise ImportRefused(f"{path.name}: only plain text (.txt) and Word (.docx) files can be imported.")


def parse_bytes(data):
    if not data.strip():
        raise ImportRefused("The file is empty.")
    if b"\x00" in data[:8192] or data.startswith(b"PK\x03\x04") or data.startswith(b"%PDF"):
        raise ImportRefused("This is a binary file, not a plain-text policy document. Save it as .txt or .docx.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise ImportRefused("The file's text could not be read: save it as UTF-8 text or as .docx.") from error
    return parse_text(text)


def parse_docx(fileobj):
    """A Word document: paragraphs and tables in document order, headings from Word's styles."""
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as error:  # pragma: no cover - python-docx is in requirements.txt
        raise ImportRefused("Word documents cannot be read on this server (python-docx is missing).") from error
    try:
        document = docx.Document(fileobj)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ImportRefused("This is not a Word (.docx) document, or it is damaged.") from error

    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines, headings = [], set()
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            text = " ".join(paragraph.text.split())
            style = (paragraph.style.name if paragraph.style is not None else "").lower()
            if not text:
                lines.append("")
                continue
            if style == "title":
                lines.extend([text, ""])  # the cover: read as the document's title
            elif style.startswith("heading"):
                headings.add(text.lower())
                lines.extend(["", text, ""])
            elif "list bullet" in style:
                lines.append(f" - {text}")
            else:
                lines.extend([text, ""])
        elif tag == "tbl":
            table = Table(child, document)
            lines.append("")
            for row in table.rows:
                cells = [" ".join(cell.text.split()) for cell in row.cells]
                lines.append("\t".join(cells) if len(cells) > 1 else cells[0] + "\t")
            lines.append("")
    text = "\n".join(lines)
    if not text.strip():
        raise ImportRefused("The Word document is empty.")
    return parse_text(text, known_headings=headings)


# --- Parsing ---------------------------------------------------------------------------


def parse_month_date(text):
    """'November 2024' → 1 November 2024; '21 November 2024' → that day. None if not a date."""
    match = re.fullmatch(r"(?:(\d{1,2})\s+)?([A-Za-z]+)\s+(\d{4})", text.strip())
    if not match or match.group(2).lower() not in MONTHS:
        return None
    day = int(match.group(1) or 1)
    try:
        return date(int(match.group(3)), MONTHS[match.group(2).lower()], day)
    except ValueError:
        return None


def _clean(line):
    return line.replace("\u00a0", " ").rstrip()


def _ends_sentence(text):
    return text.rstrip().endswith(TERMINAL)


def _is_table_line(line):
    return "\t" in line.strip("\n") and line.strip() != "" or (line.count("|") >= 2 and line.rstrip().endswith("|"))


def _table_cells(line):
    if "\t" in line:
        cells = [cell.strip() for cell in line.split("\t")]
    else:
        cells = [cell.strip() for cell in line.rstrip().rstrip("|").split("|")]
    while len(cells) > 1 and cells[-1] == "":
        cells.pop()
    return cells


def _detect_layout(lines):
    decimal = sum(1 for line in lines if DECIMAL_HEADING.match(line.strip()))
    numbers = [int(m.group(1)) for m in (NUMBERED_PARAGRAPH.match(line) for line in lines) if m]
    ascending = sum(1 for a, b in zip(numbers, numbers[1:], strict=False) if b == a + 1)
    if decimal >= 2 and decimal >= ascending / 3:
        return "sections"
    if ascending >= 2:
        return "paragraphs"
    return None


def parse_text(text, known_headings=None):
    lines = [_clean(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    if not any(line.strip() for line in lines):
        raise ImportRefused("The file is empty.")
    layout = _detect_layout(lines)
    if layout is None:
        raise ImportRefused(
            "This does not look like a policy document: it has no numbered sections (1.0, 2.1 …) "
            "and no numbered paragraphs (1., 2., 3. …)."
        )
    parser = _Parser(lines, layout, {heading.lower() for heading in (known_headings or ())})
    result = parser.run()
    _find_defects(result, layout)
    if not result.sections:
        raise ImportRefused("No sections were found in the document, so there is nothing to import.")
    return result


class _Parser:
    def __init__(self, lines, layout, known_headings):
        self.lines = lines
        self.layout = layout
        self.known_headings = set(known_headings)
        self.result = ParsedPolicy()
        self.position = 0
        self.section = None
        self.in_eia = False

    # -- helpers

    def peek(self, offset=0):
        index = self.position + offset
        return self.lines[index] if 0 <= index < len(self.lines) else None

    def next_nonblank(self, start):
        index = start
        while index < len(self.lines) and not self.lines[index].strip():
            index += 1
        return index

    def target(self):
        return self.result.equality_impact_assessment if self.in_eia else self.result.sections

    def open_section(self, title, number="", level=2):
        self.section = Section(title=title, number=number, level=level)
        self.target().append(self.section)

    def add(self, block):
        if self.section is None:
            self.open_section("Introduction")
        self.section.blocks.append(block)

    def last_block(self):
        return self.section.blocks[-1] if self.section and self.section.blocks else None

    # -- front of the document

    def run(self):
        self.read_front()
        while self.position < len(self.lines):
            self.read_body_line()
        return self.result

    def is_heading(self, line):
        stripped = line.strip()
        if not stripped or "\t" in line:
            return False
        if stripped.lower() in self.known_headings:
            return True
        if self.layout == "sections":
            match = DECIMAL_HEADING.match(stripped)
            return bool(match and not stripped.endswith("."))
        return False

    def read_front(self):
        """Title lines, front matter, the summary and the contents list, up to the first heading."""
        cover = []
        while self.position < len(self.lines):
            line = self.lines[self.position]
            stripped = line.strip()
            if not stripped:
                self.position += 1
                continue
            if self.is_heading(line) or NUMBERED_PARAGRAPH.match(stripped) or self.heads_first_paragraph(line):
                break
            front = FRONT_MATTER.match(stripped)
            if front:
                self.read_front_matter(front.group(1), front.group(2))
                self.position += 1
                continue
            if stripped.rstrip(":").lower() == SUMMARY_KEY:
                self.position += 1
                self.read_summary()
                continue
            if stripped.lower() == "contents":
                self.position += 1
                self.read_contents()
                continue
            cover.append(stripped)
            self.position += 1
        self.place_cover(cover)

    def heads_first_paragraph(self, line):
        """A short unpunctuated line straight before paragraph 1 is its heading, contents list or not."""
        following = self.next_nonblank(self.position + 1)
        if self.layout != "paragraphs" or following >= len(self.lines):
            return False
        stripped = line.strip()
        return (
            bool(NUMBERED_PARAGRAPH.match(self.lines[following].strip()))
            and len(stripped) < SHORT_LINE
            and not _ends_sentence(stripped)
            and "\t" not in line
        )

    def place_cover(self, cover):
        result = self.result
        if not cover:
            return
        result.title = cover[0]
        for line in cover[1:]:
            if line.isupper() or line.lower() == result.title.lower():
                if result.title.isupper() and line.lower() == result.title.lower():
                    result.title = line
                continue
            if re.fullmatch(r"\d{4}\s*[-–]\s*\d{4}", line):
                result.period = line
                continue
            result.unplaced.append(f"Cover line not placed: {line!r}")
        if result.title.isupper():
            result.title = result.title.title()
        if re.fullmatch(r"\d{4}\s*[-–]\s*\d{4}", cover[0]) and len(cover) > 1:
            result.title, result.period = cover[1], cover[0]

    def read_front_matter(self, key, value):
        result = self.result
        name = FRONT_MATTER_KEYS.get(key.strip().lower())
        value = " ".join(value.split())
        if name is None:
            result.unplaced.append(f"Front matter not recognised: {key}: {value}")
            return
        if name in ("adopted", "next_review"):
            parsed = parse_month_date(value)
            if parsed is None:
                result.unplaced.append(f"{key}: {value!r} is not a date (expected e.g. 'November 2026')")
            setattr(result, name, parsed)
        elif name == "versions":
            versions = [
                Version(label=f"Version {m.group(1)}", date=parse_month_date(m.group(2)))
                for m in VERSION_ENTRY.finditer(value)
            ]
            if not versions:
                versions = [Version(label=value)]
            result.versions = versions
        elif name in ("reviewed_by", "approved_by"):
            self.pending_version_fields = getattr(self, "pending_version_fields", {})
            match = NAME_AND_DATE.match(value)
            who, when = (match.group(1), parse_month_date(match.group(2))) if match else (value, None)
            if when is None:
                who = value
            self.pending_version_fields[name] = (who, when)
            self.apply_version_fields()
        elif name == "links":
            result.links = split_policy_links(value)
        else:
            setattr(result, name, value)

    def apply_version_fields(self):
        pending = getattr(self, "pending_version_fields", {})
        if not self.result.versions:
            return
        latest = self.result.versions[-1]
        if "reviewed_by" in pending:
            latest.reviewed_by, latest.reviewed_on = pending["reviewed_by"]
        if "approved_by" in pending:
            latest.approved_by, latest.approved_on = pending["approved_by"]

    def read_summary(self):
        while self.position < len(self.lines):
            stripped = self.lines[self.position].strip()
            if stripped.lower() == "contents" or self.is_heading(stripped) or FRONT_MATTER.match(stripped):
                return
            if NUMBERED_PARAGRAPH.match(stripped):
                return
            if stripped:
                self.result.summary.append(stripped)
            self.position += 1

    def read_contents(self):
        entries = 0
        while self.position < len(self.lines):
            line = self.lines[self.position]
            stripped = line.strip()
            if not stripped:
                self.position += 1
                continue
            match = CONTENTS_ENTRY.match(line)
            if not match:
                break
            self.known_headings.add(match.group(1).strip(" .").lower())
            entries += 1
            self.position += 1
        self.result.notes.append(
            f"Contents list of {entries} entries used to find the headings (the page builds its own contents)."
        )

    # -- the body

    def read_body_line(self):
        line = self.lines[self.position]
        stripped = line.strip()
        if not stripped:
            self.position += 1
            return
        if self.is_heading(line) or (self.layout == "paragraphs" and self.looks_like_paragraph_heading(line)):
            self.read_heading(stripped)
            return
        if _is_table_line(line):
            self.read_table()
            return
        bullet = BULLET.match(line)
        if bullet:
            self.read_bullets()
            return
        numbered = NUMBERED_PARAGRAPH.match(stripped)
        if numbered and self.layout == "paragraphs" and not self.in_eia:
            self.read_numbered_paragraph(numbered)
            return
        if numbered and self.layout == "sections":
            self.read_ordered_list()
            return
        self.read_text()

    def looks_like_paragraph_heading(self, line):
        """In the numbered-paragraph layout, a short unpunctuated line between blank lines is a heading."""
        stripped = line.strip()
        if "\t" in line or NUMBERED_PARAGRAPH.match(stripped) or BULLET.match(line):
            return False
        if self.in_eia:
            return False
        before = self.peek(-1)
        after = self.peek(1)
        alone = (before is None or not before.strip()) and (after is None or not after.strip())
        return alone and len(stripped) < SHORT_LINE and not _ends_sentence(stripped)

    def read_heading(self, stripped):
        self.position += 1
        match = DECIMAL_HEADING.match(stripped) if self.layout == "sections" else None
        if match:
            number, title = match.group(1), match.group(2).strip()
            level = 2 if number.endswith(".0") else 3
            self.open_section(title, number=number, level=level)
            return
        if stripped.lower() == EIA_TITLE:
            self.in_eia = True
        self.open_section(stripped)

    def read_numbered_paragraph(self, match):
        number, text = match.group(1), match.group(2).strip()
        self.position += 1
        text = self.join_wrapped(text)
        stray = STRAY_NUMBER.search(text)
        if stray:
            text = text[: stray.start()].rstrip()
            self.result.defects.append(
                f"Paragraph {number} ends with a stray paragraph number '{stray.group(1)}.' (removed from the text)."
            )
        self.add(Block(kind="numbered_paragraph", number=number, text=text))

    def read_bullets(self):
        items = []
        while self.position < len(self.lines):
            match = BULLET.match(self.lines[self.position])
            if not match:
                break
            items.append(match.group(1).strip())
            self.position += 1
        last = self.last_block()
        # Bullets straight after a numbered paragraph belong to it ("The letter will explain: - …").
        if last is not None and last.kind == "numbered_paragraph" and not last.items:
            last.items = items
        else:
            self.add(Block(kind="list", items=items))

    def read_ordered_list(self):
        items = []
        while self.position < len(self.lines):
            match = NUMBERED_PARAGRAPH.match(self.lines[self.position].strip())
            if not match or self.is_heading(self.lines[self.position]):
                break
            items.append(match.group(2).strip())
            self.position += 1
        self.add(Block(kind="list", items=items, ordered=True))

    def read_table(self):
        rows = []
        while self.position < len(self.lines):
            line = self.lines[self.position]
            if not line.strip():
                # A blank line inside a table (the LHP table has one) does not end it.
                following = self.next_nonblank(self.position)
                if following < len(self.lines) and _is_table_line(self.lines[following]) and rows:
                    if not self.is_heading(self.lines[following]):
                        self.position = following
                        continue
                break
            if not _is_table_line(line):
                break
            cells = _table_cells(line)
            if all(SEPARATOR_CELL.match(cell) or not cell for cell in cells):
                self.result.notes.append("A line of dashes under a table row was read as a rule and left out.")
                self.position += 1
                continue
            rows.append(cells)
            self.position += 1
        width = max(len(row) for row in rows)
        rows = [row + [""] * (width - len(row)) for row in rows]
        self.add(Block(kind="table", rows=rows, header_row=len(rows) >= 3))

    def join_wrapped(self, text):
        """Lines hard-wrapped in the source become one paragraph again."""
        while True:
            last_line = text.rsplit("\n", 1)[-1]
            nxt = self.peek()
            if nxt is None or not nxt.strip() or _ends_sentence(last_line) or len(last_line) < WRAP_MIN:
                break
            stripped = nxt.strip()
            if self.is_heading(nxt) or _is_table_line(nxt) or BULLET.match(nxt) or NUMBERED_PARAGRAPH.match(stripped):
                break
            text = f"{text}\n{stripped}"
            self.position += 1
        return " ".join(text.split("\n"))

    def read_text(self):
        stripped = self.lines[self.position].strip()
        nxt = self.peek(1)
        last = self.last_block()
        in_list = last is not None and last.kind == "list" and not last.ordered and last.open_list
        introduces_list = last is not None and last.kind == "paragraph" and last.text.endswith(":")

        if (in_list or introduces_list) and self.is_list_item(stripped, nxt):
            self.position += 1
            if in_list:
                last.items.append(stripped)
            else:
                self.add(Block(kind="list", items=[stripped], open_list=True))
            return
        if last is not None and last.kind == "list":
            last.open_list = False

        following_is_text = nxt is not None and nxt.strip() and not self.is_heading(nxt) and not _is_table_line(nxt)
        if self.in_eia and EIA_QUESTION.match(stripped):
            self.position += 1
            self.add(Block(kind="subheading", text=stripped))
            return
        if len(stripped) < SHORT_LINE and not _ends_sentence(stripped) and (following_is_text or self.in_eia):
            self.position += 1
            self.add(Block(kind="subheading", text=stripped))
            return
        self.position += 1
        self.add(Block(kind="paragraph", text=self.join_wrapped(stripped)))

    def is_list_item(self, stripped, nxt):
        if re.search(r"[.!?]\s+[A-Z]", stripped.rstrip(".")):
            return False  # more than one sentence: a paragraph
        first_word = stripped.split()[0].lower().strip("“\"'")
        if first_word in PARAGRAPH_OPENERS:
            return False
        wraps = WRAP_MIN <= len(stripped) and not _ends_sentence(stripped)
        if wraps and nxt is not None and nxt.strip()[:1].islower():
            return False
        return True


def split_policy_links(value):
    """'Equality and Diversity Policy Complaints Policy …' → one title per linked document."""
    marked = re.sub(r"\b(Policy|Framework|Procedure|Strategy|Customers)\s+(?=[A-Z])", "\\1\n", value)
    return [part.strip(" ,;") for part in marked.split("\n") if part.strip(" ,;")]


def _normalise(text):
    return " ".join(re.sub(r"[^\w\s]", "", text.lower()).split())


def _find_defects(result, layout):
    defects = result.defects
    paragraphs = list(result.blocks("numbered_paragraph"))
    # Numbering that jumps or repeats.
    previous = None
    for block in paragraphs:
        number = int(block.number)
        if previous is not None and number != previous + 1:
            defects.append(f"Paragraph numbering goes from {previous} to {number}.")
        previous = number
    # The same paragraph text more than once.
    by_text = {}
    for block in paragraphs:
        by_text.setdefault(_normalise(block.text), []).append(block.number)
    for numbers in by_text.values():
        if len(numbers) > 1:
            defects.append(f"Paragraphs {_and_list(numbers)} have the same text.")
    # Sections whose content is identical.
    by_content = {}
    for section in result.sections:
        text = _normalise(section.plain_text())
        if text:
            by_content.setdefault(text, []).append(section.label)
    for labels in by_content.values():
        if len(labels) > 1:
            defects.append(f"Sections {_and_list(labels)} have identical text.")
    if layout == "sections":
        numbers = [section.number for section in result.sections if section.number]
        seen = set()
        for number in numbers:
            if number in seen:
                defects.append(f"Section number {number} is used twice.")
            seen.add(number)


def _and_list(items):
    items = [str(item) for item in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# --- From the structure to a page ------------------------------------------------------


def block_to_stream(block):
    if block.kind == "numbered_paragraph":
        return {
            "type": "numbered_paragraph",
            "value": {"number": block.number, "text": block.text, "items": block.items},
        }
    if block.kind == "paragraph":
        return {"type": "paragraph", "value": block.text}
    if block.kind == "subheading":
        return {"type": "subheading", "value": block.text}
    if block.kind == "list":
        return {"type": "list", "value": {"ordered": block.ordered, "items": block.items}}
    if block.kind == "table":
        return {
            "type": "table",
            "value": {"caption": "", "header_row": block.header_row, "rows": [{"cells": row} for row in block.rows]},
        }
    raise ValueError(f"Unknown block kind {block.kind!r}")


def sections_to_stream(sections):
    """The stored form of a page body holding `sections`, with an id on every block and list item."""
    from .blocks import PolicyBodyBlock, with_block_ids

    return with_block_ids(PolicyBodyBlock(), _sections_to_raw(sections))


def _sections_to_raw(sections):
    return [
        {
            "type": "section",
            "value": {
                "number": section.number,
                "title": section.title,
                "level": str(section.level),
                "content": [block_to_stream(block) for block in section.blocks],
            },
        }
        for section in sections
    ]


def create_draft_page(parsed, parent, slug=None, owner=None, user=None):
    """A draft policy page under `parent`, with its version history. All or nothing."""
    from django.db import transaction
    from django.utils.text import slugify

    from .models import PolicyPage, PolicyVersion

    with transaction.atomic():
        latest = parsed.versions[-1] if parsed.versions else None
        page = PolicyPage(
            title=parsed.title or "Untitled policy",
            slug=slug or slugify(parsed.title)[:255] or "policy",
            live=False,
            reference=parsed.reference,
            policy_period=parsed.period,
            summary="\n\n".join(parsed.summary),
            adopted_date=parsed.adopted,
            review_period=parsed.review_period,
            next_review_date=parsed.next_review,
            contact_officer=parsed.contact_officer,
            policy_owner=owner,
            linked_policies="\n".join(parsed.links),
            version_label=latest.label if latest else "",
            body=sections_to_stream(parsed.sections),
            equality_impact_assessment=sections_to_stream(parsed.equality_impact_assessment),
        )
        parent.add_child(instance=page)
        page.save_revision(user=user, log_action=True)
        for position, version in enumerate(parsed.versions):
            PolicyVersion.objects.create(
                page=page,
                position=position,
                label=version.label,
                date=version.date,
                reviewed_by=version.reviewed_by,
                reviewed_on=version.reviewed_on,
                approved_by=version.approved_by,
                approved_on=version.approved_on,
            )
    return page
