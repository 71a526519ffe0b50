"""Equality by stage as the screens and exports see it: the stages, the fields and groups, and
the report of counts already suppressed (``equality_stats``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from remedy_tui.views import equality_stats as stats

NOT_RECORDED = "not_recorded"
NOT_RECORDED_LABEL = "Not asked or not recorded"


@dataclass(frozen=True)
class Stage:
    """A stage a practitioner may reach after a referral."""

    code: str
    label: str


STAGES = (
    Stage("referred", "Referral received"),
    Stage("valid", "Valid referral (Form 1 and Form 2 in)"),
    Stage("level_2", "Level 2 or above"),
    Stage("level_3", "Level 3"),
    Stage("dean", "Escalated to the Dean"),
    Stage("exclusion", "Exclusion or restriction"),
    Stage("regulator", "Referral to the regulator"),
    Stage("csg", "Clinical Support Group"),
    Stage("formal_outcome", "Formal outcome"),
)


@dataclass(frozen=True)
class Group:
    """One group of a field."""

    code: str
    label: str


@dataclass(frozen=True)
class EqualityDimension:
    """A field practitioners are counted by, its groups and its reference group."""

    code: str
    label: str
    groups: tuple[Group, ...]
    reference: str
    # Whether "prefer not to say" and "not recorded" are groups of it (not for grade).
    declared: bool = True

    def label_of(self, code: str) -> str:
        """The words for a group's code."""
        for group in self.groups:
            if group.code == code:
                return group.label
        return code


@dataclass(frozen=True)
class EqualityQuery:
    """The period (referrals received from ``start`` to ``end``) and the scope."""

    start: date
    end: date
    trust: str = ""
    programme: str = ""

    @property
    def scope(self) -> str:
        """The scope in words."""
        parts = [
            f"trust {self.trust}" if self.trust else "",
            f"programme {self.programme}" if self.programme else "",
        ]
        return " and ".join(p for p in parts if p) or "the whole team"


@dataclass(frozen=True)
class GroupFigures:
    """One group of a field at every stage: counts (suppressed), rates and likelihoods."""

    code: str
    label: str
    counts: tuple[stats.Count, ...]
    # The denominator of each stage's rate: the population (first stage), or the group's
    # referred practitioners (every later stage); None when there is none.
    denominators: tuple[int | None, ...]
    rates: tuple[float | None, ...]
    likelihoods: tuple[float | None, ...]


@dataclass(frozen=True)
class Declaration:
    """How a field was answered by the practitioners referred: declared, "prefer not to say",
    and not asked (or not recorded)."""

    declared: stats.Count
    prefer_not_to_say: stats.Count
    not_recorded: stats.Count
    referred: int


@dataclass(frozen=True)
class FieldFigures:
    """One field's table."""

    dimension: EqualityDimension
    groups: tuple[GroupFigures, ...]
    totals: tuple[stats.Count, ...]
    declaration: Declaration | None


@dataclass(frozen=True)
class EqualityReport:
    """Everything the equality area and its exports show, already suppressed."""

    query: EqualityQuery
    fields: tuple[FieldFigures, ...]
    population_loaded: bool
    population_source: str = ""
    stage_labels: tuple[str, ...] = field(default=tuple(s.label for s in STAGES))

    def figures(self, code: str) -> FieldFigures:
        """The table of the field called ``code``."""
        for item in self.fields:
            if item.dimension.code == code:
                return item
        raise KeyError(code)
