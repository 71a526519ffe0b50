"""Write practitioners one transaction at a time, printing each committed count, until killed.

Run as ``python burst_writer.py DB USER PASSPHRASE``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from remedy_tui.store import Store
from remedy_tui.store.models import Grade, Practitioner


def main() -> None:
    db, user, passphrase = sys.argv[1:4]
    store = Store.open(Path(db), user, passphrase)
    n = 0
    while True:
        n += 1
        with store.session() as session:
            session.add(
                Practitioner(given_names=f"Burst{n}", family_name="Writer", grade=Grade.SAS)
            )
            session.commit()
        print(n, flush=True)


if __name__ == "__main__":
    main()
