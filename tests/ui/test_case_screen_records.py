"""The case screen's records by keyboard: risk, onward referrals, documents, the practitioner,
and that nothing typed or attached reaches the disk in clear."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import col, select
from textual.pilot import Pilot
from textual.widgets import Checkbox

from remedy_tui import config
from remedy_tui.app import RemedyApp
from remedy_tui.screens import CaseScreen, CsgReferralScreen, TextViewer
from remedy_tui.screens.case.practitioner_details_form import PractitionerDetailsForm
from remedy_tui.services.case import practitioners
from remedy_tui.services.case.practitioners import EQUALITY_WITHHELD, PractitionerChanges
from remedy_tui.services.desk import Desk
from remedy_tui.store import Store, StorePaths
from remedy_tui.store.models import (
    AuditEntry,
    Case,
    Document,
    ExternalReferral,
    ExternalReferralKind,
    ExternalReferralStatus,
    Practitioner,
    PractitionerEquality,
    RiskAssessment,
    Role,
    TimelineEntry,
)
from remedy_tui.widgets.field_row import FieldRow
from tests.conftest import PASSPHRASE, TODAY, USERNAME
from tests.helpers.cases import make_case
from tests.helpers.users import add_colleague
from tests.test_store import _plaintext_hits
from tests.ui.case_helpers import (
    card_text,
    clear,
    focused,
    form_message,
    go_to,
    open_first_case,
    pick,
    rows,
    save,
    type_into,
    until_screen,
)
from tests.ui.conftest import settle, text_of, type_text, unlock

SIZE = (130, 42)
LATER = datetime(2030, 1, 1, 12, tzinfo=UTC)  # after every demo entry, so shown first


def _store(path: Path) -> Store:
    return Store.open(path, config.DEMO_USER, config.DEMO_PASSPHRASE)


def _all(path: Path, model: type, case_id: int) -> list:  # type: ignore[type-arg]
    store = _store(path)
    try:
        with store.session() as session:
            return list(
                session.exec(
                    select(model)
                    .where(col(model.case_id) == case_id)  # type: ignore[attr-defined]
                    .order_by(col(model.id))  # type: ignore[attr-defined]
                ).all()
            )
    finally:
        store.close()


async def test_a_risk_assessment_is_recorded_and_a_bad_score_refused(
    demo_path: Path, frozen_clock: object
) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_case(pilot)
        before = _all(demo_path, RiskAssessment, screen.case_id)
        await pilot.press("4", "a")
        await settle(pilot)
        assert focused(pilot).id == "field-patients-likelihood"
        for score in ("4", "7", "2", "2", "1", "1", "2", "1"):
            await clear(pilot)
            await type_into(pilot, score)
        await save(pilot)
        assert (
            form_message(pilot)
            == "The impact of risk to patients and the public must be from 1 to 5."
        )
        assert focused(pilot).id == "field-patients-impact"
        await clear(pilot)
        await type_text(pilot, "3")
        await pilot.press(*["tab"] * 9)  # past six scores and two dates to the summary
        await type_text(pilot, "Reviewed after the supervisor's report.")
        await save(pilot)
        assert isinstance(app.screen, CaseScreen), form_message(pilot)
        after = _all(demo_path, RiskAssessment, screen.case_id)
        assert len(after) == len(before) + 1
        new = after[-1]
        assert (new.patients_likelihood, new.patients_impact, new.assessed_on) == (4, 3, TODAY)
        assert new.review_on == TODAY + timedelta(days=90)
        assert rows(screen, "risk")[0][:2] == (
            TODAY.isoformat(),
            "High 12 (patients and the public)",
        )
        assert text_of(pilot, "#case-risk").startswith("Risk: High 12 (patients and the public)")
        # Earlier assessments are kept, and whether each was reviewed on time is shown.
        assert len(rows(screen, "risk")) == len(before) + 1
        assert "reviews on time" in text_of(pilot, "#risk-status")


async def test_a_csg_referral_is_refused_without_consent_then_made_with_it(
    demo_path: Path, frozen_clock: object, tmp_path: Path
) -> None:
    signed = tmp_path / "agreement.pdf"
    signed.write_bytes(b"%PDF-1.4 signed agreement to the CSG referral")
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_case(pilot)
        before = _all(demo_path, ExternalReferral, screen.case_id)
        await pilot.press("5", "a")
        await settle(pilot)
        await pick(pilot, "Clinical Support Group")
        await save(pilot)
        assert "without the practitioner's agreement" in form_message(pilot)
        assert focused(pilot).id == "field-consent-given"
        assert _all(demo_path, ExternalReferral, screen.case_id) == before
        # With the agreement ticked, ctrl+s goes on to the CSG's own form, agreement carried over.
        await pilot.press("space")
        await save(pilot)
        await until_screen(pilot, CsgReferralScreen)
        assert app.screen.query_one("#field-practitioner-agrees", Checkbox).value
        await go_to(pilot, "referrer_name")
        await type_text(pilot, "Dr Pat Prototype")
        await go_to(pilot, "expected_outcomes")
        await type_text(pilot, "Attend a communication course.")
        await go_to(pilot, "agreement_path")
        await type_text(pilot, str(signed))
        await save(pilot)
        await until_screen(pilot, CaseScreen)
        await settle(pilot)
        after = _all(demo_path, ExternalReferral, screen.case_id)
        made = after[-1]
        assert len(after) == len(before) + 1
        assert (made.kind, made.status, made.consent_given, made.consent_recorded_on) == (
            ExternalReferralKind.CSG,
            ExternalReferralStatus.MADE,
            True,
            TODAY,
        )
        assert made.expected_outcomes == "Attend a communication course."
        assert made.agreement_document_id is not None
        assert "[At CSG]" in text_of(pilot, "#case-flags")
        assert rows(screen, "referrals")[0][0] == "Clinical Support Group"
        # Move it on: made to accepted.
        await pilot.press("s")
        await settle(pilot)
        await pick(pilot, "Accepted")
        await save(pilot)
        store = _store(demo_path)
        with store.session() as session:
            moved = session.get(ExternalReferral, made.id)
        store.close()
        assert moved is not None and moved.status is ExternalReferralStatus.ACCEPTED
        assert rows(screen, "referrals")[0][1] == "Accepted"


async def test_g_refers_to_the_csg_directly_and_refuses_without_agreement(
    demo_path: Path, tmp_path: Path
) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_case(pilot)
        before = _all(demo_path, ExternalReferral, screen.case_id)
        await pilot.press("5", "g")
        await until_screen(pilot, CsgReferralScreen)
        assert not app.screen.query_one("#field-practitioner-agrees", Checkbox).value
        await go_to(pilot, "expected_outcomes")
        await type_text(pilot, "Attend a communication course.")
        await save(pilot)
        assert form_message(pilot).startswith(
            "No referral to the CSG can be made without the practitioner's agreement"
        )
        await pilot.press("escape")
        await until_screen(pilot, CaseScreen)
        assert _all(demo_path, ExternalReferral, screen.case_id) == before


async def test_mediation_asks_the_six_conditions_and_the_regulator_its_prompt(
    demo_path: Path,
) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_case(pilot)
        await pilot.press("5", "a")
        await settle(pilot)
        await pick(pilot, "Assisted mediation")
        await save(pilot)
        assert "answer each of the six conditions" in form_message(pilot)
        assert focused(pilot).id == "field-condition-joint-problem"
        for answer in ("Yes", "Yes", "Yes", "No", "Yes", "Yes"):
            await pick(pilot, answer)
            await pilot.press("tab")
        before = _all(demo_path, ExternalReferral, screen.case_id)
        await save(pilot)
        # A condition not met is not saved silently: the form asks why, and nothing is stored.
        assert "condition 4, 'mediation is not part of some other formal process'" in (
            form_message(pilot)
        )
        assert focused(pilot).id == "field-mediation-reason"
        assert _all(demo_path, ExternalReferral, screen.case_id) == before
        await type_text(pilot, "Grievance paused for it")
        await save(pilot)
        mediation = _all(demo_path, ExternalReferral, screen.case_id)[-1]
        assert mediation.kind is ExternalReferralKind.MEDIATION
        assert list(mediation.mediation_conditions.values()) == [
            True,
            True,
            True,
            False,
            True,
            True,
            "Grievance paused for it",
        ]
        assert rows(screen, "referrals")[0][5].startswith(
            "5 of 6 conditions met; not met: mediation is not part of some other formal process"
        )

        await pilot.press("a")
        await settle(pilot)
        await pick(pilot, "Regulator")
        await save(pilot)
        assert "must always go to the regulator" in form_message(pilot)
        assert focused(pilot).id == "field-mandatory-matter"
        await pick(pilot, "A criminal charge")
        await save(pilot)
        regulator = _all(demo_path, ExternalReferral, screen.case_id)[-1]
        assert (regulator.kind, regulator.mandatory_matter) == (
            ExternalReferralKind.REGULATOR,
            "charge",
        )
        assert "[Regulator involved]" in text_of(pilot, "#case-flags")


@pytest.fixture
def system_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The system's temporary folder, pointed at an empty one."""
    folder = tmp_path / "system-temp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


async def test_a_document_is_attached_viewed_and_exported_only_where_asked(
    demo_path: Path, tmp_path: Path, system_temp: Path
) -> None:
    source = tmp_path / "inbox" / "reflection.txt"
    source.parent.mkdir()
    source.write_text("CANARYDOCqzx reflective statement\n[bold]kept as typed[/]\n")
    exports = tmp_path / "exports"
    exports.mkdir()
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_case(pilot)
        await pilot.press("6", "a")
        await settle(pilot)
        await type_into(pilot, str(tmp_path / "inbox" / "missing.txt"))
        await save(pilot)
        assert form_message(pilot).startswith("There is no file at ")
        assert form_message(pilot).endswith("nothing was stored.")
        assert focused(pilot).id == "field-path"
        await clear(pilot)
        await type_into(pilot, str(source))
        await type_text(pilot, "Reflection")
        await save(pilot)
        assert isinstance(app.screen, CaseScreen)
        attached = _all(demo_path, Document, screen.case_id)[-1]
        assert (attached.filename, attached.description) == ("reflection.txt", "Reflection")
        assert rows(screen, "documents")[0][1] == "reflection.txt"
        source.unlink()

        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, TextViewer)
        assert "[bold]kept as typed[/]" in app.screen.query_one("#viewer-text").text  # type: ignore[attr-defined]
        await pilot.press("escape")

        await pilot.press("x")
        await settle(pilot)
        await clear(pilot)
        await type_text(pilot, str(exports))
        await save(pilot)
        assert isinstance(app.screen, CaseScreen)
        written = exports / "reflection.txt"
        assert written.read_text().startswith("CANARYDOCqzx")
        await pilot.press("x")
        await settle(pilot)
        await clear(pilot)
        await type_text(pilot, str(written))
        await save(pilot)
        assert "already exists" in form_message(pilot)
        await pilot.press("escape")
    store = _store(demo_path)
    with store.session() as session:
        exported = session.exec(select(AuditEntry).where(col(AuditEntry.action) == "export")).all()
    store.close()
    assert len(exported) == 1 and str(written) in exported[0].changes
    assert list(system_temp.iterdir()) == []
    found = [p for p in tmp_path.rglob("*") if p.is_file() and b"CANARYDOCqzx" in p.read_bytes()]
    assert found == [written]


async def test_typed_notes_and_attached_files_never_reach_the_disk_in_clear(
    demo_path: Path, tmp_path: Path
) -> None:
    source = tmp_path / "canary.txt"
    source.write_bytes(b"CANARYDOCqzx " * 100)
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_case(pilot)
        await pilot.press("n")
        await settle(pilot)
        await type_into(pilot, "Health disclosure")
        await type_text(pilot, "CANARYNOTEqzx disclosed in confidence")
        await save(pilot)
        await pilot.press("6", "a")
        await settle(pilot)
        await type_text(pilot, str(source))
        await save(pilot)
        source.unlink()
        # While the app has the store open (the write-ahead log holding the writes)...
        assert _plaintext_hits(StorePaths(demo_path).all_files()) == []
    # ...and after it has closed, anywhere under the test's folder.
    everything = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert everything and _plaintext_hits(everything) == []


def _manage(path: Path, case_id: int) -> None:
    """Make the demo user the case's case manager (who may answer its equality questions)."""
    store = _store(path)
    try:
        with store.session() as session:
            case = session.get(Case, case_id)
            assert case is not None
            case.case_manager_id = store.user.id
            session.add(case)
            session.commit()
    finally:
        store.close()


async def test_the_practitioners_contact_preferences_and_equality_fields_are_edited(
    demo_path: Path,
) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_case(pilot)
        _manage(demo_path, screen.case_id)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("7", "e")
        await settle(pilot)
        practitioner_id = screen.practitioner.id  # type: ignore[union-attr]
        await go_to(pilot, "address-as")
        await clear(pilot)
        await type_text(pilot, "[i]Dr[/i] Sam")
        await go_to(pilot, "contact-method")
        await pick(pilot, "Email")
        await go_to(pilot, "times-to-avoid")
        await clear(pilot)
        await type_text(pilot, "Fridays after 1 pm")
        await go_to(pilot, "copy-representative")
        await pilot.press("space")
        await save(pilot)
        assert isinstance(app.screen, CaseScreen)
        await pilot.press("q")
        await settle(pilot)
        assert focused(pilot).id == "field-ethnicity"
        await pick(pilot, "Prefer not to say")
        await save(pilot)
        assert isinstance(app.screen, CaseScreen)
        store = _store(demo_path)
        with store.session() as session:
            saved = session.get(Practitioner, practitioner_id)
            answers = session.get(PractitionerEquality, practitioner_id)
        store.close()
        assert saved is not None and answers is not None
        assert (saved.address_as, saved.contact_method, saved.times_to_avoid) == (
            "[i]Dr[/i] Sam",
            "email",
            "Fridays after 1 pm",
        )
        assert answers.ethnicity == "prefer_not_to_say" and saved.copy_representative
        shown = card_text(screen)
        assert "[i]Dr[/i] Sam" in shown and "Prefer not to say" in shown


async def test_a_stale_practitioner_edit_is_refused(demo_path: Path) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_case(pilot)
        await pilot.press("7", "e")
        await settle(pilot)
        store = _store(demo_path)
        with store.session() as session:
            session.info["actor"] = "jsample"
            case = session.get(Case, screen.case_id)
            assert case is not None
            other = session.get(Practitioner, case.practitioner_id)
            assert other is not None
            other.phone = "0100 000 0000"
            session.add(other)
            session.commit()
        store.close()
        await go_to(pilot, "address-as")
        await type_text(pilot, "Sam")
        await save(pilot)
        message = form_message(pilot)
        assert "Jo Sample" in message and "(phone)" in message and "nothing was saved" in message


async def _open_only_case(app: RemedyApp, pilot: Pilot[None]) -> CaseScreen:
    """Sign in as the user the app remembers, and open the store's one case."""
    await unlock(pilot, PASSPHRASE)
    await pilot.press("f3")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, CaseScreen)
    return app.screen


@pytest.mark.both_backends
async def test_equality_answers_are_withheld_from_a_colleague_not_on_the_case(
    store: Store, frozen_clock: object
) -> None:
    """asha manages the case and sees the answers; bo, a case manager on none of the
    practitioner's cases, sees one line instead, is offered none, and saving the rest of the
    details keeps them."""
    case_id = make_case(store)
    with store.session() as session:
        case = session.get(Case, case_id)
        assert case is not None
        practitioner_id = case.practitioner_id
    desk = Desk(store)
    details = desk.read(practitioners.practitioner_details, practitioner_id=practitioner_id)
    desk.change(
        practitioners.update_practitioner,
        practitioner_id=practitioner_id,
        expected_version=details.version,
        changes=replace(PractitionerChanges.of(details), ethnicity="white"),
    )
    add_colleague(store, "bo", "Bo Colleague", Role.CLINICAL_CASE_MANAGER, PASSPHRASE)
    app = RemedyApp(store_path=store.where, settings=config.Settings(last_user=USERNAME))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_only_case(app, pilot)
        await pilot.press("7")
        await settle(pilot)
        shown = card_text(screen)
        assert "Ethnic group" in shown and "White" in shown
        assert EQUALITY_WITHHELD.split()[0] not in shown
    app = RemedyApp(store_path=store.where, settings=config.Settings(last_user="bo"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_only_case(app, pilot)
        await pilot.press("7")
        await settle(pilot)
        shown = " ".join(card_text(screen).split())
        assert EQUALITY_WITHHELD in shown
        assert "Ethnic group" not in shown and "White" not in shown
        await pilot.press("q")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, PractitionerDetailsForm)
        assert EQUALITY_WITHHELD in text_of(pilot, "#equality-withheld")
        assert not form.query("#field-ethnicity") and not form.query(FieldRow)
        await save(pilot)  # nothing offered, nothing written
        assert app.screen is screen
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, PractitionerDetailsForm)
        assert not app.screen.query("#field-ethnicity")
        await go_to(pilot, "phone")
        await clear(pilot)
        await type_text(pilot, "0100 000 0000")
        await save(pilot)
        assert app.screen is screen
    with store.session() as session:
        person = session.get(Practitioner, practitioner_id)
        answers = session.get(PractitionerEquality, practitioner_id)
    assert person is not None and person.phone == "0100 000 0000"
    assert answers is not None and answers.ethnicity == "white"


async def test_timeline_text_with_markup_and_escapes_is_shown_literally(demo_path: Path) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_case(pilot)
        store = _store(demo_path)
        with store.session() as session:
            session.add(
                TimelineEntry(
                    case_id=screen.case_id,
                    kind="note",
                    occurred_at=LATER,
                    title="[bold red]Not bold[/]\x1b[31m",
                    body="line\x1b]0;owned\x07",
                    author_id=store.user.id,
                )
            )
            session.commit()
        store.close()
        await pilot.press("r")
        await settle(pilot)
        first = rows(screen, "timeline")[0]
        assert first[2] == "[bold red]Not bold[/]␛[31m" and "\x1b" not in first[3]


async def test_a_second_ctrl_s_while_saving_stores_the_entry_once(demo_path: Path) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_case(pilot)
        before = len(_all(demo_path, TimelineEntry, screen.case_id))
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "Pressed twice")
        # A colleague's process holds the write lock, so the first save waits at the desk and
        # the second ctrl+s arrives while it is saving.
        colleague = _store(demo_path)
        with colleague.session(write=True):
            await pilot.press("ctrl+s")
            await pilot.pause(0.3)
            await pilot.press("ctrl+s")
            await pilot.pause(0.3)
        colleague.close()
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        titles = [e.title for e in _all(demo_path, TimelineEntry, screen.case_id)]
        assert len(titles) == before + 1 and titles.count("Pressed twice") == 1
