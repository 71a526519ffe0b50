"""Principle 5 of the fairness framework: an immediate or interim action (5.1) and a
substantive disposal (5.2), each a decision documented against the factors the framework lists.

The framework asks that the decision and rationale for any immediate action be documented "by
reference to the following factors (both in favour of and if none considered necessary)"
(5.1.1), that it document the options considered (5.1.5) and, for a suspension or exclusion,
why alternatives were discounted (5.1.6); and that a substantive disposal's rationale refer to
its own list of factors (5.2.3). The factors are read from the edition of the framework the
case is answered against, so the form asks exactly what the checklist does. Recording either
decision reaches its part of the checklist, which then opens for answering.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session

from remedy_tui.services.case.cases import case_for_change, decide, refuse_if_closed
from remedy_tui.services.common.decisions import check_rationale
from remedy_tui.services.common.errors import ValidationError
from remedy_tui.services.common.validation import RATIONALE_LIMIT, clean_text
from remedy_tui.store.models import DecisionKind, DecisionOutcome
from remedy_tui.views.framework import load_edition

IMMEDIATE_FACTORS_QUESTION = "5.1.1"
DISPOSAL_FACTORS_QUESTION = "5.2.3"

#: What an immediate or interim action can be, and the kind of decision each is.
IMMEDIATE_ACTIONS: dict[DecisionOutcome, DecisionKind] = {
    DecisionOutcome.IMMEDIATE_EXCLUSION: DecisionKind.EXCLUSION,
    DecisionOutcome.FORMAL_EXCLUSION: DecisionKind.EXCLUSION,
    DecisionOutcome.RESTRICTION_OF_PRACTICE: DecisionKind.RESTRICTION,
    DecisionOutcome.SUSPENSION: DecisionKind.IMMEDIATE_ACTION,
    DecisionOutcome.IMMEDIATE_ACTION_TAKEN: DecisionKind.IMMEDIATE_ACTION,
    DecisionOutcome.NO_IMMEDIATE_ACTION: DecisionKind.IMMEDIATE_ACTION,
}
#: Their words in the form (the codes' labels say it shorter in lists).
IMMEDIATE_ACTION_CHOICES: dict[DecisionOutcome, str] = {
    DecisionOutcome.NO_IMMEDIATE_ACTION: "No immediate action needed",
    DecisionOutcome.RESTRICTION_OF_PRACTICE: "Restriction of practice",
    DecisionOutcome.IMMEDIATE_EXCLUSION: "Immediate exclusion",
    DecisionOutcome.FORMAL_EXCLUSION: "Formal exclusion",
    DecisionOutcome.SUSPENSION: "Suspension from a performers list",
    DecisionOutcome.IMMEDIATE_ACTION_TAKEN: "Other interim action (say which in its terms)",
}
#: The actions 5.1.6 asks the discounted alternatives of.
EXCLUDING = frozenset(
    {
        DecisionOutcome.IMMEDIATE_EXCLUSION,
        DecisionOutcome.FORMAL_EXCLUSION,
        DecisionOutcome.SUSPENSION,
    }
)
DISPOSAL_CHOICES: dict[DecisionOutcome, str] = {
    DecisionOutcome.NO_CASE_TO_ANSWER: "No case to answer",
    DecisionOutcome.INFORMAL_RESOLUTION: "Informal resolution",
    DecisionOutcome.ACTION_PLAN: "Action plan, assessment or agreed terms",
    DecisionOutcome.LOCAL_ACTION: "Local action",
    DecisionOutcome.CONDITIONS_AGREED: "Conditions agreed",
    DecisionOutcome.FORMAL_WARNING: "Formal warning",
    DecisionOutcome.DISMISSAL: "Dismissal",
}

TERMS = "Terms of the action"
OPTIONS = "Options considered (5.1.5)"
ALTERNATIVES = "Why alternatives were discounted (5.1.6)"


def factors_of(question_id: str, edition: str | None = None) -> tuple[str, ...]:
    """The factors a question of the framework lists, in its order."""
    framework = load_edition(edition) if edition else load_edition()
    return tuple(framework.question(question_id).points)


@dataclass(frozen=True)
class ImmediateActionDraft:
    """An immediate or interim action as typed: what, on what terms, and why."""

    action: DecisionOutcome
    factors: Sequence[str]
    options: str
    rationale: str
    terms: str = ""
    alternatives: str = ""
    evidence: str = ""


@dataclass(frozen=True)
class DisposalDraft:
    """A substantive disposal as typed: the outcome and the reasons, factor by factor."""

    outcome: DecisionOutcome
    factors: Sequence[str]
    rationale: str
    evidence: str = ""


def _reasons(field: str, label: str, text: str | None) -> str:
    cleaned = clean_text(text, field=field, label=label, max_length=RATIONALE_LIMIT, multiline=True)
    return cleaned or ""


def _factor_reasons(
    names: Sequence[str], given: Sequence[str], question: str
) -> list[dict[str, str]]:
    """Each factor with the reasons given against it; every factor must be addressed, if only
    to say why it does not bear on the decision (the framework asks for both sides)."""
    if len(given) != len(names):
        raise ValidationError("factor-1", f"Give reasons against each of the {len(names)} factors.")
    kept: list[dict[str, str]] = []
    for number, (name, text) in enumerate(zip(names, given, strict=True), start=1):
        reasons = _reasons(f"factor-{number}", f"The reasons against factor {number}", text)
        if not reasons:
            raise ValidationError(
                f"factor-{number}",
                f"Say how \u201c{name}\u201d bears on the decision, or why it does not: the "
                f"framework asks each factor to be documented ({question}).",
            )
        kept.append({"factor": name, "reasons": reasons})
    return kept


def record_immediate_action(
    *,
    session: Session,
    actor_id: int,
    case_id: int,
    expected_version: int,
    draft: ImmediateActionDraft,
) -> int:
    """Record an immediate or interim action (or that none is needed) with its reasons
    against the framework's factors; the checklist's 5.1 then opens. Returns the decision."""
    kind = IMMEDIATE_ACTIONS.get(draft.action)
    if kind is None:
        raise ValidationError("action", "Choose what the immediate or interim action is.")
    case = case_for_change(session, case_id, expected_version)
    refuse_if_closed(case, "recording an immediate action on it")
    rationale = check_rationale(draft.rationale)
    terms = _reasons("terms", "The terms", draft.terms)
    if draft.action is not DecisionOutcome.NO_IMMEDIATE_ACTION and not terms:
        raise ValidationError(
            "terms", "Say the terms of the action: what the practitioner may and may not do."
        )
    names = factors_of(IMMEDIATE_FACTORS_QUESTION, case.checklist_edition)
    factors = _factor_reasons(names, draft.factors, IMMEDIATE_FACTORS_QUESTION)
    options = _reasons("options", "The options considered", draft.options)
    if not options:
        raise ValidationError(
            "options",
            "Say which options were considered: the decision should be the minimum necessary "
            "(5.1.5).",
        )
    alternatives = _reasons("alternatives", "Why alternatives were discounted", draft.alternatives)
    if draft.action in EXCLUDING and not alternatives:
        raise ValidationError(
            "alternatives",
            "Say why the alternatives to suspension or exclusion were discounted (5.1.6).",
        )
    headed = [{"factor": TERMS, "reasons": terms}] if terms else []
    headed += factors
    headed.append({"factor": OPTIONS, "reasons": options})
    if alternatives:
        headed.append({"factor": ALTERNATIVES, "reasons": alternatives})
    label = IMMEDIATE_ACTION_CHOICES[draft.action]
    outcome = f"{label}: {terms}" if terms else label
    return decide(
        session,
        case,
        actor_id,
        kind,
        draft.action,
        outcome,
        rationale,
        draft.evidence,
        {},
        factors=headed,
        timeline_title=f"Immediate action (5.1): {label}",
    )


def record_disposal(
    *,
    session: Session,
    actor_id: int,
    case_id: int,
    expected_version: int,
    draft: DisposalDraft,
) -> int:
    """Record the case's substantive disposal with its reasons against the framework's
    factors; the checklist's 5.2 then opens, to be answered before the case is closed (so the
    checklist kept with the closure holds it). Returns the decision."""
    if draft.outcome not in DISPOSAL_CHOICES:
        raise ValidationError("outcome", "Choose the substantive disposal.")
    case = case_for_change(session, case_id, expected_version)
    refuse_if_closed(case, "recording its disposal")
    rationale = check_rationale(draft.rationale)
    names = factors_of(DISPOSAL_FACTORS_QUESTION, case.checklist_edition)
    factors = _factor_reasons(names, draft.factors, DISPOSAL_FACTORS_QUESTION)
    label = DISPOSAL_CHOICES[draft.outcome]
    return decide(
        session,
        case,
        actor_id,
        DecisionKind.DISPOSAL,
        draft.outcome,
        label,
        rationale,
        draft.evidence,
        {},
        factors=factors,
        timeline_title=f"Substantive disposal (5.2): {label}",
    )
