"""Who takes part in a step: the applicant's steps, contacts and procedures.

A step involves the applicant when it is done by an actor of kind citizen or
business, or when it has a ``contact`` (the applicant takes part in person,
online or by phone). A *procedure*, as Doing Business counts them, is an
interaction of the applicant with an external party: every task with a contact,
and every task of the applicant that hands over to, or receives from, an actor of
an agency (looking through gateways and events). The applicant's own preparation
(a task of the applicant without contact, between two other tasks of the
applicant) is not a procedure.

>>> from bpmodel.model import Actor, Flow, Process, Step
>>> p = Process("p", "P",
...     actors=(Actor("me", "Me", "citizen"), Actor("clerk", "Clerk", agency="Office")),
...     steps=(Step("prepare", "Prepare", actor="me"), Step("hand", "Hand in", actor="me"),
...            Step("check", "Check", actor="clerk")),
...     flows=(Flow("prepare", "hand"), Flow("hand", "check")))
>>> sorted(procedure_steps(p))
['hand']
"""

from __future__ import annotations

from collections import deque

from ..model import Process, Step


def applicant_kind(process: Process, step: Step) -> str | None:
    """The actor kind (citizen or business) of the applicant in ``step``, or None.

    The step's own actor when it is an applicant; for a contact step of staff, the
    first applicant actor of the process (``citizen`` when it declares none).
    """
    actor = process.actor(step.actor)
    if actor is not None and actor.is_applicant:
        return actor.kind
    if step.contact is None or not step.is_task:
        return None
    for candidate in process.actors:
        if candidate.is_applicant:
            return candidate.kind
    return "citizen"


def is_applicant_step(process: Process, step: Step) -> bool:
    """True when the applicant spends time in this task (their own task, or a contact)."""
    return step.is_task and applicant_kind(process, step) is not None


def _has_agency(process: Process, step: Step) -> bool:
    actor = process.actor(step.actor)
    return actor is not None and actor.agency is not None


def _transparent(process: Process, step: Step) -> bool:
    return not step.is_task and process.actor(step.actor) is None


def _near_agency(process: Process, *, downstream: bool) -> set[str]:
    """Transparent steps (gateways, events) from which an agency's step is reached
    through transparent steps only, along the flows (``downstream``) or against them."""
    found: set[str] = set()
    queue = deque(s.id for s in process.steps if _has_agency(process, s))
    while queue:
        current = queue.popleft()
        flows = process.incoming(current) if downstream else process.outgoing(current)
        for flow in flows:
            other = flow.source if downstream else flow.target
            if other in found or not process.has_step(other):
                continue
            if _transparent(process, process.step(other)):
                found.add(other)
                queue.append(other)
    return found


def procedure_steps(process: Process) -> frozenset[str]:
    """Ids of the tasks that are procedures (see the module documentation); linear time."""
    out = {s.id for s in process.steps if s.is_task and s.contact is not None}
    candidates = [s for s in process.steps if s.is_task and s.id not in out
                  and (a := process.actor(s.actor)) is not None and a.is_applicant]
    if not candidates:
        return frozenset(out)
    before_agency = _near_agency(process, downstream=True)
    after_agency = _near_agency(process, downstream=False)

    def agency_side(step_id: str, near: set[str]) -> bool:
        step = process.step(step_id)
        return _has_agency(process, step) or step_id in near

    for step in candidates:
        if any(process.has_step(f.target) and agency_side(f.target, before_agency)
               for f in process.outgoing(step.id)) or any(
                process.has_step(f.source) and agency_side(f.source, after_agency)
                for f in process.incoming(step.id)):
            out.add(step.id)
    return frozenset(out)
