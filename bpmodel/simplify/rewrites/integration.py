"""integrate-systems (integration, bold): stop typing the same case into a second system.

What it does: removes a step that enters by hand into one application data that
another application already holds; the applications exchange the data instead
(interoperability between the systems a region already has).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...model import Process
from ..edit import EditError, remove_step
from . import Proposal, Rewrite
from ._common import hand_outputs, label, preceding_task


class IntegrateSystems(Rewrite):
    name = "integrate-systems"
    heuristic = "integration"
    level = "bold"
    answers = ("manual-re-entry",)

    def propose(self, process: Process, finding) -> Iterator[Proposal]:
        steps = [process.step(s) for s in finding.steps if process.has_step(s)]
        entries = [s for s in steps if s.action == "enter-data" or s.system]
        if len(entries) < 2:
            entries = steps
        first = entries[0] if entries else None
        for step in entries[1:] if len(entries) > 1 else entries:
            if step.keep:
                continue
            heir = preceding_task(process, step.id, step.actor)
            try:
                variant = remove_step(hand_outputs(process, step, heir), step.id)
            except EditError:
                continue
            systems = {s.id: s for s in process.systems}
            target = systems.get(step.system) if step.system else None
            source = systems.get(first.system) if first and first.system else None
            link = (f"{source.name if source else 'the first application'} sends the case to "
                    f"{target.name if target else 'the second application'}")
            yield Proposal(variant, (step.id,),
                           what=f"Removed manual re-entry {label(step)}",
                           why=f"the same case is typed in again by hand; once the systems are "
                               f"integrated, {link} automatically",
                           finding="manual-re-entry", legal_basis=step.legal_basis)
