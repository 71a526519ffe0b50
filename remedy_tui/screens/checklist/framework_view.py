"""What the checklist screen and the checklist kept with a decision share: a heading, the
framework's outline on the left and the highlighted question in full on the right."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static

from remedy_tui.screens.common.desk_work import DeskWork
from remedy_tui.screens.common.error_dialog import ErrorDialog
from remedy_tui.screens.common.quick_resume import QuickResume
from remedy_tui.services.desk import Desk
from remedy_tui.views.framework import FrameworkError, Part
from remedy_tui.widgets.framework_outline import FrameworkOutline, OutlineData
from remedy_tui.widgets.key_footer import KeyFooter
from remedy_tui.widgets.literal import pieces
from remedy_tui.widgets.question_detail import QuestionDetail, QuestionView

# The keys every view of the framework has; screens list them after their own, so the footer
# shows a screen's own keys first.
VIEW_BINDINGS: list[BindingType] = [
    Binding("s", "all_sections", "All sections"),
    Binding("escape", "back", "Back"),
    *(
        Binding(str(n), f"principle('{n}')", f"Go to principle {n}", show=False)
        for n in range(1, 6)
    ),
]


class FrameworkScreen(DeskWork, QuickResume, Screen[None]):
    """The framework beside a case; subclasses say what has been answered (and list
    ``VIEW_BINDINGS`` after their own keys)."""

    LOADING = "Loading the framework..."

    # Each screen lists its own keys, then VIEW_BINDINGS (declared empty here so that the key
    # map does not take Textual's screen keys for Remedy's).
    BINDINGS: ClassVar[list[BindingType]] = []

    def __init__(self, preloaded: Any = None) -> None:
        super().__init__()
        self.preloaded: Any = preloaded
        """What :meth:`reader` reads, if it was read before the screen was shown."""
        self.show_all = False

    # What subclasses provide ---------------------------------------------------------------

    def reader(self) -> Callable[[Desk], Any]:
        """What reads the screen's data at the desk (it runs in a thread: it holds values,
        never widgets)."""
        raise NotImplementedError

    def loaded(self, data: Any) -> None:
        """Take what :meth:`reader` read, and show it."""
        raise NotImplementedError

    def outline_data(self) -> OutlineData | None:
        """What the outline shows, once loaded."""
        raise NotImplementedError

    def question_view(self, question_id: str) -> QuestionView | None:
        """One question and what is recorded against it."""
        raise NotImplementedError

    def heading(self) -> Content:
        """The lines above the framework: whose case, and how far it has been answered."""
        raise NotImplementedError

    def part_reached(self, part: Part) -> bool:
        """Whether a part is shown without asking for all sections."""
        return True

    # The shared machinery ------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(pieces((self.LOADING, "$text-muted")), id="framework-heading")
        with Horizontal(id="framework-body"):
            yield FrameworkOutline(id="framework-outline")
            with VerticalScroll(id="framework-detail-pane"):
                yield QuestionDetail(id="framework-detail")
        yield KeyFooter()

    @property
    def outline(self) -> FrameworkOutline:
        """The outline of principles and questions."""
        return self.query_one(FrameworkOutline)

    def on_mount(self) -> None:
        self.outline.focus()
        if self.preloaded is not None:
            # Read before the screen was pushed: drawn once, with its answers, rather than
            # drawn empty and then again (``open_checklist``).
            data, self.preloaded = self.preloaded, None
            self.loaded(data)
        else:
            self.load()

    def load(self) -> None:
        """Read what the screen shows at the desk, then show it."""
        self.ask(self.reader(), self.loaded, group="framework-load")

    def on_desk_work_failed(self, message: DeskWork.Failed) -> None:
        """A framework file that cannot be read is named, with what is wrong in it."""
        error = message.error
        if isinstance(error, FrameworkError):
            # Said here rather than in the app's plain "something went wrong".
            message.prevent_default()
            message.stop()
            self.query_one(QuestionDetail).show(None, "The framework could not be read.")
            self.app.push_screen(ErrorDialog("The framework could not be read", str(error)))

    def part_shown(self, part: Part) -> bool:
        """Parts of a stage not reached are folded until all sections are asked for."""
        return self.show_all or self.part_reached(part)

    def redraw(self) -> None:
        """Show the loaded state: heading, outline and the highlighted question."""
        data = self.outline_data()
        if data is None:
            return
        self.query_one("#framework-heading", Static).update(self.heading())
        self.outline.show(data)
        self.show_question()

    def show_question(self) -> None:
        """Show the highlighted question in full."""
        question_id = self.outline.highlighted_question
        view = self.question_view(question_id) if question_id else None
        self.query_one(QuestionDetail).show(view, "Choose a question with the arrow keys.")

    @on(OptionList.OptionHighlighted, "#framework-outline")
    def _highlighted(self) -> None:
        self.show_question()
        self.query_one("#framework-detail-pane").scroll_home(animate=False)

    def action_back(self) -> None:
        """Back to where the framework was opened from."""
        self.dismiss(None)

    def action_all_sections(self) -> None:
        """Show or fold the sections of stages the case has not reached (5.1, 5.2)."""
        self.show_all = not self.show_all
        self.redraw()
        folded = "shown" if self.show_all else "folded until the case reaches them"
        self.notify(f"Sections of later stages {folded}.", markup=False)

    def action_principle(self, number: str) -> None:
        """Move to the first question of a principle."""
        if not self.outline.go_to(f"principle-{number}"):
            self.notify(
                f"Principle {number} has no section open yet; s shows all sections.",
                markup=False,
            )
