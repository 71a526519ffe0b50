"""Building blocks for the CSG tests: cases, the group's members, a signed agreement, Word text."""

from __future__ import annotations

import io
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import docx

from remedy_tui import clock
from remedy_tui.services.csg import meetings, members, referrals
from remedy_tui.store import Store
from remedy_tui.store.models import (
    Case,
    CaseStatus,
    CsgMember,
    CsgRoute,
    Grade,
    Practitioner,
    PractitionerEquality,
    RegistrationBody,
)
from remedy_tui.views.csg import CsgReferralView, MeetingView

GROUP = (
    ("Dr Chair Person", "deputy_dme"),
    ("Dr Senior Doc", "senior_doctor"),
    ("Prof Aca Demic", "academic"),
    ("Olive Develop", "senior_od"),
    ("Lea Earner", "senior_le"),
    ("Dr Psy Chology", "psychiatry_psychology"),
    ("Ocu Health", "oh_practitioner"),
    ("Mel Staffing", "medical_staffing"),
    ("Lou Unionrep", "lnc_rep"),
)


@contextmanager
def meeting_day(day: date = date(2026, 12, 6)) -> Iterator[None]:
    """Run on the evening of the meeting's day (outcomes are recorded once it has met), then
    go back to the clock as it was."""
    before = getattr(clock, "_frozen")  # noqa: B009 (the tests' own clock)
    clock.freeze(datetime(day.year, day.month, day.day, 18, 0, tzinfo=UTC))
    try:
        yield
    finally:
        clock.freeze(before)


@contextmanager
def local_timezone(name: str = "Europe/London") -> Iterator[None]:
    """Run with the machine's local time zone set to ``name``."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


def add_case(
    store: Store,
    given: str,
    family: str,
    number: int,
    *,
    status: CaseStatus = CaseStatus.OPEN,
) -> int:
    """A practitioner and an open case for them; the case's id."""
    with store.session() as session:
        practitioner = Practitioner(
            given_names=given,
            family_name=family,
            grade=Grade.SAS,
            registration_body=RegistrationBody.GMC,
            registration_number=f"70{number:05d}",
            employer="Example Hospital",
        )
        session.add(practitioner)
        session.flush()
        assert practitioner.id is not None
        case = Case(
            reference=f"C-{number:06d}",
            practitioner_id=practitioner.id,
            level=1,
            status=status,
            opened_on=date(2026, 1, 5),
            checklist_edition="fairness-framework-1",
        )
        session.add(case)
        session.commit()
        assert case.id is not None
        return case.id


def add_group(store: Store, joined_on: str = "2026-01-01") -> dict[str, int]:
    """Every role of the group filled; member ids by role code."""
    ids = {}
    with store.session() as session:
        for name, role in GROUP:
            view = members.add_member(session=session, name=name, role=role, joined_on=joined_on)
            ids[role] = view.id
    return ids


def agreement(tmp_path: Path, name: str = "signed-agreement.pdf") -> Path:
    """A stand-in for the signed agreement (any bytes will do)."""
    path = tmp_path / name
    path.write_bytes(b"%PDF-1.4 signed by the practitioner and the CoM\n")
    return path


def refer(store: Store, case_id: int, signed: Path, **changes: object) -> CsgReferralView:
    """Refer a case to the CSG with the practitioner's agreement."""
    arguments: dict[str, object] = {
        "practitioner_agrees": True,
        "route": CsgRoute.COM,
        "route_context": "appraisal",
        "referrer_name": "Dr Referring Com",
        "expected_outcomes": "Better handovers; reflective log each month.",
        "agreed_on": "2026-11-20",
        "agreement_path": str(signed),
    }
    arguments.update(changes)
    with store.session() as session:
        return referrals.refer_to_csg(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            **arguments,  # type: ignore[arg-type]
        )


def schedule(store: Store, day: str = "2026-12-06", at: str = "14:00") -> MeetingView:
    """A planned meeting in a seminar room."""
    with store.session() as session:
        return meetings.schedule_meeting(
            session=session,
            actor_id=store.user.id,
            day=day,
            at=at,
            duration_minutes="120",
            location="Seminar room 2",
            video_link="https://video.example/csg",
        )


def docx_text(content: bytes) -> str:
    """Everything a Word file says: paragraphs, table cells and its properties."""
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    props = document.core_properties
    parts += [props.title or "", props.author or "", props.subject or "", props.comments or ""]
    return "\n".join(parts)


@dataclass(frozen=True)
class CsgScene:
    """A CSG member with a login of their own, a meeting with two cases on its agenda (the
    first with an outcome, an action and a decision recorded by a case manager) and one case
    referred to the group but on no agenda."""

    member_username: str
    member_id: int
    meeting_id: int
    on_agenda: tuple[int, int]
    off_agenda: int
    item_ids: tuple[int, int, int]  # the two cases' items and one of other business


SUMMARY = "Summary for case managers only: {}"


def csg_member_scene(store: Store, tmp_path: Path) -> CsgScene:
    """Build the scene as the store's user (a case manager), with the clock frozen."""
    from remedy_tui.services.csg import agenda, outcomes
    from remedy_tui.services.desk import Desk
    from remedy_tui.store.models import AgendaItemKind, Role
    from tests.conftest import PASSPHRASE
    from tests.helpers.cases import make_case
    from tests.helpers.users import add_colleague

    cara = add_colleague(store, "cara", "Cara Chair", Role.CLINICAL_DIRECTOR, PASSPHRASE)
    cases = [
        make_case(
            store, reference=f"C-00000{n}", family_name=family, registration_number=f"700000{n}"
        )
        for n, family in ((1, "Agendaford"), (2, "Reviewson"), (3, "Offagenda"))
    ]
    with store.session() as session:
        chair = CsgMember(
            name="Cara Chair", role="deputy_dme", user_id=cara.id, joined_on=date(2026, 1, 5)
        )
        session.add(chair)
        session.add(
            CsgMember(name="Mel Staffing", role="medical_staffing", joined_on=date(2026, 1, 5))
        )
        for case_id in cases:
            case = session.get(Case, case_id)
            assert case is not None
            case.summary = SUMMARY.format(case.reference)
            answers = PractitionerEquality(
                practitioner_id=case.practitioner_id, ethnicity="prefer_not_to_say"
            )
            session.add_all([case, answers])
        session.commit()
        assert chair.id is not None
        member_id = chair.id
    signed = agreement(tmp_path)
    for case_id in cases:
        refer(store, case_id, signed)
    meeting = schedule(store)
    desk = Desk(store)
    first = desk.change(
        agenda.add_item,
        meeting_id=meeting.id,
        kind=AgendaItemKind.NEW_REFERRAL,
        title="Referral (CoM, recommended from appraisal)",
        case_reference="C-000001",
    )
    second = desk.change(
        agenda.add_item,
        meeting_id=meeting.id,
        kind=AgendaItemKind.REVIEW,
        title="Progress against the agreed outcomes",
        case_reference="C-000002",
    )
    other = desk.change(
        agenda.add_item,
        meeting_id=meeting.id,
        kind=AgendaItemKind.OTHER,
        title="Any other business",
    )
    with meeting_day():
        desk.change(
            outcomes.record_item,
            item_id=first,
            expected_version=1,
            discussion_summary="The CoM and the practitioner agreed the plan.",
            outcome="Accepted by the group.",
        )
        desk.change(outcomes.add_action, item_id=first, description="Arrange a mentor")
    return CsgScene(
        member_username="cara",
        member_id=member_id,
        meeting_id=meeting.id,
        on_agenda=(cases[0], cases[1]),
        off_agenda=cases[2],
        item_ids=(first, second, other),
    )


def member_left(store: Store, scene: CsgScene, day: date) -> None:
    """Record that the scene's member of the group left on ``day``."""
    with store.session() as session:
        member = session.get(CsgMember, scene.member_id)
        assert member is not None
        member.left_on = day
        session.add(member)
        session.commit()
