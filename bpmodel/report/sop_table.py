"""The rows and links of an SOP flowchart table (PermenPANRB 35/2012), as plain data.

The official format of a standard operating procedure for Indonesian public
administration (Standar Operasional Prosedur Administrasi Pemerintahan, SOP-AP) is a
table: one row per activity (No, Kegiatan), one column per implementer (Pelaksana) in
which the activity's flowchart symbol stands, then the quality standard (Mutu Baku:
Kelengkapan, Waktu, Output) and remarks (Keterangan). The first and last activities are
terminators, a decision is a diamond, every other activity a rectangle, and lines join
the symbols from row to row.

This module reads a :class:`~bpmodel.model.Process` into that table: which steps are
rows (tasks and decisions; events, joins and parallel gateways are not activities and
the lines pass through them), their order (the order of the flow, file order among
steps that may come in either order; rework loops go back up), their symbols and the
lines between them. Drawing is :mod:`bpmodel.report.sop`.

>>> from bpmodel.model import Actor, Flow, Process, Step
>>> p = Process("p", "P", actors=(Actor("a", "Applicant", "citizen"), Actor("c", "Clerk")),
...     steps=(Step("ask", "Ask", actor="a"), Step("check", "Check", actor="c"),
...            Step("ok", "Complete?", "gateway", "xor"), Step("give", "Issue", actor="c")),
...     flows=(Flow("ask", "check"), Flow("check", "ok"),
...            Flow("ok", "give", condition="yes"), Flow("ok", "ask", condition="no")))
>>> table = sop_table(p)
>>> [(r.number, r.step, r.shape) for r in table.rows]
[(1, 'ask', 'terminator'), (2, 'check', 'decision'), (3, 'give', 'terminator')]
>>> [(link.source, link.target, link.label) for link in table.links]
[(1, 2, None), (2, 3, 'yes'), (2, 1, 'no')]
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

from ..graph import depth_first
from ..model import Actor, Process, Step

TERMINATOR, PROCESS, DECISION = "terminator", "process", "decision"
_DECISION_KINDS = ("xor", "or", "complex", "event")


@dataclass(frozen=True, slots=True)
class SopRow:
    """One activity: its number, step, implementer (an actor id) and symbol, and the
    quality standard (what it needs, how long it takes, what it yields) and remarks."""

    number: int
    step: str
    activity: str
    actor: str | None
    shape: str
    requirements: tuple[str, ...]
    hours: float | None
    output: tuple[str, ...]
    remarks: str | None


@dataclass(frozen=True, slots=True)
class SopLink:
    """A line from one row to another (row numbers), with a decision's branch label."""

    source: int
    target: int
    label: str | None = None

    @property
    def backwards(self) -> bool:
        return self.target <= self.source


@dataclass(frozen=True, slots=True)
class SopTable:
    """The rows, the lines between them and the implementers' columns, in order."""

    rows: tuple[SopRow, ...]
    links: tuple[SopLink, ...]
    implementers: tuple[Actor, ...]


def _merged_decision(process: Process, step: Step) -> Step | None:
    """The decision gateway that only this task leads to, drawn as the task's diamond."""
    if not step.is_task:
        return None
    out = process.outgoing(step.id)
    if len(out) != 1 or not process.has_step(out[0].target):
        return None
    gateway = process.step(out[0].target)
    if (gateway.is_gateway and gateway.kind in _DECISION_KINDS
            and len(process.outgoing(gateway.id)) > 1
            and len(process.incoming(gateway.id)) == 1):
        return gateway
    return None


def _is_row(process: Process, step: Step) -> bool:
    if step.is_task:
        return True
    return (step.is_gateway and step.kind in _DECISION_KINDS
            and len(process.outgoing(step.id)) > 1)


def _back_edges(process: Process, order: dict[str, int]) -> set[tuple[str, str]]:
    """The flows that close a loop (to a step still on the depth-first path), searched from
    the start steps, then from any step not reached yet, successors taken in file order."""
    ids = [s.id for s in process.steps]
    successors = [sorted(order[t.id] for t in process.successors(s)) for s in ids]
    found = depth_first(successors, [order[s.id] for s in process.start_steps()],
                        everywhere=True)
    return {(ids[u], ids[v]) for u, v in found.back}


def flow_order(process: Process) -> list[str]:
    """The steps in the order of the flow: each after every step that leads to it
    (loops aside), and in file order where the flow leaves the choice open.

    >>> from bpmodel.model import Flow, Process, Step
    >>> p = Process("p", "P", steps=(Step("b", "B"), Step("a", "A"), Step("c", "C")),
    ...             flows=(Flow("a", "b"), Flow("b", "c")))
    >>> flow_order(p)
    ['a', 'b', 'c']
    """
    order = {s.id: i for i, s in enumerate(process.steps)}
    back = _back_edges(process, order)
    waiting = {s.id: 0 for s in process.steps}
    for flow in process.flows:
        if flow.target in waiting and flow.source in order and \
                (flow.source, flow.target) not in back:
            waiting[flow.target] += 1
    ready = [(order[s], s) for s, n in waiting.items() if n == 0]
    heapq.heapify(ready)
    result: list[str] = []
    while ready:
        _, step = heapq.heappop(ready)
        result.append(step)
        for flow in process.outgoing(step):
            if flow.target in waiting and (step, flow.target) not in back:
                waiting[flow.target] -= 1
                if waiting[flow.target] == 0:
                    heapq.heappush(ready, (order[flow.target], flow.target))
    seen = set(result)
    return result + [s.id for s in process.steps if s.id not in seen]


def sop_table(process: Process) -> SopTable:
    """The SOP flowchart table of a process (see the module doc)."""
    merged = {s.id: g for s in process.steps if (g := _merged_decision(process, s))}
    hidden_gateways = {g.id for g in merged.values()}
    row_steps = [sid for sid in flow_order(process)
                 if sid not in hidden_gateways and _is_row(process, process.step(sid))]
    number = {sid: i + 1 for i, sid in enumerate(row_steps)}

    reached: dict[str, list[tuple[str, str | None]]] = {}

    def rows_after(step_id: str) -> list[tuple[str, str | None]]:
        """The rows a line from this (hidden) step leads to, without recursion."""
        if step_id in reached:
            return reached[step_id]
        result: list[tuple[str, str | None]] = []
        seen, todo = {step_id}, [(f.target, f.condition) for f in process.outgoing(step_id)]
        while todo:
            target, label = todo.pop(0)
            if target in number:
                result.append((target, label))
            elif target not in seen and process.has_step(target):
                seen.add(target)
                todo += [(f.target, label or f.condition) for f in process.outgoing(target)]
        reached[step_id] = result
        return result

    links: list[SopLink] = []
    for sid in row_steps:
        exits = process.outgoing(merged[sid].id) if sid in merged else process.outgoing(sid)
        found: list[tuple[str, str | None]] = []
        for flow in exits:
            if flow.target in number:
                found.append((flow.target, flow.condition))
            else:
                found += [(t, flow.condition or label) for t, label in rows_after(flow.target)]
        for target, label in dict.fromkeys(found):
            links.append(SopLink(number[sid], number[target], label))

    has_entry = {link.target for link in links if not link.backwards}
    has_exit = {link.source for link in links if not link.backwards}
    rows = []
    for sid in row_steps:
        step = process.step(sid)
        n = number[sid]
        decision = sid in merged or step.is_gateway
        first, last = n not in has_entry, n not in has_exit
        shape = DECISION if decision else TERMINATOR if (first or last) else PROCESS
        actor = step.actor
        if actor is None and step.is_gateway:  # a decision takes the actor of the step before
            before = [p for p in process.predecessors(sid) if p.actor]
            actor = before[0].actor if before else None
        name = step.name or (merged[sid].name if sid in merged else "")
        rows.append(SopRow(
            number=n, step=sid, activity=name or sid, actor=actor, shape=shape,
            requirements=tuple(_document_name(process, d) for d in step.needs),
            hours=(step.work.hours + step.wait.hours) if step.is_task else None,
            output=tuple(_document_name(process, d) for d in step.produces),
            remarks=step.legal_basis or None))
    used = {r.actor for r in rows}
    implementers = tuple(a for a in process.actors if a.id in used)
    if None in used:
        implementers += (Actor("", ""),)  # a column for rows that name no implementer
    return SopTable(tuple(rows), tuple(links), implementers)


def _document_name(process: Process, document_id: str) -> str:
    document = process.document(document_id)
    return document.name if document is not None else document_id
