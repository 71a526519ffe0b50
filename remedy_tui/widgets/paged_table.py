"""A table that shows exactly one page of rows and asks its screen for the next.

Every list in Remedy pages through the database a screenful at a time, so the table never holds
more rows than fit. It draws each row as one line of plain segments (the line API), which is
quick however often the page changes, and it never interprets markup: free text shows as typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from remedy_tui.widgets.literal import visible

CellStyle = Literal["", "error", "dim", "strong", "warning", "success"]
PADDING = 1


@dataclass(frozen=True)
class Column:
    """A column: its title, minimum width and share of any spare width.

    ``drop`` says which columns give way when the terminal is too narrow for every column at
    its minimum: the highest number goes first; 0 (the default) is never dropped."""

    title: str
    width: int
    share: int = 0
    align: Literal["left", "right"] = "left"
    drop: int = 0


@dataclass(frozen=True)
class Cell:
    """One cell's text and how it should stand out."""

    text: str
    style: CellStyle = ""


Row = Sequence["Cell | str"]


def shown_columns(columns: Sequence[Column], total: int) -> list[bool]:
    """Which columns are drawn in ``total`` cells: the lower-value ones (highest ``drop``)
    give way, one at a time, until the rest fit at their minimum widths."""
    shown = [True] * len(columns)
    droppable = sorted(
        (i for i, column in enumerate(columns) if column.drop),
        key=lambda i: (-columns[i].drop, -i),
    )

    def needed() -> int:
        return sum(c.width + 2 * PADDING for c, on in zip(columns, shown, strict=True) if on)

    # Then, for a list that ranks none (or not enough), the right-most columns, sparing the
    # first (the reference) and the one with the largest share (the name): whole columns
    # give way rather than every title and value being cut.
    name = max(range(len(columns)), key=lambda i: columns[i].share) if columns else 0
    unranked = [i for i in reversed(range(1, len(columns))) if not columns[i].drop and i != name]
    for index in (*droppable, *unranked):
        if needed() <= total:
            break
        shown[index] = False
    return shown


def column_widths(columns: Sequence[Column], total: int) -> list[int]:
    """Share ``total`` cells out so every column fits without scrolling sideways; a column
    dropped because the terminal is too narrow has width 0 and is not drawn."""
    shown = shown_columns(columns, total)
    kept = [column for column, on in zip(columns, shown, strict=True) if on]
    padding = 2 * PADDING * len(kept)
    minimum = sum(column.width for column in kept)
    spare = max(0, total - padding - minimum)
    shares = sum(column.share for column in kept) or 1
    widths = [
        column.width + (spare * column.share) // shares if on else 0
        for column, on in zip(columns, shown, strict=True)
    ]
    if any(column.share for column in kept):
        # Give the cells lost to rounding to the widest-sharing column.
        widest = max(range(len(columns)), key=lambda i: columns[i].share if shown[i] else -1)
        widths[widest] += max(0, total - padding - sum(widths))
    return widths


def fit(text: str, width: int, align: Literal["left", "right"] = "left") -> str:
    """``text`` cut with an ellipsis or padded to exactly ``width`` cells."""
    if width <= 0:
        return ""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    if align == "right":
        return " " * (width - cell_len(text)) + text
    return set_cell_size(text, width)


class PagedTable(Widget, can_focus=True):
    """One page of rows with a row cursor; paging beyond it is posted to the screen."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "paged-table--header",
        "paged-table--cursor",
        "paged-table--zebra",
        "paged-table--error",
        "paged-table--dim",
        "paged-table--strong",
        "paged-table--warning",
        "paged-table--success",
        "paged-table--empty",
    }
    DEFAULT_CSS = """
    PagedTable {
        height: 1fr;
        background: $surface;
    }
    PagedTable > .paged-table--header {
        text-style: bold;
        background: $panel;
        color: $foreground;
    }
    PagedTable > .paged-table--cursor {
        background: $block-cursor-blurred-background;
        color: $block-cursor-blurred-foreground;
    }
    PagedTable:focus > .paged-table--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    PagedTable > .paged-table--zebra {
        background: $surface-lighten-1;
    }
    PagedTable > .paged-table--error {
        color: $error;
        text-style: bold;
    }
    PagedTable > .paged-table--dim {
        color: $text-muted;
    }
    PagedTable > .paged-table--strong {
        text-style: bold;
    }
    PagedTable > .paged-table--warning {
        color: $warning;
    }
    PagedTable > .paged-table--success {
        color: $success;
    }
    PagedTable > .paged-table--empty {
        color: $text-muted;
        text-style: italic;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("home", "cursor_to(0)", "Top of page", show=False),
        Binding("end", "cursor_to(-1)", "Bottom of page", show=False),
        Binding("pagedown", "page(1)", "Next page", show=False),
        Binding("pageup", "page(-1)", "Previous page", show=False),
        Binding("ctrl+home", "edge(-1)", "First page", show=False),
        Binding("ctrl+end", "edge(1)", "Last page", show=False),
        Binding("enter", "choose", "Open", show=False),
    ]

    cursor_row: reactive[int] = reactive(0)

    @dataclass
    class PageRequested(Message):
        """The user wants another page: ``step`` pages on, or the first/last (``edge``)."""

        table: PagedTable
        step: int
        edge: int = 0

    @dataclass
    class RowChosen(Message):
        """Enter (or a double click) on a row."""

        table: PagedTable
        index: int

    @dataclass
    class CursorMoved(Message):
        """The cursor moved to another row of the page."""

        table: PagedTable
        index: int

    def __init__(
        self,
        columns: Sequence[Column],
        *,
        empty_text: str = "Nothing to show.",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.columns = tuple(columns)
        self.empty_text = empty_text
        self._rows: tuple[tuple[Cell, ...], ...] = ()
        self._widths: list[int] = []
        self._styles: dict[str, Style] = {}
        self._cursor_after_load = "first"
        self.has_previous = False
        self.has_next = False

    # Data ---------------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        """How many rows the page holds."""
        return len(self._rows)

    @property
    def page_capacity(self) -> int:
        """How many rows fit below the header."""
        return max(1, self.size.height - 1) if self.size.height else 20

    def row_texts(self, index: int) -> tuple[str, ...]:
        """The texts shown in a row (as displayed, before fitting to width)."""
        return tuple(cell.text for cell in self._rows[index])

    def show(self, rows: Sequence[Row], *, has_previous: bool, has_next: bool) -> None:
        """Replace the page, placing the cursor as the last request asked."""
        self._rows = tuple(
            tuple(
                Cell(visible(cell))
                if isinstance(cell, str)
                else Cell(visible(cell.text), cell.style)
                for cell in row
            )
            for row in rows
        )
        self.has_previous = has_previous
        self.has_next = has_next
        if not self._rows:
            target = 0
        elif self._cursor_after_load == "last":
            target = len(self._rows) - 1
        elif self._cursor_after_load == "keep":
            target = min(self.cursor_row, len(self._rows) - 1)
        else:
            target = 0
        self._cursor_after_load = "keep"
        self.set_reactive(PagedTable.cursor_row, target)
        self.refresh()
        if self._rows:
            self.post_message(self.CursorMoved(self, target))

    # Drawing ------------------------------------------------------------------------------

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._rows) + 1

    def on_resize(self, event: events.Resize) -> None:
        self._widths = column_widths(self.columns, event.size.width)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()

    def on_focus(self, event: events.Focus) -> None:
        self._styles.clear()

    def on_blur(self, event: events.Blur) -> None:
        self._styles.clear()

    def _style(self, name: str) -> Style:
        """The widget's style with a component's on top, worked out once per style change
        (``rich_style`` walks every ancestor, which every line of every page did)."""
        style = self._styles.get(name)
        if style is None:
            style = self.rich_style
            if name:
                style += self.get_component_rich_style(f"paged-table--{name}")
            self._styles[name] = style
        return style

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if not self._widths:
            self._widths = column_widths(self.columns, width)
        if y == 0:
            texts = [(column.title, "") for column in self.columns]
            return self._strip(texts, self._style("header"), False, width)
        index = y - 1
        if index >= len(self._rows):
            if index == 0 and not self._rows:
                style = self._style("empty")
                return Strip([Segment(fit(" " + self.empty_text, width), style)], width)
            return Strip.blank(width, self._style(""))
        cursor = index == self.cursor_row
        row_style = self._row_style(cursor, zebra=index % 2 == 1)
        texts = [(cell.text, cell.style) for cell in self._rows[index]]
        # The cursor row is drawn in one style, so it reads as one bar.
        return self._strip(texts, row_style, not cursor, width)

    def _row_style(self, cursor: bool, zebra: bool) -> Style:
        key = f"row:{cursor}:{zebra}"
        style = self._styles.get(key)
        if style is None:
            style = self._style("zebra") if zebra else self._style("")
            if cursor:
                style += self.get_component_rich_style("paged-table--cursor")
            self._styles[key] = style
        return style

    def _strip(
        self,
        texts: Sequence[tuple[str, str]],
        row_style: Style,
        styled_cells: bool,
        width: int,
    ) -> Strip:
        """One line: the cells fitted to their columns, plain runs joined into one segment."""
        segments: list[Segment] = []
        pad = " " * PADDING
        run: list[str] = []
        used = 0
        for (text, style_name), column, column_width in zip(
            texts, self.columns, self._widths, strict=False
        ):
            if column_width <= 0:
                continue  # dropped: the terminal is too narrow for it
            cell = fit(text, column_width, column.align)
            used += max(0, column_width) + 2 * PADDING
            if styled_cells and style_name:
                style = row_style + self.get_component_rich_style(f"paged-table--{style_name}")
                run.append(pad)
                segments.append(Segment("".join(run), row_style))
                segments.append(Segment(cell, style))
                run = [pad]
            else:
                run.extend((pad, cell, pad))
        if used < width:
            run.append(" " * (width - used))
            used = width
        if run:
            segments.append(Segment("".join(run), row_style))
        return Strip(segments, used).crop(0, width)

    def watch_cursor_row(self, old: int, new: int) -> None:
        self.refresh()

    # Keys ---------------------------------------------------------------------------------

    def request(self, step: int, edge: int = 0, cursor: str = "first") -> None:
        """Ask the screen for another page, saying where the cursor should land."""
        self._cursor_after_load = cursor
        self.post_message(self.PageRequested(self, step=step, edge=edge))

    def action_cursor(self, step: int) -> None:
        """Move the cursor; past either end of the page, fetch the neighbouring page."""
        target = self.cursor_row + step
        if target >= len(self._rows):
            if self.has_next:
                self.request(1, cursor="first")
            return
        if target < 0:
            if self.has_previous:
                self.request(-1, cursor="last")
            return
        self.cursor_row = target
        self.post_message(self.CursorMoved(self, target))

    def action_cursor_to(self, index: int) -> None:
        """Top or bottom of this page."""
        if self._rows:
            self.cursor_row = index % len(self._rows)
            self.post_message(self.CursorMoved(self, self.cursor_row))

    def action_page(self, step: int) -> None:
        """Next or previous page, the cursor staying on the same line."""
        if (step > 0 and self.has_next) or (step < 0 and self.has_previous):
            self.request(step, cursor="keep")

    def action_edge(self, edge: int) -> None:
        """First or last page."""
        self.request(0, edge=edge, cursor="first" if edge < 0 else "last")

    def action_choose(self) -> None:
        """Enter: the row under the cursor is chosen."""
        if 0 <= self.cursor_row < len(self._rows):
            self.post_message(self.RowChosen(self, self.cursor_row))

    def on_click(self, event: events.Click) -> None:
        """A click moves the cursor; a double click chooses the row."""
        index = event.y - 1
        if 0 <= index < len(self._rows):
            self.cursor_row = index
            self.post_message(self.CursorMoved(self, index))
            if event.chain >= 2:
                self.post_message(self.RowChosen(self, index))
