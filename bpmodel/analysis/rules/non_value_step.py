"""A step that moves, copies, stores or re-checks the case without a new outcome.

What it does
------------
Finds tasks whose action is ``forward``, ``archive`` or ``wait``, tasks whose name says they
copy something ("photocopy", "salin", "legalisir") and checks whose name says they check
again ("re-check", "periksa ulang"). Steps marked ``keep`` are left alone.

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
and after the decision (off the applicant's path); drop copies and repeated checks (task
elimination). The saving is what the step costs.

Options
-------
``actions`` (forward, archive, wait): the actions that are never of value by themselves.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import N_, _
from ...labels import action_label
from ..findings import Context, Finding

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
    for step in ctx.process.steps:
        if not step.is_task or step.keep:
            continue
        action = facts.actions[step.id]
        markers = facts.reading(step.id).markers
        if action in ctx.options["actions"]:
            reason = (_(_REASONS[action]) if action in _REASONS else
                      _("is a {action} step").format(action=action_label(action)))
        elif "copy" in markers:
            reason = _("only copies documents")
        elif "again" in markers and action in _CHECKS:
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

