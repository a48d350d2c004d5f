"""Presence and the order of results: what a simplified variant may never change.

A step needs someone *in person* (a deed signed before a notary or land-deed official, an
oath, fingerprints and a photograph) or happens *on site* (a field inspection, a survey of
the location, a visit to the premises): such a step cannot move online. A step that
*collects*, hands over or delivers a result comes after the step that issues or signs it,
and a decision comes after the checks, inspections and payments it rests on. Presence is
declared (``presence``) or read from the action and the name, in English and Bahasa
Indonesia, with the words of the ``constraints`` section of ``data/lexicon.yaml``.

>>> from bpmodel.model import Step
>>> presence_of(Step("a", "Penandatanganan akta jual beli di hadapan PPAT"))
'in-person'
>>> presence_of(Step("b", "Pemeriksaan lapangan")), presence_of(Step("c", "Final inspection"))
('on-site', 'on-site')
>>> presence_of(Step("d", "Technical review of site plan", action="inspect"))
>>> presence_of(Step("e", "Field survey", presence="none"))
>>> inspection_stage(Step("f", "Foundation inspection"))
'foundation'
>>> inspection_stage(Step("g", "Pemeriksaan akhir bangunan"))
'final'
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, wraps
from itertools import compress, count
from operator import is_not
from typing import TypeVar

from ..model import Process, Step
from ..validate import reachable_from
from .actions import action_of, object_words
from .components import bits_of, carried
from .outcomes import turns_down
from .wording import first_group, groups, mentions

T = TypeVar("T")
_WORDS = re.compile(r"[^\W\d_]+")
ISSUING = ("issue", "sign", "approve", "decide")
CHECKING = ("check", "verify", "inspect", "pay")
# actions on papers: a site named in them is what the paper is about, not where it happens
PAPER_ACTIONS = ("submit", "pay", "forward", "notify", "enter-data", "archive", "issue",
                 "sign", "register")


def _by_step(reading: Callable[[Step], T]) -> Callable[[Step], T]:
    """``reading`` (a function of a step alone) remembered for each step object: the
    simplify engine's rounds meet the same (immutable) steps again and again, and looking
    one up by identity costs less than hashing all its fields."""
    known: dict[int, tuple[Step, T]] = {}

    @wraps(reading)
    def remembered(step: Step) -> T:
        entry = known.get(id(step))
        if entry is not None and entry[0] is step:
            return entry[1]
        value = reading(step)
        if len(known) >= 100_000:
            known.clear()
        known[id(step)] = (step, value)  # the step is kept, so its id is not reused
        return value

    return remembered


@_by_step
def presence_of(step: Step) -> str | None:
    """``in-person``, ``on-site`` or None: declared by ``presence``, else inferred."""
    if step.presence:
        return None if step.presence == "none" else step.presence
    if not step.is_task:
        return None
    return _inferred(_key(step.name), _key(step.object or ""), action_of(step))


def _key(text: str) -> str:
    """The words of a text without numbers: names that differ only in numbers read alike."""
    return " ".join(_WORDS.findall(text.lower()))


@lru_cache(maxsize=65536)
def _inferred(name: str, obj: str, action: str | None) -> str | None:
    text = f"{name} {obj}"
    if mentions(name, "in_person") or mentions(name, "biometrics"):
        return "in-person"
    if action != "submit" and mentions(name, "photo") and mentions(name, "photo_capture"):
        return "in-person"
    if action == "sign" and mentions(text, "deeds"):
        return "in-person"
    if mentions(name, "body_exams") and action not in PAPER_ACTIONS \
            and not mentions(name, "desk"):
        return "in-person"  # a doctor examines the body; a report of it is papers
    if mentions(name, "at_site"):
        return "on-site"  # "menandatangani berita acara di lokasi": the place is said
    if mentions(name, "on_site") and action not in PAPER_ACTIONS:
        return "on-site"  # "Submit the field survey report" is paper work
    if action == "inspect" and not mentions(text, "desk"):
        return "on-site"
    if action in ("check", "verify") and first_group(text, "stages") \
            and not mentions(text, "desk"):
        return "on-site"  # a check of the foundation, a final check of the building
    return None


def inspection_stage(step: Step) -> str | None:
    """The construction stage an inspection belongs to (foundation, structure, roof,
    utilities, final, before), read from its name; None when it names none."""
    return first_group(f"{step.name} {step.object or ''}", "stages")


def inspection_stages(step: Step) -> list[str]:
    """Every construction stage a name mentions (more than one: a merged inspection).

    >>> inspection_stages(Step("j", "Foundation inspection; final inspection"))
    ['foundation', 'final']
    """
    return groups(f"{step.name} {step.object or ''}", "stages")


def share_a_visit(a: Step, b: Step) -> bool:
    """Whether two on-site steps could be one visit: both on site and at the same stage
    (two inspections of different stages are different visits, whatever their agencies).

    >>> share_a_visit(Step("a", "Fire safety final inspection"), Step("b", "Final inspection"))
    True
    >>> share_a_visit(Step("a", "Foundation inspection"), Step("b", "Final inspection"))
    False
    """
    if a.id == b.id or presence_of(a) != "on-site" or presence_of(b) != "on-site":
        return False
    return inspection_stage(a) == inspection_stage(b)


def issues_result(step: Step) -> bool:
    """A step that issues, signs, approves or decides: it makes a result. A rejection
    decides but makes none (:func:`bpmodel.analysis.outcomes.turns_down`): it rests on the
    check that rejected, which its branch already follows, not on every check before it
    (a knock-out check may move ahead of the others)."""
    return step.is_task and action_of(step) in ISSUING and not turns_down(step)


def is_collection(process: Process, step: Step,
                  produced: frozenset[str] | None = None) -> bool:
    """A step where the applicant takes, is handed or is sent a result (``collect``).

    Read from the action, else from the name: a collecting word ("ambil", "penyerahan",
    "hand over", "deliver", "collect") with a result ("SK", "sertifikat", "permit") or a
    document that a step of the process produces (``produced``: those documents, when the
    caller has them already).

    >>> from bpmodel.model import Process, Step
    >>> p = Process("p", "P", steps=(Step("a", "Pengambilan SK izin"),
    ...                              Step("b", "Pengambilan foto")))
    >>> is_collection(p, p.steps[0]), is_collection(p, p.steps[1])
    (True, False)
    """
    if not step.is_task:
        return False
    action = action_of(step, process=process)  # read in its lane: who acts
    if action == "collect":
        return True
    if action in ISSUING or action in CHECKING:
        return False
    text = f"{step.name} {step.object or ''}"
    if produced is None:
        produced = produced_inside(process)
    made_inside = bool(set(step.needs) & produced)
    if not (made_inside or mentions(text, "results")):
        return False
    if not mentions(step.name, "collection"):
        return action in ("forward", "notify") and mentions(step.name, "recipients")
    actor = process.actor(step.actor)
    if action == "submit" and actor is not None and actor.is_applicant:
        # the applicant handing in their own certificate is a submission, not a collection
        return made_inside
    return True


def message_arrives_at(process: Process, step_id: str) -> bool:
    """Whether a message from another participant arrives at the step (a message flow
    into it: "Both auditor and auditee have certified" waits for the other's
    certification, "Wait for answer" for the answer).

    >>> from bpmodel.model import MessageFlow
    >>> p = Process("p", "P", message_flows=(MessageFlow("other", "b"),))
    >>> message_arrives_at(p, "b"), message_arrives_at(p, "a")
    (True, False)
    """
    return any(message.target == step_id for message in process.message_flows)


def asks_for_something(step: Step) -> bool:
    """Whether a step's name says it applies for or registers something: the request
    itself, which no office can do for the applicant, not a showing of a receipt.

    >>> asks_for_something(Step("a", "Mengajukan permohonan IMB di UPTSA"))
    True
    >>> asks_for_something(Step("b", "Pemohon menyerahkan bukti setor ke loket"))
    False
    """
    return step.is_task and mentions(step.name, "applications")


def sits_exam(step: Step, action: str | None, by_applicant: bool) -> bool:
    """Whether the applicant sits a test or an examination ("ujian praktik", "mengikuti
    tes tertulis"), read as an inspection or as no action in particular: they are examined
    where the examiner is, in person. ``action`` is the step's action as read; a step that
    hands in, pays for or collects a test's result reads as that action, not as the test.

    >>> sits_exam(Step("t", "Pemohon mengikuti tes tertulis"), "other", True)
    True
    >>> sits_exam(Step("u", "Pemohon mengunggah hasil tes kesehatan"), "submit", True)
    False
    """
    presence = presence_of(step)
    return (by_applicant and not step.presence and mentions(step.name, "exams")
            and not mentions(step.name, "on_site")
            and (presence == "on-site" or presence is None and action in ("other", "inspect")))


def carried_in_body(step: Step) -> bool:
    """Whether a step's name speaks of an original or a physical item (a sample, a
    vehicle): sent on, it travels in body, and no shared system carries it.

    >>> carried_in_body(Step("s", "Sampel air diteruskan ke Labkesda"))
    True
    >>> carried_in_body(Step("b", "Berkas diteruskan ke Dinas Kesehatan"))
    False
    """
    return mentions(step.name, "originals") or mentions(step.name, "physical_items")


def produced_inside(process: Process) -> frozenset[str]:
    """The documents some step of the process produces.

    Counted from a recent call's counts when ``process`` has that call's steps (the same
    objects, in place, or with one step less) but a few: only the steps that are not the
    same objects are read (the simplify engine's variants share most steps with their
    original and ask this for every proposal).

    >>> from bpmodel.model import Process, Step
    >>> p = Process("p", "P", steps=(Step("a", "A", produces=("sk",)), Step("b", "B")))
    >>> sorted(produced_inside(p))
    ['sk']
    """
    steps = process.steps
    counts = None
    for known_steps, known_counts, known in reversed(_RECENT_PRODUCED):
        if known_steps is steps:
            return known
        counts = _counts_like(steps, known_steps, known_counts)
        if counts is not None:
            break
    if counts is None:
        counts = Counter(d for s in steps for d in s.produces)
    found = frozenset(counts)
    _RECENT_PRODUCED[:] = [*_RECENT_PRODUCED[-1:], (steps, counts, found)]
    return found


# the last two counts made: (steps, how many times each document is produced, documents)
_RECENT_PRODUCED: list[tuple[tuple[Step, ...], Counter, frozenset[str]]] = []


def _counts_like(steps: tuple[Step, ...], known_steps: tuple[Step, ...],
                 known_counts: Counter) -> Counter | None:
    """How many times each document is produced in ``steps``, from ``known_counts`` of
    ``known_steps``: with one step less, the known step after the first that is not the
    same object is taken out; then every place where the steps are not the same objects
    trades the known step's documents for the new one's (C-level identity scans), and a
    document no step produces any longer is dropped. None when more than one step in
    eight differs."""
    counts = known_counts.copy()
    gone: list[str] = []
    if len(steps) == len(known_steps) - 1:
        at = next(compress(count(), map(is_not, known_steps, steps)), len(steps) - 1) + 1
        gone.extend(known_steps[at].produces)
        known_steps = known_steps[:at] + known_steps[at + 1:]
    elif len(steps) != len(known_steps):
        return None
    changed = list(compress(count(), map(is_not, known_steps, steps)))
    if len(changed) * 8 > len(steps):
        return None
    for v in changed:
        gone.extend(known_steps[v].produces)
        counts.update(steps[v].produces)
    counts.subtract(gone)
    for document in gone:
        if document in counts and counts[document] <= 0:
            del counts[document]
    return counts


def feeds_result(step: Step) -> bool:
    """A step a decision rests on: a check, verification, inspection or payment, or a step
    that needs someone in person or on site."""
    return step.is_task and (action_of(step) in CHECKING or presence_of(step) is not None)


def io_known(step: Step) -> bool:
    """Whether what a step uses and what it gives are both known: it declares ``needs``, and
    it declares ``produces`` or is a check whose only outcome is its verdict. Moving steps
    side by side needs this positive evidence; a step without ``needs`` is not independent,
    its dependencies are unknown."""
    return step.is_task and bool(step.needs) and (
        bool(step.produces) or action_of(step) in ("check", "verify", "inspect"))


def must_follow(process: Process, earlier: Step, later: Step) -> bool:
    """Whether ``later`` rests on ``earlier`` by the nature of the two steps: a decision
    on a check, inspection or payment, or a collection of an issued result.

    >>> from bpmodel.model import Process, Step
    >>> p = Process("p", "P")
    >>> must_follow(p, Step("s", "Sign the permit"), Step("c", "Collect the permit"))
    True
    >>> must_follow(p, Step("f", "Fire safety review"), Step("e", "Environmental review"))
    False

    Also a thing read or used after the work that installs it (:func:`installs_what_it_uses`).
    """
    return ((feeds_result(earlier) or issues_result(earlier)) and issues_result(later)) or (
        issues_result(earlier) and is_collection(process, later)) or (
        installs_what_it_uses(earlier, later))


def installs_what_it_uses(earlier: Step, later: Step) -> bool:
    """Whether ``earlier`` is work on the premises (a connection, an installation) and
    ``later`` names a thing it installs: the meter is read after it is fitted, whatever
    papers the two declare (a thing the work makes is no document).

    >>> installs_what_it_uses(Step("p", "Tim memasang pipa dan meter air di rumah pelanggan"),
    ...                       Step("b", "Petugas mencatat angka awal meter air"))
    True
    >>> installs_what_it_uses(Step("p", "Tim memasang meter air"), Step("k", "Kasir menerima"))
    False
    """
    return mentions(earlier.name, "physical_works") and \
        bool(object_words(earlier) & object_words(later))


def in_time_for(process: Process, keeper: Step, removed: Step) -> bool:
    """Whether ``keeper`` comes before every decision or signature that ``removed`` came
    before, so that keeping it instead leaves no decision without the check it rests on.

    >>> from bpmodel.model import Flow, Process, Step
    >>> p = Process("p", "P", steps=(Step("a", "Check title"), Step("s", "Sign permit"),
    ...     Step("b", "Check title")), flows=(Flow("a", "s"), Flow("s", "b")))
    >>> in_time_for(p, p.step("b"), p.step("a")), in_time_for(p, p.step("a"), p.step("b"))
    (False, True)
    """
    after = reachable_from(process, [removed.id]) - {removed.id}
    decisions = [step_id for step_id in after
                 if process.has_step(step_id) and issues_result(process.step(step_id))]
    if not decisions:
        return True
    # ``keeper`` is strictly before a decision when it reaches the decision and the
    # decision does not reach it: three searches in all, not two for every decision
    reaches = reachable_from(process, [keeper.id])
    reached_by = reachable_from(process, [keeper.id], backwards=True)
    return all(step_id != keeper.id and step_id in reaches and step_id not in reached_by
               for step_id in decisions)


_issues_result = _by_step(issues_result)
_feeds_result = _by_step(feeds_result)
_stage = _by_step(inspection_stage)


@dataclass(frozen=True)
class OrderFacts:
    """The facts of order of a process (see :func:`order_facts`) as bit sets: step
    ``candidates[i]`` is bit ``1 << i`` (``bit`` maps a step id to its bit), and
    ``earlier[later]`` holds the bits of the steps that must come before ``later``. One
    integer a step, so the facts take memory linear in the steps (times a machine word per
    64 candidates) even when the pairs they stand for are quadratic in number.

    >>> facts = OrderFacts(("s",), {"s": 1}, {"c": 1})
    >>> facts.pairs(), facts.before("c")
    ({('s', 'c')}, ['s'])
    """

    candidates: tuple[str, ...]
    bit: Mapping[str, int] = field(repr=False)
    earlier: Mapping[str, int] = field(repr=False)

    def before(self, later: str) -> list[str]:
        """The steps that must come before ``later``, in the order of the candidates."""
        return self.named(self.earlier.get(later, 0))

    def named(self, bits: int) -> list[str]:
        """The candidates whose bits are set in ``bits``, in their order."""
        return _named(bits, self.candidates)

    def mask(self, steps: Iterable[str]) -> int:
        """The union of the bits of the candidates among ``steps``."""
        mask = 0
        for step_id in steps:
            mask |= self.bit.get(step_id, 0)
        return mask

    def pairs(self) -> set[tuple[str, str]]:
        """Every ``(earlier, later)`` pair (as many as the facts stand for)."""
        return {(earlier, later) for later in self.earlier for earlier in self.before(later)}


def order_facts(process: Process) -> OrderFacts:
    """The pairs of :func:`ordered_pairs` as one bit set a step (:class:`OrderFacts`): one
    pass over the loops in topological order finds what comes strictly before every step,
    and each later step keeps the part of it that it rests on. Linear in the steps times
    the candidates' machine words; the pairs themselves are never listed.

    >>> from bpmodel.model import Flow, Process, Step
    >>> p = Process("p", "P", steps=(Step("a", "Verify land title"), Step("s", "Sign the permit"),
    ...     Step("c", "Collect the permit")), flows=(Flow("a", "s"), Flow("s", "c")))
    >>> facts = order_facts(p)
    >>> facts.before("s"), facts.before("c")
    (['a'], ['s'])
    """
    tasks = [s for s in process.steps if s.is_task]
    # inspections on site at different construction stages follow the building's progress
    staged = [(s, stage) for s in tasks
              if presence_of(s) == "on-site" and (stage := _stage(s))]
    if len(staged) < 2:
        staged = []
    results = [s for s in tasks if _issues_result(s)]
    feeders = [s for s in tasks if _feeds_result(s)] if results else []
    produced = produced_inside(process)
    users = [s for s in tasks if is_collection(process, s, produced)] if results else []
    if not (staged or results):
        return OrderFacts((), {}, {})
    candidates = tuple(dict.fromkeys(s.id for s in (*(s for s, _ in staged), *feeders,
                                                    *results)))
    bit = bits_of(candidates)
    # what comes strictly before each step (it reaches the step, the step does not reach it)
    strictly = carried(process, bit, own_loop=False)
    earlier: dict[str, int] = {}

    def rests_on(later: str, mask: int) -> None:
        if found := strictly[later] & mask:
            earlier[later] = earlier.get(later, 0) | found

    of_stage: dict[str, int] = {}
    for step, stage in staged:
        of_stage[stage] = of_stage.get(stage, 0) | bit[step.id]
    every_stage = _mask(bit, [step for step, _ in staged])
    for step, stage in staged:
        rests_on(step.id, every_stage & ~of_stage[stage])
    result_bits = _mask(bit, results)
    # a result rests on the checks before it, and on the approvals below it (an initial
    # before the signature)
    resting = _mask(bit, feeders) | result_bits
    for result in results:
        rests_on(result.id, resting)
    for user in users:
        rests_on(user.id, result_bits)
    return OrderFacts(candidates, bit, earlier)


def ordered_pairs(process: Process) -> set[tuple[str, str]]:
    """The pairs ``(earlier, later)`` whose order is a matter of fact, not of routing: a
    check, inspection or payment before the decision or signature that rests on it, an
    approval before the signature above it, the issuing or signing of a result before
    its collection, hand-over or delivery, and inspections on site of different
    construction stages in the order the building reaches them. (Their number can grow
    as the square of the steps: :func:`order_facts` holds them as bit sets.)

    >>> from bpmodel.model import Flow, Process, Step
    >>> p = Process("p", "P", steps=(Step("s", "Sign the permit"), Step("c", "Collect the permit")),
    ...             flows=(Flow("s", "c"),))
    >>> sorted(ordered_pairs(p))
    [('s', 'c')]
    """
    return order_facts(process).pairs()


def _mask(bit: Mapping[str, int], steps: list[Step]) -> int:
    """The union of the bits of ``steps``."""
    mask = 0
    for step in steps:
        mask |= bit[step.id]
    return mask


def _named(bits: int, candidates: Sequence[str]) -> list[str]:
    """The candidates whose bits (1 << their position) are set, in their order."""
    if not bits:
        return []
    flags = bin(bits)[:1:-1]  # the lowest bit first
    return [candidates[i] for i, flag in enumerate(flags) if flag == "1"]
