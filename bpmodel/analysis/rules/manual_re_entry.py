"""The same case is typed by hand into a second system.

What it does
------------
Follows the systems that hold the case along the flows: a system holds it once a step has
entered the data into it (an ``enter-data`` step with a ``system``, or the applicant's own
submission in a system). A later ``enter-data`` step by a person (not a ``system`` actor)
that types the case into a system while another system, or the same one, already holds it
is a manual re-entry.

Why is this bad?
----------------
Re-typing costs staff time, adds a queue and brings typing errors; the two systems then
disagree. It is the sign of applications that do not talk to each other, which regional
digitalisation plans ask to integrate rather than to multiply.

Example
-------
::

    - {id: register, name: Register application, actor: front, action: enter-data,
       system: local_app}
    - {id: reenter, name: Re-enter application data into SIMBG, actor: front,
       action: enter-data, system: simbg}

Fix
---
Integrate the applications (an interface or a shared registry) so that the case flows from
one to the other; the re-entry step disappears. The entry that stays is the one into the
system of record (``record: true`` on a system, else read from its name: SIAK, a national
registry); the message names it. The saving is what the step costs.

Answered by the rewrite ``integrate-systems`` (``bpmodel rewrites integrate-systems``
explains it).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ..findings import FEES, TIMES, VISIT_COSTS, Context, Finding, blind_to, listing
from ..registers import system_of_record

NAME = "manual-re-entry"
CATEGORY = "redundancy"
SEVERITY = "warning"
OPTIONS: dict = {}
BLIND = blind_to(TIMES, VISIT_COSTS, FEES, ["contact"])


def check(ctx: Context) -> Iterator[Finding]:
    facts = ctx.facts
    process = ctx.process
    entries: dict[str, str] = {}  # step -> system it puts the case into
    # each step object asked once (see Facts.steps_where); every step on repeated ids
    steps = facts.steps_where(NAME, _enters)
    for step in process.steps if steps is None else steps:
        if not step.system:
            continue
        action = facts.actions[step.id]
        if action == "enter-data" or (action == "submit" and facts.is_applicant(step)):
            entries[step.id] = step.system
    if len(entries) < 2:
        return
    latest = facts.latest({s: [system] for s, system in entries.items()})
    for step_id, system in entries.items():
        step = process.step(step_id)
        if facts.actions[step_id] != "enter-data" or facts.actor_kind(step) == "system":
            continue
        held = latest[step_id]
        if not held:
            continue
        holding = sorted(held)
        earlier = sorted({s for steps in held.values() for s in steps}, key=facts.position.get)
        names = ", ".join(_name(process, s) for s in holding)
        same = system in holding
        record, inferred = system_of_record(process, [*holding, system])
        message = (_("{step} types the case by hand into {system} again (last entered at "
                     "{steps}). Integrate the applications so the data flows between them.")
                   if same else
                   _("{step} types the case by hand into {system}, although {holders} already "
                     "holds it (last entered at {steps}). Integrate the applications so the "
                     "data flows between them.")).format(
            step=step_id, system=_name(process, system), holders=names, steps=listing(earlier))
        if record:
            stays = (_("The entry that stays is the one into {system}, the system of record "
                       "(read from its name).") if inferred else
                     _("The entry that stays is the one into {system}, the system of record."))
            message = " ".join((message, stays.format(system=_name(process, record))))
        yield ctx.finding([*earlier, step_id], message, evidence={
            "step": step_id,
            "system": system,
            "held_by": holding,
            "entered_at": earlier,
            "system_of_record": record,
        }, saving=facts.removal([step_id]))


def _enters(facts, step) -> bool:
    """Whether a step puts the case into a system (of the step alone): it names one, and
    it enters data, or it is the applicant's submission."""
    if not step.system:
        return False
    action = facts.step_action(step)
    return action == "enter-data" or (action == "submit" and facts.is_applicant(step))


def _name(process, system_id: str) -> str:
    found = next((s for s in process.systems if s.id == system_id), None)
    return f"{found.name} ({system_id})" if found else system_id
