"""Which documents exist before each step: the order of documents the guards read.

A document exists before a step when a step that makes it has a way of at least one flow
to the step. One pass over the strongly connected components carries the documents along
the flows (:func:`~bpmodel.analysis.components.carried`), one bit a document. The engine's
rounds hand the answer on: a variant that made two tasks in series one
(:func:`~bpmodel.analysis.components.series_merge`) and changed no other step has its
original's order of documents without the second step (:func:`after_series_merge`), so
a round of merges costs no pass over the process.

>>> from bpmodel.model import Flow, Process, Step
>>> p = Process("p", "P", steps=(Step("a", "A", produces=("permit",)), Step("b", "B")),
...             flows=(Flow("a", "b"),))
>>> order = document_order(p)
>>> order.made_before("b", "permit"), order.made_before("a", "permit")
(True, False)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..analysis.components import carried, strong_components
from ..analysis.presence import produced_inside
from ..model import Process

# the last two answers of documents_before: process, producers, bits, documents before
_RECENT: list[tuple[Process, dict[str, list[str]], dict[str, int], dict[str, int]]] = []


def producers_of(process: Process) -> dict[str, list[str]]:
    """Each document some step makes, with the steps that make it (in the steps' order).

    >>> from bpmodel.model import Process, Step
    >>> producers_of(Process("p", "P", steps=(Step("a", "A", produces=("x", "y")),
    ...                                       Step("b", "B", produces=("x",)))))
    {'x': ['a', 'b'], 'y': ['a']}
    """
    producers: dict[str, list[str]] = {}
    for step in process.steps:
        for document in step.produces:
            producers.setdefault(document, []).append(step.id)
    return producers


def documents_made(process: Process) -> frozenset[str]:
    """The documents some step of ``process`` makes: those of
    :func:`~bpmodel.analysis.presence.produced_inside`, which counts them from a recent
    process's counts, reading only the steps that are not the same objects (the engine's
    variants share most steps with their original).

    >>> from bpmodel.model import Process, Step
    >>> sorted(documents_made(Process("p", "P", steps=(Step("a", "A", produces=("x", "y")),
    ...                                                 Step("b", "B", produces=("x",))))))
    ['x', 'y']
    """
    return produced_inside(process)


def documents_before(process: Process, producers: dict[str, list[str]]
                     ) -> tuple[dict[str, int], dict[str, int]]:
    """The bit of each document in ``producers`` (document to the steps that make it),
    and for each step the documents (bits) made by a step from which a path of at least
    one flow leads to it: one pass over the strongly connected components in
    topological order (inside a loop every step reaches every other, itself included).
    The last two answers are kept: the variant the engine accepts is the original of
    its next round."""
    for known, makers, bit, before in _RECENT:  # a variant checked: the next round's original
        if known is process and makers == producers:
            return bit, before
    bit = {document: 1 << i for i, document in enumerate(producers)}
    made = {step.id: 0 for step in process.steps}
    for document, steps in producers.items():
        for step_id in steps:
            made[step_id] |= bit[document]
    before = carried(process, made)
    _RECENT[:] = [*_RECENT[-1:], (process, producers, bit, before)]
    return bit, before


@dataclass(frozen=True)
class DocumentOrder:
    """The documents that exist before each step of a process: ``bit`` of each document
    some step makes, ``producers`` of each, ``outside`` of each step (the bits of the
    documents made by a step off the step's loop with a way of at least one flow to it)
    and ``loop_of``, the loop (a number) of each step on one: inside a loop every step
    reaches every other."""

    bit: Mapping[str, int]
    producers: Mapping[str, tuple[str, ...]]
    outside: Mapping[str, int]
    loop_of: Mapping[str, int]

    def made(self, document: str) -> bool:
        """Whether some step makes ``document``."""
        return document in self.bit

    def made_before(self, step_id: str, document: str, besides: tuple[str, ...] = ()
                    ) -> bool:
        """Whether a step that makes ``document``, other than ``step_id`` and the steps
        ``besides``, has a way of at least one flow to ``step_id``."""
        if self.outside[step_id] & self.bit.get(document, 0):
            return True
        loop = self.loop_of.get(step_id)
        return loop is not None and any(
            self.loop_of.get(p) == loop for p in self.producers.get(document, ())
            if p != step_id and p not in besides)


def document_order(process: Process) -> DocumentOrder:
    """The :class:`DocumentOrder` of ``process``, worked out in one pass.

    >>> from bpmodel.model import Flow, Process, Step
    >>> p = Process("p", "P", steps=(Step("a", "A", produces=("x",)), Step("b", "B"),
    ...     Step("c", "C", produces=("y",))),
    ...     flows=(Flow("a", "b"), Flow("b", "c"), Flow("c", "b")))
    >>> order = document_order(p)
    >>> order.made_before("b", "x"), order.made_before("b", "y"), order.made_before("c", "y")
    (True, True, False)
    """
    producers = producers_of(process)
    bit = {document: 1 << i for i, document in enumerate(producers)}
    made = {step.id: 0 for step in process.steps}
    for document, steps in producers.items():
        for step_id in steps:
            made[step_id] |= bit[document]
    outside = carried(process, made, own_loop=False)
    components = strong_components(process)
    loop_of = {step_id: number for number, (members, loops) in enumerate(
        zip(components.members, components.looping)) if loops for step_id in members}
    return DocumentOrder(bit, {d: tuple(steps) for d, steps in producers.items()}, outside,
                         loop_of)


def after_series_merge(order: DocumentOrder, first: str, second: str,
                       second_makes: tuple[str, ...]) -> DocumentOrder:
    """The order of documents of a variant that made two tasks in series one
    (:func:`~bpmodel.analysis.components.series_merge`: ``second``, which made
    ``second_makes``, is gone and ``first`` took its flows) when the merged step makes
    what both made and no other step changed: every step keeps its reach, and ``first``
    reaches what ``second`` reached, so every step left has the documents before it that
    it had (the caller checks the conditions).

    >>> from bpmodel.model import Flow, Process, Step
    >>> p = Process("p", "P", steps=(Step("a", "A"), Step("b", "B", produces=("x",)),
    ...     Step("c", "C")), flows=(Flow("a", "b"), Flow("b", "c")))
    >>> merged = after_series_merge(document_order(p), "a", "b", ("x",))
    >>> sorted(merged.outside), merged.made_before("c", "x"), merged.producers
    (['a', 'c'], True, {'x': ('a',)})
    """
    outside = dict(order.outside)
    del outside[second]
    loop_of = order.loop_of
    if second in loop_of:
        loop_of = dict(loop_of)
        del loop_of[second]
    producers = dict(order.producers)
    for document in dict.fromkeys(second_makes):
        makers = producers[document]
        producers[document] = tuple(p for p in makers if p != second) if first in makers \
            else tuple(first if p == second else p for p in makers)
    return DocumentOrder(order.bit, producers, outside, loop_of)
