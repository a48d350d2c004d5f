"""What a simplified variant must respect in a process, as the analysis report shows it.

The guards of :mod:`bpmodel.simplify.guards` rest on facts that are declared or read from
names: which steps need someone in person or happen on site, which collect a result, how
high each step's legal basis is, which documents a government agency holds, which system
is the record. This report lists them, each saying whether it was declared or inferred,
so that a reform team sees what bpmodel assumed and can declare otherwise (``presence:
none``, ``government: false``, ``record: true``...).

>>> from bpmodel.model import Process, Step
>>> p = Process("p", "P", steps=(Step("a", "Pemeriksaan lapangan"),
...                              Step("b", "Sign the permit", legal_basis="PP 16/2021")))
>>> report = constraints(p)
>>> report["presence"]
[{'step': 'a', 'presence': 'on-site', 'declared': False}]
>>> report["legal_levels"]
[{'step': 'b', 'legal_basis': 'PP 16/2021', 'level': 'government-regulation'}]
>>> constraint_sentences(report, p)[0]  # doctest: +NORMALIZE_WHITESPACE
"'Pemeriksaan lapangan' (a) is taken to happen on site (read from its action and name);
 it never moves online."
"""

from __future__ import annotations

from typing import Any

from ..i18n import _
from ..model import Process
from .legal import legal_level
from .presence import is_collection, presence_of, produced_inside
from .registers import held_by_government, system_of_record


def constraints(process: Process) -> dict[str, Any]:
    """The constraints of ``process`` as plain data (the ``constraints`` key of the
    analysis report)."""
    tasks = [s for s in process.steps if s.is_task]
    produced = produced_inside(process)
    presence = [{"step": s.id, "presence": p, "declared": s.presence is not None}
                for s in tasks if (p := presence_of(s))]
    keep = [{"step": s.id, "locks": list(s.locks) or ["existence", "actor", "agency",
                                                      "channel"]}
            for s in tasks if s.keep]
    levels = [{"step": s.id, "legal_basis": s.legal_basis, "level": legal_level(s.legal_basis)}
              for s in tasks if s.legal_basis]
    documents = [{"document": d.id, "issued_by": d.issued_by,
                  "held_by_government": held_by_government(process, d, produced),
                  "declared": d.government is not None}
                 for d in process.documents if d.issued_by]
    record, inferred = system_of_record(process, [s.id for s in process.systems])
    return {
        "presence": presence,
        "collections": [s.id for s in tasks if is_collection(process, s, produced)],
        "keep": keep,
        "legal_levels": levels,
        "documents": documents,
        "system_of_record": ({"system": record, "declared": not inferred} if record
                             else None),
    }


def constraint_sentences(report: dict[str, Any], process: Process | None = None) -> list[str]:
    """The constraints report in sentences, one per fact, saying which were inferred."""
    def name(step_id: str) -> str:
        if process is not None and process.has_step(step_id):
            return f"{process.step(step_id).name!r} ({step_id})"
        return step_id

    out = []
    for item in report["presence"]:
        step = name(item["step"])
        if item["presence"] == "in-person":
            sentence = (_("{step} needs someone in person (declared); it never moves online.")
                        if item["declared"] else
                        _("{step} is taken to need someone in person (read from its action "
                          "and name); it never moves online."))
        else:
            sentence = (_("{step} happens on site (declared); it never moves online.")
                        if item["declared"] else
                        _("{step} is taken to happen on site (read from its action and name); "
                          "it never moves online."))
        out.append(sentence.format(step=step))
    for step_id in report["collections"]:
        out.append(_("{step} is taken to hand a result to the applicant; it never starts "
                     "before the result is issued.").format(step=name(step_id)))
    for item in report["keep"]:
        out.append(_("{step} is marked keep: its {locks} stay as they are.").format(
            step=name(item["step"]), locks=", ".join(item["locks"])))
    for item in report["legal_levels"]:
        level = item["level"] or _("not recognised")
        out.append(_("{step} is demanded by {basis} (level: {level}).").format(
            step=name(item["step"]), basis=item["legal_basis"], level=level))
    for item in report["documents"]:
        if item["held_by_government"]:
            out.append((_("{document} is taken to be held in a government register by "
                          "{issuer} (declared).") if item["declared"] else
                        _("{document} is taken to be held in a government register by "
                          "{issuer} (read from the issuer's name).")).format(
                document=item["document"], issuer=item["issued_by"]))
        else:
            out.append(_("{document} is not fetched from {issuer}: not a government register, "
                         "or issued inside the process.").format(
                document=item["document"], issuer=item["issued_by"]))
    record = report["system_of_record"]
    if record:
        out.append((_("{system} is the system of record (declared).") if record["declared"]
                    else _("{system} is the system of record (read from its name).")).format(
            system=record["system"]))
    return out
