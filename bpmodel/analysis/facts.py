"""Facts about one process that the rules share, each computed once and on demand.

A rule's ``check(context)`` reads ``context.facts``, a :class:`Facts`. Everything it offers
is public and named: by step id (:attr:`Facts.order`, :attr:`Facts.back_flows`,
:attr:`Facts.loops`, :meth:`Facts.common_dominator`, :meth:`Facts.cost`...) and, for the
passes that must stay fast on 100,000 steps, by step index (:attr:`Facts.step_ids`,
:attr:`Facts.successors`, :attr:`Facts.back_edges`, :attr:`Facts.order_indices`,
:attr:`Facts.preds`).

A depth-first search gives the rework flows (back edges) and a topological order of the
rest; the dataflows that ask "what came before on the way here" walk that order; loops
get their chance of going round from the branch weights; dominators tell parallel from
alternative branches. Times, expected runs and documents requested come from the
analysis itself (:mod:`bpmodel.analysis.paths`, :mod:`bpmodel.analysis.requests`), so
savings count as the measures do. Everything is linear in the number of steps and flows
(plus the loops' sizes); the hot passes work on step indices and lists, which on 100,000
steps costs a fraction of looking steps up by id.

The facts of a variant (the simplify engine's next round, ``earlier``: its original's
facts) take over what holds for it too: with the same graph, everything read from the
graph alone; for a series merge (:func:`~bpmodel.analysis.components.series_merge`), the
places of the steps, the search, the loops and the ranks with the second step left out;
when its steps have the original's ids in order (less a series merge's second), the
actions, the groups by action and object, the documents asked of the applicant and what
:meth:`Facts.steps_where` found, worked out again only for the steps it does not share;
and a rule may keep what it worked out for the next round (:meth:`Facts.remember`).
``tests/test_incremental_findings.py`` compares each with a fresh build.

>>> import bpmodel
>>> facts = Facts(bpmodel.load_process(bpmodel.default_process_path()))
>>> sorted(facts.back_flows)
[('resubmit', 'check')]
>>> round(facts.runs["resubmit"], 4), facts.runs["pay"]
(0.4286, 1.0)
>>> sorted(facts.loops["check"].body), facts.dominators["pay"]
(['check', 'complete', 'notify_missing', 'resubmit'], 'compute_fee')

The same by step index:

>>> check = facts.index("check")
>>> [facts.step_ids[v] for v in facts.successors[check]]
['complete']
>>> [(facts.step_ids[u], facts.step_ids[v]) for u, v in facts.back_edges]
[('resubmit', 'check')]
"""

from __future__ import annotations

import math
import operator
import weakref
from bisect import bisect_left
from collections import deque
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, fields
from functools import cached_property
from itertools import compress, repeat

from ..graph import Dominators, depth_first, immediate_dominators, reachable
from ..model import BOUNDARY, Flow, Process, Step
from .actions import Lexicon, Reading, default_lexicon, object_words, read_step
from .components import same_graph, series_merge_places
from .errors import AnalysisError
from .flowgraph import Links, branch_weights
from .paths import timing
from .requests import requested_documents
from .roles import applicant_kinds, applicant_kinds_of
from .saving import Saving

_PROBABILISTIC = ("xor", "or", "event")
MAX_ENDS = 64
REACH_BUDGET = 2000


@dataclass(frozen=True, slots=True)
class Cost:
    """What some steps take per case: applicant visits, hours (a visit's travel and queue
    time included), fees, the price of the hours (None when the process has no tariff for
    someone who spends time) and the applicant's out-of-pocket costs (a visit's fare
    included)."""

    visits: float = 0.0
    applicant_hours: float = 0.0
    staff_hours: float = 0.0
    fees: float = 0.0
    applicant_money: float | None = 0.0
    staff_money: float | None = 0.0
    out_of_pocket: float = 0.0

    @property
    def money(self) -> float | None:
        """The price of the hours of applicant and staff (None when either is unknown)."""
        if self.applicant_money is None or self.staff_money is None:
            return None
        return self.applicant_money + self.staff_money


@dataclass(frozen=True, slots=True)
class Loop:
    """A loop: its header, its steps, the steps whose flows go back to the header, the
    chance that a pass goes round again, and the runs of its steps in one pass from the
    header, with the loop's own decisions free to go round (``local``) or sent out at once
    (``first_time``: the case is right the first time)."""

    header: str
    body: frozenset[str]
    sources: tuple[str, ...]
    chance: float
    local: Mapping[str, float]
    first_time: Mapping[str, float]


@dataclass(frozen=True, slots=True)
class IndexedSteps:
    """The process's steps and flows as integer lists (see :attr:`Facts.indexed`)."""

    ids: list[str]
    index: dict[str, int]
    successors: list[list[int]]


@dataclass(frozen=True, slots=True)
class Search:
    """A depth-first search from the entries (see :attr:`Facts.search`): the back edges as
    (source, target) step indices, the step indices in reverse post-order, and for every
    step index whether it is reached from the entries."""

    back: frozenset[tuple[int, int]]
    order: list[int]
    reached: list[bool]
    roots: tuple[int, ...] = ()  # the entries it started from


def _merged_search(search: Search, first: int, second: int) -> Search | None:
    """The search of a process made of the searched one by merging the task at ``second``
    into the task at ``first`` in series (:func:`~bpmodel.analysis.components.series_merge`:
    ``first`` flows only into ``second``, nothing else does, and ``first`` takes over the
    flows of ``second`` in their order): None unless ``first`` is reached from the entries
    and ``second`` is not an entry. The search then went from ``first`` straight to
    ``second`` and on as the merged task goes on: the same order without ``second``, the
    same back edges with the flows of ``second`` leaving from ``first``, every place after
    ``second`` one lower."""
    if not search.reached[first] or second in search.roots:
        return None

    def place(k: int) -> int:
        return k - 1 if k > second else k

    order = list(search.order)
    order.remove(second)  # every step once; then the places after it one lower (C loops)
    return Search(frozenset((place(first) if u == second else place(u), place(v))
                            for u, v in search.back),
                  list(map(operator.sub, order, map(operator.gt, order, repeat(second)))),
                  search.reached[:second] + search.reached[second + 1:],
                  tuple(place(k) for k in search.roots))


class _ByStep(Mapping):
    """Values held by step index, read by step id."""

    def __init__(self, values: list, index: dict[str, int]):
        self._values = values
        self._index = index

    def __getitem__(self, step_id: str):
        return self._values[self._index[step_id]]

    def __iter__(self):
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)


# readings by step object: the simplify engine's variants share most steps with their
# original, and a step's reading depends only on it and on the kind of its actor
_READINGS: dict[int, tuple[Step, str | None, Lexicon, Reading]] = {}


def _read(step: Step, process: Process, lexicon: Lexicon) -> Reading:
    """:func:`~bpmodel.analysis.actions.read_step`, remembered for each step object."""
    actor = process.actor(step.actor) if step.actor else None
    kind = actor.kind if actor else None
    known = _READINGS.get(id(step))
    if known is not None and known[0] is step and known[1] == kind and known[2] is lexicon:
        return known[3]
    reading = read_step(step, process, lexicon)
    if len(_READINGS) >= 100_000:
        _READINGS.clear()
    _READINGS[id(step)] = (step, kind, lexicon, reading)  # the step is kept: its id stays
    return reading


def _made_inside(facts: Facts, step: Step) -> bool:
    """Whether a step that does not involve the applicant makes documents (of the step
    alone, with the process's actors: see :meth:`Facts.steps_where`)."""
    return bool(step.produces) and applicant_kinds_of(facts.process, (step,))[0] is None


_PRODUCES = operator.attrgetter("produces")


class _Verdicts:
    """What a predicate of :meth:`Facts.steps_where` said of each step object it was asked
    of, for one lexicon and one list of actors: the steps met (kept, so that no other
    object gets their ids while they are here) and those it holds for, by ``id``."""

    __slots__ = ("lexicon", "actors", "met", "chosen")

    def __init__(self, lexicon: Lexicon, actors: tuple):
        self.lexicon, self.actors = lexicon, actors
        self.met: dict[int, Step] = {}
        self.chosen: dict[int, Step] = {}


_STEP_VERDICTS: dict[object, _Verdicts] = {}
MAX_REMEMBERED_STEPS = 100_000


def _reads_alike(earlier: Facts, facts: Facts) -> bool:
    """Whether a step shared by the processes of both facts reads the same in both: the
    same lexicon, and the same actors (a step is read knowing its actor's kind)."""
    mine, theirs = facts.process.actors, earlier.process.actors
    return earlier.lexicon is facts.lexicon and (mine is theirs or mine == theirs)


# the last two facts made (not kept alive here): a variant's facts take the structure of
# its original's
_RECENT: list[weakref.ref] = []
_ID = operator.attrgetter("id")


class Facts:
    """Derived, cached knowledge about a process, shared by the rules of one run."""

    def __init__(self, process: Process, lexicon: Lexicon | None = None, share: bool = True,
                 earlier: Facts | None = None):
        """``earlier``: the facts of a process that shares steps with this one (the simplify
        engine's previous round); what they read of a shared step alone (its actions, its
        object words) is taken over when both read with the same lexicon and actors."""
        self.process = process
        self.lexicon = lexicon or default_lexicon()
        self._earlier = earlier if earlier is not None and _reads_alike(earlier, self) else None
        if earlier is not None:
            earlier._earlier = None  # one round back is enough: the run is not kept alive
        self._readings: dict[str, Reading] = {}  # by step id
        self._weights: dict[str, dict[int, float]] = {}
        self._weights_by_index: dict[int, dict[int, float]] = {}
        self._by_key: dict[tuple[str, ...], dict] = {}
        self._objects: dict[str, frozenset[str]] = {}
        self._next: dict[str, list[str]] = {}
        # the verdicts each steps_where key read, with every step of this process met
        self._verdicts: dict[object, _Verdicts] = {}
        self._where: dict[object, list[Step]] = {}  # what steps_where found, by key
        self._remembered: dict[object, object] = {}  # what rules kept for the next round
        if share:  # else everything is worked out afresh
            self._share_structure(earlier)
            if earlier is not None and "search" not in self.__dict__:
                self._take_over_merge(earlier)

    # facts read from the graph alone (see :func:`~bpmodel.analysis.components.same_graph`)
    _STRUCTURAL = ("_places", "indexed", "search", "back_flows", "order", "preds", "in_degree",
                   "all_predecessors", "finishing", "in_loops", "rank", "dominance",
                   "dominators", "entries", "reached")

    def _share_structure(self, given: Facts | None = None) -> None:
        """Take over what the ``given`` or a recent :class:`Facts` of a process with the
        same graph worked out from the graph alone: the simplify engine's variants mostly
        change what steps do, not how they are linked."""
        for earlier in (given, *(known() for known in reversed(_RECENT))):
            if earlier is not None and same_graph(earlier.process, self.process):
                for name in self._STRUCTURAL:
                    if name in earlier.__dict__:
                        self.__dict__[name] = earlier.__dict__[name]
                break
        _RECENT[:] = [*_RECENT[-1:], weakref.ref(self)]

    def _take_over_merge(self, earlier: Facts) -> None:
        """When this process is ``earlier``'s with two tasks in series made one
        (:func:`~bpmodel.analysis.components.series_merge`, as compose-steps makes them),
        take over the places of the steps (the second task's id gone, every place after it
        one lower: the variant has the original's step ids in their order without it), the
        depth-first search, the steps in loops and the ranks ``earlier`` worked out: the
        second task is gone and the first, in its loops, goes on where it went on (see
        :func:`_merged_search`), so every rank after the second's is one lower."""
        search = earlier.__dict__.get("search")
        if search is None and "_places" not in earlier.__dict__:
            return
        merged = series_merge_places(earlier.process, self.process)
        if merged is None:
            return
        ids, index = earlier._places
        if len(index) != len(ids):  # repeated ids: places are not ids
            return
        first, second = merged
        mine = ids[:second] + ids[second + 1:]
        places = index.copy()  # their order less the second's id, the later places one lower
        del places[ids[second]]
        places.update(zip(ids[second + 1:], range(second, len(mine))))
        self.__dict__["_places"] = (mine, places)
        if search is None:
            return
        derived = _merged_search(search, first, second)
        if derived is None:
            return
        self.__dict__["search"] = derived
        if "in_loops" in earlier.__dict__:
            self.__dict__["in_loops"] = earlier.in_loops - {ids[second]}
        if "rank" in earlier.__dict__:
            # the order without the second step: every rank after its rank one lower
            ranks = earlier.rank._values
            ranks = ranks[:second] + ranks[second + 1:]
            cut = earlier.rank._values[second]
            self.__dict__["rank"] = _ByStep(
                list(map(operator.sub, ranks, map(operator.gt, ranks, repeat(cut)))),
                self.position)

    # -- steps -----------------------------------------------------------------------------
    @property
    def position(self) -> dict[str, int]:
        """Index of each step in the process's list of steps."""
        return self._places[1]

    def reading(self, step_id: str) -> Reading:
        """What the step's name says, read with its actor and system (names are read once:
        the lexicon caches them)."""
        found = self._readings.get(step_id)
        if found is None and self._earlier is not None and self._shares(step_id):
            found = self._earlier._readings.get(step_id)
            if found is not None:
                self._readings[step_id] = found
        if found is None:
            found = self._readings[step_id] = _read(self.process.step(step_id), self.process,
                                                    self.lexicon)
        return found

    @cached_property
    def _fresh(self) -> frozenset[str] | None:
        """The ids of the steps this process does not share (the same objects) with the
        process of the earlier facts; None without earlier facts (nothing is shared)."""
        earlier = self._earlier
        if earlier is None:
            return None
        mine, theirs = self.process.steps, earlier.process.steps
        self.__dict__["_removed"] = None
        if len(mine) == len(theirs):
            pairs = list(compress(zip(theirs, mine), map(operator.is_not, theirs, mine)))
            self.__dict__["_aligned"] = aligned = all(x.id == y.id for x, y in pairs)
            if aligned:
                self.__dict__["_removed"] = frozenset()
            return frozenset(y.id for _x, y in pairs)
        self.__dict__["_aligned"] = False
        merged = series_merge_places(earlier.process, self.process) \
            if len(mine) + 1 == len(theirs) \
            and len(earlier.process._steps_by_id) == len(theirs) else None
        if merged is not None:  # their ids in their order, the second step's gone
            gone = merged[1]
            kept = theirs[:gone] + theirs[gone + 1:]
            self.__dict__["_removed"] = frozenset((theirs[gone].id,))
            return frozenset(compress(map(_ID, mine), map(operator.is_not, kept, mine)))
        known = {id(s) for s in theirs}  # the earlier process keeps its steps alive
        return frozenset(s.id for s in mine if id(s) not in known)

    @property
    def _aligned(self) -> bool:
        """Whether this process has the earlier facts' step ids in the same order (a dict by
        step id of theirs then has the keys of ours, in our order)."""
        return self._fresh is not None and self.__dict__["_aligned"]

    @property
    def _in_order(self) -> bool:
        """Whether this process has the earlier facts' step ids, each once, in their order,
        less the ids in ``_removed`` (none when :attr:`_aligned`; the second step of a
        series merge): a list of theirs in their order, without the steps not shared, is
        in our order."""
        return self._fresh is not None and self.__dict__["_removed"] is not None \
            and len(self.process._steps_by_id) == len(self.process.steps)

    def _shares(self, step_id: str) -> bool:
        """Whether the step is the same object in the earlier facts' process."""
        fresh = self._fresh
        return fresh is not None and step_id not in fresh

    def _known(self, name: str) -> tuple[dict | None, frozenset[str]]:
        """The earlier facts' ``name`` (a dict by step id; None when they have not worked
        it out) and the ids of the steps whose values it does not hold for this process."""
        earlier = self._earlier
        known = earlier.__dict__.get(name) if earlier is not None else None
        return (known, self._fresh) if known is not None else (None, frozenset())

    @cached_property
    def actions(self) -> dict[str, str | None]:
        """The action of every step (given or inferred from its name; None off tasks)."""
        known, fresh = self._known("actions")
        if known is None:
            return {s.id: (s.action or self.reading(s.id).action or "other") if s.is_task
                    else None for s in self.process.steps}
        if self._in_order:  # theirs without the removed, with the fresh steps' read again
            out = dict(known)
            for step_id in self.__dict__["_removed"]:
                del out[step_id]
            out.update((s.id, (s.action or self.reading(s.id).action or "other")
                        if s.is_task else None)
                       for s in map(self.process._steps_by_id.__getitem__, fresh))
            return out
        if self._aligned:  # theirs, with the fresh steps' read again
            out = dict(known)
            out.update((s.id, (s.action or self.reading(s.id).action or "other")
                        if s.is_task else None)
                       for s in self.process.steps if s.id in fresh)
            return out
        return {s.id: known[s.id] if s.id not in fresh else
                (s.action or self.reading(s.id).action or "other") if s.is_task else None
                for s in self.process.steps}

    def step_reading(self, step: Step) -> Reading:
        """What the name of this step object says (:meth:`reading` by object, not by id)."""
        return _read(step, self.process, self.lexicon)

    def step_action(self, step: Step) -> str | None:
        """The action of this step object (:attr:`actions` by object, not by id)."""
        if not step.is_task:
            return None
        return step.action or self.step_reading(step).action or "other"

    def step_actions(self, step: Step) -> tuple[str, ...]:
        """Every action of this step object (:attr:`all_actions` by object, not by id)."""
        if not step.is_task:
            return ()
        main = self.step_action(step)
        return tuple(dict.fromkeys(
            [main, *(a for a in self.step_reading(step).actions if a != "other")]))

    def steps_where(self, key: object, predicate) -> list[Step] | None:
        """The steps, in process order, for which ``predicate(facts, step)`` is true.

        ``predicate`` must read only the step object itself, its actor among the
        process's actors, and what :meth:`step_reading`, :meth:`step_action` and
        :meth:`step_actions` say of it; ``key`` names the predicate with whatever else it
        reads (a rule's name and options). Its verdict is then the same for a step object
        wherever it stands, so it is remembered for each step object (for one lexicon and
        one list of actors) and a process pays for the steps not met before, plus C-level
        scans: the simplify engine's variants share most step objects with their original.
        None for a process with repeated step ids: what a rule reads by id there may be
        another step's, so the rule reads every step as it would without.

        >>> import bpmodel
        >>> facts = Facts(bpmodel.load_process(bpmodel.default_process_path()))
        >>> [s.id for s in facts.steps_where("doc: pays", lambda f, s: f.step_action(s) == "pay")]
        ['pay']
        """
        process = self.process
        by_id = process._steps_by_id  # the process's own index, made once per process
        if len(by_id) != len(process.steps):
            return None  # repeated ids: what a rule reads by id may be another step's
        memo = _STEP_VERDICTS.get(key)
        if memo is None or memo.lexicon is not self.lexicon or (
                memo.actors is not process.actors and memo.actors != process.actors):
            memo = _STEP_VERDICTS[key] = _Verdicts(self.lexicon, process.actors)
        met = memo.met
        earlier = self._earlier
        carried = earlier is not None and earlier._verdicts.get(key) is memo
        if carried:
            # every step of the earlier process was met and is still: only the steps
            # this process does not share with it may be new
            fresh = list(map(by_id.__getitem__, self._fresh))
            new = [s for s in fresh if id(s) not in met]
        else:
            new = list(compress(process.steps, map(operator.not_, map(
                met.__contains__, self._step_object_ids))))
        if new:
            if len(met) + len(new) > MAX_REMEMBERED_STEPS:  # a new memo: others' is stale
                memo = _STEP_VERDICTS[key] = _Verdicts(self.lexicon, process.actors)
                met, new, carried = memo.met, list(process.steps), False
            for step in new:
                met[id(step)] = step
                if predicate(self, step):
                    memo.chosen[id(step)] = step
        self._verdicts[key] = memo
        if carried and self._in_order and key in earlier._where:
            found = self._carried_where(earlier, earlier._where[key], fresh, memo.chosen)
        else:
            found = list(filter(None, map(memo.chosen.get, self._step_object_ids)))
        self._where[key] = found
        return list(found)

    def _carried_where(self, earlier: Facts, known: list[Step], fresh: list[Step],
                       chosen: Mapping[int, Step]) -> list[Step]:
        """:meth:`steps_where`'s steps worked out from ``known``, the earlier facts' for the
        same key, when this process has their step ids in their order less ``_removed``
        (:attr:`_in_order`): theirs without the steps this process does not share (found
        by their place), with the ``fresh`` ones the predicate holds for put in at their
        places. The steps they share keep their verdict and their order: the same list
        as a pass over every step."""
        out = list(known)
        before, theirs = earlier.position, earlier.process._steps_by_id
        for step_id in (*self._fresh, *self.__dict__["_removed"]):
            old = theirs.get(step_id)
            if old is not None and chosen.get(id(old)) is old:
                at = bisect_left(out, before[step_id], key=lambda s: before[s.id])
                del out[at]
        now = self.position
        for step in fresh:
            if chosen.get(id(step)) is step:
                out.insert(bisect_left(out, now[step.id], key=lambda s: now[s.id]), step)
        return out

    def remember(self, key: object, value: object) -> None:
        """Keep ``value``, what a rule worked out of this process, under ``key`` (the rule's
        name and what else it depends on) for the facts of a variant made of this process
        (:meth:`remembered`)."""
        self._remembered[key] = value

    def remembered(self, key: object) -> object | None:
        """What the earlier facts (the simplify engine's previous round) kept under ``key``
        (:meth:`remember`) when their process has this one's graph, else None. The graph
        is known to be the same when both facts hold the same depth-first search, which a
        variant's facts take over only from facts of the same graph (and a series merge's
        derive anew): the order, the loops, the predecessors are then the same too.

        >>> import bpmodel
        >>> process = bpmodel.load_process(bpmodel.default_process_path())
        >>> earlier = Facts(process)
        >>> _ = earlier.search
        >>> earlier.remember("test", 1)
        >>> Facts(process.evolve(name="Another"), earlier=earlier).remembered("test")
        1
        """
        earlier = self._earlier
        if earlier is None or key not in earlier._remembered:
            return None
        search = earlier.__dict__.get("search")
        if search is None or self.__dict__.get("search") is not search:
            return None
        return earlier._remembered[key]

    @cached_property
    def _step_object_ids(self) -> list[int]:
        """The ``id`` of every step object, in process order."""
        return list(map(id, self.process.steps))

    @cached_property
    def all_actions(self) -> dict[str, tuple[str, ...]]:
        """Every action of every task: its action first, then the others its name
        describes ("memeriksa dan membubuhkan paraf" checks and approves); empty off
        tasks (see :func:`bpmodel.analysis.actions.step_actions`)."""
        out: dict[str, tuple[str, ...]] = {}
        known, fresh = self._known("all_actions")
        for s in self.process.steps:
            if known is not None and s.id not in fresh:
                out[s.id] = known[s.id]
                continue
            if not s.is_task:
                out[s.id] = ()
                continue
            main = self.actions[s.id]
            out[s.id] = tuple(dict.fromkeys(
                [main, *(a for a in self.reading(s.id).actions if a != "other")]))
        return out

    def objects(self, step_id: str) -> frozenset[str]:
        """The words of what the step acts on: its ``object``, else read from its name."""
        if step_id not in self._objects:
            earlier = self._earlier
            if earlier is not None and step_id in earlier._objects and self._shares(step_id):
                self._objects[step_id] = earlier._objects[step_id]
                return self._objects[step_id]
            step = self.process.step(step_id)
            self._objects[step_id] = (object_words(step, self.lexicon) if step.object
                                      else frozenset(self.reading(step_id).object))
        return self._objects[step_id]

    def by_action_and_object(self, actions: Iterable[str]
                             ) -> dict[tuple[str, frozenset[str]], list[str]]:
        """The tasks doing one of ``actions`` on something named, grouped by their action
        and object words (in process order)."""
        wanted = tuple(sorted(set(actions)))
        found = self._by_key.get(wanted)
        if found is None:
            earlier = self._earlier
            known = earlier._by_key.get(wanted) if earlier is not None else None
            if known is not None and self._in_order:
                found = self._by_key[wanted] = self._regrouped(known, set(wanted))
                return found
            found = self._by_key[wanted] = {}
            chosen = set(wanted)
            for step in self.process.steps:
                action = self.actions[step.id]
                if action in chosen and (words := self.objects(step.id)):
                    found.setdefault((action, words), []).append(step.id)
        return found

    def _regrouped(self, known: dict[tuple[str, frozenset[str]], list[str]],
                   chosen: set[str]) -> dict[tuple[str, frozenset[str]], list[str]]:
        """:meth:`by_action_and_object` worked out from ``known``, the earlier facts' for
        the same actions, when this process has their step ids in their order less
        ``_removed`` (:attr:`_in_order`): only the groups the steps not shared left or
        join are made again (their ids in process order), and every group keeps its place
        by its first step, as a pass over the steps places it. The steps they share keep
        their action and object words (read the same: :func:`_reads_alike`)."""
        earlier = self._earlier
        theirs = earlier.actions
        left: dict[tuple[str, frozenset[str]], set[str]] = {}
        for step_id in (*self._fresh, *self.__dict__["_removed"]):
            action = theirs.get(step_id)
            if action in chosen and (words := earlier.objects(step_id)):
                left.setdefault((action, words), set()).add(step_id)
        joining: dict[tuple[str, frozenset[str]], list[str]] = {}
        for step_id in self._fresh:
            action = self.actions[step_id]
            if action in chosen and (words := self.objects(step_id)):
                joining.setdefault((action, words), []).append(step_id)
        if not left and not joining:
            return dict(known)
        changed = left.keys() | joining.keys()
        # the groups in their order, by the place of their first step: the changed ones
        # taken out where the earlier facts placed them, put in where ours place them
        before, position = earlier.position, self.position
        items = list(known.items())
        for key in changed & known.keys():
            del items[bisect_left(items, before[known[key][0]],
                                  key=lambda item: before[item[1][0]])]
        for key in changed:
            gone = left.get(key, ())
            ids = [i for i in known.get(key, ()) if i not in gone] + joining.get(key, [])
            if ids:
                ids.sort(key=position.__getitem__)
                at = bisect_left(items, position[ids[0]], key=lambda item: position[item[1][0]])
                items.insert(at, (key, ids))
        return dict(items)

    def actor_kind(self, step: Step) -> str | None:
        """The kind of the step's actor (``staff``, ``citizen``...; None without an actor)."""
        actor = self.process.actor(step.actor)
        return actor.kind if actor else None

    def is_applicant(self, step: Step) -> bool:
        """Whether the applicant (an actor of kind citizen or business) does the step."""
        actor = self.process.actor(step.actor)
        return bool(actor and actor.is_applicant)

    def agency(self, step: Step) -> str | None:
        """The agency of the step's actor (None when the actor names none)."""
        actor = self.process.actor(step.actor)
        return actor.agency if actor else None

    def who(self, step: Step) -> str:
        """The name of the step's actor (or its id, or 'nobody')."""
        actor = self.process.actor(step.actor)
        return actor.name if actor else (step.actor or "nobody")

    def hours(self, step: Step) -> float:
        """Waiting plus working hours of a step (PERT means)."""
        return step.wait.hours + step.work.hours

    def days(self, hours: float) -> float:
        """Working hours as working days of the process's calendar."""
        return hours / self.process.calendar.hours_per_day

    # -- order and loops -------------------------------------------------------------------
    @cached_property
    def _places(self) -> tuple[list[str], dict[str, int]]:
        """The step ids by index and the index of each id (the last one of a repeated id),
        without the successors of :attr:`indexed` (what most rules ask)."""
        ids = list(map(_ID, self.process.steps))
        return ids, dict(zip(ids, range(len(ids))))

    @cached_property
    def indexed(self) -> IndexedSteps:
        """The flows as integer lists: step ids, their index, and each step's successors
        (in the order of the flows; flows to unknown steps left out)."""
        ids, index = self._places
        succ: list[list[int]] = [[] for _ in ids]
        for flow in self.process.flows:
            source, target = index.get(flow.source), index.get(flow.target)
            if source is not None and target is not None:
                succ[source].append(target)
        return IndexedSteps(ids, index, succ)

    @property
    def step_ids(self) -> list[str]:
        """The step ids by index (as in the process's list of steps)."""
        return self._places[0]

    @property
    def successors(self) -> list[list[int]]:
        """For every step index, the indices of the steps its flows lead to, in the order of
        the flows (do not change the lists)."""
        return self.indexed.successors

    @cached_property
    def search(self) -> Search:
        """Depth-first search from the entries of the process: back edges and reverse
        post-order (as step indices), and whether each step is reached from the entries.

        Flows are followed last to first, so that in the order the first branch of a split
        comes before the second.
        """
        index = self.position
        entries = [index[e] for e in self.scope_entries(None)]
        found = depth_first(self.successors, entries, everywhere=True, last_first=True)
        return Search(frozenset(found.back), found.post_order[::-1], found.reached,
                      tuple(entries))

    @property
    def back_edges(self) -> frozenset[tuple[int, int]]:
        """(source, target) step indices of the flows that go back to an earlier step."""
        return self.search.back

    @cached_property
    def back_flows(self) -> frozenset[tuple[str, str]]:
        """(source, target) of the flows that go back to an earlier step: the loops."""
        ids = self.step_ids
        return frozenset((ids[u], ids[v]) for u, v in self.search.back)

    def is_back(self, flow: Flow) -> bool:
        """Whether the flow goes back to an earlier step (closes a loop)."""
        return (flow.source, flow.target) in self.back_flows

    @cached_property
    def order(self) -> tuple[str, ...]:
        """The step ids in a topological order once the loops' back flows are left out."""
        ids = self.step_ids
        return tuple(ids[v] for v in self.search.order)

    @cached_property
    def preds(self) -> list[list[int]]:
        """For every step index, the indices of the steps it follows directly, flows back to
        earlier steps left out (each once). With :attr:`order_indices`, what the
        dataflows walk."""
        ids, succ = self.step_ids, self.successors
        back = self.search.back
        preds: list[list[int]] = [[] for _ in ids]
        for u, targets in enumerate(succ):
            for v in targets:
                if (u, v) not in back and (not preds[v] or preds[v][-1] != u):
                    preds[v].append(u)
        return preds

    @property
    def order_indices(self) -> list[int]:
        """The step indices in the order of :attr:`order`."""
        return self.search.order

    def index(self, step_id: str) -> int:
        """The index of a step (its position in the process's list of steps)."""
        return self.position[step_id]

    @cached_property
    def in_degree(self) -> list[int]:
        """For every step index, how many flows (from known steps) lead into it."""
        degree = [0] * len(self.step_ids)
        for targets in self.successors:
            for v in targets:
                degree[v] += 1
        return degree

    @cached_property
    def all_predecessors(self) -> list[list[int]]:
        """For every step index, the indices of the steps with a flow into it (back flows
        included, once per flow; compare :attr:`preds`)."""
        succ = self.successors
        preds: list[list[int]] = [[] for _ in succ]
        for u, targets in enumerate(succ):
            for v in targets:
                preds[v].append(u)
        return preds

    @cached_property
    def finishing(self) -> list[bool]:
        """For every step index, whether an end of the process (a step without a flow out)
        can be reached from it."""
        index = self.position
        return reachable(self.all_predecessors, [index[s.id] for s in self.process.end_steps()])

    @cached_property
    def in_loops(self) -> frozenset[str]:
        """The steps that belong to some loop: the union of the bodies of :attr:`loops`,
        found without working out how often each loop runs (most rules ask only this)."""
        if "loops" in self.__dict__:
            return frozenset(s for loop in self.loops.values() for s in loop.body)
        ids = self.step_ids
        body: set[int] = set()
        for source, header in self.search.back:
            body |= self._loop_body(source, header)
        return frozenset(ids[v] for v in body)

    @cached_property
    def rank(self) -> Mapping[str, int]:
        """A topological order of the steps once the loops' back flows are left out:
        a step comes after every step that leads to it (start first)."""
        ranks = [0] * len(self.step_ids)
        for i, v in enumerate(self.order_indices):
            ranks[v] = i
        return _ByStep(ranks, self.position)

    def _loop_body(self, source: int, header: int) -> set[int]:
        """The steps of the loop closed by the back flow ``source -> header``: the header
        and every step that reaches the source without passing through the header."""
        preds = self.all_predecessors
        body = {header, source}
        stack = [source]
        while stack:
            current = stack.pop()
            if current == header:
                continue
            for u in preds[current]:
                if u not in body:
                    body.add(u)
                    stack.append(u)
        return body

    # -- probabilities and frequencies -----------------------------------------------------
    def share(self, flow: Flow) -> float:
        """The expected number of times a case leaving the flow's source takes this flow
        (its branch weight, as the measures read it: see
        :func:`bpmodel.analysis.flowgraph.branch_weights`)."""
        weights = self._weights.get(flow.source)
        if weights is None:
            flows = self.process.outgoing(flow.source)
            values = branch_weights(self.process.step(flow.source), flows)[0]
            weights = self._weights[flow.source] = {id(f): w for f, w in zip(flows, values)}
        return weights.get(id(flow), 0.0)

    def _weight(self, u: int, v: int) -> float:
        """The branch weight of the flows from step ``u`` to step ``v`` (see :meth:`share`)."""
        weights = self._weights_by_index.get(u)
        if weights is None:
            weights = self._weights_by_index[u] = {}
            for target, w in self._weighted_succ(u):
                weights[target] = weights.get(target, 0.0) + w
        return weights.get(v, 0.0)

    def _weighted_succ(self, u: int) -> list[tuple[int, float]]:
        """The steps a step's flows lead to, each with the flow's branch weight."""
        ids, succ = self.step_ids, self.successors
        step = self.process.steps[u]
        if len(succ[u]) > 1 and step.is_gateway:
            flows = tuple(f for f in self.process.outgoing(ids[u])
                          if self.process.has_step(f.target))
            return list(zip(succ[u], branch_weights(step, flows)[0], strict=True))
        return [(v, 1.0) for v in succ[u]]

    @cached_property
    def loops(self) -> dict[str, Loop]:
        """The loops, by header (the step the back flows return to), inner loops first."""
        ids, succ = self.step_ids, self.successors
        back = self.search.back
        rank = [0] * len(ids)
        for i, v in enumerate(self.order_indices):
            rank[v] = i
        headers: dict[int, list[int]] = {}
        for source, target in back:
            headers.setdefault(target, []).append(source)
        cycle: dict[int, float] = {}
        out: dict[str, Loop] = {}
        for header in sorted(headers, key=rank.__getitem__, reverse=True):
            body: set[int] = set()
            for source in headers[header]:
                body |= self._loop_body(source, header)
            nodes = sorted(body, key=rank.__getitem__)
            local = self._propagate(nodes, body, cycle, header)
            returning = sum(local.get(source, 0.0) * w for source in headers[header]
                            for v, w in self._weighted_succ(source) if v == header)
            cycle[header] = returning
            staying = frozenset((u, v) for u in nodes if self._leaves(u, body)
                                for v in succ[u] if v in body and (u, v) not in back)
            first = self._propagate(nodes, body, cycle, header, blocked=staying)
            out[ids[header]] = Loop(
                ids[header], frozenset(ids[v] for v in body),
                tuple(sorted(ids[s] for s in headers[header])), returning,
                {ids[v]: x for v, x in local.items()}, {ids[v]: x for v, x in first.items()})
        return out

    def _leaves(self, u: int, body: set[int]) -> bool:
        step = self.process.steps[u]
        return (step.is_gateway and step.kind in _PROBABILISTIC
                and any(v not in body for v in self.successors[u]))

    def _propagate(self, nodes: list[int], inside: set[int], cycle: Mapping[int, float],
                   header: int, blocked: frozenset[tuple[int, int]] = frozenset()
                   ) -> dict[int, float]:
        """Runs of the steps of one pass through the loop at ``header`` (``nodes`` in
        topological order; inner loops, whose chance of going round is in ``cycle``, run
        as often as they are expected to); ``blocked`` flows are never taken."""
        steps, preds, back = self.process.steps, self.all_predecessors, self.search.back
        freq: dict[int, float] = {}
        for node in nodes:
            if node == header:
                freq[node] = 1.0
                continue
            parts = [freq.get(u, 0.0) * self._weight(u, node) for u in set(preds[node])
                     if u in inside and (u, node) not in back and (u, node) not in blocked]
            parts = [p for p in parts if p]
            step = steps[node]
            if step.is_gateway and step.kind == "and" and len(parts) > 1:
                value = max(parts)
            elif step.is_gateway and step.kind == "or" and len(parts) > 1:
                idom, level = self.dominance.idom, self.dominance.depth
                value = sum(parts)
                if level[node] and idom[node] in freq:
                    value = min(value, freq[idom[node]])
            else:
                value = sum(parts)
            if node in cycle:
                value = value / (1 - cycle[node]) if cycle[node] < 1 else math.inf
            freq[node] = value
        return freq

    def leaves(self, step_id: str, body: Collection[str]) -> bool:
        """Whether a decision in the loop has a branch that leaves it."""
        step = self.process.step(step_id)
        return (step.is_gateway and step.kind in _PROBABILISTIC
                and any(f.target not in body for f in self.process.outgoing(step_id)))

    @cached_property
    def timing(self):
        """The long-path analysis (:func:`bpmodel.analysis.paths.timing`), or None when the
        process is unsound and times mean nothing (the structural rules say why)."""
        try:
            found = timing(self.process)
            _ = found.critical_path, found.expectation  # computed on demand: raise here
        except AnalysisError:
            return None
        return found

    @property
    def measurable(self) -> bool:
        """Whether times and expected runs can be computed (savings can be estimated)."""
        return self.timing is not None

    @cached_property
    def runs(self) -> Mapping[str, float]:
        """Expected runs of each step per case, as the measures count them (see
        :mod:`bpmodel.analysis.expectation`); empty when the process is not measurable."""
        if self.timing is None:
            return {}
        return _ByStep(self.timing.expectation.runs, self.position)

    @cached_property
    def dominance(self) -> Dominators:
        """The dominator tree by step index (see :class:`bpmodel.graph.Dominators`): its
        root, index ``len(step_ids)``, leads to the entries of the process and of every
        sub-process (see :attr:`entries`); depth 0 for steps it does not reach."""
        index = self.position
        root = len(self.step_ids)
        succ = [*self.successors, [index[s] for s in self.entries]]
        if len(self.scopes) == 1:  # the search from the entries has the post-order already
            order = self.search.order
            post = [*reversed(order[len(order) - sum(self.search.reached):]), root]
            return immediate_dominators(succ, root, post)
        return immediate_dominators(succ, root)

    @cached_property
    def dominators(self) -> dict[str, str]:
        """The immediate dominator of every step reached from the entries (none for the
        entries themselves)."""
        ids = self.step_ids
        idom, level = self.dominance.idom, self.dominance.depth
        root = len(ids)
        return {ids[v]: ids[idom[v]] for v in range(root) if level[v] and idom[v] != root}

    def common_dominator(self, a: str, b: str) -> str | None:
        """The nearest step that every way from the start to ``a`` and to ``b`` passes
        through (None when there is none, or either cannot be reached)."""
        ids, index = self.step_ids, self.position
        common = self.dominance.common(index[a], index[b])
        return ids[common] if common is not None and common < len(ids) else None

    @cached_property
    def scopes(self) -> dict[str | None, list[Step]]:
        """The steps of the process (None) and of each sub-process, by the sub-process."""
        scopes: dict[str | None, list[Step]] = {}
        for step in self.process.steps:
            parent = step.parent if step.parent and self.process.has_step(step.parent) else None
            scopes.setdefault(parent, []).append(step)
        return scopes

    def scope_entries(self, scope: str | None) -> list[str]:
        """Where the process (None) or a sub-process starts, as BPMN starts them: at its
        start events, or, when it has none, at every step without an incoming flow (its
        first step if all have one); event sub-processes and events that nothing leads
        into start when their trigger comes."""
        process = self.process
        steps = self.scopes.get(scope, [])
        starts = [s.id for s in steps if s.is_event and s.kind == "start"]
        free = [s for s in steps if not process.incoming(s.id)]
        if not starts:
            starts = [s.id for s in free] or [s.id for s in steps[:1]]
        triggered = [s.id for s in free if s.is_event or s.kind == "event-subprocess"]
        return list(dict.fromkeys(starts + triggered))

    @cached_property
    def entries(self) -> tuple[str, ...]:
        """The entries of the process and of all its sub-processes."""
        return tuple(e for scope in self.scopes for e in self.scope_entries(scope))

    @cached_property
    def reached(self) -> frozenset[str]:
        """The steps a case can reach: from the process's entries along the flows, and into
        a sub-process (at its entries) once the sub-process is reached."""
        if len(self.scopes) == 1:  # no sub-processes: the search from the entries found them
            return frozenset(s for s, found in zip(self.step_ids, self.search.reached, strict=True)
                             if found)
        index = self.position
        following = [list(targets) for targets in self.successors]
        for scope in self.scopes:
            if scope in index:  # a sub-process leads into its entries
                following[index[scope]] += [index[e] for e in self.scope_entries(scope)
                                            if e in index]
        found = reachable(following, [index[e] for e in self.scope_entries(None)])
        return frozenset(s for s, hit in zip(self.step_ids, found, strict=True) if hit)

    def splits(self, step_id: str) -> str | None:
        """How a step splits the case: ``and`` (all branches: an and gateway, a task or
        event with several flows out, a non-interrupting boundary event), ``xor``/``or``/
        ``event`` (gateways that choose; an interrupting boundary event takes the case off
        its activity's way), or None when it has one flow out.

        >>> from bpmodel.model import BOUNDARY, Flow, Process, Step
        >>> p = Process("p", "P", steps=(Step("t", "T"), Step("b", "Late", "event", "boundary"),
        ...     Step("a", "A"), Step("c", "C")), flows=(Flow("t", "a"), Flow("t", "b",
        ...     kind=BOUNDARY), Flow("b", "c")))
        >>> Facts(p).splits("t")
        'xor'
        """
        flows = self.process.outgoing(step_id)
        if len(flows) < 2:
            return None
        step = self.process.step(step_id)
        if step.is_gateway:
            return step.kind
        ways = [f for f in flows if f.kind != BOUNDARY]
        attached = [self.process.step(f.target) for f in flows
                    if f.kind == BOUNDARY and self.process.has_step(f.target)]
        if len(ways) > 1 or any(not b.interrupting for b in attached):
            return "and"
        return "xor"

    def latest(self, marks: Mapping[str, Iterable[str]]) -> Mapping[str, Mapping[str, frozenset]]:
        """For every step, each mark met on some way from the start to it, with the last
        steps that carried it on those ways (flows back to earlier steps left out, so
        alternative branches do not mix). The mappings are shared between steps: read them,
        do not change them.

        Linear in steps and flows times the number of distinct marks at a join.

        >>> import bpmodel
        >>> facts = Facts(bpmodel.load_process(bpmodel.default_process_path()))
        >>> dict(facts.latest({"register": ["local_app"], "reenter": ["simbg"]})["check"])
        {'local_app': frozenset({'register'}), 'simbg': frozenset({'reenter'})}
        """
        ids, index = self.step_ids, self.position
        preds = self.preds
        own = [None] * len(ids)
        for step_id, found in marks.items():
            if step_id in index and found:
                own[index[step_id]] = found
        empty: dict[str, frozenset] = {}
        seen: list[dict[str, frozenset]] = [empty] * len(ids)
        out: list[dict[str, frozenset]] = [empty] * len(ids)
        for v in self.order_indices:
            parts = [out[u] for u in preds[v] if out[u]]
            if not parts:
                value = empty
            elif len(parts) == 1 or all(p is parts[0] for p in parts):
                value = parts[0]
            else:
                value = {}
                for part in parts:
                    for key, steps in part.items():
                        value[key] = value[key] | steps if key in value else steps
            seen[v] = value
            if own[v]:
                here = frozenset((ids[v],))
                out[v] = {**value, **dict.fromkeys(own[v], here)}
            else:
                out[v] = value
        return _ByStep(seen, index)

    def exclusive(self, a: str, b: str) -> bool:
        """Whether no case runs both steps: they lie on different branches of an ``xor``
        (or event-based) choice and neither leads to the other, not even round a loop.
        Looking for a way from one to the other stops after ``REACH_BUDGET`` steps, and
        then answers False (the steps may both run)."""
        split = self.common_dominator(a, b)
        if split is None or split in (a, b) or self.splits(split) not in ("xor", "event"):
            return False
        first, last = sorted((a, b), key=self.rank.__getitem__)
        if self._leads(first, last, self.rank[last]):
            return False
        if first in self.in_loops or last in self.in_loops:  # round a loop, back to first
            return not self._leads(last, first, None)
        return True

    def _leads(self, source: str, target: str, limit: int | None) -> bool:
        """Whether a way leads from ``source`` to ``target`` (through steps ranked below
        ``limit`` when given); True when the search runs out of its budget."""
        seen, queue = {source}, deque([source])
        while queue:
            if len(seen) > REACH_BUDGET:
                return True
            for flow in self.process.outgoing(queue.popleft()):
                nxt = flow.target
                if nxt == target:
                    return True
                if nxt not in seen and self.process.has_step(nxt) and (
                        limit is None or self.rank.get(nxt, limit) < limit):
                    seen.add(nxt)
                    queue.append(nxt)
        return False

    # -- neighbourhood ---------------------------------------------------------------------
    def next_tasks(self, step_id: str) -> list[str]:
        """The tasks that directly follow a step, looking through gateways and events."""
        cache = self._next
        if step_id in cache:
            return cache[step_id]
        found: dict[str, None] = {}
        seen = {step_id}
        queue = deque(f.target for f in self.process.outgoing(step_id))
        while queue:
            current = queue.popleft()
            if current in seen or not self.process.has_step(current):
                continue
            seen.add(current)
            if self.process.step(current).is_task:
                found[current] = None
            else:
                queue.extend(f.target for f in self.process.outgoing(current))
        cache[step_id] = list(found)
        return cache[step_id]

    def receivers(self, step: Step) -> list[str]:
        """The agencies a step hands the case to: its own actor's agency, or, for a step of
        the applicant, the agencies of the staff steps that follow it."""
        if not self.is_applicant(step):
            agency = self.agency(step)
            return [agency] if agency else []
        found = (self.agency(self.process.step(t)) for t in self.next_tasks(step.id)
                 if not self.is_applicant(self.process.step(t)))
        return list(dict.fromkeys(a for a in found if a))

    # -- documents -------------------------------------------------------------------------
    @cached_property
    def links(self) -> Links:
        """The process as numbered rows (:class:`bpmodel.analysis.flowgraph.Links`): the one
        the long-path analysis built, or a new one when the process cannot be measured."""
        return self.timing.graph if self.timing is not None else Links.of(self.process)

    @cached_property
    def applicant_kinds(self) -> list[str | None]:
        """For every step (by its index), the kind of applicant who takes part, or None."""
        return applicant_kinds(self.process, self.links)

    @cached_property
    def requested(self) -> dict[str, tuple[str, ...]]:
        """The documents each step asks of the applicant, by step id (see :attr:`requests`).
        A variant with its earlier facts' step ids in order (:attr:`_in_order`) takes
        theirs over when the documents made inside are the same (see :meth:`_asked_again`)."""
        earlier = self._earlier
        if earlier is not None and "requested" in earlier.__dict__ and self._in_order \
                and self._made_inside is not None \
                and self._made_inside == earlier._made_inside:
            return self._asked_again(earlier.requested)
        return requested_documents(self.process, self.links, self.applicant_kinds)

    @cached_property
    def _made_inside(self) -> frozenset[str] | None:
        """The documents steps that do not involve the applicant make (what they are not
        asked for: see :func:`~bpmodel.analysis.requests.requested_documents`); None for
        a process with repeated step ids."""
        makers = self.steps_where(("facts", "made inside"), _made_inside)
        return None if makers is None else frozenset().union(*map(_PRODUCES, makers))

    def _asked_again(self, known: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        """:attr:`requested` from ``known``, the earlier facts', when the documents made
        inside are the same: a step's entry reads only its own needs and kind (its type,
        actor and contact, and the process's actors, read alike), so the steps they share
        keep theirs; the fresh steps are asked again and put in at their places, the
        removed ones left out (the same dict, in the same order, as a pass over every
        step)."""
        out = dict(known)
        for step_id in (*self._fresh, *self.__dict__["_removed"]):
            out.pop(step_id, None)
        by_id, inside = self.process._steps_by_id, self._made_inside
        fresh = [by_id[i] for i in self._fresh]
        asking = []
        for step, kind in zip(fresh, applicant_kinds_of(self.process, fresh), strict=True):
            if kind is not None and step.needs:
                asked = tuple(d for d in dict.fromkeys(step.needs) if d not in inside)
                if asked:
                    asking.append((step.id, asked))
        if not asking:
            return out
        position = self.position
        items = list(out.items())
        for item in asking:
            items.insert(bisect_left(items, position[item[0]],
                                     key=lambda pair: position[pair[0]]), item)
        return dict(items)

    @cached_property
    def requests(self) -> list[tuple[Step, tuple[str, ...]]]:
        """The steps that ask the applicant for documents, with the documents asked, in the
        order cases meet them (as the measures count requests: see
        :func:`bpmodel.analysis.requests.requested_documents`)."""
        asked = self.requested
        return sorted(((self.process.step(s), docs) for s, docs in asked.items()),
                      key=lambda item: self.rank.get(item[0].id, 0))

    # -- savings ---------------------------------------------------------------------------
    @cached_property
    def critical_path(self):
        """The critical path (:func:`bpmodel.analysis.paths.critical_path`), or None when
        the process is unsound and it has no meaning (the structural rules say why)."""
        return None if self.timing is None else self.timing.critical_path

    @cached_property
    def critical(self) -> frozenset[str] | None:
        """The steps on the critical path, or None when there is none."""
        path = self.critical_path
        return None if path is None else frozenset(path.steps)

    @cached_property
    def ends_reached(self) -> dict[str, int]:
        """For every step, the ends of the process it can reach, as bits (one per end, in
        the order of :meth:`Process.end_steps`; at most ``MAX_ENDS`` ends are told apart)."""
        from ..validate import reachable_from

        out: dict[str, int] = {}
        for i, end in enumerate(self.process.end_steps()[:MAX_ENDS]):
            for step_id in reachable_from(self.process, [end.id], backwards=True):
                out[step_id] = out.get(step_id, 0) | 1 << i
        return out

    def lead_time_days(self, step_ids: Iterable[str]) -> float | None:
        """Working days the steps add to the critical path: an upper bound on what
        removing them takes off the lead time (None without a critical path)."""
        critical = self.critical
        if critical is None:
            return None
        hours = sum(self.hours(self.process.step(s)) for s in dict.fromkeys(step_ids)
                    if s in critical)
        return self.days(hours)

    def cost(self, step_ids: Iterable[str], times: Mapping[str, float] | float | None = None
             ) -> Cost:
        """Visits, hours, fees, their price and the out-of-pocket costs of the steps per
        case, each step counted ``times`` (default: its expected runs per case). As the
        measures count them: the applicant spends the work of their own steps and of steps
        with a contact, and a visit's travel and queue time (``visit_overhead``); staff the
        work of steps by staff or by nobody in particular; systems cost nothing; the
        applicant pays the steps' ``costs`` and each visit's fare (``visit_cost``)."""
        process = self.process
        tariff = process.tariff
        default_overhead = process.visit_overhead.hours if process.visit_overhead else 0.0
        default_trip = process.visit_cost or 0.0
        visits = applicant = staff = fees = out_of_pocket = 0.0
        applicant_money: float | None = 0.0
        staff_money: float | None = 0.0
        for step_id in dict.fromkeys(step_ids):
            step = process.step(step_id)
            if isinstance(times, Mapping):
                n = times.get(step_id, 0.0)
            elif times is not None:
                n = float(times)
            else:
                n = self.runs.get(step_id, 0.0)
            if not n:
                continue
            out_of_pocket += step.cost * n
            if not step.is_task:
                continue
            hours = step.work.hours * n
            fees += step.fee * n
            overhead = 0.0
            if step.contact == "visit":
                visits += n
                overhead = n * (step.visit_overhead.hours if step.visit_overhead is not None
                                else default_overhead)
                out_of_pocket += n * (step.visit_cost if step.visit_cost is not None
                                      else default_trip)
            kind = self.applicant_kinds[self.position[step_id]]
            if kind is not None and hours + overhead:
                applicant += hours + overhead
                rate = tariff.get(kind, tariff.get("business" if kind == "citizen"
                                                   else "citizen"))
                applicant_money = (None if applicant_money is None or rate is None
                                   else applicant_money + rate * (hours + overhead))
            if hours and self.actor_kind(step) in (None, "staff"):
                staff += hours
                rate = tariff.get("staff")
                staff_money = None if staff_money is None or rate is None else \
                    staff_money + rate * hours
        return Cost(visits, applicant, staff, fees, applicant_money, staff_money,
                    out_of_pocket)

    def saving(self, cost: Cost = Cost(), *, lead_time_days: float | None = 0.0,
               documents_requested: float = 0.0, handoffs: float = 0.0) -> Saving:
        """A Saving from per-case figures, with the annual ones from the volume; nothing is
        estimated (every figure None) when the process is not measurable."""
        if not self.measurable:
            return Saving(*(None for _ in fields(Saving)))
        volume = self.process.volume
        annual = (lambda x: x * volume) if volume is not None else (lambda x: None)
        return Saving(
            lead_time_days=lead_time_days,
            visits=cost.visits,
            documents_requested=documents_requested,
            handoffs=handoffs,
            applicant_hours=cost.applicant_hours,
            staff_hours=cost.staff_hours,
            fees=cost.fees,
            annual_applicant_hours=annual(cost.applicant_hours),
            annual_staff_hours=annual(cost.staff_hours),
            annual_cost=annual(cost.money) if cost.money is not None else None,
            out_of_pocket=cost.out_of_pocket,
            annual_out_of_pocket=annual(cost.out_of_pocket),
        )

    def removal(self, step_ids: Iterable[str], **extra: float) -> Saving:
        """What taking the steps out of the process would save."""
        ids = list(dict.fromkeys(step_ids))
        return self.saving(self.cost(ids), lead_time_days=self.lead_time_days(ids), **extra)

