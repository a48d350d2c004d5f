"""The guarantees every simplified variant keeps, checked after each rewrite.

- a step marked ``keep`` is never removed or merged, and keeps what ``keep`` locks: its
  actor, its agency and its channel (``keep: true`` locks all of them);
- a step that needs someone in person or happens on site never moves online or to the
  phone (see :mod:`bpmodel.analysis.presence`), whatever ``keep`` says, and inspections of
  different construction stages are never made one visit;
- a step never starts before the steps that produce what it ``needs``, and a step that
  needed a document made inside the process still comes after its maker when the document
  is fetched for it instead;
- the order of every pair whose order is a fact stays: a check, inspection or payment
  before the decision or signature resting on it, and the issuing of a result before its
  collection, hand-over or delivery;
- the variant is structurally sound (every step reachable, an end reachable from
  every step, no and-join waiting for a branch a choice never sends, no choice
  merged by an and-gateway).

>>> from bpmodel.model import Flow, Process, Step
>>> p = Process("p", "P", steps=(Step("a", "A", keep=True), Step("b", "B")),
...             flows=(Flow("a", "b"),))
>>> q = p.evolve(steps=(Step("b", "B"),), flows=())
>>> violations(p, q)
["step 'a' is marked keep and must stay as it is"]
>>> r = Process("r", "R", steps=(Step("s", "Site inspection", contact="visit"),))
>>> violations(r, r.evolve(steps=(Step("s", "Site inspection", contact="online"),)))
["step 's' happens on site and cannot move online"]
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from copy import copy
from dataclasses import replace
from functools import cached_property
from itertools import compress
from operator import is_not

from ..analysis.components import (
    carried,
    changed_pairs,
    merge_said,
    same_graph,
    series_merge_places,
    strong_components,
)
from ..analysis.findings import FindingsOnDemand
from ..analysis.presence import OrderFacts, inspection_stages, order_facts, presence_of
from ..i18n import N_, _
from ..model import Process, Step
from ..validate import reachable_from, structural_diagnostics
from .documents_order import (
    DocumentOrder,
    after_series_merge,
    document_order,
    documents_before,
)

BEHAVIOUR_RULES = ["deadlock", "lack-of-synchronization"]
REMOTE = ("online", "phone")
KEEP_STAYS = N_("step {step} is marked keep and must stay as it is")


def _agency(process: Process, actor_id: str | None) -> str | None:
    actor = process.actor(actor_id)
    return actor.agency if actor else None


def keep_problems(original: Step, before: Process, variant: Process) -> list[str]:
    """What the variant changed of a step marked ``keep`` that ``keep`` locks."""
    if not variant.has_step(original.id):
        return [_(KEEP_STAYS).format(step=repr(original.id))]
    now = variant.step(original.id)
    if (now.name, now.type, now.kind, now.keep, now.locks) != (
            original.name, original.type, original.kind, original.keep, original.locks):
        return [_(KEEP_STAYS).format(step=repr(original.id))]
    problems = []
    if original.locked("actor") and now.actor != original.actor:
        problems.append(_("step {step} is marked keep: its actor must stay {actor}").format(
            step=repr(original.id), actor=repr(original.actor)))
    if original.locked("agency") and \
            _agency(variant, now.actor) != _agency(before, original.actor):
        agency = _agency(before, original.actor)
        problems.append(_("step {step} is marked keep: its agency must stay {agency}").format(
            step=repr(original.id), agency=repr(agency)))
    if original.locked("channel") and now.contact != original.contact:
        problems.append(_("step {step} is marked keep: its channel must stay {channel}").format(
            step=repr(original.id), channel=repr(original.contact or _("as it is"))))
    return problems


def presence_problems(original: Process, variant: Process) -> list[str]:
    """Steps that need someone in person or happen on site and were moved online."""
    problems = []
    for step in original.steps:
        presence = presence_of(step)
        if presence is None or not variant.has_step(step.id):
            continue
        now = variant.step(step.id)
        if now.contact in REMOTE and now.contact != step.contact:
            problems.append(_presence_message(presence).format(
                step=repr(step.id), channel=now.contact))
    return problems


def stage_problems(original: Process, variant: Process) -> list[str]:
    """Steps on site, new or renamed by the variant, that combine inspections of different
    construction stages: each stage is its own visit, when the building is at that stage."""
    return _stage_problems(original, variant.steps)


def _stage_problems(original: Process, steps: Iterable[Step]) -> list[str]:
    """:func:`stage_problems` of the variant's ``steps`` (those that may differ from the
    original's)."""
    problems = []
    for step in steps:
        if not step.is_task or (original.has_step(step.id)
                                and original.step(step.id).name == step.name):
            continue
        stages = inspection_stages(step)
        if len(stages) > 1 and presence_of(step) == "on-site":
            problems.append(_("step {step} would inspect at different construction stages "
                              "({stages}) in one visit").format(step=repr(step.id),
                                                                stages=", ".join(stages)))
    return problems


def missing_producers(process: Process) -> list[tuple[str, str]]:
    """``(step, document)`` pairs where no producer of the document runs before the step.

    Documents that no step produces come from outside (the applicant brings them)
    and set no order. A producer running in a parallel branch is not "before".

    >>> from bpmodel.model import Flow, Process, Step
    >>> p = Process("p", "P", steps=(Step("a", "A", needs=("permit",)),
    ...                              Step("b", "B", produces=("permit",))),
    ...             flows=(Flow("a", "b"),))
    >>> missing_producers(p)
    [('a', 'permit')]
    """
    return _unproduced(process, {s.id: s.needs for s in process.steps})


def _forward(process: Process, starts: Iterable[str]) -> set[str]:
    return reachable_from(process, starts)


def _unproduced(process: Process, needs: dict[str, tuple[str, ...]],
                made_by: Process | None = None) -> list[tuple[str, str]]:
    """The pairs of ``needs`` (step to documents) with no producer before the step.

    A producer ``p`` runs before ``s`` when a flow path leads from ``p`` to ``s`` and
    ``p`` is not ``s`` itself (a step's own loop does not make it its own producer).
    With ``made_by`` (the original), a document the original's steps make counts as
    made only by those steps (or the steps they handed it to), never by a new step
    that merely fetches it. One forward pass over the process carries every produced
    document along the flows, instead of a backward search from every step; only a
    step that makes a document it needs itself asks whether another producer comes
    before it.
    """
    made_inside = {d for s in made_by.steps for d in s.produces} if made_by else set()
    producers: dict[str, list[str]] = {}
    for step in process.steps:
        for document in step.produces:
            if document in made_inside and not made_by.has_step(step.id):
                continue
            producers.setdefault(document, []).append(step.id)
    wanted_by = {step_id: [d for d in documents if d in producers]
                 for step_id, documents in needs.items() if documents}
    if not any(wanted and process.has_step(step_id) for step_id, wanted in wanted_by.items()):
        return []
    bit, before = documents_before(process, producers)
    problems = []
    for step_id, wanted in wanted_by.items():
        if not wanted or not process.has_step(step_id):
            continue
        for document in wanted:
            makers = producers[document]
            if step_id not in makers:
                produced = bool(before[step_id] & bit[document])
            else:  # the step makes it itself: only another producer counts
                others = [p for p in makers if p != step_id]
                produced = bool(others) and step_id in _forward(process, others)
            if not produced:
                problems.append((step_id, document))
    return problems


# the last answers of _structure_problems: the variant the engine accepts is the original
# of its next round
_STRUCTURE: list[tuple[weakref.ref, list[str]]] = []


def _structure_problems(process: Process) -> list[str]:
    """The messages of :func:`~bpmodel.validate.structural_diagnostics` of ``process``."""
    for known, problems in _STRUCTURE:
        if known() is process:
            return list(problems)
    problems = [] if sound_structure(process) else [
        d.message for d in structural_diagnostics(process)]
    _remember_structure(process, problems)
    return list(problems)


def sound_structure(process: Process) -> bool:
    """Whether :func:`~bpmodel.validate.structural_diagnostics` finds nothing in
    ``process`` (every step reached from the start, an end reached from every step, no
    gateway without branches), worked out on the index lists of its components, which
    the order checks have made already: most variants are sound, and only an unsound one
    needs the diagnostics' words.

    >>> from bpmodel.model import Flow, Process, Step
    >>> p = Process("p", "P", steps=(Step("a", "A"), Step("b", "B")), flows=(Flow("a", "b"),))
    >>> sound_structure(p), sound_structure(p.evolve(flows=(Flow("b", "b"),)))
    (True, False)
    """
    steps = process.steps
    if not steps:
        return True
    components = strong_components(process)
    successors, count = components.successors, len(steps)
    if len(components.ids) != count or len(components.of) != count:  # repeated ids
        return False
    position = {step_id: i for i, step_id in enumerate(components.ids)}
    leaving, entering = [0] * count, [0] * count  # flows out of and into each step
    for flow in process.flows:
        if (i := position.get(flow.source)) is not None:
            leaving[i] += 1
        if (i := position.get(flow.target)) is not None:
            entering[i] += 1
    if any(not leaving[i] and entering[i] < 2 and steps[i].is_gateway
           for i in range(count)):
        return False
    starts = [i for i, s in enumerate(steps) if s.is_event and s.kind == "start"] or [0]
    if not all(_reached(successors, starts)):
        return False
    predecessors: list[list[int]] = [[] for _ in range(count)]
    for u, targets in enumerate(successors):
        for v in targets:
            predecessors[v].append(u)
    return all(_reached(predecessors, [i for i in range(count) if not leaving[i]]))


def _reached(successors, starts: list[int]) -> list[bool]:
    """Which nodes a way along ``successors`` leads to from ``starts`` (included)."""
    seen = [False] * len(successors)
    for start in starts:
        seen[start] = True
    stack = list(starts)
    while stack:
        for target in successors[stack.pop()]:
            if not seen[target]:
                seen[target] = True
                stack.append(target)
    return seen


def _remember_structure(process: Process, problems: list[str]) -> None:
    if not any(known() is process for known, _problems in _STRUCTURE):
        _STRUCTURE[:] = [*_STRUCTURE[-1:], (weakref.ref(process), problems)]


class Guards:
    """The guarantees of :func:`violations` for variants of one ``original``: what the
    original needs (its steps' presence, its late documents, its order of documents,
    its facts of order) is worked out once, on first use, so checking many proposals
    costs only the variant's share; the next round's guards take it over from these
    (shared when the variant reads alike, updated around the merged step of a series
    merge), and with it what the behaviour rules found of the variant. A variant that
    changed steps in their places, or made two tasks in series one, is checked by the
    steps it changed: the stage check, and the order of documents when the graph and the
    documents made are kept (a merge keeps every step's reach).

    >>> from bpmodel.model import Flow, Process, Step
    >>> p = Process("p", "P", steps=(Step("a", "A", keep=True), Step("b", "B")),
    ...             flows=(Flow("a", "b"),))
    >>> Guards(p).violations(p.evolve(steps=(Step("b", "B"),), flows=()))
    ["step 'a' is marked keep and must stay as it is"]
    """

    def __init__(self, original: Process, level: str | None = None,
                 found: FindingsOnDemand | None = None, earlier: Guards | None = None):
        """``earlier``: the guards of the process ``original`` is a variant of (the
        engine's previous round); what they worked out of their original is taken over
        when ``original`` reads alike (:func:`_reads_alike`), and updated around the
        merged step when ``original`` made two of its tasks in series one and changed
        nothing else (:meth:`_needs_after`)."""
        self.original = original
        self.level = level
        # the findings of the original, when the caller has them (the behaviour rules'
        # findings of a variant with the original's graph are the original's)
        self.original_found = found
        self._behaviour: list[str] | None = None
        # the behaviour rules' findings (messages) of the last variant asked of
        self._variant_behaviour: tuple[weakref.ref, list[str]] | None = None
        if earlier is not None and earlier._variant_behaviour is not None \
                and earlier._variant_behaviour[0]() is original \
                and found is not None and earlier.last_found is found:
            # what they found of ``original``, as its findings say
            self._behaviour = earlier._variant_behaviour[1]
        # the findings of the last variant that passed every other check: the behaviour
        # rules ran on it, and the engine asks it for the next round's findings
        self.last_found: FindingsOnDemand | None = None
        self._structure: list[str] | None = None  # the original's structural problems
        # the last variant asked of: where it merged two steps in series, and the steps
        # it changed in their places (see _in_place)
        self._merged: tuple[weakref.ref, tuple[int, int] | None] | None = None
        self._moved: tuple[weakref.ref, tuple | None] | None = None
        if earlier is not None and _reads_alike(earlier.original, original):
            # the same graph, documents, names and actions: the same late documents,
            # order of documents and facts of order
            self.needs = earlier.needs
        else:
            self.needs = (earlier is not None and earlier._needs_after(original)) \
                or _Needs(original)
            if earlier is not None and earlier._needs_changed(original) is not None:
                # the same graph, every step makes what it made: the same order of documents
                self.needs.take_documents(earlier.needs)
        moved = earlier._in_place(original) if earlier is not None else None
        self.kept = _kept(original, earlier, moved)
        self.present = _present(original, earlier, moved)

    # what the original needs, worked out on first use (see _Needs)
    @property
    def already(self) -> set[tuple[str, str]]:
        """The original's own ``(step, document)`` pairs with no producer before."""
        return self.needs.already

    @property
    def made_inside(self) -> set[str]:
        """The documents the original's steps make."""
        return self.needs.made_inside

    @property
    def inside_needs(self) -> dict[str, tuple[str, ...]]:
        """What each step of the original needs of the documents made inside."""
        return self.needs.inside_needs

    @property
    def order(self) -> OrderFacts:
        """The original's facts of order (one bit set a step, never the pairs)."""
        return self.needs.order

    def _in_place(self, variant: Process) -> tuple[list[tuple[Step, Step]], Step | None] | None:
        """The steps ``variant`` changed in their places, as ``(original's step, variant's
        step)`` pairs, and the original's step a series merge removed (else None): when
        the original's step ids are unique and the variant has them in their places (as
        many steps, the same ids) or is a series merge of it; else None. The steps of the
        variant in no pair are the original's (the same objects). Two light passes."""
        known = self._moved
        if known is not None and known[0]() is variant:
            return known[1]
        original, steps, found = self.original, variant.steps, None
        if self.needs.unique_ids:
            gone, pairs = None, None
            if len(steps) == len(original.steps):
                pairs = list(changed_pairs(original, variant))
            elif (places := self.merge_places(variant)) is not None:
                first, second = places
                gone = original.steps[second]
                if merge_said(original, variant) == places:  # the others as they were
                    old, new = original.steps[first], steps[first - (first > second)]
                    pairs = [(old, new)] if old is not new else []
                else:
                    aligned = original.steps[:second] + original.steps[second + 1:]
                    flags = list(map(is_not, aligned, steps))
                    pairs = list(zip(compress(aligned, flags), compress(steps, flags)))
            if pairs is not None and all(old.id == new.id for old, new in pairs):
                found = (pairs, gone)
        self._moved = (weakref.ref(variant), found)
        return found

    def _merge_keeping_documents(self, variant: Process) -> tuple[Step, Step, Step] | None:
        """``(first, second, merged)`` when ``variant`` made two tasks in series of the
        original one (:func:`~bpmodel.analysis.components.series_merge`), the merged step
        makes what both made and no other step changed: every step keeps its reach and
        the documents before it (:func:`~bpmodel.simplify.documents_order.after_series_merge`)."""
        places = self.merge_places(variant)
        moved = self._in_place(variant) if places is not None else None
        if moved is None:
            return None
        pairs, second = moved
        first = self.original.steps[places[0]]
        if len(pairs) > 1 or (pairs and pairs[0][0] is not first):
            return None
        merged = pairs[0][1] if pairs else first
        if set(merged.produces) != set(first.produces) | set(second.produces):
            return None
        return first, second, merged

    def _needs_after(self, variant: Process) -> _Needs | None:
        """What ``variant`` needs as an original, updated from this original's around the
        merged step when ``variant`` is a merge of :meth:`_merge_keeping_documents`."""
        merge = self._merge_keeping_documents(variant)
        return self.needs.after_merge(variant, *merge) if merge is not None else None

    def _merge_order_problems(self, variant: Process) -> list[str] | None:
        """:meth:`order_problems` of a merge of :meth:`_merge_keeping_documents` (else
        None): the other steps keep their documents before them and their order, so only
        what the merged step needs is asked, of the original's order of documents."""
        merge = self._merge_keeping_documents(variant)
        if merge is None:
            return None
        first, second, merged = merge
        documents = self.needs.documents
        ends = (second.id,)
        # on a loop, the first step had the second's documents before it (round the loop)
        looping = first.id in documents.loop_of
        problems = []
        for document in dict.fromkeys((*self.inside_needs[first.id], *merged.needs)):
            if not documents.made(document) or documents.made_before(first.id, document, ends):
                continue
            # the original's own late documents stay as they were
            if document not in first.needs or (
                    looping and second.id in documents.producers[document]):
                problems.append(_late(first.id, document, variant))
        return problems

    def structure_problems(self, variant: Process, same: bool | None = None) -> list[str]:
        """What :func:`~bpmodel.validate.structural_diagnostics` says of ``variant``: the
        original's answer when the variant has its graph (it changed no step's id, type or
        kind and no flow), which the checks read alone, or when it is the sound original
        with two tasks in series made one. ``same`` says whether it has (when
        the caller knows)."""
        same = same_graph(self.original, variant) if same is None else same
        # two tasks in series made one: every step keeps its reach, so a sound original
        # has a sound variant
        if not same and (self.original_structure() or not self.merged_in_series(variant)):
            return _structure_problems(variant)
        _remember_structure(variant, self.original_structure())  # the next round's original
        return list(self.original_structure())

    def original_structure(self) -> list[str]:
        """The structural problems of the original (worked out once)."""
        if self._structure is None:
            self._structure = _structure_problems(self.original)
        return self._structure

    def merged_in_series(self, variant: Process) -> bool:
        """Whether ``variant`` is the original with two tasks in series made one
        (:func:`~bpmodel.analysis.components.series_merge`): the graph alone says of it
        what it says of the original."""
        return self.merge_places(variant) is not None

    def merge_places(self, variant: Process) -> tuple[int, int] | None:
        """The places in the original of the two steps ``variant`` made one
        (:func:`~bpmodel.analysis.components.series_merge_places`), or None."""
        known = self._merged
        if known is None or known[0]() is not variant:
            known = self._merged = (weakref.ref(variant),
                                    series_merge_places(self.original, variant))
        return known[1]

    def fresh(self) -> Guards:
        """The same guards (what the original needs is not worked out again), holding no
        findings of a variant yet: for another run from the same original."""
        other = copy(self)
        other.last_found = None
        return other

    def stage_problems(self, variant: Process) -> list[str]:
        """As :func:`stage_problems`, asked only of the steps the variant changed when it
        has the original's steps in their places (the others are the original's)."""
        moved = self._in_place(variant)
        steps = variant.steps if moved is None else [new for _old, new in moved[0]]
        return _stage_problems(self.original, steps)

    def presence_problems(self, variant: Process) -> list[str]:
        """As :func:`presence_problems`, with the original's presence known."""
        problems = []
        for step, presence in self.present:
            if not variant.has_step(step.id):
                continue
            now = variant.step(step.id)
            if now.contact in REMOTE and now.contact != step.contact:
                problems.append(_presence_message(presence).format(
                    step=repr(step.id), channel=now.contact))
        return problems

    def order_problems(self, variant: Process) -> list[str]:
        """As :func:`order_problems`, with the original's share computed once (and, for
        two tasks in series made one, only what the merged step needs asked)."""
        local = self._merge_order_problems(variant)
        if local is None:
            local = self._needs_order_problems(variant)
        return local if local is not None else self.order_problems_in_full(variant)

    def _needs_changed(self, variant: Process) -> list[tuple[Step, Step]] | None:
        """The steps ``variant`` changed, as ``(original's, variant's)`` pairs, when it has
        the original's graph and every step makes what it made (only what steps need, do
        or are called changed): the documents before every step are the original's."""
        moved = self._in_place(variant)
        if moved is None or moved[1] is not None or not same_graph(self.original, variant) \
                or any(set(old.produces) != set(new.produces) for old, new in moved[0]):
            return None
        return moved[0]

    def _needs_order_problems(self, variant: Process) -> list[str] | None:
        """:meth:`order_problems` of a variant of :meth:`_needs_changed` (else None): the
        order of documents and the facts of order stay the original's (none is broken,
        the reach of every step is the same), so only the changed steps' needs are asked."""
        pairs = self._needs_changed(variant)
        if pairs is None:
            return None
        documents, problems = self.needs.documents, []
        for old, new in pairs:
            for document in dict.fromkeys((*self.inside_needs[old.id], *new.needs)):
                # the original's own late documents stay as they were
                if documents.made(document) and document not in old.needs \
                        and not documents.made_before(new.id, document):
                    problems.append(_late(new.id, document, variant))
        return problems

    def order_problems_in_full(self, variant: Process) -> list[str]:
        """:meth:`order_problems` with every step of ``variant`` asked."""
        problems = []
        # what each step needed of documents made inside the process, even if the variant
        # fetches them for it now: the order in which they must exist stays
        needed = {step_id: tuple(dict.fromkeys(
            (*inside, *(variant.step(step_id).needs if variant.has_step(step_id) else ()))))
            for step_id, inside in self.inside_needs.items()}
        needed.update({s.id: s.needs for s in variant.steps if s.id not in needed})
        for step_id, document in _unproduced(variant, needed, made_by=self.original):
            if (step_id, document) not in self.already:
                problems.append(_late(step_id, document, variant))
        for step_id, document in self.lost_documents(variant):
            problems.append(_("step {step} still needs {document}, which no step of the "
                              "variant makes any more").format(
                step=repr(step_id), document=document_label(variant, document)))
        # which earlier steps still have a way to each step: one pass for all the facts
        # (none of them is broken when two tasks in series became one: every step that
        # is left keeps its reach)
        order = self.order
        if not order.earlier or self.merged_in_series(variant):
            return problems
        reached = carried(variant, order.bit)
        kept = order.mask(step_id for step_id in order.candidates if variant.has_step(step_id))
        broken = []
        for later, earlier in order.earlier.items():
            if later in reached and (missing := earlier & kept & ~reached[later]):
                broken.extend((step_id, later) for step_id in order.named(missing))
        for earlier, later in sorted(broken):
            problems.append(_("step {later} would no longer come after {earlier}, whose "
                              "result it rests on").format(later=repr(later),
                                                           earlier=repr(earlier)))
        return problems

    def lost_documents(self, variant: Process) -> list[tuple[str, str]]:
        """``(step, document)`` pairs where a step of ``variant`` needs a document that the
        original's steps make and that no step of the original left in the variant makes
        any more (its maker removed, its output handed to nobody). Such a document is not
        one the applicant brings: :func:`missing_producers` would read it so, as it reads
        every document no step makes."""
        made_now = {d for s in variant.steps if self.original.has_step(s.id)
                    for d in s.produces}
        lost = self.made_inside - made_now
        if not lost:
            return []
        return [(s.id, d) for s in variant.steps for d in s.needs if d in lost]

    def violations(self, variant: Process) -> list[str]:
        """What in ``variant`` breaks a guarantee (see :func:`violations`)."""
        original = self.original
        problems = [p for s in self.kept for p in keep_problems(s, original, variant)]
        problems.extend(self.presence_problems(variant))
        problems.extend(self.stage_problems(variant))
        if self.level == "safe":
            problems.extend(rule_problems(original, variant))
        same = same_graph(original, variant)
        # the original keeps its own order (its late documents are known, its facts of
        # order are read from it): so does a variant with its graph and its documents
        if not (same and _same_documents(original, variant)):
            problems.extend(self.order_problems(variant))
        problems.extend(self.structure_problems(variant, same))
        if not problems:
            found = FindingsOnDemand(variant, earlier=self.original_found)
            self.last_found = found
            problems.extend(self.behaviour_problems(variant, found, same))
        return problems

    def behaviour_problems(self, variant: Process, found: FindingsOnDemand,
                           same: bool | None = None) -> list[str]:
        """The findings of the behaviour rules (deadlocks, lack of synchronization) on
        ``variant``: they read the graph alone (flows, the kinds of gateways and events,
        sub-processes), so a variant with the original's graph, or with two of its tasks
        in series made one, has none when the original has none, and they are not run
        again. ``same`` says whether it has the original's graph (when the caller knows)."""
        if same is None:
            same = same_graph(self.original, variant)
        if (same or self.merged_in_series(variant)) and not self.original_behaviour():
            found.none_found(BEHAVIOUR_RULES)
            problems = []
        else:
            problems = [f.message for f in found.of(BEHAVIOUR_RULES)]
        # the next round's guards, of this variant with these findings, take them over
        self._variant_behaviour = (weakref.ref(variant), problems)
        return list(problems)

    def original_behaviour(self) -> list[str]:
        """The behaviour rules' findings of the original (run once)."""
        if self._behaviour is None:
            found = self.original_found or FindingsOnDemand(self.original)
            self._behaviour = [f.message for f in found.of(BEHAVIOUR_RULES)]
        return self._behaviour

    def found_of(self, variant: Process) -> FindingsOnDemand | None:
        """The findings of ``variant`` (run on demand) if this guard checked it last and it
        passed every other check, else None."""
        if self.last_found is None or self.last_found.process is not variant:
            return None
        return self.last_found


class _Needs:
    """What the guards read of their original, each part worked out on first use and
    handed on: shared by the guards of a variant that reads alike, updated around the
    merged step for a series merge (:meth:`after_merge`)."""

    def __init__(self, original: Process):
        self.original = original

    @cached_property
    def unique_ids(self) -> bool:
        """Whether no two steps of the original share an id."""
        steps = self.original.steps
        return len({s.id for s in steps}) == len(steps)

    @cached_property
    def already(self) -> set[tuple[str, str]]:
        return set(missing_producers(self.original))

    @cached_property
    def made_inside(self) -> set[str]:
        return {d for s in self.original.steps for d in s.produces}

    @cached_property
    def inside_needs(self) -> dict[str, tuple[str, ...]]:
        made_inside = self.made_inside
        return {s.id: tuple(d for d in s.needs if d in made_inside)
                for s in self.original.steps}

    @cached_property
    def order(self) -> OrderFacts:
        return order_facts(self.original)

    @cached_property
    def documents(self) -> DocumentOrder:
        return document_order(self.original)

    def take_documents(self, earlier: _Needs) -> None:
        """Take over what ``earlier`` worked out of the documents its steps make, for an
        original with its graph whose steps make what they made."""
        for part in ("unique_ids", "made_inside", "documents"):
            if part in earlier.__dict__:
                self.__dict__[part] = earlier.__dict__[part]

    def after_merge(self, variant: Process, first: Step, second: Step, merged: Step
                    ) -> _Needs:
        """What ``variant`` needs, ``second`` merged into ``first`` (now ``merged``, which
        makes what both made; no other step changed): the parts already worked out are
        updated around the merged step, the others are left to be worked out on use."""
        needs, known = _Needs(variant), self.__dict__
        needs.unique_ids = True  # one id less, the merged step keeps the first's
        if "made_inside" in known:
            needs.made_inside = self.made_inside  # the merged step makes what both made
        if "inside_needs" in known:
            inside = dict(self.inside_needs)
            del inside[second.id]
            inside[first.id] = tuple(d for d in merged.needs if d in self.made_inside)
            needs.inside_needs = inside
        if "documents" in known:
            documents = needs.documents = after_series_merge(
                self.documents, first.id, second.id, second.produces)
            if "already" in known:
                gone = (first.id, second.id)
                needs.already = {pair for pair in self.already if pair[0] not in gone} | {
                    (first.id, d) for d in merged.needs
                    if documents.made(d) and not documents.made_before(first.id, d)}
        return needs


def _kept(original: Process, earlier: Guards | None, moved: tuple | None) -> list[Step]:
    """The steps of ``original`` marked keep: the earlier guards' when ``original`` (their
    variant) changed no step marked keep in its place (``moved``, see
    :meth:`Guards._in_place`) nor removed one."""
    if moved is not None:
        pairs, gone = moved
        if not (gone is not None and gone.keep) and not any(
                old.keep or new.keep for old, new in pairs):
            return earlier.kept
    return [s for s in original.steps if s.keep]


def _present(original: Process, earlier: Guards | None, moved: tuple | None
             ) -> list[tuple[Step, str]]:
    """The steps of ``original`` that need someone in person or happen on site, with
    which: the earlier guards' when ``original`` (their variant) changed no such step in
    its place (``moved``, see :meth:`Guards._in_place`) nor removed one."""
    if moved is not None:
        pairs, gone = moved
        if not (gone is not None and presence_of(gone) is not None) and not any(
                presence_of(old) is not None or presence_of(new) is not None
                for old, new in pairs):
            return earlier.present
    return [(s, presence) for s in original.steps if (presence := presence_of(s)) is not None]


def _late(step_id: str, document: str, process: Process) -> str:
    """Why ``step_id`` would need ``document`` before it exists; a step that would need
    what it produces itself (two steps merged, the second of which used the first's
    report) says so, rather than that it starts before its own product."""
    if process.has_step(step_id) and document in process.step(step_id).produces:
        return _("step {step} would need {document}, which it produces itself").format(
            step=repr(step_id), document=document_label(process, document))
    return _("step {step} would start before {document} is produced").format(
        step=repr(step_id), document=document_label(process, document))


def document_label(process: Process, document_id: str) -> str:
    """A document as a reason names it: its name and id, or its id when it declares no
    other name (a step and a document may share an id).

    >>> from bpmodel.model import Document
    >>> p = Process("p", "P", documents=(Document("laporan", "Laporan hasil survei"),))
    >>> document_label(p, "laporan"), document_label(p, "kode")
    ("'Laporan hasil survei' (laporan)", "'kode'")
    """
    document = process.document(document_id)
    if document is None or not document.name or document.name == document_id:
        return repr(document_id)
    return f"{document.name!r} ({document_id})"


# what a step may change and still read alike: how and when it is done, what it costs
# (not its system: a step's action is read knowing whether it works in one)
_HOW = dict.fromkeys(("contact", "work", "wait", "fee", "costs", "time_known",
                      "work_known", "fee_known", "fee_formula", "visit_overhead",
                      "visit_cost"))


def _reads_alike(original: Process, variant: Process) -> bool:
    """Whether ``variant`` has the graph and actors of ``original`` and each of its steps
    differs from the step in its place at most in how and when it is done (channel,
    times, fee, costs): the documents it needs and makes, its name, action and system are
    the same, so are its late documents and facts of order."""
    if original is variant:
        return True
    if not (original.actors is variant.actors or original.actors == variant.actors) \
            or not same_graph(original, variant):
        return False
    fields = [f for f in _HOW if hasattr(original.steps[0], f)] if original.steps else []
    return all(replace(y, **{f: getattr(x, f) for f in fields}) == x
               for x, y in changed_pairs(original, variant))


def _same_documents(original: Process, variant: Process) -> bool:
    """Whether every step of ``variant`` needs and produces what the step in its place in
    ``original`` does (for processes of the same graph)."""
    return all(x.needs == y.needs and x.produces == y.produces
               for x, y in changed_pairs(original, variant))


def _presence_message(presence: str) -> str:
    return (_("step {step} needs someone in person and cannot move {channel}")
            if presence == "in-person" else
            _("step {step} happens on site and cannot move {channel}"))


def order_problems(original: Process, variant: Process) -> list[str]:
    """Documents needed before they exist, and facts of order (a check before the decision
    on it, an issuance before its collection) the variant no longer keeps."""
    return Guards(original).order_problems(variant)


def rule_problems(original: Process, variant: Process) -> list[str]:
    """Steps a rule demands (``legal_basis``) that the variant removes while no remaining
    step answers to that rule: a rule change, which ``safe`` never makes."""
    remaining = {b.strip().lower() for s in variant.steps if s.legal_basis
                 for b in s.legal_basis.split(";")}
    problems = []
    for step in original.steps:
        if step.legal_basis and not variant.has_step(step.id) and not all(
                b.strip().lower() in remaining for b in step.legal_basis.split(";")):
            problems.append(_("step {step} is demanded by {basis}; removing it changes a rule, "
                              "which the safe level never does").format(
                step=repr(step.id), basis=step.legal_basis))
    return problems


def violations(original: Process, variant: Process, level: str | None = None) -> list[str]:
    """What in ``variant`` breaks a guarantee, in words (empty when it is acceptable).
    At ``level="safe"`` a variant also changes no rule. To check many variants of one
    original, make :class:`Guards` once."""
    return Guards(original, level).violations(variant)
