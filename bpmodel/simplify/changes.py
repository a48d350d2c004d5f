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

from ..i18n import N_, N_plural, _, language, ngettext
from ..labels import level_label, measure_label

GAIN_KEYS = ("steps", "procedures", "visits", "handoffs", "documents_requested",
             "lead_time_days", "expected_lead_time_days", "annual_applicant_hours",
             "annual_cost",
             # the applicant's burden per case and out-of-pocket costs (issue 13)
             "applicant_hours", "applicant_cost", "out_of_pocket", "annual_out_of_pocket")
MONEY_KEYS = ("annual_cost", "applicant_cost", "out_of_pocket", "annual_out_of_pocket")


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
    assumed: tuple[str, ...] = ()  # facts it rests on that the process marks as assumed
    instrument: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "rewrite": self.rewrite, "heuristic": self.heuristic, "level": self.level,
            "steps": list(self.steps), "what": self.what, "why": self.why,
            "finding": self.finding, "legal_basis": self.legal_basis,
            "assumption": self.assumption, "instrument": self.instrument,
            "gain": dict(self.gain), "assumed": list(self.assumed),
        }


def gain_between(before: dict[str, Any], after: dict[str, Any]) -> dict[str, float]:
    """How much each measure of :data:`GAIN_KEYS` went down from ``before`` to ``after``."""
    out = {}
    for key in GAIN_KEYS:
        a, b = before.get(key), after.get(key)
        if isinstance(a, (int, float)) and isinstance(b, (int, float)):
            out[key] = round(float(a) - float(b), 6)
    return out


def format_figure(value: float | None, key: str = "", currency: str | None = None,
         day_unit: str = "working") -> str:
    """A figure for the change log with its unit; ``n/a`` for one that cannot be known
    (no volume, no tariff, steps without a time).

    >>> format_figure(2.0), format_figure(1234.5), format_figure(None)
    ('2', '1,234.5', 'n/a')
    >>> format_figure(2789999999.88, "annual_cost", "IDR")
    'IDR 2,790,000,000'
    >>> format_figure(42.625, "lead_time_days"), format_figure(30, "lead_time_days", "", "calendar")
    ('42.6 working days', '30 calendar days')
    """
    from ..formatting import format_days, format_money, format_number, not_known

    lang = language()
    if value is None:
        return not_known(lang)
    if key in MONEY_KEYS:
        return format_money(value, currency, lang=lang)
    if key.endswith("_days"):
        return format_days(value, day_unit == "calendar", lang=lang)
    if key.endswith("_hours"):
        return _("{value} h").format(value=format_number(value, 1, lang=lang))
    return format_number(value, 2, lang=lang)


_GAIN_WORDS = {
    "lead_time_days": N_("{value} off the lead time"),
    "expected_lead_time_days": N_("{value} off the expected lead time"),
    "visits": N_plural("{value} fewer visit", "{value} fewer visits"),
    "procedures": N_plural("{value} fewer procedure", "{value} fewer procedures"),
    "documents_requested": N_plural("{value} fewer document asked of the applicant",
                                    "{value} fewer documents asked of the applicant"),
    "applicant_hours": N_("{value} of the applicant's time saved a case"),
    "out_of_pocket": N_("{value} less out-of-pocket cost for the applicant a case"),
    "annual_applicant_hours": N_("{value} of applicant time saved a year"),
    "annual_cost": N_("{value} a year in applicant time at the tariff"),
    "annual_out_of_pocket": N_("{value} of out-of-pocket costs saved a year"),
    "handoffs": N_plural("{value} fewer handoff", "{value} fewer handoffs"),
    "steps": N_plural("{value} fewer step", "{value} fewer steps"),
}


def _gain_words(words: str | tuple[str, str], value: float) -> str:
    """The sentence of a gain, singular for exactly one of a counted thing."""
    if isinstance(words, tuple):
        return ngettext(*words, 1 if abs(value - 1) < 1e-9 else 2)
    return _(words)


def describe_gain(gain: dict[str, float], currency: str | None = None,
                  day_unit: str = "working") -> str:
    """The gain in words, largest effects first in a fixed order; ``none measured`` if none.

    >>> describe_gain({"lead_time_days": 2.0, "visits": 1.0, "steps": 0.0})
    '2 working days off the lead time, 1 fewer visit'
    >>> describe_gain({"visits": 1.5, "steps": 2.0})
    '1.5 fewer visits, 2 fewer steps'
    >>> describe_gain({"applicant_hours": 2.25, "out_of_pocket": 30000}, "IDR")
    "2.2 h of the applicant's time saved a case, IDR 30,000 less out-of-pocket cost for \
the applicant a case"
    """
    parts = [_gain_words(words, gain[key]).format(
                 value=format_figure(gain[key], key, currency, day_unit))
             for key, words in _GAIN_WORDS.items() if (gain.get(key) or 0) > 1e-9]
    return ", ".join(parts) or _("none measured")


def changes_markdown(process_name: str, level: str, changes: list[Change],
                     before: dict[str, Any], after: dict[str, Any],
                     unchanged: list[str] = (), currency: str | None = None,
                     day_unit: str = "working") -> str:
    """The change log as Markdown: every change with what, why, basis and gain; figures
    with their units (``currency``, working or calendar days)."""
    count = ngettext("{count} change.", "{count} changes.", len(changes)).format(
        count=len(changes))
    lines = [_("# Simplifying: {process}").format(process=process_name), "",
             _("Level: `{level}`.").format(level=level_label(level)) + " " + count,
             "", _("## Before and after"), "",
             "| {} | {} | {} |".format(_("measure"), _("before"), _("after")),
             "| --- | ---: | ---: |"]
    for key in GAIN_KEYS:   # a measure the process cannot give (no volume) shows as "-"
        if key in before and key in after:
            lines.append(f"| {measure_label(key)} | "
                         f"{format_figure(before[key], key, currency, day_unit)} | "
                         f"{format_figure(after[key], key, currency, day_unit)} |")
    lines += ["", _("## Changes"), ""]
    for number, change in enumerate(changes, 1):
        lines += [f"### {number}. {change.what}", "",
                  _("- **Why:** {why}").format(why=change.why),
                  _("- **Rewrite:** `{rewrite}` ({heuristic}, {level})").format(
                      rewrite=change.rewrite, heuristic=_(change.heuristic),
                      level=level_label(change.level))]
        if change.finding:
            lines.append(_("- **Answers the finding:** `{finding}`").format(
                finding=change.finding))
        lines.append(_("- **Steps:** {steps}").format(
            steps=", ".join(f"`{s}`" for s in change.steps)))
        lines.append(_("- **Legal basis touched:** {basis}").format(
            basis=change.legal_basis or _("none recorded")))
        if change.instrument:
            lines.append(_("- **Instrument needed:** {instrument}").format(
                instrument=change.instrument))
        if change.assumption:
            lines.append(_("- **Assumption:** {assumption}").format(
                assumption=change.assumption))
        if change.assumed:
            facts = ", ".join(f"`{fact}`" for fact in change.assumed)
            lines.append(_("- **Rests on assumed facts (not published):** {facts}").format(
                facts=facts))
        lines += [_("- **Gain:** {gain}").format(
            gain=describe_gain(change.gain, currency, day_unit)), ""]
    if unchanged:
        lines += [_("## Left as it is"), ""]
        lines += [f"- {reason}" for reason in unchanged]
        lines.append("")
    return "\n".join(lines)
