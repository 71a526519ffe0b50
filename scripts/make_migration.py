"""Developer tool: autogenerate a migration by comparing the models with a store at head.

Usage: python scripts/make_migration.py NNNN "what the migration does"
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic.command import revision

from remedy_tui.store.engine import connect, make_engine
from remedy_tui.store.keyslots import new_data_key
from remedy_tui.store.migrate import alembic_config, upgrade_to


def main() -> int:
    rev_id, message = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as work:
        db = Path(work) / "head.db"
        key = new_data_key()
        connect(db, key).close()
        upgrade_to(db, key)
        engine = make_engine(db, key)
        with engine.connect() as conn:
            config = alembic_config()
            config.attributes["connection"] = conn
            revision(config, message=message, autogenerate=True, rev_id=rev_id)
        engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
