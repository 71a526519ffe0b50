"""Remedy's fields that a team's spreadsheet can fill, and the mapping of its columns to them.

A mapping is confirmed by the person importing; once confirmed it is saved (owner-only, in the
settings folder) for the next file with the same columns, and a script gives it on the command
line instead.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from remedy_tui import config
from remedy_tui.services.common.errors import ValidationError
from remedy_tui.store.private_files import write_atomically


@dataclass(frozen=True)
class ImportField:
    """A field of Remedy's that a column can fill: its name, how people say it, and the
    headers it is recognised by."""

    name: str
    label: str
    part: str
    also: tuple[str, ...] = ()


FIELDS: tuple[ImportField, ...] = (
    ImportField("registration_body", "Regulator (GMC, GDC, GPhC)", "practitioner", ("regulator",)),
    ImportField(
        "registration_number",
        "Registration number",
        "practitioner",
        ("gmc", "gmc number", "gmc no", "gdc number", "gphc number", "reg no"),
    ),
    ImportField("title", "Title", "practitioner"),
    ImportField("given_names", "Given names", "practitioner", ("first name", "forename")),
    ImportField("family_name", "Family name", "practitioner", ("surname", "last name")),
    ImportField("grade", "Grade", "practitioner"),
    ImportField("specialty", "Specialty", "practitioner", ("speciality",)),
    ImportField("programme", "Programme", "practitioner", ("training programme",)),
    ImportField("employer", "Employer or trust", "practitioner", ("employer", "trust")),
    ImportField("received_on", "Date referral received", "referral", ("date received",)),
    ImportField("source", "Referred by (source)", "referral", ("referral source",)),
    ImportField("triggers", "Triggers", "referral", ("trigger",)),
    ImportField("referrer_name", "Referrer", "referral", ("referred by",)),
    ImportField("form1_received_on", "Form 1 received", "referral"),
    ImportField("form1_completed_by", "Form 1 completed by", "referral"),
    ImportField("form1_incident_on", "Date of the incident", "referral", ("incident date",)),
    ImportField(
        "form1_what_happened", "What happened", "referral", ("concern", "details", "summary")
    ),
    ImportField("form2_received_on", "Form 2 received", "referral"),
    ImportField("form2_completed_by", "Form 2 completed by", "referral"),
    ImportField(
        "concerns",
        "Concern areas (area=severity: description; ...)",
        "referral",
        ("form 2", "concern areas", "form 2 concerns"),
    ),
    ImportField("outcome", "Triage outcome", "decision", ("triage outcome", "decision")),
    ImportField("level", "Level (1, 2, 3)", "decision"),
    ImportField("rationale", "Rationale", "decision", ("reasons", "reason")),
    ImportField("decided_on", "Date decided", "decision", ("triage date", "date decided")),
    ImportField("case_manager", "Case manager (user name)", "decision"),
    ImportField("action", "Action", "action", ("action description",)),
    ImportField("action_owner", "Action owner", "action", ("owner",)),
    ImportField("action_due_on", "Action due", "action", ("due", "due date")),
)
FIELD_NAMES = frozenset(field.name for field in FIELDS)
MAPPINGS_FILE = "import-mappings.json"


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def guess_mapping(headers: Iterable[str]) -> dict[str, str]:
    """Each header that names one of Remedy's fields (by its name, label or a usual wording)
    mapped to that field; a field is filled from one column at most."""
    known: dict[str, str] = {}
    for field in FIELDS:
        for wording in (field.name, field.label, *field.also):
            known.setdefault(_key(wording), field.name)
    mapping: dict[str, str] = {}
    for header in headers:
        name = known.get(_key(header))
        if name is not None and name not in mapping.values():
            mapping[header] = name
    return mapping


def parse_mapping_options(options: Iterable[str], headers: Iterable[str]) -> dict[str, str]:
    """``COLUMN=field`` pairs as given on the command line, checked against the file's
    headers and Remedy's fields."""
    present = set(headers)
    mapping: dict[str, str] = {}
    for option in options:
        column, sep, name = option.rpartition("=")
        column, name = column.strip(), name.strip()
        if not sep or not column:
            raise ValidationError("map", f"{option!r} is not COLUMN=field.")
        if column not in present:
            raise ValidationError("map", f"The file has no column {column!r}.")
        if name and name not in FIELD_NAMES:
            raise ValidationError(
                "map",
                f"{name!r} is not one of Remedy's fields; `remedy import --fields` lists them.",
            )
        mapping[column] = name
    return mapping


def check_mapping(mapping: Mapping[str, str]) -> dict[str, str]:
    """The mapping without its blank entries; a field filled from two columns is refused."""
    cleaned = {column: name for column, name in mapping.items() if name}
    seen: dict[str, str] = {}
    for column, name in cleaned.items():
        if name not in FIELD_NAMES:
            raise ValidationError("map", f"{name!r} is not one of Remedy's fields.")
        if name in seen:
            raise ValidationError(
                "map", f"Both {seen[name]!r} and {column!r} are mapped to {name}: choose one."
            )
        seen[name] = column
    for needed in ("registration_number", "family_name"):
        if needed not in seen:
            raise ValidationError(
                "map",
                f"No column is mapped to {needed}: Remedy matches practitioners by their "
                "registration number and checks it against their name.",
            )
    return cleaned


def headers_key(headers: Iterable[str]) -> str:
    """A key for a file's set of columns, under which its confirmed mapping is saved."""
    body = "\n".join(sorted(headers))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


def saved_mapping(headers: Iterable[str]) -> dict[str, str] | None:
    """The mapping confirmed before for a file with these columns, if any."""
    path = config.config_dir() / MAPPINGS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    headers = list(headers)
    entry = data.get(headers_key(headers)) if isinstance(data, dict) else None
    if not isinstance(entry, dict):
        return None
    mapping = {str(k): str(v) for k, v in entry.items() if k in headers and v in FIELD_NAMES}
    return mapping or None


def save_mapping(headers: Iterable[str], mapping: Mapping[str, str]) -> None:
    """Remember a confirmed mapping for the next file with these columns (owner-only)."""
    folder = config.config_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / MAPPINGS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    if not isinstance(data, dict):
        data = {}
    data[headers_key(headers)] = dict(mapping)
    write_atomically(path, json.dumps(data, indent=2, sort_keys=True).encode("utf-8"))
