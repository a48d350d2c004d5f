"""Pure edits of a Process graph, the building blocks of every rewrite.

Each function returns a new Process (the input is never changed) or raises
:class:`EditError` when the edit cannot be made without changing what the
process means (for example removing a step that both merges and splits flows).

>>> from bpmodel.model import Flow, Process, Step
>>> p = Process("p", "P", steps=(Step("a", "A"), Step("b", "B"), Step("c", "C")),
...             flows=(Flow("a", "b"), Flow("b", "c")))
>>> q = remove_step(p, "b")
>>> [(f.source, f.target) for f in q.flows]
[('a', 'c')]
>>> [s.id for s in p.steps]   # the original is unchanged
['a', 'b', 'c']
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from dataclasses import replace
from itertools import compress, count, islice, repeat
from operator import attrgetter, eq, is_, is_not, le, ne, not_

from ..analysis.components import (
    carry_merge_edit,
    carry_step_replaced,
    merge_said,
    note_merge_edit,
    note_step_replaced,
    replaced_place,
)
from ..model import GATEWAY, Flow, MessageFlow, Process, Step


class EditError(ValueError):
    """An edit that cannot be made while keeping the process's meaning."""


def _dedupe(flows: Iterable[Flow]) -> tuple[Flow, ...]:
    """Drop repeated plain flows between the same two steps, keeping the first. Only the
    flows between two steps that other flows join too are looked at one by one."""
    flows = tuple(flows)
    ends = list(zip(map(_SOURCE, flows), map(_TARGET, flows)))
    # the first place of each pair of ends: a flow elsewhere repeats an earlier one's ends
    first = dict(zip(reversed(ends), reversed(range(len(ends)))))
    if len(first) == len(ends):  # no two flows between the same steps
        return flows
    repeated = set(compress(ends, map(ne, map(first.__getitem__, ends), count())))
    seen: set[tuple[str, str]] = set()
    dropped = set()
    for place in compress(count(), map(repeated.__contains__, ends)):
        flow = flows[place]
        if flow.probability is None and flow.condition is None and not flow.default:
            if ends[place] in seen:
                dropped.add(place)
            seen.add(ends[place])
    if not dropped:
        return flows
    return tuple(compress(flows, map(not_, map(dropped.__contains__, count()))))


def canonical(process: Process) -> Process:
    """The process with its flows ordered by their source step's place in the list, and
    without message flows to or from a step it no longer has (an edit removed it).

    This is the order the YAML format writes and reads them in, so a canonical
    process survives a round trip through YAML unchanged.

    >>> from bpmodel.model import Flow, MessageFlow, Process, Step
    >>> p = Process("p", "P", steps=(Step("a", "A"), Step("b", "B"), Step("c", "C")),
    ...             flows=(Flow("b", "c"), Flow("a", "b")),
    ...             message_flows=(MessageFlow("a", "c"), MessageFlow("gone", "c")))
    >>> [f.source for f in canonical(p).flows], canonical(p).message_flows
    (['a', 'b'], (MessageFlow(source='a', target='c', name=None, id=None),))

    A process known to be canonical is not looked at again: what canonical made, and
    what :func:`replace_step` and :func:`merge_steps` make of it when they keep the
    order (remembered for the last few).
    """
    if _known_canonical(process):
        return process
    ordered = _canonical(process)
    _remember_canonical(ordered)
    return ordered


# the last few processes known to be canonical (their own canonical form)
_CANONICAL: list[weakref.ref] = []


def _known_canonical(process: Process) -> bool:
    return any(known() is process for known in _CANONICAL)


def _remember_canonical(process: Process) -> None:
    _CANONICAL[:] = [*_CANONICAL[-15:], weakref.ref(process)]


def _canonical(process: Process) -> Process:
    """:func:`canonical` worked out."""
    position = dict(zip(map(_ID, process.steps), count()))
    flows = process.flows
    places = list(map(position.get, map(_SOURCE, flows), repeat(len(position))))
    changes: dict = {}
    if not all(map(le, places, places[1:])):  # a stable sort, by the C loops
        changes["flows"] = tuple(map(flows.__getitem__,
                                     sorted(range(len(flows)), key=places.__getitem__)))
    if process.message_flows:
        ends = position.keys() | {pool.id for pool in process.pools}
        messages = tuple(m for m in process.message_flows
                         if m.source in ends and m.target in ends)
        if messages != process.message_flows:
            changes["message_flows"] = messages
    if not changes:
        return process
    ordered = process.evolve(**changes)
    if any(known() is process for known in _UNREPEATED):  # the same flows, in order
        _remember_unrepeated(ordered)
    if "flows" not in changes:  # the steps and flows in their order
        carry_merge_edit(process, ordered)
    carry_step_replaced(process, ordered)  # the same steps
    for known_original, known_variant, touched in reversed(_TOUCHED):
        if known_variant() is process:  # the same steps and flows: the same touched
            if (original := known_original()) is not None:
                _remember_touched(original, ordered, touched)
            break
    return ordered


def touched_steps(original: Process, variant: Process) -> set[str] | None:
    """The ids of the steps an edit touched: the steps of ``variant`` that are not the
    step of that id in ``original`` (the same object), the steps ``original`` had and
    ``variant`` has not, and the ends of the flows one of them has and the other has not
    (the same objects). Every other step is the original's, with the original's flows in
    and out. None when the ids of the steps of either repeat. A few light passes: edits
    share what they leave unchanged; the edits that know what they touched (a merge in
    series, a step replaced, and :func:`canonical` of their result) say so, and then
    nothing is scanned.

    >>> from bpmodel.model import Flow, Process, Step
    >>> p = Process("p", "P", steps=(Step("a", "A"), Step("b", "B"), Step("c", "C"),
    ...     Step("d", "D")), flows=(Flow("a", "b"), Flow("b", "c"), Flow("c", "d")))
    >>> sorted(touched_steps(p, remove_step(p, "b")))
    ['a', 'b', 'c']
    >>> sorted(touched_steps(p, replace_step(p, Step("d", "Done"))))
    ['d']
    """
    known = _known_touched(original, variant)
    if known is not None:
        return set(known)
    steps, others = original.steps, variant.steps
    ids, other_ids = list(map(_ID, steps)), list(map(_ID, others))
    if len(set(ids)) != len(ids) or len(set(other_ids)) != len(other_ids):
        return None
    touched: set[str] = set()
    aligned = steps if ids == other_ids else _one_removed(steps, ids, other_ids)
    if aligned is not None:  # the same steps in their places: which are new objects
        touched.update(map(_ID, compress(others, map(is_not, aligned, others))))
        if aligned is not steps:
            touched.update(set(ids).difference(other_ids))
    else:
        touched.update(set(ids).symmetric_difference(other_ids))
        by_id = dict(zip(ids, steps))
        touched.update(map(_ID, compress(others, map(is_not, map(by_id.get, other_ids),
                                                     others))))
    if original.flows is not variant.flows:
        old, new = set(map(id, original.flows)), set(map(id, variant.flows))
        for flow in (*compress(original.flows, map(not_, map(new.__contains__,
                                                            map(id, original.flows)))),
                     *compress(variant.flows, map(not_, map(old.__contains__,
                                                           map(id, variant.flows))))):
            touched.add(flow.source)
            touched.add(flow.target)
    return touched


_ID, _SOURCE, _TARGET = attrgetter("id"), attrgetter("source"), attrgetter("target")

# what the last edits touched: (original, variant, the ids touched_steps would find)
_TOUCHED: list[tuple[weakref.ref, weakref.ref, frozenset[str]]] = []


def _remember_touched(original: Process, variant: Process, touched: Iterable[str]) -> None:
    _TOUCHED[:] = [*_TOUCHED[-31:],
                   (weakref.ref(original), weakref.ref(variant), frozenset(touched))]


def keeps_order(original: Process, variant: Process) -> bool:
    """Whether an edit of ``original`` said that the steps of ``variant`` are the
    original's in their order, less some and some replaced in their places (it replaced
    one step, or merged two in series); False when it said nothing.

    >>> from bpmodel.model import Process, Step
    >>> p = Process("p", "P", steps=(Step("a", "A"), Step("b", "B")))
    >>> keeps_order(p, replace_step(p, Step("b", "Done"))), keeps_order(p, p)
    (True, False)
    """
    return replaced_place(original, variant) is not None or \
        merge_said(original, variant) is not None


def _known_touched(original: Process, variant: Process) -> frozenset[str] | None:
    """What an edit of ``original`` that made ``variant`` said it touched, or None."""
    for known_original, known_variant, touched in reversed(_TOUCHED):
        if known_variant() is variant and known_original() is original:
            return touched
    return None


def _unique_ids(process: Process) -> bool:
    return len(process._steps_by_id) == len(process.steps)


def _one_removed(steps: tuple[Step, ...], ids: list[str], other_ids: list[str]
                 ) -> tuple[Step, ...] | None:
    """``steps`` without the one whose id ``other_ids`` leaves out, the others in their
    order (else None)."""
    if len(ids) != len(other_ids) + 1:
        return None
    differing = list(map(ne, ids, other_ids))
    gone = differing.index(True) if True in differing else len(other_ids)
    if ids[:gone] + ids[gone + 1:] != other_ids:
        return None
    return steps[:gone] + steps[gone + 1:]


def _messages_moved(process: Process, old: str, new: str) -> tuple[MessageFlow, ...]:
    """The message flows with the step ``old`` replaced by ``new`` (a message that would
    then go from a step to itself is dropped)."""
    moved = []
    for message in process.message_flows:
        if old in (message.source, message.target):
            message = replace(message, source=new if message.source == old else message.source,
                              target=new if message.target == old else message.target, id=None)
            if message.source == message.target:
                continue
        moved.append(message)
    return tuple(dict.fromkeys(moved))


def remove_step(process: Process, step_id: str) -> Process:
    """Remove a step and connect what came before it to what came after it.

    A step with one way in is replaced by its outgoing flows (each taking the
    incoming flow's branch probability and condition); a step with one way out
    sends every incoming flow straight on. A step that both merges and splits
    cannot be removed this way.

    >>> from bpmodel.model import Flow, Process, Step
    >>> p = Process("p", "P", steps=tuple(Step(i, i) for i in "gxy"),
    ...             flows=(Flow("g", "x", 0.3, "again"), Flow("g", "y", 0.7), Flow("x", "y")))
    >>> [(f.source, f.target, f.probability) for f in remove_step(p, "x").flows]
    [('g', 'y', 0.3), ('g', 'y', 0.7)]
    """
    incoming = process.incoming(step_id)
    outgoing = process.outgoing(step_id)
    if len(incoming) > 1 and len(outgoing) > 1:
        raise EditError(f"step {step_id!r} both merges and splits flows; it cannot simply "
                        f"be removed")
    if any(f.target == step_id for f in outgoing):
        raise EditError(f"step {step_id!r} loops on itself")
    bridged: list[Flow] = []
    for f_in in incoming:
        for f_out in outgoing:
            if len(outgoing) == 1:
                bridged.append(replace(f_in, target=f_out.target, id=None))
            else:
                bridged.append(replace(f_out, source=f_in.source, id=None))
    flows: list[Flow] = []
    for flow in process.flows:
        if flow.source == step_id:
            continue
        if flow.target == step_id:
            # keep the place of the first incoming flow for the bridges, so the
            # order of flows (and of YAML output) stays stable
            if flow is incoming[0]:
                flows.extend(bridged)
            continue
        flows.append(flow)
    steps = tuple(s for s in process.steps if s.id != step_id)
    return process.evolve(steps=steps, flows=_dedupe(flows))


def taking_over(heir: Step, *gone: Step) -> Step:
    """``heir`` with the work of the ``gone`` steps recorded in its ``merged_from``: their
    ids and the steps they had taken over themselves, so that merges accumulate.

    >>> taking_over(Step("a", "A", merged_from=("x",)), Step("b", "B", merged_from=("y",))
    ...             ).merged_from
    ('x', 'b', 'y')
    """
    merged = dict.fromkeys((*heir.merged_from,
                            *(m for step in gone for m in (step.id, *step.merged_from))))
    merged.pop(heir.id, None)
    return replace(heir, merged_from=tuple(merged))


def merge_into(process: Process, step_id: str, heir_id: str) -> Process:
    """Remove a step whose work another step (``heir_id``) takes over: as
    :func:`remove_step`, and the heir records it in its ``merged_from``.

    >>> from bpmodel.model import Flow, Process, Step
    >>> p = Process("p", "P", steps=(Step("a", "A"), Step("b", "B"), Step("c", "C")),
    ...             flows=(Flow("a", "b"), Flow("b", "c")))
    >>> q = merge_into(p, "b", "c")
    >>> [s.id for s in q.steps], q.step("c").merged_from
    (['a', 'c'], ('b',))
    """
    if not process.has_step(step_id) or not process.has_step(heir_id) or heir_id == step_id:
        raise EditError(f"no step {heir_id!r} to take over {step_id!r}")
    gone = process.step(step_id)
    variant = remove_step(process, step_id)
    return replace_step(variant, taking_over(variant.step(heir_id), gone))


def replace_step(process: Process, step: Step) -> Process:
    """The process with the step of the same id replaced by ``step``."""
    if not process.has_step(step.id):
        raise EditError(f"no step {step.id!r} to replace")
    if _unique_ids(process):  # the one step of the id, found by identity (the C loops)
        place = _place_of(process.steps, process.step(step.id))
        variant = process.replaced_at(place, step)
        note_step_replaced(process, variant, place)
    else:
        steps = list(process.steps)
        for place in compress(count(), map(eq, map(_ID, steps), repeat(step.id))):
            steps[place] = step
        variant = process.evolve(steps=tuple(steps))
    if _known_canonical(process):  # the same ids in their order, the same flows
        _remember_canonical(variant)
    if _unique_ids(process):  # the one step, unless it is the same object
        _remember_touched(process, variant, () if process.step(step.id) is step else
                          (step.id,))
    return variant


def retarget_flow(process: Process, flow: Flow, **changes) -> Process:
    """The process with one flow changed (its probability, say)."""
    if flow not in process.flows:
        raise EditError(f"no flow {flow.source!r} -> {flow.target!r}")
    index = process.flows.index(flow)
    flows = process.flows[:index] + (replace(flow, **changes),) + process.flows[index + 1:]
    return process.evolve(flows=flows)


def insert_after(process: Process, anchor_id: str, step: Step) -> Process:
    """Insert a new step right after ``anchor_id``: it takes over the anchor's outgoing flows.

    >>> from bpmodel.model import Flow, Process, Step
    >>> p = Process("p", "P", steps=(Step("a", "A"), Step("c", "C")), flows=(Flow("a", "c"),))
    >>> q = insert_after(p, "a", Step("b", "B"))
    >>> [s.id for s in q.steps], [(f.source, f.target) for f in q.flows]
    (['a', 'b', 'c'], [('a', 'b'), ('b', 'c')])
    """
    if process.has_step(step.id):
        raise EditError(f"a step {step.id!r} exists already")
    flows = [replace(f, source=step.id, id=None) if f.source == anchor_id else f
             for f in process.flows]
    index = next(i for i, f in enumerate(flows) if f.source == step.id) \
        if any(f.source == step.id for f in flows) else len(flows)
    flows.insert(index, Flow(anchor_id, step.id))
    position = [s.id for s in process.steps].index(anchor_id) + 1
    steps = process.steps[:position] + (step,) + process.steps[position:]
    return process.evolve(steps=steps, flows=tuple(flows))


def insert_before(process: Process, anchor_id: str, step: Step) -> Process:
    """Insert a new step right before ``anchor_id``: it takes over the anchor's incoming
    flows (a loop back to the anchor comes back to it too) and flows into the anchor; in
    the list of steps it comes just before the anchor, so a new step before the first one
    is where the process starts.

    >>> from bpmodel.model import Flow, Process, Step
    >>> p = Process("p", "P", steps=(Step("a", "A"), Step("c", "C")), flows=(Flow("a", "c"),))
    >>> q = insert_before(p, "c", Step("b", "B"))
    >>> [s.id for s in q.steps], [(f.source, f.target) for f in q.flows]
    (['a', 'b', 'c'], [('a', 'b'), ('b', 'c')])
    >>> [s.id for s in insert_before(p, "a", Step("z", "Z")).start_steps()]
    ['z']
    """
    if process.has_step(step.id):
        raise EditError(f"a step {step.id!r} exists already")
    if not process.has_step(anchor_id):
        raise EditError(f"no step {anchor_id!r}")
    flows = [replace(f, target=step.id, id=None) if f.target == anchor_id else f
             for f in process.flows]
    last_in = max((i for i, f in enumerate(flows) if f.target == step.id), default=-1)
    flows.insert(last_in + 1, Flow(step.id, anchor_id))
    position = [s.id for s in process.steps].index(anchor_id)
    steps = process.steps[:position] + (step,) + process.steps[position:]
    return process.evolve(steps=steps, flows=tuple(flows))


def merge_steps(process: Process, first_id: str, second_id: str, merged: Step) -> Process:
    """Merge two consecutive steps (``first`` flows only into ``second``) into ``merged``.

    ``merged`` takes the id of the first step; the second step disappears and its
    outgoing flows leave from the merged step, its message flows go to and from it, and
    the merged step records it in its ``merged_from`` (:func:`taking_over`).

    >>> from bpmodel.model import Flow, MessageFlow, Process, Step
    >>> p = Process("p", "P", steps=(Step("a", "A"), Step("b", "B"), Step("c", "C")),
    ...             flows=(Flow("a", "b"), Flow("b", "c")),
    ...             message_flows=(MessageFlow("b", "c", "report"),))
    >>> merge_steps(p, "a", "b", Step("a", "A and B")).message_flows
    (MessageFlow(source='a', target='c', name='report', id=None),)
    """
    out = process.outgoing(first_id)
    if [f.target for f in out] != [second_id] or len(process.incoming(second_id)) != 1:
        raise EditError(f"steps {first_id!r} and {second_id!r} are not consecutive")
    if merged.id != first_id:
        raise EditError("the merged step keeps the id of the first step")
    first, second = process.step(first_id), process.step(second_id)
    if first.is_subprocess or second.is_subprocess or first.parent != second.parent:
        # the steps a sub-process holds would be left without it
        raise EditError(f"steps {first_id!r} and {second_id!r} are not two tasks of one "
                        f"scope")
    merged = taking_over(merged, second)
    # the second step's flows, now the first's, repeat no two ends when the process's
    # flows repeat none: the first step had no other flow
    unrepeated = _known_unrepeated(process)
    unique = _unique_ids(process)
    spliced = _spliced_merge(process, first, second, merged) if unrepeated and unique \
        else None
    if spliced is not None:
        steps, flows, places, flows_kept = spliced
    else:
        # the first step's flow goes, the second's leave from the first (by the C loops)
        flows = list(process.flows)
        sources = list(map(_SOURCE, flows))
        for place in compress(count(), map(eq, sources, repeat(second_id))):
            flows[place] = replace(flows[place], source=first_id, id=None)
        flows = tuple(compress(flows, map(ne, sources, repeat(first_id))))
        steps = list(process.steps)
        ids = list(map(_ID, steps))
        for place in compress(count(), map(eq, ids, repeat(first_id))):
            steps[place] = merged
        steps = tuple(compress(steps, map(ne, ids, repeat(second_id))))
        places = (ids.index(first_id), ids.index(second_id)) if unique else None
    # the messages of the second step are now the merged step's
    messages = _messages_moved(process, second_id, first_id)
    if spliced is not None:  # the steps before and after the two, and the flows around
        # the first one's flow and the second's, are the process's (the flows repeat none)
        low, high = sorted(places)
        variant = process.spliced((low, len(process.steps) - 1 - high), flows_kept,
                                  steps=steps, flows=flows, message_flows=messages)
    else:
        variant = process.evolve(steps=steps, flows=flows if unrepeated else _dedupe(flows),
                                 message_flows=messages)
    _remember_unrepeated(variant)
    if spliced is not None and _known_canonical(process):
        _remember_canonical(variant)  # see _spliced_merge
    if unrepeated and unique:
        note_merge_edit(process, variant, *places)
        # the merged step, the second, and the ends of the flows out of the second (each
        # now a new flow out of the merged step); the flow between the two is gone
        _remember_touched(process, variant, (first_id, second_id, *map(
            _TARGET, process.outgoing(second_id))))
    return variant


def _spliced_merge(process: Process, first: Step, second: Step, merged: Step
                   ) -> tuple[tuple[Step, ...], tuple[Flow, ...], tuple[int, int],
                              tuple[int, int]] | None:
    """The steps and flows of :func:`merge_steps` (and the places of the two steps, and how
    many flows before and after those replaced are kept) cut and joined around the two
    steps, when the flows out of the second follow the first step's one flow (as in a
    canonical process whose first step comes before the second): the flows between are
    replaced at once; None when they do not follow it.
    The ids of ``process`` do not repeat. Of a canonical process it makes a canonical
    one: the flows before leave from steps up to the first, those after from steps after
    the second, and every step keeps its order."""
    steps, flows = process.steps, process.flows
    out, moved = process.outgoing(first.id), process.outgoing(second.id)
    at = next(compress(count(), map(is_, flows, repeat(out[0]))), None)
    if at is None:
        return None
    end = at + 1 + len(moved)
    following = flows[at + 1:end]
    if len(following) != len(moved) or any(map(is_not, following, moved)):
        return None
    first_place = _place_of(steps, first)
    # the second step mostly follows the first: looked for after it first
    second_place = _place_of(steps, second, first_place + 1)
    if second_place is None:
        second_place = _place_of(steps, second)
    new_steps = list(steps)
    new_steps[first_place] = merged
    del new_steps[second_place]
    new_flows = (*flows[:at], *(replace(f, source=first.id, id=None) for f in moved),
                 *flows[end:])
    return tuple(new_steps), new_flows, (first_place, second_place), (at, len(flows) - end)


def _place_of(items: tuple, item: object, start: int = 0) -> int | None:
    """The first place of ``item`` (the same object) in ``items`` from ``start`` on, else
    None (by the C loops).

    >>> a, b = Step("a", "A"), Step("b", "B")
    >>> _place_of((a, b, a), a), _place_of((a, b, a), a, 1), _place_of((a, b), a, 1)
    (0, 2, None)
    """
    return next(compress(count(start), map(is_, islice(items, start, None), repeat(item))),
                None)


# the last few processes known to have no two plain flows between the same two steps
# (edits that drop repeated flows make such processes, and the engine edits them again)
_UNREPEATED: list[weakref.ref] = []


def _known_unrepeated(process: Process) -> bool:
    """Whether :func:`_dedupe` leaves the flows of ``process`` as they are (remembered)."""
    if any(known() is process for known in _UNREPEATED):
        return True
    if _dedupe(process.flows) is process.flows:
        _remember_unrepeated(process)
        return True
    return False


def _remember_unrepeated(process: Process) -> None:
    _UNREPEATED[:] = [*_UNREPEATED[-7:], weakref.ref(process)]


def _ways_in(process: Process, step_id: str) -> int:
    """Incoming flows, counting the start of the process as one more way in."""
    starts = {s.id for s in process.start_steps()}
    return len(process.incoming(step_id)) + (step_id in starts)


def parallelize(process: Process, chain: list[str], split_id: str, join_id: str,
                name: str = "parallel", *, split_name: str | None = None,
                join_name: str | None = None) -> Process:
    """Run a chain of consecutive steps in parallel between a new and-split and and-join.

    ``chain`` is a list of step ids, each flowing only into the next; the flow
    into the first goes to the split, the split starts every step of the chain,
    all of them flow to the join, and the join continues where the last went.

    >>> from bpmodel.model import Flow, Process, Step
    >>> p = Process("p", "P", steps=tuple(Step(i, i) for i in "sabe"),
    ...             flows=(Flow("s", "a"), Flow("a", "b"), Flow("b", "e")))
    >>> q = parallelize(p, ["a", "b"], "fork", "join")
    >>> sorted((f.source, f.target) for f in q.flows)  # doctest: +NORMALIZE_WHITESPACE
    [('a', 'join'), ('b', 'join'), ('fork', 'a'), ('fork', 'b'), ('join', 'e'),
     ('s', 'fork')]
    """
    if len(chain) < 2:
        raise EditError("parallelism needs at least two steps")
    for current, following in zip(chain, chain[1:]):
        if [f.target for f in process.outgoing(current)] != [following] \
                or len(process.incoming(following)) != 1:
            raise EditError(f"steps {current!r} and {following!r} are not consecutive")
    for new_id in (split_id, join_id):
        if process.has_step(new_id):
            raise EditError(f"a step {new_id!r} exists already")
    first, last = chain[0], chain[-1]
    if _ways_in(process, first) > 1 or len(process.outgoing(last)) > 1:
        # an and-gateway with several ways in would wait for all of them (a join)
        raise EditError(f"step {first!r} merges or step {last!r} splits flows")
    inner = set(chain)
    flows: list[Flow] = []
    forked = joined = False
    for flow in process.flows:
        if flow.target == first:
            flows.append(replace(flow, target=split_id, id=None))
            if not forked:
                flows.extend(Flow(split_id, step_id) for step_id in chain)
                forked = True
        elif flow.source == last:
            if not joined:
                flows.extend(Flow(step_id, join_id) for step_id in chain)
                joined = True
            flows.append(replace(flow, source=join_id, id=None))
        elif flow.source in inner:
            continue
        else:
            flows.append(flow)
    if not process.incoming(first):  # the chain starts the process
        flows = [Flow(split_id, step_id) for step_id in chain] + flows
    if not process.outgoing(last):  # the chain ends the process
        flows.extend(Flow(step_id, join_id) for step_id in chain)
    split = Step(split_id, split_name or f"Start {name}", GATEWAY, "and")
    join = Step(join_id, join_name or f"{name[:1].upper()}{name[1:]} done", GATEWAY, "and")
    steps: list[Step] = []
    for step in process.steps:
        if step.id == first:
            steps.append(split)
        steps.append(step)
        if step.id == last:
            steps.append(join)
    return process.evolve(steps=tuple(steps), flows=tuple(flows))


def move_before(process: Process, step_id: str, anchor_id: str) -> Process:
    """Move a one-in one-out step so that it runs right before ``anchor_id``.

    >>> from bpmodel.model import Flow, Process, Step
    >>> p = Process("p", "P", steps=tuple(Step(i, i) for i in "abc"),
    ...             flows=(Flow("a", "b"), Flow("b", "c")))
    >>> q = move_before(p, "c", "a")
    >>> [s.id for s in q.steps], [(f.source, f.target) for f in q.flows]
    (['c', 'a', 'b'], [('c', 'a'), ('a', 'b')])
    """
    step = process.step(step_id)
    if len(process.incoming(step_id)) > 1 or len(process.outgoing(step_id)) > 1:
        raise EditError(f"step {step_id!r} merges or splits flows; it cannot be moved")
    without = remove_step(process, step_id)
    flows = []
    for flow in without.flows:
        if flow.target == anchor_id:
            flows.append(replace(flow, target=step_id, id=None))
        else:
            flows.append(flow)
    first = not without.incoming(anchor_id)
    position = [s.id for s in without.steps].index(anchor_id)
    head = [f for f in flows if f.target == step_id]
    rest = [f for f in flows if f.target != step_id]
    new_flow = Flow(step_id, anchor_id)
    if first:
        ordered = [new_flow] + rest
    else:
        index = flows.index(head[0]) + 1
        ordered = flows[:index] + [new_flow] + flows[index:]
    steps = without.steps[:position] + (step,) + without.steps[position:]
    return without.evolve(steps=steps, flows=_dedupe(ordered))


def matching_join(process: Process, split_id: str) -> str | None:
    """The and-join where every branch of the and-split ``split_id`` meets, or None.

    Only simple blocks are recognised: each branch is a chain of one-in one-out steps
    that ends at the same and-gateway.
    """
    ends = set()
    for flow in process.outgoing(split_id):
        current, seen = flow.target, set()
        while True:
            if current in seen or not process.has_step(current):
                return None
            seen.add(current)
            step = process.step(current)
            if step.is_gateway and step.kind == "and" and len(process.incoming(current)) > 1:
                ends.add(current)
                break
            out = process.outgoing(current)
            if len(out) != 1 or len(process.incoming(current)) != 1:
                return None
            current = out[0].target
    return ends.pop() if len(ends) == 1 else None


def block_steps(process: Process, split_id: str, join_id: str) -> list[str]:
    """The ids of the steps between an and-split and its join (exclusive)."""
    inside: list[str] = []
    for flow in process.outgoing(split_id):
        current = flow.target
        while current != join_id:
            inside.append(current)
            current = process.outgoing(current)[0].target
    return inside


def join_block(process: Process, step_id: str, split_id: str) -> Process:
    """Make a step that runs right before an and-block one more branch of that block.

    >>> from bpmodel.model import Flow, Process, Step
    >>> p = Process("p", "P", steps=(Step("s", "S"), Step("g", "G", "gateway", "and"),
    ...     Step("a", "A"), Step("b", "B"), Step("j", "J", "gateway", "and"), Step("e", "E")),
    ...     flows=(Flow("s", "g"), Flow("g", "a"), Flow("g", "b"), Flow("a", "j"),
    ...            Flow("b", "j"), Flow("j", "e")))
    >>> sorted((f.source, f.target) for f in join_block(p, "s", "g").flows)
    [('a', 'j'), ('b', 'j'), ('g', 'a'), ('g', 'b'), ('g', 's'), ('j', 'e'), ('s', 'j')]
    """
    out = process.outgoing(step_id)
    if [f.target for f in out] != [split_id] or _ways_in(process, step_id) > 1:
        raise EditError(f"step {step_id!r} does not lead straight into {split_id!r}")
    join_id = matching_join(process, split_id)
    if join_id is None:
        raise EditError(f"{split_id!r} does not open a simple parallel block")
    flows: list[Flow] = []
    for flow in process.flows:
        if flow.source == step_id:
            continue
        if flow.target == step_id:
            flows.append(replace(flow, target=split_id, id=None))
            continue
        flows.append(flow)
        if flow.source == split_id and flow is process.outgoing(split_id)[-1]:
            flows.append(Flow(split_id, step_id))
            flows.append(Flow(step_id, join_id))
    if not process.incoming(step_id):  # the step started the process: the split does now
        steps = [s for s in process.steps if s.id != split_id]
        steps.insert(0, process.step(split_id))
    else:
        steps = list(process.steps)
    moved = process.step(step_id)
    steps = [s for s in steps if s.id != step_id]
    steps.insert([s.id for s in steps].index(join_id), moved)
    return process.evolve(steps=tuple(steps), flows=tuple(flows))


def move_knock_out(process: Process, check_id: str, gateway_id: str, anchor_id: str,
                   rejected_targets: Iterable[str]) -> Process:
    """Move a knock-out (a check and the decision after it) to run right before ``anchor_id``.

    The decision's rejecting branches stay as they are; its one passing branch now
    leads to ``anchor_id``, and where the check used to be the flow goes straight on.

    >>> from bpmodel.model import Flow, Process, Step
    >>> p = Process("p", "P", steps=(Step("a", "Apply"), Step("r", "Review"),
    ...     Step("c", "Check"), Step("g", "Fits?", "gateway", "xor"), Step("x", "Reject"),
    ...     Step("y", "Approve")), flows=(Flow("a", "r"), Flow("r", "c"), Flow("c", "g"),
    ...     Flow("g", "y", 0.7), Flow("g", "x", 0.3)))
    >>> q = move_knock_out(p, "c", "g", "r", ["x"])
    >>> [(f.source, f.target) for f in q.flows]
    [('a', 'c'), ('r', 'y'), ('c', 'g'), ('g', 'r'), ('g', 'x')]
    """
    rejected = set(rejected_targets)
    into_check = process.incoming(check_id)
    passing = [f for f in process.outgoing(gateway_id) if f.target not in rejected]
    if len(into_check) != 1 or [f.target for f in process.outgoing(check_id)] != [gateway_id] \
            or len(process.incoming(gateway_id)) != 1 or len(passing) != 1:
        raise EditError(f"{check_id!r} and {gateway_id!r} are not a simple knock-out block")
    if passing[0].target == anchor_id:
        raise EditError(f"the knock-out already runs next to {anchor_id!r}")
    flows = []
    for flow in process.flows:
        if flow is into_check[0]:
            flows.append(replace(flow, target=passing[0].target, id=None))
        elif flow is passing[0]:
            flows.append(replace(flow, target=anchor_id, id=None))
        elif flow.target == anchor_id:
            flows.append(replace(flow, target=check_id, id=None))
        else:
            flows.append(flow)
    block = [process.step(check_id), process.step(gateway_id)]
    steps = [s for s in process.steps if s.id not in (check_id, gateway_id)]
    position = [s.id for s in steps].index(anchor_id)
    return process.evolve(steps=tuple(steps[:position] + block + steps[position:]),
                          flows=tuple(flows))


def drop_decision(process: Process, gateway_id: str, onward: str) -> Process:
    """Remove a decision, sending the case always on to ``onward`` (one of its branches).

    For a decision that has lost its reason, such as "approved?" after an approval
    that was removed: the flows into it go straight to ``onward``, its other
    branches disappear.

    >>> from bpmodel.model import Flow, Process, Step
    >>> p = Process("p", "P", steps=(Step("d", "Draft"), Step("g", "OK?", "gateway", "xor"),
    ...     Step("s", "Sign")), flows=(Flow("d", "g"), Flow("g", "s", 0.9), Flow("g", "d", 0.1)))
    >>> [(f.source, f.target) for f in drop_decision(p, "g", "s").flows]
    [('d', 's')]
    """
    if onward not in {f.target for f in process.outgoing(gateway_id)}:
        raise EditError(f"{onward!r} is not a branch of {gateway_id!r}")
    flows = [replace(f, target=onward, id=None) if f.target == gateway_id else f
             for f in process.flows if f.source != gateway_id]
    steps = tuple(s for s in process.steps if s.id != gateway_id)
    return process.evolve(steps=steps, flows=_dedupe(flows))
