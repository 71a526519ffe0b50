"""Reading and adding to the audit trail from the application."""

from __future__ import annotations

from typing import Any

from remedy_tui.store import Store
from remedy_tui.store.audit import record_event


def record(
    store: Store,
    action: str,
    subject: str,
    record_id: str | None,
    details: dict[str, Any] | None = None,
) -> None:
    """Chain an event (a sign-in, an export) onto the audit trail, in its own transaction."""
    with store.session() as session:
        record_event(session, action, subject, record_id, details or {})
        session.commit()


def record_sign_in(*, store: Store, via: str) -> None:
    """Note in the audit trail that the signed-in user opened the store, and from where, and
    how many wrong passphrases were typed for them before it (a failed attempt cannot write to
    a store it could not open, so it is recorded with the next sign-in)."""
    if store.failed_sign_ins:
        record(
            store,
            "failed_sign_ins",
            "users",
            str(store.user.id),
            {"count": store.failed_sign_ins, "via": via},
        )
    record(store, "sign_in", "users", str(store.user.id), {"via": via})
