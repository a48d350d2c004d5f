"""What the rewrites share (public, for any rewrite): what a rewrite is (:class:`Rewrite`)
and proposes (:class:`Proposal`), labels for messages, fresh ids,
names in the process's language, walking back to a task, handing outputs on, whether one
check covers another, the applicant's actors and the steps a rewrite may change."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Protocol

from ...analysis.actions import object_words
from ...i18n import gettext_in, process_language
from ...model import Process, Step
from ..edit import replace_step


@dataclass(frozen=True)
class Proposal:
    """A rewritten process and the reasons for it; ``instrument`` names the legal
    instrument the change needs (a delegation decree, an amended service standard);
    ``rests_on`` names steps the change leaves as they are but whose facts it rests on
    (the signature that makes a delivery possible), so that their assumed facts are
    reported with the change."""

    process: Process
    steps: tuple[str, ...]
    what: str
    why: str
    finding: str | None = None
    legal_basis: str | None = None
    assumption: str | None = None
    instrument: str | None = None
    rests_on: tuple[str, ...] = ()


class Finding(Protocol):
    rule: str
    steps: tuple[str, ...]


class Rewrite:
    """What every rewrite is: a name, a heuristic, a level, the findings it answers, and
    proposals, for a finding (``propose``) or for a pattern it finds itself
    (``propose_own``). Both propose nothing unless a rewrite says otherwise."""

    name: str
    heuristic: str
    level: str
    answers: tuple[str, ...] = ()

    def propose(self, process: Process, finding: Finding) -> Iterator[Proposal]:
        return iter(())

    def propose_own(self, process: Process) -> Iterator[Proposal]:
        return iter(())

def label(step: Step) -> str:
    """``'Name' (id)`` for messages.

    >>> label(Step("check", "Check the file"))
    "'Check the file' (check)"
    """
    return f"{step.name!r} ({step.id})"


def in_process_language(process: Process, message: str) -> str:
    """``message`` in the language of ``process``: the names of the steps, gateways and
    actors a rewrite adds follow it, so that a diagram stays in one language."""
    return gettext_in(process_language(process), message)


def fresh_id(process: Process, base: str) -> str:
    """``base``, or ``base_2``, ``base_3``... whichever is not a step or actor id yet.

    >>> fresh_id(Process("p", "P", steps=(Step("join", "Join"),)), "join")
    'join_2'
    """
    candidate, number = base, 1
    while process.has_step(candidate) or any(a.id == candidate for a in process.actors):
        number += 1
        candidate = f"{base}_{number}"
    return candidate


def preceding_task(process: Process, step_id: str, prefer_actor: str | None = None) -> Step | None:
    """The nearest task before ``step_id`` (through gateways and events), preferring one by
    ``prefer_actor``; None at the start of the process."""
    seen = {step_id}
    queue = deque(f.source for f in process.incoming(step_id))
    found: list[Step] = []
    while queue:
        current = queue.popleft()
        if current in seen or not process.has_step(current):
            continue
        seen.add(current)
        step = process.step(current)
        if step.is_task:
            found.append(step)
            continue
        queue.extend(f.source for f in process.incoming(current))
    for step in found:
        if step.actor == prefer_actor:
            return step
    return found[0] if found else None


def hand_outputs(process: Process, removed: Step, heir: Step | None) -> Process:
    """Give what ``removed`` produces to ``heir`` (so later steps still get it)."""
    if heir is None or not removed.produces:
        return process
    merged = tuple(dict.fromkeys(heir.produces + removed.produces))
    return replace_step(process, replace(heir, produces=merged))


def covers(keeper: Step, other: Step) -> bool:
    """Whether ``keeper`` checks everything ``other`` checks: the object words of ``other``
    are all among the keeper's ("kitchen plans" does not cover "kitchen plans for fire
    safety"), so removing ``other`` loses no check.

    >>> covers(Step("a", "Verify land title"), Step("b", "Verifikasi sertifikat tanah"))
    False
    >>> covers(Step("a", "Verify land certificate"), Step("b", "Verifikasi sertifikat tanah"))
    True
    """
    return object_words(other) <= object_words(keeper)


def applicant_ids(process: Process) -> set[str]:
    """Ids of the actors who are the applicant (citizens and businesses)."""
    return {a.id for a in process.actors if a.is_applicant}


def unlocked_steps(process: Process, step_ids, *aspects: str) -> list[Step]:
    """The steps of ``step_ids`` that the process still has and whose ``keep`` locks none
    of ``aspects`` (existence, actor, agency, channel): a rewrite may change those."""
    return [process.step(s) for s in step_ids if process.has_step(s)
            and not any(process.step(s).locked(a) for a in aspects)]
