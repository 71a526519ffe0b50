"""``remedy check``: is the store whole, authentic, current and its history intact?"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlmodel import col

from remedy_tui.store import audit
from remedy_tui.store.backend import CheckResult, unreadable_as_failed
from remedy_tui.store.migrate import current_revision, head_revision
from remedy_tui.store.models import AuditEntry, User
from remedy_tui.store.progress import SILENT, Progress
from remedy_tui.store.store import Store

__all__ = ["CheckResult", "run_checks"]


def run_checks(
    store: Store, *, full: bool = False, progress: Progress = SILENT
) -> list[CheckResult]:
    """Run every check on an open store, all of them on one snapshot (so a colleague writing
    meanwhile raises no false alarm); none of them writes, and one that the store's damage
    stops is reported as failed while the others still run. ``full``: the engine's slower
    check of every index against its table too; ``progress`` hears each step."""
    with store.backend.snapshot(store.engine) as conn:
        results = list(store.backend.integrity_checks(conn, full=full, progress=progress))

        def migration_head() -> CheckResult:
            progress.phase("the schema's version")
            revision, head = current_revision(conn), head_revision()
            at = f"at {revision}" if revision == head else f"at {revision}, expected {head}"
            return CheckResult("migration head", revision == head, at)

        results.append(unreadable_as_failed("migration head", migration_head))
        if not store.backend.may_read_audit(conn):
            results.append(
                CheckResult(
                    "audit chain",
                    True,
                    "skipped: your role may not read the audit trail (its entries carry what "
                    "changed); a case manager's `remedy check` verifies it",
                )
            )
            return results

        def audit_chain() -> CheckResult:
            entries = conn.execute(select(func.max(col(AuditEntry.id)))).scalar() or 0
            progress.phase("the audit chain and its signatures", total=entries, unit="entries")
            admins = {
                str(name)
                for name in conn.execute(
                    select(col(User.username)).where(col(User.is_admin).is_(True))
                ).scalars()
            }
            report = audit.verify_chain(
                conn, store.audit_key(), admins=admins, progress=progress.advance
            )
            if not report.ok:
                return CheckResult("audit chain", False, str(report.fault))
            signed = report.entries - report.unsigned
            detail = f"{report.entries:,} entries verify, {signed:,} signed by their authors"
            if report.unsigned:
                detail += f" ({report.unsigned:,} written before signing keys)"
            return CheckResult("audit chain", True, detail)

        results.append(unreadable_as_failed("audit chain", audit_chain))

        def records() -> CheckResult:
            progress.phase(
                "every record against its last audit entry",
                total=audit.record_table_count(),
                unit="tables",
            )
            report = audit.verify_records(conn, progress=progress.advance)
            if report.ok:
                return CheckResult(
                    "records", True, f"{report.compared:,} records match their last entries"
                )
            more = f" (and more: {len(report.faults)} shown)" if len(report.faults) >= 20 else ""
            return CheckResult("records", False, "; ".join(report.faults[:3]) + more)

        results.append(unreadable_as_failed("records", records))
    return results
