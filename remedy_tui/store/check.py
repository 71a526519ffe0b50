"""``remedy check``: is the store whole, authentic, current and its history intact?"""

from __future__ import annotations

from dataclasses import dataclass

from remedy_tui.store import audit
from remedy_tui.store.migrate import current_revision, head_revision
from remedy_tui.store.store import Store


@dataclass(frozen=True)
class CheckResult:
    """One check with its verdict and a line of detail."""

    name: str
    ok: bool
    detail: str


def run_checks(store: Store) -> list[CheckResult]:
    """Run every check on an open store; none of them writes."""
    results: list[CheckResult] = []
    with store.engine.connect() as conn:
        rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()]
        ok = rows == ["ok"]
        results.append(CheckResult("integrity", ok, "ok" if ok else "; ".join(rows[:5])))

        # cipher_integrity_check lists every page whose HMAC fails; no rows means all pass.
        faults = [r[0] for r in conn.exec_driver_sql("PRAGMA cipher_integrity_check").fetchall()]
        results.append(
            CheckResult(
                "cipher integrity",
                not faults,
                "every page authenticates" if not faults else "; ".join(faults[:5]),
            )
        )

        fk = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        results.append(
            CheckResult(
                "foreign keys",
                not fk,
                "ok" if not fk else f"{len(fk)} rows point at records that do not exist",
            )
        )

        revision, head = current_revision(conn), head_revision()
        results.append(
            CheckResult(
                "migration head",
                revision == head,
                f"at {revision}" if revision == head else f"at {revision}, expected {head}",
            )
        )

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
