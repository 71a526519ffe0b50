"""Kill Remedy mid-write, many times, and check that nothing committed is lost.

Two trials on a store file in a temporary folder (removed at the end):

* **bursts** (``--bursts``, 200 by default): a writer commits one practitioner per
  transaction; it is killed (SIGKILL) after a random number of commits; the store must then
  open, hold every committed practitioner, and pass ``remedy check``'s checks.
* **key changes** (``--rekeys``, 30 by default): a process changes the store's data key
  (``Store.rekey``, as disabling a user does) and is killed at a random moment; the store must
  then open with the passphrase (the next sign-in finishes or undoes the change), hold every
  practitioner, and pass the checks.

Run: ``.venv/bin/python scripts/kill_test.py`` (about six minutes with the defaults on two
cores). Prints one line per trial kind and exits non-zero on the first loss.

Written by hand: no library kills a program mid-transaction and audits the store after it.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlmodel import func, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from remedy_tui.store import Store  # noqa: E402
from remedy_tui.store.check import run_checks  # noqa: E402
from remedy_tui.store.keyslots import KdfParams  # noqa: E402
from remedy_tui.store.models import Practitioner, Role  # noqa: E402

USER = "asha"
PASSPHRASE = "correct horse battery staple"
FAST_KDF = KdfParams(salt=b"\0" * 16, memory_kib=1024, iterations=1, lanes=1)
WRITER = ROOT / "tests" / "helpers" / "burst_writer.py"
REKEYER = """
import sys
from pathlib import Path
from remedy_tui.store import Store
store = Store.open(Path(sys.argv[1]), sys.argv[2], sys.argv[3])
print("open", flush=True)
store.rekey()
store.close()
print("done", flush=True)
"""


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _practitioners(store: Store) -> int:
    with store.session() as session:
        return int(session.exec(select(func.count()).select_from(Practitioner)).one())


def _verify(db: Path, expected: int, what: str) -> int:
    """Open the store, check it holds at least ``expected`` practitioners and passes the
    checks; return how many it holds."""
    store = Store.open(db, USER, PASSPHRASE)
    try:
        held = _practitioners(store)
        if held < expected:
            sys.exit(f"LOST after {what}: {expected - held} committed practitioners")
        failed = [r for r in run_checks(store) if not r.ok]
        if failed:
            sys.exit(f"CHECK FAILED after {what}: {failed}")
        return held
    finally:
        store.close()


def bursts(db: Path, runs: int, rng: random.Random) -> None:
    started = time.monotonic()
    held = _verify(db, 0, "creating the store")
    for run in range(1, runs + 1):
        stop_after = rng.randint(1, 25)
        process = subprocess.Popen(
            [sys.executable, str(WRITER), str(db), USER, PASSPHRASE],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        assert process.stdout is not None
        committed = 0
        for line in process.stdout:
            committed = int(line)
            if committed >= stop_after:
                break
        # Kill somewhere inside the next transaction, not always at the same point.
        time.sleep(rng.random() * 0.01)
        process.send_signal(signal.SIGKILL)
        process.wait()
        # Every transaction the writer reported committed must be there.
        held = _verify(db, held + committed, f"burst kill {run}")
    took = time.monotonic() - started
    print(f"bursts: {runs} writers killed mid-burst, nothing committed lost ({took:.0f} s)")


def rekeys(db: Path, runs: int, rng: random.Random) -> None:
    started = time.monotonic()
    store = Store.open(db, USER, PASSPHRASE)
    expected = _practitioners(store)
    store.close()
    finished = 0
    for run in range(1, runs + 1):
        process = subprocess.Popen(
            [sys.executable, "-c", REKEYER, str(db), USER, PASSPHRASE],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        assert process.stdout is not None
        process.stdout.readline()  # open: the change of key starts now
        time.sleep(rng.random() * 0.5)
        process.send_signal(signal.SIGKILL)
        process.wait()
        if process.stdout.read().strip() == "done":
            finished += 1
        _verify(db, expected, f"key-change kill {run}")
    took = time.monotonic() - started
    print(
        f"key changes: {runs} killed at random moments ({finished} had finished), the store "
        f"opened and was whole every time ({took:.0f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bursts", type=int, default=200)
    parser.add_argument("--rekeys", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="remedy-kill-") as folder:
        db = Path(folder) / "store" / "remedy.db"
        store, _code = Store.create(
            db,
            username=USER,
            full_name="Asha Example",
            role=Role.NON_CLINICAL_CASE_MANAGER,
            passphrase=PASSPHRASE,
            kdf=FAST_KDF,
        )
        store.close()
        if args.bursts:
            bursts(db, args.bursts, rng)
        if args.rekeys:
            rekeys(db, args.rekeys, rng)


if __name__ == "__main__":
    main()
