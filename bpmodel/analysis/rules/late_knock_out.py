"""A check that rejects many cases comes after long or costly steps.

What it does
------------
Finds knock-out decisions: an ``xor`` gateway with a branch that leads only to ends that
its other branches never reach and that says it turns the application down (its condition
or the steps on it: "rejected", "no", "tidak valid", "dikembalikan"), taken with a chance
of at least ``min_rejection``. The check is the task just before the gateway. When
the check lies on the critical path and at least ``min_elapsed`` of the lead time has gone
by when it starts, the rejection comes late: the steps before it were done, and waited
for, in vain for every case it rejects.

Why is this bad?
----------------
Rejected applicants learn it after weeks instead of days, and the office has spent the
work of every step before the check on cases that end in a refusal. The classic knock-out
rule: check first what rejects most and costs least.

Example
-------
::

    - {id: apply, name: Submit the application, actor: applicant, work: 30min}
    - {id: review, name: Technical review, actor: tech, work: 4h, wait: 5d}
    - {id: zoning, name: Check zoning, actor: planning, work: 30min, wait: 1d}
    - id: fits
      name: Fits the zoning plan?
      type: gateway
      kind: xor
      next:
        - {to: approve, p: 0.7}
        - {to: reject, p: 0.3, when: against the zoning plan}
    - {id: reject, name: Reject the application, actor: planning, next: end}
    - {id: approve, name: Approve the permit, actor: head, wait: 2d}

Fix
---
Move the check forward, before the steps it does not need (knock-out ordering: evidence
``move_before``), or check the criterion at the counter when the application is made. The
check stays after the application and after every step that produces or hands over what it
``needs``. The saving is the work (and visits) that rejected cases would no longer go
through: the steps of the critical path between those and the check.

A check whose name says it reviews what an earlier check or inspection found ("mengkaji
hasil peninjauan lokasi", "review the inspection report") stays after that step too: its
results do not exist before it; so does a check after an inspection on site by the same
actor or agency (the team assesses what it saw there).

Answered by the rewrite ``knock-out-first`` (``bpmodel rewrites knock-out-first``
explains it).

Options
-------
``min_rejection`` (0.1): least chance of the rejecting branches.
``min_elapsed`` (0.25): least share of the lead time gone by when the check starts.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ..actions import read_name
from ..findings import Context, Finding, days_of, listing
from ..presence import inspection_stage, presence_of
from ..wording import mentions

NAME = "late-knock-out"
CATEGORY = "waste"
SEVERITY = "warning"
OPTIONS = {"min_rejection": 0.1, "min_elapsed": 0.25}


def check(ctx: Context) -> Iterator[Finding]:
    facts = ctx.facts
    process = ctx.process
    path = facts.critical_path
    if path is None or path.hours <= 0:
        return
    deciding = [g for at, g in enumerate(process.steps)
                if len(facts.successors[at]) > 1 and g.is_gateway and g.kind == "xor"]
    if not deciding:
        return
    starts: dict[str, float] = {}
    elapsed = 0.0
    for step_id in path.steps:
        starts[step_id] = elapsed
        elapsed += facts.hours(process.step(step_id))
    for gateway in deciding:
        flows = process.outgoing(gateway.id)
        before = [s.id for s in process.predecessors(gateway.id) if s.is_task]
        checker = before[0] if len(before) == 1 else gateway.id
        if checker not in starts or starts[checker] < ctx.options["min_elapsed"] * path.hours:
            continue
        rejecting = [f for f in flows if _turns_down(facts, f)]
        if rejecting:  # the ends each step reaches are found once, and only when needed
            ends = facts.ends_reached
            rejecting = [f for f in rejecting if ends.get(f.target, 0)
                         and not ends[f.target] & _others(ends, flows, f)]
        chance = sum(facts.share(f) for f in rejecting)
        if not rejecting or len(rejecting) == len(flows) or \
                chance < ctx.options["min_rejection"]:
            continue
        found = _finding(ctx, gateway, checker, rejecting, chance, starts, path)
        if found is not None:
            yield found


_DOWN = {"reject", "negative"}
_LOOK_AHEAD = 5


def _turns_down(facts, flow) -> bool:
    """Whether the branch says it rejects: its condition, or the names of the steps it
    passes in a row (up to a few) on its way to an end."""
    lexicon = facts.lexicon
    if flow.condition and read_name(flow.condition, lexicon).markers & _DOWN:
        return True
    current, seen = flow.target, set()
    while current not in seen and len(seen) < _LOOK_AHEAD and facts.process.has_step(current):
        seen.add(current)
        if facts.reading(current).markers & _DOWN:
            return True
        following = facts.process.outgoing(current)
        if len(following) != 1:
            break
        current = following[0].target
    return False


def _others(ends: dict[str, int], flows, flow) -> int:
    bits = 0
    for other in flows:
        if other is not flow:
            bits |= ends.get(other.target, 0)
    return bits


def _reviews_findings_of(facts, checker: str, earlier: str) -> bool:
    """Whether the check's name says it reviews what the earlier check or inspection found
    ("mengkaji hasil peninjauan lokasi", "review the inspection report"): it speaks of
    results and of the earlier step's object or action. Those results do not exist before
    the earlier step, whatever ``needs`` leaves unsaid."""
    if facts.actions[earlier] not in ("inspect", "check", "verify") or \
            not mentions(facts.process.step(checker).name, "findings_of"):
        return False
    words = facts.objects(checker)
    return bool(words & facts.objects(earlier)) or facts.actions[earlier] in words


def _own_site_inspection(process, checker: str, earlier: str) -> bool:
    """Whether the earlier step is an inspection on site by the checker's own actor or
    agency ("Tim teknis melakukan pemeriksaan lapangan" before "Tim teknis menilai
    kelayakan bangunan"): the assessment weighs what the team saw there, whatever
    ``needs`` leaves unsaid."""
    step, check = process.step(earlier), process.step(checker)
    if presence_of(step) != "on-site" or step.actor is None:
        return False
    if step.actor == check.actor:
        return True
    mine, theirs = process.actor(step.actor), process.actor(check.actor)
    return bool(mine and theirs and mine.agency and mine.agency == theirs.agency)


def _finding(ctx: Context, gateway, checker: str, rejecting, chance: float,
             starts: dict[str, float], path) -> Finding | None:
    facts = ctx.facts
    process = ctx.process
    if presence_of(process.step(checker)) == "on-site" and \
            inspection_stage(process.step(checker)):
        return None  # an inspection of a construction stage waits for the building
    needs = set(process.step(checker).needs)
    handed = facts.requested
    earlier = [s for s in path.steps if starts[s] < starts[checker] and process.step(s).is_task]
    # the check must stay after the application and after whatever gives it what it needs
    blockers = [i for i, s in enumerate(earlier)
                if needs & {*process.step(s).produces, *handed.get(s, ())}
                or facts.actions[s] == "submit" and facts.is_applicant(process.step(s))
                or _reviews_findings_of(facts, checker, s)
                or _own_site_inspection(process, checker, s)]
    movable = earlier[(blockers[-1] + 1 if blockers else 1):]
    if not movable:
        return None
    waited = facts.days(starts[checker])
    reasons = [f.condition for f in rejecting if f.condition]
    why = f" ({'; '.join(reasons)})" if reasons else ""
    message = _("{check} rejects {share} of cases{why} only after {days} of {total}, "
                "once {steps} are done, which it does not need. Check before {first}.").format(
        check=checker, share=f"{chance:.0%}", why=why, days=days_of(facts.process, waited),
        total=days_of(facts.process, facts.days(path.hours)), steps=listing(movable, limit=5),
        first=movable[0])
    return ctx.finding([checker, *movable, gateway.id], message, evidence={
        "check": checker,
        "gateway": gateway.id,
        "rejection": chance,
        "rejected_to": [f.target for f in rejecting],
        "elapsed_days": waited,
        "move_before": movable[0],
        "could_come_after": movable,
    }, saving=facts.saving(facts.cost(movable, times={s: chance * facts.runs.get(s, 0.0)
                                                      for s in movable})))
