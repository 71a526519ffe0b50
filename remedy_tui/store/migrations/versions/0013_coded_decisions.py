"""every decision has a coded outcome, with its words kept apart

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-29

``decisions.outcome`` held codes, labels and free text side by side ('open_case', 'Closed',
'Level 3 to 3', "Chair's decision: ..."), so no stage could be counted from it. A new column,
``code``, holds the coded outcome (``DecisionOutcome``), read here from each row's kind and
words; ``outcome`` keeps the words shown with it, and a triage decision's code there becomes
its label. Words that say nothing codeable (a level change from a level to the same level)
are coded 'recorded', and keep their words.

The column is added with a default so that SQLite can add it NOT NULL in place (batch mode
would copy the table); the services always write a code. On PostgreSQL the default is dropped.
Indexes on decisions (case_id, kind, code, level), on referrals (practitioner, received, level,
outcome, case, forms, trust, programme) and on practitioners (id, grade) let the equality
figures read every stage from indexes alone: 100,000 cases are counted without reading a row.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The triage outcomes' codes and the words shown for them (enums._LABELS, as of this revision).
TRIAGE = {
    "no_further_action": "Keep on file, no further action",
    "refer_back_to_trust": "Refer back to the trust",
    "request_information": "Request information",
    "open_case": "Open a case",
    "senior_owner": "Level 3: senior owner",
    "escalate_to_dean": "Escalate to the Dean",
    "defer": "Defer to next week",
    "link_to_case": "Link to open case",
}
# Kinds with a single coded outcome.
ONE_OUTCOME = {
    "reassignment": "reassigned",
    "escalation": "escalated_to_dean",
    "immediate_action": "immediate_action_taken",
    "closure": "closed",
    "reopening": "reopened",
    "csg_outcome": "csg_outcome_recorded",
    "chair_dispute": "chair_decided",
}
LEVELS = "('1', '2', '3')"
INDEXES = {"ix_decisions_stages": ("decisions", ["case_id", "kind", "code", "level"])}
OTHER_INDEXES = {
    "ix_referrals_stages": (
        "referrals",
        [
            "practitioner_id",
            "received_on",
            "level",
            "outcome",
            "case_id",
            "form1_received_on",
            "form2_received_on",
            "trust",
            "programme",
        ],
    ),
    "ix_practitioners_grade": ("practitioners", ["id", "grade"]),
}


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _code_of() -> str:
    """SQL: the code of a row as stored before this revision."""
    whens = [
        f"WHEN kind = 'triage' AND outcome IN ({_quoted(code)}, {_quoted(label)}) "
        f"THEN {_quoted(code)}"
        for code, label in TRIAGE.items()
    ]
    # Levels are single digits, so comparing them as text orders them.
    whens += [
        f"WHEN kind = 'level_change' AND from_value IN {LEVELS} AND to_value IN {LEVELS} "
        "AND to_value > from_value THEN 'level_raised'",
        f"WHEN kind = 'level_change' AND from_value IN {LEVELS} AND to_value IN {LEVELS} "
        "AND to_value < from_value THEN 'level_lowered'",
        "WHEN kind = 'status_change' AND (to_value = 'quiet' OR outcome = 'Support gone quiet') "
        "THEN 'gone_quiet'",
        "WHEN kind = 'status_change' AND (to_value = 'open' OR outcome = 'Support active again') "
        "THEN 'active_again'",
    ]
    whens += [f"WHEN kind = {_quoted(k)} THEN {_quoted(c)}" for k, c in ONE_OUTCOME.items()]
    return "CASE " + " ".join(whens) + " ELSE 'recorded' END"


def _words(column: str, pairs: dict[str, str]) -> str:
    whens = " ".join(f"WHEN {_quoted(a)} THEN {_quoted(b)}" for a, b in pairs.items())
    return f"CASE {column} {whens} ELSE {column} END"


def upgrade() -> None:
    op.add_column(
        "decisions",
        sa.Column("code", sa.String(length=40), nullable=False, server_default="recorded"),
    )
    op.execute(f"UPDATE decisions SET code = {_code_of()}")
    codes = ", ".join(_quoted(c) for c in TRIAGE)
    op.execute(
        f"UPDATE decisions SET outcome = {_words('outcome', TRIAGE)} "
        f"WHERE kind = 'triage' AND outcome IN ({codes})"
    )
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("decisions", "code", server_default=None)
    for name, (table, columns) in {**INDEXES, **OTHER_INDEXES}.items():
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, (table, _) in {**INDEXES, **OTHER_INDEXES}.items():
        op.drop_index(name, table_name=table)
    labels = ", ".join(_quoted(label) for label in TRIAGE.values())
    back = {label: code for code, label in TRIAGE.items()}
    op.execute(
        f"UPDATE decisions SET outcome = {_words('outcome', back)} "
        f"WHERE kind = 'triage' AND outcome IN ({labels})"
    )
    op.drop_column("decisions", "code")
