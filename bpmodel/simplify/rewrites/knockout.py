"""knock-out-first (knock-out ordering, safe): put the check that rejects many cases before
the expensive steps, so rejected cases do not use them up."""

from __future__ import annotations

from collections.abc import Iterator

from ...model import Process
from ..edit import EditError, move_before
from . import Proposal
from ._common import label


class KnockOutFirst:
    name = "knock-out-first"
    heuristic = "knock-out ordering"
    level = "safe"
    answers = ("late-knock-out",)

    def propose(self, process: Process, finding) -> Iterator[Proposal]:
        steps = [s for s in finding.steps if process.has_step(s)]
        if len(steps) < 2:
            return
        check, anchor = steps[0], steps[1]
        try:
            variant = move_before(process, check, anchor)
        except EditError:
            return
        yield Proposal(variant, (check, anchor),
                       what=f"Moved {label(process.step(check))} before "
                            f"{label(process.step(anchor))}",
                       why="the check rejects many cases; done first, rejected cases no longer "
                           "go through the expensive steps",
                       finding="late-knock-out")
