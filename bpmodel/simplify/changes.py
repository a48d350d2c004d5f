"""The change log of a simplified variant: what changed, why, and what it gains.

>>> c = Change("remove-duplicate-step", "task elimination", "safe", ("b",),
...            what="Removed 'Verify land title' (b)", why="the land office verifies it already",
...            finding="duplicate-step", legal_basis=None,
...            gain={"lead_time_days": 1.125, "visits": 0.0})
>>> c.to_dict()["gain"]["lead_time_days"]
1.125
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

GAIN_KEYS = ("steps", "procedures", "visits", "handoffs", "documents_requested",
             "lead_time_days", "expected_lead_time_days", "annual_applicant_hours",
             "annual_cost")


@dataclass(frozen=True)
class Change:
    """One rewrite applied: its name, heuristic, level, the steps it touched and its gain.

    ``gain`` maps measure names to how much they went down (positive is better).
    """

    rewrite: str
    heuristic: str
    level: str
    steps: tuple[str, ...]
    what: str
    why: str
    finding: str | None = None
    legal_basis: str | None = None
    assumption: str | None = None
    gain: dict[str, float] = field(default_factory=dict)
    instrument: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "rewrite": self.rewrite, "heuristic": self.heuristic, "level": self.level,
            "steps": list(self.steps), "what": self.what, "why": self.why,
            "finding": self.finding, "legal_basis": self.legal_basis,
            "assumption": self.assumption, "instrument": self.instrument,
            "gain": dict(self.gain),
        }


def gain_between(before: dict[str, Any], after: dict[str, Any]) -> dict[str, float]:
    """How much each measure of :data:`GAIN_KEYS` went down from ``before`` to ``after``."""
    out = {}
    for key in GAIN_KEYS:
        a, b = before.get(key), after.get(key)
        if isinstance(a, (int, float)) and isinstance(b, (int, float)):
            out[key] = round(float(a) - float(b), 6)
    return out


def _fmt(value: float | None) -> str:
    """A figure for the change log; ``-`` for one that cannot be known (no volume, no tariff).

    >>> _fmt(2.0), _fmt(1234.5), _fmt(None)
    ('2', '1,234.50', '-')
    """
    if value is None:
        return "-"
    if abs(value - round(value)) < 1e-9:
        return f"{round(value):,}"
    return f"{value:,.2f}"


_GAIN_WORDS = {
    "lead_time_days": "{} days off the lead time",
    "expected_lead_time_days": "{} days off the expected lead time",
    "visits": "{} fewer visits",
    "procedures": "{} fewer procedures",
    "documents_requested": "{} fewer documents asked of the applicant",
    "annual_applicant_hours": "{} applicant-hours saved a year",
    "handoffs": "{} fewer handoffs",
    "steps": "{} fewer steps",
}


def describe_gain(gain: dict[str, float]) -> str:
    """The gain in words, largest effects first in a fixed order; ``none measured`` if none.

    >>> describe_gain({"lead_time_days": 2.0, "visits": 1.0, "steps": 0.0})
    '2 days off the lead time, 1 fewer visits'
    """
    parts = [words.format(_fmt(gain[key])) for key, words in _GAIN_WORDS.items()
             if gain.get(key, 0) > 1e-9]
    return ", ".join(parts) or "none measured"


def changes_markdown(process_name: str, level: str, changes: list[Change],
                     before: dict[str, Any], after: dict[str, Any],
                     unchanged: list[str] = ()) -> str:
    """The change log as Markdown: every change with what, why, basis and gain."""
    lines = [f"# Simplifying: {process_name}", "",
             f"Level: `{level}`. {len(changes)} change{'s' if len(changes) != 1 else ''}.",
             "", "## Before and after", "", "| measure | before | after |", "| --- | ---: | ---: |"]
    for key in GAIN_KEYS:   # a measure the process cannot give (no volume) shows as "-"
        if key in before and key in after:
            lines.append(f"| {key.replace('_', ' ')} | {_fmt(before[key])} | "
                         f"{_fmt(after[key])} |")
    lines += ["", "## Changes", ""]
    for number, change in enumerate(changes, 1):
        lines += [f"### {number}. {change.what}", "",
                  f"- **Why:** {change.why}",
                  f"- **Rewrite:** `{change.rewrite}` ({change.heuristic}, {change.level})"]
        if change.finding:
            lines.append(f"- **Answers the finding:** `{change.finding}`")
        lines.append(f"- **Steps:** {', '.join(f'`{s}`' for s in change.steps)}")
        lines.append(f"- **Legal basis touched:** {change.legal_basis or 'none recorded'}")
        if change.instrument:
            lines.append(f"- **Instrument needed:** {change.instrument}")
        if change.assumption:
            lines.append(f"- **Assumption:** {change.assumption}")
        lines += [f"- **Gain:** {describe_gain(change.gain)}", ""]
    if unchanged:
        lines += ["## Left as it is", ""]
        lines += [f"- {reason}" for reason in unchanged]
        lines.append("")
    return "\n".join(lines)
