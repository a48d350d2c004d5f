"""compose-steps (task composition, safe): one sitting instead of two for the same doer.

What it does: two consecutive tasks by the same actor (and, when their names say who does
them, by the same official: "Petugas" and "Kepala Bidang" in one lane are two people),
neither a call activity nor a sub-process (each is a procedure of its own, not a
sitting), neither a wait nor a meeting (waiting is no sitting, and a meeting's wait is for the
others' calendars), neither kept by law nor in contact with the applicant, the second
not waiting for a message from another participant (a message flow into it), and done in
the same place (both on site, both in person, or neither: an inspection on site and a
desk step are not one sitting), become one task: the work adds up and the second wait
disappears, since the case no longer goes back into the queue. The reason says who does
both as the names say it: the same person, team, office or (when the name says neither)
unit; never "the same person" of a whole office. Nor are two tasks composed when the wait
between them is another party's time, not a queue at one desk: the first sends something
out (a request to another agency, a sample to a laboratory), or the second receives
something or checks what arrives from outside (an answer, a result, a payment's proof).

Example (the two steps of ``tech`` become one, with 3 hours of work and 2 days of
waiting)::

    - {id: check, name: Check the drawings, actor: tech, work: 2h, wait: 2d}
    - {id: report, name: Write the technical report, actor: tech, work: 1h, wait: 1d}
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterator
from dataclasses import replace

from ...analysis.actions import action_of, read_name
from ...analysis.presence import (
    carried_in_body,
    inspection_stage,
    message_arrives_at,
    presence_of,
)
from ...analysis.wording import mentions
from ...i18n import N_, _
from ...model import Duration, Process, Step
from ..edit import EditError, keeps_order, merge_steps, touched_steps
from .common import Proposal, Rewrite, label


def _add(a: Duration, b: Duration) -> Duration:
    return Duration(a.low + b.low, a.likely + b.likely, a.high + b.high)


def _sitting(step: Step) -> bool:
    """A task someone does at a desk or on site: not a call activity (another procedure,
    with its own steps, people and waits) nor a sub-process."""
    return step.is_task and not step.is_call_or_subprocess


def _composable(process: Process, first: Step, second: Step) -> bool:
    one, other = _sitter(process, first), _sitter(process, second)
    return (one is not None and other is not None and one[:3] == other[:3]
            and len(process.incoming(second.id)) == 1
            and [f.target for f in process.outgoing(first.id)] == [second.id]
            and len(one[3] | other[3]) <= 1
            and not _waits_on_others(process, first, second)
            and not message_arrives_at(process, second.id))  # it waits for that message


def _waits_on_others(process: Process, first: Step, second: Step) -> bool:
    """Whether the wait before ``second`` is another party's time, not a queue at one desk:
    ``first`` sends something out ("Petugas mengirim surat permintaan data ke BPN": the
    wait is BPN's answer), or ``second`` receives something ("Petugas menerima hasil uji
    laboratorium") or checks something that arrives from outside ("memeriksa bukti
    pembayaran retribusi": the applicant pays in between). One sitting cannot save it.

    >>> from bpmodel.model import Process, Step
    >>> p = Process("p", "P")
    >>> _waits_on_others(p, Step("a", "Petugas mengirim surat ke BPN"),
    ...                  Step("b", "Petugas menerima jawaban dari BPN"))
    True
    >>> _waits_on_others(p, Step("a", "Petugas memeriksa berkas"), Step("b", "Petugas membuat BAP"))
    False
    """
    if action_of(first, process=process) in ("forward", "notify"):
        return True
    action = action_of(second, process=process)
    return action == "collect" or (action in ("check", "verify")
                                   and mentions(second.name, "awaited"))


# what _sitter read of each step (by its identity) in a process with which actors
_SITTERS: dict[int, tuple[Step, tuple, tuple | None]] = {}


def _shipped(step: Step, process: Process) -> bool:
    """An original or a sample sent on ("Sampel air diteruskan ke Labkesda"): it travels
    in body and its wait is the transport, not a queue at one desk to merge away."""
    return action_of(step, process=process) == "forward" and carried_in_body(step)


def _sitter(process: Process, step: Step) -> tuple | None:
    """What of ``step`` alone says whether it can be merged with another: None when it
    cannot (not a sitting, no actor, kept, in contact with the applicant, a wait or a
    meeting), else its actor, presence, construction stage and doers (a step is read in
    the context of the process's actors; remembered for each step object)."""
    known = _SITTERS.get(id(step))
    if known is not None and known[0] is step and known[1] is process.actors:
        return known[2]
    found = None
    if _sitting(step) and step.actor is not None and not step.keep and not step.contact \
            and action_of(step, process=process) not in ("wait", "meet") \
            and not (step.wait.hours and mentions(step.name, "legal_periods")) \
            and not _waits_by_law(process, step) \
            and not _shipped(step, process) and not mentions(step.name, "sessions"):
        found = (step.actor, presence_of(step), inspection_stage(step), _doers(step))
    if len(_SITTERS) >= 100_000:
        _SITTERS.clear()
    _SITTERS[id(step)] = (step, process.actors, found)  # the step is kept: its id stays its
    return found


def _waits_by_law(process: Process, step: Step) -> bool:
    """A wait a rule demands, though its name does not read as a wait: no work, only a wait,
    a legal basis, and no action read from its name ("Buku tanah Hak Tanggungan bertanggal
    7 hari setelah berkas lengkap", UU 4/1996 Pasal 13; not "Petugas memeriksa kelengkapan
    berkas", a check whose file gives only its wait). Merged into the step before, the wait
    would be "saved"."""
    return bool(step.legal_basis) and step.wait.hours > 0 and step.work.hours == 0 \
        and step.time_known and action_of(step, process=process) == "other"


def _pair_at(process: Process, first: Step) -> bool:
    """Whether ``first`` and the one step after it are two tasks compose-steps makes one."""
    following = process.successors(first.id)
    return len(following) == 1 and _composable(process, first, following[0])


# the first steps of the pairs of the last few processes asked of, as a set and in the
# order of the steps: the engine's next round asks of a variant of this round's process
_PAIRS: list[tuple[weakref.ref, frozenset[str], list[str]]] = []
_KEPT = 4


def series_pairs(process: Process) -> list[str]:
    """The first steps of the pairs of tasks compose-steps makes one, in the order of the
    steps. Worked out from a process asked of recently when ``process`` is a variant of it
    with the same actors: only the pairs around the steps the edit touched
    (:func:`~bpmodel.simplify.edit.touched_steps`) are asked again (a pair reads its two
    steps, the flows out of the first and into the second, and the actors), and when the
    edit said it kept the order of the steps (it replaced one, or merged two) and made no
    new pair, their order is the earlier order less the pairs gone.

    >>> from bpmodel.model import Actor, Flow
    >>> p = Process("p", "P", actors=(Actor("t", "Tech"),),
    ...     steps=(Step("a", "Check the drawings", actor="t"),
    ...            Step("b", "Write the report", actor="t")), flows=(Flow("a", "b"),))
    >>> series_pairs(p)
    ['a']
    """
    ordered = next((known_order for known, _firsts, known_order in _PAIRS
                    if known() is process), None)
    if ordered is None:
        latest = next(((earlier, *known_pairs) for known, *known_pairs in reversed(_PAIRS)
                       if (earlier := known()) is not None), None)
        firsts = None
        if latest is not None:
            firsts, ordered = _updated(*latest, process) or (None, None)
        if firsts is None:
            firsts = frozenset(s.id for s in process.steps if _pair_at(process, s))
        if ordered is None:
            ordered = [s.id for s in process.steps if s.id in firsts] if firsts else []
        _PAIRS[:] = [*_PAIRS[-(_KEPT - 1):], (weakref.ref(process), firsts, ordered)]
    return list(ordered)


def _updated(earlier: Process, firsts: frozenset[str], ordered: list[str], process: Process
             ) -> tuple[frozenset[str], list[str] | None] | None:
    """The first steps of ``process``'s pairs from ``earlier``'s (``firsts``, in the order
    of the steps ``ordered``): the pairs of the steps the edit touched, and of the steps
    before them, asked again (None when the actors differ or the edit cannot be told);
    with their order when the edit kept the order of the steps and made no new pair
    (else None)."""
    if not (earlier.actors is process.actors or earlier.actors == process.actors):
        return None
    touched = touched_steps(earlier, process)
    if touched is None:
        return None
    around = set(touched)
    for step_id in touched:
        around.update(f.source for f in process.incoming(step_id))
    asked = {step_id for step_id in around
             if process.has_step(step_id) and _pair_at(process, process.step(step_id))}
    found = (firsts - around) | asked
    if asked <= firsts and keeps_order(earlier, process):
        return found, [step_id for step_id in ordered if step_id in found]
    return found, None


def _doers(step: Step) -> set[str]:
    """Who the name says does the step ("Petugas", "Kepala Bidang"), for each part of a
    name that earlier merges joined with "; ": one lane (an office) may hold an officer
    and the head who signs, two people and two pairs of eyes."""
    found = set()
    for part in step.name.split("; "):
        words = read_name(part).subject_words
        if words:
            found.add(" ".join(words.lower().split()))
    return found


# Who does both, as the reason says it: one person only when a person's title is read.
WHY = {
    "person": N_("the same person does both, one after the other; doing them in one sitting "
                 "saves the second wait in the queue"),
    "team": N_("the same team does both, one after the other; doing them in one sitting saves "
               "the second wait in the queue"),
    "office": N_("the same office does both, one after the other; doing them in one sitting "
                 "saves the second wait in the queue"),
    "unit": N_("the same unit does both, one after the other; doing them in one sitting saves "
               "the second wait in the queue"),
}
_ACRONYM = re.compile(r"\b[A-Z]{2,}\b")


def doer_kind(process: Process, step: Step) -> str:
    """Who does ``step``, as its name's subject (else its actor's name) says: ``person``
    (a title: "Petugas loket", "Kepala Dinas", "Head of office"), ``team`` ("Tim teknis"),
    ``office`` ("Front office", "Sekretariat", an acronym such as "DBKL") or ``unit`` (a
    name that says neither).

    >>> from bpmodel.model import Actor
    >>> p = Process("p", "P", actors=(Actor("a", "Sekretariat"), Actor("b", "Clerk")))
    >>> [doer_kind(p, Step(n, n, actor=a)) for n, a in (("Tim teknis memeriksa", "b"),
    ...     ("Check the file", "a"), ("Check the file", "b"), ("Pengawas memeriksa", "a"))]
    ['team', 'office', 'person', 'person']
    """
    subject = read_name(step.name.split("; ")[0]).subject_words
    actor = process.actor(step.actor) if step.actor else None
    who = subject or (actor.name if actor is not None else "")
    if mentions(who, "persons"):
        return "person"
    if mentions(who, "teams"):
        return "team"
    if mentions(who, "offices") or _ACRONYM.search(who):
        return "office"
    return "unit"


def _both_bases(first: str | None, second: str | None) -> str | None:
    """The rules that demand one step doing the work of two: each rule once, in order, so
    that the check a rule demands still answers to it after the merge.

    >>> _both_bases("Perbup 10/2020", None), _both_bases("PP 16/2021", "Perbup 10/2020; PP 16/2021")
    ('Perbup 10/2020', 'PP 16/2021; Perbup 10/2020')
    """
    bases = [b.strip() for text in (first, second) if text for b in text.split(";")]
    return "; ".join(dict.fromkeys(b for b in bases if b)) or None


class ComposeSteps(Rewrite):
    name = "compose-steps"
    heuristic = N_("task composition")
    level = "safe"
    answers: tuple[str, ...] = ()  # finds its own pattern: consecutive tasks of one actor

    def propose_own(self, process: Process) -> Iterator[Proposal]:
        for first_id in series_pairs(process):
            first = process.step(first_id)
            second = process.successors(first_id)[0]
            merged = replace(
                first, name=f"{first.name}; {second.name[:1].lower()}{second.name[1:]}",
                work=_add(first.work, second.work),
                needs=tuple(dict.fromkeys(first.needs + second.needs)),
                produces=tuple(dict.fromkeys(first.produces + second.produces)),
                action=first.action if first.action == second.action else "other",
                object=first.object if first.object == second.object else None,
                system=first.system or second.system, fee=first.fee + second.fee,
                legal_basis=_both_bases(first.legal_basis, second.legal_basis),
                description=None,
                # unknown stays unknown, assumed stays assumed (issue 13)
                time_known=first.time_known and second.time_known,
                work_known=first.work_known and second.work_known,
                fee_known=first.fee_known and second.fee_known, fee_formula=None,
                costs=first.costs + second.costs,
                assumed=tuple(dict.fromkeys(first.assumed + second.assumed)))
            try:
                variant = merge_steps(process, first.id, second.id, merged)
            except EditError:
                continue
            yield Proposal(variant, (first.id, second.id),
                           what=_("Merged {first} and {second}").format(
                               first=label(first), second=label(second)),
                           why=_(WHY[doer_kind(process, first)]),
                           assumption=_("the second step needs nothing from outside the "
                                        "office that arrives between the two"))
