"""``remedy import``: bring a team's past work in from its spreadsheet, checked whole first.

The file is read and its columns mapped before anyone signs in, so a wrong file is refused
without a passphrase typed. The mapping is shown and confirmed (or given with ``--map`` for a
script) and saved for the next file with the same columns; every row is checked; a refused row
means nothing is written and an error workbook beside the file says which and why.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from remedy_tui.services import moving_in
from remedy_tui.services.desk import Desk
from remedy_tui.store.backend import Where

KINDS = ("practitioners", "referrals", "decisions", "cases", "actions")


class ImportCommandError(Exception):
    """A failure to report on one line of stderr."""


def add_import_parser(command: argparse.ArgumentParser) -> None:
    """The arguments of ``remedy import``."""
    command.add_argument("file", nargs="?", help="the workbook (.xlsx) or CSV file to import")
    command.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=field",
        help="map a column to one of Remedy's fields (repeat; 'COLUMN=' leaves it out); "
        "confirms the mapping, for scripts",
    )
    command.add_argument(
        "--yes", action="store_true", help="accept the mapping shown without asking"
    )
    command.add_argument(
        "--dry-run",
        action="store_true",
        help="check every row and report what would be created, matched or refused; write nothing",
    )
    command.add_argument(
        "--fields", action="store_true", help="list the fields a column can be mapped to"
    )


class ProgressLine:
    """A progress bar on a terminal, a plain line at each tenth otherwise."""

    def __init__(self, doing: str, out: TextIO = sys.stderr) -> None:
        self._doing = doing
        self._out = out
        self._bar = out.isatty()
        self._shown_tenth = -1
        self._started = time.perf_counter()

    def __call__(self, done: int, total: int) -> None:
        """Show that ``done`` of ``total`` rows are through."""
        if self._bar:
            filled = 30 * done // max(total, 1)
            bar = "#" * filled + "." * (30 - filled)
            end = "\n" if done == total else ""
            print(
                f"\r  {self._doing} [{bar}] {done:,} of {total:,} rows",
                end=end,
                file=self._out,
                flush=True,
            )
            return
        tenth = 10 * done // max(total, 1)
        if tenth > self._shown_tenth:
            self._shown_tenth = tenth
            print(f"  {self._doing}: {done:,} of {total:,} rows", file=self._out, flush=True)

    @property
    def seconds(self) -> float:
        """Seconds since it started."""
        return time.perf_counter() - self._started


def _counts(counts: moving_in.ImportCounts, *, would: bool) -> list[str]:
    lines = []
    for kind in KINDS:
        new = counts.created.get(kind, 0)
        matched = counts.matched.get(kind, 0)
        if new or matched:
            verb = "would be created" if would else "created"
            lines.append(f"  {kind:<14} {new:>7,} {verb}, {matched:,} already on file (matched)")
    return lines or ["  nothing to import"]


def _mapping(
    args: argparse.Namespace, sheet: moving_in.Sheet, ask: Callable[[str], str]
) -> dict[str, str]:
    headers = sheet.headers
    saved = moving_in.saved_mapping(headers)
    base = saved if saved is not None else moving_in.guess_mapping(headers)
    given = moving_in.parse_mapping_options(args.map, headers)
    mapping = moving_in.check_mapping({**base, **given})
    labels = {f.name: f.label for f in moving_in.FIELDS}
    print(f"Columns of {sheet.path.name} ({'as saved last time' if saved else 'as guessed'}):")
    for column in headers:
        name = mapping.get(column)
        shown = f"{name} ({labels[name]})" if name else "not imported"
        print(f"  {column!r:<32} -> {shown}")
    if not (args.yes or args.map):
        if not sys.stdin.isatty():
            raise ImportCommandError(
                "confirm the mapping with --yes, or give it with --map COLUMN=field; "
                "nothing was imported"
            )
        answer = ask("Use this mapping? [y/N] ").strip().lower()
        if answer not in ("y", "yes"):
            raise ImportCommandError(
                "the mapping was not confirmed; give it with --map COLUMN=field (`remedy import "
                "--fields` lists the fields); nothing was imported"
            )
    moving_in.save_mapping(headers, mapping)
    return mapping


def run_import(
    args: argparse.Namespace,
    where: Where,
    *,
    open_desk: Callable[[Where], Desk],
    ask: Callable[[str], str],
) -> int:
    """Run ``remedy import``; return the exit status."""
    if args.fields:
        for field in moving_in.FIELDS:
            print(f"  {field.name:<22} {field.part:<13} {field.label}")
        return 0
    if not args.file:
        raise ImportCommandError("name the file to import: remedy import FILE.xlsx")
    started = time.perf_counter()
    sheet = moving_in.read_sheet(Path(args.file).expanduser())
    seconds = time.perf_counter() - started
    print(f"Read {len(sheet.rows):,} rows from {sheet.path.name} in {seconds:.1f} s.")
    mapping = _mapping(args, sheet, ask)
    desk = open_desk(where)
    try:
        checking = ProgressLine("checking")
        plan = desk.read(moving_in.plan_import, sheet=sheet, mapping=mapping, progress=checking)
        print(f"Checked {len(sheet.rows):,} rows in {checking.seconds:.1f} s:")
        for line in _counts(plan.counts, would=True):
            print(line)
        if plan.refusals:
            written = moving_in.write_error_workbook(sheet, plan.refusals)
            for refusal in plan.refusals[:5]:
                print(f"  refused: row {refusal.row}: {refusal.reason}", file=sys.stderr)
            if len(plan.refusals) > 5:
                print(f"  ... and {len(plan.refusals) - 5:,} more", file=sys.stderr)
            raise ImportCommandError(
                f"{len(plan.refusals):,} row(s) refused, so nothing was imported; each is in "
                f"{written} with its reason: correct them in {sheet.path.name} and import again"
            )
        if args.dry_run:
            print("Dry run: nothing was written.")
            return 0
        writing = ProgressLine("importing")
        try:
            result = desk.change(moving_in.write_import, plan=plan, progress=writing)
        except moving_in.RowRefusedError as refused:
            written = moving_in.write_error_workbook(
                sheet, [moving_in.Refusal(refused.row, refused.reason)]
            )
            raise ImportCommandError(f"{refused} The row is in {written}.") from None
    finally:
        desk.close()
    print(f"Imported {result.rows:,} rows from {result.file_name} in {writing.seconds:.1f} s:")
    for line in _counts(result.counts, would=False):
        print(line)
    print("Each record's audit entry names the file and row it came from.")
    return 0
