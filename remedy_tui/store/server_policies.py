"""Row-level security and column grants on a team database, generated from the role matrix.

The matrix (``data/roles.json``) says, for each table, what each group of roles may do with
it; this module turns it into PostgreSQL: a group role per Remedy role (made by
``server_roles``), table and column grants, and policies on every table with row-level
security *forced*, so that no session, the owner's included, reads a row no policy gives it.
The owner (the role ``remedy server init`` runs as) has a policy of its own on every table:
setting up, adding people and moving a team in are its work, and no desktop signs in as it.

Which rows a programme lead or a CSG member may see, and whether someone is on a case (or on
a case of a practitioner, for equality-monitoring answers), is decided by a few functions that
run as the owner (``SECURITY DEFINER``), so that a policy that asks "is this case on an
agenda?" does not itself meet the policies of the tables it reads.
"""

from __future__ import annotations

from psycopg import sql
from sqlalchemy import Connection, text

from remedy_tui.store.errors import StoreError
from remedy_tui.store.models import Role
from remedy_tui.store.roles import RULE_PRIVILEGES, Matrix, load_matrix
from remedy_tui.store.server import group_role
from remedy_tui.store.server_roles import run_composed

# How each table's rows lead to a case, a referral or a person (code, not data: it follows
# the schema, which the matrix does not describe).
CASE_OF = {
    "cases": "id",
    "case_activity": "case_id",
    "decisions": "case_id",
    "actions": "case_id",
    "timeline_entries": "case_id",
    "risk_assessments": "case_id",
    "documents": "case_id",
    "document_contents": "remedy_case_of_document(document_id)",
    "external_referrals": "case_id",
    "checklist_answers": "case_id",
    "referrals": "case_id",
    "practitioners": "NULL",
}
REFERRAL_OF = {
    "referrals": "id",
    "referral_activity": "referral_id",
    "form2_concerns": "referral_id",
}
GRANTS = RULE_PRIVILEGES
# Tables every signed-in person touches whatever their role, with what they may do there:
# the audit trail (appended to by every change; read by those who see every case), the
# store's settings with the chain's head, the key slots (each person changes only their own).
COMMON = ("audit_entries", "store_meta", "key_slots", "alembic_version")


def _functions() -> list[str]:
    """The owner's functions the policies ask (every one fixed to the public schema)."""
    prefix = "LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS"
    me = "remedy_me()"
    return [
        f"""CREATE OR REPLACE FUNCTION remedy_me() RETURNS integer {prefix} $$
            SELECT id FROM users
            WHERE username = substr(session_user, length(current_database()) + 2) AND active
        $$""",
        f"""CREATE OR REPLACE FUNCTION remedy_on_case(c integer) RETURNS boolean {prefix} $$
            SELECT EXISTS (SELECT 1 FROM cases WHERE id = c
                AND {me} IN (case_manager_id, second_case_manager_id, senior_owner_id))
        $$""",
        f"""CREATE OR REPLACE FUNCTION remedy_on_person(p integer) RETURNS boolean {prefix} $$
            SELECT EXISTS (SELECT 1 FROM cases WHERE practitioner_id = p
                AND {me} IN (case_manager_id, second_case_manager_id, senior_owner_id))
        $$""",
        f"""CREATE OR REPLACE FUNCTION remedy_case_of_document(d integer) RETURNS integer
            {prefix} $$ SELECT case_id FROM documents WHERE id = d $$""",
        f"""CREATE OR REPLACE FUNCTION remedy_lead_sees_case(c integer) RETURNS boolean {prefix} $$
            SELECT EXISTS (SELECT 1 FROM cases k
                JOIN practitioners p ON p.id = k.practitioner_id
                JOIN user_programmes up ON up.programme = p.programme AND up.user_id = {me}
                WHERE k.id = c)
        $$""",
        f"""CREATE OR REPLACE FUNCTION remedy_csg_member() RETURNS boolean {prefix} $$
            SELECT EXISTS (SELECT 1 FROM csg_members
                WHERE user_id = {me} AND (left_on IS NULL OR left_on > current_date))
        $$""",
        f"""CREATE OR REPLACE FUNCTION remedy_csg_sees_case(c integer) RETURNS boolean {prefix} $$
            SELECT remedy_csg_member() AND EXISTS (SELECT 1 FROM agenda_items WHERE case_id = c)
        $$""",
        f"""CREATE OR REPLACE FUNCTION remedy_lead_sees_person(p integer) RETURNS boolean
            {prefix} $$
            SELECT EXISTS (SELECT 1 FROM practitioners x
                JOIN user_programmes up ON up.programme = x.programme AND up.user_id = {me}
                WHERE x.id = p)
            OR EXISTS (SELECT 1 FROM referrals WHERE practitioner_id = p AND created_by_id = {me})
        $$""",
        f"""CREATE OR REPLACE FUNCTION remedy_csg_sees_person(p integer) RETURNS boolean
            {prefix} $$
            SELECT remedy_csg_member() AND EXISTS (SELECT 1 FROM cases k
                JOIN agenda_items a ON a.case_id = k.id WHERE k.practitioner_id = p)
        $$""",
        f"""CREATE OR REPLACE FUNCTION remedy_csg_paper(d integer) RETURNS boolean {prefix} $$
            SELECT remedy_csg_member() AND EXISTS (SELECT 1 FROM documents
                WHERE id = d AND case_id IS NULL AND csg_meeting_id IS NOT NULL)
        $$""",
        f"""CREATE OR REPLACE FUNCTION remedy_submitted(r integer) RETURNS boolean {prefix} $$
            SELECT EXISTS (SELECT 1 FROM referrals WHERE id = r AND created_by_id = {me})
        $$""",
    ]


def _condition(table: str, group: str, rule: str) -> tuple[str, str]:
    """The policy's USING and WITH CHECK for ``group`` under ``rule`` on ``table``."""
    sees_case = {"programme_lead": "remedy_lead_sees_case", "csg": "remedy_csg_sees_case"}
    if rule in ("all", "read"):
        return "true", "true"
    if rule == "confidential":
        guard = "(NOT confidential OR remedy_on_case(case_id))"
        return guard, guard
    if rule == "on_case_person":
        return "remedy_on_person(practitioner_id)", "remedy_on_person(practitioner_id)"
    if rule in ("read_case", "write_case", "read_shared"):
        if table == "practitioners":
            person = {"programme_lead": "remedy_lead_sees_person", "csg": "remedy_csg_sees_person"}
            check = f"{person[group]}(id)"
        else:
            check = f"{sees_case[group]}({CASE_OF[table]})"
        if rule == "read_shared":
            check = f"(shared_with_tpd AND {check})"
        if group == "csg" and table in ("documents", "document_contents"):
            # The group's own meeting papers (agenda, minutes) belong to no case.
            paper = "id" if table == "documents" else "document_id"
            check = f"({check} OR remedy_csg_paper({paper}))"
        return check, check
    if rule == "own":
        if table == "referrals":
            return "created_by_id = remedy_me()", "created_by_id = remedy_me()"
        check = f"remedy_submitted({REFERRAL_OF[table]})"
        return check, check
    if rule == "programme":
        return "remedy_lead_sees_person(id)", "true"
    if rule == "mine":
        return "user_id = remedy_me()", "false"
    raise StoreError(f"Unknown rule {rule!r} in the role matrix.")


def apply_policies(conn: Connection, database: str) -> None:
    """Grant and guard every table as the matrix says; run as the owner, again after every
    upgrade (it replaces what it made before)."""
    matrix = load_matrix()
    unknown = sorted({r for row in matrix.tables.values() for r in row.values()} - set(GRANTS))
    if unknown:
        raise StoreError(f"The team server has no grants for the rules {', '.join(unknown)}.")
    owner = conn.execute(text("SELECT current_user")).scalar_one()
    for statement in _functions():
        conn.exec_driver_sql(statement)
    tables = [
        str(t)
        for t in conn.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        ).scalars()
    ]
    missing = sorted(set(tables) - set(matrix.tables) - set(COMMON))
    if missing:
        raise StoreError(f"The role matrix says nothing of the tables {', '.join(missing)}.")
    every_group = [sql.Identifier(group_role(database, role.value)) for role in Role]
    for table in tables:
        name = sql.Identifier(table)
        run_composed(conn, sql.SQL("REVOKE ALL ON {} FROM PUBLIC").format(name))
        for group in every_group:
            run_composed(conn, sql.SQL("REVOKE ALL ON {} FROM {}").format(name, group))
        run_composed(conn, sql.SQL("ALTER TABLE {} ENABLE ROW LEVEL SECURITY").format(name))
        run_composed(conn, sql.SQL("ALTER TABLE {} FORCE ROW LEVEL SECURITY").format(name))
        for (policy,) in conn.execute(
            text("SELECT policyname FROM pg_policies WHERE tablename = :t"), {"t": table}
        ):
            run_composed(conn, sql.SQL("DROP POLICY {} ON {}").format(sql.Identifier(policy), name))
        _policy(conn, name, "remedy_owner", "ALL", sql.Identifier(owner), "true", "true")
        if table in COMMON:
            _common(conn, table, database, matrix)
            continue
        for code, rule in matrix.tables[table].items():
            groups = [sql.Identifier(group_role(database, r.value)) for r in matrix.roles_in(code)]
            _grant(conn, table, code, rule, groups, matrix)
            using, check = _condition(table, code, rule)
            reads_only = GRANTS[rule] == "SELECT"
            _policy(
                conn,
                name,
                f"remedy_{code}",
                "SELECT" if reads_only else "ALL",
                sql.SQL(", ").join(groups),
                using,
                None if reads_only else check,
            )
    run_composed(
        conn,
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {} TO {}").format(
            sql.Identifier(conn.execute(text("SELECT current_schema()")).scalar_one()),
            sql.SQL(", ").join(every_group),
        ),
    )


def _grant(
    conn: Connection,
    table: str,
    code: str,
    rule: str,
    groups: list[sql.Identifier],
    matrix: Matrix,
) -> None:
    privileges = GRANTS[rule]
    hidden = matrix.hidden_columns.get(table)
    to = sql.SQL(", ").join(groups)
    name = sql.Identifier(table)
    if hidden is None or code in hidden["visible_to"]:
        _grant_to(conn, privileges, name, to)
        return
    # Hidden columns: SELECT is granted column by column, on all but those.
    columns = [
        str(c)
        for c in conn.execute(
            text(
                "SELECT column_name FROM information_schema.columns WHERE "
                "table_schema = current_schema() AND table_name = :t ORDER BY ordinal_position"
            ),
            {"t": table},
        ).scalars()
        if c not in hidden["columns"]
    ]
    listed = sql.SQL(", ").join(sql.Identifier(c) for c in columns)
    for privilege in (p.strip() for p in privileges.split(",")):
        if privilege in ("SELECT", "INSERT", "UPDATE"):
            statement = sql.SQL("GRANT {} ({}) ON {} TO {}").format(
                sql.SQL(privilege), listed, name, to
            )
        else:
            statement = sql.SQL("GRANT {} ON {} TO {}").format(sql.SQL(privilege), name, to)
        run_composed(conn, statement)


def _policy(
    conn: Connection,
    table: sql.Identifier,
    name: str,
    command: str,
    to: sql.Composable,
    using: str | None = None,
    check: str | None = None,
) -> None:
    """``CREATE POLICY`` ``name`` on ``table`` for ``command`` to the roles ``to``."""
    clauses = (f" USING ({using})" if using else "") + (f" WITH CHECK ({check})" if check else "")
    run_composed(
        conn,
        sql.SQL("CREATE POLICY {} ON {} FOR " + command + " TO {}" + clauses).format(
            sql.Identifier(name), table, to
        ),
    )


def _grant_to(conn: Connection, privileges: str, table: sql.Identifier, to: sql.Composable) -> None:
    run_composed(conn, sql.SQL("GRANT " + privileges + " ON {} TO {}").format(table, to))


def _common(conn: Connection, table: str, database: str, matrix: Matrix) -> None:
    everyone = sql.SQL(", ").join(sql.Identifier(group_role(database, role.value)) for role in Role)
    readers = sql.SQL(", ").join(
        sql.Identifier(group_role(database, role.value))
        for code in ("case_manager", "senior")
        for role in matrix.roles_in(code)
    )
    name = sql.Identifier(table)
    if table == "audit_entries":
        # Everyone's changes are appended; only those who see every case read the trail
        # (its entries carry what changed).
        _grant_to(conn, "INSERT", name, everyone)
        _grant_to(conn, "SELECT", name, readers)
        _policy(conn, name, "remedy_append", "INSERT", everyone, check="true")
        _policy(conn, name, "remedy_read", "SELECT", readers, using="true")
        return
    _policy(conn, name, "remedy_read", "SELECT", everyone, using="true")
    if table == "alembic_version":
        _grant_to(conn, "SELECT", name, everyone)
    elif table == "store_meta":
        _grant_to(conn, "SELECT, UPDATE", name, everyone)
        head = "key = 'audit_head'"
        _policy(conn, name, "remedy_head", "UPDATE", everyone, using=head, check=head)
    elif table == "key_slots":
        mine = "name = 'user:' || substr(session_user, length(current_database()) + 2)"
        _grant_to(conn, "SELECT, UPDATE", name, everyone)
        _policy(conn, name, "remedy_own", "UPDATE", everyone, using=mine, check=mine)
