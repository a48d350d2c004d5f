"""The applicant must bring a document that a government agency already issued and holds.

What it does
------------
Finds documents with an ``issued_by`` (the agency that issued and keeps them: the civil
registry for the identity card, the land office for the land title) that a step asks of the
applicant: a step done by the applicant, or one where the applicant takes part (``contact``),
that ``needs`` the document. Documents that staff of the process itself produce are not
asked of the applicant. One finding per document, naming every step that asks for it.

Why is this bad?
----------------
The government asks the citizen to carry its own records from one office to another. Under
the once-only principle the agency that needs the data fetches it from the one that holds
it (data exchange between the applications), and the applicant hands over nothing that the
state already has.

Example
-------
::

    documents:
      - {id: ktp, name: Identity card (KTP), issued_by: Civil Registry}
    steps:
      - {id: submit, name: Submit application, actor: applicant, needs: [ktp]}

Fix
---
Look the document up in the issuing agency's system (by the identity number) instead of
asking for it: integration and once-only data exchange. The saving counts the requests
that disappear; the applicant's time to obtain the document is not in the model.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ..findings import Context, Finding, listing

NAME = "government-held-document"
CATEGORY = "redundancy"
SEVERITY = "warning"
OPTIONS: dict = {}


def check(ctx: Context) -> Iterator[Finding]:
    facts = ctx.facts
    asked: dict[str, list[str]] = {}
    for step, documents in facts.requests:
        for doc_id in documents:
            asked.setdefault(doc_id, []).append(step.id)
    for document in ctx.process.documents:
        steps = asked.get(document.id)
        if not document.issued_by or not steps:
            continue
        times = sum(facts.runs.get(s, 0.0) for s in steps)
        message = _("The applicant must bring {document} ({id}), which {issuer} issued and "
                    "already holds; asked in {steps}. Fetch it from {issuer} instead "
                    "(once-only).").format(document=document.name, id=document.id,
                                           issuer=document.issued_by, steps=listing(steps))
        yield ctx.finding(steps, message, evidence={
            "document": document.id,
            "issued_by": document.issued_by,
            "requested_in": steps,
        }, saving=facts.saving(documents_requested=times))
