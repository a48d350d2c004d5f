"""Discrete-event simulation of a process under load: cases arrive, queue for staff, wait for
batches, and take as long as the queues make them.

The clock runs in **working hours** of the process calendar (a working day is
``hours_per_day`` hours, a week ``days_per_week`` days, a year 52 weeks), so that the
durations of the process and its target keep their meaning; a case that arrives at night
is in the queue when the office opens, which is what the working clock says.

- **Arrivals**: ``volume`` cases a year, at random (a Poisson process) unless the
  process says ``arrivals: regular`` (evenly spaced).
- **Staff**: an actor with ``staff: N`` has N people; a step of that actor waits in a
  first-come first-served queue until one is free, who then works the step's ``work``.
  The step's ``wait`` (a legal waiting period, a courier, the applicant's own time)
  takes its time before that, without staff. An actor without ``staff``, and every
  applicant, has as many people as needed.
- **Batches**: a step with ``batch: 1w`` starts only at the next multiple of its period
  (the weekly signature, the monthly committee), for all the cases waiting; they then
  queue for staff as usual.
- **Routing**: choices, parallel and inclusive blocks and rework loops as in the Monte
  Carlo (:mod:`bpmodel.simulate.montecarlo`), one case at a time; what does not reduce to
  blocks runs as tokens (:mod:`bpmodel.simulate.tokens`).

A desk that needs more than all of its staff's time is **unstable**: its queue grows
without end, so the longer the run, the longer the lead time. That is found before the
run (offered load = arrival rate x expected work per case / staff) and reported as such:
the figures under load are then not given, as an average would only say how long the
simulation ran.

>>> from bpmodel.model import Actor, Duration, Flow, Process, Step
>>> p = Process("p", "P", actors=(Actor("c", "Clerk", staff=1),), volume=1000.0,
...             steps=(Step("a", "A", actor="c", work=Duration.of(1.0)),))
>>> result = simulate_load(p, 2000, seed=1)
>>> result.desks[0].actor, round(result.desks[0].offered, 3), result.stable
('c', 0.481, True)
"""

from __future__ import annotations

import heapq
import math
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..analysis.blocks import CHOICE, INCLUSIVE, LOOP, PARALLEL, SEQ
from ..analysis.paths import timing
from ..model import Process
from .basis import generator, reduced
from .distributions import PERT, draw, mean
from .errors import SimulationError
from .tokens import Core, CoreCase

WEEKS_PER_YEAR = 52
_BUFFER = 4096  # durations are drawn this many at a time per step
_MAX_DEPTH = 60  # blocks run inside each other before the rest waits in the event loop


def hours_per_year(process: Process) -> float:
    """Working hours in a year under the process calendar.

    >>> from bpmodel.model import Process
    >>> hours_per_year(Process("p", "P"))
    2080.0
    """
    return process.calendar.hours_per_day * process.calendar.days_per_week * WEEKS_PER_YEAR


def needs_load(process: Process) -> bool:
    """Whether the process says anything the simulation under load uses: staff or batches."""
    return any(a.staff for a in process.actors) or any(s.batch for s in process.steps)


@dataclass(frozen=True, slots=True)
class Desk:
    """An actor with a number of staff: how busy it is and how long cases queue there.

    ``offered``: the share of its staff's time the arrivals need (above 1: unstable);
    ``utilisation``: the share they worked in the simulation (None when unstable);
    ``mean_queue_hours``: the average time a step of this actor waited for staff.
    """

    actor: str
    name: str
    staff: int
    offered: float
    utilisation: float | None
    mean_queue_hours: float | None
    served: int

    @property
    def stable(self) -> bool:
        return self.offered < 1.0

    def to_dict(self) -> dict:
        return {"actor": self.actor, "name": self.name, "staff": self.staff,
                "offered_utilisation": self.offered, "utilisation": self.utilisation,
                "mean_queue_hours": self.mean_queue_hours, "served": self.served,
                "stable": self.stable}


@dataclass(frozen=True, slots=True)
class StepQueue:
    """How long cases waited at a step for staff or for its batch (working hours, average
    per run of the step)."""

    step: str
    name: str
    runs: int
    queue_hours: float
    batch_hours: float

    def to_dict(self) -> dict:
        return {"step": self.step, "name": self.name, "runs": self.runs,
                "queue_hours": self.queue_hours, "batch_hours": self.batch_hours}


@dataclass(frozen=True, slots=True)
class LoadResult:
    """The simulation under load: lead times of the cases (working hours; empty when a desk
    is unstable), the desks, and the queue time per step."""

    lead_times: np.ndarray
    desks: tuple[Desk, ...]
    steps: tuple[StepQueue, ...]
    arrival_rate: float
    arrivals: str
    horizon_hours: float

    @property
    def stable(self) -> bool:
        return all(d.stable for d in self.desks)

    @property
    def unstable(self) -> tuple[Desk, ...]:
        return tuple(d for d in self.desks if not d.stable)


def offered_loads(process: Process, rate: float, distribution: str = PERT
                  ) -> dict[str, float]:
    """The share of each staffed actor's time that ``rate`` cases per working hour need,
    from the expected runs of its steps (rework included) and their mean work."""
    runs = timing(process).expectation.runs
    steps = timing(process).graph.steps
    work: dict[str, float] = {}
    for v, step in enumerate(steps):
        if step.actor is not None:
            work[step.actor] = work.get(step.actor, 0.0) + \
                runs[v] * mean(step.work, distribution)
    return {a.id: rate * work.get(a.id, 0.0) / a.staff for a in process.actors if a.staff}


def simulate_load(process: Process, cases: int, seed: int = 1,
                  distribution: str = PERT) -> LoadResult:
    """Simulate ``cases`` cases arriving at the process's ``volume`` (see the module doc).

    Raises :class:`SimulationError` when the process gives no volume.
    """
    if not process.volume:
        raise SimulationError("the simulation under load needs the process's volume (cases "
                              "a year) to know how often cases arrive; add volume: to the "
                              "process")
    if cases < 1:
        raise ValueError("the number of cases must be at least 1")
    reduction, graph = reduced(process)
    rate = process.volume / hours_per_year(process)
    offered = offered_loads(process, rate, distribution)
    arrivals = process.arrivals or "poisson"
    staffed = [a for a in process.actors if a.staff]
    if any(load >= 1.0 for load in offered.values()):
        desks = tuple(Desk(a.id, a.name, a.staff, offered[a.id], None, None, 0)
                      for a in staffed)
        return LoadResult(np.empty(0), desks, (), rate, arrivals, 0.0)
    rng = generator(seed)
    if arrivals == "regular":
        times = np.arange(cases) / rate
    else:
        times = np.cumsum(rng.exponential(1.0 / rate, cases))
    engine = _Engine(process, graph.steps, rng, distribution)
    lead = engine.run(engine.starter(reduction), times)
    horizon = engine.now
    desks = []
    for a in staffed:
        desk = engine.desks[a.id]
        desks.append(Desk(a.id, a.name, a.staff, offered[a.id],
                          desk.busy_time / (a.staff * horizon) if horizon > 0 else 0.0,
                          desk.queued / desk.served if desk.served else 0.0, desk.served))
    steps = tuple(StepQueue(s.id, s.name, engine.runs[v], engine.queue[v] / engine.runs[v],
                            engine.batch_wait[v] / engine.runs[v])
                  for v, s in enumerate(graph.steps) if engine.runs[v] and s.is_task)
    return LoadResult(lead, tuple(desks), steps, rate, arrivals, horizon)


def case_by_case(process: Process, cases: int, seed: int, distribution: str) -> np.ndarray:
    """Lead times of ``cases`` cases one after the other, without capacities: the Monte Carlo
    of a process that is not block-structured (tokens through its core)."""
    reduction, graph = reduced(process)
    engine = _Engine(process, graph.steps, generator(seed), distribution, load=False)
    return engine.run(engine.starter(reduction), np.zeros(cases))


class _Desk:
    __slots__ = ("staff", "free", "waiting", "busy_time", "queued", "served")

    def __init__(self, staff: int):
        self.staff = staff
        self.free = staff
        self.waiting: deque = deque()
        self.busy_time = 0.0
        self.queued = 0.0
        self.served = 0


class _Engine:
    """The event loop: a heap of (time, order, action); the order breaks ties first come,
    first served, so a run is the same every time."""

    def __init__(self, process: Process, steps, rng: np.random.Generator, distribution: str,
                 load: bool = True):
        self.steps = steps
        self.rng = rng
        self.distribution = distribution
        self.events: list = []
        self.order = 0
        self.now = 0.0
        self.depth = 0
        self.desks = {a.id: _Desk(a.staff) for a in process.actors if a.staff and load}
        self.desk_of = [self.desks.get(s.actor) if s.actor else None for s in steps]
        self.batch = [s.batch if load else None for s in steps]
        # steps that only take time: no staff to wait for, no batch
        self.free = [d is None and not b for d, b in zip(self.desk_of, self.batch,
                                                          strict=True)]
        n = len(steps)
        self.runs = [0] * n
        self.queue = [0.0] * n
        self.batch_wait = [0.0] * n
        # a single figure is used as it is; a range is drawn in blocks
        self.fixed = {which: [None if (d := getattr(s, which)).is_range
                              or distribution == "exponential" else d.likely for s in steps]
                      for which in ("wait", "work")}
        self.buffers: dict[tuple[int, str], tuple[list[float], int]] = {}
        self.uniforms: tuple[list[float], int] = ([], 0)

    # -- random numbers, drawn in blocks --------------------------------------------------
    def duration(self, v: int, which: str) -> float:
        fixed = self.fixed[which][v]
        if fixed is not None:
            return fixed
        key = (v, which)
        block, i = self.buffers.get(key, (None, _BUFFER))
        if i >= _BUFFER:
            drawn = draw(getattr(self.steps[v], which), _BUFFER, self.rng, self.distribution)
            block, i = np.broadcast_to(drawn, (_BUFFER,)).tolist(), 0
        self.buffers[key] = (block, i + 1)
        return block[i]

    def uniform(self) -> float:
        block, i = self.uniforms
        if i >= len(block):
            block, i = self.rng.random(_BUFFER).tolist(), 0
        self.uniforms = (block, i + 1)
        return block[i]

    # -- the loop -------------------------------------------------------------------------
    def at(self, time: float, action: Callable[[float], None]) -> None:
        self.order += 1
        heapq.heappush(self.events, (time, self.order, action))

    def starter(self, reduction) -> Callable[[float, Callable[[float], None]], None]:
        """How a case starts: through the block tree, or as tokens through the core."""
        if reduction.structured:
            tree = reduction.tree
            return lambda t, then: self.fragment(tree, t, then)
        core = Core(reduction)
        return lambda t, then: CoreCase(core, self.fragment, self.uniform, t, then)

    def run(self, start, arrivals: np.ndarray) -> np.ndarray:
        lead = np.full(arrivals.size, np.nan)

        times = arrivals.tolist()

        def arrive(case: int) -> Callable[[float], None]:
            def begin(t: float) -> None:
                if case + 1 < len(times):  # the next arrival, only once this one is in
                    self.at(times[case + 1], arrive(case + 1))
                start(t, lambda done: lead.__setitem__(case, done - t))
            return begin

        if times:
            self.at(times[0], arrive(0))
        events = self.events
        while events:
            time, _, action = heapq.heappop(events)
            self.now = time
            action(time)
        if np.isnan(lead).any():
            raise SimulationError("some cases never reach the end: tokens wait at joins for "
                                  "each other (the process is not sound)")
        return lead

    # -- routing through the blocks -------------------------------------------------------
    def fragment(self, f, t: float, then: Callable[[float], None]) -> None:
        """Run block ``f`` of a case from ``t``; ``then`` gets its finish. Blocks that need
        no staff finish at once (ahead of the clock); when such calls nest deep (many
        rounds of a loop, a long sequence of blocks), the rest goes on from the event loop,
        so the stack stays short."""
        if self.depth >= _MAX_DEPTH:
            self.at(t, lambda later: self.fragment(f, later, then))
            return
        self.depth += 1
        try:
            self.dispatch(f, t, then)
        finally:
            self.depth -= 1

    def dispatch(self, f, t: float, then: Callable[[float], None]) -> None:
        if f is None:
            then(t)
        elif isinstance(f, int):
            self.step(f, t, then)
        elif f[0] == SEQ:
            self.sequence(f[1], 0, t, then)
        elif f[0] == CHOICE:
            u, bound, chosen = self.uniform(), 0.0, None
            total = sum(f[1])
            for p, part in zip(f[1], f[2], strict=True):
                if p <= 0:
                    continue
                chosen = part
                bound += p / total
                if u < bound:
                    break
            self.fragment(chosen, t, then)
        elif f[0] == PARALLEL:
            self.fork(list(f[1]), t, then)
        elif f[0] == INCLUSIVE:
            self.fork(self.inclusive(f[1], f[2]), t, then)
        elif f[0] == LOOP:
            self.loop(f, t, then)
        else:
            raise ValueError(f"unknown block {f[0]!r}")

    def sequence(self, parts, i: int, t: float, then) -> None:
        """Steps that need no staff and no batch only add their time, in a loop; the first
        one that does (or a block) goes on through an event or a callback."""
        free, steps = self.free, self.steps
        while i < len(parts):
            part = parts[i]
            if type(part) is not int or part >= len(steps) or not free[part]:
                break
            self.runs[part] += 1
            t += self.duration(part, "wait") + self.duration(part, "work")
            i += 1
        if i == len(parts):
            then(t)
            return
        self.fragment(parts[i], t, lambda done: self.sequence(parts, i + 1, done, then))

    def fork(self, parts: list, t: float, then) -> None:
        if not parts:
            then(t)
            return
        left = [len(parts), t]  # branches still running, the latest finish so far

        def joined(done: float) -> None:
            left[0] -= 1
            left[1] = max(left[1], done)  # a branch may finish ahead of the clock
            if left[0] == 0:
                then(left[1])

        for part in parts:
            self.fragment(part, t, joined)

    def inclusive(self, chances, parts) -> list:
        while True:
            taken = [part for c, part in zip(chances, parts, strict=True)
                     if c is not None and self.uniform() < c]
            if taken:
                return taken
            default = [part for c, part in zip(chances, parts, strict=True) if c is None]
            if default or not any(c for c in chances if c is not None):
                return default

    def loop(self, f, t: float, then) -> None:
        _, do, redo, p = f

        def after_do(done: float) -> None:
            if self.uniform() < p:
                self.fragment(redo, done, lambda back: self.loop(f, back, then))
            else:
                then(done)

        self.fragment(do, t, after_do)

    # -- a step: wait, batch, queue for staff, work --------------------------------------
    def step(self, v: int, t: float, then) -> None:
        if v >= len(self.steps):
            then(t)
            return
        self.runs[v] += 1
        t += self.duration(v, "wait")
        period = self.batch[v]
        if period:
            start = math.ceil(t / period - 1e-9) * period
            self.batch_wait[v] += start - t
            t = start
        desk = self.desk_of[v]
        if desk is None:
            then(t + self.duration(v, "work"))
        elif t > self.now:  # the desk is met when the clock gets there
            self.at(t, lambda ready: self.work(v, desk, ready, then))
        else:
            self.work(v, desk, t, then)

    def work(self, v: int, desk: _Desk, t: float, then) -> None:
        work = self.duration(v, "work")
        if desk.free > 0:
            desk.free -= 1
            self.serve(desk, v, t, t, work, then)
        else:
            desk.waiting.append((v, t, work, then))

    def serve(self, desk: _Desk, v: int, queued_at: float, t: float, work: float,
              then) -> None:
        desk.served += 1
        desk.queued += t - queued_at
        self.queue[v] += t - queued_at
        desk.busy_time += work

        def done(end: float) -> None:
            if desk.waiting:
                w, since, more, after = desk.waiting.popleft()
                self.serve(desk, w, since, end, more, after)
            else:
                desk.free += 1
            then(end)

        self.at(t + work, done)
