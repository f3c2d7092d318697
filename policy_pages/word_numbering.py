"""Word's automatic numbering: the numbers and bullets Word shows but does not keep in the text.

A numbered paragraph in a .docx holds only a reference (a list and a level) to the
document's numbering part, which says how each level is numbered ("%1.", "%1.%2", a bullet,
a letter) and where it starts. This counts the paragraphs as Word does and gives each its
label, read through python-docx (its numbering part and the paragraphs' properties).
"""

from __future__ import annotations

from docx.oxml.ns import qn

BULLET = "bullet"


def _roman(number):
    numerals = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl")]
    numerals += [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    result = ""
    for value, letters in numerals:
        while number >= value:
            result += letters
            number -= value
    return result


def _letters(number):
    # Word's letter numbering: a … z, then aa … zz.
    return chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)


FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "lowerLetter": _letters,
    "upperLetter": lambda n: _letters(n).upper(),
    "lowerRoman": _roman,
    "upperRoman": lambda n: _roman(n).upper(),
}


class WordNumbering:
    """The labels of one document's numbered paragraphs, in the order they are asked for."""

    def __init__(self, document):
        self.levels = {}  # numId -> {ilvl: (format, text, start)}
        self.counters = {}  # abstractNumId -> [count per level]
        self.abstract_of = {}
        self.styles = document.styles
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return  # no numbering part: nothing in the document is numbered by Word
        abstracts = {}
        for abstract in numbering.findall(qn("w:abstractNum")):
            abstracts[abstract.get(qn("w:abstractNumId"))] = _read_levels(abstract)
        for num in numbering.findall(qn("w:num")):
            num_id = num.get(qn("w:numId"))
            abstract_id = _val(num.find(qn("w:abstractNumId")))
            levels = dict(abstracts.get(abstract_id, {}))
            for override in num.findall(qn("w:lvlOverride")):
                level = int(override.get(qn("w:ilvl")))
                start = _val(override.find(qn("w:startOverride")))
                lvl = override.find(qn("w:lvl"))
                if lvl is not None:
                    levels.update(_read_levels_from([lvl]))
                elif start is not None and level in levels:
                    fmt, text, _ = levels[level]
                    levels[level] = (fmt, text, int(start))
            self.levels[num_id] = levels
            self.abstract_of[num_id] = abstract_id

    def label(self, paragraph):
        """The number or bullet Word shows before `paragraph` ("1.", "2.3", "a)", BULLET), or ""."""
        num_id, level = self._reference(paragraph)
        if num_id is None or num_id == "0" or num_id not in self.levels:
            return ""
        levels = self.levels[num_id]
        if level not in levels:
            return ""
        fmt, text, _ = levels[level]
        counters = self.counters.setdefault(self.abstract_of[num_id], {})
        counters[level] = counters.get(level, levels[level][2] - 1) + 1
        for deeper in [key for key in counters if key > level]:
            del counters[deeper]  # a new item of a level restarts the levels under it
        if fmt == BULLET:
            return BULLET
        if fmt not in FORMATS:
            return ""
        label = text
        for position in range(level + 1):
            if position not in levels:
                continue
            count = counters.get(position, levels[position][2])
            shown = FORMATS.get(levels[position][0], str)(count)
            label = label.replace(f"%{position + 1}", shown)
        return label.strip()

    def _reference(self, paragraph):
        properties = paragraph._p.pPr
        num_pr = properties.numPr if properties is not None else None
        style = paragraph.style
        while num_pr is None and style is not None:
            # A list style ("List Number") numbers its paragraphs without their saying so.
            style_properties = style.element.pPr
            num_pr = style_properties.numPr if style_properties is not None else None
            style = style.base_style
        if num_pr is None or num_pr.numId is None:
            return None, 0
        level = num_pr.ilvl.val if num_pr.ilvl is not None else 0
        return str(num_pr.numId.val), int(level)


def _val(element):
    return element.get(qn("w:val")) if element is not None else None


def _read_levels(abstract):
    return _read_levels_from(abstract.findall(qn("w:lvl")))


def _read_levels_from(lvls):
    levels = {}
    for lvl in lvls:
        fmt = _val(lvl.find(qn("w:numFmt"))) or "decimal"
        text = _val(lvl.find(qn("w:lvlText"))) or ""
        start = _val(lvl.find(qn("w:start")))
        levels[int(lvl.get(qn("w:ilvl")))] = (fmt, text, int(start) if start else 1)
    return levels
