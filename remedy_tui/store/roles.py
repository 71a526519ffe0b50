"""The role matrix (``data/roles.json``): who in the team sees and does what.

One matrix, applied twice: the team server turns it into grants and row-level security
(``server_policies``); the desk reads it to show each person only their role's areas and
records (``services.common.access``). It is data, not code, so that a team can read it and
the README's table can be checked against it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from remedy_tui.store.errors import StoreError
from remedy_tui.store.models import Role

MATRIX_FILE = "roles.json"
FORMAT = "remedy-role-matrix"
_ALL = "SELECT, INSERT, UPDATE, DELETE"
# What each rule lets a group do with a table's rows (their choice is the rule's condition): the
# team server grants exactly these, and the desk asks them on the local file.
RULE_PRIVILEGES = {
    "all": _ALL,
    "confidential": _ALL,
    "on_case_person": _ALL,
    "read": "SELECT",
    "read_case": "SELECT",
    "read_shared": "SELECT",
    "write_case": "SELECT, INSERT, UPDATE",
    "own": "SELECT, INSERT, UPDATE",
    "programme": "SELECT, INSERT",
    "mine": "SELECT",
}
# The areas of the app a group may be given, in the order the function keys offer them.
AREAS = ("queue", "cases", "caseload", "csg", "trainees", "users", "audit", "records", "equality")


@dataclass(frozen=True)
class Group:
    """A group of Remedy roles that the matrix treats alike."""

    code: str
    label: str
    roles: tuple[Role, ...]
    source_text: str
    sees: str
    areas: tuple[str, ...]


@dataclass(frozen=True)
class Matrix:
    """The role matrix: groups, what each may do with each table, and hidden columns."""

    edition: str
    groups: tuple[Group, ...]
    tables: dict[str, dict[str, str]]
    rules: dict[str, str]
    hidden_columns: dict[str, dict[str, Any]]

    def group_of(self, role: Role) -> Group:
        """The group ``role`` belongs to."""
        return next(g for g in self.groups if role in g.roles)

    def roles_in(self, code: str) -> tuple[Role, ...]:
        """The roles of the group called ``code``."""
        return next(g.roles for g in self.groups if g.code == code)

    def rule(self, table: str, code: str) -> str | None:
        """What the group ``code`` may do with ``table``: a rule's name, or None (nothing)."""
        return self.tables.get(table, {}).get(code)

    def writes(self, table: str, code: str) -> bool:
        """Whether the group ``code`` may add rows to ``table``."""
        rule = self.rule(table, code)
        return rule is not None and "INSERT" in RULE_PRIVILEGES.get(rule, "")

    def shows(self, table: str, column: str, code: str) -> bool:
        """Whether the group ``code`` may read ``column`` of ``table`` at all."""
        hidden = self.hidden_columns.get(table)
        return hidden is None or column not in hidden["columns"] or code in hidden["visible_to"]


@cache
def load_matrix() -> Matrix:
    """The role matrix shipped with Remedy, checked whole: every role in exactly one group,
    every rule and area known."""
    from remedy_tui.config import data_dir

    path = data_dir() / MATRIX_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != FORMAT:
        raise StoreError(f"{path} is not Remedy's role matrix.")
    groups = tuple(
        Group(
            code=str(g["code"]),
            label=str(g["label"]),
            roles=tuple(Role(r) for r in g["roles"]),
            source_text=str(g["source_text"]),
            sees=str(g["sees"]),
            areas=tuple(str(a) for a in g["areas"]),
        )
        for g in data["groups"]
    )
    placed = [role for g in groups for role in g.roles]
    if sorted(placed) != sorted(Role) or len(placed) != len(set(placed)):
        raise StoreError("The role matrix must place every Remedy role in exactly one group.")
    for group in groups:
        unknown = [a for a in group.areas if a not in AREAS]
        if not group.areas or unknown:
            raise StoreError(f"The role matrix gives {group.code} unknown areas: {unknown}.")
    codes = {g.code for g in groups}
    rules = {str(k): str(v) for k, v in data["rules"].items()}
    tables = {str(t): {str(g): str(r) for g, r in row.items()} for t, row in data["tables"].items()}
    for table, row in tables.items():
        for code, rule in row.items():
            if code not in codes or rule not in rules or rule not in RULE_PRIVILEGES:
                raise StoreError(f"The role matrix's row for {table} names {code}: {rule}.")
    return Matrix(
        edition=str(data["edition"]),
        groups=groups,
        tables=tables,
        rules=rules,
        hidden_columns=dict(data.get("hidden_columns", {})),
    )
