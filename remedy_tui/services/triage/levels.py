"""The suggested triage level: worked out from the Form 2 severities, with its reasons.

Seed 004: level 1 is low impact (could be referred back to the trust), levels 2 and 3 go to a
case manager, and serious concerns (level 3) to the Deputy Postgraduate Dean. The suggestion
only helps the meeting; the people decide, and the decision records their level and reasons.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from remedy_tui.services.common.reference_data import concern_areas
from remedy_tui.store.models import Severity, Trigger


@dataclass(frozen=True)
class SuggestedLevel:
    """A level (1 to 3), or None when Form 2 is not in, and the reasons for it."""

    level: int | None
    reasons: tuple[str, ...]


def suggest_level(
    severities: Mapping[str, Severity], triggers: Iterable[str] = ()
) -> SuggestedLevel:
    """Suggest a level from the severity given to each Form 2 area (by area code)."""
    if not severities:
        return SuggestedLevel(None, ("Form 2 is not in, so no level can be suggested yet.",))
    areas = concern_areas()

    def label(code: str) -> str:
        try:
            return areas.area(code).label
        except KeyError:
            return code

    high = sorted(label(code) for code, s in severities.items() if s is Severity.HIGH)
    moderate = sorted(label(code) for code, s in severities.items() if s is Severity.MODERATE)
    serious_incident = Trigger.SERIOUS_INCIDENT.value in set(triggers)
    if high:
        return SuggestedLevel(3, tuple(f"{area}: high severity" for area in high))
    if len(moderate) >= 2:
        return SuggestedLevel(
            2, (f"Moderate severity in {len(moderate)} areas: " + ", ".join(moderate),)
        )
    if moderate and serious_incident:
        return SuggestedLevel(
            2, (f"{moderate[0]}: moderate severity", "Triggered by a serious incident")
        )
    if moderate:
        return SuggestedLevel(1, (f"{moderate[0]}: moderate severity, the only area above low",))
    low = sum(1 for s in severities.values() if s is Severity.LOW)
    if serious_incident:
        return SuggestedLevel(
            2,
            (
                "Triggered by a serious incident",
                f"{low} area(s) of low severity" if low else "No area rated",
            ),
        )
    return SuggestedLevel(
        1,
        (f"{low} area(s) of low severity, none higher" if low else "No concern rated above none",),
    )
