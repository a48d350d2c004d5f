"""Structural checks of a process: every step reachable, an end reachable from every step.

These are the checks that make a process usable at all; they run when a file is
loaded. Semantic findings (redundant steps, deadlocks) are the analysis rules'.
All checks are linear in the number of steps and flows.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from .diagnostics import ERROR, WARNING, Diagnostic
from .i18n import _
from .model import Process, Step

_MAX_LISTED = 8


def reachable_from(process: Process, starts: Iterable[str], *, backwards: bool = False) -> set[str]:
    """Ids of the steps reached from ``starts`` along the flows (or against them)."""
    seen = set(starts)
    queue = deque(seen)
    while queue:
        current = queue.popleft()
        flows = process.incoming(current) if backwards else process.outgoing(current)
        for flow in flows:
            nxt = flow.source if backwards else flow.target
            if nxt not in seen and process.has_step(nxt):
                seen.add(nxt)
                queue.append(nxt)
    return seen


def _at(step: Step, filename: str | None, severity: str, message: str) -> Diagnostic:
    line = step.at.line if step.at else None
    column = step.at.column if step.at else None
    return Diagnostic(severity, message, filename, line, column)


def _names(steps: list[Step]) -> str:
    ids = ", ".join(repr(s.id) for s in steps[:_MAX_LISTED])
    more = len(steps) - _MAX_LISTED
    return _("{items} and {count} more").format(items=ids, count=more) if more > 0 else ids


def structural_diagnostics(process: Process, filename: str | None = None) -> list[Diagnostic]:
    """Errors for unreachable steps, gateways without branches and loops with no way out.

    >>> from bpmodel.model import Flow, Step
    >>> p = Process("p", "P", steps=(Step("a", "A"), Step("b", "B")), flows=(Flow("b", "b"),))
    >>> [d.message for d in structural_diagnostics(p)]  # doctest: +NORMALIZE_WHITESPACE
    ["step 'b' cannot be reached from the start ('a')",
     "steps 'b' loop with no way out: no end of the process can be reached from them"]
    """
    if not process.steps:
        return []
    out: list[Diagnostic] = []
    starts = [s.id for s in process.start_steps()]
    reached = reachable_from(process, starts)
    start_names = ", ".join(repr(s) for s in starts)
    for step in process.steps:
        if step.id not in reached:
            out.append(_at(step, filename, ERROR,
                           _("step {step} cannot be reached from the start ({starts})").format(
                               step=repr(step.id), starts=start_names)))
        if step.is_gateway and not process.outgoing(step.id) \
                and len(process.incoming(step.id)) < 2:  # a join may end the process
            out.append(_at(step, filename, ERROR,
                           _("gateway {step} has no outgoing flows; a gateway needs branches "
                             "(or remove it)").format(step=repr(step.id))))
    ends = [s.id for s in process.end_steps()]
    finishing = reachable_from(process, ends, backwards=True)
    stuck = [s for s in process.steps if s.id not in finishing]
    if stuck:
        out.append(_at(stuck[0], filename, ERROR,
                       _("steps {steps} loop with no way out: no end of the process can be "
                         "reached from them").format(steps=_names(stuck))))
    return out


def merge_problems(steps: Iterable[Step]) -> list[tuple[str, Step, int, str]]:
    """What is wrong with the steps' ``merged_from``: ``(severity, step, index in its
    merged_from, message)``. A step merged from itself, an id named twice and an id that
    two steps claim are errors (the work of a step goes into one step only); an id of a
    step the process still has is a warning. Ids the process does not know are fine:
    they name the steps of the original a variant was made from.

    >>> steps = (Step("a", "A", merged_from=("x", "a")), Step("b", "B", merged_from=("x",)))
    >>> [(severity, step.id, index) for severity, step, index, _ in merge_problems(steps)]
    [('error', 'a', 1), ('error', 'b', 0)]
    """
    steps = tuple(steps)
    present = {s.id for s in steps}
    claimed: dict[str, str] = {}
    out: list[tuple[str, Step, int, str]] = []
    for step in steps:
        for index, merged in enumerate(step.merged_from):
            if merged == step.id:
                out.append((ERROR, step, index, _(
                    "step {step}: merged_from names the step itself; it names the other "
                    "steps whose work the step took over").format(step=repr(step.id))))
            elif merged in step.merged_from[:index]:
                out.append((ERROR, step, index, _(
                    "step {step}: merged_from names {merged} twice").format(
                    step=repr(step.id), merged=repr(merged))))
            elif merged in claimed:
                out.append((ERROR, step, index, _(
                    "step {step}: merged_from names {merged}, which step {other} took over "
                    "already; the work of a step goes into one step only").format(
                    step=repr(step.id), merged=repr(merged), other=repr(claimed[merged]))))
            else:
                claimed[merged] = step.id
                if merged in present:
                    out.append((WARNING, step, index, _(
                        "step {step}: merged_from names {merged}, a step of this process "
                        "too; it names the steps of the original that the variant no longer "
                        "has").format(step=repr(step.id), merged=repr(merged))))
    return out
