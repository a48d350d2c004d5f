"""Generate large, sound processes for benchmarks and property tests.

:func:`generate_process` builds a random block-structured process of exactly
``n_steps`` steps: a sequence of tasks and blocks (exclusive choices, parallel
blocks, inclusive blocks with a default branch, and rework loops), nested up to
``MAX_DEPTH`` levels, with actors in several agencies, an applicant with visits,
online and phone contacts, documents asked and produced, fees, a target, a tariff
and a yearly volume. The same arguments give the same process.

With ``jumps`` above 0, that share of the top-level exclusive choices gets one more
branch (probability 0.1) that skips ahead to a later top-level task: the process
stays sound but is no longer block-structured.

    from benchmarks.generate import generate_process
    process = generate_process(100_000, seed=1)

Only the nesting depth recurses, so any size is fine; time and memory are linear.
"""

from __future__ import annotations

import random
from dataclasses import replace

from bpmodel.model import Actor, Calendar, Document, Duration, Flow, Process, Step, System

MAX_DEPTH = 3
JUMP_PROBABILITY = 0.1
_AGENCIES = ("PTSP", "Land office", "Public Works", "Environment Agency")


class _Builder:
    def __init__(self, rng: random.Random, jumps: float, or_blocks: bool):
        self.rng = rng
        self.jumps = jumps
        self.or_blocks = or_blocks
        self.steps: list[Step] = []
        self.flows: list[Flow] = []
        self.staff = [f"staff{i}" for i in range(8)]
        self.documents = [f"doc{i}" for i in range(12)]
        self.exit_chance: dict[str, float] = {}  # a loop's deciding gateway: 1 - p
        self.top_tasks: list[int] = []  # positions of the tasks every case passes
        self.pending_jumps: list[tuple[str, int]] = []

    # -- steps and flows ------------------------------------------------------------------
    def _hours(self, low: int, high: int) -> Duration:
        return Duration.of(self.rng.randint(low, high) * 0.25)

    def task(self, depth: int) -> str:
        rng = self.rng
        number = len(self.steps)
        fields: dict = {"work": self._hours(1, 16), "wait": self._hours(0, 48)}
        if rng.random() < 0.2:
            fields["actor"] = "applicant"
            fields["contact"] = rng.choice(("visit", "online", "phone"))
            fields["needs"] = tuple(rng.sample(self.documents, rng.randint(0, 3)))
            if rng.random() < 0.1:
                fields["fee"] = float(rng.randint(1, 20) * 50_000)
        else:
            fields["actor"] = rng.choice(self.staff)
            if rng.random() < 0.1:
                fields["produces"] = (rng.choice(self.documents),)
            if rng.random() < 0.05:
                fields["contact"] = "visit"
        if depth == 0:
            self.top_tasks.append(number)
        self.steps.append(Step(f"t{number}", f"Task {number}", **fields))
        return f"t{number}"

    def gateway(self, kind: str) -> str:
        number = len(self.steps)
        self.steps.append(Step(f"g{number}", f"Gateway {number}", "gateway", kind))
        return f"g{number}"

    def link(self, source: str, target: str, **extra) -> None:
        if source in self.exit_chance and "probability" not in extra:
            extra = {"probability": self.exit_chance[source], "condition": "done", **extra}
        self.flows.append(Flow(source, target, **extra))

    # -- blocks ---------------------------------------------------------------------------
    def sequence(self, budget: int, depth: int) -> tuple[str, str] | None:
        """Exactly ``budget`` steps in sequence: (first, last), or None when budget is 0."""
        first = last = None
        remaining = budget
        while remaining > 0:
            entry, exit_, used = self.element(remaining, depth)
            remaining -= used
            if last is None:
                first = entry
            else:
                self.link(last, entry)
            last = exit_
        return None if first is None else (first, last)

    def element(self, remaining: int, depth: int) -> tuple[str, str, int]:
        roll = self.rng.random()
        if depth >= MAX_DEPTH or remaining < 4 or roll < 0.55:
            step = self.task(depth)
            return step, step, 1
        size = min(remaining, self.rng.randint(4, 14))
        if roll < 0.70:
            return (*self.choice(size, depth), size)
        if roll < 0.83:
            return (*self.parallel(size, depth), size)
        if roll < 0.88 and self.or_blocks:
            return (*self.inclusive(size, depth), size)
        return (*self.loop(size, depth), size)

    def _budgets(self, budget: int, branches: int, least: int) -> list[int]:
        parts = [least] * branches
        for _ in range(budget - least * branches):
            parts[self.rng.randrange(branches)] += 1
        return parts

    def _block(self, kind: str, budgets: list[int], extras: list[dict],
               depth: int) -> tuple[str, str]:
        split = self.gateway(kind)
        ends = []
        for budget, extra in zip(budgets, extras, strict=True):
            inner = self.sequence(budget, depth + 1)
            if inner is None:
                ends.append((split, extra))
            else:
                self.link(split, inner[0], **extra)
                ends.append((inner[1], {}))
        join = self.gateway(kind)
        for end, extra in ends:
            self.link(end, join, **extra)
        return split, join

    def choice(self, size: int, depth: int) -> tuple[str, str]:
        branches = self.rng.randint(2, 3)
        raw = [self.rng.uniform(0.2, 1.0) for _ in range(branches)]
        jump = depth == 0 and self.rng.random() < self.jumps
        scale = 1.0 - JUMP_PROBABILITY if jump else 1.0
        probabilities = [round(scale * r / sum(raw), 6) for r in raw]
        probabilities[-1] = round(scale - sum(probabilities[:-1]), 6)
        split, join = self._block("xor", self._budgets(size - 2, branches, 0),
                                  [{"probability": p} for p in probabilities], depth)
        if jump:
            self.pending_jumps.append((split, len(self.steps)))
        return split, join

    def parallel(self, size: int, depth: int) -> tuple[str, str]:
        # each branch holds a task: no more branches than the block has room for
        branches = min(self.rng.randint(2, 3), size - 2)
        return self._block("and", self._budgets(size - 2, branches, 1), [{}] * branches, depth)

    def inclusive(self, size: int, depth: int) -> tuple[str, str]:
        branches = min(self.rng.randint(2, 3), size - 2)
        extras = [{"default": True}] + [{"probability": round(self.rng.uniform(0.2, 0.8), 2)}
                                        for _ in range(branches)]
        return self._block("or", [0, *self._budgets(size - 2, branches, 1)], extras, depth)

    def loop(self, size: int, depth: int) -> tuple[str, str]:
        entry = self.gateway("xor")
        redo_budget = min(self.rng.randint(0, 2), size - 2)
        body = self.sequence(size - 2 - redo_budget, depth + 1)
        decide = self.gateway("xor")
        if body is None:
            self.link(entry, decide)
        else:
            self.link(entry, body[0])
            self.link(body[1], decide)
        p = round(self.rng.uniform(0.1, 0.4), 2)
        redo = self.sequence(redo_budget, depth + 1)
        if redo is None:
            self.link(decide, entry, probability=p, condition="rework")
        else:
            self.link(decide, redo[0], probability=p, condition="rework")
            self.link(redo[1], entry)
        self.exit_chance[decide] = round(1.0 - p, 6)
        return entry, decide

    def resolve_jumps(self) -> None:
        for split, after in self.pending_jumps:
            later = [i for i in self.top_tasks if i >= after]
            target = later[min(len(later) - 1, self.rng.randint(0, 3))]
            self.flows.append(Flow(split, f"t{target}", JUMP_PROBABILITY, "skip ahead"))


def generate_process(n_steps: int, seed: int = 0, *, jumps: float = 0.0,
                     or_blocks: bool = True) -> Process:
    """A random sound process of exactly ``n_steps`` steps (see the module doc).

    ``or_blocks=False`` leaves out inclusive blocks (whose expected time the flow
    equations only approximate, which property tests comparing methods avoid).

    >>> p = generate_process(200, seed=3)
    >>> len(p.steps), len({s.id for s in p.steps}), p.steps[-1].is_task
    (200, 200, True)
    >>> sorted({len(generate_process(n, seed=s).steps) - n
    ...         for n in (5, 50, 200, 1000) for s in range(5)})
    [0]
    """
    if n_steps < 1:
        raise ValueError("a process needs at least one step")
    b = _Builder(random.Random(seed), jumps, or_blocks)
    body = b.sequence(n_steps - 1, 0)
    last = b.task(0)
    if body is not None:
        b.link(body[1], last)
    b.resolve_jumps()
    actors = [Actor("applicant", "Applicant", "citizen")] + [
        Actor(s, f"Staff {i}", agency=_AGENCIES[i % len(_AGENCIES)])
        for i, s in enumerate(b.staff)]
    documents = [Document(d, f"Document {i}", issued_by="Civil Registry" if i < 3 else None)
                 for i, d in enumerate(b.documents)]
    return Process(
        id=f"generated-{n_steps}-{seed}", name=f"Generated process of {n_steps} steps",
        steps=tuple(b.steps), flows=tuple(b.flows), actors=tuple(actors),
        documents=tuple(documents), systems=(System("app", "Licensing application"),),
        volume=1000.0, target=Duration.of(8.0 * max(20, n_steps // 2)), currency="IDR",
        tariff={"citizen": 25_000.0, "staff": 60_000.0}, calendar=Calendar())


def alternating_checks(count: int) -> Process:
    """``count`` steps in one line: a check, a signature, a check, a signature... Every
    signature rests on every check before it, so the facts of order are as many as the
    square of the steps (held as one bit set a step, see
    :func:`bpmodel.analysis.presence.order_facts`). The names carry no numbers: a number
    would make each check a round of its own, not a repeat
    (:mod:`bpmodel.analysis.instances`).

    >>> [s.id for s in alternating_checks(4).steps]
    ['c0', 's1', 'c2', 's3']
    """
    steps = tuple(Step(f"c{i}", "Check land title", actor="clerk", action="check")
                  if i % 2 == 0 else
                  Step(f"s{i}", "Sign the permit", actor="head", action="sign")
                  for i in range(count))
    return Process("alternating", "Alternating checks and signatures", steps=steps,
                   flows=tuple(Flow(a.id, b.id) for a, b in zip(steps, steps[1:])),
                   actors=(Actor("clerk", "Clerk"), Actor("head", "Head")))


def fresh_copy(process: Process) -> Process:
    """An equal process made of new objects (steps, flows, actors, documents, systems):
    nothing an earlier run remembered of the objects it read (analyses kept per process,
    readings kept per step) is found again, so every timed run starts from nothing.

    >>> process = generate_process(20, seed=1)
    >>> copy = fresh_copy(process)
    >>> copy == process, copy.steps[0] is process.steps[0], copy.flows[0] is process.flows[0]
    (True, False, False)
    """
    def renew(items):
        return tuple(replace(item) for item in items)

    return process.evolve(steps=renew(process.steps), flows=renew(process.flows),
                          actors=renew(process.actors), documents=renew(process.documents),
                          systems=renew(process.systems))
