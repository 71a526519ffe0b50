"""What the signed-in person may see and do, read from the role matrix (``data/roles.json``).

On a team server the server itself enforces the matrix (row-level security and column grants:
``store.server_policies``). The desk applies the same matrix on a local file, so that a TPD,
a CSG member or an administrator meets only their own areas and records there too. On a local
file this is a courtesy and not a lock: whoever holds a passphrase can read the whole file
with other tools, which the README says plainly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, false, or_, select, true
from sqlalchemy.orm import aliased
from sqlmodel import col

from remedy_tui.clock import today
from remedy_tui.store import SignedInUser
from remedy_tui.store.models import (
    AgendaItem,
    Case,
    CsgMember,
    Practitioner,
    Referral,
    Role,
    UserProgramme,
)
from remedy_tui.store.roles import load_matrix


@dataclass(frozen=True)
class Access:
    """The signed-in person's place in the role matrix."""

    user_id: int
    role: Role
    group: str
    group_label: str
    areas: tuple[str, ...]

    @property
    def sees_every_case(self) -> bool:
        """Case managers, the Deputy Dean and the Dean: every case and referral of the team."""
        return load_matrix().rule("cases", self.group) == "all"

    def reads(self, table: str) -> bool:
        """Whether the matrix gives this person any rows of ``table``."""
        return load_matrix().rule(table, self.group) is not None

    def writes(self, table: str) -> bool:
        """Whether the matrix lets this person add rows to ``table``."""
        return load_matrix().writes(table, self.group)

    def shows(self, table: str, column: str) -> bool:
        """Whether this person's role may read ``column`` of ``table`` at all."""
        return load_matrix().shows(table, column, self.group)

    def on_case(self, case: Any = Case) -> ColumnElement[bool]:
        """SQL: the signed-in person is a case manager or the senior owner of ``case`` (the
        Case entity or an alias of it): who may read its confidential notes."""
        return or_(
            col(case.case_manager_id) == self.user_id,
            col(case.second_case_manager_id) == self.user_id,
            col(case.senior_owner_id) == self.user_id,
        )

    def sees_equality_of(self, practitioner_id: Any) -> ColumnElement[bool]:
        """SQL: whether this person may read the equality-monitoring answers of the
        practitioner ``practitioner_id`` (an id or a column), as the team server's policies on
        ``practitioner_equality`` decide it: they are a case manager, second case manager or
        senior owner of one of the practitioner's cases."""
        rule = load_matrix().rule("practitioner_equality", self.group)
        if rule == "all":
            return true()
        if rule != "on_case_person":
            return false()
        return exists().where(col(Case.practitioner_id) == practitioner_id, self.on_case())

    def case_filter(self, case_id: Any = Case.id) -> ColumnElement[bool]:
        """SQL: the cases (by the id column ``case_id``) this person may see at all, as the
        team server's policies on ``cases`` decide it."""
        rule = load_matrix().rule("cases", self.group)
        if rule == "all":
            return true()
        if rule is None:
            return false()
        if self.group == "csg":
            # An alias of its own, so that a query that reads agenda items itself does not
            # have this subquery correlated to its own rows.
            item = aliased(AgendaItem)
            on_agenda = exists(select(1).select_from(item).where(col(item.case_id) == case_id))
            return and_(self.csg_member(), on_agenda.correlate_except(item))
        # An alias of its own: the case asked about may be the outer query's own ``cases``,
        # which SQLAlchemy would otherwise correlate away from this subquery.
        inner = aliased(Case)
        return exists(
            select(1)
            .select_from(inner)
            .join(Practitioner, col(Practitioner.id) == col(inner.practitioner_id))
            .join(UserProgramme, col(UserProgramme.programme) == col(Practitioner.programme))
            .where(col(UserProgramme.user_id) == self.user_id, col(inner.id) == case_id)
            .correlate_except(inner, Practitioner, UserProgramme)
        )

    def person_filter(self) -> ColumnElement[bool]:
        """SQL: the practitioners this person may see, as the server's policies decide it (a
        programme lead: people in their programmes or in a referral they submitted; a CSG
        member: people with a case on the group's agendas)."""
        rule = load_matrix().rule("practitioners", self.group)
        if rule == "all":
            return true()
        if rule is None:
            return false()
        if self.group == "csg":
            case = aliased(Case)
            return and_(
                self.csg_member(),
                exists(
                    select(1)
                    .select_from(case)
                    .join(AgendaItem, col(AgendaItem.case_id) == col(case.id))
                    .where(col(case.practitioner_id) == col(Practitioner.id))
                ),
            )
        return or_(
            col(Practitioner.programme).in_(
                select(col(UserProgramme.programme)).where(
                    col(UserProgramme.user_id) == self.user_id
                )
            ),
            exists().where(
                col(Referral.practitioner_id) == col(Practitioner.id),
                col(Referral.created_by_id) == self.user_id,
            ),
        )

    @property
    def leads_programmes(self) -> bool:
        """A TPD or head of school: adds trainees only to the programmes they lead."""
        return load_matrix().rule("practitioners", self.group) == "programme"

    def referral_filter(self) -> ColumnElement[bool]:
        """SQL: the referrals this person may see (a programme lead: those they submitted)."""
        rule = load_matrix().rule("referrals", self.group)
        if rule == "all":
            return true()
        if rule == "own":
            return col(Referral.created_by_id) == self.user_id
        if rule is None:
            return false()
        return and_(col(Referral.case_id).is_not(None), self.case_filter(Referral.case_id))

    def csg_member(self) -> ColumnElement[bool]:
        """SQL: the signed-in person is a current member of the Clinical Support Group."""
        return exists().where(
            col(CsgMember.user_id) == self.user_id,
            or_(col(CsgMember.left_on).is_(None), col(CsgMember.left_on) > today()),
        )


def access_of(user: SignedInUser) -> Access:
    """Where ``user`` stands in the matrix. An administrator who also holds another role (a
    case manager who manages users) has that role's areas and the users area too."""
    group = load_matrix().group_of(user.role)
    areas = group.areas
    if user.is_admin and "users" not in areas:
        areas = (*areas, "users")
    return Access(
        user_id=user.id, role=user.role, group=group.code, group_label=group.label, areas=areas
    )
