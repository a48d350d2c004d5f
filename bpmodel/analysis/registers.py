"""Registers: which documents a government agency holds, and which system is the record.

A document is *held by government* when its issuer is a government agency that keeps a
register of it, and when it exists before the process starts: a letter from a
neighbourhood head (RT/RW), a bank statement or a notarial deed is not in a government
register, and a document that a step of the same process produces cannot be fetched
before that step. ``government`` on a document declares it; otherwise the issuer's name
is read (``constraints.non_government`` in ``data/lexicon.yaml``).

The *system of record* is the authoritative register among the process's ``systems``
(the national civil registry rather than a village office's letter application): the
manual entry that stays is the one into it. ``record: true`` declares it; when no system
declares it, it is read from the system's name (``constraints.records``).

>>> from bpmodel.model import Document, Process, System
>>> p = Process("p", "P", documents=(Document("ktp", "KTP", "Dukcapil"),
...     Document("rt", "Surat pengantar", "Ketua RT 03"),
...     Document("bank", "Statement", "Bank BRI")),
...     systems=(System("desa", "Aplikasi surat desa"), System("siak", "SIAK Dukcapil")))
>>> [held_by_government(p, d) for d in p.documents]
[True, False, False]
>>> system_of_record(p, ["desa", "siak"])
('siak', True)
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from ..model import Document, Process, Step
from .presence import presence_of
from .wording import mentions


def held_by_government(process: Process, document: Document,
                       produced: Collection[str] | None = None) -> bool:
    """Whether a government agency issued the document before the process and holds it.
    ``produced``: the documents the process's steps produce, when the caller has them."""
    if produced is not None:
        if document.id in produced:
            return False
    elif any(document.id in s.produces for s in process.steps):
        return False
    if document.government is not None:
        return document.government
    return bool(document.issued_by) and not mentions(document.issued_by, "non_government")


def shown_outside_government(process: Process, step: Step) -> bool:
    """Whether the documents a step asks for are shown to someone no data exchange between
    agencies reaches, who checks the original: a notary, a land-deed official or a bank
    does the step or is named in it, or the step needs the person there (a deed signed in
    person, an oath), where the original is checked in their hands.

    >>> shown_outside_government(Process("p", "P"),
    ...     Step("a", "Legalisasi salinan sertifikat tanah di kantor notaris"))
    True
    >>> shown_outside_government(Process("p", "P"), Step("b", "Ajukan permohonan di PTSP"))
    False
    """
    actor = process.actor(step.actor)
    who = f"{actor.name} {actor.agency or ''}" if actor is not None else ""
    return mentions(f"{step.name} {who}", "private_parties") or presence_of(step) == "in-person"


def government_held_is_assumed(document: Document) -> bool:
    """Whether :func:`held_by_government` inferred the answer (no ``government`` key)."""
    return document.government is None


def system_of_record(process: Process, system_ids: Iterable[str]) -> tuple[str | None, bool]:
    """Of ``system_ids``, the system of record, and whether that is inferred; None when
    none of them is (or more than one reads as one and none is declared)."""
    ids = list(dict.fromkeys(system_ids))
    systems = {s.id: s for s in process.systems}
    declared = [i for i in ids if i in systems and systems[i].record]
    if any(s.record for s in process.systems):
        return (declared[0], False) if len(declared) == 1 else (None, False)
    read = [i for i in ids if i in systems and mentions(systems[i].name, "records")]
    return (read[0], True) if len(read) == 1 else (None, True)
