"""integrate-systems (integration, bold): stop typing the same case into a second system.

What it does: of the manual entries of the same case into several applications, it keeps
the entry into the system of record (the authoritative register: the national civil
registry rather than a village office's letter application; ``record: true`` on a system,
else read from its name) and removes the others; the systems exchange the data instead
(interoperability between the systems a region already has). When no system is the
record, the first entry stays and the later ones go.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...analysis.registers import system_of_record
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
            return
        systems = {s.id: s for s in process.systems}
        record, inferred = system_of_record(process, [s.system for s in entries if s.system])
        kept = next((s for s in entries if record and s.system == record), entries[0])
        source = systems.get(kept.system) if kept.system else None
        for step in entries:
            if step.id == kept.id or step.locked("existence"):
                continue
            if record and step.system == record:
                continue  # a second entry into the record itself is not removed here
            heir = preceding_task(process, step.id, step.actor)
            try:
                variant = remove_step(hand_outputs(process, step, heir), step.id)
            except EditError:
                continue
            target = systems.get(step.system) if step.system else None
            link = (f"{source.name if source else 'the first application'} sends the case to "
                    f"{target.name if target else 'the other application'}")
            if record:
                why = ("the same case is typed in again by hand; once the systems are "
                       f"integrated, {link} automatically; the entry that stays is {label(kept)}, "
                       f"into {source.name if source else record}, the system of record")
            else:
                why = ("the same case is typed in again by hand; once the systems are "
                       f"integrated, {link} automatically")
            assumption = (f"{source.name if source else record} is taken as the system of "
                          f"record from its name (no system declares record: true)"
                          if record and inferred else
                          "the applications can exchange the case through an interface")
            yield Proposal(variant, (step.id, kept.id),
                           what=f"Removed manual entry {label(step)}; {label(kept)} stays",
                           why=why, finding="manual-re-entry", legal_basis=step.legal_basis,
                           assumption=assumption)
