"""The real program in a pseudo-terminal, timed as a person waits.

Each session starts ``remedy`` afresh in a pseudo-terminal of 120x40 with its own settings.
A step writes a key's bytes to the terminal, as a keyboard would, and the clock stops when
the screen, as a terminal emulator (pyte) draws what the program sent, first shows what the
step is waiting for (a heading, a page's range, a reference). Nothing is posted inside the
program and no key is sent before the screen the previous one needed is there, so focus can
never race; the time includes the terminal driver, the framework's escape handling and every
draw, which is what a user's eye sees.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import pty
import queue
import signal
import statistics
import struct
import sys
import tempfile
import termios
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pyte

from benchmarks.stores import DEFAULT_CACHE, PASSPHRASE, USER, cached_store

Screen = Callable[[str], bool]


class SessionFailed(RuntimeError):
    """The program never showed what a step waited for."""


class TerminalSession:
    """``remedy`` running in a pseudo-terminal, its screen kept by a terminal emulator."""

    def __init__(self, store: Path, columns: int = 120, lines: int = 40) -> None:
        self.columns, self.lines = columns, lines
        self.screen = pyte.Screen(columns, lines)
        self.stream = pyte.ByteStream(self.screen)
        self._config = tempfile.TemporaryDirectory(prefix="remedy-bench-term-")
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith("REMEDY_") and key != "ESCDELAY"
        }
        env.update(
            TERM="xterm-256color",
            COLORTERM="truecolor",
            COLUMNS=str(columns),
            LINES=str(lines),
            REMEDY_CONFIG_DIR=self._config.name,
            REMEDY_USER=USER,
        )
        pid, fd = pty.fork()
        if pid == 0:  # the child: the program, as a terminal starts it
            os.execvpe(
                sys.executable,
                [sys.executable, "-m", "remedy_tui", "--store", str(store)],
                env,
            )
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        self._chunks: queue.Queue[tuple[float, bytes]] = queue.Queue()
        threading.Thread(target=self._reader, name="pty-reader", daemon=True).start()

    def text(self) -> str:
        """The screen as plain text, one line per row."""
        return "\n".join(self.screen.display)

    def _reader(self) -> None:
        # Its own thread, so each chunk is timed as it arrives, not after the emulator has
        # parsed the chunk before it.
        while True:
            try:
                data = os.read(self.fd, 1 << 16)
            except OSError:
                data = b""
            self._chunks.put((time.perf_counter(), data))
            if not data:
                return

    def _next(self, timeout: float) -> float | None:
        """Draw the next chunk the program sent into the emulator; when it arrived, or None
        if nothing came within ``timeout``."""
        try:
            arrived, data = self._chunks.get(timeout=max(timeout, 0.0))
        except queue.Empty:
            return None
        if not data:
            raise SessionFailed(f"the program ended:\n{self.text()}")
        self.stream.feed(data)
        return arrived

    def wait_for(self, what: str, shown: Screen, limit: float = 120.0) -> None:
        """Read what the program draws until ``shown`` holds of the screen."""
        deadline = time.perf_counter() + limit
        while not shown(self.text()):
            left = deadline - time.perf_counter()
            if left <= 0:
                raise SessionFailed(f"the screen never showed {what}:\n{self.text()}")
            self._next(min(left, 0.5))

    def press(
        self, keys: bytes, what: str, shown: Screen, quiet: float = 0.25, limit: float = 60.0
    ) -> float:
        """Write ``keys`` as a keyboard would; the time from then to the last change of the
        screen's text it caused (the screen showing ``shown`` and then nothing new for
        ``quiet`` seconds). A cursor's blink changes no text and is not counted."""
        self.settle()
        before = self.text()
        written = time.perf_counter()
        os.write(self.fd, keys)
        deadline = written + limit
        last_change: float | None = None
        previous = before
        while True:
            now = time.perf_counter()
            if last_change is not None and now - last_change >= quiet and shown(previous):
                return last_change - written
            if now > deadline:
                raise SessionFailed(f"the screen never showed {what}:\n{previous}")
            wait = quiet if last_change is None else quiet - (now - last_change)
            arrived = self._next(min(max(wait, 0.005), deadline - now))
            if arrived is None:
                continue
            text = self.text()
            if text != previous:
                last_change, previous = arrived, text

    def send(self, keys: bytes) -> None:
        """Write ``keys`` untimed, then let the program draw what it will."""
        self.settle()
        os.write(self.fd, keys)
        self.settle()

    def settle(self, quiet: float = 0.2, limit: float = 10.0) -> None:
        """Read until the program has drawn nothing for ``quiet`` seconds: a person's pause
        between keys, and no draw of the last step left to count against the next."""
        deadline = time.perf_counter() + limit
        while time.perf_counter() < deadline and self._next(quiet) is not None:
            pass

    def close(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGTERM)
        deadline = time.perf_counter() + 10
        while time.perf_counter() < deadline:
            done, _ = os.waitpid(self.pid, os.WNOHANG)
            if done:
                break
            with contextlib.suppress(SessionFailed):
                self._next(0.05)
        else:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        os.close(self.fd)
        self._config.cleanup()


F2, F3, F4, F5 = b"\x1bOQ", b"\x1bOR", b"\x1bOS", b"\x1b[15~"
PGDN, ESC, ENTER, DOWN = b"\x1b[6~", b"\x1b", b"\r", b"\x1b[B"
CTRL_END, CTRL_HOME = b"\x1b[1;5F", b"\x1b[1;5H"

UNLOCK = "Enter at sign-in to the queue drawn (key derivation included)"
QUEUE_PGDN = "queue: PgDn"
TO_CASES = "F3 to the case list (first time)"
CASES_PGDN = "case list: PgDn"
CASES_LAST = "case list: ctrl+End to the last page"
CASES_FIRST = "case list: ctrl+Home to the first page"
SEARCH_KEY = "case list: a search keystroke (q, u, i, l, l)"
CLEAR_SEARCH = "case list: Escape clears the search"
OPEN_FIRST = "Enter on a case, first of the session"
OPEN_LATER = "Enter on a case, later"
CHECKLIST = "8: the case's fairness checklist"
CHECKLIST_BACK = "Escape from the checklist to the case"
CASE_BACK = "Escape from a case to the list"
TO_QUEUE = "F2 to the queue"
TO_CASELOAD = "F4 to the caseload (first time)"
TO_CSG = "F5 to the CSG (first time)"
TO_CASES_AGAIN = "F3 to the case list again"


def has(*parts: str) -> Screen:
    return lambda text: all(part in text for part in parts)


def title(name: str) -> Screen:
    """The screen whose title line starts with ``name``."""
    return lambda text: text.split("\n", 1)[0].strip(" ⭘").startswith(name)


def sign_in(session: TerminalSession) -> float:
    """Type the user name and passphrase at the sign-in screen; the time from Enter to the
    queue drawn (key derivation included)."""
    session.wait_for("the sign-in screen", has("Passphrase"))
    session.settle()
    os.write(session.fd, USER.encode() + b"\t")
    session.settle()
    os.write(session.fd, PASSPHRASE.encode())
    session.settle()
    return session.press(ENTER, "the triage queue", has("Triage queue", "Referrals 1-"))


def one_session(store: Path, samples: dict[str, list[float]]) -> None:
    """A fresh program, the way through its screens a case manager takes every day."""
    session = TerminalSession(store)

    def step(name: str, keys: bytes, shown: Screen, what: str) -> None:
        samples.setdefault(name, []).append(session.press(keys, what, shown))

    try:
        samples.setdefault(UNLOCK, []).append(sign_in(session))
        step(QUEUE_PGDN, PGDN, has("Referrals 33-"), "the queue's second page")
        step(TO_CASES, F3, has("Cases — ", "Cases 1-"), "the case list")
        for n in range(3):
            step(CASES_PGDN, PGDN, has(f"Cases {32 * (n + 1) + 1:,}-"), "the next page")
        step(CASES_LAST, CTRL_END, lambda text: "page " in text and _last_page(text), "the end")
        step(CASES_FIRST, CTRL_HOME, has("Cases 1-"), "the first page")
        session.press(b"/", "the search box", lambda text: "? Keys" not in text)
        typed = ""
        for letter in "quill":
            typed += letter
            step(SEARCH_KEY, letter.encode(), has(f"▊  {typed} "), f"the search for {typed}")
        step(CLEAR_SEARCH, ESC, has("/ search: name", "Cases 1-"), "the search cleared")
        step(OPEN_FIRST, ENTER, title("Case — "), "a case")
        step(CHECKLIST, b"8", title("Fairness checklist"), "the checklist")
        step(CHECKLIST_BACK, ESC, title("Case — "), "the case again")
        step(CASE_BACK, ESC, title("Cases — "), "the case list")
        for _ in range(2):
            session.send(DOWN)  # the highlight moves: colour only, no text changes
            step(OPEN_LATER, ENTER, title("Case — "), "a case")
            step(CASE_BACK, ESC, title("Cases — "), "the case list")
        step(TO_QUEUE, F2, title("Triage queue"), "the queue")
        step(TO_CASELOAD, F4, title("Caseload"), "the caseload")
        step(TO_CSG, F5, title("Clinical Support Group"), "the CSG")
        step(TO_CASES_AGAIN, F3, title("Cases — "), "the case list")
    finally:
        session.close()


def _last_page(text: str) -> bool:
    """The list's status line says it shows its last page ("page 243 of 243")."""
    for line in text.split("\n"):
        if "page " in line and " of " in line:
            words = line.split("page ", 1)[1].split()
            return len(words) >= 3 and words[0] == words[2]
    return False


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(store: Path, sessions: int) -> dict[str, dict[str, float]]:
    """Each step's median and 95th percentile, in ms, over ``sessions`` fresh programs."""
    samples: dict[str, list[float]] = {}
    for _ in range(sessions):
        one_session(store, samples)
    return {
        name: {
            "median_ms": round(statistics.median(values) * 1000, 1),
            "p95_ms": round(percentile(values, 0.95) * 1000, 1),
            "samples": len(values),
        }
        for name, values in samples.items()
    }


def table(results: dict[int, dict[str, dict[str, float]]]) -> str:
    """A Markdown table: each step at each size, and how it grows from the first to the last."""
    sizes = sorted(results)
    head = "| Key (through a pseudo-terminal, 120x40) |"
    rule = "|---|"
    for size in sizes:
        head += f" {size:,}: median | p95 |"
        rule += "---:|---:|"
    if len(sizes) > 1:
        head += f" growth {sizes[0]:,} → {sizes[-1]:,} |"
        rule += "---:|"
    lines = [head, rule]
    for name in results[sizes[0]]:
        row = f"| {name} |"
        for size in sizes:
            figures = results[size].get(name)
            row += (
                f" {figures['median_ms']:.0f} ms | {figures['p95_ms']:.0f} ms |"
                if figures
                else " - | - |"
            )
        if len(sizes) > 1:
            first, last = results[sizes[0]].get(name), results[sizes[-1]].get(name)
            growth = last["median_ms"] / first["median_ms"] if first and last else None
            row += f" {growth:.2f}x |" if growth else " - |"
        lines.append(row)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.terminal",
        description="Time keys through a real pseudo-terminal, as a person waits for them.",
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--sessions", type=int, default=5, help="fresh programs per size")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument(
        "--store",
        action="append",
        default=[],
        metavar="CASES=PATH",
        help="measure this store for that size instead of the cached demo store",
    )
    parser.add_argument("--out", type=Path, help="also write the figures as JSON")
    args = parser.parse_args(argv)
    given = {int(size): Path(path) for size, path in (item.split("=", 1) for item in args.store)}
    results: dict[int, dict[str, dict[str, float]]] = {}
    started = time.perf_counter()
    for size in args.sizes:
        store = given.get(size) or cached_store(size, args.cache)
        print(f"{size:,} cases: {args.sessions} fresh sessions on {store} ...", file=sys.stderr)
        results[size] = measure(store, args.sessions)
    print(table(results))
    print(f"\n({time.perf_counter() - started:.0f} s in all)", file=sys.stderr)
    if args.out:
        args.out.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
