"""A step that moves, copies, stores or re-checks the case without a new outcome.

What it does
------------
Finds tasks whose action is ``forward``, ``archive`` or ``wait``, tasks whose name says they
copy something ("photocopy", "salin", "legalisir") and checks whose name says they check
again ("re-check", "periksa ulang"). Steps marked ``keep`` are left alone. Archiving is
reported only where it lies on the applicant's path (a step follows it before the end):
the archives law (UU 43/2009) requires the record, so the fix moves it, never drops it.
A re-inspection (an inspection on site, again) and a check again after a failed check
(on the branch a "no" answer takes) are not reported: they confirm that defects were put
right, and the rework loop is rework-loop's. Nor is a wait the law sets (one with a
``legal_basis``, or a period for objections, appeals or a public notice: "masa sanggah",
"pengumuman").

Sending the file back to the applicant ("dikembalikan kepada pemohon") is not passing the
case on: it tells the applicant what is missing. Nor is what the applicant's side (the
applicant, a notary acting for them) sends to an agency: it is their request. Nor is what
the only actor of a process sends (a BPMN pool without lanes: "Click submit to FAC for
processing"): no one else in the process shares its case file, so the sending is how the
case leaves it, to whoever the process serves or reports to. Nor is an official's
application to another agency for something that agency grants ("Operator mengajukan NPSN
sekolah ke Kemendikbud", "apply for a registration number"): the name asks for a thing,
not the case file, and the agency asked decides.

A wait for something named ("menunggu jadwal rapat", "menunggu tanda tangan") is not
reported either: it is the queue of that meeting or signature, which deleting the wait
step would not shorten; nor is a wait for a message from outside (a BPMN receive task, or
the target of a message flow: "Wait for answer"), nor a sending that a system already does
(a BPMN service or script task: "Send customer data to the ERP system" is the integration).

A name that only mentions a copy does not copy: a photocopy handed in, verified against
the original or fetched is what the step works on, and the step does what it says.

Why is this bad?
----------------
Nothing about the case changes: the applicant is no closer to a decision. Yet each of these
steps has a queue in front of it (the mail tray, the courier, the archive clerk), and in
lean terms it is pure waste (transport, motion, over-processing).

Example
-------
::

    - {id: forward, name: Send technical recommendation to PTSP, actor: tech,
       action: forward, wait: 2d}
    - {id: archive, name: Archive a paper copy of the file, actor: back, action: archive}

Fix
---
Let the case move in the shared application instead of by courier; archive electronically
and after the result is handed over (off the applicant's path, alongside the collection);
drop copies and repeated checks (task elimination). The saving is what the step costs.

Answered by the rewrite ``remove-non-value-step`` (``bpmodel rewrites
remove-non-value-step`` explains it).

Options
-------
``actions`` (forward, archive, wait): the actions that are never of value by themselves.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import N_, _
from ...labels import action_label
from ..actions import read_name
from ..findings import Context, Finding
from ..presence import carried_in_body, message_arrives_at, presence_of
from ..wording import mentions

NAME = "non-value-step"
CATEGORY = "waste"
SEVERITY = "warning"
OPTIONS = {"actions": ("forward", "archive", "wait")}
_REASONS = {
    "forward": N_("only passes the case on"),
    "archive": N_("only files the case away"),
    "wait": N_("only waits"),
}
_CHECKS = ("check", "verify", "inspect")


def check(ctx: Context) -> Iterator[Finding]:
    facts = ctx.facts
    options = tuple(ctx.options["actions"])
    candidates = facts.steps_where((NAME, options), _maybe(options))
    for step in ctx.process.steps if candidates is None else candidates:
        if not step.is_task or step.keep:
            continue
        action = facts.actions[step.id]
        markers = facts.reading(step.id).markers
        if action == "archive" and action in ctx.options["actions"]:
            if not _followed_by_task(ctx.process, step.id):
                continue
            message = _("{id} ({name}) files the case away while the applicant still waits "
                        "for the result. Archiving is required by law, so move it off the "
                        "applicant's path: after the result is handed over, or alongside "
                        "it.").format(id=step.id, name=step.name)
            yield ctx.finding([step.id], message, evidence={
                "action": action, "reason": "archives on the applicant's path",
                "markers": sorted(markers), "wait_hours": step.wait.hours,
                "work_hours": step.work.hours, "move_off_path": True,
            }, saving=facts.removal([step.id]))
            continue
        if action == "wait" and (step.legal_basis or mentions(step.name, "legal_periods")):
            continue  # a period for objections or a public notice the law sets is no waste
        if action == "wait" and (mentions(step.name, "awaited") or step.kind == "receive"
                                 or message_arrives_at(ctx.process, step.id)):
            continue  # the queue of a meeting, a signature or an answer: deleting saves nothing
        if action == "forward" and step.kind in _AUTOMATED:
            continue  # a system already sends it: no courier, no queue, it is the integration
        if action == "forward" and (_to_applicant(facts.reading(step.id))
                                    or facts.is_applicant(step)):
            continue  # a notice to the applicant, or the applicant's own request
        if action == "forward" and _only_actor(ctx.process, step):
            continue  # nobody else in the process to share a case file with: it sends it out
        if action == "forward" and carried_in_body(step):
            continue  # an original or a sample travels in body: no shared system carries it
        if action == "forward" and applies_for_a_thing(facts.reading(step.id), step.name):
            continue  # a request to the agency that grants it (a school's number), not a pass-on
        if action in ctx.options["actions"]:
            reason = (_(_REASONS[action]) if action in _REASONS else
                      _("is a {action} step").format(action=action_label(action)))
        elif "copy" in markers and action == "other":  # the copy is the act, not the object
            reason = _("only copies documents")
        elif "again" in markers and action in _CHECKS:
            if action == "inspect" or presence_of(step) is not None \
                    or _after_failure(ctx.process, step.id):
                continue  # a re-inspection after defects are fixed is required
            reason = _("checks again what was checked before")
        else:
            continue
        message = _("{id} ({name}) {reason}: no new outcome for the applicant. Drop it or let "
                    "the system do it.").format(id=step.id, name=step.name, reason=reason)
        yield ctx.finding([step.id], message, evidence={
            "action": action,
            "reason": reason,
            "markers": sorted(markers),
            "wait_hours": step.wait.hours,
            "work_hours": step.work.hours,
        }, saving=facts.removal([step.id]))


_AUTOMATED = ("service", "script")   # BPMN service and script tasks: the system does them


def _only_actor(process, step) -> bool:
    """Whether ``step``'s actor is the one actor the process declares.

    >>> from bpmodel.model import Actor, Process, Step
    >>> p = Process("p", "P", actors=(Actor("a", "Auditee"),),
    ...             steps=(Step("s", "Submit to FAC", actor="a"),))
    >>> _only_actor(p, p.step("s")), _only_actor(p.evolve(actors=()), p.step("s"))
    (True, False)
    """
    return len(process.actors) == 1 and step.actor == process.actors[0].id


def _maybe(options: tuple[str, ...]):
    """What a step alone must be for :func:`check` to report it (checked again there): a
    task not kept whose action is one of ``options`` or archive, or that copies or checks
    again (each step object is asked once, see :meth:`Facts.steps_where`)."""
    def maybe(facts, step) -> bool:
        if not step.is_task or step.keep:
            return False
        action = facts.step_action(step)
        if action == "archive" or action in options:
            return True
        markers = facts.step_reading(step).markers
        return ("copy" in markers and action == "other"
                or "again" in markers and action in _CHECKS)
    return maybe


def _to_applicant(reading) -> bool:
    """Whether a forwarding name sends the case to the applicant ("dikembalikan kepada
    pemohon", "return the file to the applicant")."""
    return any(a.action == "forward" and a.recipient == "applicant" for a in reading.acts)


def applies_for_a_thing(reading, name: str) -> bool:
    """Whether a forwarding name is an application for something the agency asked grants:
    it says it applies ("mengajukan", "apply for", "request") and its object is not the
    case file (no ``desk`` word: berkas, permohonan, file, application).

    >>> from bpmodel.analysis.actions import read_name
    >>> name = "Operator mengajukan NPSN sekolah ke Kemendikbud"
    >>> applies_for_a_thing(read_name(name), name)
    True
    >>> name = "Petugas mengajukan berkas ke Kepala Dinas"
    >>> applies_for_a_thing(read_name(name), name)
    False
    >>> name = "Petugas meneruskan NPSN ke Kemendikbud"
    >>> applies_for_a_thing(read_name(name), name)
    False
    """
    obj = " ".join(reading.object)
    return bool(obj) and not mentions(obj, "desk") and any(
        act.action == "forward" and mentions(act.words, "applications") for act in reading.acts)


def _followed_by_task(process, step_id: str) -> bool:
    """Whether a task follows the step (through gateways and events) before the end."""
    seen, todo = {step_id}, [f.target for f in process.outgoing(step_id)]
    while todo:
        current = todo.pop()
        if current in seen or not process.has_step(current):
            continue
        seen.add(current)
        if process.step(current).is_task:
            return True
        todo.extend(f.target for f in process.outgoing(current))
    return False


def _after_failure(process, step_id: str) -> bool:
    """Whether the step lies right after a "no" or "rejected" branch of a decision (through
    gateways and events): it checks again because an earlier check failed."""
    seen, todo = {step_id}, list(process.incoming(step_id))
    while todo:
        flow = todo.pop()
        words = " ".join(filter(None, (flow.condition,)))
        if words and read_name(words).markers & {"negative", "reject"}:
            return True
        source = flow.source
        if source in seen or not process.has_step(source) or process.step(source).is_task:
            continue
        seen.add(source)
        todo.extend(process.incoming(source))
    return False
