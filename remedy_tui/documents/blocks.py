"""A document as a few kinds of block, written once and rendered as Markdown or Word (.docx),
so the two versions of an agenda, minutes or letter always say the same thing."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from remedy_tui.documents import markdown

# The protective marking of every document Remedy writes (the Government Security
# Classifications: personal data about health and conduct is OFFICIAL-SENSITIVE).
MARKING = "OFFICIAL-SENSITIVE"
A4 = (Mm(210), Mm(297))
MARGIN = Mm(20)

# Characters XML (and so Word) cannot hold; services refuse them, this is a last guard.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Heading:
    """A heading (level 1 is the document's sections)."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    """Text; its line breaks are kept."""

    text: str
    italic: bool = False


@dataclass(frozen=True)
class Fields:
    """Labelled values, one a line: ``Date: Sun 6 Dec 2026``."""

    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Bullets:
    """A bulleted list."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table with a header row."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Block = Heading | Paragraph | Fields | Bullets | Table


@dataclass(frozen=True)
class Written:
    """A whole document: its title and its blocks in order."""

    title: str
    blocks: tuple[Block, ...]

    def text(self) -> str:
        """Everything the document says, as plain text (for checks and search)."""
        parts = [self.title]
        for block in self.blocks:
            match block:
                case Heading(text) | Paragraph(text):
                    parts.append(text)
                case Fields(pairs):
                    parts.extend(f"{label}: {value}" for label, value in pairs)
                case Bullets(items):
                    parts.extend(items)
                case Table(header, rows):
                    parts.extend(header)
                    parts.extend(cell for row in rows for cell in row)
        return "\n".join(parts)


def clean(text: str) -> str:
    """Text safe for XML: anything Word cannot hold is dropped."""
    return _NOT_XML.sub("", text)


def md_escape(text: str, *, line_start: bool = True) -> str:
    """One line of text that Markdown shows exactly as written, through the one Markdown
    escaper (:func:`remedy_tui.documents.markdown.escape`)."""
    return markdown.escape(clean(text), line_start=line_start)


def _md_lines(text: str) -> str:
    return "  \n".join(md_escape(line) for line in text.splitlines() or [""])


def _md_cell(text: str, *, line_start: bool = False) -> str:
    lines = [md_escape(line, line_start=line_start) for line in text.splitlines()]
    return " / ".join(lines) or " "


def to_markdown(document: Written) -> str:
    """The document as Markdown."""
    out = [f"# {md_escape(document.title, line_start=False)}", ""]
    for block in document.blocks:
        match block:
            case Heading(text, level):
                out += [f"{'#' * min(6, level + 1)} {md_escape(text, line_start=False)}", ""]
            case Paragraph(text, italic):
                body = _md_lines(text)
                out += [f"*{body}*" if italic and body else body, ""]
            case Fields(pairs):
                lines = (f"**{md_escape(k, line_start=False)}:** {_md_cell(v)}" for k, v in pairs)
                out += ["  \n".join(lines), ""]
            case Bullets(items):
                out += [f"- {_md_cell(item, line_start=True)}" for item in items] + [""]
            case Table(header, rows):
                out.append("| " + " | ".join(_md_cell(h) for h in header) + " |")
                out.append("|" + "---|" * len(header))
                out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
                out.append("")
    return "\n".join(out).rstrip() + "\n"


def _lines_into(paragraph: object, text: str, *, bold: bool = False, italic: bool = False) -> None:
    lines = clean(text).splitlines() or [""]
    for n, line in enumerate(lines):
        run = paragraph.add_run(line)  # type: ignore[attr-defined]
        run.bold = bold or None
        run.italic = italic or None
        if n < len(lines) - 1:
            run.add_break()


def _field(paragraph: object, instruction: str) -> None:
    """A Word field (``PAGE``, ``NUMPAGES``) in ``paragraph``: python-docx has no API for
    fields, so the one element Word defines for a simple field is written here."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"  # shown until the reader's word processor updates the field
    run.append(text)
    field.append(run)
    paragraph._p.append(field)  # type: ignore[attr-defined]  # noqa: SLF001 - python-docx's own element


def set_up_pages(out: object, *, subject: str, author: str, created: datetime) -> None:
    """What every Word document Remedy writes has: A4 pages with 2 cm margins, a header with
    the protective marking and the document's subject, a footer with "Page x of y", and its
    properties (title, author: the person who produced it, never the library)."""
    document: Any = out
    props = document.core_properties
    props.title = clean(subject)
    props.subject = clean(subject)
    props.author = clean(author) or "Remedy"
    props.last_modified_by = clean(author) or "Remedy"
    props.comments = ""
    props.keywords = MARKING
    props.created = created
    props.modified = created
    document.styles["Normal"].font.size = Pt(11)
    for section in document.sections:
        section.page_width, section.page_height = A4
        section.left_margin = section.right_margin = MARGIN
        section.top_margin = section.bottom_margin = MARGIN
        header = section.header.paragraphs[0]
        header.text = ""
        marking = header.add_run(MARKING)
        marking.bold = True
        header.add_run(f"  ·  {clean(subject)}")
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer = section.footer.paragraphs[0]
        footer.text = ""
        footer.add_run("Page ")
        _field(footer, "PAGE")
        footer.add_run(" of ")
        _field(footer, "NUMPAGES")
        footer.add_run(f"  ·  {MARKING}")
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER


TABLE_FONT = Pt(9)
# Widths are worked out from characters: a generous average width (LibreOffice draws with
# DejaVu Sans where Calibri is missing, wider than Calibri) and Word's default cell padding.
_CHAR = int(TABLE_FONT * 0.7)
_CELL_PADDING = int(Mm(5))


def _least_and_wish(
    header: tuple[str, ...], rows: tuple[tuple[str, ...], ...]
) -> tuple[list[int], list[int]]:
    """Each column's least width (its longest word unbroken) and the width its text wishes."""
    least: list[int] = []
    wish: list[int] = []
    for index, title in enumerate(header):
        cells = [title] + [row[index] for row in rows if index < len(row)]
        longest_word = max((len(word) for cell in cells for word in cell.split()), default=2)
        average = sum(len(cell) for cell in cells) / len(cells)
        least.append(max(longest_word, 2) * _CHAR + _CELL_PADDING)
        wish.append(max(least[-1], int(min(average, 60.0) * _CHAR) + _CELL_PADDING))
    return least, wish


def _column_widths(
    header: tuple[str, ...], rows: tuple[tuple[str, ...], ...], usable: int
) -> list[int]:
    """Each column's width (EMU) on the page: first what its longest word needs, so a
    reference, a time or a heading is never broken ("C-000012", "Practitioner"); then the
    rest shared by the columns of longer text, as their cells' average length asks. Only when
    even the longest words cannot all fit are they scaled down together."""
    least, wish = _least_and_wish(header, rows)
    if sum(least) > usable:
        return [usable * width // sum(least) for width in least]
    spare = usable - sum(least)
    more = [w - n for w, n in zip(wish, least, strict=True)]
    if sum(more) == 0:  # nothing but short words: share the spare width out evenly
        return [width + spare // len(least) for width in least]
    return [n + spare * m // sum(more) for n, m in zip(least, more, strict=True)]


def _table_text(cell: object, text: str, *, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]  # type: ignore[attr-defined]
    _lines_into(paragraph, text, bold=bold)
    for run in paragraph.runs:
        run.font.size = TABLE_FONT


def to_docx(document: Written, *, created: datetime, author: str = "Remedy") -> bytes:
    """The document as a Word file on A4, marked, paged, authored by ``author``."""
    out = docx.Document()
    set_up_pages(out, subject=document.title, author=author, created=created)
    usable = int(A4[0] - 2 * MARGIN)
    tables = [block for block in document.blocks if isinstance(block, Table)]
    if any(sum(_least_and_wish(t.header, t.rows)[0]) > usable for t in tables):
        # A table too wide for a portrait page (the CSG's agenda: nine columns) turns the
        # document's pages to landscape rather than break its references and times.
        for section in out.sections:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = A4[1], A4[0]
        usable = int(A4[1] - 2 * MARGIN)
    out.add_heading(clean(document.title), level=0)
    for block in document.blocks:
        match block:
            case Heading(text, level):
                out.add_heading(clean(text), level=min(9, level))
            case Paragraph(text, italic):
                _lines_into(out.add_paragraph(), text, italic=italic)
            case Fields(pairs):
                for label, value in pairs:
                    paragraph = out.add_paragraph()
                    _lines_into(paragraph, f"{label}: ", bold=True)
                    _lines_into(paragraph, value)
            case Bullets(items):
                for item in items:
                    _lines_into(out.add_paragraph(style="List Bullet"), item)
            case Table(header, rows):
                table = out.add_table(rows=1, cols=len(header))
                table.style = "Table Grid"
                table.autofit = False
                widths = _column_widths(header, rows, usable)
                for column, width in zip(table.columns, widths, strict=True):
                    column.width = width
                for cell, text, width in zip(table.rows[0].cells, header, widths, strict=True):
                    _table_text(cell, text, bold=True)
                    cell.width = width
                for row in rows:
                    cells = table.add_row().cells
                    for cell, text, width in zip(cells, row, widths, strict=True):
                        _table_text(cell, text)
                        cell.width = width
                out.add_paragraph()
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()
