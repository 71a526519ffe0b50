"""The Remedy application: screen routing, global keys, the palette, themes and auto-lock."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from textual import events
from textual.app import App, ScreenStackError, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.timer import Timer

from remedy_tui import config
from remedy_tui.commands import CaseFinder
from remedy_tui.messages import (
    ColleaguesChanged,
    OpenCase,
    OpenChecklist,
    OpenChecklistSnapshot,
    OpenReferral,
)
from remedy_tui.screens import (
    CaseListScreen,
    CaseloadScreen,
    CaseScreen,
    ChecklistSnapshotScreen,
    ConfirmScreen,
    CreateStoreScreen,
    CsgHomeScreen,
    ErrorDialog,
    KeyMapScreen,
    ReferralScreen,
    TriageQueueScreen,
    UnlockScreen,
)
from remedy_tui.screens.checklist import open_checklist
from remedy_tui.screens.common.new_passphrase import NewPassphraseScreen
from remedy_tui.screens.common.typed_work import TypedWork
from remedy_tui.screens.oversight.audit import AuditScreen
from remedy_tui.screens.oversight.equality import EqualityScreen
from remedy_tui.screens.records import RequestsScreen
from remedy_tui.screens.team.trainees import TraineesScreen
from remedy_tui.screens.team.users import UsersScreen
from remedy_tui.services.desk import Desk, Where, place_exists, place_label
from remedy_tui.textual_internals import (
    QuietCrashReport,
    make_mode_ahead,
    mark_styled,
    mode_screens,
    mount_hidden,
    prompt_driver,
)
from remedy_tui.themes import THEMES

IDLE_CHECK_SECONDS = 5.0
LOCKED = "locked"
KEPT_CASE_SCREEN = "kept-case"  # the name the kept case screen is installed under
WARM_UP_AFTER = 0.5  # seconds after sign-in: the case screen's statements compiled meanwhile


def settle_memory() -> None:
    """Collect what is garbage now, then leave everything still alive out of later
    collections.

    The app holds hundreds of thousands of long-lived objects (Textual, SQLAlchemy, the
    stylesheet, the screens); Python's full collection walked them all every so often, a
    pause of 0.1-0.2 s that landed on whichever key was pressed at the time. Frozen, they are
    no longer walked. Called when the app starts and once the store is open and the first
    screen drawn, both points where a pause is not felt. Locking and leaving unfreeze them
    (``release_memory``), so the screens they drop can be collected.
    """
    gc.collect()
    gc.freeze()


def release_memory() -> None:
    """Let the collector see everything frozen by ``settle_memory`` again."""
    gc.unfreeze()


class LockedBackdrop(Screen[None]):
    """What sits behind the unlock screen: nothing of the store."""


@dataclass(frozen=True)
class KeptWork:
    """Whose open forms a lock kept in memory (their areas stay, hidden), and the area that
    was in front; given back only to the same user."""

    username: str
    in_front: str


class QuitQuestion(ConfirmScreen):
    """Asked before quitting would lose what was typed in a form."""


class RemedyApp(QuietCrashReport, App[None]):
    """Keyboard-driven case management on an encrypted local store."""

    TITLE = "Remedy"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {CaseFinder}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+l", "lock", "Lock", priority=True),
        Binding("question_mark", "key_map", "Keys"),
        Binding("f1", "key_map", "Keys", show=False),
        # Quit is in the key map and the palette; the footer is kept for the work.
        Binding("ctrl+q", "quit", "Quit", priority=True, show=False),
        Binding("f2", "go('queue')", "Queue"),
        Binding("f3", "go('cases')", "Cases"),
        Binding("f4", "go('caseload')", "Caseload"),
        Binding("f5", "go('csg')", "CSG"),
        # Not in the footer: a TPD and an administrator land on theirs, and a case manager
        # finds F7 (users, if they manage them) and F8 in the key map and the palette.
        Binding("f6", "go('trainees')", "Trainees", show=False),
        Binding("f7", "go('users')", "Users", show=False),
        Binding("f8", "go('audit')", "Audit trail", show=False),
        Binding("f9", "go('records')", "Records: access requests, retention", show=False),
        Binding("f10", "go('equality')", "Equality by stage", show=False),
    ]
    # Where F2 and the like go; each area is a mode with its own stack of screens, so moving
    # between areas keeps each one as it was left. Which areas a person has is the role
    # matrix's (data/roles.json); the first of theirs is where they land.
    AREAS: ClassVar[dict[str, Callable[[], Screen[Any]]]] = {
        "queue": TriageQueueScreen,
        "cases": CaseListScreen,
        "caseload": CaseloadScreen,
        "csg": CsgHomeScreen,
        "trainees": TraineesScreen,
        "users": UsersScreen,
        "audit": AuditScreen,
        "records": RequestsScreen,
        "equality": EqualityScreen,
    }

    def __init__(
        self,
        store_path: Where,
        *,
        demo: bool = False,
        settings: config.Settings | None = None,
    ) -> None:
        super().__init__(driver_class=prompt_driver())
        self.store_path = store_path
        self.demo = demo
        self.settings = settings or config.Settings.load()
        self.desk: Desk | None = None
        self._stop_watching: Callable[[], None] | None = None
        self._open_areas: set[str] = set()
        self._kept_case_screen: CaseScreen | None = None
        self._warm_up: Timer | None = None
        self._kept_work: KeptWork | None = None
        self.last_input = time.monotonic()
        for theme in THEMES:
            self.register_theme(theme)
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme

    def delay_update(self, delay: float = 0.05) -> None:
        """Textual holds the screen back 50 ms on every change of area to hide the change;
        Remedy's areas are built ahead and kept, so the next frame is the new area: draw it
        a millisecond later (not 0: Textual's timer divides by its interval)."""
        super().delay_update(0.001)

    # Start, unlock and lock ------------------------------------------------------------------

    async def on_mount(self) -> None:
        settle_memory()
        self.set_interval(IDLE_CHECK_SECONDS, self.lock_if_idle)
        # The unlock screen lives in a mode of its own, so locking can drop every area's mode.
        self.add_mode(LOCKED, LockedBackdrop)
        await self.switch_mode(LOCKED)
        self.show_lock_screen()

    def show_lock_screen(self, reason: str | None = None) -> None:
        """The unlock screen, or the first-run screen if there is no store yet."""
        if place_exists(self.store_path):
            user = config.DEMO_USER if self.demo else self.settings.last_user
            self.push_screen(
                UnlockScreen(self.store_path, user=user, demo=self.demo, reason=reason),
                self.unlocked,
            )
        elif isinstance(self.store_path, Path):
            self.push_screen(CreateStoreScreen(self.store_path), self.unlocked)

    async def unlocked(self, desk: Desk | None) -> None:
        """The store is open: remember who signed in and show the work (the forms a lock
        kept, if it is the same person)."""
        if desk is None:
            return
        back_to = await self._take_back_kept_work(desk.user.username, desk.access.areas)
        self.desk = desk
        self.last_input = time.monotonic()
        self.refresh_bindings()
        if not self.demo:
            self.settings.last_user = desk.user.username
            self.settings.save()
        self.sub_title = f"{desk.user.full_name} · {place_label(self.store_path, short=True)}"
        if desk.migration_backup is not None:
            self.notify(
                f"The store was upgraded; a backup was kept at {desk.migration_backup}",
                title="Upgraded",
                markup=False,
            )
        for name, factory in self.areas().items():
            if name not in self._open_areas:  # an area kept by the lock stays as it was
                self.add_mode(name, partial(self._make_area, factory))
                self._open_areas.add(name)
        self._prepare()
        await self.switch_mode(back_to or self.landing)
        if self._kept_case_screen is not None:
            # After the landing area's first page, not against it; a lock first stops it.
            kept = self._kept_case_screen
            self._warm_up = self.set_timer(WARM_UP_AFTER, lambda: kept.warm_up(desk))
        if back_to is not None:
            self._say_where_the_typing_is(back_to)
        if desk.history_warning is not None:
            # Over the landing area, once it is shown (not in the lock screen's mode).
            self.call_after_refresh(
                self.show_error,
                "The store's history has changed",
                f"This store is not as this computer last saw it: {desk.history_warning}. "
                "Someone may have tampered with it, or a backup older than what you saw here "
                "was restored. Tell your information-governance lead; run `remedy check`.",
            )
        self.call_after_refresh(settle_memory)
        # On a team server, colleagues' changes show without a key press (post_message is
        # safe from the listening thread).
        self._stop_watching = desk.watch(self._colleagues_changed)

    def _colleagues_changed(self, tables: frozenset[str]) -> None:
        self.post_message(ColleaguesChanged(tables))

    def on_colleagues_changed(self, message: ColleaguesChanged) -> None:
        """Show colleagues' changes on the screen in front, if it shows anything they touch."""
        try:
            screen = self.screen
        except ScreenStackError:
            # Heard just before the watch was stopped on the way out: the screens are gone.
            return
        show = getattr(screen, "show_colleagues_changes", None)
        if self.desk is not None and callable(show):
            show(message.tables)

    def _stop_watch(self) -> None:
        stop, self._stop_watching = self._stop_watching, None
        if stop is not None:
            stop()

    def _prepare(self) -> None:
        """Make the other areas' screens and the case screen kept between cases as the store
        opens, hidden, so the first F3 or Enter on a case draws a screen already made.

        Making a screen (compose, mount, styles, layout) was most of the time from F3 to the
        case list first drawn (0.2 s) and from Enter to the first case drawn (0.15-0.2 s).
        Unlocking is the one moment the user is waiting anyway: this adds about 0.2 s to it,
        within the second it may take, and nothing to the keys pressed afterwards.
        """
        for area in self.areas():
            if area != self.landing:
                make_mode_ahead(self, area)
        if self._kept_case_screen is None and self.opens_cases:
            kept = CaseScreen(0, blank=True)
            self.install_screen(kept, KEPT_CASE_SCREEN)
            self._kept_case_screen = kept
            mount_hidden(self, KEPT_CASE_SCREEN)

    def _make_area(self, factory: Callable[[], Screen[Any]]) -> Screen[Any]:
        """An area's screen, marked as styled from the stylesheet as it is now."""
        screen = factory()
        mark_styled(screen, self)
        return screen

    def areas(self) -> dict[str, Callable[[], Screen[Any]]]:
        """The signed-in person's areas of the app, by mode name (none while locked)."""
        if self.desk is None:
            return {}
        return {area: self.AREAS[area] for area in self.desk.access.areas}

    @property
    def landing(self) -> str:
        """Where the signed-in person lands: the first of their areas."""
        return next(iter(self.areas()), LOCKED)

    @property
    def opens_cases(self) -> bool:
        """Whether the signed-in person's role opens the case screen (every case's work)."""
        return self.desk is not None and self.desk.access.sees_every_case

    async def action_go(self, area: str) -> None:
        """Show one of the main areas, as it was left."""
        if self.desk is not None and area in self.areas() and self.current_mode != area:
            await self.switch_mode(area)

    async def action_lock(self, reason: str | None = None) -> None:
        """Drop the open store and every screen but the areas with a form open (kept hidden
        for the same user); ask for the passphrase again."""
        if self.desk is None:
            return
        self._stop_watch()
        if self._warm_up is not None:
            self._warm_up.stop()
            self._warm_up = None
        desk, self.desk = self.desk, None
        self.sub_title = ""
        self.refresh_bindings()
        in_front = self.current_mode
        await self.switch_mode(LOCKED)
        # An area with a form (or the CSG meeting mode) open is kept, hidden, with the area in
        # front, so the same user comes back to where they were and to what they typed; every
        # other area goes, as does the whole session for anyone else.
        with_forms = {area for area in self._open_areas if self._typing_in(area)}
        kept = with_forms | ({in_front} & self._open_areas) if with_forms else set()
        await self._drop_areas(self._open_areas - kept)
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        if with_forms:
            self._kept_work = KeptWork(desk.user.username, in_front)
        desk.close()
        release_memory()  # the session's screens and objects, frozen at unlock, can go now
        reason = reason or "Locked. Type your passphrase to carry on."
        if with_forms:
            reason += " What you were typing is kept until you unlock."
        self.show_lock_screen(reason)

    def _typing_in(self, area: str) -> list[TypedWork]:
        """The screens open in an area where text is typed (forms, the CSG meeting mode),
        whether or not the area is in front."""
        return [s for s in mode_screens(self, area) if isinstance(s, TypedWork)]

    async def _drop_areas(self, areas: Iterable[str]) -> None:
        """Remove these areas and their screens (and the kept case screen, unless a remaining
        area still shows it)."""
        for area in sorted(areas):
            await self.remove_mode(area)
            self._open_areas.discard(area)
        kept = self._kept_case_screen
        if kept is not None and not any(kept in mode_screens(self, a) for a in self._open_areas):
            self._kept_case_screen = None
            self.uninstall_screen(kept)
            await kept.remove()

    async def _take_back_kept_work(self, username: str, areas: Iterable[str]) -> str | None:
        """Give the areas a lock kept back to the user who locked; for anyone else drop them
        unseen. The area to show first, if any was kept."""
        kept, self._kept_work = self._kept_work, None
        if kept is None:
            return None
        if username != kept.username:
            await self._drop_areas(set(self._open_areas))
            return None
        await self._drop_areas(self._open_areas - set(areas))  # a role changed meanwhile
        if kept.in_front in self._open_areas:
            return kept.in_front
        return next(iter(sorted(self._open_areas)), None)

    def _say_where_the_typing_is(self, shown: str) -> None:
        """After an unlock gave kept work back: say so, and where, if not in front."""
        elsewhere = [a for a in sorted(self._open_areas) if a != shown and self._typing_in(a)]
        if self._typing_in(shown) or not elsewhere:
            self.notify("What you had open when Remedy locked is back.", title="Unlocked")
            return
        keys = {b.action: b for b in self.BINDINGS if isinstance(b, Binding)}
        places = []
        for area in elsewhere:
            binding = keys.get(f"go('{area}')")
            places.append(f"{binding.description} ({binding.key.upper()})" if binding else area)
        self.notify(
            f"What you were typing when Remedy locked is back in {', '.join(places)}.",
            title="Unlocked",
        )

    async def on_event(self, event: events.Event) -> None:
        """Note every key press and mouse action, for the idle lock."""
        if isinstance(event, events.InputEvent) and not event.is_forwarded:
            self.last_input = time.monotonic()
        await super().on_event(event)

    async def lock_if_idle(self) -> None:
        """Lock after the configured time without input."""
        idle = time.monotonic() - self.last_input
        if idle < self.settings.lock_after_minutes * 60:
            return
        if self.desk is not None:
            minutes = self.settings.lock_after_minutes
            await self.action_lock(f"Locked after {minutes:g} minutes without input.")
        elif isinstance(self.screen, NewPassphraseScreen):
            # Signed in but asked for a passphrase of their own: the store is open behind it.
            self.screen.action_back_out()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Locking only makes sense while the store is open."""
        if action == "lock":
            return self.desk is not None
        if action == "go":
            return self.desk is not None and parameters[0] in self.areas()
        return True

    # Everywhere ------------------------------------------------------------------------------

    async def action_quit(self) -> None:
        """Quit; if a form holds text not saved (open, or kept by a lock), ask first."""
        if isinstance(self.screen, QuitQuestion):
            return
        typed = any(s.has_typed for area in self._open_areas for s in self._typing_in(area))
        if not typed:
            self.exit()
            return
        if self.desk is None:  # locked: say nothing of what the form holds
            detail = "The locked session holds text typed and not saved."
        else:
            detail = "What you typed is not saved yet; n or Escape goes back to it."
        self.push_screen(QuitQuestion("Quit and lose what you typed?", detail), self._quit_if_yes)

    def _quit_if_yes(self, yes: bool | None) -> None:
        if yes:
            self.exit()

    def action_key_map(self) -> None:
        """Show every key of the current screen."""
        if isinstance(self.screen, KeyMapScreen):
            return
        self.push_screen(KeyMapScreen(self.screen))

    def action_find_case(self) -> None:
        """Open the palette ready to find a case."""
        self.action_command_palette()

    def on_open_case(self, message: OpenCase) -> None:
        """A screen asked to show a case."""
        self.open_case(message.case_id, message.reference)

    def on_open_referral(self, message: OpenReferral) -> None:
        """A screen asked to show a referral."""
        if self.opens_cases:
            self.push_screen(ReferralScreen(message.referral_id))

    def open_case(self, case_id: int, reference: str = "") -> None:
        """Show a case on top of the current area; Escape comes back.

        One case screen is kept between cases: building its widgets again for every case
        took longer than reading the case. A second one is made only while the kept one is
        in use (a case opened from another case, or left open in another area)."""
        if self.desk is None:
            return
        if not self.opens_cases:
            self.notify(
                "Your role does not open the case screen; the case managers hold the case.",
                severity="warning",
            )
            return
        kept = self._kept_case_screen
        if kept is not None and not kept.in_use:
            kept.show_case(case_id)
            screen = kept
        else:
            screen = CaseScreen(case_id)
            if kept is None:
                self.install_screen(screen, KEPT_CASE_SCREEN)
                self._kept_case_screen = screen
        screen.in_use = True
        self.push_screen(screen)

    def on_open_checklist(self, message: OpenChecklist) -> None:
        """A screen asked to show a case's fairness checklist: it reads it, then shows it."""
        if self.opens_cases:
            open_checklist(self.screen, message.case_id)

    def on_open_checklist_snapshot(self, message: OpenChecklistSnapshot) -> None:
        """A screen asked to show the checklist kept with a decision."""
        if self.opens_cases:
            self.push_screen(ChecklistSnapshotScreen(message.decision_id))

    def show_error(self, title: str, message: str) -> None:
        """Report a failure in a dialog."""
        self.push_screen(ErrorDialog(title, message))

    def report_failure(self, error: BaseException) -> None:
        """Say plainly that something unexpected went wrong; nothing more was changed."""
        # A refusal (DomainError, StoreError) never comes here: DeskWork hands it to the
        # screen that asked. The error itself is not shown: its text may hold case data.
        if self.desk is None:
            return  # locked meanwhile: the work belonged to a session that is gone
        self.show_error(
            "Something went wrong",
            "Nothing more was changed; the last saved state is intact. If it happens "
            "again, lock (ctrl+l) and unlock, or restart Remedy.",
        )

    def watch_theme(self, theme: str) -> None:
        """Remember the chosen theme for next time."""
        if self.settings.theme != theme:
            self.settings.theme = theme
            self.settings.save()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every key's action in the palette too, plus Remedy's own commands."""
        yield from super().get_system_commands(screen)
        if self.desk is not None:
            yield SystemCommand("Lock now", "Lock Remedy (ctrl+l)", self.action_lock)
        yield SystemCommand("Key map", "Every key of this screen (?)", self.action_key_map)
        seen = {"lock", "key_map", "quit", "command_palette"}
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.description or binding.action in seen or not active.enabled:
                continue
            seen.add(binding.action)
            node = active.node
            yield SystemCommand(
                binding.description,
                f"{binding.description} ({binding.key_display or binding.key})",
                lambda node=node, action=binding.action: self.run_action(action, node),
            )

    async def on_unmount(self) -> None:
        """Close the store on the way out."""
        self._stop_watch()
        if self.desk is not None:
            self.desk.close()
            self.desk = None
        release_memory()
