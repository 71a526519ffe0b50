"""Keep a store open and write one practitioner per line read, as a colleague's Remedy would.

Run as ``python note_writer.py DB USER PASSPHRASE``. It opens the store and prints ``ready``;
for each line on stdin it writes a practitioner named by the line, commits, and prints
``wrote NAME``; at the end of stdin it closes the store and exits.
"""

from __future__ import annotations

import sys
from pathlib import Path

from remedy_tui.store import Store
from remedy_tui.store.models import Grade, Practitioner


def main() -> None:
    db, user, passphrase = sys.argv[1:4]
    store = Store.open(Path(db), user, passphrase)
    print("ready", flush=True)
    try:
        for line in sys.stdin:
            name = line.strip()
            with store.session() as session:
                session.add(Practitioner(given_names=name, family_name="Writer", grade=Grade.SAS))
                session.commit()
            print(f"wrote {name}", flush=True)
    finally:
        store.close()


if __name__ == "__main__":
    main()
