"""The practitioner's details, contact preferences and equality monitoring, as read-only text
(the equality answers replaced by one line saying why, for whoever they are withheld from)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from remedy_tui.services.case.practitioners import EQUALITY_WITHHELD, PractitionerDetails
from remedy_tui.widgets.literal import literal


def _titled(table: Table, title: str) -> Table:
    table.title = title
    table.title_justify = "left"
    table.title_style = "bold underline"
    return table


def _section(title: str, rows: list[tuple[str, str]]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", width=34)
    table.add_column()
    for label, value in rows:
        table.add_row(Text(label), literal(value or "-"))
    return _titled(table, title)


def _line(title: str, text: str) -> Table:
    table = Table.grid()
    table.add_column()
    table.add_row(literal(text))
    return _titled(table, title)


class PractitionerCard(Static):
    """Draws a PractitionerDetails; every value is shown literally."""

    def clear(self) -> None:
        """Show nothing (while another practitioner is read)."""
        self.update("")

    def show(self, details: PractitionerDetails) -> None:
        """Draw ``details``."""
        registration = " ".join(
            p for p in (details.registration_body, details.registration_number) if p
        )
        representative = details.representative_name
        if details.representative_contact:
            representative += f" ({details.representative_contact})"
        grid = Table.grid()
        grid.add_row(
            _section(
                "Details",
                [
                    ("Name", details.name),
                    ("Registration", registration),
                    ("Grade", details.grade_label),
                    ("Specialty", details.specialty),
                    ("Programme", details.programme),
                    ("Employer or trust", details.employer),
                    ("Place of qualification", details.place_of_qualification),
                    ("TPD", details.tpd_name),
                    ("Educational supervisor", details.educational_supervisor),
                    ("Email", details.email),
                    ("Phone", details.phone),
                ],
            )
        )
        grid.add_row("")
        grid.add_row(
            _section(
                "Contact preferences (framework question 1.3)",
                [
                    ("How to address them", details.address_as),
                    ("Preferred way of communicating", details.contact_method_label),
                    ("How often", details.contact_frequency),
                    ("Times to avoid", details.times_to_avoid),
                    ("Representative", representative),
                    (
                        "Copy the representative in",
                        "Yes" if details.copy_representative else "No",
                    ),
                ],
            )
        )
        grid.add_row("")
        title = "Equality monitoring (optional; each allows 'Prefer not to say')"
        if details.equality_withheld:
            grid.add_row(_line(title, EQUALITY_WITHHELD))
        else:
            grid.add_row(_section(title, list(details.equality_labels())))
        self.update(grid)
