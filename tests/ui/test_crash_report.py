"""A crash report must not show local variables: they would hold case data."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from remedy_tui.app import RemedyApp


def _crash_text(app: RemedyApp) -> str:
    console = Console(width=200, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    for renderable in app._exit_renderables:  # the report Textual prints on exit
        console.print(renderable)
    return console.export_text()


def test_a_crash_report_shows_no_local_variables(tmp_path: Path) -> None:
    app = RemedyApp(store_path=tmp_path / "none.db")
    # Built at run time, like real data, so it cannot appear in the report's source excerpt.
    practitioner_note = "-".join(("CANARY", "Dr", "Secret", "Name"))  # noqa: F841
    try:
        raise ValueError("something broke")
    except ValueError:
        app._fatal_error()
    text = _crash_text(app)
    assert "ValueError" in text and "something broke" in text
    assert "CANARY-Dr-Secret-Name" not in text
