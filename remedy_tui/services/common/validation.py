"""Checks on what people type, shared by every service."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from remedy_tui.services.common.errors import ValidationError

# Tab and newline are text; every other control character (ESC above all, which starts
# terminal escape sequences) is refused rather than stored.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
USERNAME = re.compile(r"^[a-z][a-z0-9._-]{1,31}$")
RATIONALE_LIMIT = 20_000


def clean_text(
    value: str | None,
    *,
    field: str,
    label: str,
    max_length: int,
    required: bool = False,
    multiline: bool = False,
) -> str | None:
    """Trimmed, NFC-normalised text, or a clear error; markup is kept literally, as typed."""
    if value is None:
        text = ""
    else:
        text = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
        text = text.strip()
    if not text:
        if required:
            raise ValidationError(field, f"{label} is required.")
        return None
    if _CONTROL.search(text):
        raise ValidationError(
            field,
            f"{label} contains control characters (such as terminal escape sequences); "
            "remove them and try again.",
        )
    if not multiline and "\n" in text:
        raise ValidationError(field, f"{label} must be on one line.")
    if len(text) > max_length:
        raise ValidationError(
            field, f"{label} is too long ({len(text):,} characters; the limit is {max_length:,})."
        )
    return text


def required_text(
    value: str | None, *, field: str, label: str, max_length: int, multiline: bool = False
) -> str:
    """Like :func:`clean_text` but never None."""
    text = clean_text(
        value,
        field=field,
        label=label,
        max_length=max_length,
        required=True,
        multiline=multiline,
    )
    assert text is not None
    return text


def clean_rationale(rationale: str | None) -> str | None:
    """A rationale, trimmed (None if empty); control characters and excess length refused."""
    return clean_text(
        rationale,
        field="rationale",
        label="The rationale",
        max_length=RATIONALE_LIMIT,
        multiline=True,
    )


def check_username(username: str) -> str:
    """A user name: lower case letters, digits, dot, dash or underscore, 2 to 32 long."""
    name = username.strip()
    if not USERNAME.match(name):
        raise ValidationError(
            "username",
            "A user name is 2 to 32 characters: lower-case letters, digits, '.', '-' or '_', "
            "starting with a letter.",
        )
    return name


def parse_date(value: str | None, *, field: str, label: str, required: bool = False) -> date | None:
    """A date typed as YYYY-MM-DD (or DD/MM/YYYY), with a clear error for impossible ones."""
    text = (value or "").strip()
    if not text:
        if required:
            raise ValidationError(field, f"{label} is required (YYYY-MM-DD).")
        return None
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text) or None
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
        if not match:
            raise ValidationError(field, f"{label}: {text!r} is not a date; use YYYY-MM-DD.")
        day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise ValidationError(field, f"{label}: {text} is not a real date.") from None


def date_value(
    value: date | str | None, *, field: str, label: str, required: bool = False
) -> date | None:
    """A date given as a date or as typed text (see :func:`parse_date`)."""
    if isinstance(value, date):
        return value
    return parse_date(value, field=field, label=label, required=required)


def whole_number(
    value: int | str | None, *, field: str, label: str, minimum: int, maximum: int
) -> int:
    """A whole number between ``minimum`` and ``maximum``, given as a number or as typed text."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        text = (value or "").strip() if isinstance(value, str) else ""
        if not text:
            raise ValidationError(field, f"{label} is required ({minimum} to {maximum}).")
        if not re.fullmatch(r"[+-]?\d{1,9}", text):
            raise ValidationError(field, f"{label}: {text!r} is not a whole number.")
        number = int(text)
    if not minimum <= number <= maximum:
        raise ValidationError(field, f"{label} must be from {minimum} to {maximum}.")
    return number
