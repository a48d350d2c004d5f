"""The applicant is asked again for a document already handed over.

What it does
------------
Follows the documents the applicant hands over (the ``needs`` of steps done by the
applicant or with the applicant taking part) along the flows, and finds each later step
that asks for a document again although it was handed over on the way there, whether by
the same office or by another agency. Alternative branches (an xor where only one is taken)
do not count as "before". A request in a rework loop counts too (it is what the measure
``repeated_requests`` counts); its saving is then only the requests, the rest of the pass
being rework-loop's.

Why is this bad?
----------------
The applicant copies, carries and hands over the same paper twice, often to a second
agency that could have received it from the first. Each request is a chance to fail the
case for a missing copy.

Example
-------
::

    documents:
      - {id: land_title, name: Land title (sertifikat), issued_by: Land office}
    steps:
      - {id: submit, name: Submit application, actor: applicant, contact: visit,
         needs: [site_plan, land_title]}
      - {id: env_apply, name: Apply for environmental clearance, actor: applicant,
         contact: visit, needs: [site_plan, land_title]}

Fix
---
Pass the documents on with the case file (or share them in the application) so that every
agency uses the copy handed over the first time. The saving counts the requests that
disappear, and the whole step when it asked for nothing else.

Answered by the rewrite ``exchange-data`` (``bpmodel rewrites exchange-data`` explains
it).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ..findings import FEES, TIMES, VISIT_COSTS, Context, Finding, blind_to, has_contact, listing

NAME = "repeated-document-request"
CATEGORY = "redundancy"
SEVERITY = "warning"
OPTIONS: dict = {}
# the documents asked of the applicant: whether a step has a contact, not which
BLIND = {**blind_to(TIMES, VISIT_COSTS, FEES), "contact": has_contact}


def check(ctx: Context) -> Iterator[Finding]:
    facts = ctx.facts
    process = ctx.process
    looped = facts.in_loops
    asks = dict((s.id, docs) for s, docs in facts.requests)
    if len(asks) < 2:
        return
    latest = facts.latest(asks)
    for step, docs in facts.requests:
        handed = latest[step.id]
        again = [d for d in docs if d in handed]
        if not again:
            continue
        earlier = {d: sorted(handed[d], key=facts.position.get) for d in again}
        names = ", ".join(_name(process, d) for d in again)
        where = sorted({s for ss in earlier.values() for s in ss}, key=facts.position.get)
        rework = step.id in looped
        message = (_("{step} asks the applicant again for {documents}, already handed over at "
                     "{steps} (in a rework loop). Pass the documents on with the case file.")
                   if rework else
                   _("{step} asks the applicant again for {documents}, already handed over at "
                     "{steps}. Pass the documents on with the case file.")).format(
            step=step.id, documents=names, steps=listing(where))
        runs = facts.runs.get(step.id, 0.0)
        whole = not rework and len(again) == len(docs) and facts.actions[step.id] == "submit"
        saving = (facts.removal([step.id], documents_requested=runs * len(again)) if whole
                  else facts.saving(documents_requested=runs * len(again)))
        yield ctx.finding([*where, step.id], message, evidence={
            "step": step.id,
            "documents": again,
            "handed_over_at": earlier,
            "in_rework_loop": rework,
            "received_by": {s: facts.receivers(process.step(s)) for s in [*where, step.id]},
        }, saving=saving)


def _name(process, doc_id: str) -> str:
    document = process.document(doc_id)
    return f"{document.name} ({doc_id})" if document else doc_id
