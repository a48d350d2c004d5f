"""Several agencies inspect the same site separately, at the same stage.

What it does
------------
Finds inspections on site (``pemeriksaan lapangan``, ``peninjauan lokasi``, ``visitasi``,
``survei``, ``field``/``site inspection``, ``plot``, ``premises``; a *site plan* checked
at a desk is not one) by staff of at least two different agencies that follow one another
directly (no decision or other step between them), or that start together on parallel
branches, and name the same construction stage (or none). Inspections at different
stages (foundation, structure, final), a repeated inspection after a failed one (in a
rework loop, or named ``ulang``/``re-inspection``) and a single inspection are never
reported. An inspector going to the site is not the applicant coming to a counter: these
steps stay on site.

Why is this bad?
----------------
Each agency schedules its own trip: the applicant waits for every schedule in turn, hosts
every team, and each team sees the same site with its own checklist, often with
conflicting findings.

Example
-------
::

    actors:
      - {id: pupr, name: Tim teknis PUPR, agency: Dinas PUPR}
      - {id: dlh, name: Tim DLH, agency: Dinas Lingkungan Hidup}
    steps:
      - {id: survey_pupr, name: Peninjauan lapangan, actor: pupr, action: inspect,
         wait: 3d}
      - {id: survey_dlh, name: Pemeriksaan lokasi, actor: dlh, action: inspect, wait: 4d}

Fix
---
Inspect jointly (task composition): ``inspect-jointly`` schedules one visit in which every
agency inspects with a joint checklist and signs one report (berita acara pemeriksaan
bersama). Each inspection stays a step of its own agency; they run at the same visit, so
the case waits for the slowest schedule once instead of every schedule in turn. Branches
that already start from a gateway named as joint (``joint``, ``bersama``, ``terpadu``)
are one visit. The saving is the waiting that runs in parallel.

Answered by the rewrite ``inspect-jointly`` (``bpmodel rewrites inspect-jointly``
explains it).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import N_, _
from ...model import Process, Step
from ..findings import Context, Finding, listing
from ..presence import presence_of, share_a_visit
from ..reform_facts import JOINT, is_site_words, says_visiting, stage_of, step_words

NAME = "separate-site-inspections"
CATEGORY = "waste"
SEVERITY = "warning"
OPTIONS: dict = {}
_INSPECTING = ("inspect", "check", "verify")
# The messages, whole sentences with named placeholders (for translation).
IN_A_ROW = N_("{steps} are {count} separate site visits in a row by {agencies} at the same "
              "stage; inspect jointly in one visit with a joint checklist.")
ON_PARALLEL_BRANCHES = N_("{steps} are {count} separate site visits on parallel branches by "
                          "{agencies} at the same stage; inspect jointly in one visit with a "
                          "joint checklist.")


def site_inspections(process: Process, actions, in_loops, is_applicant) -> list[Step]:
    """The staff's inspections on site, out of rework loops and not repeats: declared
    ``presence: on-site``, or read so from the action and the words (both this module's
    reading and the guards' must agree)."""
    return [s for s in process.steps
            if s.is_task and _first_visit_on_site(s, actions[s.id]) and s.id not in in_loops
            and not is_applicant(s)]


# _first_visit_on_site by step object: the simplify engine's rounds meet the same
# (immutable) steps again and again
_ON_SITE: dict[int, tuple[Step, str | None, bool]] = {}


def _first_visit_on_site(step: Step, action: str | None) -> bool:
    """Whether the step, doing ``action``, is on site and not a repeat (it reads the step's
    words alone), remembered for each step object and action."""
    known = _ON_SITE.get(id(step))
    if known is not None and known[0] is step and known[1] == action:
        return known[2]
    value = "repeat" not in stage_of(step_words(step)) and _on_site(step, action)
    if len(_ON_SITE) >= 100_000:
        _ON_SITE.clear()
    _ON_SITE[id(step)] = (step, action, value)  # the step is kept, so its id is not reused
    return value


def _staff_on_site(facts, step: Step) -> bool:
    """What :func:`site_inspections` asks of a step alone: a task, a first visit on site,
    not the applicant's (each step object asked once, see :meth:`Facts.steps_where`)."""
    return step.is_task and _first_visit_on_site(step, facts.step_action(step)) \
        and not facts.is_applicant(step)


def _on_site(step: Step, action: str | None) -> bool:
    if step.presence:
        return step.presence == "on-site"
    inspecting = action in _INSPECTING or action == "other" and says_visiting(step_words(step))
    words = step_words(step)
    # an inspection of a construction stage ("Final fire safety inspection") is of the site
    at_site = is_site_words(words) or (action == "inspect" and bool(stage_of(words) - {"repeat"}))
    return inspecting and at_site and presence_of(step) == "on-site"


def same_visit(a: Step, b: Step) -> bool:
    """Whether two site inspections could be one visit: the same stage by this module's
    reading and by the guards' (:func:`bpmodel.analysis.presence.share_a_visit`)."""
    return stage_of(step_words(a)) == stage_of(step_words(b)) and share_a_visit(a, b)


def sequential_runs(process: Process, inspections: list[Step]) -> list[list[Step]]:
    """Maximal runs of inspections that follow one another directly (one flow between
    each and the next, nothing else in or out) at the same stage."""
    chosen = {s.id for s in inspections}
    following: dict[str, str] = {}
    for step in inspections:
        out = process.outgoing(step.id)
        if len(out) != 1 or out[0].target not in chosen:
            continue
        nxt = process.step(out[0].target)
        if len(process.incoming(nxt.id)) == 1 and same_visit(step, nxt):
            following[step.id] = nxt.id
    heads = [s for s in inspections if s.id not in following.values()]
    runs = []
    for head in heads:
        run = [head]
        while run[-1].id in following and len(run) <= len(inspections):
            run.append(process.step(following[run[-1].id]))
        if len(run) > 1:
            runs.append(run)
    return runs


def parallel_groups(process: Process, inspections: list[Step]) -> list[list[Step]]:
    """Inspections at the same stage that start together right after an and-split whose
    name does not already say it is a joint visit."""
    chosen = {s.id for s in inspections}
    groups = []
    for split in process.steps:
        if not (split.is_gateway and split.kind == "and") or JOINT.search(split.name):
            continue
        started = [process.step(f.target) for f in process.outgoing(split.id)
                   if f.target in chosen and len(process.incoming(f.target)) == 1]
        by_stage: list[list[Step]] = []
        for step in started:
            group = next((g for g in by_stage if same_visit(g[0], step)), None)
            if group is None:
                by_stage.append([step])
            else:
                group.append(step)
        groups.extend(g for g in by_stage if len(g) > 1)
    return groups


def independent(steps: list[Step]) -> bool:
    """Whether no inspection of the group needs what another one produces."""
    made = {d for s in steps for d in s.produces}
    return not any(set(s.needs) & made for s in steps)


def check(ctx: Context) -> Iterator[Finding]:
    facts = ctx.facts
    process = ctx.process
    on_site = facts.steps_where(NAME, _staff_on_site)
    if on_site is None:  # repeated step ids
        inspections = site_inspections(process, facts.actions, facts.in_loops,
                                       facts.is_applicant)
    else:
        in_loops = facts.in_loops
        inspections = [s for s in on_site if s.id not in in_loops]
    if len(inspections) < 2:
        return
    for kind, groups in (("sequential", sequential_runs(process, inspections)),
                         ("parallel", parallel_groups(process, inspections))):
        for group in groups:
            # an actor that names no agency is one of its own (a Dinas written as an actor)
            agencies = list(dict.fromkeys(facts.agency(s) or facts.who(s) for s in group))
            if len(agencies) < 2 or not independent(group):
                continue
            ids = [s.id for s in group]
            waits = [facts.days(s.wait.hours) for s in group]
            template = IN_A_ROW if kind == "sequential" else ON_PARALLEL_BRANCHES
            message = _(template).format(steps=listing(ids), count=len(group),
                                      agencies=listing(agencies))
            critical = facts.critical
            on_path = critical is not None and all(s in critical for s in ids)
            saved = 0.0
            if kind == "sequential" and on_path:  # one visit: the slowest schedule, once
                saved = facts.days(sum(facts.hours(s) for s in group)
                                   - max(s.wait.hours for s in group)
                                   - max(s.work.hours for s in group))
            yield ctx.finding(ids, message, evidence={
                "agencies": agencies,
                "arrangement": kind,
                "stage": sorted(stage_of(step_words(group[0]))),
                "wait_days": waits,
            }, saving=facts.saving(lead_time_days=saved))
