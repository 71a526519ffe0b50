"""The footer: the keys of the screen you are on, drawn as one line.

Textual's own Footer mounts a widget per key and mounts them all again whenever the bindings
change (each focus change, each tab): on a screen with a dozen keys that was most of the time
it took to open the case screen. This one draws the same line as text, so a change of keys is a
repaint. A click on a key presses it, as in Textual's footer.
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import RenderResult
from textual.binding import Binding
from textual.widget import Widget


class KeyFooter(Widget, can_focus=False):
    """One line of keys and what they do; the command palette's key on the right."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-footer--key",
        "key-footer--description",
        "key-footer--disabled",
        "key-footer--palette",
    }
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
        .key-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .key-footer--disabled {
            color: $text-disabled;
        }
        .key-footer--palette {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._spans: list[tuple[int, int, int, str]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: object) -> None:
        self._fit_height()
        self.refresh()

    def _keys(self) -> tuple[list[tuple[Binding, bool]], Binding | None]:
        """The bindings to show (one per action, in order) and the command palette's."""
        active = self.screen.active_bindings
        seen: set[str] = set()
        shown: list[tuple[Binding, bool]] = []
        palette: Binding | None = None
        for _node, binding, enabled, _tooltip in active.values():
            if binding.key == self.app.COMMAND_PALETTE_BINDING:
                if self.app.ENABLE_COMMAND_PALETTE:
                    palette = binding
                continue
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            shown.append((binding, enabled))
        return shown, palette

    def _fit_height(self) -> None:
        """One line when every key fits, more when the terminal is too narrow: no key is ever
        cut off (the area keys F2 to F5 included)."""
        lines = max(1, len(self._lay_out(self.size.width)[0])) if self.size.width else 1
        if self.styles.height is None or self.styles.height.value != lines:
            self.styles.height = lines

    def on_resize(self, event: events.Resize) -> None:
        self._fit_height()

    def _lay_out(self, width: int) -> tuple[list[Text], list[tuple[int, int, int, str]]]:
        """The footer's lines and where each key sits on them (line, start, end, key)."""
        key_style = self.get_component_rich_style("key-footer--key")
        description_style = self.get_component_rich_style("key-footer--description")
        disabled = self.get_component_rich_style("key-footer--disabled")
        divider = self.get_component_rich_style("key-footer--palette")
        shown, palette = self._keys()
        right = Text()
        if palette is not None:
            right = Text.assemble(
                ("▏", divider),
                (self.app.get_key_display(palette), key_style),
                (f" {palette.description} ", description_style),
            )
        lines = [Text(no_wrap=True, overflow="crop", end="")]
        spans: list[tuple[int, int, int, str]] = []
        room = max(0, width - right.cell_len)
        for binding, enabled in shown:
            key = f" {self.app.get_key_display(binding)} "
            description = f"{binding.description} " if binding.description else ""
            line = lines[-1]
            if line.cell_len and line.cell_len + len(key) + len(description) > room:
                line = Text(no_wrap=True, overflow="crop", end="")
                lines.append(line)
                room = max(0, width)
            start = line.cell_len
            extra = disabled if not enabled else Style()
            line.append(key, key_style + extra)
            line.append(description, description_style + extra)
            spans.append((len(lines) - 1, start, line.cell_len, binding.key))
        if right.cell_len:
            first = lines[0]
            first.append(" " * max(0, width - right.cell_len - first.cell_len))
            if palette is not None:
                spans.append((0, first.cell_len, first.cell_len + right.cell_len, palette.key))
            first.append_text(right)
        return lines, spans

    def render(self) -> RenderResult:
        lines, self._spans = self._lay_out(self.size.width)
        return Text("\n", no_wrap=True, overflow="crop", end="").join(lines)

    def on_click(self, event: events.Click) -> None:
        """A click on a key presses it."""
        for line, start, end, key in self._spans:
            if line == event.y and start <= event.x < end:
                self.app.simulate_key(key.split(",")[0])
                return
