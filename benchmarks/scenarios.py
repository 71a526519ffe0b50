"""What is measured: opening, the service call behind each screen (with its SQL floor), and
the same work done through the real app, from key press to screen drawn."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import UTC, datetime
from datetime import time as dtime
from pathlib import Path
from typing import Any

from sqlalchemy import event

from benchmarks.floors import name_search, raw_floor
from benchmarks.measure import Timing, own_settings, summarise, time_calls
from benchmarks.stores import ANCHOR, PASSPHRASE, USER
from remedy_tui import clock
from remedy_tui.services.case.case_list import CaseQuery, StatusFilter, case_page
from remedy_tui.services.common.access import Access
from remedy_tui.services.oversight.equality import equality_by_stage, stage_counts
from remedy_tui.store import Store, StorePaths
from remedy_tui.store.backend import Where
from remedy_tui.store.keyslots import KeySlotFile
from remedy_tui.store.models import Role
from remedy_tui.views.equality import EqualityQuery

PAGE = 40

# The page's ids sorted from the cases alone, then their columns: the best one query we know.
CASE_PAGE_SQL_FOR = """
SELECT c.id, c.reference, c.level, c.status, c.next_review_on, c.opened_on,
       c.escalated_to_dean, p.title, p.given_names, p.family_name, p.registration_body,
       p.registration_number, p.grade, p.programme, p.employer, u.full_name
FROM (SELECT id FROM cases WHERE {where}
      ORDER BY next_review_on IS NULL, next_review_on, id LIMIT ? OFFSET ?) page
JOIN cases c ON c.id = page.id
JOIN practitioners p ON p.id = c.practitioner_id
LEFT JOIN users u ON u.id = c.case_manager_id
ORDER BY c.next_review_on IS NULL, c.next_review_on, c.id
"""
CASE_PAGE_SQL = CASE_PAGE_SQL_FOR.format(where="status IN ('open', 'quiet')")
CASE_COUNT_SQL = "SELECT count(*) FROM cases WHERE status IN ('open', 'quiet')"


def freeze_clock() -> None:
    """Measure as if it were the day the stores were built for."""
    clock.freeze(datetime.combine(ANCHOR, dtime(10), tzinfo=UTC))


def measure_open(where: Where, cases: int, runs: int) -> list[Timing]:
    """Key derivation, then everything else opening needs, then the first page on top.

    On a team server there is no opening without the passphrase (the connection signs in as
    the user's login role with it), so the second timing is the whole sign-in instead."""
    if isinstance(where, Path):
        keys = KeySlotFile.load(StorePaths(where).keys)
    else:
        store = Store.open(where, USER, PASSPHRASE)
        keys = store.keys
        store.close()
    slot = keys.user_slot(USER)
    assert slot is not None and slot.kdf is not None
    kdf = slot.kdf
    derive = time_calls(lambda _: kdf.derive(PASSPHRASE), runs)

    if isinstance(where, Path):
        # Everything after the key is unwrapped: engine, keyed connection, schema check, user.
        path = where
        data_key = keys.unwrap_for_user(USER, PASSPHRASE)

        def rest(_: int) -> None:
            store = Store.open_with_key(StorePaths(path), keys, data_key, USER)
            store.close()

        second = summarise(
            "open: everything but key derivation", "open", cases, time_calls(rest, runs)
        )
    else:

        def sign_in(_: int) -> None:
            Store.open(where, USER, PASSPHRASE).close()

        second = summarise(
            "open: sign in as the user's login role (connect, key slots, key derivation, "
            "schema check, user)",
            "open",
            cases,
            time_calls(sign_in, runs),
        )

    def open_and_first_page(_: int) -> None:
        store = Store.open(where, USER, PASSPHRASE)
        with store.session() as session:
            case_page(session=session, query=CaseQuery(), offset=0, limit=PAGE, today=clock.today())
        store.close()

    full = time_calls(open_and_first_page, runs)
    return [
        summarise("open: key derivation (Argon2id)", "open", cases, derive),
        second,
        summarise("open + first case-list page (total)", "open", cases, full),
    ]


def measure_services(store: Store, cases: int, runs: int) -> list[Timing]:
    """The service call behind each screen, and its floor."""
    results: list[Timing] = []

    def service(
        name: str, fn: Callable[[], object], floor: list[tuple[str, tuple[Any, ...]]]
    ) -> None:
        samples = time_calls(lambda _: fn(), runs)
        timing = summarise(name, "service", cases, samples)
        timing.floor_ms = raw_floor(store, floor, runs)
        results.append(timing)

    def first_page() -> object:
        with store.session() as session:
            return case_page(
                session=session, query=CaseQuery(), offset=0, limit=PAGE, today=clock.today()
            )

    service("case list: first page", first_page, [(CASE_PAGE_SQL, (PAGE, 0)), (CASE_COUNT_SQL, ())])

    with store.session() as session:
        total = case_page(
            session=session, query=CaseQuery(), offset=0, limit=1, today=clock.today()
        ).total
    last_offset = max(0, (total - 1) // PAGE * PAGE)

    def last_page() -> object:
        with store.session() as session:
            return case_page(
                session=session,
                query=CaseQuery(),
                offset=last_offset,
                limit=PAGE,
                today=clock.today(),
            )

    service(
        "case list: last page",
        last_page,
        [(CASE_PAGE_SQL, (PAGE, last_offset)), (CASE_COUNT_SQL, ())],
    )

    def search() -> object:
        with store.session() as session:
            return case_page(
                session=session,
                query=CaseQuery(search="quill", status=StatusFilter.ALL),
                offset=0,
                limit=PAGE,
                today=clock.today(),
            )

    matching = f"practitioner_id IN ({name_search(store, 'quill')})"
    service(
        "case list: search 'quill'",
        search,
        [
            (CASE_PAGE_SQL_FOR.format(where=matching), (PAGE, 0)),
            (f"SELECT count(*) FROM cases WHERE {matching}", ()),
        ],
    )
    if store.server is None:  # not counted on a team server yet (README, equality by stage)
        results += measure_equality(store, cases, runs)
    return results


def measure_equality(store: Store, cases: int, runs: int) -> list[Timing]:
    """Equality by stage for the whole team over three years, as the area opens on it; its
    floor is the same statement run by hand."""
    dean = Access(store.user.id, Role.DEPUTY_POSTGRADUATE_DEAN, "senior", "", ("equality",))
    today = clock.today()
    query = EqualityQuery(today.replace(year=today.year - 3), today)

    def figures(_: int) -> object:
        with store.session() as session:
            return equality_by_stage(session=session, access=dean, query=query)

    timing = summarise(
        "equality by stage: whole team, 3 years", "service", cases, time_calls(figures, runs)
    )
    with store.session() as session:
        compiled = union_sql(session, query)
    timing.floor_ms = raw_floor(store, [compiled], runs)
    return [timing]


def union_sql(session: Any, query: EqualityQuery) -> tuple[str, tuple[Any, ...]]:
    """The statement equality by stage runs, with its parameters, for the floor."""
    seen: dict[str, Any] = {}

    def grab(conn: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
        seen["sql"], seen["params"] = statement, tuple(params)

    conn = session.connection()
    event.listen(conn, "before_cursor_execute", grab)
    try:
        stage_counts(session=session, query=query)
    finally:
        event.remove(conn, "before_cursor_execute", grab)
    return seen["sql"], seen["params"]


class DrawProbe:
    """Records, inside the app, when a table is handed a page and when it next draws a row.

    Timing from a key press to the probe's "drawn" stamp measures what the user waits for,
    without the polling of the measuring loop getting in the way.
    """

    def __init__(self) -> None:
        self.shown_at = 0.0
        self.drawn_at = 0.0
        self.rendered_at = 0.0  # any drawing of a table's first row on the screen shown
        self._pending = False
        self.ignore_empty = False

    def install(self) -> None:
        from remedy_tui.widgets import PagedTable

        probe = self
        original_show = PagedTable.show
        original_render = PagedTable.render_line

        def show(table: Any, *args: Any, **kwargs: Any) -> None:
            original_show(table, *args, **kwargs)
            rows = args[0] if args else kwargs.get("rows", ())
            if probe.ignore_empty and not rows:
                return  # a screen clearing itself while it reads, not the answer
            screen = table.screen
            if screen is not table.app.screen and not getattr(screen, "in_use", False):
                # A screen made ahead of time, not the one being looked at (the kept case
                # screen is in use from Enter, and may read its case before it is shown).
                return
            probe.shown_at = time.perf_counter()
            probe._pending = True

        def render_line(table: Any, y: int) -> Any:
            strip = original_render(table, y)
            if y == 1:
                if probe._pending:
                    probe.drawn_at = time.perf_counter()
                    probe._pending = False
                if table.screen is table.app.screen:
                    probe.rendered_at = time.perf_counter()
            return strip

        PagedTable.show = show  # type: ignore[method-assign,assignment]
        PagedTable.render_line = render_line  # type: ignore[method-assign,assignment]

    async def drawn_after(self, started: float, limit: float = 30.0) -> float:
        """Milliseconds from ``started`` to the first draw of a page shown after it."""
        deadline = time.perf_counter() + limit
        while not (self.drawn_at > started and self.shown_at > started and not self._pending):
            if time.perf_counter() > deadline:
                raise TimeoutError("the table never drew a new page")
            await asyncio.sleep(0.005)
        return (self.drawn_at - started) * 1000

    async def screen_drawn_after(self, started: float, limit: float = 30.0) -> float:
        """Milliseconds from ``started`` to a table first drawn on the screen then shown,
        whether its page came after ``started`` or was read before (a screen made ahead)."""
        deadline = time.perf_counter() + limit
        while not (self.rendered_at > started and not self._pending):
            if time.perf_counter() > deadline:
                raise TimeoutError("no table was drawn")
            await asyncio.sleep(0.005)
        if self.shown_at > started:  # its page came after the key: wait for that page drawn
            return await self.drawn_after(started, limit)
        return (self.rendered_at - started) * 1000


def measure_app(where: Where, cases: int, runs: int, long_case: str | None = None) -> list[Timing]:
    """The real app, headless: from a key press to the screen drawn. ``long_case`` is the
    reference of an open case with a long timeline, to time opening it."""
    probe = DrawProbe()
    probe.install()
    with own_settings():
        return asyncio.run(_measure_app(where, cases, runs, probe, long_case))


async def _measure_app(
    where: Where, cases: int, runs: int, probe: DrawProbe, long_case: str | None
) -> list[Timing]:
    from textual import events
    from textual.widgets import Input

    from remedy_tui import config
    from remedy_tui.app import RemedyApp
    from remedy_tui.widgets import PagedTable

    samples: dict[str, list[float]] = {}

    def key(app: RemedyApp, name: str, character: str | None = None) -> float:
        # Delivered as the terminal driver delivers it. (Pilot.press would also wait for the
        # CPU to go idle, in 20 ms sleeps, after every key: a test convenience, not latency.)
        started = time.perf_counter()
        app.post_message(events.Key(name, character))
        return started

    async def timed(
        name: str,
        measured: bool,
        app: RemedyApp,
        key_name: str,
        character: str | None = None,
        new_page: bool = True,
    ) -> None:
        await asyncio.sleep(0.05)  # a person's pause between keys
        started = key(app, key_name, character)
        if new_page:
            elapsed = await probe.drawn_after(started)
        else:
            elapsed = await probe.screen_drawn_after(started)
        if measured:
            samples.setdefault(name, []).append(elapsed)

    async def until(what: str, condition: Callable[[], bool], limit: float = 30.0) -> None:
        # Between untimed keys only: on a busy machine a key's effect (a screen pushed or
        # popped, the focus moved) can come later than a person's pause, and the next key
        # would then reach the wrong widget (an Enter meant for the list opening a case).
        deadline = time.perf_counter() + limit
        while not condition():
            if time.perf_counter() > deadline:
                raise TimeoutError(f"the app never got to {what}")
            await asyncio.sleep(0.005)

    def focused(app: RemedyApp, widget_id: str) -> Callable[[], bool]:
        return lambda: app.focused is not None and app.focused.id == widget_id

    def has_next_page(app: RemedyApp) -> bool:
        return any(table.has_next for table in app.screen.query(PagedTable))

    async def one_run(measured: bool) -> None:
        app = RemedyApp(store_path=where, demo=True, settings=config.Settings())
        async with app.run_test(size=(120, 40)):
            app.screen.query_one("#passphrase", Input).value = PASSPHRASE
            await timed(UNLOCK, measured, app, "enter")
            if has_next_page(app):
                await timed(QUEUE_PAGE, measured, app, "pagedown")
            key(app, "slash", "/")
            for letter in "quill":
                await timed(QUEUE_SEARCH, measured, app, letter, letter)
            await timed(TO_CASES, measured, app, "f3", new_page=False)
            for _ in range(3):
                await timed(CASES_PAGE, measured, app, "pagedown")
            key(app, "slash", "/")
            for letter in "quill":
                await timed(CASES_SEARCH, measured, app, letter, letter)
            if long_case is not None:
                # The case with 500 timeline entries: find it by reference, then Enter opens it.
                cases_table = app.screen.query_one(PagedTable)
                table = cases_table.id or ""
                key(app, "escape")
                await until("the case list", focused(app, table))
                key(app, "slash", "/")
                await until("the search box", focused(app, "list-search"))
                await asyncio.sleep(0.05)
                started = time.perf_counter()
                app.screen.query_one("#list-search", Input).value = long_case
                await probe.drawn_after(started)
                await until(  # not the page the escape's cleared search reloaded
                    "the case found",
                    lambda: cases_table.row_count > 0 and long_case in cases_table.row_texts(0),
                )
                key(app, "enter")  # from the search box to the list
                await until("the case list", focused(app, table))
                probe.ignore_empty = True  # the case screen shows nothing until the case is read
                for n in range(3):
                    await timed(OPEN_CASE if n else OPEN_CASE_FIRST, measured, app, "enter")
                    await until("the case", lambda: type(app.screen).__name__ == "CaseScreen")
                    await asyncio.sleep(0.2)
                    key(app, "escape")  # back to the case list
                    await until("the case list", focused(app, table))
                probe.ignore_empty = False

    for run in range(runs + 1):
        await one_run(measured=run > 0)
    return [summarise(name, "app", cases, values) for name, values in samples.items()]


UNLOCK = "app: unlock to triage queue drawn (incl. key derivation)"
QUEUE_PAGE = "app: queue PgDn to next page drawn"
QUEUE_SEARCH = "app: queue search keystroke to list drawn"
TO_CASES = "app: F3 to case list drawn (its first showing this session)"
CASES_PAGE = "app: case list PgDn to next page drawn"
CASES_SEARCH = "app: case list search keystroke to list drawn"
OPEN_CASE_FIRST = "app: Enter on a case (500 timeline entries) to its screen drawn, first case"
OPEN_CASE = "app: Enter on a case (500 timeline entries) to its screen drawn, later cases"
