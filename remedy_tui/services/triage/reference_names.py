"""The names a team types again and again (trusts, programmes, TPDs, educational
supervisors): the spellings already on the record, offered as the user types so one trust is
not typed two ways, and a merge that makes two spellings of one name one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from remedy_tui.services.common.errors import ValidationError
from remedy_tui.services.common.validation import required_text
from remedy_tui.store.models import Practitioner, Referral, UserProgramme

# What each list is called, and where its names are kept on the record.
KINDS: dict[str, tuple[str, tuple[tuple[Any, str], ...]]] = {
    "trust": ("Trust", ((Referral, "trust"), (Practitioner, "employer"))),
    "programme": ("Programme", ((Referral, "programme"), (Practitioner, "programme"))),
    "tpd": ("TPD", ((Practitioner, "tpd_name"),)),
    "educational_supervisor": (
        "Educational supervisor",
        ((Practitioner, "educational_supervisor"),),
    ),
}


@dataclass(frozen=True)
class KnownNames:
    """Every spelling on the record, by list, for type-ahead."""

    trusts: tuple[str, ...] = ()
    programmes: tuple[str, ...] = ()
    tpds: tuple[str, ...] = ()
    educational_supervisors: tuple[str, ...] = ()


def names_of(*, session: Session, kind: str) -> tuple[str, ...]:
    """The spellings of one list on the record, in alphabetical order."""
    found: set[str] = set()
    for model, attribute in KINDS[kind][1]:
        column = col(getattr(model, attribute))
        rows = session.execute(sa_select(column).where(column.is_not(None)).distinct()).all()
        found.update(row[0] for row in rows if row[0] and row[0].strip())
    return tuple(sorted(found, key=str.casefold))


def known_names(*, session: Session) -> KnownNames:
    """The four lists, for the forms that offer them as the user types."""
    return KnownNames(
        names_of(session=session, kind="trust"),
        names_of(session=session, kind="programme"),
        names_of(session=session, kind="tpd"),
        names_of(session=session, kind="educational_supervisor"),
    )


def merge_names(*, session: Session, actor_id: int, kind: str, keep: str, merge: str) -> int:
    """Make every ``merge`` of a list read ``keep`` (each record changed is audited); returns
    how many records changed. Commits."""
    if kind not in KINDS:
        raise ValidationError("kind", "Choose which list the two spellings are in.")
    keep = required_text(keep, field="keep", label="The spelling to keep", max_length=200)
    merge = required_text(merge, field="merge", label="The spelling to merge", max_length=200)
    if keep == merge:
        raise ValidationError("merge", "The two spellings are the same: there is nothing to merge.")
    label = KINDS[kind][0].lower()
    if merge not in names_of(session=session, kind=kind):
        raise ValidationError("merge", f"No record has the {label} '{merge}'; nothing was changed.")
    if kind == "programme":
        led = session.exec(select(UserProgramme).where(col(UserProgramme.programme) == merge))
        if led.first() is not None:
            raise ValidationError(
                "merge",
                f"'{merge}' is a programme a TPD or head of school leads, and what they see on "
                "the team server follows its name: an administrator changes theirs first. "
                "Nothing was changed.",
            )
    changed = 0
    for model, attribute in KINDS[kind][1]:
        rows = session.exec(select(model).where(col(getattr(model, attribute)) == merge)).all()
        for row in rows:
            setattr(row, attribute, keep)
            session.add(row)
            changed += 1
    session.commit()
    return changed
