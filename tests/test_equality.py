"""Equality by stage: counts, rates, relative likelihoods, declaration and suppression, on
hand-made stores whose right answers are worked out here."""

from __future__ import annotations

import io
import itertools
import random
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlmodel import Session, col, select

from remedy_tui import clock
from remedy_tui.documents.equality_report import to_workbook, written
from remedy_tui.services.case.cases import escalate
from remedy_tui.services.common.access import Access
from remedy_tui.services.common.errors import PermissionDeniedError, ValidationError
from remedy_tui.services.oversight.equality import equality_by_stage, stage_counts, stage_totals
from remedy_tui.services.oversight.equality_export import export_equality
from remedy_tui.services.oversight.equality_population import load_population, read_population
from remedy_tui.store import Store
from remedy_tui.store.models import (
    AuditEntry,
    Case,
    CaseStatus,
    Decision,
    DecisionKind,
    DecisionOutcome,
    ExternalReferral,
    ExternalReferralKind,
    ExternalReferralStatus,
    Grade,
    Practitioner,
    PractitionerEquality,
    Referral,
    ReferralSource,
    ReferralStatus,
    Role,
)
from remedy_tui.views.equality import STAGES, EqualityQuery
from remedy_tui.views.equality_stats import PROTECTING, SMALL, Count, suppress_line

DEAN = Access(1, Role.DEPUTY_POSTGRADUATE_DEAN, "senior", "Deputy Dean", ("equality",))

YEAR = EqualityQuery(date(2026, 1, 1), date(2026, 12, 31))
STAGE = {s.code: n for n, s in enumerate(STAGES)}


# Suppression of one line -----------------------------------------------------------------------


def _texts(counts: list[int]) -> list[str]:
    return [c.text for c in suppress_line(counts)]


def test_a_small_count_is_hidden_and_the_next_smallest_protects_it() -> None:
    # Two small counts protect each other: 2 and 3 could be 1+4, 2+3, 3+2 or 4+1 (sum 5).
    assert _texts([2, 3, 0, 9]) == [SMALL, SMALL, "0", "9"]
    # One small count alone is 25 - 10 - 12 = 3: the smallest other (10) is hidden too.
    assert _texts([10, 3, 12, 0]) == [PROTECTING, SMALL, "12", "0"]
    # Two 4s: the hidden sum 8 can only be 4 + 4, so 20 is hidden too.
    assert _texts([4, 4, 20]) == [SMALL, SMALL, PROTECTING]
    # Two 1s likewise (the sum 2 can only be 1 + 1).
    assert _texts([1, 1, 9]) == [SMALL, SMALL, PROTECTING]
    # Zeros are hidden last: a count shown protects more than a zero.
    assert _texts([0, 0, 3, 9]) == ["0", "0", SMALL, PROTECTING]
    # Fewer than 5 in all: every group "<5", zeros too, so nobody's group shows.
    assert _texts([0, 0, 3]) == [SMALL, SMALL, SMALL]
    # Zeros are about no one and are shown; counts of 5 or more are shown.
    assert _texts([0, 0, 9]) == ["0", "0", "9"]
    assert _texts([5, 6, 7]) == ["5", "6", "7"]


def _solutions(shown: list[Count], total: int) -> list[tuple[int, ...]]:
    """Every set of values the hidden counts could take, knowing the marks and the total."""
    hidden = [c for c in shown if not c.shown]
    rest = total - sum(c.value or 0 for c in shown)
    # Zeros are shown, so "<5" is 1 to 4; unless the whole line is "<5" (fewer than 5 in all).
    least = 0 if all(c.mark == SMALL for c in shown) else 1
    ranges = [range(least, 5) if c.mark == SMALL else range(0, total + 1) for c in hidden]
    return [v for v in itertools.product(*ranges) if sum(v) == rest]


def assert_nothing_recoverable(shown: list[Count], total: int) -> None:
    """No hidden count has only one value it could be."""
    solutions = _solutions(shown, total)
    assert solutions, "the true counts must be among the solutions"
    for position in range(len(solutions[0])):
        assert len({s[position] for s in solutions}) > 1, (shown, total)


def test_no_suppressed_count_can_be_worked_out_from_the_total() -> None:
    # Every line the area shows has three groups or more (disability has the fewest: four).
    rng = random.Random(17)
    for _ in range(400):
        counts = [rng.choice((0, 1, 2, 3, 4, 5, 6, 9, 14, 30)) for _ in range(rng.randint(3, 7))]
        shown = list(suppress_line(counts))
        if sum(counts) == 0:
            continue
        assert_nothing_recoverable(shown, sum(counts))
        # And what is shown is the truth.
        assert all(c.value == n for c, n in zip(shown, counts, strict=True) if c.shown)


# A hand-made store -----------------------------------------------------------------------------


def _person(
    session: Session,
    user_id: int,
    n: int,
    *,
    ethnicity: str | None,
    level: int = 1,
    qualification: str | None = "uk",
    grade: Grade = Grade.SPECIALTY_REGISTRAR,
    sex: str | None = "female",
    valid: bool = True,
    received_on: date = date(2026, 4, 1),
    trust: str = "North Trust",
    regulator: bool = False,
) -> int:
    """A practitioner referred once, triaged at ``level`` into a case; returns the case's id."""
    person = Practitioner(given_names="P", family_name=f"Person{n}", grade=grade)
    session.add(person)
    session.flush()
    assert person.id is not None
    if any(a is not None for a in (ethnicity, qualification, sex)):
        session.add(
            PractitionerEquality(
                practitioner_id=person.id,
                ethnicity=ethnicity,
                international_graduate=qualification,
                sex=sex,
            )
        )
    case = Case(
        reference=f"C-{n:06d}",
        practitioner_id=person.id,
        level=level,
        status=CaseStatus.OPEN,
        opened_on=received_on,
        case_manager_id=user_id,
        checklist_edition="fairness-framework-1",
    )
    session.add(case)
    session.flush()
    assert case.id is not None
    referral = Referral(
        reference=f"R-{n:06d}",
        practitioner_id=person.id,
        source=ReferralSource.TRUST,
        received_on=received_on,
        trust=trust,
        programme="Medicine",
        form1_received_on=received_on if valid else None,
        form2_received_on=received_on if valid else None,
        status=ReferralStatus.DECIDED,
        level=level,
        case_id=case.id,
    )
    session.add(referral)
    session.flush()
    session.add(
        Decision(
            case_id=case.id,
            referral_id=referral.id,
            kind=DecisionKind.TRIAGE,
            code=DecisionOutcome.SENIOR_OWNER if level == 3 else DecisionOutcome.OPEN_CASE,
            outcome="Triaged",
            level=level,
            rationale="Reasons.",
            decided_by_id=user_id,
        )
    )
    if regulator:
        session.add(
            ExternalReferral(
                case_id=case.id,
                kind=ExternalReferralKind.REGULATOR,
                status=ExternalReferralStatus.MADE,
                proposed_on=received_on,
                made_on=received_on,
                status_changed_on=received_on,
                created_by_id=user_id,
            )
        )
    return case.id


def _fill(store: Store) -> dict[str, int]:
    """White: 20 referred, 10 at level 2 or above (5 of them level 3). Black: 10 referred, all
    10 at level 2 or above (6 level 3), 6 to the regulator. Asian: 3 referred, level 1.
    Not recorded: 7 (of whom 2 have no answer row at all), level 1, 2 of them invalid.
    One white practitioner referred outside the period, one in another trust."""
    user = store.user.id
    cases: dict[str, int] = {}
    with store.session() as session:
        n = 0
        for i in range(20):
            n += 1
            level = 3 if i < 5 else 2 if i < 10 else 1
            cases.setdefault("white", _person(session, user, n, ethnicity="white", level=level))
        for i in range(10):
            n += 1
            level = 3 if i < 6 else 2
            cases.setdefault(
                "black",
                _person(session, user, n, ethnicity="black", level=level, regulator=i < 6),
            )
        for _ in range(3):
            n += 1
            _person(session, user, n, ethnicity="asian", grade=Grade.SAS, sex="male")
        for i in range(7):
            n += 1
            blank = i < 2
            _person(
                session,
                user,
                n,
                ethnicity=None,
                qualification=None if blank else "international",
                sex=None if blank else "prefer_not_to_say",
                valid=i >= 2,
                grade=Grade.LOCUM,
            )
        n += 1
        _person(session, user, n, ethnicity="white", received_on=date(2025, 6, 1))
        n += 1
        _person(session, user, n, ethnicity="white", trust="South Trust")
        session.commit()
    return cases


@pytest.mark.local_file
def test_counts_rates_and_relative_likelihoods_by_ethnic_group(store: Store) -> None:
    _fill(store)
    population = {("ethnicity", "white"): 2000, ("ethnicity", "black"): 500}
    query = EqualityQuery(date(2026, 1, 1), date(2026, 12, 31), trust="North Trust")
    with store.session() as session:
        report = equality_by_stage(session=session, access=DEAN, query=query, population=population)
    table = report.figures("ethnicity")
    groups = {g.code: g for g in table.groups}
    white, black = groups["white"], groups["black"]
    referred, level_2, level_3 = STAGE["referred"], STAGE["level_2"], STAGE["level_3"]
    assert [white.counts[s].value for s in (referred, level_2, level_3)] == [20, 10, 5]
    assert [black.counts[s].value for s in (referred, level_2, level_3)] == [10, 10, 6]
    # First stage: referred per head of population; white 20/2000 = 1%, black 10/500 = 2%.
    assert white.rates[referred] == pytest.approx(0.01)
    assert black.rates[referred] == pytest.approx(0.02)
    assert black.likelihoods[referred] == pytest.approx(2.0)
    assert white.likelihoods[referred] == pytest.approx(1.0)
    # Later stages: of those referred. Level 2+: white 10/20, black 10/10: twice as likely.
    assert black.denominators[level_2] == 10 and white.denominators[level_2] == 20
    assert black.likelihoods[level_2] == pytest.approx(2.0)
    # Level 3: white 5/20 = 0.25, black 6/10 = 0.6: 2.4 times.
    assert black.likelihoods[level_3] == pytest.approx(2.4)
    # Regulator: black 6 of 10; white none, so there is no reference rate to compare with.
    regulator = STAGE["regulator"]
    assert (black.counts[regulator].value, white.counts[regulator].value) == (6, 0)
    assert black.rates[regulator] == pytest.approx(0.6)
    assert black.likelihoods[regulator] is None
    # Asian: 3 referred, hidden; alone it would be 40 less the others, so the smallest other
    # count (not recorded, 7) is hidden too, and no rate is shown for either.
    assert groups["asian"].counts[referred].text == SMALL
    assert groups["not_recorded"].counts[referred].text == PROTECTING
    assert groups["asian"].likelihoods[referred] is None
    assert groups["not_recorded"].rates[level_2] is None
    # The totals: 40 referred in the trust and the year; 38 valid.
    assert table.totals[referred].value == 40
    assert table.totals[STAGE["valid"]].value == 38
    assert_nothing_recoverable(
        [g.counts[referred] for g in table.groups], table.totals[referred].value or 0
    )


@pytest.mark.local_file
def test_declaration_rates_keep_prefer_not_to_say_and_not_asked_apart(store: Store) -> None:
    _fill(store)
    with store.session() as session:
        report = equality_by_stage(
            session=session,
            access=DEAN,
            query=EqualityQuery(date(2026, 1, 1), date(2026, 12, 31), "North Trust"),
        )
    sex = report.figures("sex").declaration
    assert sex is not None and sex.referred == 40
    # 33 answered female (30) or male (3, hidden), 5 preferred not to say, 2 have no answers
    # at all (hidden). Declared would give the 2 away (40 - 5 - 33), so it is hidden too.
    assert sex.prefer_not_to_say.value == 5 and sex.not_recorded.text == SMALL
    assert sex.declared.text == PROTECTING
    ethnicity = report.figures("ethnicity").declaration
    assert ethnicity is not None
    # Asian is hidden, so the declared total (which would give it away) is hidden too.
    assert not ethnicity.declared.shown
    grade = report.figures("grade")
    assert grade.declaration is None
    grades = {g.code: g.counts[STAGE["referred"]].text for g in grade.groups}
    # SAS (3) is hidden, and locums (7) to protect it.
    assert (grades["trainee"], grades["sas"], grades["locum"]) == ("30", SMALL, PROTECTING)


@pytest.mark.local_file
def test_the_period_and_scope_choose_who_is_counted(store: Store) -> None:
    _fill(store)
    with store.session() as session:
        everyone = equality_by_stage(session=session, access=DEAN, query=YEAR)
        earlier = equality_by_stage(
            session=session,
            access=DEAN,
            query=EqualityQuery(date(2025, 1, 1), date(2025, 12, 31)),
        )
        with pytest.raises(ValidationError, match="ends before it starts"):
            equality_by_stage(
                session=session,
                access=DEAN,
                query=EqualityQuery(date(2026, 2, 1), date(2026, 1, 1)),
            )
    referred = STAGE["referred"]
    assert everyone.figures("ethnicity").totals[referred].value == 41
    assert earlier.figures("ethnicity").totals[referred].text == SMALL


@pytest.mark.local_file
def test_an_escalation_recorded_by_the_service_is_counted_at_the_dean_stage(store: Store) -> None:
    cases = _fill(store)
    with store.session() as session:
        case = session.get(Case, cases["white"])
        assert case is not None
        escalate(
            session=session,
            actor_id=store.user.id,
            case_id=cases["white"],
            expected_version=case.version,
            rationale="Very serious: the Dean must know.",
        )
        decision = session.exec(
            select(Decision).where(col(Decision.kind) == DecisionKind.ESCALATION)
        ).one()
        assert decision.code is DecisionOutcome.ESCALATED_TO_DEAN
        report = equality_by_stage(session=session, access=DEAN, query=YEAR)
    # One escalation in all: every group is "<5", and the total.
    dean = STAGE["dean"]
    table = report.figures("ethnicity")
    assert table.totals[dean].text == SMALL
    assert {g.code: g.counts[dean].text for g in table.groups}["white"] == SMALL
    assert_nothing_recoverable([g.counts[dean] for g in table.groups], 1)


@pytest.mark.local_file
def test_the_workbook_shows_what_the_screen_shows_and_nothing_recoverable(store: Store) -> None:
    _fill(store)
    with store.session() as session:
        report = equality_by_stage(session=session, access=DEAN, query=YEAR)
        rows = stage_counts(session=session, query=YEAR)
    true = stage_totals(rows)
    data = to_workbook(report, exported_by="Asha Example", exported_at=clock.now())
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames[:2] == ["Method", "Declaration"]
    for figures in report.fields:
        sheet = book[figures.dimension.label[:31]]
        rows = list(sheet.iter_rows(values_only=True))
        body = rows[1 : 1 + len(figures.groups)]
        totals = rows[1 + len(figures.groups)]
        assert totals[0] == "All"
        for stage in range(len(STAGES)):
            cells = [r[stage + 1] for r in body]
            total = totals[stage + 1]
            # One who knows the true total (even one shown as "<5") cannot work out any count.
            assert total == (true[stage] if true[stage] == 0 or true[stage] >= 5 else SMALL)
            total = true[stage]
            shown = [Count(c) if isinstance(c, int) else Count(None, str(c)) for c in cells]
            if any(not c.shown for c in shown):
                assert_nothing_recoverable(shown, total)
    text = written(report, exported_by="Asha Example", exported_at=clock.now()).text()
    assert "Medical Workforce Race Equality Standard" in text and "Fair to Refer" in text


def test_a_population_file_is_read_and_a_wrong_one_refused(tmp_path: Path) -> None:
    good = tmp_path / "population.csv"
    good.write_text("field,group,count\nethnicity,white,1200\nethnicity,black,300\n")
    population, name = load_population(str(good))
    assert population == {("ethnicity", "white"): 1200, ("ethnicity", "black"): 300}
    assert name == "population.csv"
    for text, message in (
        ("ethnic,white,3\n", "first line must be the header"),
        ("field,group,count\nethnicity,purple,3\n", "Line 2: ethnicity has no group 'purple'"),
        ("field,group,count\nheight,tall,3\n", "Line 2: there is no field 'height'"),
        ("field,group,count\nethnicity,white,-3\n", "Line 2: the count must be a whole"),
        ("field,group,count\nethnicity,white,3\nethnicity,white,4\n", "given twice"),
        ("field,group,count\n", "no counts"),
    ):
        with pytest.raises(ValidationError, match=message):
            read_population(text)
    with pytest.raises(ValidationError, match="There is no file"):
        load_population(str(tmp_path / "missing.csv"))


@pytest.mark.local_file
def test_the_export_writes_owner_only_files_and_is_audited(store: Store, tmp_path: Path) -> None:
    _fill(store)
    tmp_path = tmp_path / "exports"
    tmp_path.mkdir()
    with store.session() as session:
        done = export_equality(
            session=session,
            access=DEAN,
            actor_id=store.user.id,
            query=YEAR,
            folder=str(tmp_path),
            name="figures",
        )
        assert [p.name for p in done.paths] == ["figures.xlsx", "figures.docx"]
        assert all(p.stat().st_mode & 0o777 == 0o600 for p in done.paths)
        with pytest.raises(ValidationError, match="already exists"):
            export_equality(
                session=session,
                access=DEAN,
                actor_id=store.user.id,
                query=YEAR,
                folder=str(tmp_path),
                name="figures",
                word=False,
            )
        with pytest.raises(ValidationError, match="There is no folder"):
            export_equality(
                session=session,
                access=DEAN,
                actor_id=store.user.id,
                query=YEAR,
                folder=str(tmp_path / "nowhere"),
                name="figures",
            )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["figures.docx", "figures.xlsx"]
    with store.session() as session:
        entry = session.exec(select(AuditEntry).where(col(AuditEntry.action) == "export")).one()
        assert entry.table_name == "equality"


def test_only_a_role_with_the_area_and_a_store_that_counts_everyone_gets_figures(
    store: Store,
) -> None:
    manager = Access(store.user.id, Role.CLINICAL_CASE_MANAGER, "case_manager", "", ("cases",))
    with store.session() as session:
        with pytest.raises(PermissionDeniedError, match="your role does not include it"):
            equality_by_stage(session=session, access=manager, query=YEAR)
        if store.server is None:
            assert equality_by_stage(session=session, access=DEAN, query=YEAR).fields
        else:
            # Row-level security would leave out the answers the person may not read.
            with pytest.raises(PermissionDeniedError, match="not counted on the team server"):
                equality_by_stage(session=session, access=DEAN, query=YEAR)


@pytest.mark.local_file
def test_the_demo_shows_every_stage_and_its_built_in_disproportion(demo_store: Store) -> None:
    with demo_store.session() as session:
        report = equality_by_stage(
            session=session,
            access=DEAN,
            query=EqualityQuery(date(2023, 11, 23), date(2026, 11, 22)),
        )
    ethnicity = report.figures("ethnicity")
    # Every stage has someone at 300 cases (the Dean's, exclusions and formal outcomes too).
    assert all(t.text != "0" for t in ethnicity.totals)
    groups = {g.code: g for g in ethnicity.groups}
    level_3 = STAGE["level_3"]
    # Black practitioners are raised a level more often (demo.generator): at level 3 they are
    # more than one and a half times as likely as white practitioners.
    assert (groups["black"].likelihoods[level_3] or 0) > 1.5
    declaration = ethnicity.declaration
    assert declaration is not None and declaration.prefer_not_to_say.shown
