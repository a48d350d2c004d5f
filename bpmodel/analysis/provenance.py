"""Provenance: which facts a finding or a change rests on that the modeller assumed.

A process file marks assumed facts with ``assumed`` (see :data:`bpmodel.model.ASSUMABLE`):
on a step (its time, contact, fee, costs, actor, branch chances...), on an actor (the
office it belongs to, its kind), on a document (its issuer) or on the process (volume,
tariff, visit overhead...). A finding or a change about steps carrying such facts, or done
by such actors, says so, so that it does not look as solid as one resting on published
figures. Facts are named ``owner.fact``: ``apply.contact``, ``clerk.agency``,
``ktp.issued_by``, ``process.visit_overhead``.

>>> from bpmodel.model import Actor, Document, Process, Step
>>> p = Process("p", "P", steps=(Step("a", "Apply", needs=("ktp",), assumed=("contact",),
...                                   actor="clerk"),),
...             actors=(Actor("clerk", "Clerk", assumed=("agency",)),),
...             documents=(Document("ktp", "KTP", "Civil Registry", ("issued_by",)),),
...             assumed=("visit_overhead",))
>>> assumed_facts(p, ["a"])
['a.contact', 'clerk.agency', 'ktp.issued_by']
>>> assumed_facts(p, ["a"], {"applicant_hours": 2.0})
['a.contact', 'clerk.agency', 'ktp.issued_by', 'process.visit_overhead']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..model import Process

# Which assumed facts of the process a figure rests on. The cost of time (a finding's
# ``annual_cost`` prices staff hours too) rests on the visit overhead through the
# applicant's hours, which come with it when they are saved.
FIGURE_FACTS = {
    "applicant_hours": ("visit_overhead",),
    "annual_applicant_hours": ("visit_overhead", "volume"),
    "applicant_cost": ("tariff",),
    "annual_cost": ("tariff", "volume"),
    "out_of_pocket": ("visit_cost",),
    "annual_out_of_pocket": ("visit_cost", "volume"),
    "annual_fees": ("volume",),
    "lead_time_days": ("calendar",),
    "expected_lead_time_days": ("calendar",),
}


# Facts of a step that only a figure rests on: a finding or change whose figures (given)
# do not include one of these figures does not rest on them.
STEP_FIGURE_FACTS = {
    "costs": ("out_of_pocket", "annual_out_of_pocket"),
    "visit_cost": ("out_of_pocket", "annual_out_of_pocket"),
    "visit_overhead": ("applicant_hours", "annual_applicant_hours"),
}
# Facts of a step that only what rests on the step without changing it reads: its
# electronic signature matters to the delivery of what it signs, not to its own waiting.
RESTING_FACTS = ("signature",)


def assumed_facts(process: Process, step_ids: Iterable[str],
                  figures: Mapping[str, float] | None = None,
                  rests_on: Iterable[str] = ()) -> list[str]:
    """The assumed facts of these steps, of their actors and of the documents they use,
    and, for the figures that are not zero in ``figures`` (a gain or a saving), the
    assumed facts of the process they rest on. ``rests_on`` are steps a finding or change
    leaves as they are but needs (the signature of what is delivered): their facts count
    too, with those only such a use reads (:data:`RESTING_FACTS`). A fact of a step that
    only a figure rests on counts when that figure is in ``figures`` (or none are given).

    >>> from bpmodel.model import Process, Step
    >>> p = Process("p", "P", steps=(Step("s", "Sign", assumed=("signature", "wait")),
    ...                              Step("c", "Collect", costs=(("copies", 5.0),),
    ...                                   assumed=("costs",))))
    >>> assumed_facts(p, ["s"]), assumed_facts(p, ["c"], rests_on=["s"])
    (['s.wait'], ['c.costs', 's.signature', 's.wait'])
    >>> assumed_facts(p, ["c"], {"visits": 1.0}), assumed_facts(p, ["c"], {"out_of_pocket": 5})
    ([], ['c.costs'])
    """
    out: dict[str, None] = {}
    saved = {key for key, value in (figures or {}).items() if value}

    def relevant(fact: str, resting: bool) -> bool:
        if fact in RESTING_FACTS and not resting:
            return False
        wanted = STEP_FIGURE_FACTS.get(fact)
        return figures is None or wanted is None or bool(saved.intersection(wanted))

    steps = [(s, False) for s in step_ids] + [(s, True) for s in rests_on]
    for step_id, resting in steps:
        if not process.has_step(step_id):
            continue
        step = process.step(step_id)
        out.update((f"{step_id}.{fact}", None) for fact in step.assumed
                   if relevant(fact, resting))
        actor = process.actor(step.actor) if step.actor else None
        if actor is not None:
            out.update((f"{actor.id}.{fact}", None) for fact in actor.assumed)
        for doc_id in (*step.needs, *step.produces):
            document = process.document(doc_id)
            if document is not None:
                out.update((f"{doc_id}.{fact}", None) for fact in document.assumed)
    if figures and process.assumed:
        for key, value in figures.items():
            if value:
                out.update((f"process.{fact}", None) for fact in FIGURE_FACTS.get(key, ())
                           if fact in process.assumed)
    return list(out)
