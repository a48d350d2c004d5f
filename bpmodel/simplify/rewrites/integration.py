"""integrate-systems (integration, bold): stop typing the same case into a second system.

What it does: removes a step that enters by hand into one application data that
another application already holds; the applications exchange the data instead
(interoperability between the systems a region already has).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import N_, _
from ...model import Process
from ..edit import EditError, remove_step
from . import Proposal, Rewrite
from ._common import hand_outputs, label, preceding_task


class IntegrateSystems(Rewrite):
    name = "integrate-systems"
    heuristic = N_("integration")
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
            why = _("the same case is typed in again by hand; once the systems are "
                    "integrated, {source} sends the case to {target} automatically").format(
                source=source.name if source else _("the first application"),
                target=target.name if target else _("the second application"))
            yield Proposal(variant, (step.id,),
                           what=_("Removed manual re-entry {step}").format(step=label(step)),
                           why=why,
                           finding="manual-re-entry", legal_basis=step.legal_basis)
