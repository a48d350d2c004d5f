"""flatten-approvals (empowerment, bold): one signature instead of a cascade.

What it does: in a row of approvals and signatures by several levels of hierarchy,
it keeps the signature the law requires (steps marked keep; else the last, highest
one) and removes the others, by delegation of authority.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...model import Process
from ..edit import EditError, remove_step
from . import Proposal
from ._common import hand_outputs, label


class FlattenApprovals:
    name = "flatten-approvals"
    heuristic = "empowerment"
    level = "bold"
    answers = ("approval-cascade",)

    def propose(self, process: Process, finding) -> Iterator[Proposal]:
        chain = [process.step(s) for s in finding.steps if process.has_step(s)]
        if len(chain) < 2:
            return
        kept = [s for s in chain if s.keep] or [chain[-1]]
        removed = [s for s in chain if s not in kept]
        if not removed:
            return
        variant = process
        try:
            for step in removed:
                variant = remove_step(hand_outputs(variant, step, kept[-1]), step.id)
        except EditError:
            return
        names = ", ".join(label(s) for s in removed)
        yield Proposal(
            variant, tuple(s.id for s in chain),
            what=f"Flattened the approval cascade to {', '.join(label(s) for s in kept)}",
            why=f"{len(chain)} levels approve the same case in a row; with delegation of "
                f"authority the signature the rules require is enough, so {names} "
                f"{'goes' if len(removed) == 1 else 'go'}",
            finding="approval-cascade",
            legal_basis="; ".join(dict.fromkeys(
                s.legal_basis for s in chain if s.legal_basis)) or "delegation of authority "
                                                                   "(a decree may be needed)")
