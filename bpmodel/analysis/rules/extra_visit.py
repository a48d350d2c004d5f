"""The applicant comes in person more than once.

What it does
------------
Follows the steps where the applicant comes in person (``contact: visit``) along the flows
and reports every visit a case makes after ``free_visits`` others on its way there (or at
the same time, on a parallel branch; alternative branches do not add up), saying what it
is for: showing something an earlier step already produced (a payment receipt), collecting
a result, paying, one more inspection on site, a step that needs the applicant in person,
or another trip that could be merged with one before it or moved online. Visits inside
rework loops are rework-loop's. An inspection on site is not an applicant's trip to an
office: it is never told to merge with an earlier visit or move online, and it is told to
"inspect jointly" only when another inspection on site is at the same construction stage.

Why is this bad?
----------------
Each visit costs the applicant travel, queueing and a lost working day, and is where
informal payments happen. Doing Business and one-stop-service reforms count them first.

Example
-------
::

    - {id: pay, name: Pay the fee at the bank, actor: applicant, contact: visit}
    - {id: show_receipt, name: Show the receipt at the front office, actor: applicant,
       contact: visit, needs: [receipt]}

Fix
---
Merge visits (contact reduction), let the bank report the payment to the office (data
exchange), accept the application and deliver the result online or by post. The saving
is the visit and the applicant's time at it.

Answered by the rewrite ``reduce-visits`` (``bpmodel rewrites reduce-visits`` explains
it).

Options
-------
``free_visits`` (1): visits a case may make before the next ones are reported.
"""

from __future__ import annotations

import operator
from bisect import bisect_left
from collections.abc import Iterator

from ...i18n import _
from ..facts import Cost
from ..findings import Context, Finding, listing
from ..presence import (
    asks_for_something,
    is_collection,
    presence_of,
    share_a_visit,
    sits_exam,
)
from ..saving import Saving
from ..wording import mentions

NAME = "extra-visit"
CATEGORY = "waste"
SEVERITY = "warning"
OPTIONS = {"free_visits": 1}
INCREMENTAL = True  # takes over the earlier round's findings of visits that stay alike


def check(ctx: Context) -> Iterator[Finding]:
    facts = ctx.facts
    in_loops = facts.in_loops
    visits = [s for s in _steps_where(facts, _is_visit)
              if s.is_task and s.contact == "visit" and s.id not in in_loops]
    if len(visits) <= ctx.options["free_visits"]:
        return
    visits.sort(key=lambda s: facts.rank[s.id])
    made, last = _visits_at(facts, [s.id for s in visits])
    own, produced = _documents(facts)
    known = _earlier_findings(ctx)
    told = _("{id} ({name}) {purpose} The applicant has already come in person (at "
             "{steps}).")
    previous = None
    for step in visits:
        before = sorted(last[step.id], key=facts.position.get)
        count = made[step.id]
        if previous is not None and previous.id not in before and \
                _parallel(facts, previous.id, step.id):
            before.append(previous.id)  # on a parallel branch: both visits happen
            count += 1
        previous = step
        if count < ctx.options["free_visits"]:
            continue
        earlier = known.get(step.id)
        message = None
        if earlier is None:
            purpose, saving = _purpose_and_saving(facts, step, own, produced)
        elif earlier.evidence["after"] == before:
            if earlier.evidence["visits_before"] == count:
                yield earlier  # the same step, visits before it and savings: the same finding
                continue
            # the message names the step, its purpose and the last visits, not their count
            purpose, saving, message = earlier.evidence["purpose"], earlier.saving, \
                earlier.message
        else:  # what the visit is for and saves is its own step's: the same as before
            purpose, saving = earlier.evidence["purpose"], earlier.saving
        if message is None:
            message = told.format(id=step.id, name=step.name, purpose=purpose,
                                  steps=listing(before))
        yield ctx.finding([step.id], message, evidence={
            "visits_before": count,
            "after": before,
            "purpose": purpose,
        }, saving=saving)


def _documents(facts) -> tuple[dict[str, list[str]], set[str]]:
    """For every document, the applicant's steps that make it (in the order of the
    ranks), and every document some step makes. Taken over from the earlier round's
    facts (:meth:`Facts.remembered`: the same graph, so the same ranks, and the same
    actors) when the steps that make documents are the same objects: both read nothing
    else."""
    makers = _steps_where(facts, _produces)
    known = facts.remembered((NAME, "documents"))
    if known is not None and len(known[0]) == len(makers) \
            and all(map(operator.is_, known[0], makers)):
        own, produced = known[1], known[2]
    else:
        own, produced = {}, set()
        for step in makers:
            if step.produces:
                produced.update(step.produces)
                if facts.is_applicant(step):
                    for doc in step.produces:
                        own.setdefault(doc, []).append(step.id)
        for steps in own.values():
            steps.sort(key=facts.rank.__getitem__)
    facts.remember((NAME, "documents"), (makers, own, produced))
    return own, produced


def _is_visit(facts, step) -> bool:
    return step.is_task and step.contact == "visit"


def _produces(facts, step) -> bool:
    return bool(step.produces)


def _steps_where(facts, predicate):
    """The steps ``predicate`` (of the step alone) holds for, in process order, each step
    object asked once (see :meth:`Facts.steps_where`); :func:`check` asks again what it
    asks of them."""
    found = facts.steps_where((NAME, predicate.__name__), predicate)
    return facts.process.steps if found is None else found


def _purpose_and_saving(facts, step, own: dict[str, list[str]], produced: set[str]
                        ) -> tuple[str, Saving]:
    """What the visit is for (see :func:`_purpose`) and what changing it saves."""
    purpose, remove = _purpose(facts, step, own, produced)
    if remove:
        return purpose, facts.removal([step.id])
    # the step stays (online, by post, jointly): the trip and the applicant's time go
    runs = facts.runs.get(step.id, 0.0)
    cost = facts.cost([step.id])  # the step's own costs (copies) stay
    return purpose, facts.saving(Cost(visits=runs, applicant_hours=cost.applicant_hours,
                                      applicant_money=cost.applicant_money,
                                      out_of_pocket=cost.out_of_pocket - runs * step.cost))


def _earlier_findings(ctx: Context) -> dict[str, Finding]:
    """The earlier round's findings by the visit they are about, when the process changed
    only the channels of some steps since (``ctx.earlier``): what a visit is for and what
    it saves read its own step, the documents steps make, who makes them, the graph, the
    runs and the critical path, none of which changed: they are the same when its step
    is, and so is its finding when it also has the same visits before it."""
    earlier = ctx.earlier
    if earlier is None or not earlier.changed.fields <= {"contact"}:
        return {}
    changed = earlier.changed.ids
    return {f.steps[0]: f for f in earlier.findings
            if f.rule == NAME and f.steps and f.steps[0] not in changed}


def _parallel(facts, a: str, b: str) -> bool:
    """Whether the two steps lie on branches that run at the same time."""
    split = facts.common_dominator(a, b)
    return split is not None and split not in (a, b) and facts.splits(split) in ("and", "or")


def _visits_at(facts, visits: list[str]) -> tuple[dict[str, int], dict[str, frozenset]]:
    """For every visit (``visits``, in the order of :attr:`Facts.rank`), the most visits a
    case can have made on its way there and the last visits on those ways, as
    :func:`_visits_before` finds them; kept for the next round's variant (see
    :meth:`Facts.remember`), whose visits, when they are some of these on the same graph
    (visits moved online), are worked out from them by :func:`_fewer_visits`."""
    known = facts.remembered((NAME, "visits"))
    if known is not None and known[0].issuperset(visits):
        made, last = _fewer_visits(known[1], known[2], known[3], set(visits))
    else:
        made_all, last_all = _visits_before(facts, set(visits))
        index = facts.position
        made = {v: made_all[index[v]] for v in visits}
        last = {v: last_all[index[v]] for v in visits}
    facts.remember((NAME, "visits"), (frozenset(visits), visits, made, last))
    return made, last


def _fewer_visits(order: list[str], made: dict[str, int], last: dict[str, frozenset],
                  kept: set[str]) -> tuple[dict[str, int], dict[str, frozenset]]:
    """:func:`_visits_at` of the ``kept`` visits from the same of the visits ``order`` (in
    the order of the ranks), ``made`` and ``last``, on the same graph, the others no longer
    visits.

    The last visits on the ways to a step are its visits before it, and the last visits on
    the ways to those that are no longer visits (each worked out before, in the order);
    the most visits made on the way to a step are one more than the most made on the way
    to one of its last visits (or none without one): a way's last visit counts one, and
    the most made on the ways to it before it. Both are what the pass over every step
    finds (the same sets of ids, the same integers), for the visits only.

    >>> _fewer_visits(["a", "b", "c"], {"a": 0, "b": 1, "c": 2},
    ...               {"a": frozenset(), "b": frozenset("a"), "c": frozenset("b")}, {"a", "c"})
    ({'a': 0, 'c': 1}, {'a': frozenset(), 'c': frozenset({'a'})})
    """
    now_last: dict[str, frozenset] = {}
    now_made: dict[str, int] = {}
    for v in order:
        before = last[v]
        if not kept.issuperset(before):
            before = frozenset().union(*(now_last[u] if u not in kept else (u,) for u in before))
        now_last[v] = before
        if v in kept:
            now_made[v] = max((now_made[u] + 1 for u in before), default=0)
    return now_made, {v: now_last[v] for v in order if v in kept}


def _visits_before(facts, visits: set[str]) -> tuple[list[int], list[frozenset]]:
    """For every step (by index), the most visits a case can have made on its way there,
    and the last visits on those ways (flows back to earlier steps left out)."""
    ids = [s.id for s in facts.process.steps]
    visit = [i in visits for i in ids]
    made = [0] * len(ids)
    none: frozenset = frozenset()
    last = [none] * len(ids)
    preds = facts.preds
    for v in facts.order_indices:
        count, seen = 0, none
        for u in preds[v]:
            if visit[u]:
                count = max(count, made[u] + 1)
                came = frozenset((ids[u],))
            else:
                count = max(count, made[u])
                came = last[u]
            seen = came if not seen else seen | came
        made[v], last[v] = count, seen
    return made, last


def _purpose(facts, step, own: dict[str, list[str]], produced: set[str]) -> tuple[str, bool]:
    """What the visit is for, in words, and whether the whole step could go. ``own`` maps
    documents to the applicant's steps that make them."""
    action = facts.actions[step.id]
    if action == "submit" and step.needs and not asks_for_something(step):
        makers = {d: _last_before(facts, own.get(d, ()), step.id) for d in step.needs}
        shown = [d for d in step.needs if makers[d]]
    else:
        shown = []
    if shown and len(shown) == len(step.needs):
        made = sorted({makers[d] for d in shown}, key=facts.position.get)
        return (_("only shows {documents}, which {steps} already produced; let its issuer "
                  "send it to the office instead.").format(documents=", ".join(shown),
                                                           steps=listing(made)), True)
    presence = presence_of(step)
    if _exam(facts, step):
        return (_("is a test or an examination the applicant takes in person (read from its "
                  "name): it stays a visit and cannot move online."), False)
    if presence == "on-site" or (presence is None and action == "inspect"):
        partners = [s for s in facts.process.steps
                    if share_a_visit(step, s) and not _exam(facts, s)]
        if partners:
            return (_("is one more inspection on site at the same stage as {steps}; inspect "
                      "jointly in one visit.").format(steps=listing(s.id for s in partners)),
                    False)
        if step.presence:
            return (_("is an inspection on site: the inspector must go there, so it cannot "
                      "move online or merge with a visit to an office; only the applicant's "
                      "trip to meet the inspector could go, if the inspector needs no one "
                      "present."), False)
        return (_("is an inspection on site (read from its name; declare presence: none if "
                  "it is not): the inspector must go there, so it cannot move online or merge "
                  "with a visit to an office; only the applicant's trip to meet the inspector "
                  "could go, if the inspector needs no one present."), False)
    if presence == "in-person":
        if step.presence:
            return (_("needs the applicant in person (a deed, an oath, a signature before an "
                      "official or biometrics): it stays a visit and cannot move online."),
                    False)
        return (_("needs the applicant in person (read from its name: a deed, an oath, a "
                  "signature before an official or biometrics; declare presence: none if it "
                  "does not): it stays a visit and cannot move online."), False)
    if action == "pay":
        return _("pays in person; accept payment online or by transfer."), False
    if mentions(step.name, "physical_works"):
        if not facts.is_applicant(step):
            return (_("is work on the premises (a connection or an installation, read from "
                      "its name): it stays where it is done and cannot move online."), False)
        return (_("is the applicant's application for work on the premises (a connection "
                  "or an installation): take the application online; the work itself stays "
                  "on site."), False)
    collected = [d for d in step.needs if d in produced]
    if collected and facts.is_applicant(step) and not step.produces and action != "submit" \
            and is_collection(facts.process, step, frozenset(produced)):
        return _("collects {documents}; deliver it online or by post.").format(
            documents=", ".join(collected)), False
    return (_("brings the applicant back in person; merge it with an earlier visit or take "
              "it online."), False)


def _exam(facts, step) -> bool:
    """A test the applicant sits (:func:`~bpmodel.analysis.presence.sits_exam`)."""
    return sits_exam(step, facts.actions[step.id], facts.is_applicant(step))


def _last_before(facts, makers: list[str], step_id: str) -> str | None:
    """The last of ``makers`` (in the order of the process) that comes before the step."""
    rank = facts.rank
    i = bisect_left(makers, rank[step_id], key=rank.__getitem__)
    return makers[i - 1] if i else None
