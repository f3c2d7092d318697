"""Turning a policy document into a structured policy, and the structure into a draft page.

Two steps, kept apart so the first can be tested without a database:

    parsed = parse_file(path)          # or parse_text(text) / parse_docx(fileobj)
    page = create_draft_page(parsed, parent=index_page)

The parser understands the layouts UK policy documents use:

- numbered paragraphs ("1.", "1 " or "1)") under unnumbered headings, with front matter
  ("Adopted / Date Reviewed:<tab>November 2024") and a contents list;
- numbered sections (1.0, 2.1, 3.7 …) holding unnumbered text, hard-wrapped or not;
- decimal paragraphs (1.1, 1.2, 1.1.1 …) under numbered headings ("1. PURPOSE", "1.0 Purpose");
- headings with no numbers at all (by Word's heading styles, or by a line's shape in text).

Bullets (-, •, ·, *, o, Word's list bullets), lettered and roman sub-items ("(a)", "ii)"),
numbered lists inside a section, tab- or pipe-separated tables and Word tables, and
unnumbered sub-headings are kept; a contents list is recognised and left out. Word's
automatic numbering is read from the document (word_numbering). What it cannot place is
listed with its line, and defects it finds in the source (the same text twice, numbering
that skips or does not start at 1, a heading with nothing under it, a title too long) are
reported. A file that is not a policy document raises ImportRefused with the reason.
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
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"  # an encrypted .docx, or an old .doc, is an OLE file, not a zip
TERMINAL = (".", ":", ";", "!", "?", "”", '"', ")", "|")
WRAP_MIN = 60  # hard-wrapped lines are about 80–90 characters; shorter ones end their paragraph
SHORT_LINE = 60  # an unpunctuated line shorter than this, on its own, is a heading
PARAGRAPH_OPENERS = {"we", "the", "this", "these", "it", "our", "they", "where", "when", "if", "as", "however"}

NUMBERED_PARAGRAPH = re.compile(r"^(\d{1,3})\.\s+(\S.*)$")
DECIMAL_HEADING = re.compile(r"^(\d{1,2}\.\d{1,2})\s+(\S.{0,80})$")
# Decimal layout: "1.1 text", "1.1.1 text" paragraphs under "1. HEADING", "1 Heading" or "1.0 Heading".
DECIMAL_PARAGRAPH = re.compile(r"^(\d{1,2}\.[1-9]\d?(?:\.\d{1,2})?)\.?\s+(\S.*)$")
NUMBERED_HEADING = re.compile(r"^(\d{1,2})(?:\.0)?[.)]?\s+(\S.*)$")
# Paragraphs numbered "1)" or "1 " (no full stop): read as "1." once the document is seen to use them.
OTHER_NUMBERING = {"1)": re.compile(r"^(\d{1,3})\)\s+(\S.*)$"), "1 ": re.compile(r"^(\d{1,3})\s+([A-Z“\"'(].*)$")}
BULLET = re.compile(r"^\s*(?:[-•*–·▪◦●■➢]|o(?=\s))\s+(\S.*)$")
SUB_ITEM = re.compile(r"^\s*(\(?(?:[a-z]|[ivx]{1,4})\)|(?:[a-z]|[ivx]{1,4})\.)\s+(\S.*)$")
CONTENTS_ENTRY = re.compile(r"^(.*?)(?:[\s.]*\t|\s*\.{3,}|\s{3,})\s*\d+\s*$")
MAX_TITLE = 255  # a page title's limit
MAX_HEADING = 200  # a section heading's limit
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
    layout: str = ""

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
    if suffix in (".doc", ".rtf", ".odt"):
        raise ImportRefused(
            f"{path.name} is in a format this importer does not read ({suffix}): open it in Word and save it as .docx."
        )
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
    head = fileobj.read(8)
    fileobj.seek(0)
    if head.startswith(OLE_SIGNATURE):
        raise ImportRefused(
            "This Word document is password-protected, or in Word's old .doc format: remove the password "
            "or save it as .docx, then import it again."
        )
    try:
        document = docx.Document(fileobj)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ImportRefused("This is not a Word (.docx) document, or it is damaged.") from error

    from docx.table import Table
    from docx.text.paragraph import Paragraph

    from .word_numbering import BULLET as WORD_BULLET
    from .word_numbering import WordNumbering

    numbering = WordNumbering(document)
    lines, headings, contents = [], set(), 0
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            text = " ".join(paragraph.text.split())
            style = (paragraph.style.name if paragraph.style is not None else "").lower()
            if not text:
                lines.append("")
                continue
            if style.startswith("toc"):
                contents += 1  # Word's own contents list: the page builds its own
                continue
            label = numbering.label(paragraph)
            if label == WORD_BULLET:
                lines.append(f" - {text}")
                continue
            if label:
                text = f"{label} {text}"
            if style == "title":
                lines.extend([text, ""])  # the cover: read as the document's title
            elif style.startswith("heading"):
                headings.add(text.lower())
                lines.extend(["", text, ""])
            elif "list bullet" in style:
                lines.append(f" - {text}")
            elif label:
                lines.append(text)  # items of one list stay together
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
    result = parse_text(text, known_headings=headings, source="Word")
    if contents:
        result.notes.append(f"Word's contents list of {contents} entries left out (the page builds its own contents).")
    return result


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


def _is_sentence(text):
    return _ends_sentence(text) or len(text) >= SHORT_LINE


def _detect_layout(lines, known_headings=()):
    decimal_paragraphs = sum(
        1 for m in (DECIMAL_PARAGRAPH.match(line.strip()) for line in lines) if m and _is_sentence(m.group(2))
    )
    if decimal_paragraphs >= 2:
        return "decimal"
    decimal = sum(1 for line in lines if DECIMAL_HEADING.match(line.strip()))
    numbers = [int(m.group(1)) for m in (NUMBERED_PARAGRAPH.match(line) for line in lines) if m]
    ascending = sum(1 for a, b in zip(numbers, numbers[1:], strict=False) if b == a + 1)
    if decimal >= 2 and decimal >= ascending / 3:
        return "sections"
    if ascending >= 2:
        return "paragraphs"
    if _shape_headings(lines, known_headings) >= 2:
        return "headed"
    return None


def _other_numbering(lines):
    """Lines numbered "1)" or "1 " rewritten as "1.", when the document numbers its paragraphs so."""
    for pattern in OTHER_NUMBERING.values():
        found = [(index, m) for index, m in enumerate(pattern.match(line.strip()) for line in lines) if m]
        numbers = [int(m.group(1)) for _, m in found]
        if sum(1 for a, b in zip(numbers, numbers[1:], strict=False) if b == a + 1) >= 2:
            lines = list(lines)
            for index, match in found:
                lines[index] = f"{match.group(1)}. {match.group(2)}"
            return lines
    return lines


def _is_shape_heading(lines, index, known_headings=()):
    """A heading by its shape: a short line without a full stop, starting with a capital, on
    its own after a blank line or a finished sentence, with a sentence of text after it."""
    stripped = lines[index].strip()
    if stripped.lower() in known_headings:
        return True
    if not stripped or "\t" in lines[index] or len(stripped) >= SHORT_LINE or len(stripped.split()) > 10:
        return False
    if _ends_sentence(stripped) or stripped.endswith(",") or not stripped[0].isupper():
        return False
    if BULLET.match(lines[index]) or SUB_ITEM.match(stripped) or NUMBERED_PARAGRAPH.match(stripped):
        return False
    before = next((line.strip() for line in reversed(lines[:index]) if line.strip()), "")
    if before.endswith(":"):
        return False  # the items of a list a paragraph introduced
    blank_before = index == 0 or not lines[index - 1].strip()
    if not (blank_before or _ends_sentence(before)):
        return False
    after = next((line.strip() for line in lines[index + 1 :] if line.strip()), "")
    return bool(after) and _is_sentence(after) and "\t" not in after


def _shape_headings(lines, known_headings=()):
    return sum(1 for index in range(len(lines)) if _is_shape_heading(lines, index, known_headings))


def parse_text(text, known_headings=None, source="text"):
    lines = [_clean(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    if not any(line.strip() for line in lines):
        raise ImportRefused("The file is empty.")
    known = {heading.lower() for heading in (known_headings or ())}
    layout = _detect_layout(lines, known)
    if layout is None:
        lines = _other_numbering(lines)
        layout = _detect_layout(lines, known)
    if layout is None:
        raise ImportRefused(
            "This does not look like a policy document: it has no numbered paragraphs (1., 2., 3. …), "
            "no numbered sections (1.0, 2.1 …) and no headings with text under them"
            + (" (Word's heading styles)." if source == "Word" else ".")
        )
    parser = _Parser(lines, layout, known)
    result = parser.run()
    result.layout = layout
    _find_defects(result, layout)
    if not result.sections:
        raise ImportRefused("No sections were found in the document, so there is nothing to import.")
    _fit_limits(result)
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
        if layout == "headed":
            # Headings by their shape, found once over the whole text: from here on known by name.
            self.known_headings |= {
                lines[index].strip().lower() for index in range(len(lines)) if _is_shape_heading(lines, index)
            }

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
        if self.layout == "decimal":
            match = NUMBERED_HEADING.match(stripped) or DECIMAL_PARAGRAPH.match(stripped)
            return bool(match and not _is_sentence(match.group(2)) and not _ends_sentence(stripped))
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
            cover.append((self.position + 1, stripped))
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

    def place_cover(self, numbered_cover):
        result = self.result
        if not numbered_cover:
            result.defects.append("The document has no title before its first heading: give the page one.")
            return
        line_numbers = dict((text, number) for number, text in reversed(numbered_cover))
        cover = [text for _, text in numbered_cover]
        result.title = cover[0]
        for line in cover[1:]:
            if line.isupper() or line.lower() == result.title.lower():
                if result.title.isupper() and line.lower() == result.title.lower():
                    result.title = line
                continue
            if re.fullmatch(r"\d{4}\s*[-–]\s*\d{4}", line):
                result.period = line
                continue
            result.unplaced.append(f"Line {line_numbers[line]}: cover line not placed: {line!r}")
        if result.title.isupper():
            result.title = result.title.title()
        if re.fullmatch(r"\d{4}\s*[-–]\s*\d{4}", cover[0]) and len(cover) > 1:
            result.title, result.period = cover[1], cover[0]

    def read_front_matter(self, key, value):
        result = self.result
        name = FRONT_MATTER_KEYS.get(key.strip().lower())
        value = " ".join(value.split())
        if name is None:
            result.unplaced.append(f"Line {self.position + 1}: front matter not recognised: {key}: {value}")
            return
        if name in ("adopted", "next_review"):
            parsed = parse_month_date(value)
            if parsed is None:
                result.unplaced.append(
                    f"Line {self.position + 1}: {key}: {value!r} is not a date (expected e.g. 'November 2026')"
                )
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
            entry = re.sub(r"^\d{1,2}(?:\.\d{1,2})*[.)]?\s+", "", match.group(1).strip(" ."))
            self.known_headings.add(entry.lower())
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
        if self.is_heading(line) or (
            self.layout in ("paragraphs", "headed") and self.looks_like_paragraph_heading(line)
        ):
            self.read_heading(stripped)
            return
        if _is_table_line(line):
            self.read_table()
            return
        bullet = BULLET.match(line)
        if bullet:
            self.read_bullets()
            return
        decimal = DECIMAL_PARAGRAPH.match(stripped) if self.layout == "decimal" else None
        if decimal and not self.in_eia:
            self.read_numbered_paragraph(decimal)
            return
        if SUB_ITEM.match(stripped) and self.layout != "sections":
            self.read_sub_items()
            return
        numbered = NUMBERED_PARAGRAPH.match(stripped)
        if numbered and self.layout == "paragraphs" and not self.in_eia:
            self.read_numbered_paragraph(numbered)
            return
        if numbered and self.layout in ("sections", "decimal", "headed"):
            self.read_ordered_list()
            return
        self.read_text()

    def read_sub_items(self):
        """Lettered and roman sub-items ("(a)", "b)", "ii.") under a paragraph, their labels kept."""
        items = []
        while self.position < len(self.lines):
            stripped = self.lines[self.position].strip()
            match = SUB_ITEM.match(stripped)
            if not match:
                break
            self.position += 1
            items.append(self.join_wrapped(f"{match.group(1)} {match.group(2).strip()}"))
        last = self.last_block()
        if last is not None and last.kind == "numbered_paragraph":
            last.items.extend(items)
        else:
            self.add(Block(kind="list", items=items))

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
        if self.layout == "decimal":
            match = NUMBERED_HEADING.match(stripped)
            if match:
                self.open_section(_sentence_case(match.group(2).strip()), number=match.group(1), level=2)
                return
            match = DECIMAL_PARAGRAPH.match(stripped)
            if match:
                self.open_section(_sentence_case(match.group(2).strip()), number=match.group(1), level=3)
                return
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
        if stray and self.layout != "decimal":
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
            if self.layout != "sections" and (DECIMAL_PARAGRAPH.match(stripped) or SUB_ITEM.match(stripped)):
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


def _sentence_case(title):
    """ "ROLES AND RESPONSIBILITIES" → "Roles and responsibilities"; other headings as written."""
    if title.isupper() and len(title) > 4:
        return title.capitalize()
    return title


def _cut(text, limit):
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def _fit_limits(result):
    """The page's title and the section headings cut to what the page holds, each cut reported."""
    if len(result.title) > MAX_TITLE:
        result.defects.append(
            f"The title is {len(result.title)} characters long: it was cut to {MAX_TITLE} "
            f"(“{_cut(result.title, 60)}”). Shorten it on the page."
        )
        result.title = _cut(result.title, MAX_TITLE)
    for section in [*result.sections, *result.equality_impact_assessment]:
        if len(section.title) > MAX_HEADING:
            result.defects.append(
                f"The heading “{_cut(section.title, 60)}” is {len(section.title)} characters long: "
                f"it was cut to {MAX_HEADING}."
            )
            section.title = _cut(section.title, MAX_HEADING)
        for block in section.blocks:
            if block.kind == "numbered_paragraph" and len(block.number) > 10:
                result.defects.append(f"Paragraph number {block.number!r} is longer than 10 characters.")


def split_policy_links(value):
    """'Equality and Diversity Policy Complaints Policy …' → one title per linked document."""
    marked = re.sub(r"\b(Policy|Framework|Procedure|Strategy|Customers)\s+(?=[A-Z])", "\\1\n", value)
    return [part.strip(" ,;") for part in marked.split("\n") if part.strip(" ,;")]


def _normalise(text):
    return " ".join(re.sub(r"[^\w\s]", "", text.lower()).split())


def _find_defects(result, layout):
    defects = result.defects
    paragraphs = list(result.blocks("numbered_paragraph"))
    if layout == "decimal":
        _decimal_numbering_defects(result)
    else:
        # Numbering that jumps or repeats.
        previous = None
        for block in paragraphs:
            number = int(block.number)
            if previous is None and number != 1:
                defects.append(f"Paragraph numbering starts at {number}, not 1.")
            if previous is not None and number != previous + 1:
                defects.append(f"Paragraph numbering goes from {previous} to {number}.")
            previous = number
    # A heading with nothing under it (a section followed by its own sub-sections is not empty).
    for sections in (result.sections, result.equality_impact_assessment):
        for index, section in enumerate(sections):
            following = sections[index + 1] if index + 1 < len(sections) else None
            if not section.blocks and not (following is not None and following.level > section.level):
                defects.append(f"The heading “{section.label}” has nothing under it.")
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


def _decimal_numbering_defects(result):
    """Headings 1, 2, 3 … and under each the paragraphs n.1, n.2 …, with nothing skipped."""
    defects = result.defects
    headings = [section.number for section in result.sections if section.number and section.level == 2]
    expected = 1
    for number in headings:
        if int(number) != expected:
            if expected == 1:
                defects.append(f"Heading numbering starts at {number}, not 1.")
            else:
                defects.append(f"Heading numbering goes from {expected - 1} to {number}.")
        expected = int(number) + 1
    last = {}  # the last number seen under each prefix: (1,) for 1.1, 1.2 …; (1, 2) for 1.2.1 …
    for block in result.blocks("numbered_paragraph"):
        parts = tuple(int(part) for part in block.number.split("."))
        prefix, number = parts[:-1], parts[-1]
        before = last.get(prefix, 0)
        if number != before + 1:
            if before == 0:
                defects.append(
                    f"Paragraph {block.number}: the numbering under {'.'.join(map(str, prefix))} does not start at 1."
                )
            else:
                shown = ".".join(map(str, (*prefix, before)))
                defects.append(f"Paragraph numbering goes from {shown} to {block.number}.")
        last[prefix] = number


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
