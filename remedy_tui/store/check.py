"""``remedy check``: is the store whole, authentic, current and its history intact?"""

from __future__ import annotations

from remedy_tui.store import audit
from remedy_tui.store.backend import CheckResult
from remedy_tui.store.migrate import current_revision, head_revision
from remedy_tui.store.store import Store

__all__ = ["CheckResult", "run_checks"]


def run_checks(store: Store) -> list[CheckResult]:
    """Run every check on an open store; none of them writes."""
    results: list[CheckResult] = []
    with store.engine.connect() as conn:
        results.extend(store.backend.integrity_checks(conn))

        revision, head = current_revision(conn), head_revision()
        results.append(
            CheckResult(
                "migration head",
                revision == head,
                f"at {revision}" if revision == head else f"at {revision}, expected {head}",
            )
        )

        if not store.backend.may_read_audit(conn):
            results.append(
                CheckResult(
                    "audit chain",
                    True,
                    "skipped: your role may not read the audit trail (its entries carry what "
                    "changed); a case manager's `remedy check` verifies it",
                )
            )
            conn.rollback()
            return results
        report = audit.verify_chain(conn, store.audit_key())
        results.append(
            CheckResult(
                "audit chain",
                report.ok,
                f"{report.entries} entries verify" if report.ok else str(report.fault),
            )
        )
        conn.rollback()
    return results
