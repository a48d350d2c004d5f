"""The per-step sums of the measures, kept exact so that a variant's are its original's
updated around the changed steps.

Per case, the measures add up what each step contributes: its expected runs times its
visits, contacts, fee, hours and costs (:mod:`bpmodel.analysis.measures`); the gaps list
the steps run whose time, work or fee is not known and whose visit has no trip cost
(:mod:`bpmodel.analysis.gaps`). :class:`StepSums` holds them for one process.

Each contribution, a float, is added as an exact binary fraction (an integer count of
``2**-1074``, the smallest step between floats) and a total is rounded to a float once:
it is the correctly rounded sum of the contributions, whatever their order, as
:func:`math.fsum` gives it. So the sums of a variant that shares most of its steps
(``is``) and their runs with a recent process's are that process's with the changed
steps' contributions taken out and the new ones put in, equal bit for bit to sums
worked out afresh; the changed steps are found by comparing identities and runs from
both ends (two light passes), which also finds the step a series merge took out.

>>> exact_sum([0.1, 0.2, 0.3]) == 0.6, 0.1 + 0.2 + 0.3 == 0.6
(True, False)
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from itertools import compress, count
from operator import is_not, ne

from ..model import TASK, Process, Step
from .flowgraph import changed_places
from .roles import applicant_kinds_of

_UNIT = 1 << 1074  # 2**-1074 is the smallest positive float: every float is a whole count of it

# the exact totals, by place
(VISITS, CONTACTS, FEES, APPLICANT_HOURS, APPLICANT_COST, STAFF_HOURS, OUT_OF_POCKET,
 UNPRICED, APPLICANT_TIME, STAFF_TIME, DECLARED) = range(11)
_TOTALS = 11
# the steps listed, by place: positions of the steps in step order
(UNKNOWN_FEES, UNWORKED_APPLICANT, UNWORKED_STAFF, UNTIMED, UNTIMED_APPLICANT,
 UNTIMED_STAFF, NO_TRIP) = range(7)
_LISTS = 7
_OTHER_APPLICANT = {"citizen": "business", "business": "citizen"}
_KEPT = 3
_FEW = 2  # steps to add again that make a recent process's sums good enough to take


_INFINITE = 1 << 4000  # an infinite contribution: beyond any sum of finite floats (< 2**2200)


def exact(value: float) -> int:
    """``value`` as a whole number of ``2**-1074`` (exact for every finite float; an
    infinite one, from an overflow, as a count no finite sum reaches).

    >>> exact(2.0 ** -1074), exact(0.5) == 1 << 1073
    (1, True)
    """
    try:
        numerator, denominator = value.as_integer_ratio()
    except OverflowError:
        return _INFINITE if value > 0 else -_INFINITE
    return numerator << (1075 - denominator.bit_length())


def rounded(total: int) -> float:
    """The float nearest to ``total`` counts of ``2**-1074`` (integer division rounds
    correctly; infinite beyond the largest float).

    >>> rounded(exact(1e308) * 4), rounded(exact(float("-inf")))
    (inf, -inf)
    """
    try:
        return total / _UNIT
    except OverflowError:
        return float("inf") if total > 0 else float("-inf")


def exact_sum(values: Iterable[float]) -> float:
    """The correctly rounded sum of ``values`` (as :func:`math.fsum`)."""
    return rounded(sum(map(exact, values)))


class _Context:
    """What the contributions read of the process besides its steps."""

    __slots__ = ("key", "tariff", "staff", "actors", "overhead", "trip", "rates")

    def __init__(self, process: Process):  # no reference to the process is kept
        self.tariff = tariff = process.tariff
        self.key = (process.actors, tuple(tariff.items()), process.visit_overhead,
                    process.visit_cost)
        self.staff = {a.id for a in process.actors if a.kind == "staff"}
        self.actors = {a.id for a in process.actors}
        self.overhead = process.visit_overhead.hours if process.visit_overhead else 0.0
        self.trip = process.visit_cost
        self.rates = {kind: tariff.get(kind, tariff.get(other))
                      for kind, other in _OTHER_APPLICANT.items()}

    def same(self, other: _Context) -> bool:
        return all(a is b or a == b for a, b in zip(self.key, other.key, strict=True))


def _add_steps(steps: Sequence[Step], runs: Sequence[float], kinds: Sequence[str | None],
               start: int, context: _Context) -> tuple[list[int], list[list[int]]]:
    """The exact totals of what ``steps`` contribute, and the positions (from ``start``)
    of those listed, as :func:`bpmodel.analysis.measures.measure` and
    :func:`bpmodel.analysis.gaps.find_gaps` count them."""
    totals = [0] * _TOTALS
    lists: list[list[int]] = [[] for _ in range(_LISTS)]
    staff, actors, rates = context.staff, context.actors, context.rates
    default_overhead, trip = context.overhead, context.trip
    default_trip = trip or 0.0
    for place, (run, step, kind) in enumerate(zip(runs, steps, kinds, strict=True), start):
        if step.visit_cost is not None or step.costs:
            totals[DECLARED] += 1
        if not run:
            continue
        totals[FEES] += exact(run * step.fee)
        if step.costs:
            totals[OUT_OF_POCKET] += exact(run * step.cost)
        if not step.fee_known:
            lists[UNKNOWN_FEES].append(place)
        if step.type != TASK:
            continue
        actor = step.actor
        # as the measures count staff time: nobody's, staff's or an actor not declared
        staffish = actor is None or actor in staff or not actor or actor not in actors
        if not step.time_known:
            lists[UNTIMED].append(place)
            if kind is not None:
                lists[UNTIMED_APPLICANT].append(place)
            if staffish:
                lists[UNTIMED_STAFF].append(place)
        elif not step.work_known:
            if kind is not None:
                lists[UNWORKED_APPLICANT].append(place)
            if staffish:
                lists[UNWORKED_STAFF].append(place)
        overhead = 0.0
        contact = step.contact
        if contact is not None:
            totals[CONTACTS] += exact(run)
            if contact == "visit":
                totals[VISITS] += exact(run)
                overhead = (step.visit_overhead.hours if step.visit_overhead is not None
                            else default_overhead)
                cost = step.visit_cost if step.visit_cost is not None else trip
                if cost is None:
                    lists[NO_TRIP].append(place)
                totals[OUT_OF_POCKET] += exact(run * (step.visit_cost
                                                      if step.visit_cost is not None
                                                      else default_trip))
        work = step.work.hours
        hours = run * work
        if kind is not None:
            if work or overhead:
                totals[APPLICANT_TIME] += 1
            spent = hours + run * overhead
            totals[APPLICANT_HOURS] += exact(spent)
            if spent:
                rate = rates[kind]
                if rate is None:
                    totals[UNPRICED] += 1
                else:
                    totals[APPLICANT_COST] += exact(spent * rate)
        if staffish:
            totals[STAFF_HOURS] += exact(hours)
            if work:
                totals[STAFF_TIME] += 1
    return totals, lists


# the last sums worked out (kept: they hold their steps, so identities stay meaningful)
_RECENT: list[StepSums] = []


class StepSums:
    """The applicant kinds of the steps (:func:`~bpmodel.analysis.roles.applicant_kinds`),
    the exact per-step totals and the listed steps of one process with the given runs.

    >>> import bpmodel
    >>> from bpmodel.analysis.paths import timing
    >>> process = bpmodel.load_process(bpmodel.default_process_path())
    >>> sums = StepSums.of(process, timing(process).expectation.runs)
    >>> sums.total(VISITS) == exact_sum(r for r, s in zip(sums.runs, process.steps)
    ...                                 if s.is_task and s.contact == "visit")
    True
    """

    __slots__ = ("steps", "runs", "kinds", "context", "totals", "lists", "__weakref__")

    @classmethod
    def of(cls, process: Process, runs: Sequence[float], share: bool = True) -> StepSums:
        """The sums of ``process`` (``runs``: how often each step runs per case), updated
        from a recent process's when it shares most steps, else worked out afresh;
        ``share=False`` always works them out afresh (and offers nothing later). The
        recent sums are tried newest first, and the first that leaves at most
        :data:`_FEW` steps to add again is taken without comparing the older ones (the
        totals are exact: any recent sums give the same ones)."""
        context = _Context(process)
        steps = process.steps
        best = None
        for known in reversed(_RECENT if share else ()):
            if known.context.same(context):
                ends = known._unchanged(steps, runs)
                if best is None or sum(ends) > sum(best[1]):
                    best = known, ends
                    if sum(ends) + _FEW >= len(steps):
                        break
        if best is not None and sum(best[1]) * 2 >= len(steps):
            sums = best[0]._updated(process, runs, context, *best[1])
        else:
            sums = cls.__new__(cls)
            sums.steps, sums.runs, sums.context = steps, runs, context
            sums.kinds = applicant_kinds_of(process, steps)
            sums.totals, sums.lists = _add_steps(steps, runs, sums.kinds, 0, context)
        if share:
            _RECENT[:] = [*_RECENT[-(_KEPT - 1):], sums]
        return sums

    def _unchanged(self, steps: Sequence[Step], runs: Sequence[float]) -> tuple[int, int]:
        """How many steps at the start and at the end are these sums' own (the same
        objects) with the same runs."""
        mine, my_runs = self.steps, self.runs
        room = min(len(mine), len(steps))
        from_end = None  # how many steps at the end are the same objects, when known
        if len(mine) == len(steps):  # the places of other objects (asked by others too)
            places = changed_places(mine, steps)
            head = places[0] if places else room
            from_end = room - 1 - places[-1] if places else room
        else:
            head = next(compress(count(), map(is_not, mine, steps)), room)
        if runs is not my_runs:
            head = next(compress(count(), map(ne, my_runs[:head], runs)), head)
        if head == room:
            return head, 0
        tail_room = room - head
        tail = from_end if from_end is not None else next(
            compress(count(), map(is_not, reversed(mine), reversed(steps))), tail_room)
        tail = min(tail, tail_room)
        if runs is not my_runs and tail:
            tail = next(compress(count(), map(ne, reversed(my_runs[-tail:]),
                                              reversed(runs[-tail:]))), tail)
        return head, tail

    def _updated(self, process: Process, runs: Sequence[float], context: _Context,
                 head: int, tail: int) -> StepSums:
        """These sums for the steps of ``process`` and ``runs`` that keep the first
        ``head`` and the last ``tail`` steps (and runs) of these: the steps between taken
        out, the new ones put in."""
        steps = process.steps
        old_end, new_end = len(self.steps) - tail, len(steps) - tail
        new_kinds = applicant_kinds_of(process, steps[head:new_end])
        gone, _ = _add_steps(self.steps[head:old_end], self.runs[head:old_end],
                             self.kinds[head:old_end], head, self.context)
        came, lists = _add_steps(steps[head:new_end], runs[head:new_end], new_kinds, head,
                                 context)
        shift = new_end - old_end
        sums = StepSums.__new__(StepSums)
        sums.steps, sums.runs, sums.context = steps, runs, context
        sums.kinds = [*self.kinds[:head], *new_kinds, *self.kinds[old_end:]]
        sums.totals = [t - g + c for t, g, c in zip(self.totals, gone, came, strict=True)]
        sums.lists = []
        for old, new in zip(self.lists, lists, strict=True):
            if old:
                after = old[bisect_left(old, old_end):]
                new = [*old[:bisect_left(old, head)], *new,
                       *(after if not shift else [p + shift for p in after])]
            sums.lists.append(new)
        return sums

    def total(self, place: int) -> float:
        """The total at ``place`` (``VISITS``, ``FEES``, ...) as a float."""
        return rounded(self.totals[place])

    def listed(self, place: int) -> list[str]:
        """The ids of the steps listed at ``place`` (``UNTIMED``, ...), in step order."""
        steps = self.steps
        return [steps[p].id for p in self.lists[place]]
