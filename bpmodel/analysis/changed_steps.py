"""What a variant changed of its original when it kept its graph: which steps, which fields.

The simplify engine's variants share every unchanged :class:`~bpmodel.model.Step` object
with their original, so the steps a variant changed are found by identity, in one light
pass; only those are compared field by field. A rule that does not read the changed
fields finds on the variant what it found on the original (see
:class:`~bpmodel.analysis.findings.FindingsOnDemand`).

>>> from bpmodel.model import Flow, Process, Step
>>> p = Process("p", "P", steps=(Step("a", "A", contact="visit"), Step("b", "B")),
...             flows=(Flow("a", "b"),))
>>> q = p.evolve(steps=(Step("a", "A", contact="online"), p.steps[1]))
>>> change = changed_steps(p, q)
>>> change.ids, sorted(change.fields)
(frozenset({'a'}), ['contact'])
>>> changed_steps(p, p.evolve(flows=())) is None
True
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from itertools import compress
from operator import is_not
from typing import Any

from ..model import Process, Step
from .components import same_graph

_STEP_FIELDS = tuple(f.name for f in fields(Step) if f.compare)
_PROCESS_FIELDS = tuple(f.name for f in fields(Process)
                        if f.compare and f.name not in ("steps", "flows"))


@dataclass(frozen=True, slots=True)
class ChangedSteps:
    """The steps a variant changed (original and variant step, in process order), their
    ids, and the fields that differ in any of them."""

    pairs: tuple[tuple[Step, Step], ...]
    ids: frozenset[str]
    fields: frozenset[str]

    def alike_for(self, seen: Mapping[str, Callable[[Any], Any] | None]) -> bool:
        """Whether a reader that sees of a step's fields only what ``seen`` says finds the
        changed steps alike: every changed field is in ``seen``, and where ``seen`` gives
        a function (what is read of the field), it gives the same on both steps.

        >>> from bpmodel.model import Step
        >>> a, b = Step("a", "A", contact="visit"), Step("a", "A", contact="online")
        >>> change = ChangedSteps(((a, b),), frozenset({"a"}), frozenset({"contact"}))
        >>> change.alike_for({"contact": None}), change.alike_for({"work": None})
        (True, False)
        >>> change.alike_for({"contact": lambda c: c is not None})
        True
        """
        if not self.fields <= seen.keys():
            return False
        return all(seen[name] is None
                   or seen[name](getattr(x, name)) == seen[name](getattr(y, name))
                   for name in self.fields for x, y in self.pairs)


def changed_steps(original: Process, variant: Process) -> ChangedSteps | None:
    """The steps ``variant`` changed of ``original``, or None when it changed more than
    steps: its graph (:func:`~bpmodel.analysis.components.same_graph`), its actors,
    documents or any other field of the process."""
    if not same_graph(original, variant):
        return None
    for name in _PROCESS_FIELDS:
        mine, theirs = getattr(original, name), getattr(variant, name)
        if mine is not theirs and mine != theirs:
            return None
    before, after = original.steps, variant.steps
    pairs = tuple(compress(zip(before, after), map(is_not, before, after)))  # C loops
    differ = {name for x, y in pairs for name in _STEP_FIELDS
              if getattr(x, name) != getattr(y, name)}
    return ChangedSteps(pairs, frozenset(x.id for x, _y in pairs), frozenset(differ))
