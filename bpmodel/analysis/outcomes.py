"""Which ends of a process turn the application down.

A process may end with the product (a permit issued) or without it (an invalid
file returned, an application rejected). The best time is the shortest way to an
end with the product; a rejection ending after 55 minutes is not the best case.

An end is a rejection when it is an end event with an ``error`` trigger, or when
its name reads as a rejection in English or Bahasa Indonesia (``rejected``,
``ditolak``, ``dikembalikan``... : the ``reject`` markers of the lexicon).

>>> from bpmodel.model import Flow, Process, Step
>>> p = Process("p", "P", steps=(Step("a", "Periksa"), Step("g", "Valid?", "gateway", "xor"),
...     Step("x", "Dokumen dikembalikan", "event", "end"), Step("y", "Izin terbit")),
...     flows=(Flow("a", "g"), Flow("g", "x"), Flow("g", "y")))
>>> sorted(rejecting_ends(p))
['x']

A task that turns the application down ("Reject the application", "Permohonan ditolak")
decides, but it makes no result the applicant goes on with: it rests on the check that
rejected, not on every check before it (:func:`turns_down`).
"""

from __future__ import annotations

from ..model import Process, Step
from .actions import action_of, default_lexicon, read_name

REJECTION_TRIGGERS = ("error",)


def is_rejection(step: Step) -> bool:
    """Whether this end step turns the application down (see the module doc)."""
    if step.is_event and step.trigger in REJECTION_TRIGGERS:
        return True
    return "reject" in read_name(step.name).markers


def rejecting_ends(process: Process) -> frozenset[str]:
    """The ids of the ends (steps without a way on) that turn the application down."""
    return frozenset(s.id for s in process.end_steps() if is_rejection(s))


def turns_down(step: Step) -> bool:
    """Whether a task's decision is a rejection: it decides, and the words that named its
    decision are a ``reject`` marker of the lexicon (reject, refuse, tolak...). "Approve or
    reject the application" approves first; it is no rejection.

    >>> turns_down(Step("r", "Reject the application")), turns_down(Step("t", "Penolakan izin"))
    (True, True)
    >>> turns_down(Step("d", "Decide on the application"))
    False
    """
    if not step.is_task or action_of(step) != "decide":
        return False
    lex = default_lexicon()
    reading = read_name(step.name, lex)
    words = next((a.words for a in reading.acts if a.action == "decide"), "")
    rejecting = lex.markers.get("reject", frozenset())
    return any(w in rejecting or lex.stem(w) in rejecting for w in words.lower().split())
