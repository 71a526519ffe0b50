"""Dates typed on a case: real dates, not before the case was opened, in the future only when
that makes sense (a due date), with a message that says which rule was broken."""

from __future__ import annotations

from datetime import date

from remedy_tui import clock
from remedy_tui.services.common.errors import ValidationError
from remedy_tui.services.common.validation import date_value
from remedy_tui.store.models import Case


def case_day(
    case: Case,
    value: date | str | None,
    *,
    field: str,
    label: str,
    future: bool = False,
    default_today: bool = False,
) -> date:
    """The date typed for ``field``, checked against the case's opening and today."""
    day = date_value(value, field=field, label=label, required=not default_today)
    today = clock.today()
    if day is None:
        day = today
    if day < case.opened_on:
        raise ValidationError(
            field,
            f"{label} ({day.isoformat()}) is before the case was opened "
            f"({case.opened_on.isoformat()}); nothing was saved.",
        )
    if not future and day > today:
        raise ValidationError(
            field, f"{label} ({day.isoformat()}) is in the future; nothing was saved."
        )
    return day
