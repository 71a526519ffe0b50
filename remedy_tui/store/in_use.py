"""Who has a store open, so that a restore, a rekey or a migration never pulls the store from
under a process that is writing to it.

Beside the store is a folder (``remedy.db.in-use``) with a *gate* file and one *claim* file
per process that has the store open. Each claim holds an OS lock on itself for as long as
the store is open, and says who holds it (user, host, pid, since when). A process makes its
claim while holding the gate; a restore, rekey or migration holds the gate for as long as it
works and goes ahead only when no other claim is held. The locks are the operating system's
(``flock`` on POSIX, ``msvcrt.locking`` on Windows): they die with the process, so a claim
left by a process that died is not locked, is ignored, and is removed by the next gate holder.
Only exclusive locks are used, which both systems offer alike.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import secrets
import socket
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from remedy_tui.store.errors import StoreError, StoreInUseError
from remedy_tui.store.paths import StorePaths
from remedy_tui.store.private_files import OWNER_ONLY

GATE = "gate"
CLAIM_SUFFIX = ".open"
GATE_WAIT_SECONDS = 10.0
# Windows locks are mandatory byte ranges: lock one byte far past the record so it stays
# readable by whoever asks who holds the lock.
_LOCKED_BYTE = 1 << 30


@dataclass(frozen=True)
class Holder:
    """Who holds a claim or the gate, and what for."""

    user: str
    host: str
    pid: int
    since: str
    doing: str = "open"

    @classmethod
    def me(cls, user: str, doing: str = "open") -> Holder:
        """This process, acting for the Remedy user ``user``."""
        with contextlib.suppress(Exception):
            user = user or getpass.getuser()
        return cls(
            user=user,
            host=socket.gethostname(),
            pid=os.getpid(),
            since=datetime.now(UTC).isoformat(timespec="seconds"),
            doing=doing,
        )

    def describe(self) -> str:
        """``asha on host desk-7 (pid 4242) since 14:02``, the time in local time."""
        try:
            at = datetime.fromisoformat(self.since).astimezone()
            today = datetime.now().astimezone().date()
            when = at.strftime("%H:%M") if at.date() == today else at.strftime("%d %b %H:%M")
        except ValueError:
            when = "an unknown time"
        return f"{self.user or 'someone'} on host {self.host} (pid {self.pid}) since {when}"


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _LOCKED_BYTE, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _open_private(path: Path) -> int:
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, OWNER_ONLY)
    if hasattr(os, "fchmod"):  # an older file of that name kept its own mode
        with contextlib.suppress(OSError):
            os.fchmod(descriptor, OWNER_ONLY)
    return descriptor


def _write_record(fd: int, holder: Holder) -> None:
    data = json.dumps(asdict(holder)).encode("utf-8")
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, data)


def _read_record(path: Path) -> Holder | None:
    try:
        with open(path, "rb") as handle:
            data = json.loads(handle.read(64 * 1024))
        return Holder(**data)
    except (OSError, ValueError, TypeError):
        return None


def _folder(paths: StorePaths) -> Path:
    folder = paths.in_use
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            f"Remedy cannot write beside the store to note who has it open ({folder}: "
            f"{exc.strerror or exc}); nothing was changed."
        ) from None
    return folder


def _live_claims(folder: Path, *, remove_stale: bool, ignoring: Path | None) -> list[Holder]:
    """The holders of the claims in ``folder`` whose processes still run."""
    holders: list[Holder] = []
    if not folder.is_dir():
        return holders
    for claim in sorted(folder.glob(f"*{CLAIM_SUFFIX}")):
        if ignoring is not None and claim == ignoring:
            continue
        try:
            fd = os.open(claim, os.O_RDWR)
        except FileNotFoundError:
            continue  # released meanwhile
        except OSError:
            holders.append(Holder("someone", "an unknown host", 0, ""))
            continue
        try:
            if _try_lock(fd):
                # Its process died without releasing it: not a holder.
                if remove_stale:
                    with contextlib.suppress(OSError):
                        claim.unlink()
                continue
        finally:
            os.close(fd)
        holders.append(_read_record(claim) or Holder("someone", "an unknown host", 0, ""))
    return holders


def others_open(paths: StorePaths, *, ignoring: OpenClaim | None = None) -> list[Holder]:
    """Who else has the store open now, without waiting and without changing anything."""
    return _live_claims(
        paths.in_use, remove_stale=False, ignoring=None if ignoring is None else ignoring.path
    )


def describe_holders(holders: list[Holder]) -> str:
    """``asha on host desk-7 (pid 4242) since 14:02`` and how many more."""
    first = holders[0].describe()
    more = len(holders) - 1
    return first if more == 0 else f"{first}, and {more} more"


class OpenClaim:
    """This process's claim on an open store: held until :meth:`release`."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    def release(self) -> None:
        """Give up the claim (once; later calls do nothing)."""
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            self.path.unlink()
        os.close(self._fd)
        self._fd = None

    @property
    def held(self) -> bool:
        """True until released."""
        return self._fd is not None


class Gate:
    """The store's gate, held by this process: claims are made, and restores, rekeys and
    migrations done, only while holding it."""

    def __init__(self, paths: StorePaths, fd: int, holder: Holder) -> None:
        self.paths = paths
        self._fd = fd
        self._holder = holder

    def now_doing(self, doing: str) -> None:
        """Say what the gate is held for, for whoever waits on it."""
        self._holder = Holder(**{**asdict(self._holder), "doing": doing})
        with contextlib.suppress(OSError):
            _write_record(self._fd, self._holder)

    def others(self, ignoring: OpenClaim | None = None) -> list[Holder]:
        """Who else has the store open; claims left by processes that died are removed."""
        return _live_claims(
            self.paths.in_use,
            remove_stale=True,
            ignoring=None if ignoring is None else ignoring.path,
        )

    def refuse_if_open(self, what: str, retry: str, ignoring: OpenClaim | None = None) -> None:
        """Raise :class:`StoreInUseError` naming who else has the store open: ``what`` (``"A
        restore"``) cannot go ahead; ``retry`` says what to do once they have closed it."""
        holders = self.others(ignoring)
        if holders:
            raise StoreInUseError(
                f"{what} cannot go ahead while the store at {self.paths.db} is open by "
                f"{describe_holders(holders)}: close Remedy there (or lock it), then {retry}. "
                "Nothing was changed."
            )

    def claim(self, user: str) -> OpenClaim:
        """Claim the store as open by this process for ``user``, until the claim is released."""
        folder = self.paths.in_use
        path = folder / f"{os.getpid()}-{secrets.token_hex(4)}{CLAIM_SUFFIX}"
        try:
            fd = _open_private(path)
        except OSError as exc:
            raise StoreError(
                f"Remedy cannot write beside the store to note who has it open ({path}: "
                f"{exc.strerror or exc}); nothing was changed."
            ) from None
        claim = OpenClaim(path, fd)
        try:
            # Someone asking who has the store open (without the gate) may hold the lock of
            # this new claim for an instant, taking it for one left by a process that died.
            deadline = time.monotonic() + 1.0
            while not _try_lock(fd):
                if time.monotonic() >= deadline:
                    raise StoreError(f"Remedy could not lock its own claim {path}.")
                time.sleep(0.01)
            _write_record(fd, Holder.me(user))
        except BaseException:
            claim.release()
            raise
        return claim

    def release(self) -> None:
        """Open the gate again."""
        with contextlib.suppress(OSError):
            os.ftruncate(self._fd, 0)
        os.close(self._fd)


@contextlib.contextmanager
def gate(
    paths: StorePaths, *, user: str, doing: str, wait: float = GATE_WAIT_SECONDS
) -> Iterator[Gate]:
    """Hold the store's gate for ``doing`` (``"opening"``, ``"restoring a backup into"``):
    wait up to ``wait`` seconds for whoever holds it, then refuse naming them."""
    folder = _folder(paths)
    path = folder / GATE
    try:
        fd = _open_private(path)
    except OSError as exc:
        raise StoreError(
            f"Remedy cannot lock the store at {path} ({exc.strerror or exc}); nothing was changed."
        ) from None
    deadline = time.monotonic() + wait
    while not _try_lock(fd):
        if time.monotonic() >= deadline:
            os.close(fd)
            holder = _read_record(path)
            who = holder.describe() if holder else "another process"
            what = holder.doing if holder else "working on"
            raise StoreInUseError(
                f"{who} is {what} the store at {paths.db}; try again when that is done. "
                "Nothing was changed."
            )
        time.sleep(0.05)
    held = Gate(paths, fd, Holder.me(user, doing))
    held.now_doing(doing)
    try:
        yield held
    finally:
        held.release()


@contextlib.contextmanager
def exclusively(
    paths: StorePaths,
    *,
    user: str,
    doing: str,
    what: str,
    retry: str,
    ignoring: OpenClaim | None = None,
) -> Iterator[Gate]:
    """Hold the gate while no other process has the store open (a restore, a rekey): refused
    at once, changing nothing, naming who has it open (see :meth:`Gate.refuse_if_open`).
    ``ignoring`` is the caller's own claim (a rekey made from a store it has open)."""
    with gate(paths, user=user, doing=doing) as held:
        held.refuse_if_open(what, retry, ignoring)
        yield held
