"""Hypothesis strategies shared by the property tests: block-structured processes.

A process is drawn as a sequence of blocks, each block a task, a sequence of blocks, a
parallel block (an and-split, its branches, an and-join) or, when the test asks for
them, a rework loop (a task and a body, then a choice that goes back with probability
p). What a task is (its name, actor, channel, documents) is the test's own: it passes a
strategy ``task(builder)`` that adds one step and returns ``(first, last)``, its id twice.
Step ids are ``s0``, ``s1``... in the order the steps are added.

>>> from hypothesis import find, strategies as st
>>> from bpmodel.model import Step
>>> @st.composite
... def plain_task(draw, b):
...     step_id = b.add(Step(b.next_id(), draw(st.sampled_from(["Check", "Sign"]))))
...     return step_id, step_id
>>> b = find(built(plain_task), lambda b: len(b.steps) >= 3)
>>> len(b.flows) >= len(b.parts) - 1
True
"""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import strategies as st

from bpmodel.model import Flow, Step


class Builder:
    """The steps and flows of a process being drawn, and its top-level blocks (``parts``:
    (first, last) step ids, linked one after the other)."""

    def __init__(self):
        self.steps: list[Step] = []
        self.flows: list[Flow] = []
        self.parts: list[tuple[str, str]] = []

    def next_id(self) -> str:
        """The id the next step gets."""
        return f"s{len(self.steps)}"

    def add(self, step: Step) -> str:
        self.steps.append(step)
        return step.id

    def link(self, source: str, target: str, **fields) -> None:
        self.flows.append(Flow(source, target, **fields))

    def chain(self, parts: list[tuple[str, str]]) -> None:
        """Link blocks one after the other: the last step of each to the first of the next."""
        for (_, last), (first, _) in zip(parts, parts[1:]):
            self.link(last, first)


@st.composite
def block(draw, b: Builder, depth: int, task, *, branches: tuple[int, int] = (2, 2),
          loop_exit: Callable[[str], Step] | None = None, max_depth: int = 2):
    """A block below ``depth`` levels of nesting: returns its (first, last) step ids.
    ``branches`` bounds the branches of a parallel block; with ``loop_exit`` (a step made
    from its id: the step after a loop's decision) rework loops are drawn too."""
    kinds = 3 if loop_exit is not None else 2
    choice = draw(st.integers(0, kinds if depth < max_depth else 0))

    def inner():
        return block(b, depth + 1, task, branches=branches, loop_exit=loop_exit,
                     max_depth=max_depth)

    if choice == 0:
        return draw(task(b))
    if choice == 1:  # a sequence
        parts = [draw(inner()) for _ in range(draw(st.integers(2, 3)))]
        b.chain(parts)
        return parts[0][0], parts[-1][1]
    if choice == 2:  # a parallel block
        split = b.add(Step(b.next_id(), "Fork", "gateway", "and"))
        count = draw(st.integers(*branches)) if branches[0] != branches[1] else branches[0]
        ways = [draw(inner()) for _ in range(count)]
        join = b.add(Step(b.next_id(), "Join", "gateway", "and"))
        for first, last in ways:
            b.link(split, first)
            b.link(last, join)
        return split, join
    # a rework loop: a task and a body, then a decision that goes back with probability p
    # (the loop re-enters at a task: an and-gateway with two ways in would be a join)
    first, head_last = draw(task(b))
    body_first, last = draw(inner())
    b.link(head_last, body_first)
    decision = b.add(Step(b.next_id(), "Complete?", "gateway", "xor"))
    after = b.add(loop_exit(b.next_id()))
    p = draw(st.sampled_from([0.1, 0.3, 0.5]))
    b.link(last, decision)
    b.link(decision, first, probability=p, condition="again")
    b.link(decision, after, probability=round(1 - p, 6))
    return first, after


@st.composite
def built(draw, task, *, parts: tuple[int, int] = (2, 5), branches: tuple[int, int] = (2, 2),
          loop_exit: Callable[[str], Step] | None = None) -> Builder:
    """A :class:`Builder` holding ``parts`` top-level blocks (between the two bounds),
    linked in sequence (see :func:`block` for the other arguments)."""
    b = Builder()
    b.parts = [draw(block(b, 0, task, branches=branches, loop_exit=loop_exit))
               for _ in range(draw(st.integers(*parts)))]
    b.chain(b.parts)
    return b
