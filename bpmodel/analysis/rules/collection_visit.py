"""The applicant comes in person only to collect a result that is signed electronically.

What it does
------------
Finds steps where the applicant comes in person (``contact: visit``) to collect, receive
or be handed a result (``action: collect``, or ``ambil``, ``pengambilan``,
``penyerahan``, ``collect``, ``pick up``, ``hand over`` in the name) and does nothing
else there: no fee, nothing produced, nothing handed in but results of the process
itself. It is reported only when every result collected is signed electronically: the
step that signs or issues it says so (``TTE``, ``tanda tangan elektronik``, ``BSrE``,
``e-signature``, ``digitally signed``, ``QR code``), in its name, description, legal
basis, system or document names. The results are what the step ``needs``; a step that
needs nothing collects what the nearest signing or issuing step before it signs, when
the two name the same thing (``Ambil izin`` after ``TTE izin``). A
visit that also takes an oath, biometrics, an original, a card, a plate or a
wet-ink signature is never reported: that needs the person or the object.

Why is this bad?
----------------
An electronically signed document is the original wherever it is received (UU 11/2008 on
electronic information and transactions, art. 5 and 11; PP 71/2019): a printed copy
verified by its QR code is as valid as one handed over at the counter. The trip costs
the applicant a day for a file the office could send when it is signed.

Example
-------
::

    - {id: sign, name: Tanda tangan elektronik (TTE) izin, actor: head, produces: [izin]}
    - {id: ambil, name: Pengambilan izin di loket, actor: applicant, contact: visit,
       needs: [izin]}

Fix
---
Deliver electronically (contact reduction): ``deliver-electronically`` (safe: the same
document, the same order, no rule change) replaces the visit by delivery by email,
through the portal or OSS, right after signing. A step marked ``keep`` keeps its channel.
The saving is the visit and the applicant's time at it.

Answered by the rewrite ``deliver-electronically`` (``bpmodel rewrites
deliver-electronically`` explains it).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ...i18n import N_, _
from ...model import Process, Step
from ...validate import reachable_from
from ..actions import read_name
from ..changed_steps import ChangedSteps
from ..findings import Context, Finding, listing
from ..presence import presence_of
from ..reform_facts import e_signed_step, says_collect, says_e_signed, says_presence, step_words

NAME = "collection-visit"
CATEGORY = "waste"
SEVERITY = "warning"
OPTIONS: dict = {}
INCREMENTAL = True  # when only channels changed, the unchanged steps' findings stay
_SIGNING = ("sign", "issue")
_NOT_COLLECTING = ("pay", "sign", "approve", "check", "verify", "inspect", "enter-data",
                   "register", "meet")
_MAX_BACK = 50
# The messages, whole sentences with named placeholders (for translation).
COLLECTS = N_("{step} ({name}) brings the applicant in person only to collect {results}, "
              "which {signers} signs electronically; deliver it by email, the portal or OSS "
              "instead.")
KEPT = N_("The step is marked keep, so simplification leaves its channel as it is.")


def producers_of(process: Process) -> dict[str, list[Step]]:
    """The steps that produce each document."""
    producers: dict[str, list[Step]] = {}
    for other in process.steps:
        for document in other.produces:
            producers.setdefault(document, []).append(other)
    return producers


def collected_results(process: Process, step: Step, actions, is_applicant,
                      producers: dict[str, list[Step]] | None = None
                      ) -> tuple[list[str], list[str]] | None:
    """What a visit only collects and the steps that sign it, when every one is signed
    electronically before it; None when the step is not such a visit. ``producers`` (from
    :func:`producers_of`) saves finding them again for every step."""
    if not (step.is_task and step.contact == "visit" and is_applicant(step)):
        return None
    words = step_words(step)
    if actions[step.id] != "collect" and not says_collect(words):
        return None
    if step.fee or step.produces or says_presence(words) or presence_of(step) is not None:
        return None  # the visit needs the person or the object, or does more than collect
    if actions[step.id] in _NOT_COLLECTING or (actions[step.id] == "submit" and not step.needs):
        return None  # a submission, or a hand-over whose result is not named
    if producers is None:
        producers = producers_of(process)
    if step.needs:
        if not all(d in producers for d in step.needs):
            return None  # hands in something from outside: not only a collection
        results = list(step.needs)
        signers = [s for d in results for s in producers[d]]
    else:
        signer = _signing_before(process, step, actions)
        if signer is None or not _same_result(process, step, signer):
            return None
        results, signers = list(signer.produces), [signer]
    for document_id in results:
        document = process.document(document_id)
        if document is not None and says_presence(document.name):
            return None
    if not all(e_signed_step(process, s) or _e_signed_document(process, s) for s in signers):
        return None
    before = reachable_from(process, [step.id], backwards=True)  # only for the few left
    if not all(s.id in before for s in signers):
        return None  # never a collection before (or beside) its issuance
    return results, list(dict.fromkeys(s.id for s in signers))


def _same_result(process: Process, collect: Step, signer: Step) -> bool:
    """Whether the collection names what the signing step signs (``izin`` and ``permit``
    alike): without ``needs``, the nearest signature may be of something else."""
    wanted = set(read_name(collect.name).object)
    signed = set(read_name(signer.name).object)
    for document_id in signer.produces:
        if (document := process.document(document_id)) is not None:
            signed |= set(read_name(document.name).object)
    return bool(wanted & signed)


def _e_signed_document(process: Process, step: Step) -> bool:
    docs = [process.document(d) for d in step.produces]
    return bool(docs) and all(d is not None and says_e_signed(d.name) for d in docs)


def _signing_before(process: Process, step: Step, actions) -> Step | None:
    """The nearest signing or issuing step before ``step`` along a single way back (no
    merge on the way); None when there is none or the way branches."""
    current = step
    for _step in range(_MAX_BACK):
        before = process.predecessors(current.id)
        if len(before) != 1:
            return None
        current = before[0]
        if current.is_task and actions[current.id] in _SIGNING:
            return current
    return None


def check(ctx: Context) -> Iterator[Finding]:
    facts = ctx.facts
    process = ctx.process
    known = _earlier_findings(ctx)
    producers = None
    # only the applicant's visits may be collections (collected_results says None at once
    # of the others): found once for each step object (see Facts.steps_where)
    visits = facts.steps_where((NAME, "visits"), _applicant_visit)
    for step in process.steps if visits is None else visits:
        if known is not None and step.id not in known.changed.ids:
            if step.id in known.by_step:
                yield known.by_step[step.id]
            continue  # unchanged: what it found of the step in the earlier round
        if step.contact != "visit":
            continue  # not a visit: collected_results says None at once
        if producers is None:
            producers = producers_of(process)
        found = collected_results(process, step, facts.actions, facts.is_applicant, producers)
        if found is None:
            continue
        results, signers = found
        message = _(COLLECTS).format(step=step.id, name=step.name, results=listing(results),
                                     signers=listing(signers))
        if step.locked("channel"):
            message = f"{message} {_(KEPT)}"
        cost = facts.cost([step.id])
        yield ctx.finding([step.id], message, evidence={
            "results": results, "signed_by": signers, "keep": step.locked("channel"),
        }, saving=facts.saving(cost, lead_time_days=facts.lead_time_days([step.id])),
            rests_on=signers)  # the e-signature the finding rests on


def _applicant_visit(facts, step: Step) -> bool:
    """Whether the applicant comes in person to the task (of the step alone)."""
    return step.is_task and step.contact == "visit" and facts.is_applicant(step)


@dataclass(frozen=True)
class _Earlier:
    by_step: dict[str, Finding]
    changed: ChangedSteps


def _earlier_findings(ctx: Context) -> _Earlier | None:
    """The earlier round's findings by their step, when the process changed only the
    channels of some steps since (``ctx.earlier``) and the rule did not fail: a finding
    reads its own step's channel, and otherwise the step's words, actor and locks, the
    documents, the signing steps before it (their actions and words) and the graph, and
    its saving the step, the runs and the critical path, none of which changed."""
    earlier = ctx.earlier
    if earlier is None or not earlier.changed.fields <= {"contact"} \
            or any(f.rule != NAME or len(f.steps) != 1 for f in earlier.findings):
        return None
    return _Earlier({f.steps[0]: f for f in earlier.findings}, earlier.changed)
