"""A subject access pack as files: a Word document per section (the person's own record, each
referral, each case, the audit trail), the original attachments, and an index saying what was
included, redacted or withheld, and why."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from remedy_tui.documents.blocks import Fields, Heading, Paragraph, Table, Written, to_docx

REDACTED = "[redacted]"


@dataclass(frozen=True)
class PackEntry:
    """One record as it goes into the pack: its place, what it says and how it is treated."""

    section: str
    title: str
    fields: tuple[tuple[str, str], ...]
    treatment: str
    reason: str | None
    redactions: tuple[str, ...]
    attachment_name: str | None = None
    attachment: bytes | None = None


def redact(text: str, words: Iterable[str]) -> str:
    """``text`` with every one of ``words`` (any case) blacked out."""
    for word in sorted(set(words), key=len, reverse=True):
        text = re.sub(re.escape(word), REDACTED, text, flags=re.IGNORECASE)
    return text


def _file_stem(section: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", section).strip("-").lower() or "section"


def _safe_name(name: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9._ -]+", "_", name).strip(" .")
    return cleaned or "attachment"


def pack_files(
    *, reference: str, entries: Iterable[PackEntry], created: datetime, signed_off_by: str
) -> dict[str, bytes]:
    """The pack's files by relative path: ``index.docx``, one ``NN-section.docx`` a section,
    and ``attachments/NN-filename`` for each attachment released."""
    entries = list(entries)
    sections: dict[str, list[PackEntry]] = {}
    for entry in entries:
        sections.setdefault(entry.section, []).append(entry)
    files: dict[str, bytes] = {}
    index_rows: list[tuple[str, ...]] = []
    attachment_number = 0
    for number, (section, members) in enumerate(sections.items(), start=1):
        name = f"{number:02d}-{_file_stem(section)}.docx"
        blocks: list[Heading | Paragraph | Fields] = []
        for entry in members:
            where = name
            if entry.treatment == "withhold":
                where = "withheld"
            else:
                blocks.append(Heading(redact(entry.title, entry.redactions), level=2))
                blocks.append(
                    Fields(
                        tuple(
                            (label, redact(value, entry.redactions))
                            for label, value in entry.fields
                        )
                    )
                )
                if entry.attachment is not None and entry.attachment_name is not None:
                    attachment_number += 1
                    path = (
                        f"attachments/{attachment_number:02d}-{_safe_name(entry.attachment_name)}"
                    )
                    files[path] = entry.attachment
                    blocks.append(Paragraph(f"The document itself is {path}.", italic=True))
                    where = f"{name}, {path}"
            index_rows.append(
                (
                    section,
                    redact(entry.title, entry.redactions),
                    entry.treatment,
                    entry.reason or "",
                    where,
                )
            )
        if blocks:
            files[name] = to_docx(
                Written(f"{reference}: {section}", tuple(blocks)), created=created
            )
    index = Written(
        f"{reference}: index",
        (
            Paragraph(
                "What Remedy holds about you, record by record: each is included, included with "
                "words redacted (shown as [redacted]), or withheld, with the reason."
            ),
            Fields((("Signed off by", signed_off_by), ("Written", created.strftime("%d %b %Y")))),
            Table(("Section", "Record", "Treatment", "Reason", "Where"), tuple(index_rows)),
        ),
    )
    files["index.docx"] = to_docx(index, created=created)
    return files
