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
>>> is_applicant_step(p, p.step("prepare")), applicant_kind(p, p.step("check"))
(True, None)
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from itertools import compress, count
from operator import is_not

from ..model import TASK, Process, Step
from .flowgraph import Links, changed_places


def applicant_kind(process: Process, step: Step) -> str | None:
    """The actor kind (citizen or business) of the applicant in task ``step``, or None.

    The step's own actor when it is an applicant; for a contact step of staff, the
    first applicant actor of the process (``citizen`` when it declares none).
    """
    actor = process.actor(step.actor)
    return _kind(process, step.type, actor, step.contact, _fallback(process))


def _fallback(process: Process) -> str:
    return next((a.kind for a in process.actors if a.is_applicant), "citizen")


def _kind(process: Process, step_type: str, actor, contact: str | None,
          fallback: str) -> str | None:
    if step_type != TASK:
        return None
    if actor is not None and actor.is_applicant:
        return actor.kind
    return fallback if contact is not None else None


def applicant_kinds(process: Process, links: Links | None = None) -> list[str | None]:
    """:func:`applicant_kind` of every step, by step number.

    A kind reads only the step (its type, actor and contact) and the process's actors:
    when a recent call had the same actors, the kinds of the steps that are its own
    objects are taken over and only the others read (the simplify engine's variants
    share most steps with their original; a series merge has one step less).
    """
    links = links if links is not None else Links.of(process)
    steps, actors = process.steps, process.actors
    kinds = None
    for known_steps, known_actors, known_kinds in reversed(_RECENT_KINDS):
        if known_actors is actors or known_actors == actors:
            kinds = _kinds_like(process, known_steps, known_kinds)
            if kinds is not None:
                break
    if kinds is None:
        fallback = _fallback(process)
        by_id = {a.id: a for a in actors}
        kinds = [_kind(process, t, by_id.get(a) if a is not None else None, c, fallback)
                 for t, a, c in zip(links.types, links.actors, links.contacts, strict=True)]
    _RECENT_KINDS[:] = [*_RECENT_KINDS[-(_KEPT_KINDS - 1):], (steps, actors, kinds)]
    return list(kinds)


# the last kinds worked out: (steps, actors, kinds); the lists are never handed out
_RECENT_KINDS: list[tuple[tuple[Step, ...], tuple, list[str | None]]] = []
_KEPT_KINDS = 2


def _kinds_like(process: Process, known_steps: tuple[Step, ...],
                known_kinds: list[str | None]) -> list[str | None] | None:
    """The kinds of ``process``'s steps from those of ``known_steps`` (of a process with
    the same actors): copied place by place (with one step left out when ``process`` has
    one step less: the one after the first that is not the same object) and read again
    where the step is not the same object. None when more than one in eight differ."""
    steps = process.steps
    if len(steps) == len(known_steps):
        before, kinds = known_steps, list(known_kinds)
    elif len(steps) == len(known_steps) - 1:
        at = next(compress(count(), map(is_not, known_steps, steps)), len(steps) - 1) + 1
        before = known_steps[:at] + known_steps[at + 1:]
        kinds = known_kinds[:at] + known_kinds[at + 1:]
    else:
        return None
    changed = list(changed_places(before, steps) if before is known_steps
                   else compress(count(), map(is_not, before, steps)))
    if len(changed) * 8 > len(steps):
        return None
    for v, kind in zip(changed, applicant_kinds_of(process, [steps[v] for v in changed]),
                       strict=True):
        kinds[v] = kind
    return kinds


def applicant_kinds_of(process: Process, steps: Sequence[Step]) -> list[str | None]:
    """:func:`applicant_kind` of each of ``steps`` (steps of ``process``), in order.

    >>> import bpmodel
    >>> process = bpmodel.load_process(bpmodel.default_process_path())
    >>> applicant_kinds_of(process, process.steps) == applicant_kinds(process)
    True
    """
    fallback = _fallback(process)
    actors = {a.id: a for a in process.actors}
    return [_kind(process, s.type, actors.get(s.actor) if s.actor is not None else None,
                  s.contact, fallback) for s in steps]


def is_applicant_step(process: Process, step: Step) -> bool:
    """True when the applicant spends time in this task (their own task, or a contact)."""
    return applicant_kind(process, step) is not None


def procedure_steps(process: Process, links: Links | None = None) -> frozenset[str]:
    """Ids of the tasks that are procedures (see the module documentation); linear time."""
    links = links if links is not None else Links.of(process)
    return frozenset(i for i, flag in zip(links.ids, procedure_flags(process, links),
                                          strict=True) if flag)


def procedure_flags(process: Process, links: Links) -> list[bool]:
    """Whether each step (by number) is a procedure."""
    actors = {a.id: a for a in process.actors}
    out: list[bool] = []
    candidates: list[int] = []
    agency: list[bool] = []
    clear: list[bool] = []
    for i, (kind, actor_id, contact) in enumerate(zip(links.types, links.actors,
                                                      links.contacts, strict=True)):
        actor = actors.get(actor_id) if actor_id is not None else None
        agency.append(actor is not None and actor.agency is not None)
        task = kind == TASK
        clear.append(not task and actor is None)
        out.append(task and contact is not None)
        if task and contact is None and actor is not None and actor.is_applicant:
            candidates.append(i)
    if candidates:
        # gateways and events from which an agency's step is reached through gateways and
        # events only, along the flows (before) or against them (after)
        before = _spread(agency, clear, links.before)
        after = _spread(agency, clear, links.after)
        for i in candidates:
            out[i] = (any(before[w] for w in links.after(i))
                      or any(after[u] for u in links.before(i)))
    return out


def _spread(seeds: list[bool], clear: list[bool],
            step: Callable[[int], list[int]]) -> list[bool]:
    """``seeds``, and the ``clear`` steps reached from them through clear steps by ``step``."""
    found = list(seeds)
    queue = deque(i for i, seed in enumerate(seeds) if seed)
    while queue:
        for other in step(queue.popleft()):
            if clear[other] and not found[other]:
                found[other] = True
                queue.append(other)
    return found
