"""Build a store of synthetic, obviously fictional data covering the whole lifecycle.

The same seed and size always give the same people, referrals, cases and history; dates are
laid out relative to ``today`` so that follow-ups are due and overdue whenever it is built.
Rows are written in bulk on one connection, a batch of cases per transaction, and the build
is recorded in the audit trail as one import entry per batch.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Table, insert
from sqlmodel import SQLModel

from remedy_tui.demo import vocabulary as v
from remedy_tui.services.triage.levels import suggest_level
from remedy_tui.store import audit

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from remedy_tui.store.models import (
    ActionKind,
    ActionStatus,
    AgendaItemKind,
    Attendance,
    CaseStatus,
    ChecklistResponse,
    CsgMeetingStatus,
    CsgRoute,
    DecisionKind,
    DecisionOutcome,
    ExternalReferralKind,
    ExternalReferralStatus,
    Grade,
    ReferralSource,
    ReferralStatus,
    RegistrationBody,
    Role,
    Severity,
    TimelineKind,
    TriageMeetingStatus,
    TriageOutcome,
    Trigger,
)

Progress = Callable[[int, int], None]

DEMO_TEAM: tuple[tuple[str, str, Role], ...] = (
    ("demo", "Demo Case-Manager", Role.NON_CLINICAL_CASE_MANAGER),
    ("rexemplar", "Dr Rowan Exemplar", Role.DEPUTY_POSTGRADUATE_DEAN),
    ("mplaceholder", "Prof Morgan Placeholder", Role.POSTGRADUATE_DEAN),
    ("sfictitious", "Dr Sky Fictitious", Role.CLINICAL_CASE_MANAGER),
    ("jsample", "Jo Sample", Role.NON_CLINICAL_CASE_MANAGER),
    ("kmockingbird", "Dr Kit Mockingbird", Role.DEPUTY_DME),
    ("ltestcase", "Lee Testcase", Role.MEDICAL_STAFFING),
    ("anotreal", "Dr Ari Notreal", Role.HEAD_OF_SCHOOL),
)
DEMO_USER_ID = 1
DEPUTY_DEAN_ID = 2
DEAN_ID = 3
CASE_MANAGER_IDS = (1, 4, 5)

CSG_MEMBERS = (
    ("Dr Kit Mockingbird", "deputy_dme", 6),
    ("Dr Pat Prototype", "senior_doctor", None),
    ("Prof Lane Academic-Demo", "academic", None),
    ("Sam Orgdev", "senior_od", None),
    ("Robin Learnwell", "senior_le", None),
    ("Dr Shay Mindful", "psychiatry_psychology", None),
    ("Nurse Ollie Healthwise", "oh_practitioner", None),
    ("Lee Testcase", "medical_staffing", 7),
    ("Dr Val Unionrep", "lnc_rep", None),
)

GRADES_BY_PROGRAMME = {
    "Foundation Programme": (Grade.FOUNDATION, RegistrationBody.GMC),
    "Core Medical Training": (Grade.CORE_TRAINEE, RegistrationBody.GMC),
    "General Practice": (Grade.GP_TRAINEE, RegistrationBody.GMC),
    "Anaesthetics": (Grade.SPECIALTY_REGISTRAR, RegistrationBody.GMC),
    "Psychiatry": (Grade.SPECIALTY_REGISTRAR, RegistrationBody.GMC),
    "General Surgery": (Grade.SPECIALTY_REGISTRAR, RegistrationBody.GMC),
    "Paediatrics": (Grade.SPECIALTY_REGISTRAR, RegistrationBody.GMC),
    "Obstetrics and Gynaecology": (Grade.SPECIALTY_REGISTRAR, RegistrationBody.GMC),
    "Emergency Medicine": (Grade.SPECIALTY_REGISTRAR, RegistrationBody.GMC),
    "Dental Core Training": (Grade.DENTAL_CORE, RegistrationBody.GDC),
    "Foundation Pharmacist": (Grade.PHARMACIST_FOUNDATION, RegistrationBody.GPHC),
}
EMPLOYED_GRADES = (Grade.SAS, Grade.LOCUM, Grade.LOCUM_PERIPATETIC, Grade.CONSULTANT)
AREAS = (
    "clinical",
    "communication",
    "teamwork",
    "professionalism",
    "leadership",
    "health",
    "personal",
)
SEVERITIES = (Severity.NONE, Severity.LOW, Severity.MODERATE, Severity.HIGH)
BATCH_CASES = 2000
EARLIER_ANSWER_SHARE = 0.25  # checklist answers that replaced an Unknown from the first look
LONG_CASE_EVERY = 1000  # one case in this many has the longest timeline (for benchmarks too)

# Who the audit trail says wrote the demo rows.
GENERATOR = "demo-generator"


def _demo_email(name: str) -> str:
    """A CSG member's made-up address: their name's words, dotted, at demo.invalid."""
    words = [w for w in "".join(c if c.isalnum() else " " for c in name.lower()).split()]
    return ".".join(w for w in words if w != "dr") + "@demo.invalid"


@dataclass(frozen=True)
class DemoSpec:
    """What to build: the number of cases, the seed, the day it is built for."""

    cases: int = 400
    seed: int = 1
    today: date = field(default_factory=date.today)
    max_timeline: int = 500


@dataclass
class DemoCounts:
    """How many rows of each kind were written."""

    rows: dict[str, int] = field(default_factory=dict)

    def add(self, table: str, n: int) -> None:
        """Count ``n`` more rows of ``table``."""
        self.rows[table] = self.rows.get(table, 0) + n


# The demo's built-in disproportion (README, "Equality by stage"): practitioners who are Black
# or Asian, or qualified outside the EEA, are raised a level at triage this often.
AT_RISK_ETHNICITY = ("black", "asian")
RAISED_FOR_AT_RISK = 0.45
DISPOSALS = (
    DecisionOutcome.NO_CASE_TO_ANSWER,
    DecisionOutcome.LOCAL_ACTION,
    DecisionOutcome.LOCAL_ACTION,
    DecisionOutcome.FORMAL_WARNING,
    DecisionOutcome.CONDITIONS_AGREED,
)


def _at(day: date, rng: random.Random) -> datetime:
    minutes = rng.randrange(8 * 60, 18 * 60)
    return datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=UTC)


def _reference(prefix: str, number: int) -> str:
    return f"{prefix}-{number:06d}"


class DemoBuilder:
    """Writes the demo rows, batch by batch, through one connection."""

    def __init__(
        self,
        conn: Connection,
        spec: DemoSpec,
        question_ids: tuple[str, ...],
        edition: str,
        audit_key: bytes,
        progress: Progress | None = None,
        seal: Callable[[int, bytes], bytes] | None = None,
        signer: Ed25519PrivateKey | None = None,
    ) -> None:
        self.conn = conn
        # The demo administrator's signing key, which the generator's entries are signed with.
        self.signer = signer
        # Documents' bytes as the store keeps them (sealed on a team server).
        self.seal = seal or (lambda _document_id, data: data)
        self.spec = spec
        self.rng = random.Random(spec.seed)
        # Earlier checklist answers come from a generator of their own, so adding them left
        # every other value of a seeded store as it was.
        self.history_rng = random.Random(f"{spec.seed}-checklist-history")
        # Equality by stage's built-in disproportion, exclusions and formal outcomes likewise.
        self.fair_rng = random.Random(f"{spec.seed}-equality")
        self.at_risk: set[int] = set()
        self.question_ids = question_ids
        self.edition = edition
        self.audit_key = audit_key
        self.progress = progress
        self.counts = DemoCounts()
        self.today = spec.today
        self.tables = SQLModel.metadata.tables
        self.ids: dict[str, int] = {}
        self.pending: dict[str, list[dict[str, Any]]] = {}
        # The latest timeline entry of each case: its last activity is when that happened.
        self.latest_entry: dict[int, datetime] = {}
        self.span_days = 3 * 365
        self.first_meeting = self.today - timedelta(days=self.span_days + 28)
        self.first_meeting -= timedelta(days=self.first_meeting.weekday())
        self.csg_cases: list[int] = []
        self.open_cases_by_practitioner: list[tuple[int, int]] = []
        self.places: dict[int, tuple[str, str]] = {}

    # Plumbing --------------------------------------------------------------------------

    def next_id(self, table: str) -> int:
        """The next primary key for ``table``."""
        self.ids[table] = self.ids.get(table, 0) + 1
        return self.ids[table]

    def add(self, table: str, row: dict[str, Any]) -> None:
        """Queue a row for ``table``."""
        self.pending.setdefault(table, []).append(row)

    def flush(self, order: tuple[str, ...]) -> None:
        """Write queued rows, parents before children, one executemany per table.

        Rows go through SQLAlchemy Core, so each column's own type turns the values into what
        the engine stores, exactly as the services' writes do.
        """
        for name in order:
            rows = self.pending.pop(name, [])
            if not rows:
                continue
            table: Table = self.tables[name]
            columns = list(rows[0])
            unknown = set(columns) - set(table.c.keys())
            assert not unknown, f"{name} has no columns {sorted(unknown)}"
            self.conn.execute(insert(table), rows)
            self.counts.add(name, len(rows))
        assert not self.pending, f"rows left unwritten: {sorted(self.pending)}"

    def commit_batch(self, label: str, order: tuple[str, ...], before: dict[str, int]) -> None:
        """Write the batch and its audit entry in one transaction."""
        self.flush(order)
        written = {k: v - before.get(k, 0) for k, v in self.counts.rows.items()}
        entry = audit.PendingEntry(
            "import", "demo", label, {"seed": self.spec.seed, "rows": written}
        )
        audit.append(self.conn, self.audit_key, GENERATOR, [entry], self.signer)
        self.conn.commit()

    # The build -------------------------------------------------------------------------

    def build(self) -> DemoCounts:
        """Write everything: team, meetings, cases with their history, the queue, the CSG."""
        before = dict(self.counts.rows)
        self.team()
        self.triage_meetings()
        self.commit_batch("team and triage meetings", ("users", "triage_meetings"), before)
        total = self.spec.cases
        done = 0
        while done < total:
            before = dict(self.counts.rows)
            upto = min(total, done + BATCH_CASES)
            for _ in range(done, upto):
                self.one_case()
            self.commit_batch(f"cases {done + 1}-{upto}", CASE_TABLES, before)
            done = upto
            if self.progress:
                self.progress(done, total)
        before = dict(self.counts.rows)
        self.queue()
        self.csg()
        self.commit_batch("queue and CSG", CASE_TABLES, before)
        return self.counts

    def team(self) -> None:
        """The demo team; ``demo`` (made with the store) is the only one with a key slot."""
        created = datetime.combine(self.first_meeting, time(9), tzinfo=UTC)
        self.ids["users"] = 1
        for username, full_name, role in DEMO_TEAM[1:]:
            self.add(
                "users",
                {
                    "id": self.next_id("users"),
                    "username": username,
                    "full_name": full_name,
                    "role": role,
                    "email": f"{username}@demo.invalid",
                    "is_admin": False,
                    "active": True,
                    "created_at": created,
                    "version": 1,
                },
            )

    def meeting_for(self, day: date) -> int:
        """The weekly triage meeting on or after ``day``."""
        weeks = max(0, (day - self.first_meeting).days + 6) // 7
        return min(weeks + 1, self.ids["triage_meetings"])

    def meeting_day(self, meeting_id: int) -> date:
        """The date of a weekly triage meeting."""
        return self.first_meeting + timedelta(days=7 * (meeting_id - 1) + 2)

    def triage_meetings(self) -> None:
        """A weekly triage meeting for every week up to last week, each with its minutes."""
        day = self.first_meeting + timedelta(days=2)
        while day < self.today:
            meeting_id = self.next_id("triage_meetings")
            started = datetime.combine(day, time(10), tzinfo=UTC)
            self.add(
                "triage_meetings",
                {
                    "id": meeting_id,
                    "held_on": day,
                    "chair_id": DEPUTY_DEAN_ID,
                    "attendees": ["Dr Rowan Exemplar", "Demo Case-Manager", "Jo Sample"],
                    "status": TriageMeetingStatus.ENDED,
                    "started_at": started,
                    "ended_at": started + timedelta(hours=1, minutes=30),
                    "minutes_markdown": f"# Triage meeting {day.isoformat()}\n\n(demo minutes)\n",
                    "version": 1,
                },
            )
            day += timedelta(days=7)

    def practitioner(self, programme_index: int | None = None) -> tuple[int, str, str, str]:
        """A new fictional practitioner; returns id, trust, programme and name."""
        rng = self.rng
        pid = self.next_id("practitioners")
        employed = rng.random() < 0.18
        if programme_index is None:
            programme_index = rng.randrange(len(v.PROGRAMMES))
        programme, specialty = v.PROGRAMMES[programme_index]
        grade, body = GRADES_BY_PROGRAMME[programme]
        if employed:
            grade, body = rng.choice(EMPLOYED_GRADES), RegistrationBody.GMC
            programme = None  # type: ignore[assignment]
        trust = rng.choice(v.TRUSTS)
        given, family = rng.choice(v.GIVEN_NAMES), rng.choice(v.FAMILY_NAMES)
        # Registration numbers in ranges the regulators do not issue, so none is real.
        number = {
            RegistrationBody.GMC: f"9{pid:06d}",
            RegistrationBody.GDC: f"9{pid % 100000:05d}",
            # Past 99,999 practitioners (100,000-case stores) a range of its own, still unique.
            RegistrationBody.GPHC: f"29{pid:05d}" if pid < 100000 else f"3{pid:06d}",
        }[body]
        if body is RegistrationBody.GDC:
            number = f"9{pid:05d}" if pid < 100000 else f"{pid:06d}"[-6:]

        def maybe(options: tuple[str, ...]) -> str | None:
            roll = rng.random()
            if roll < 0.35:
                return None
            if roll < 0.42:
                return "prefer_not_to_say"
            return rng.choice(options)

        self.add(
            "practitioners",
            {
                "id": pid,
                "title": "Dr" if body is RegistrationBody.GMC else None,
                "given_names": given,
                "family_name": family,
                "registration_body": body,
                "registration_number": number if body is not RegistrationBody.GDC else None,
                "grade": grade,
                "specialty": specialty if not employed else rng.choice(v.PROGRAMMES)[1],
                "programme": programme,
                "employer": trust,
                "place_of_qualification": rng.choice(("UK", "UK", "UK", "EEA", "International")),
                "tpd_name": rng.choice(v.TPDS) if programme else None,
                "educational_supervisor": rng.choice(v.SUPERVISORS) if programme else None,
                "email": f"{given.lower()}.{family.lower()}@demo.invalid",
                "phone": f"07700 9{pid % 100000:05d}",
                "address_as": given,
                "contact_method": rng.choice(("email", "phone", "face to face")),
                "contact_frequency": rng.choice(("fortnightly", "monthly", "as needed")),
                "times_to_avoid": rng.choice((None, "Night shifts", "Mondays (clinic)")),
                "representative_name": rng.choice((None, None, "BMA representative (demo)")),
                "representative_contact": None,
                "copy_representative": False,
                "created_at": datetime.combine(self.first_meeting, time(9), tzinfo=UTC),
                "version": 1,
            },
        )
        # Drawn after the details, as they always were, so a seed gives the same people.
        answers = {
            "ethnicity": maybe(("asian", "black", "mixed", "white", "other")),
            "sex": maybe(("female", "male")),
            "age_band": maybe(("under_30", "30_39", "40_49", "50_59")),
            "disability": maybe(("yes", "no", "no", "no")),
            "religion": maybe(("none", "christian", "muslim", "hindu", "jewish", "sikh")),
            "sexual_orientation": maybe(("heterosexual", "gay_lesbian", "bisexual")),
            "international_graduate": maybe(("uk", "uk", "eea", "international")),
        }
        if any(answers.values()):
            self.add("practitioner_equality", {"practitioner_id": pid, **answers})
        if answers["ethnicity"] in AT_RISK_ETHNICITY or answers["international_graduate"] == (
            "international"
        ):
            self.at_risk.add(pid)
        self.places[pid] = (trust, programme or "")
        return pid, trust, programme or "", f"{given} {family}"

    def referral(
        self,
        pid: int,
        trust: str,
        programme: str,
        received: date,
        *,
        status: ReferralStatus,
        complete: bool = True,
        case_id: int | None = None,
        level: int | None = None,
        outcome: TriageOutcome | None = None,
    ) -> int:
        """A referral with its forms; incomplete ones lack Form 1 or Form 2."""
        rng = self.rng
        rid = self.next_id("referrals")
        missing = None if complete else rng.choice(("form1", "form2"))
        triggers = rng.sample(
            [t.value for t in Trigger if t not in (Trigger.EXAM_FAILURE,)], rng.randint(1, 2)
        )
        exam = rng.random() < 0.08
        if exam:
            triggers.append(Trigger.EXAM_FAILURE.value)
        source = rng.choice(list(ReferralSource))
        last_activity = _at(received + timedelta(days=rng.randint(0, 3)), rng)
        severities: dict[str, Severity] = {}
        if missing != "form2":
            weights = (5, 3, 2, 2 if level == 3 else 0.3)
            severities = {area: rng.choices(SEVERITIES, weights=weights)[0] for area in AREAS}
        suggestion = suggest_level(severities, triggers)
        self.add(
            "referrals",
            {
                "id": rid,
                "reference": _reference("R", rid),
                "practitioner_id": pid,
                "source": source,
                "referrer_name": rng.choice(v.SUPERVISORS + v.TPDS),
                "referrer_contact": "referrer@demo.invalid",
                "received_on": received,
                "triggers": triggers,
                "trust": trust,
                "programme": programme or None,
                "form1_received_on": None if missing == "form1" else received,
                "form1_completed_by": None if missing == "form1" else rng.choice(v.TPDS),
                "form1_incident_on": None
                if missing == "form1"
                else received - timedelta(days=rng.randint(1, 30)),
                "form1_what_happened": None if missing == "form1" else rng.choice(v.WHAT_HAPPENED),
                "form2_received_on": None if missing == "form2" else received,
                "form2_completed_by": None if missing == "form2" else rng.choice(v.SUPERVISORS),
                "form_e_received_on": received if exam else None,
                "form_e_exam": "MRCP Part 1 (demo)" if exam else None,
                "form_e_attempt": rng.randint(2, 4) if exam else None,
                "form_e_sat_on": received - timedelta(days=40) if exam else None,
                "form_e_details": "Third attempt; asked for study leave support." if exam else None,
                "status": status,
                "suggested_level": suggestion.level,
                "level": level,
                "outcome": outcome,
                "case_id": case_id,
                "decided_at": None
                if status is not ReferralStatus.DECIDED
                else _at(self.meeting_day(self.meeting_for(received)), rng),
                "created_by_id": rng.choice(CASE_MANAGER_IDS),
                "created_at": _at(received, rng),
                "version": 1,
            },
        )
        self.add("referral_activity", {"referral_id": rid, "last_activity_at": last_activity})
        for area, severity in severities.items():
            self.add(
                "form2_concerns",
                {
                    "id": self.next_id("form2_concerns"),
                    "referral_id": rid,
                    "area": area,
                    "severity": severity,
                    "description": None
                    if severity is Severity.NONE
                    else f"{area.capitalize()} concern noted by the supervisor (demo).",
                    "version": 1,
                },
            )
        return rid

    def decision(self, **row: Any) -> int:
        """A decision with its rationale."""
        did = self.next_id("decisions")
        rationale = row.pop("rationale") if "rationale" in row else self.rng.choice(v.RATIONALES)
        base = {
            "id": did,
            "case_id": None,
            "referral_id": None,
            "triage_meeting_id": None,
            "csg_meeting_id": None,
            "agenda_item_id": None,
            "level": None,
            "from_value": None,
            "to_value": None,
            "evidence": None,
            "checklist_snapshot": None,
            "rationale": rationale,
        }
        base.update(row)
        self.add("decisions", base)
        return did

    def timeline(
        self,
        case_id: int,
        kind: TimelineKind,
        when: datetime,
        title: str,
        body: str | None,
        author: int,
        **extra: Any,
    ) -> None:
        """One timeline entry."""
        latest = self.latest_entry.get(case_id)
        if latest is None or when > latest:
            self.latest_entry[case_id] = when
        self.add(
            "timeline_entries",
            {
                "id": self.next_id("timeline_entries"),
                "case_id": case_id,
                "kind": kind,
                "occurred_at": when,
                "title": title,
                "body": body,
                "confidential": extra.pop("confidential", False),
                "author_id": author,
                "document_id": extra.pop("document_id", None),
                "decision_id": extra.pop("decision_id", None),
                "created_at": when,
            },
        )

    def action(self, **row: Any) -> None:
        """An action, follow-up or information request."""
        base: dict[str, Any] = {
            "id": self.next_id("actions"),
            "case_id": None,
            "referral_id": None,
            "triage_meeting_id": None,
            "csg_meeting_id": None,
            "agenda_item_id": None,
            "checklist_edition": None,
            "checklist_question": None,
            "owner_id": None,
            "owner_name": None,
            "due_on": None,
            "shared_with_tpd": False,
            "outcome_note": None,
            "completed_on": None,
            "version": 1,
        }
        base.update(row)
        base.setdefault("created_at", datetime.combine(self.today, time(9), tzinfo=UTC))
        self.add("actions", base)

    def case_status(self, age: int) -> CaseStatus:
        """Older cases are more often quiet or closed (seed 004: support may never close)."""
        roll = self.rng.random()
        if age > 540:
            return (
                CaseStatus.CLOSED
                if roll < 0.5
                else CaseStatus.QUIET
                if roll < 0.8
                else CaseStatus.OPEN
            )
        if age > 180:
            return (
                CaseStatus.CLOSED
                if roll < 0.15
                else CaseStatus.QUIET
                if roll < 0.45
                else CaseStatus.OPEN
            )
        return CaseStatus.OPEN

    def timeline_size(self, case_id: int) -> int:
        """20 to ``max_timeline`` entries, most cases near the low end; one case in a thousand
        (the 1,000th, the 2,000th, ...) has gone on for years and has ``max_timeline``."""
        extra = int(self.rng.expovariate(1 / 18))
        if case_id % LONG_CASE_EVERY == 0:
            return self.spec.max_timeline
        return min(self.spec.max_timeline, 20 + extra)

    def one_case(self) -> None:
        """A case with its referral, triage decision, timeline, checklist, actions and more."""
        rng = self.rng
        today = self.today
        pid, trust, programme, _ = self.practitioner()
        opened = today - timedelta(days=int(self.span_days * rng.random() ** 1.6) + 7)
        received = opened - timedelta(days=rng.randint(3, 21))
        age = (today - opened).days
        # The level as drawn decides what else is drawn (so a seed gives the same store as
        # before); the level recorded may be raised: the disproportion built into the demo.
        drawn = rng.choices((1, 2, 3), weights=(25, 50, 25))[0]
        level = drawn
        if pid in self.at_risk and level < 3 and self.fair_rng.random() < RAISED_FOR_AT_RISK:
            level += 1
        status = self.case_status(age)
        case_id = self.next_id("cases")
        manager = rng.choice(CASE_MANAGER_IDS)
        escalated = drawn == 3 and rng.random() < 0.12
        interval = rng.choice((14, 28, 28, 42, 56, 84))
        closed_on = None
        if status is CaseStatus.OPEN:
            next_review = today + timedelta(days=rng.randint(-35, 60))
        elif status is CaseStatus.QUIET:
            next_review = today + timedelta(days=rng.randint(14, 120))
        else:
            next_review = None
            closed_on = opened + timedelta(days=rng.randint(60, max(61, age - 1)))
        end = closed_on or today
        if level == 3:
            outcome = TriageOutcome.ESCALATE_TO_DEAN if escalated else TriageOutcome.SENIOR_OWNER
        else:
            outcome = TriageOutcome.OPEN_CASE
        meeting = self.meeting_for(received)
        rid = self.referral(
            pid,
            trust,
            programme,
            received,
            status=ReferralStatus.DECIDED,
            case_id=case_id,
            level=level,
            outcome=outcome,
        )
        case_row: dict[str, Any] = {
            "id": case_id,
            "reference": _reference("C", case_id),
            "practitioner_id": pid,
            "summary": rng.choice(v.WHAT_HAPPENED),
            "level": level,
            "status": status,
            "opened_on": opened,
            "closed_on": closed_on,
            "closure_reason": "Support plan completed; practitioner and TPD content."
            if closed_on
            else None,
            "case_manager_id": manager,
            "second_case_manager_id": 4
            if drawn >= 2 and manager != 4 and rng.random() < 0.3
            else None,
            "senior_owner_id": DEPUTY_DEAN_ID if level == 3 else None,
            "escalated_to_dean": escalated,
            "escalated_on": opened if escalated else None,
            "follow_up_interval_days": interval if status is not CaseStatus.CLOSED else None,
            "next_review_on": next_review,
            "checklist_edition": self.edition,
            "last_activity_at": _at(end, rng),
            "created_at": _at(opened, rng),
            "version": 1,
        }
        # Drawn in the row's place, so every other value of a seeded store stays as it was.
        activity = case_row.pop("last_activity_at")
        self.add("cases", case_row)
        # Set to the case's last timeline entry once they are all drawn (below).
        activity_row = {"case_id": case_id, "last_activity_at": activity}
        self.add("case_activity", activity_row)
        if status is not CaseStatus.CLOSED:
            self.open_cases_by_practitioner.append((pid, case_id))
        decided_at = _at(self.meeting_day(meeting), rng)
        did = self.decision(
            case_id=case_id,
            referral_id=rid,
            triage_meeting_id=meeting,
            kind=DecisionKind.TRIAGE,
            code=DecisionOutcome(outcome.value),
            outcome=outcome.label,
            level=level,
            decided_by_id=DEPUTY_DEAN_ID,
            decided_at=decided_at,
        )
        self.timeline(
            case_id,
            TimelineKind.DECISION,
            decided_at,
            f"Triage: {outcome.label}",
            None,
            DEPUTY_DEAN_ID,
            decision_id=did,
        )
        if escalated:
            did = self.decision(
                case_id=case_id,
                kind=DecisionKind.ESCALATION,
                code=DecisionOutcome.ESCALATED_TO_DEAN,
                outcome="Escalated to the Dean",
                decided_by_id=DEPUTY_DEAN_ID,
                decided_at=decided_at + timedelta(days=1),
            )
            self.timeline(
                case_id,
                TimelineKind.DECISION,
                decided_at + timedelta(days=1),
                "Escalated to the Dean",
                None,
                DEPUTY_DEAN_ID,
                decision_id=did,
            )
        if rng.random() < 0.1 and age > 60:
            step = rng.choice((-1, 1))
            # A change is to another level: at the top or bottom it goes the other way.
            new_level = level + step if 1 <= level + step <= 3 else level - step
            when = _at(opened + timedelta(days=rng.randint(20, age - 10)), rng)
            did = self.decision(
                case_id=case_id,
                kind=DecisionKind.LEVEL_CHANGE,
                code=DecisionOutcome.LEVEL_RAISED
                if new_level > level
                else DecisionOutcome.LEVEL_LOWERED,
                outcome=f"Level {level} to {new_level}",
                from_value=str(level),
                to_value=str(new_level),
                level=new_level,
                decided_by_id=manager,
                decided_at=when,
            )
            self.timeline(
                case_id,
                TimelineKind.DECISION,
                when,
                f"Level {level} to {new_level}",
                None,
                manager,
                decision_id=did,
            )
        if closed_on:
            when = _at(closed_on, rng)
            did = self.decision(
                case_id=case_id,
                kind=DecisionKind.CLOSURE,
                code=DecisionOutcome.CLOSED,
                outcome="Closed",
                decided_by_id=manager,
                decided_at=when,
            )
            self.timeline(
                case_id, TimelineKind.DECISION, when, "Case closed", None, manager, decision_id=did
            )

        self.exclusion_and_disposal(case_id, pid, level, opened, closed_on, age, manager)

        span = max(1, (end - opened).days)
        for n in range(self.timeline_size(case_id)):
            kind, title, body = rng.choice(v.TIMELINE_PHRASES)
            when = _at(opened + timedelta(days=rng.randrange(span)), rng)
            self.timeline(
                case_id,
                TimelineKind(kind),
                when,
                title,
                f"{body} (entry {n + 1})",
                rng.choice((manager, manager, DEPUTY_DEAN_ID)),
                confidential=rng.random() < 0.05,
            )

        self.checklist(case_id, opened, end, manager)
        self.actions(case_id, opened, end, status, next_review, manager)
        self.risk(case_id, opened, end, manager)
        self.documents(case_id, opened, end, manager)
        self.external(case_id, opened, end, manager, drawn)
        activity_row["last_activity_at"] = self.latest_entry.pop(case_id, activity)

    def exclusion_and_disposal(
        self,
        case_id: int,
        pid: int,
        level: int,
        opened: date,
        closed_on: date | None,
        age: int,
        manager: int,
    ) -> None:
        """Some level 3 cases restricted or excluded (more often for the groups at risk), and
        some closed cases with a formal outcome; drawn from a generator of their own."""
        fair = self.fair_rng
        chance = 0.35 if pid in self.at_risk else 0.15
        if level == 3 and age > 30 and fair.random() < chance:
            kind, code, words = fair.choice(
                (
                    (DecisionKind.EXCLUSION, DecisionOutcome.IMMEDIATE_EXCLUSION, "Excluded"),
                    (
                        DecisionKind.RESTRICTION,
                        DecisionOutcome.RESTRICTION_OF_PRACTICE,
                        "Practice restricted",
                    ),
                )
            )
            when = _at(opened + timedelta(days=fair.randint(1, min(30, age - 1))), fair)
            self.decision(
                case_id=case_id,
                kind=kind,
                code=code,
                outcome=words,
                rationale=fair.choice(v.RATIONALES),
                decided_by_id=DEPUTY_DEAN_ID,
                decided_at=when,
            )
        if closed_on is not None and level >= 2 and fair.random() < 0.4:
            code = fair.choice(DISPOSALS)
            self.decision(
                case_id=case_id,
                kind=DecisionKind.DISPOSAL,
                code=code,
                outcome=code.label,
                rationale=fair.choice(v.RATIONALES),
                decided_by_id=manager,
                decided_at=_at(closed_on, fair),
            )

    def checklist(self, case_id: int, opened: date, end: date, manager: int) -> None:
        """Part of the framework answered, some answers updated over time."""
        rng = self.rng
        if not self.question_ids:
            return
        answered = rng.randint(4, len(self.question_ids))
        span = max(1, (end - opened).days)
        for qid in self.question_ids[:answered]:
            updates = 1 + (rng.random() < 0.35) + (rng.random() < 0.1)
            day = opened + timedelta(days=rng.randrange(min(span, 30)))
            if self.history_rng.random() < EARLIER_ANSWER_SHARE:
                self.earlier_answer(case_id, qid, opened, manager)
            for u in range(updates):
                last = u == updates - 1
                response = rng.choices(
                    (ChecklistResponse.YES, ChecklistResponse.NO, ChecklistResponse.UNKNOWN),
                    weights=(70, 15, 15) if last else (30, 35, 35),
                )[0]
                rationale: str | None = rng.choice(v.CHECKLIST_RATIONALES[response.value])
                if response is ChecklistResponse.YES and rng.random() < 0.08:
                    rationale = None
                self.add(
                    "checklist_answers",
                    {
                        "id": self.next_id("checklist_answers"),
                        "case_id": case_id,
                        "edition": self.edition,
                        "question_id": qid,
                        "response": response,
                        "rationale": rationale,
                        "answered_by_id": manager,
                        "answered_at": _at(day, rng),
                    },
                )
                day = min(end, day + timedelta(days=rng.randint(7, 60)))

    def earlier_answer(self, case_id: int, qid: str, opened: date, manager: int) -> None:
        """An Unknown from the first look at the case, since answered again."""
        rng = self.history_rng
        self.add(
            "checklist_answers",
            {
                "id": self.next_id("checklist_answers"),
                "case_id": case_id,
                "edition": self.edition,
                "question_id": qid,
                "response": ChecklistResponse.UNKNOWN,
                "rationale": rng.choice(v.CHECKLIST_RATIONALES[ChecklistResponse.UNKNOWN.value]),
                "answered_by_id": manager,
                "answered_at": datetime.combine(opened, time(8, rng.randrange(60)), tzinfo=UTC),
            },
        )

    def actions(
        self,
        case_id: int,
        opened: date,
        end: date,
        status: CaseStatus,
        next_review: date | None,
        manager: int,
    ) -> None:
        """Actions with owners and due dates, some done, some overdue; and the follow-up."""
        rng = self.rng
        span = max(1, (end - opened).days)
        for _ in range(rng.randint(2, 6)):
            due = opened + timedelta(days=rng.randrange(span + 30))
            done = due < self.today - timedelta(days=14) or status is CaseStatus.CLOSED
            done = done and rng.random() < 0.9
            self.action(
                kind=ActionKind.ACTION,
                case_id=case_id,
                description=rng.choice(v.ACTIONS),
                owner_id=manager if rng.random() < 0.7 else None,
                owner_name=None if rng.random() < 0.7 else rng.choice(v.TPDS),
                due_on=due,
                status=ActionStatus.DONE if done else ActionStatus.OPEN,
                shared_with_tpd=rng.random() < 0.4,
                completed_on=due if done else None,
                created_by_id=manager,
                created_at=_at(opened, rng),
            )
        if next_review is not None:
            self.action(
                kind=ActionKind.FOLLOW_UP,
                case_id=case_id,
                description="Follow-up contact with the practitioner",
                owner_id=manager,
                due_on=next_review,
                status=ActionStatus.OPEN,
                shared_with_tpd=True,
                created_by_id=manager,
                created_at=_at(opened, rng),
            )

    def risk(self, case_id: int, opened: date, end: date, manager: int) -> None:
        """One to three risk assessments, each with a review date."""
        rng = self.rng
        day = opened
        for _ in range(rng.randint(1, 3)):
            scores = {
                f"{area}_{measure}": rng.randint(1, 4)
                for area in ("patients", "practitioner", "colleagues", "organisation")
                for measure in ("likelihood", "impact")
            }
            self.add(
                "risk_assessments",
                {
                    "id": self.next_id("risk_assessments"),
                    "case_id": case_id,
                    "assessed_on": day,
                    "review_on": day + timedelta(days=90),
                    **scores,
                    "summary": "Risk reviewed with the supervisor (demo).",
                    "mitigations": "Supervised practice; weekly check-ins.",
                    "assessed_by_id": manager,
                    "created_at": _at(day, rng),
                },
            )
            day = day + timedelta(days=rng.randint(60, 150))
            if day > end:
                break

    def documents(self, case_id: int, opened: date, end: date, manager: int) -> None:
        """Small synthetic documents kept inside the store."""
        rng = self.rng
        for n in range(rng.choices((0, 1, 2), weights=(45, 45, 10))[0]):
            doc_id = self.next_id("documents")
            content = (
                f"DEMO DOCUMENT {doc_id}\nCase C-{case_id:06d}\n"
                + "Synthetic meeting notes for the demo store.\n" * rng.randint(8, 40)
            ).encode("utf-8")
            when = _at(opened + timedelta(days=rng.randrange(max(1, (end - opened).days))), rng)
            self.add(
                "documents",
                {
                    "id": doc_id,
                    "case_id": case_id,
                    "referral_id": None,
                    "triage_meeting_id": None,
                    "csg_meeting_id": None,
                    "kind": "upload",
                    "filename": f"meeting-notes-{n + 1}.txt",
                    "media_type": "text/plain",
                    "size_bytes": len(content),
                    "sha256": hashlib.sha256(content).hexdigest(),
                    "description": "Meeting notes (demo)",
                    "uploaded_by_id": manager,
                    "uploaded_at": when,
                },
            )
            self.add(
                "document_contents", {"document_id": doc_id, "content": self.seal(doc_id, content)}
            )
            self.timeline(
                case_id,
                TimelineKind.DOCUMENT,
                when,
                f"Document: meeting-notes-{n + 1}.txt",
                None,
                manager,
                document_id=doc_id,
            )

    def external(self, case_id: int, opened: date, end: date, manager: int, level: int) -> None:
        """Onward referrals: OH often, CSG, mediation, advice and the regulator less often."""
        rng = self.rng
        kinds = []
        if rng.random() < 0.3:
            kinds.append(ExternalReferralKind.OCCUPATIONAL_HEALTH)
        if rng.random() < 0.08:
            kinds.append(ExternalReferralKind.CSG)
        if rng.random() < 0.05:
            kinds.append(ExternalReferralKind.MEDIATION)
        if rng.random() < 0.05:
            kinds.append(ExternalReferralKind.PRACTITIONER_PERFORMANCE_ADVICE)
        if level == 3 and rng.random() < 0.15:
            kinds.append(ExternalReferralKind.REGULATOR)
        for kind in kinds:
            made = opened + timedelta(days=rng.randint(1, max(1, min(60, (end - opened).days))))
            status = rng.choice(
                (
                    ExternalReferralStatus.MADE,
                    ExternalReferralStatus.IN_PROGRESS,
                    ExternalReferralStatus.COMPLETED,
                )
            )
            row: dict[str, Any] = {
                "id": self.next_id("external_referrals"),
                "case_id": case_id,
                "kind": kind,
                "status": status,
                "proposed_on": made - timedelta(days=2),
                "made_on": made,
                "status_changed_on": made,
                "provider": None,
                "reason": "Referred to support the practitioner (demo).",
                "consent_given": True if kind is ExternalReferralKind.CSG else None,
                "consent_recorded_on": made if kind is ExternalReferralKind.CSG else None,
                "route": CsgRoute.COM if kind is ExternalReferralKind.CSG else None,
                "route_context": "appraisal" if kind is ExternalReferralKind.CSG else None,
                "referrer_name": "Dr Pat Prototype" if kind is ExternalReferralKind.CSG else None,
                "expected_outcomes": "Improved team working; reflective log reviewed monthly."
                if kind is ExternalReferralKind.CSG
                else None,
                "in_place_of_formal_action": False,
                "non_cooperation_explained": kind is ExternalReferralKind.CSG,
                "agreement_document_id": None,
                "mediation_conditions": {
                    c: True
                    for c in (
                        "joint_problem",
                        "willing",
                        "not_contractual",
                        "not_formal_process",
                        "no_other_relationship",
                        "fit_to_attend",
                    )
                }
                if kind is ExternalReferralKind.MEDIATION
                else None,
                "regulator": RegistrationBody.GMC
                if kind is ExternalReferralKind.REGULATOR
                else None,
                "mandatory_matter": None,
                "created_by_id": manager,
                "created_at": _at(made, rng),
                "version": 1,
            }
            self.add("external_referrals", row)
            if kind is ExternalReferralKind.CSG and end == self.today:
                self.csg_cases.append(case_id)

    def queue(self) -> None:
        """Referrals waiting for triage: complete, incomplete, deferred and linked."""
        rng = self.rng
        size = max(15, self.spec.cases // 25)
        for n in range(size):
            received = self.today - timedelta(days=rng.randint(0, 40))
            roll = n % 10
            if roll < 4:
                pid, trust, programme, _ = self.practitioner()
                self.referral(
                    pid, trust, programme, received, status=ReferralStatus.AWAITING_TRIAGE
                )
            elif roll < 7:
                pid, trust, programme, _ = self.practitioner()
                rid = self.referral(
                    pid,
                    trust,
                    programme,
                    received,
                    complete=False,
                    status=ReferralStatus.AWAITING_INFORMATION,
                )
                asked = received + timedelta(days=rng.randint(0, 5))
                self.action(
                    kind=ActionKind.INFORMATION_REQUEST,
                    referral_id=rid,
                    description="Please send the missing form for this referral.",
                    owner_name=rng.choice(v.TPDS),
                    due_on=asked + timedelta(days=14),
                    status=ActionStatus.OPEN,
                    created_by_id=DEMO_USER_ID,
                    created_at=_at(asked, rng),
                )
            elif roll < 8:
                pid, trust, programme, _ = self.practitioner()
                self.referral(pid, trust, programme, received, status=ReferralStatus.DEFERRED)
            elif self.open_cases_by_practitioner:
                pid, case_id = rng.choice(self.open_cases_by_practitioner)
                trust, programme = self.places[pid]
                self.referral(
                    pid,
                    trust,
                    programme,
                    received,
                    status=ReferralStatus.AWAITING_TRIAGE,
                    case_id=case_id,
                )
            else:
                pid, trust, programme, _ = self.practitioner()
                self.referral(
                    pid, trust, programme, received, status=ReferralStatus.AWAITING_TRIAGE
                )

    def csg(self) -> None:
        """The CSG: its members, three meetings held and two planned with agendas."""
        rng = self.rng
        member_ids = []
        joined = self.first_meeting
        for name, role, user_id in CSG_MEMBERS:
            mid = self.next_id("csg_members")
            member_ids.append(mid)
            self.add(
                "csg_members",
                {
                    "id": mid,
                    "name": name,
                    "role": role,
                    "organisation": "Demo Health Board",
                    # Where the calendar invitation goes (never a real address).
                    "email": _demo_email(name),
                    "user_id": user_id,
                    "joined_on": joined,
                    "left_on": None,
                    "version": 1,
                },
            )
        past_member = self.next_id("csg_members")
        self.add(
            "csg_members",
            {
                "id": past_member,
                "name": "Dr Former Member",
                "role": "senior_doctor",
                "organisation": "Demo Health Board",
                "email": None,
                "user_id": None,
                "joined_on": joined,
                "left_on": joined + timedelta(days=200),
                "version": 1,
            },
        )
        chair = member_ids[0]
        cases = self.csg_cases or []
        for offset in (-84, -56, -28, 14, 42):
            day = self.today + timedelta(days=offset)
            held = offset < 0
            meeting_id = self.next_id("csg_meetings")
            self.add(
                "csg_meetings",
                {
                    "id": meeting_id,
                    "starts_at": datetime.combine(day, time(14), tzinfo=UTC),
                    "duration_minutes": 120,
                    "location": "Seminar room 2, Demo Education Centre",
                    "video_link": "https://video.demo.invalid/csg",
                    "status": CsgMeetingStatus.HELD if held else CsgMeetingStatus.PLANNED,
                    "chair_member_id": chair,
                    "notes": None,
                    "created_by_id": 6,
                    "created_at": datetime.combine(day - timedelta(days=21), time(9), tzinfo=UTC),
                    "version": 1,
                },
            )
            if held:
                for mid in member_ids:
                    self.add(
                        "csg_attendance",
                        {
                            "id": self.next_id("csg_attendance"),
                            "meeting_id": meeting_id,
                            "member_id": mid,
                            "attendance": Attendance.APOLOGIES
                            if rng.random() < 0.15
                            else Attendance.PRESENT,
                        },
                    )
            for position, case_id in enumerate(rng.sample(cases, min(len(cases), 4)), start=1):
                item_id = self.next_id("agenda_items")
                self.add(
                    "agenda_items",
                    {
                        "id": item_id,
                        "meeting_id": meeting_id,
                        "position": position,
                        "kind": AgendaItemKind.REVIEW
                        if position > 1
                        else AgendaItemKind.NEW_REFERRAL,
                        "case_id": case_id,
                        "external_referral_id": None,
                        "title": f"Case C-{case_id:06d}",
                        "minutes_allotted": 20,
                        "practitioner_attending": rng.random() < 0.5,
                        "representative": None,
                        "discussion_summary": "Progress reviewed against agreed outcomes."
                        if held
                        else None,
                        "outcome": "Continue under review; mentoring in place." if held else None,
                        "chair_decision": None,
                        "next_review_on": day + timedelta(days=56) if held else None,
                        "version": 1,
                    },
                )
                if held and position == 2:
                    self.add(
                        "conflict_declarations",
                        {
                            "id": self.next_id("conflict_declarations"),
                            "agenda_item_id": item_id,
                            "member_id": member_ids[1],
                            "details": "Worked closely with the practitioner last year.",
                            "declared_at": datetime.combine(day, time(14), tzinfo=UTC),
                        },
                    )
                if held:
                    did = self.decision(
                        case_id=case_id,
                        csg_meeting_id=meeting_id,
                        agenda_item_id=item_id,
                        kind=DecisionKind.CSG_OUTCOME,
                        code=DecisionOutcome.CSG_OUTCOME_RECORDED,
                        outcome="Continue under CSG review",
                        decided_by_id=6,
                        decided_at=datetime.combine(day, time(15), tzinfo=UTC),
                    )
                    self.timeline(
                        case_id,
                        TimelineKind.CSG,
                        datetime.combine(day, time(15), tzinfo=UTC),
                        "CSG meeting: continue under review",
                        None,
                        6,
                        decision_id=did,
                    )

    def iter_counts(self) -> Iterator[tuple[str, int]]:
        """Rows written per table, largest first."""
        yield from sorted(self.counts.rows.items(), key=lambda kv: -kv[1])


CASE_TABLES = (
    "practitioners",
    "practitioner_equality",
    "cases",
    "case_activity",
    "referrals",
    "referral_activity",
    "form2_concerns",
    "csg_members",
    "csg_meetings",
    "csg_attendance",
    "agenda_items",
    "conflict_declarations",
    "decisions",
    "documents",
    "document_contents",
    "timeline_entries",
    "checklist_answers",
    "actions",
    "risk_assessments",
    "external_referrals",
)
