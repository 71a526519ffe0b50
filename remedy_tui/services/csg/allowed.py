"""The role matrix in the CSG area: which cases' records a person reads there, and which of the
group's changes reach beyond the group's own tables.

A CSG member works the group's tables in full (meetings, agendas, members, attendance,
conflicts) but only reads the cases on its agendas, and writes nothing of a case but the moment
of its last activity. On a team server the server refuses the rest; on a local file these
functions apply the same matrix, and the CSG screens offer only what it allows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement

from remedy_tui.services.common.access import Access
from remedy_tui.services.common.errors import PermissionDeniedError


def writes(access: Access | None, table: str) -> bool:
    """Whether the matrix lets the signed-in person add rows to ``table`` (None: the command
    line and the services' own callers, which the matrix does not limit)."""
    if access is None:
        return True
    return access.writes(table)


def reads(access: Access | None, table: str) -> bool:
    """Whether the matrix gives the signed-in person any rows of ``table``."""
    return access is None or access.reads(table)


def seen_cases(access: Access | None, case_id: Any) -> list[ColumnElement[bool]]:
    """Conditions keeping to the cases (by the id column ``case_id``) the person may see: none
    for whoever sees every case, as for the command line."""
    if access is None or access.sees_every_case:
        return []
    return [access.case_filter(case_id)]


@dataclass(frozen=True)
class CsgRights:
    """What the signed-in person may do in the CSG area beyond the group's own tables."""

    refers_cases: bool
    produces_papers: bool
    adds_actions: bool
    records_on_the_case: bool


def csg_rights(access: Access | None) -> CsgRights:
    """The signed-in person's rights in the CSG area, from the role matrix."""

    def all_of(*tables: str) -> bool:
        return all(writes(access, table) for table in tables)

    return CsgRights(
        # A referral keeps its signed agreement as a document and goes on the case's timeline.
        refers_cases=all_of(
            "external_referrals", "documents", "document_contents", "timeline_entries"
        ),
        # Papers are kept as documents; the feedback letters go on their cases' timelines.
        produces_papers=all_of("documents", "document_contents", "timeline_entries"),
        adds_actions=all_of("actions", "timeline_entries"),
        # Outcomes and the chair's decisions become the case's decisions (with the checklist
        # as it stood), go on its timeline and move its referral on.
        records_on_the_case=all_of("decisions", "timeline_entries", "external_referrals")
        and reads(access, "checklist_answers"),
    )


def refuse_unless(allowed: bool, access: Access | None, doing: str, who_does: str) -> None:
    """Refuse ``doing`` in words when the matrix does not allow it (the team server would
    refuse it too, in less helpful ones)."""
    if allowed:
        return
    group = access.group_label if access is not None else "your role"
    raise PermissionDeniedError(
        f"The role matrix does not let the {group} {doing}: {who_does}. Nothing was saved."
    )
