"""A bar chart of one stage's figures by group, drawn with Textual's plotext widget."""

from __future__ import annotations

from dataclasses import dataclass

from textual.reactive import reactive
from textual_plotext import PlotextPlot


@dataclass(frozen=True)
class StageBars:
    """What the chart shows: a title, and a value for each group that has one to show."""

    title: str
    labels: tuple[str, ...] = ()
    values: tuple[float, ...] = ()
    # A line across the bars (1.0 for relative likelihoods: parity), or None.
    parity: float | None = None


class StageChart(PlotextPlot):
    """Horizontal bars, one per group; nothing is drawn for a group whose figure is hidden."""

    bars: reactive[StageBars] = reactive(StageBars(""), always_update=True)

    def watch_bars(self, bars: StageBars) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(bars.title)
        if bars.values:
            plt.bar(list(bars.labels), list(bars.values), orientation="horizontal", width=0.4)
            if bars.parity is not None:
                plt.vline(bars.parity)
        self.refresh()
