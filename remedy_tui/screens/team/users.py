"""The users area: the team's users, their roles, and whether each can sign in.

Adding, disabling and resetting a user asks for a passphrase that is theirs, and on a team
server for the database owner's rights (a login is a PostgreSQL role): the screen says which
command does each, where it is run, rather than offering keys that would be refused.
"""

from __future__ import annotations

from remedy_tui.screens.common.paged_list import PagedListScreen
from remedy_tui.services.common.paging import Page
from remedy_tui.services.common.users import TeamMember, UsersQuery, users_page
from remedy_tui.services.desk import Desk
from remedy_tui.widgets import Cell, Column, PagedTable
from remedy_tui.widgets.record_table import RecordTable

COLUMNS = (
    Column("Name", 18, 2),
    Column("Username", 12),
    Column("Role", 24, 1),
    Column("State", 11),
    Column("Programmes", 12, 2),
)


def user_cells(row: TeamMember) -> list[Cell]:
    """One user of the team."""
    user = row.user
    if not user.active:
        state = Cell("disabled", "dim")
    elif not user.can_sign_in:
        state = Cell("no key slot", "error")
    else:
        state = Cell("can sign in")
    role = user.role.label + (" · admin" if user.is_admin else "")
    return [
        Cell(user.full_name, "" if user.active else "dim"),
        Cell(user.username, "dim"),
        Cell(role),
        state,
        Cell(", ".join(row.programmes), "dim"),
    ]


class UsersScreen(PagedListScreen[UsersQuery, Page[TeamMember]]):
    """The team's users, active first."""

    TITLE = "Users"
    NOUN = "users"
    SEARCH_PLACEHOLDER = "/ search: name or username"

    def __init__(self) -> None:
        super().__init__(UsersQuery())

    def make_table(self) -> PagedTable:
        return RecordTable[TeamMember](
            COLUMNS, user_cells, empty_text="No users match.", id="users-table"
        )

    def fetch(self, desk: Desk, query: UsersQuery, offset: int, limit: int) -> Page[TeamMember]:
        return desk.read(users_page, query=query, offset=offset, limit=limit)

    def count(self, desk: Desk, query: UsersQuery) -> int:
        return desk.read(users_page, query=query, offset=0, limit=1).total

    def show_page(self, table: PagedTable, page: Page[TeamMember]) -> None:
        assert isinstance(table, RecordTable)
        table.show_page(page)

    def describe(self, query: UsersQuery) -> str:
        if self.desk.on_server:
            how = "remedy server users add|disable|reset, run by the team server's owner"
        else:
            how = "remedy users add|disable on this computer"
        return f"The team's users · to add, disable or reset one: {how}"
