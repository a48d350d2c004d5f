"""The lead-time distribution of simulated cases as a picture: the share of cases done by each
day (a cumulative curve), one curve per process (before and after), the target and each
curve's 90th percentile marked (matplotlib, imported only when drawing).

Curves differ by line style as well as by colour, so the picture reads in grey too.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .charts import GREY, RC, SAVING_COLOUR, WAIT_COLOUR, WORK_COLOUR, check_output, save_figure

# before and after: blue solid and green dashed; the target is black, dash-dotted
STYLES = (("-", WORK_COLOUR), ("--", SAVING_COLOUR), (":", "#CC79A7"), ("-.", WAIT_COLOUR))
TARGET_INK = "#000000"


def draw_lead_times(series: Sequence[tuple[str, Sequence[float]]], hours_per_day: float,
                    target_hours: float | None, path: str | Path, title: str) -> None:
    """Draw the cumulative share of cases done by each working day, per labelled series of
    lead times (hours), with the target (when given) and each series' P90."""
    import matplotlib
    import numpy as np

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    from matplotlib.ticker import PercentFormatter

    path = check_output(path)
    matplotlib.rcParams.update(RC)
    figure, axes = plt.subplots(figsize=(8.0, 4.8))
    for i, (label, hours) in enumerate(series):
        days = np.sort(np.asarray(hours, dtype=float)) / hours_per_day
        if days.size == 0:
            continue
        style, colour = STYLES[i % len(STYLES)]
        share = np.arange(1, days.size + 1) / days.size
        p90 = float(np.percentile(days, 90))
        axes.step(days, share, where="post", linestyle=style, color=colour, linewidth=2,
                  label=f"{label}: P90 {p90:,.1f} d")
        axes.plot([p90], [0.9], marker="o", color=colour)
        axes.annotate(f"P90 {p90:,.1f} d", (p90, 0.9),
                      textcoords="offset points", xytext=(6, -14 - 12 * i), color=colour,
                      fontsize=9)
    if target_hours is not None:
        target = target_hours / hours_per_day
        axes.axvline(target, color=TARGET_INK, linestyle="-.", linewidth=1.3,
                     label=f"target: {target:,.1f} d")
    axes.axhline(0.9, color=GREY, linewidth=0.6, linestyle=":")
    axes.set_ylim(0, 1.02)
    axes.set_xlim(left=0)
    axes.set_xlabel("lead time (working days)")
    axes.set_ylabel("share of cases done")
    axes.yaxis.set_major_formatter(PercentFormatter(1.0))
    axes.set_title(title, fontsize=11)
    axes.grid(True, alpha=0.3)
    axes.legend(loc="lower right", fontsize=9)
    save_figure(figure, path)
    plt.close(figure)
