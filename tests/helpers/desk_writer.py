"""Change one case through the desk, level changes and notes in turn, printing each outcome.

Run as ``python desk_writer.py DB USER PASSPHRASE CASE_ID WRITES`` (WRITES a count, or a
time such as ``60s``). It opens the store, prints
``ready``, waits for a line on stdin (so two writers start together), then prints one JSON line
per write: ``{"op": "level"|"note", "ok": true, "id": ...}`` for a committed write, or
``{"op": ..., "ok": false, "message": ...}`` for a refusal (a ConflictError). Anything else
escapes as a traceback and a non-zero exit.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from remedy_tui.services.case.case_summary import case_summary
from remedy_tui.services.case.cases import change_level
from remedy_tui.services.case.timeline import record_entry
from remedy_tui.services.common.errors import ConflictError
from remedy_tui.services.desk import Desk
from remedy_tui.store import Store
from remedy_tui.store.models import TimelineKind
from remedy_tui.store.server import PLAIN_LOOPBACK, ServerAddress


def main() -> None:
    db, user, passphrase, case_id_text, writes_text = sys.argv[1:6]
    case_id = int(case_id_text)
    # WRITES is a count, or a time such as "60s": write for that long, however many it makes.
    seconds = float(writes_text[:-1]) if writes_text.endswith("s") else None
    writes = 10**9 if seconds is not None else int(writes_text)
    where = ServerAddress(db, PLAIN_LOOPBACK) if db.startswith("postgresql://") else Path(db)
    desk = Desk(Store.open(where, user, passphrase))
    print("ready", flush=True)
    sys.stdin.readline()
    until = time.monotonic() + seconds if seconds is not None else None
    for n in range(writes):
        if until is not None and time.monotonic() >= until:
            break
        op = "level" if n % 2 == 0 else "note"
        try:
            if op == "level":
                # The version this desk sees just before it asks, as a screen would.
                seen = desk.read(case_summary, case_id=case_id)
                new_id = desk.change(
                    change_level,
                    case_id=case_id,
                    expected_version=seen.version,
                    level=seen.level % 3 + 1,
                    rationale=f"{user} moves the level ({n})",
                )
            else:
                new_id = desk.change(
                    record_entry,
                    case_id=case_id,
                    kind=TimelineKind.NOTE,
                    title=f"{user} note {n}",
                    body="Spoke to the supervisor.",
                )
        except ConflictError as refused:
            print(json.dumps({"op": op, "ok": False, "message": str(refused)}), flush=True)
        else:
            print(json.dumps({"op": op, "ok": True, "id": new_id}), flush=True)
        if n == 1:
            # Each writer has written a level and a note: wait until every other has too, so
            # their writes overlap however the machine schedules the processes.
            print("half-way", flush=True)
            sys.stdin.readline()
    desk.close()


if __name__ == "__main__":
    main()
