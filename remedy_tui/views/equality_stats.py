"""The statistics of equality by stage, apart from the store: small-number suppression (primary
and secondary), rates and relative likelihoods (the Medical Workforce Race Equality Standard's
measure), so that each can be tested on numbers worked out by hand.

Suppression works on a *line*: counts that add up to a total everyone may know (the groups of
one field at one stage add up to the number of practitioners at that stage). A count from 1 to
4 is hidden ("<5"); a zero is shown, as it is about no one (NHS Digital's rule for published
counts). Then, while any hidden count could still be worked out from the total and the counts
shown (a hidden small count lies between 1 and 4; a count hidden to protect one, "*", could be
anything from 0 to the total), the smallest count still shown is hidden too, zeros last. A
line of fewer than 5 in all shows every group as "<5", zeros included, so that the marks do not
say where the few are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

THRESHOLD = 5
SMALL = "<5"
PROTECTING = "*"


@dataclass(frozen=True)
class Count:
    """A count as it may be shown: its value, or None with the mark that hides it."""

    value: int | None
    mark: str = ""

    @property
    def shown(self) -> bool:
        """True when the count may be shown."""
        return self.value is not None

    @property
    def text(self) -> str:
        """The count, or "<5" (a small count), or "*" (hidden to protect a small count)."""
        return str(self.value) if self.value is not None else self.mark


def _bounds(mark: str, total: int) -> tuple[int, int]:
    return (1, THRESHOLD - 1) if mark == SMALL else (0, total)


def recoverable(counts: Sequence[int], marks: Sequence[str], total: int) -> list[int]:
    """The positions of hidden counts that one who knows ``total``, the counts shown and the
    marks could work out exactly (the lowest and the highest each could be are the same)."""
    hidden = [i for i, m in enumerate(marks) if m]
    rest = total - sum(c for c, m in zip(counts, marks, strict=True) if not m)
    bounds = {i: _bounds(marks[i], total) for i in hidden}
    low_sum = sum(lo for lo, _ in bounds.values())
    high_sum = sum(hi for _, hi in bounds.values())
    found = []
    for i in hidden:
        lo, hi = bounds[i]
        least = max(lo, rest - (high_sum - hi))
        most = min(hi, rest - (low_sum - lo))
        if least >= most:
            found.append(i)
    return found


def suppress_line(counts: Sequence[int]) -> tuple[Count, ...]:
    """The counts of one line, with small ones hidden and as many others as it takes that no
    hidden count can be worked out from the line's total."""
    total = sum(counts)
    if 0 < total < THRESHOLD:
        # Fewer than 5 in all: every group is "<5" (a zero among them too, truly under 5), so
        # the marks do not say which groups the few are in.
        return tuple(Count(None, SMALL) for _ in counts)
    marks = [SMALL if 0 < c < THRESHOLD else "" for c in counts]
    while any(marks) and recoverable(counts, marks, total):
        shown = [i for i, m in enumerate(marks) if not m]
        if not shown:
            break
        # The smallest count shown, zeros last (hiding a zero protects less).
        marks[min(shown, key=lambda i: (counts[i] == 0, counts[i], i))] = PROTECTING
    return tuple(Count(None, m) if m else Count(c) for c, m in zip(counts, marks, strict=True))


def total_count(value: int) -> Count:
    """A line's total: hidden as "<5" when it is from 1 to 4, like any count."""
    return Count(value) if value == 0 or value >= THRESHOLD else Count(None, SMALL)


def rate(numerator: Count, denominator: int | Count | None) -> float | None:
    """``numerator / denominator``, or None when either is hidden, missing or zero."""
    if isinstance(denominator, Count):
        denominator = denominator.value
    if numerator.value is None or not denominator:
        return None
    return numerator.value / denominator


def relative_likelihood(group_rate: float | None, reference_rate: float | None) -> float | None:
    """The MWRES measure: the group's rate divided by the reference group's (None when either
    is not shown, or the reference's rate is zero)."""
    if group_rate is None or not reference_rate:
        return None
    return group_rate / reference_rate


def percent(part: Count, whole: int) -> str:
    """``part`` as a percentage of ``whole`` to one place, or "" when it cannot be shown."""
    if part.value is None or whole == 0:
        return ""
    return f"{100 * part.value / whole:.1f}%"


def ratio_text(value: float | None) -> str:
    """A relative likelihood to two places, or "" when there is none."""
    return "" if value is None else f"{value:.2f}"
