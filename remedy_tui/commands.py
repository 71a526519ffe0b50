"""The command palette: find a case by name, number or reference from anywhere."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from remedy_tui import clock
from remedy_tui.services.case.case_list import CaseQuery, CaseRow, StatusFilter, case_page
from remedy_tui.services.desk import Desk
from remedy_tui.widgets.literal import visible

if TYPE_CHECKING:
    from remedy_tui.app import RemedyApp

MAX_HITS = 8


class CaseFinder(Provider):
    """Finds cases as you type; choosing one opens it."""

    @property
    def remedy(self) -> RemedyApp:
        """The app, typed."""
        from remedy_tui.app import RemedyApp

        assert isinstance(self.app, RemedyApp)
        return self.app

    def _find(self, desk: Desk, text: str) -> list[CaseRow]:
        page = desk.read(
            case_page,
            query=CaseQuery(search=text, status=StatusFilter.ALL),
            offset=0,
            limit=MAX_HITS,
            today=clock.today(),
        )
        return list(page.rows)

    async def discover(self) -> Hits:
        """Nothing to offer until something is typed (nor to a role that opens no case)."""
        if self.remedy.opens_cases:
            yield DiscoveryHit(
                "Find a case...",
                self.remedy.action_find_case,
                help="Type a name, registration number or case reference",
            )

    async def search(self, query: str) -> Hits:
        """Cases whose practitioner or reference matches ``query``."""
        desk = self.remedy.desk
        if desk is None or not self.remedy.opens_cases or len(query.strip()) < 2:
            return
        # search is a coroutine on the UI's event loop: the desk's blocking read goes to a
        # thread, so typing stays responsive while the database answers.
        rows = await asyncio.to_thread(self._find, desk, query)
        matcher = self.matcher(query)
        for row in rows:
            title = visible(f"{row.reference}  {row.practitioner}")
            # The database has already matched; the matcher only ranks. Names are shown as
            # plain Content, never parsed as markup (matcher.highlight would parse them).
            score = max(matcher.match(title), 0.5)
            yield Hit(
                score,
                Content(title),
                partial(self.remedy.open_case, row.id, row.reference),
                text=title,
                help=visible(f"Level {row.level} · {row.status.label} · {row.trust}"),
            )
