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
>>> order.exists_before("b", "permit"), order.exists_before("a", "permit")
(True, False)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..analysis.components import carried, strong_components
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
    some step makes, ``before`` of each step (the bits of the documents made by a step
    with a way of at least one flow to it) and ``looping``, the steps on a loop (which
    reach themselves, so their own documents count in ``before``)."""

    bit: Mapping[str, int]
    before: Mapping[str, int]
    looping: frozenset[str]

    def exists_before(self, step_id: str, document: str) -> bool:
        """Whether a step that makes ``document`` has a way to ``step_id``."""
        return bool(self.before[step_id] & self.bit.get(document, 0))

    def made(self, document: str) -> bool:
        """Whether some step makes ``document``."""
        return document in self.bit


def document_order(process: Process) -> DocumentOrder:
    """The :class:`DocumentOrder` of ``process``, worked out in one pass."""
    bit, before = documents_before(process, producers_of(process))
    components = strong_components(process)
    looping = frozenset(step_id for members, loops in zip(components.members,
                                                          components.looping)
                        if loops for step_id in members)
    return DocumentOrder(bit, before, looping)


def after_series_merge(order: DocumentOrder, second: str) -> DocumentOrder:
    """The order of documents of a variant that made two tasks in series one
    (:func:`~bpmodel.analysis.components.series_merge`: ``second`` is gone, the first step
    took its flows) when the merged step makes what both made and no other step changed:
    every step keeps its reach, and the first step reaches what the second reached, so
    every step left has the documents before it that it had (the caller checks the
    conditions).

    >>> from bpmodel.model import Flow, Process, Step
    >>> p = Process("p", "P", steps=(Step("a", "A"), Step("b", "B", produces=("x",)),
    ...     Step("c", "C")), flows=(Flow("a", "b"), Flow("b", "c")))
    >>> merged = after_series_merge(document_order(p), "b")
    >>> sorted(merged.before), merged.exists_before("c", "x")
    (['a', 'c'], True)
    """
    before = dict(order.before)
    del before[second]
    looping = order.looping - {second} if second in order.looping else order.looping
    return DocumentOrder(order.bit, before, looping)
