"""The applicant must bring a document that a government agency already issued and holds.

What it does
------------
Finds documents with an ``issued_by`` (the agency that issued and keeps them: the civil
registry for the identity card, the land office for the land title) that a step asks of the
applicant: a step done by the applicant, or one where the applicant takes part (``contact``),
that ``needs`` the document. Documents that staff of the process itself produce are not
asked of the applicant. One finding per document, naming every step that asks for it.
Only documents held in a government register count (``bpmodel.analysis.registers``): a
letter from a neighbourhood head (RT/RW), a bank statement or a notarial deed is not, nor
is a document that a step of the same process issues (it does not exist before that step),
nor an original the applicant hands in ("Sertipikat asli", "Kartu Keluarga asli": the
office cancels, changes or keeps the paper itself, which no register's copy replaces; the
rewrite never fetches one either). When the issuer's nature is read from its name (no
``government`` key), the finding says so.

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

Answered by the rewrite ``exchange-data`` (``bpmodel rewrites exchange-data`` explains
it).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ..findings import FEES, TIMES, VISIT_COSTS, Context, Finding, blind_to, has_contact, listing
from ..registers import government_held_is_assumed, held_by_government, shown_outside_government
from ..wording import mentions

NAME = "government-held-document"
CATEGORY = "redundancy"
SEVERITY = "warning"
OPTIONS: dict = {}
# the documents asked of the applicant: whether a step has a contact, not which
BLIND = {**blind_to(TIMES, VISIT_COSTS, FEES), "contact": has_contact}


def check(ctx: Context) -> Iterator[Finding]:
    facts = ctx.facts
    asked: dict[str, list[str]] = {}
    for step, documents in facts.requests:
        if shown_outside_government(ctx.process, step):
            continue  # a notary or a bank checks the original; no data exchange reaches it
        for doc_id in documents:
            asked.setdefault(doc_id, []).append(step.id)
    for document in ctx.process.documents:
        steps = asked.get(document.id)
        if not steps or not held_by_government(ctx.process, document):
            continue
        if mentions(document.name, "originals"):
            continue  # the paper itself is handed in: a register's copy does not replace it
        times = sum(facts.runs.get(s, 0.0) for s in steps)
        if government_held_is_assumed(document):
            message = _("The applicant must bring {document} ({id}), which {issuer} issued and "
                        "already holds; asked in {steps}. Fetch it from {issuer} instead "
                        "(once-only); this assumes {issuer} is a government agency keeping a "
                        "register of it (not declared).").format(
                document=document.name, id=document.id, issuer=document.issued_by,
                steps=listing(steps))
        else:
            message = _("The applicant must bring {document} ({id}), which {issuer} issued and "
                        "already holds; asked in {steps}. Fetch it from {issuer} instead "
                        "(once-only).").format(document=document.name, id=document.id,
                                               issuer=document.issued_by, steps=listing(steps))
        yield ctx.finding(steps, message, evidence={
            "document": document.id,
            "issued_by": document.issued_by,
            "requested_in": steps,
        }, saving=facts.saving(documents_requested=times))
