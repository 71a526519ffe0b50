"""A document as a few kinds of block, written once and rendered as Markdown or Word (.docx),
so the two versions of an agenda, minutes or letter always say the same thing."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import datetime

import docx
from docx.shared import Pt

# Characters XML (and so Word) cannot hold; services refuse them, this is a last guard.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Markdown that would change the structure wherever it appears, and at the start of a line.
_INLINE = re.compile(r"([\\`*_\[\]<>|])")
_LINE_START = re.compile(r"^(\s*)(?:([#>+-])|(\d+)([.)]))")


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
    """One line of text that Markdown shows exactly as written.

    ``line_start`` also escapes what would begin a heading, quote or list at the start of a
    line; it is not needed inside table cells, headings or after a bold label.
    """
    escaped = _INLINE.sub(r"\\\1", clean(text))
    if not line_start:
        return escaped
    return _LINE_START.sub(_escape_marker, escaped)


def _escape_marker(match: re.Match[str]) -> str:
    if match.group(2):
        return f"{match.group(1)}\\{match.group(2)}"
    return f"{match.group(1)}{match.group(3)}\\{match.group(4)}"


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


def to_docx(document: Written, *, created: datetime) -> bytes:
    """The document as a Word file, its properties naming Remedy and not any person."""
    out = docx.Document()
    props = out.core_properties
    props.title = clean(document.title)
    props.author = "Remedy"
    props.last_modified_by = "Remedy"
    props.comments = ""
    props.created = created
    props.modified = created
    out.styles["Normal"].font.size = Pt(11)
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
                for cell, text in zip(table.rows[0].cells, header, strict=True):
                    _lines_into(cell.paragraphs[0], text, bold=True)
                for row in rows:
                    cells = table.add_row().cells
                    for cell, text in zip(cells, row, strict=True):
                        _lines_into(cell.paragraphs[0], text)
                out.add_paragraph()
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()
