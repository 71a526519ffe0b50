"""The fairness checklist: saving an answer and reading back the saved state, against a
hand-written SQL floor, and the real app from ctrl+s in the answer form to the answer drawn.

Saving writes, so everything here runs on a scratch copy of the store (``VACUUM INTO``, still
encrypted, in a temporary folder removed afterwards; on a team server, a copy of its database,
dropped afterwards): the cached benchmark store is untouched.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.floors import begin_write, for_engine, raw_floor
from benchmarks.measure import Timing, own_settings, summarise, time_calls
from benchmarks.scenarios import PAGE, DrawProbe
from benchmarks.stores import PASSPHRASE, USER
from remedy_tui.services.checklist import answers as checklist
from remedy_tui.store import Store, StorePaths
from remedy_tui.store.backend import Where
from remedy_tui.store.keyslots import KeySlotFile
from remedy_tui.store.models import ChecklistResponse

QUESTION = "2.4"
RATIONALES = (
    "Informal resolution discussed with the practitioner; their view noted (benchmark).",
    "Waiting for the trust's view on informal resolution (benchmark).",
)

STATE_SQL = [
    (
        "SELECT c.reference, c.opened_on, c.checklist_edition, p.title, p.given_names, "
        "p.family_name FROM cases c JOIN practitioners p ON p.id = c.practitioner_id "
        "WHERE c.id = ?",
        "case",
    ),
    (
        "SELECT a.*, u.full_name FROM checklist_answers a JOIN users u ON u.id = a.answered_by_id "
        "WHERE a.case_id = ? ORDER BY a.id DESC",
        "case",
    ),
    (
        "SELECT a.id, a.checklist_question, a.description, u.full_name, a.owner_name, a.due_on "
        "FROM actions a LEFT JOIN users u ON u.id = a.owner_id WHERE a.case_id = ? "
        "AND a.checklist_question IS NOT NULL AND a.status = 'open' ORDER BY a.due_on, a.id",
        "case",
    ),
    (
        "SELECT DISTINCT kind FROM decisions WHERE case_id = ? "
        "AND kind IN ('immediate_action', 'disposal', 'closure')",
        "case",
    ),
]
SUMMARIES_SQL = """
SELECT c.id, c.checklist_edition, count(a.id),
       coalesce(sum(CASE WHEN a.response = 'no' THEN 1 ELSE 0 END), 0),
       coalesce(sum(CASE WHEN a.response = 'unknown' THEN 1 ELSE 0 END), 0),
       coalesce(sum(CASE WHEN a.response = 'yes'
                AND length(trim(coalesce(a.rationale, ''))) = 0 THEN 1 ELSE 0 END), 0)
FROM cases c
LEFT JOIN checklist_answers a ON a.case_id = c.id AND a.id IN (
    SELECT max(id) FROM checklist_answers WHERE case_id IN ({ids})
    GROUP BY case_id, question_id)
WHERE c.id IN ({ids})
GROUP BY c.id, c.checklist_edition
"""


@contextmanager
def scratch_copy(store: Store) -> Iterator[Store]:
    """An open copy of ``store`` (same key, same user) in a temporary folder; on a team
    server, a copy of its database, signed in to as the same user."""
    if store.server is not None:
        from benchmarks.servers import scratch_database

        store.engine.dispose()  # a database is copied only while nobody is connected to it
        with scratch_database(store.server.database) as address:
            copy = Store.open(address, USER, PASSPHRASE)
            try:
                yield copy
            finally:
                copy.close()
        return
    with tempfile.TemporaryDirectory(prefix="remedy-bench-") as folder:
        paths = StorePaths(Path(folder) / "scratch.db")
        with store.engine.connect() as conn:
            conn.exec_driver_sql("VACUUM INTO ?", (str(paths.db),))
        shutil.copyfile(store.paths.keys, paths.keys)
        copy = Store.open_with_key(
            paths, KeySlotFile.load(paths.keys), store.data_key(), store.user.username
        )
        try:
            yield copy
        finally:
            copy.close()


def busiest_case(store: Store) -> int:
    """The case with the most checklist answers: the heaviest the screen reads."""
    with store.engine.connect() as conn:
        row = conn.exec_driver_sql(
            "SELECT case_id FROM checklist_answers GROUP BY case_id ORDER BY count(*) DESC, "
            "case_id LIMIT 1"
        ).first()
    assert row is not None, "the store has no checklist answers"
    return int(row[0])


def _latest_id(store: Store, case_id: int) -> int | None:
    with store.session() as session:
        latest = checklist.latest_answer(session, case_id, QUESTION)
    return latest.id if latest else None


def _save(store: Store, case_id: int, n: int, seen: list[int | None]) -> None:
    with store.session() as session:
        saved = checklist.answer(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            question_id=QUESTION,
            response=(ChecklistResponse.YES, ChecklistResponse.UNKNOWN)[n % 2],
            rationale=RATIONALES[n % 2],
            seen_answer_id=seen[-1],
        )
    seen.append(saved.id)


def _read(store: Store, case_id: int) -> checklist.ChecklistState:
    with store.session() as session:
        return checklist.state(session=session, case_id=case_id)


def _write_floor(store: Store, case_id: int, user_id: int, runs: int) -> float:
    """Median ms for the same writes by hand: the answer, its timeline entry, the case's
    activity, three audit entries and the audit head, in one committed transaction."""
    raw = store.engine.raw_connection()
    try:
        cursor = raw.cursor()
        now = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")

        statements = [
            for_engine(store, sql)
            for sql in (
                begin_write(store),
                "SELECT id FROM checklist_answers WHERE case_id = ? AND question_id = ? "
                "ORDER BY id DESC LIMIT 1",
                "INSERT INTO checklist_answers (case_id, edition, question_id, response, "
                "rationale, answered_by_id, answered_at) VALUES (?, 'fairness-framework-1', ?, "
                "'unknown', ?, ?, ?)",
                "INSERT INTO timeline_entries (case_id, kind, occurred_at, title, body, "
                "confidential, author_id, created_at) "
                "VALUES (?, 'checklist', ?, ?, ?, FALSE, ?, ?)",
                "UPDATE case_activity SET last_activity_at = ? WHERE case_id = ?",
                "SELECT id, mac FROM audit_entries ORDER BY id DESC LIMIT 1",
                "INSERT INTO audit_entries (id, at, actor, action, table_name, record_id, "
                "changes, prev_mac, mac) VALUES (?, ?, 'bench', 'insert', 'x', '1', '{}', ?, ?)",
                "UPDATE store_meta SET value = ? WHERE key = 'audit_head'",
            )
        ]
        lock, latest, answer, entry, activity, head, audit, moved = statements

        def go(n: int) -> None:
            cursor.execute(lock)
            cursor.execute(latest, (case_id, QUESTION))
            cursor.fetchall()
            cursor.execute(answer, (case_id, QUESTION, RATIONALES[1], user_id, now))
            cursor.execute(
                entry, (case_id, now, f"Fairness {QUESTION}: Unknown", RATIONALES[1], user_id, now)
            )
            cursor.execute(activity, (now, case_id))
            cursor.execute(head)
            last_id, mac = cursor.fetchone() or (0, "0" * 64)
            for k in range(3):
                cursor.execute(audit, (last_id + k + 1, now, mac, mac))
            cursor.execute(moved, (f'{{"id": {last_id + 3}, "mac": "{mac}"}}',))
            raw.commit()

        samples = time_calls(go, runs)
    finally:
        raw.close()
    return summarise("floor", "floor", 0, samples).median_ms


def measure_checklist(store: Store, cases: int, runs: int, *, app: bool = True) -> list[Timing]:
    """Saving an answer, reading the case's checklist back, both together, and page summaries."""
    with scratch_copy(store) as copy:
        case_id = busiest_case(copy)
        seen = [_latest_id(copy, case_id)]
        results = _services(copy, cases, runs, case_id, seen)
        if app:
            results += _measure_app(copy, cases, max(3, runs // 4), case_id)
    return results


def _services(
    store: Store, cases: int, runs: int, case_id: int, seen: list[int | None]
) -> list[Timing]:
    results: list[Timing] = []
    read_floor = raw_floor(store, [(sql, (case_id,)) for sql, _ in STATE_SQL], runs)

    save = summarise(
        "checklist: save an answer (answer, timeline, audit, commit)",
        "service",
        cases,
        time_calls(lambda n: _save(store, case_id, n, seen), runs),
    )
    save.floor_ms = _write_floor(store, case_id, store.user.id, runs)
    results.append(save)
    seen.append(_latest_id(store, case_id))  # the floor wrote answers of its own

    read = summarise(
        "checklist: read the case's checklist back (all answers, actions, stages)",
        "service",
        cases,
        time_calls(lambda _: _read(store, case_id), runs),
    )
    read.floor_ms = read_floor
    results.append(read)

    def both(n: int) -> None:
        _save(store, case_id, n, seen)
        _read(store, case_id)

    together = summarise(
        "checklist: save an answer and read the saved state",
        "service",
        cases,
        time_calls(both, runs),
    )
    together.floor_ms = save.floor_ms + read_floor
    results.append(together)

    with store.engine.connect() as conn:
        page = [int(r[0]) for r in conn.exec_driver_sql(f"SELECT id FROM cases LIMIT {PAGE}")]

    def summaries() -> object:
        with store.session() as session:
            return checklist.summaries(session=session, case_ids=page)

    sums = summarise(
        f"fairness summaries for a page of {PAGE} cases",
        "service",
        cases,
        time_calls(lambda _: summaries(), runs),
    )
    ids = ", ".join(str(i) for i in page)
    sums.floor_ms = raw_floor(store, [(SUMMARIES_SQL.format(ids=ids), ())], runs)
    results.append(sums)
    return results


class SavedProbe(DrawProbe):
    """:class:`DrawProbe` for the checklist: stamps when its outline is handed the saved state
    and when it next draws."""

    def install(self) -> None:
        from remedy_tui.widgets.framework_outline import FrameworkOutline

        probe = self
        original_show = FrameworkOutline.show
        original_render = FrameworkOutline.render_line

        def show(outline: Any, *args: Any, **kwargs: Any) -> None:
            original_show(outline, *args, **kwargs)
            probe.shown_at = time.perf_counter()
            probe._pending = True

        def render_line(outline: Any, y: int) -> Any:
            strip = original_render(outline, y)
            if probe._pending:
                probe.drawn_at = time.perf_counter()
                probe._pending = False
            return strip

        FrameworkOutline.show = show  # type: ignore[method-assign,assignment]
        FrameworkOutline.render_line = render_line  # type: ignore[method-assign,assignment]


def _measure_app(store: Store, cases: int, runs: int, case_id: int) -> list[Timing]:
    probe = SavedProbe()
    probe.install()
    with own_settings():
        return asyncio.run(_app_runs(store.where, cases, runs, case_id, probe))


async def _app_runs(
    where: Where, cases: int, runs: int, case_id: int, probe: SavedProbe
) -> list[Timing]:
    from textual import events
    from textual.widgets import Input, TextArea

    from remedy_tui import config
    from remedy_tui.app import RemedyApp
    from remedy_tui.screens import ChecklistScreen
    from remedy_tui.screens.checklist.answer_form import AnswerForm

    open_samples: list[float] = []
    form_samples: list[float] = []
    saved_samples: list[float] = []

    def key(app: RemedyApp, name: str, character: str | None = None) -> float:
        # Delivered as the terminal driver delivers it (Pilot.press waits for the CPU to idle).
        started = time.perf_counter()
        app.post_message(events.Key(name, character))
        return started

    async def until(condition: Any, limit: float = 30.0) -> None:
        deadline = time.perf_counter() + limit
        while not condition():
            if time.perf_counter() > deadline:
                raise TimeoutError("the app never got there")
            await asyncio.sleep(0.002)

    app = RemedyApp(store_path=where, demo=True, settings=config.Settings())
    async with app.run_test(size=(130, 40)):
        app.screen.query_one("#passphrase", Input).value = PASSPHRASE
        key(app, "enter")
        await until(lambda: app.desk is not None and not app.screen.query("#passphrase"))
        assert app.desk is not None
        key(app, "f3")  # from the triage queue (where a user lands) to the case list
        await until(lambda: type(app.screen).__name__ == "CaseListScreen")
        await asyncio.sleep(0.5)
        for n in range(runs + 1):  # k on the case list's highlighted case
            await asyncio.sleep(0.3)
            elapsed = await probe.drawn_after(key(app, "k", "k"))
            if n:
                open_samples.append(elapsed)
            await asyncio.sleep(0.3)
            key(app, "escape")
            await until(lambda: not isinstance(app.screen, ChecklistScreen))
        started = time.perf_counter()
        app.push_screen(ChecklistScreen(case_id))
        await probe.drawn_after(started)
        screen = app.screen
        assert isinstance(screen, ChecklistScreen)
        screen.outline.go_to(QUESTION)
        for n in range(runs + 1):
            await asyncio.sleep(0.05)
            started = key(app, "yu"[n % 2], "yu"[n % 2])
            await until(lambda: isinstance(app.screen, AnswerForm))
            form = app.screen
            await until(lambda form=form: isinstance(form.focused, TextArea))
            opened = (time.perf_counter() - started) * 1000
            form.query_one(TextArea).text = RATIONALES[n % 2]
            await asyncio.sleep(0.05)
            elapsed = await probe.drawn_after(key(app, "ctrl+s"))
            if n:  # the first run warms up
                form_samples.append(opened)
                saved_samples.append(elapsed)
    return [
        summarise("app: k on the case list to the checklist drawn", "app", cases, open_samples),
        summarise("app: y to the answer form open", "app", cases, form_samples),
        summarise("app: ctrl+s to the saved answer drawn", "app", cases, saved_samples),
    ]
