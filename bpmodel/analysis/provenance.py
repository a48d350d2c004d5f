"""Provenance: which facts a finding or a change rests on that the modeller assumed.

A process file marks assumed facts with ``assumed`` (see :data:`bpmodel.model.ASSUMABLE`):
on a step (its time, contact, fee, costs, actor, branch chances...), on a document (its
issuer) or on the process (volume, tariff, visit overhead...). A finding or a change
about steps carrying such facts says so, so that it does not look as solid as one resting
on published figures. Facts are named ``owner.fact``: ``apply.contact``,
``ktp.issued_by``, ``process.visit_overhead``.

>>> from bpmodel.model import Document, Process, Step
>>> p = Process("p", "P", steps=(Step("a", "Apply", needs=("ktp",), assumed=("contact",)),),
...             documents=(Document("ktp", "KTP", "Civil Registry", ("issued_by",)),),
...             assumed=("visit_overhead",))
>>> assumed_facts(p, ["a"])
['a.contact', 'ktp.issued_by']
>>> assumed_facts(p, ["a"], {"applicant_hours": 2.0})
['a.contact', 'ktp.issued_by', 'process.visit_overhead']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..model import Process

# Which assumed facts of the process a figure rests on.
FIGURE_FACTS = {
    "applicant_hours": ("visit_overhead",),
    "annual_applicant_hours": ("visit_overhead", "volume"),
    "applicant_cost": ("visit_overhead", "tariff"),
    "annual_cost": ("visit_overhead", "tariff", "volume"),
    "out_of_pocket": ("visit_cost",),
    "annual_out_of_pocket": ("visit_cost", "volume"),
    "annual_fees": ("volume",),
    "lead_time_days": ("calendar",),
    "expected_lead_time_days": ("calendar",),
}


def assumed_facts(process: Process, step_ids: Iterable[str],
                  figures: Mapping[str, float] | None = None) -> list[str]:
    """The assumed facts of these steps and of the documents they use, and, for the
    figures that are not zero in ``figures`` (a gain or a saving), the assumed facts of
    the process they rest on."""
    out: dict[str, None] = {}
    for step_id in step_ids:
        if not process.has_step(step_id):
            continue
        step = process.step(step_id)
        out.update((f"{step_id}.{fact}", None) for fact in step.assumed)
        for doc_id in (*step.needs, *step.produces):
            document = process.document(doc_id)
            if document is not None:
                out.update((f"{doc_id}.{fact}", None) for fact in document.assumed)
    if figures and process.assumed:
        for key, value in figures.items():
            if value:
                out.update((f"process.{fact}", None) for fact in FIGURE_FACTS.get(key, ())
                           if fact in process.assumed)
    return list(out)
