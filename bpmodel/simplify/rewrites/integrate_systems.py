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
from ...i18n import N_, _
from ...model import Process
from ..edit import EditError, merge_into
from .common import (
    Proposal,
    Rewrite,
    applicant_ids,
    hand_outputs,
    label,
    preceding_task,
)


class IntegrateSystems(Rewrite):
    name = "integrate-systems"
    heuristic = N_("integration")
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
        applicants = applicant_ids(process)  # their own entry is the request, no re-entry
        for step in entries:
            if step.id == kept.id or step.locked("existence") or step.actor in applicants:
                continue
            if record and step.system == record:
                continue  # a second entry into the record itself is not removed here
            heir = preceding_task(process, step.id, step.actor)
            try:
                variant = merge_into(hand_outputs(process, step, heir), step.id, kept.id)
            except EditError:
                continue
            target = systems.get(step.system) if step.system else None
            source_name = source.name if source else _("the first application")
            target_name = target.name if target else _("the other application")
            if record:
                why = _("the same case is typed in again by hand; once the systems are "
                        "integrated, {source} sends the case to {target} automatically; the "
                        "entry that stays is {kept}, into {record}, the system of "
                        "record").format(source=source_name, target=target_name,
                                         kept=label(kept),
                                         record=source.name if source else record)
            else:
                why = _("the same case is typed in again by hand; once the systems are "
                        "integrated, {source} sends the case to {target} automatically").format(
                    source=source_name, target=target_name)
            assumption = (_("{system} is taken as the system of record from its name (no "
                            "system declares record: true)").format(
                              system=source.name if source else record)
                          if record and inferred else
                          _("the applications can exchange the case through an interface"))
            yield Proposal(variant, (step.id, kept.id),
                           what=_("Removed manual entry {step}; {kept} stays").format(
                               step=label(step), kept=label(kept)),
                           why=why, finding="manual-re-entry", legal_basis=step.legal_basis,
                           assumption=assumption)
