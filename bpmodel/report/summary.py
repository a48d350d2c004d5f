"""The summary of a simplified variant (``summary.json``): the variant as plain data,
written by `bpmodel simplify`, and read back for `bpmodel compare` (as two reports to
compare, and as the days each rewrite saves for the waterfall chart).

>>> import bpmodel
>>> from bpmodel.simplify.engine import simplify
>>> variant = simplify(bpmodel.load_process(bpmodel.default_process_path()), "safe")
>>> data = read_summary(json.dumps(summary(variant), default=str))
>>> [report["process"]["id"] for report in summary_reports(data)]
['building-approval', 'building-approval-safe']
"""

from __future__ import annotations

import json
import math
from typing import Any

from ..formatting import format_number
from ..i18n import N_plural, _, language, ngettext
from ..labels import level_label
from ..simplify.engine import Variant


def summary(variant: Variant, ranking: list[tuple[str, dict[str, float]]] | None = None,
            simulation: dict[str, Any] | None = None) -> dict[str, Any]:
    """The variant as plain data: measures before and after, changes, ranking, and the
    simulated lead time before and after when ``simulation`` gives it."""
    data = {
        "process": {"id": variant.original.id, "name": variant.original.name},
        "level": variant.level,
        "before": variant.before,
        "after": variant.after,
        "changes": [c.to_dict() for c in variant.changes],
        "ranking": [{"rewrite": name, "gain": gain} for name, gain in (ranking or [])],
        "left_as_is": list(variant.unchanged),
        "stopped_early": variant.stopped_early,
    }
    if simulation is not None:
        data["simulation"] = simulation
    return data


class SummaryError(ValueError):
    """A file that is not a summary written by `bpmodel simplify`."""


def read_summary(text: str) -> dict[str, Any]:
    """A summary.json read back (SummaryError when it is not one).

    >>> data = read_summary('{"process": {"id": "p", "name": "P"}, "level": "safe", '
    ...                     '"before": {"steps": 3}, "after": {"steps": 2}, "changes": []}')
    >>> data["after"]
    {'steps': 2}
    """
    def refuse_constant(name: str):
        raise SummaryError(f"{name} is not a number JSON allows")

    try:
        data = json.loads(text, parse_constant=refuse_constant)
    except json.JSONDecodeError as exc:
        raise SummaryError(_("not JSON ({error} at line {line})").format(
            error=exc.msg, line=exc.lineno)) from None
    except RecursionError:
        raise SummaryError("its JSON nests too deep to be a summary") from None
    keys = ("process", "level", "before", "after", "changes")
    if not isinstance(data, dict) or any(k not in data for k in keys) \
            or not isinstance(data["before"], dict) or not isinstance(data["after"], dict):
        raise SummaryError(_("not a summary of `bpmodel simplify` (it needs {keys})").format(
            keys=", ".join(keys)))
    process = data["process"]
    if not isinstance(process, dict) or not all(
            isinstance(process.get(k), str) for k in ("id", "name")):
        raise SummaryError("process: expected a mapping with the id and name as text")
    if not isinstance(data["level"], str):
        raise SummaryError("level: expected text, such as safe or bold")
    for side in ("before", "after"):
        for key, value in data[side].items():
            _check_figure(value, f"{side}.{key}")
    if not isinstance(data["changes"], list):
        raise SummaryError("changes: expected a list")
    for i, change in enumerate(data["changes"]):
        if not isinstance(change, dict) or not isinstance(change.get("rewrite"), str) \
                or not isinstance(change.get("gain", {}), (dict, type(None))):
            raise SummaryError(f"changes[{i}]: expected a mapping with rewrite (text) and "
                               f"gain (a mapping of figures)")
        for key, value in (change.get("gain") or {}).items():
            _check_figure(value, f"changes[{i}].gain.{key}")
    return data


def _check_figure(value: Any, where: str) -> None:
    """A figure of a summary must be a finite number, true/false or nothing."""
    if value is None or isinstance(value, bool):
        return
    if not isinstance(value, (int, float)) or not math.isfinite(value) \
            or abs(value) > 1e300:
        raise SummaryError(f"{where}: {str(value)[:40]!r} is not a finite number")


def summary_reports(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The process before and after simplifying as two reports, for tables and charts.

    >>> [r["process"]["id"] for r in summary_reports(read_summary(
    ...     '{"process": {"id": "p", "name": "P"}, "level": "bold", "before": {}, '
    ...     '"after": {}, "changes": []}'))]
    ['p', 'p-bold']
    """
    process = data["process"]
    level = data["level"]
    return [
        {"process": {"id": process["id"],
                     "name": _("{process} (before)").format(process=process["name"])},
         "measures": data["before"]},
        {"process": {"id": f"{process['id']}-{level}",
                     "name": _("{process} ({level} variant)").format(
                         process=process["name"], level=level_label(level))},
         "measures": data["after"]},
    ]


def savings_by_rewrite(data: dict[str, Any]) -> list[tuple[str, float, str]]:
    """``(rewrite, days saved, what else it saves the applicant)`` per rewrite, in the
    order first applied.

    >>> savings_by_rewrite({"changes": [
    ...     {"rewrite": "reduce-visits", "gain": {"lead_time_days": 0, "visits": 1}},
    ...     {"rewrite": "flatten-approvals", "gain": {"lead_time_days": 9.5}},
    ...     {"rewrite": "reduce-visits", "gain": {"lead_time_days": 1, "visits": 1}}]})
    [('reduce visits', 1.0, '-2 visits'), ('flatten approvals', 9.5, '')]
    """
    totals: dict[str, dict[str, float]] = {}
    for change in data.get("changes", ()):
        gain = totals.setdefault(change["rewrite"], {})
        for key, value in (change.get("gain") or {}).items():
            if isinstance(value, (int, float)):
                gain[key] = gain.get(key, 0.0) + value
    out = []
    for rewrite, gain in totals.items():
        notes = [ngettext(one, many, gain[key]).format(
                     count=format_number(gain[key], 2, lang=language()))
                 for key, (one, many) in (
                     ("visits", N_plural("-{count} visit", "-{count} visits")),
                     ("documents_requested", N_plural("-{count} document", "-{count} documents")))
                 if gain.get(key, 0) > 1e-9]
        out.append((rewrite.replace("-", " "), round(gain.get("lead_time_days", 0.0), 6),
                    "\n".join(notes)))
    return out
