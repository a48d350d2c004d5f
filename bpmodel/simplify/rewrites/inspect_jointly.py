"""inspect-jointly (task composition, bold): one site visit with a joint checklist.

What it does: inspections on site by several agencies that follow one another at the
same construction stage (or run on parallel branches that start only them) become one
visit: they start together after a gateway named
"Joint site inspection" and end at one joint report, each still a step of its own
agency (nothing is removed, no inspection moves online or to another agency). The visit
is scheduled when the slowest team can come: every inspection of the visit waits the
longest of their current waits. Bold: the agencies must agree a joint schedule and
checklist (a joint decree, a Perbup on the technical team, or an MoU). Inspections at
different stages, repeats after a failed inspection and single inspections are left
alone (see ``separate-site-inspections``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from ...analysis.reform_facts import is_indonesian, names
from ...i18n import N_, _
from ...model import Process, Step
from ..edit import EditError, parallelize, replace_step
from .common import Proposal, Rewrite, fresh_id, label

# The names of the gateways added, in the process's language, and the change log's
# sentences with named placeholders (for translation).
JOINT_VISIT = {"en": "Joint site inspection: one visit, joint checklist",
               "id": "Pemeriksaan lapangan bersama: satu kunjungan, satu daftar periksa"}
JOINT_REPORT = {"en": "Joint inspection report signed by every agency",
                "id": "Berita acara pemeriksaan bersama ditandatangani semua instansi"}
WHAT = N_("One joint site visit for {steps}")
WHY_IN_TURN = N_("{agencies} each visited the same site at the same stage in turn; in one "
                 "visit with a joint checklist the case waits for the slowest schedule once "
                 "and the applicant hosts one visit")
WHY_SEPARATE_DAYS = N_("{agencies} each visited the same site at the same stage on separate "
                       "days; in one visit with a joint checklist the applicant hosts one "
                       "visit")
INSTRUMENT = N_("a joint decree or MoU of {agencies} on one inspection schedule and checklist "
                "(or a Perbup on the technical team)")
INSTRUMENT_ELSEWHERE = N_("an agreement of {agencies} on one inspection schedule and "
                          "checklist")
ASSUMPTION = N_("The agencies can agree one visit date within the longest of their current "
                "waits, and each inspection still needs only its own team's time on site.")


class InspectJointly(Rewrite):
    name = "inspect-jointly"
    heuristic = N_("task composition (joint inspection)")
    level = "bold"
    answers = ("separate-site-inspections",)

    def propose(self, process: Process, finding) -> Iterator[Proposal]:
        arrangement = dict(getattr(finding, "evidence", {})).get("arrangement")
        steps = [process.step(s) for s in finding.steps if process.has_step(s)]
        if len(steps) < 2:
            return
        lang = "id" if is_indonesian(process) else "en"
        if arrangement == "sequential":
            variant = _in_one_visit(process, steps, lang)
            why = WHY_IN_TURN
        elif arrangement == "parallel":
            variant = _parallel_in_one_visit(process, steps, lang)
            why = WHY_SEPARATE_DAYS
        else:
            return
        if variant is None:
            return
        agencies = names(dict.fromkeys(a for s in steps
                                       if (a := _agency(process, s.actor))))
        instrument = INSTRUMENT if lang == "id" else INSTRUMENT_ELSEWHERE
        yield Proposal(
            variant, tuple(s.id for s in steps),
            what=_(WHAT).format(steps=names(label(s) for s in steps)),
            why=_(why).format(agencies=agencies),
            finding="separate-site-inspections",
            legal_basis="; ".join(dict.fromkeys(s.legal_basis for s in steps
                                                if s.legal_basis)) or None,
            instrument=_(instrument).format(agencies=agencies), assumption=_(ASSUMPTION))


def _aligned(process: Process, steps: list[Step]) -> Process:
    """Every inspection of the visit waits as long as the slowest team's schedule."""
    longest = max(steps, key=lambda s: s.wait.hours).wait
    for step in steps:
        process = replace_step(process, replace(process.step(step.id), wait=longest))
    return process


def _in_one_visit(process: Process, steps: list[Step], lang: str) -> Process | None:
    """Inspections in a row, started together by a joint-visit gateway."""
    split = fresh_id(process, "joint_inspection")
    join = fresh_id(process, "joint_report")
    try:
        variant = parallelize(process, [s.id for s in steps], split, join)
    except EditError:
        return None
    variant = _aligned(variant, steps)
    variant = replace_step(variant, replace(variant.step(split), name=JOINT_VISIT[lang]))
    return replace_step(variant, replace(variant.step(join), name=JOINT_REPORT[lang]))


def _parallel_in_one_visit(process: Process, steps: list[Step], lang: str
                           ) -> Process | None:
    """Inspections already on parallel branches: when their split starts only them and
    they all meet at one join, the split becomes the joint visit."""
    splits = {f.source for s in steps for f in process.incoming(s.id)}
    if len(splits) != 1:
        return None
    split = process.step(splits.pop())
    started = {f.target for f in process.outgoing(split.id)}
    joins = {f.target for s in steps for f in process.outgoing(s.id)}
    if started != {s.id for s in steps} or len(joins) != 1:
        return None
    join = process.step(joins.pop())
    if not (join.is_gateway and join.kind == "and"):
        return None
    variant = _aligned(process, steps)
    variant = replace_step(variant, replace(split, name=JOINT_VISIT[lang]))
    return replace_step(variant, replace(join, name=JOINT_REPORT[lang]))


def _agency(process: Process, actor_id: str | None) -> str | None:
    """The agency of an actor; an actor that names none is an agency of its own (a Dinas
    written as an actor), never left out of the agencies that must agree."""
    actor = process.actor(actor_id)
    return (actor.agency or actor.name) if actor else None
