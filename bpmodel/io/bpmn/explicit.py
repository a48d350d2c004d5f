"""The process as BPMN modelers draw it: explicit start and end events, explicit joins and splits.

bpmodel's format lets a process start at its first step, end at every step without a
successor, merge flows on a task (an xor join) and split them on a task (to all
successors). BPMN allows the same, but modelers and bpmnlint's ``recommended`` rules do
not (``start-event-required``, ``no-implicit-start``, ``no-implicit-end``, ``fake-join``,
``no-implicit-split``, ``no-gateway-join-fork``). Before writing, the writer makes each of
them explicit with an added step; the reader recognises the added steps by
``bpmodel:added`` and takes them out again, so YAML -> BPMN -> YAML gives the same process.

>>> from bpmodel.model import Flow, Process, Step
>>> p = Process("p", "P", steps=(Step("a", "Ask"), Step("b", "Answer"), Step("c", "Check")),
...             flows=(Flow("a", "c"), Flow("b", "c")))
>>> made = make_explicit(p)
>>> sorted(made.added.values())
['end', 'join', 'start']
>>> [(f.source, f.target) for f in made.process.flows if f.target == "c"]
[('c_join', 'c')]
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from ...model import BOUNDARY, EVENT, GATEWAY, SEQUENCE, Flow, Process, Step

START, END, JOIN, SPLIT = "start", "end", "join", "split"
ROLES = (START, END, JOIN, SPLIT)
START_NAME, END_NAME = "Start", "End"


@dataclass(frozen=True)
class Explicit:
    """The process with its added steps; ``added`` maps each added step id to its role."""

    process: Process
    added: dict[str, str]


def make_explicit(process: Process, roles: Iterable[str] = ROLES) -> Explicit:
    """Add start and end events, merging gateways and splitting gateways where BPMN wants them.

    Nothing of the model is changed but flows re-pointed through an added step, which
    keeps the flow's own fields (id, probability, condition, default). ``roles`` limits
    what is added (a drawing kept from an editor gets start and end events only).
    """
    roles = frozenset(roles)
    steps = list(process.steps)
    flows = list(process.flows)
    taken = {s.id for s in steps}
    added: dict[str, str] = {}
    by_id = {s.id: s for s in steps}

    def new_id(base: str) -> str:
        base = re.sub(r"[^A-Za-z0-9_.\-]", "_", base)
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}_{n}"
        taken.add(candidate)
        return candidate

    def add(step: Step, role: str) -> None:
        steps.append(step)
        by_id[step.id] = step
        added[step.id] = role

    children: dict[str | None, list[Step]] = defaultdict(list)
    for step in process.steps:
        parent = step.parent if step.parent in by_id and step.parent != step.id else None
        children[parent].append(step)
    hosted = {f.target for f in flows if f.kind == BOUNDARY}

    def sequence(kind: str) -> dict[str, list[int]]:
        index: dict[str, list[int]] = defaultdict(list)
        for i, f in enumerate(flows):
            if f.kind == SEQUENCE:
                index[f.source if kind == "out" else f.target].append(i)
        return index

    # start and end events, per container
    for parent, members in children.items():
        container = by_id.get(parent) if parent else None
        if container is not None and container.kind in ("adhoc", "event-subprocess"):
            continue
        incoming, outgoing = sequence("in"), sequence("out")
        nodes = [s for s in members if s.id not in hosted]
        if not nodes:
            continue
        if START in roles and not any(s.is_event and s.kind == "start" for s in nodes):
            candidates = [s for s in nodes if s.kind != "event-subprocess"]
            first = next((s for s in candidates if not incoming.get(s.id)),
                         candidates[0] if candidates else None)
            if first is not None:
                start = Step(new_id(f"{parent or process.id}_start"), START_NAME, EVENT,
                             "start", actor=first.actor, parent=parent)
                add(start, START)
                flows.append(Flow(start.id, first.id))
        for s in members:
            if END not in roles or outgoing.get(s.id) or s.kind == "event-subprocess" or \
                    (s.is_event and s.kind == "end") or (s.is_event and s.trigger == "link"):
                continue
            if s.is_event and s.kind == "boundary" and s.trigger == "compensation":
                continue
            end = Step(new_id(f"{s.id}_end"), END_NAME, EVENT, "end", actor=s.actor,
                       parent=parent)
            add(end, END)
            flows.append(Flow(s.id, end.id))

    # joins: flows that enter an activity or event, or a gateway that also forks
    incoming, outgoing = sequence("in"), sequence("out")
    for step in list(steps):
        into = incoming.get(step.id, [])
        if JOIN not in roles or len(into) < 2 or step.id in added:
            continue
        if step.type == GATEWAY and len(outgoing.get(step.id, [])) < 2:
            continue
        kind = step.kind if step.type == GATEWAY and step.kind in ("and", "or") else "xor"
        join = Step(new_id(f"{step.id}_join"), "", GATEWAY, kind, actor=step.actor,
                    parent=step.parent)
        add(join, JOIN)
        for i in into:
            flows[i] = _repointed(flows[i], target=join.id)
        flows.append(Flow(join.id, step.id))

    # splits: an activity or event with several plain outgoing flows goes to all of them
    outgoing = sequence("out")
    for step in list(steps):
        out = outgoing.get(step.id, [])
        if SPLIT not in roles or len(out) < 2 or step.type == GATEWAY or step.id in added:
            continue
        if any(flows[i].default or flows[i].condition for i in out):
            continue
        split = Step(new_id(f"{step.id}_split"), "", GATEWAY, "and", actor=step.actor,
                     parent=step.parent)
        add(split, SPLIT)
        for i in out:
            flows[i] = _repointed(flows[i], source=split.id)
        flows.append(Flow(step.id, split.id))
    if not added:
        return Explicit(process, {})
    return Explicit(process.evolve(steps=tuple(steps), flows=tuple(flows)), added)


def _repointed(flow: Flow, source: str | None = None, target: str | None = None) -> Flow:
    return replace(flow, source=source or flow.source, target=target or flow.target)


def without_added(steps: list[Step], flows_by_source: dict[str, list[Flow]],
                  added: dict[str, str]) -> None:
    """Take the added steps out again (in place): flows through them go straight on.

    ``flows_by_source`` lists each step's outgoing flows in file order; a join's incoming
    flows are re-pointed to the join's target, a split's outgoing flows start again at
    the split's source, in the place of the flow that entered the split.
    """
    if not added:
        return
    for join in (k for k, role in added.items() if role == JOIN):
        after = flows_by_source.pop(join, [])
        target = after[0].target if len(after) == 1 else None
        for source, out in flows_by_source.items():
            flows_by_source[source] = [
                _repointed(f, target=target) if f.target == join and target else f
                for f in out]
    for split in (k for k, role in added.items() if role == SPLIT):
        branches = flows_by_source.pop(split, [])
        for source, out in flows_by_source.items():
            if any(f.target == split for f in out):
                replaced: list[Flow] = []
                for f in out:
                    if f.target == split:
                        replaced.extend(_repointed(b, source=source) for b in branches)
                    else:
                        replaced.append(f)
                flows_by_source[source] = replaced
    for step_id in added:
        flows_by_source.pop(step_id, None)
    for source, out in flows_by_source.items():
        flows_by_source[source] = [f for f in out if f.target not in added]
    steps[:] = [s for s in steps if s.id not in added]
