"""The demo store: synthetic, obviously fictional data for trying Remedy, tests and benchmarks."""

from __future__ import annotations

from sqlalchemy import insert

from remedy_tui.config import DEMO_PASSPHRASE, DEMO_USER
from remedy_tui.demo.generator import (
    DEMO_TEAM,
    GENERATOR,
    DemoBuilder,
    DemoCounts,
    DemoSpec,
    Progress,
)
from remedy_tui.store import Store, audit
from remedy_tui.store.backend import Backend, Where
from remedy_tui.store.keyslots import KdfParams
from remedy_tui.store.models import StoreMeta
from remedy_tui.views.framework import CURRENT_EDITION, load_edition

__all__ = ["DemoCounts", "DemoSpec", "build_demo_store"]


def build_demo_store(
    db_path: Where,
    spec: DemoSpec,
    *,
    progress: Progress | None = None,
    kdf: KdfParams | None = None,
    backend: Backend | None = None,
) -> tuple[Store, DemoCounts]:
    """Create a new store at ``db_path`` and fill it with ``spec.cases`` synthetic cases."""
    _, full_name, role = DEMO_TEAM[0]
    store, _recovery_code = Store.create(
        db_path,
        username=DEMO_USER,
        full_name=full_name,
        role=role,
        passphrase=DEMO_PASSPHRASE,
        kdf=kdf,
        backend=backend,
    )
    try:
        framework = load_edition(CURRENT_EDITION)
        if store.signer is not None:
            # The generator's entries are signed with the demo administrator's key.
            with store.session(write=True) as session:
                audit.introduce_signing_key(
                    session, GENERATOR, audit.public_signing_key(store.signer)
                )
                session.commit()
        with store.engine.connect() as conn:
            builder = DemoBuilder(
                conn,
                spec,
                framework.question_ids(),
                framework.edition,
                store.audit_key(),
                progress,
                seal=store.seal_attachment,
                signer=store.signer,
            )
            counts = builder.build()
            for key, value in (
                ("demo", "true"),
                ("demo_seed", str(spec.seed)),
                ("demo_cases", str(spec.cases)),
                ("demo_built_for", spec.today.isoformat()),
            ):
                conn.execute(insert(StoreMeta).values(key=key, value=value))
            conn.commit()
            # Keep the planner's statistics fresh for the big tables.
            store.backend.analyze(conn)
            conn.commit()
    except BaseException:
        store.close()
        raise
    return store, counts
