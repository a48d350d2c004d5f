"""Which steps come before which, for many pairs at once, in one pass over the process.

The steps of a process fall into strongly connected components (a loop is one, every
other step is one on its own); in topological order, a pass that carries sets of
steps along the flows answers "which of these steps have a way to this step" for every
step at once. The sets are Python integers used as bit sets, so one pass costs the
flows times a few machine words, instead of one search per step.

>>> from bpmodel.model import Flow, Process, Step
>>> p = Process("p", "P", steps=(Step("a", "A"), Step("b", "B"), Step("c", "C")),
...             flows=(Flow("a", "b"), Flow("b", "a"), Flow("b", "c")))
>>> strong_components(p).members
(('a', 'b'), ('c',))
>>> carried(p, bits_of(["a", "c"]))
{'a': 1, 'b': 1, 'c': 1}
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from dataclasses import dataclass, replace
from itertools import compress, repeat
from operator import and_, attrgetter, eq, is_not, ne

from .. import graph
from ..model import BOUNDARY, SEQUENCE, Process, Step


@dataclass(frozen=True)
class Components:
    """The strongly connected components of a process's steps in topological order
    (``members``), the component of each step (``of``), and whether each component has
    a way back to itself (``looping``: a loop of several steps, or a step that flows to
    itself)."""

    members: tuple[tuple[str, ...], ...]
    of: dict[str, int]
    looping: tuple[bool, ...]
    # the same by step index (the step's place in the process), for passes over them all
    ids: tuple[str, ...] = ()
    successors: tuple[list[int], ...] = ()       # of each step, in the order of the flows
    member_indices: tuple[list[int], ...] = ()   # of each component
    component_of: tuple[int, ...] = ()           # of each step


# the last few answers, by the identity of the process: the engine asks about the same
# variant in its checks and, accepted, as the original of its next round
_RECENT: list[tuple[weakref.ref, Components]] = []
_KEPT = 4


def same_graph(a: Process, b: Process) -> bool:
    """Whether two processes have the same graph: the same steps (ids, types, kinds, the
    sub-process they belong to and, for events, whether they interrupt, in the same
    order) and the same flows. Whatever follows from the graph alone (components,
    reachability, structural checks, deadlocks) is then the same for both: a variant that
    only changed what steps do (a channel, a time, an actor) keeps those facts of its
    original.

    >>> from bpmodel.model import Flow, Process, Step
    >>> p = Process("p", "P", steps=(Step("a", "A"), Step("b", "B")), flows=(Flow("a", "b"),))
    >>> same_graph(p, p.evolve(steps=(Step("a", "A", contact="online"), Step("b", "B"))))
    True
    >>> same_graph(p, p.evolve(flows=(Flow("b", "a"),)))
    False
    """
    if a is b:
        return True
    if len(a.steps) != len(b.steps) or (a.flows is not b.flows and a.flows != b.flows):
        return False
    # only the steps that are not the same objects are compared field by field
    return all(_graph_fields(x) == _graph_fields(y) for x, y in changed_pairs(a, b))


def changed_pairs(a: Process, b: Process) -> Iterable[tuple[Step, Step]]:
    """The pairs of steps of ``a`` and ``b`` (as many steps as each other) in the same
    places that are not the same objects: read from what an edit said when it made ``b``
    of ``a`` by replacing one step (:func:`note_step_replaced`), else by the C loops.

    >>> from bpmodel.model import Process, Step
    >>> p = Process("p", "P", steps=(Step("a", "A"), Step("b", "B")))
    >>> q = p.evolve(steps=(p.steps[0], Step("b", "Done")))
    >>> [(x.name, y.name) for x, y in changed_pairs(p, q)]
    [('B', 'Done')]
    """
    steps, others = a.steps, b.steps
    if len(steps) != len(others):
        raise ValueError("the lists of steps differ in length")
    place = replaced_place(a, b)
    if place is not None:
        return [(steps[place], others[place])] if steps[place] is not others[place] else []
    return compress(zip(steps, others), map(is_not, steps, others))


# steps replaced by an edit: (original, variant, place) where the variant's steps are the
# original's, the same objects in their places, but for the step at ``place``
_REPLACED: list[tuple[weakref.ref, weakref.ref, int]] = []


def note_step_replaced(original: Process, variant: Process, place: int) -> None:
    """Say that the steps of ``variant`` are those of ``original``, the same objects in
    their places, but for the one at ``place`` (as
    :func:`bpmodel.simplify.edit.replace_step` makes them): :func:`changed_pairs` then
    compares only that place."""
    _REPLACED[:] = [*_REPLACED[-(2 * _KEPT - 1):],
                    (weakref.ref(original), weakref.ref(variant), place)]


def carry_step_replaced(variant: Process, copy: Process) -> None:
    """Say that ``copy``, which has the steps of ``variant``, replaced the step
    ``variant`` replaced (:func:`note_step_replaced`) if it did."""
    for known, other, place in reversed(_REPLACED):
        if other() is variant:
            if (original := known()) is not None:
                note_step_replaced(original, copy, place)
            return


def replaced_place(original: Process, variant: Process) -> int | None:
    """The place of the step an edit said it replaced to make ``variant`` of ``original``
    (:func:`note_step_replaced`), else None."""
    for known, other, place in reversed(_REPLACED):
        if other() is variant and known() is original:
            return place
    return None


def _graph_fields(step) -> tuple:
    return step.id, step.type, step.kind, step.parent, step.interrupting


# the last answers of series_merge, by the identity of the two processes
_MERGES: list[tuple[weakref.ref, weakref.ref, tuple[int, int] | None]] = []


def series_merge(original: Process, variant: Process) -> tuple[str, str] | None:
    """The two steps ``(first, second)`` when ``variant`` has the graph of ``original`` with
    two tasks in series made one, else None: ``first`` flows only into ``second`` and
    nothing else does, neither is a sub-process nor holds or belongs to another scope than
    the other, ``second`` is not where the process starts and has no boundary event, and
    in ``variant`` ``second`` is gone and its flows leave from ``first``, in their order
    (as :func:`bpmodel.simplify.edit.merge_steps` makes it). Every step keeps its reach
    (``first`` reaches what ``second`` reached, and is reached as before), so whatever
    the graph alone says of the original (structural soundness, deadlocks, a lack of
    synchronization) it says of the variant. Linear in steps and flows.

    >>> from bpmodel.model import Flow, Process, Step
    >>> p = Process("p", "P", steps=(Step("a", "A"), Step("b", "B"), Step("c", "C")),
    ...             flows=(Flow("a", "b"), Flow("b", "c")))
    >>> series_merge(p, p.evolve(steps=(Step("a", "A; b"), Step("c", "C")),
    ...                          flows=(Flow("a", "c"),)))
    ('a', 'b')
    >>> series_merge(p, p.evolve(steps=(Step("a", "A; b"), Step("c", "C")), flows=()))
    """
    places = _merged_at(original, variant)
    if places is None:
        return None
    return original.steps[places[0]].id, original.steps[places[1]].id


def series_merge_places(original: Process, variant: Process) -> tuple[int, int] | None:
    """The places (indices) in ``original`` of the two steps of :func:`series_merge`, first
    and second, or None when ``variant`` is no such merge.

    >>> from bpmodel.model import Flow, Process, Step
    >>> p = Process("p", "P", steps=(Step("a", "A"), Step("b", "B"), Step("c", "C")),
    ...             flows=(Flow("a", "b"), Flow("b", "c")))
    >>> series_merge_places(p, p.evolve(steps=(Step("a", "A; b"), Step("c", "C")),
    ...                                 flows=(Flow("a", "c"),)))
    (0, 1)
    """
    return _merged_at(original, variant)


def _merged_at(original: Process, variant: Process) -> tuple[int, int] | None:
    """The places of the two steps of :func:`series_merge` in ``original`` (remembered for
    the last few pairs of processes)."""
    for known, other, places in _MERGES:
        if known() is original and other() is variant:
            return places
    places = _find_merge(original, variant)
    _MERGES[:] = [*_MERGES[-(_KEPT - 1):], (weakref.ref(original), weakref.ref(variant),
                                            places)]
    return places


# merges the edit made: (original, variant, places of the first and second step) where
# the variant is the original with the second step gone, the first one's place holding a
# step of its id, the flow out of the first gone and the flows out of the second leaving
# from the first in their places, and every other step and flow the same object in order
_EDITED: list[tuple[weakref.ref, weakref.ref, int, int]] = []


def note_merge_edit(original: Process, variant: Process, first: int, second: int) -> None:
    """Say that ``variant`` is ``original`` with its steps at the places ``first`` and
    ``second`` merged as :func:`bpmodel.simplify.edit.merge_steps` merges them (their ids
    unrepeated, no flow dropped): :func:`series_merge` then checks only the conditions
    on the two steps, not that every other step and flow is as it was."""
    _EDITED[:] = [*_EDITED[-(2 * _KEPT - 1):],
                  (weakref.ref(original), weakref.ref(variant), first, second)]


def carry_merge_edit(variant: Process, copy: Process) -> None:
    """Say that ``copy``, which has the steps and flows of ``variant`` in their order, is
    the merge the edit made if ``variant`` is (:func:`note_merge_edit`)."""
    for known, other, first, second in reversed(_EDITED):
        if other() is variant:
            if (original := known()) is not None:
                note_merge_edit(original, copy, first, second)
            return


def merge_said(original: Process, variant: Process) -> tuple[int, int] | None:
    """The places of the two steps ``original`` had that an edit said it merged to make
    ``variant`` (:func:`note_merge_edit`: every other step and flow the same object, in
    order), else None."""
    return _edited_merge(original, variant)


def _edited_merge(original: Process, variant: Process) -> tuple[int, int] | None:
    for known, other, first, second in reversed(_EDITED):
        if other() is variant and known() is original:
            return first, second
    return None


def _find_merge(original: Process, variant: Process) -> tuple[int, int] | None:
    """The places of :func:`_merged_at`, worked out (a few passes of the C loops of
    ``map`` and ``compress`` over the steps and flows, and the original's indexes; none
    of them for a merge the edit said it made, :func:`note_merge_edit`)."""
    steps, others = original.steps, variant.steps
    if len(others) != len(steps) - 1 or not others:
        return None
    edited = _edited_merge(original, variant)
    if edited is not None:
        gone = edited[1]
        if _graph_fields(steps[edited[0]]) != _graph_fields(
                others[edited[0] - (edited[0] > gone)]):
            return None
    else:
        # the one step the variant left out: the first place where the ids part
        ids = list(map(_ID, steps))
        parting = list(map(ne, ids, map(_ID, others)))
        gone = parting.index(True) if True in parting else len(others)
    if gone == 0 and not any(s.is_event and s.kind == "start" for s in steps):
        return None  # the first step is where the process starts
    if edited is None:
        aligned = steps[:gone] + steps[gone + 1:]
        if not all(_graph_fields(x) == _graph_fields(y) for x, y in
                   compress(zip(aligned, others), map(is_not, aligned, others))):
            return None
    second = steps[gone]
    into = original.incoming(second.id)
    if len(into) != 1 or into[0].kind != SEQUENCE:
        return None
    first_id = into[0].source
    if original.outgoing(first_id) != into or first_id == second.id \
            or not original.has_step(first_id):
        return None
    first = original.step(first_id)
    parents = _parents(original)
    if not all(s.is_task and not s.is_subprocess for s in (first, second)) \
            or first.parent != second.parent or first_id in parents or second.id in parents:
        return None
    moved = original.outgoing(second.id)
    if edited is not None:  # the flows are as the check below asks, by the edit
        if any(f.kind == BOUNDARY for f in moved):
            return None
        _remember_parents(variant, parents)  # see below
        return edited
    # the flows of every other step as they were (mostly the same objects: a list
    # comparison looks at each once), and the second step's flows now the first's
    flows, other_flows = original.flows, variant.flows
    sources, other_sources = list(map(_SOURCE, flows)), list(map(_SOURCE, other_flows))
    if list(compress(other_flows, map(ne, other_sources, repeat(first_id)))) != \
            list(compress(flows, map(and_, map(ne, sources, repeat(first_id)),
                                     map(ne, sources, repeat(second.id))))):
        return None
    moved = original.outgoing(second.id)
    if any(f.kind == BOUNDARY for f in moved) or \
            list(compress(other_flows, map(eq, other_sources, repeat(first_id)))) != \
            [replace(f, source=first_id) for f in moved]:
        return None
    # the second step, gone, had the first one's scope, which the merged step keeps (its
    # graph fields are the first's), and neither holds a step: the same scopes
    _remember_parents(variant, parents)
    return len(ids) - 1 - ids[::-1].index(first_id), gone  # the step of that id


# the scopes (parents) the steps of the last few processes belong to
_PARENTS: list[tuple[weakref.ref, frozenset[str | None]]] = []


def _parents(process: Process) -> frozenset[str | None]:
    """The parents of the steps of ``process`` (remembered for the last few, and handed
    on to a series merge of it)."""
    for known, parents in _PARENTS:
        if known() is process:
            return parents
    parents = frozenset(map(_PARENT, process.steps))
    _remember_parents(process, parents)
    return parents


def _remember_parents(process: Process, parents: frozenset[str | None]) -> None:
    if not any(known() is process for known, _parents in _PARENTS):
        _PARENTS[:] = [*_PARENTS[-(_KEPT - 1):], (weakref.ref(process), parents)]


_ID, _PARENT, _SOURCE = attrgetter("id"), attrgetter("parent"), attrgetter("source")


def strong_components(process: Process) -> Components:
    """The strongly connected components of ``process`` in topological order
    (:func:`bpmodel.graph.strong_components`; linear in steps and flows). Flows to or
    from something that is not a step are left out."""
    for known, found in _RECENT:
        if known() is process:
            return found
    # the engine's variants that change no flow have their original's components; those
    # that merge two steps in series, the original's without the second one
    latest = _RECENT[-1][0]() if _RECENT else None
    if latest is not None and same_graph(latest, process):
        found = _RECENT[-1][1]
    else:
        found = _merged_components(process) or components_afresh(process)
    _RECENT[:] = [*_RECENT[-(_KEPT - 1):], (weakref.ref(process), found)]
    return found


def _merged_components(process: Process) -> Components | None:
    """The components of ``process`` worked out from those of a recent process of which it
    is a :func:`series_merge` (the first step placed before the second): the search of
    :func:`bpmodel.graph.strong_components` meets the steps in the same order, the second
    step left out, so its answer is the earlier one without the second step, every place
    after it one lower. None when there is no such process."""
    for known, earlier in reversed(_RECENT):
        original = known()
        if original is None or len(original.steps) != len(process.steps) + 1:
            continue
        places = _merged_at(original, process)
        if places is not None and places[0] < places[1] and len(earlier.of) == len(earlier.ids):
            return _without(earlier, *places)
    return None


def _without(earlier: Components, first: int, gone: int) -> Components:
    """``earlier`` with step ``gone`` merged into step ``first`` (its only way in)."""
    def place(v: int) -> int:
        return v - 1 if v > gone else v

    successors = [[w - 1 if w > gone else w for w in targets]
                  for targets in earlier.successors]
    successors[first] = successors[gone]
    del successors[gone]
    component = earlier.component_of[gone]
    alone = len(earlier.member_indices[component]) == 1  # a component of its own goes
    members = list(earlier.members)
    looping = list(earlier.looping)
    member_indices = [[place(v) for v in kept if v != gone]
                      for kept in earlier.member_indices]
    if alone:
        del members[component], looping[component], member_indices[component]
        of = {step_id: c - 1 if c > component else c
              for step_id, c in earlier.of.items() if c != component}
        component_of = [c - 1 if c > component else c for c in earlier.component_of]
    else:
        gone_id = earlier.ids[gone]
        members[component] = tuple(m for m in members[component] if m != gone_id)
        of = dict(earlier.of)
        del of[gone_id]
        component_of = list(earlier.component_of)
    del component_of[gone]
    return Components(tuple(members), of, tuple(looping),
                      earlier.ids[:gone] + earlier.ids[gone + 1:], tuple(successors),
                      tuple(member_indices), tuple(component_of))


def components_afresh(process: Process) -> Components:
    """The components of ``process`` worked out from its flows, nothing taken over."""
    ids = [s.id for s in process.steps]
    number = {step_id: i for i, step_id in enumerate(ids)}
    successors = [[number[f.target] for f in process.outgoing(step_id) if f.target in number]
                  for step_id in ids]
    found = graph.strong_components(successors)
    members = tuple(tuple(ids[i] for i in component) for component in found)
    of = {ids[i]: c for c, component in enumerate(found) for i in component}
    looping = tuple(len(c) > 1 or c[0] in successors[c[0]] for c in found)
    component_of = [0] * len(ids)
    for c, component in enumerate(found):
        for i in component:
            component_of[i] = c
    return Components(members, of, looping, tuple(ids), tuple(successors),
                      tuple(list(c) for c in found), tuple(component_of))


def carried(process: Process, marks: dict[str, int], *, own_loop: bool = True
            ) -> dict[str, int]:
    """For every step, the union (bitwise or) of the ``marks`` (bit sets, by step id) of
    the steps that have a way of at least one flow to it: one pass over the components
    in topological order. Inside a loop every step reaches every other and itself; with
    ``own_loop=False`` the steps of a step's own loop are left out, which leaves the
    steps *strictly* before it (they reach it and it does not reach them).

    >>> from bpmodel.model import Flow, Process, Step
    >>> p = Process("p", "P", steps=(Step("a", "A"), Step("b", "B"), Step("c", "C")),
    ...             flows=(Flow("a", "b"), Flow("b", "b"), Flow("b", "c")))
    >>> carried(p, {"a": 1, "b": 2, "c": 4})
    {'a': 0, 'b': 3, 'c': 3}
    >>> carried(p, {"a": 1, "b": 2, "c": 4}, own_loop=False)
    {'a': 0, 'b': 1, 'c': 3}
    """
    components = strong_components(process)
    ids, successors = components.ids, components.successors
    component_of, looping = components.component_of, components.looping
    mark = [marks.get(step_id, 0) for step_id in ids]
    before = [0] * len(ids)
    for number, component in enumerate(components.member_indices):
        inside = entering = 0
        for v in component:
            inside |= mark[v]
            entering |= before[v]  # carried in by earlier components
        out = entering | inside
        carried_in = out if own_loop and looping[number] else entering
        for v in component:
            before[v] = carried_in
            for w in successors[v]:
                if component_of[w] != number:
                    before[w] |= out
    return dict(zip(ids, before))


def bits_of(steps: Iterable[str]) -> dict[str, int]:
    """One bit for each step, in the order given.

    >>> bits_of(["a", "b"])
    {'a': 1, 'b': 2}
    """
    return {step_id: 1 << i for i, step_id in enumerate(dict.fromkeys(steps))}
