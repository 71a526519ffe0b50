"""practitioner search index (FTS5)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22

Full-text search over practitioners' names and registration numbers. On the local file it is
an FTS5 table kept in step with the table by triggers (FTS5 is compiled into SQLCipher); on a
team server it is a GIN index over PostgreSQL's own text-search document of the same columns,
which the server keeps in step by itself. Each is reached only through its backend's search.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = "given_names, family_name, registration_number"


# The document the PostgreSQL index is built over; the backend's search condition repeats it
# (remedy_tui.store.postgres.PRACTITIONER_DOCUMENT) so the planner uses the index. Written out
# here, not imported, because a migration must not change when the code does.
PG_DOCUMENT = (
    "to_tsvector('simple'::regconfig, coalesce(given_names, '') || ' ' || "
    "coalesce(family_name, '') || ' ' || coalesce(registration_number, ''))"
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"CREATE INDEX ix_practitioners_search ON practitioners USING gin ({PG_DOCUMENT})"
        )
        return
    op.execute(
        f"""
        CREATE VIRTUAL TABLE practitioner_search USING fts5(
            {COLUMNS},
            content='practitioners', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2', prefix='1 2 3'
        )
        """
    )
    op.execute(
        f"""
        CREATE TRIGGER practitioner_search_insert AFTER INSERT ON practitioners BEGIN
            INSERT INTO practitioner_search(rowid, {COLUMNS})
            VALUES (new.id, new.given_names, new.family_name, new.registration_number);
        END
        """
    )
    op.execute(
        f"""
        CREATE TRIGGER practitioner_search_delete AFTER DELETE ON practitioners BEGIN
            INSERT INTO practitioner_search(practitioner_search, rowid, {COLUMNS})
            VALUES ('delete', old.id, old.given_names, old.family_name, old.registration_number);
        END
        """
    )
    op.execute(
        f"""
        CREATE TRIGGER practitioner_search_update
        AFTER UPDATE OF given_names, family_name, registration_number ON practitioners BEGIN
            INSERT INTO practitioner_search(practitioner_search, rowid, {COLUMNS})
            VALUES ('delete', old.id, old.given_names, old.family_name, old.registration_number);
            INSERT INTO practitioner_search(rowid, {COLUMNS})
            VALUES (new.id, new.given_names, new.family_name, new.registration_number);
        END
        """
    )
    op.execute("INSERT INTO practitioner_search(practitioner_search) VALUES ('rebuild')")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_practitioners_search")
        return
    for trigger in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS practitioner_search_{trigger}")
    op.execute("DROP TABLE IF EXISTS practitioner_search")
