"""Sanity of the expected figures: warnings where they cannot be what they seem.

- **Expected below best**: the expected lead time can only fall below the best case
  when it averages in ways the best case leaves out, the ends that turn the application
  down (see :mod:`bpmodel.analysis.outcomes`). A reform audience reads it as "on average,
  faster than at best": the warning names the gateways whose chances send cases there,
  and says which of them the process does not give.
- **Assumed chances**: expected figures over gateways whose branch chances the process
  does not give are illustrations; the warning names those gateways.
- **Returned for correction**: an end reached by a return (``dikembalikan``, ``ditolak
  untuk diperbaiki``, ``returned for correction``) is rarely the end of the case: the
  applicant corrects the file and applies again. Such an end is probably a rework loop
  modelled as an end.

Each warning is ``{"kind", "message", "steps"}``. All checks are linear.

>>> from bpmodel.model import Duration, Flow, Process, Step
>>> p = Process("p", "P", steps=(
...     Step("check", "Periksa", work=Duration.of(1)),
...     Step("g", "Lengkap?", "gateway", "xor"),
...     Step("back", "Berkas dikembalikan untuk diperbaiki", "event", "end"),
...     Step("sign", "Tanda tangan", wait=Duration.of(40))),
...     flows=(Flow("check", "g"), Flow("g", "back"), Flow("g", "sign")))
>>> [w["kind"] for w in figure_warnings(p)]
['expected-below-best', 'assumed-chances', 'returned-end']
>>> figure_warnings(p)[0]["steps"]
['g', 'back']
"""

from __future__ import annotations

import re

from ..model import Process
from .outcomes import rejecting_ends

EPSILON = 1e-9
RETURN_WORDS = re.compile(
    r"\b(dikembalikan|kembalikan|pengembalian|diperbaiki|perbaikan|dilengkapi|returned|"
    r"sent back|send back|for correction|to be corrected|resubmi\w*)\b", re.IGNORECASE)


def _gateways_before(process: Process, step_id: str) -> list[str]:
    """The gateways from which a flow leads (through events) to ``step_id``."""
    out, seen, todo = [], {step_id}, [step_id]
    while todo:
        current = todo.pop()
        for before in process.predecessors(current):
            if before.id in seen:
                continue
            seen.add(before.id)
            if before.is_gateway:
                out.append(before.id)
            elif before.is_event:
                todo.append(before.id)
    return out


def _unstated(process: Process, gateway_id: str) -> bool:
    """Whether some branch of a choice carries no chance."""
    step = process.step(gateway_id)
    flows = process.outgoing(gateway_id)
    return len(flows) > 1 and step.kind in ("xor", "event", "or", "complex", None) and \
        any(f.probability is None and not f.default for f in flows)


def _days(units: float, timing) -> str:
    from ..formatting import format_days
    from ..i18n import language

    return format_days(timing.clock.days(units), timing.clock.calendar_days, language())


def figure_warnings(process: Process, convention: str | None = None) -> list[dict]:
    """The warnings on the figures of ``process`` (see the module doc)."""
    from ..i18n import _
    from .paths import timing as path_timing

    t = path_timing(process, convention)
    runs = t.expectation.runs
    reached = {sid for sid, run in zip(t.graph.ids, runs, strict=False) if run}
    warnings: list[dict] = []
    rejections = sorted(e for e in rejecting_ends(process) if e in reached)
    expected, best = t.expectation.expected, t.best
    if best is not None and expected < best - EPSILON and rejections:
        gateways = list(dict.fromkeys(g for end in rejections
                                      for g in _gateways_before(process, end)))
        unstated = [g for g in gateways if _unstated(process, g)]
        message = _(
            "The expected lead time ({expected}) is below the best case ({best}): it "
            "averages in the cases that end at {ends}, which the best case leaves out, with "
            "the chances of gateway {gateways}.").format(
            expected=_days(expected, t), best=_days(best, t), ends=", ".join(rejections),
            gateways=", ".join(gateways) or "-")
        if any(not s.time_known for s in t.graph.steps if s.is_task and s.id in reached):
            message += " " + _("(Both count only the steps that have a time.)")
        if unstated:
            message += " " + _("The process gives no chance for the branches of {gateways}, "
                               "so the split is assumed; give the chances (p) or model the "
                               "return as a loop back.").format(gateways=", ".join(unstated))
        warnings.append({"kind": "expected-below-best", "message": message,
                         "steps": gateways + rejections})
    assumed = [g.id for g in process.gateways if g.id in reached and _unstated(process, g.id)]
    if assumed:
        warnings.append({
            "kind": "assumed-chances",
            "message": _("The expected figures rest on branch chances the process does not "
                         "give, at gateway {gateways}: read them as illustrations until the "
                         "chances are known.").format(gateways=", ".join(assumed)),
            "steps": assumed})
    for end in process.end_steps():
        if end.id in reached and RETURN_WORDS.search(end.name or ""):
            warnings.append({
                "kind": "returned-end",
                "message": _("The end {end} ('{name}') reads as a return for correction: "
                             "the applicant usually corrects the file and applies again, so "
                             "this is probably a rework loop modelled as an end; a flow back "
                             "to the resubmission, with its chance, would count the extra "
                             "visits and days.").format(end=end.id, name=end.name),
                "steps": [end.id]})
    return warnings
