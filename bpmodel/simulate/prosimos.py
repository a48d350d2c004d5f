"""The simulation scenario of a process in the format of Prosimos (the business process
simulator of the University of Tartu), to cross-check bpmodel's figures in that tool.

Prosimos reads two files: a BPMN model and a JSON of simulation parameters (arrivals,
task durations per resource, branching probabilities, resource pools and calendars).
:func:`scenario` writes both from a process, so that the same process runs in both tools:

- **Clock**: bpmodel counts in working hours. Every calendar of the scenario is open
  round the clock, so an hour in Prosimos is a working hour of the process, and its cycle
  times in hours compare with bpmodel's working hours directly.
- **Steps**: every task becomes a plain BPMN ``task`` (the only kind Prosimos simulates);
  a step's ``wait`` becomes a task of its own before it (``<id>_wait``), done by a pool
  ``waiting`` with as many resources as needed, so that a wait takes no staff, as in
  bpmodel; intermediate events become tasks taking their wait; event-based gateways
  become exclusive ones and complex gateways inclusive ones. A start event is added where
  the process has none, and its ends lead to one end event (Prosimos takes no more).
- **Resources**: an actor with ``staff: N`` is a pool of N resources; other actors (and
  the waits) get enough resources that no case queues for them (Little's law on the
  expected work, plus ample margin).
- **Durations**: single figures are ``fix``; ranges have no PERT or triangular in
  Prosimos, so they are written as the ``gamma`` distribution with the same mean and
  variance, cut to the range (an approximation of the shape; the mean moves by a little);
  ``exponential`` is ``expon`` with the same mean.
- **Branching**: an exclusive gateway's probabilities as bpmodel reads them (missing ones
  share what is left). An inclusive gateway gives each branch its own chance and its
  default branch the chance that no other is taken, scaled to add up to 1 as Prosimos
  needs; Prosimos draws each branch on its own and, when none is taken, one of them: an
  approximation of bpmodel's semantics, said so in the notes.
- **Arrivals**: ``volume`` cases a year (one a working day when the process gives none),
  exponential inter-arrival times, or fixed ones for ``arrivals: regular``.

What Prosimos cannot express is listed in the notes of the scenario (batches, whose
rules fire on weekdays and hours of its calendar, run case by case there).

>>> import bpmodel
>>> bpmn, parameters, notes = scenario(bpmodel.load_process(bpmodel.default_process_path()))
>>> sorted(parameters)[:3], parameters["arrival_time_distribution"]["distribution_name"]
(['arrival_time_calendar', 'arrival_time_distribution', 'gateway_branching_probabilities'], 'expon')
"""

from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

from ..analysis.flowgraph import branch_weights
from ..analysis.paths import timing
from ..model import BOUNDARY, EVENT, TASK, ZERO, Actor, Duration, Flow, Process, Step
from .basis import reduced
from .distributions import EXPONENTIAL, PERT, TRIANGULAR, pert_shapes
from .errors import SimulationError
from .queueing import hours_per_year

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
_NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")
WAITING = "waiting"
UNASSIGNED = "unassigned"
CALENDAR = "round_the_clock"
SECONDS = 3600.0
FOREVER = 1e12  # seconds: the upper bound of an unbounded distribution
ROUND_THE_CLOCK = [{"from": "MONDAY", "to": "SUNDAY", "beginTime": "00:00:00",
                    "endTime": "23:59:59"}]
BPMN_FILE, JSON_FILE = "scenario.bpmn", "scenario.json"


def scenario(process: Process, distribution: str = PERT) -> tuple[str, dict, list[str]]:
    """The BPMN text, the JSON parameters (as data) and the notes on what differs."""
    reduced(process)  # only processes bpmodel can measure (sound, no endless loop)
    _check_flat(process)
    notes = []
    if any(s.batch for s in process.steps):
        notes.append("Batches are not in the scenario: Prosimos fires batches on weekdays and "
                     "hours of its calendar, not on periods of working time; those steps run "
                     "case by case there.")
    if any(s.is_gateway and s.kind in ("or", "complex") for s in process.steps):
        notes.append("Inclusive gateways: Prosimos takes each branch on its own chance and, "
                     "when none is taken, one branch drawn by the same chances, which must add "
                     "up to 1; the chances are scaled to add up to 1 (and the default branch "
                     "gets the chance that no other is taken), so the figures differ there.")
    flat = _flat_process(process)
    from ..io.bpmn.writer import dumps_bpmn

    bpmn = dumps_bpmn(flat)
    flow_ids = _flow_ids(bpmn)
    rate = (process.volume or hours_per_year(process) / process.calendar.hours_per_day) \
        / hours_per_year(process)
    if not process.volume:
        notes.append("The process gives no volume: the scenario has one case arriving per "
                     "working day.")
    parameters = {
        "resource_profiles": _resource_profiles(process, flat, rate),
        "arrival_time_distribution": _arrivals(process, rate),
        "arrival_time_calendar": ROUND_THE_CLOCK,
        "gateway_branching_probabilities": _branching(flat, flow_ids),
        "task_resource_distribution": _task_durations(flat, distribution),
        "resource_calendars": [{"id": CALENDAR, "name": "Working time (round the clock: an "
                                "hour here is a working hour)", "time_periods": ROUND_THE_CLOCK}],
        "model_type": "CRISP",
    }
    return bpmn, parameters, notes


def write_scenario(process: Process, directory: str | Path, distribution: str = PERT
                   ) -> list[Path]:
    """Write ``scenario.bpmn``, ``scenario.json`` (and ``notes.txt`` when there are notes)
    into ``directory``; each file whole or not at all."""
    from ..io import write_atomic

    bpmn, parameters, notes = scenario(process, distribution)
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    written = [folder / BPMN_FILE, folder / JSON_FILE]
    write_atomic(written[0], bpmn)
    write_atomic(written[1], json.dumps(parameters, indent=2, ensure_ascii=False) + "\n")
    if notes:
        written.append(folder / "notes.txt")
        write_atomic(written[2], "\n".join(notes) + "\n")
    return written


def _check_flat(process: Process) -> None:
    if any(s.parent for s in process.steps) or any(f.kind == BOUNDARY for f in process.flows):
        raise SimulationError("the Prosimos export handles a flat process: no sub-process "
                              "with steps inside and no boundary event")
    if process.pools and len({a.pool for a in process.actors if a.pool}) > 1:
        raise SimulationError("the Prosimos export handles one pool; this process has several")


# -- the process as Prosimos reads it --------------------------------------------------------

def _flat_process(process: Process) -> Process:
    """Tasks only of the plain kind, waits as tasks of their own, events as tasks, start and
    end events where missing."""
    steps: list[Step] = []
    renamed: dict[str, str] = {}  # where flows into a step now go (its wait task)
    after: dict[str, str] = {}  # where flows out of a start event now leave (its wait task)
    xml_id = _xml_ids(process)
    for step in process.steps:
        wait = step.wait
        step = replace(step, id=xml_id[step.id])
        if step.is_event and step.kind in ("start", "end"):
            step = Step(step.id, step.name, EVENT, step.kind, actor=step.actor)
        elif step.is_event:
            step = Step(step.id, step.name, TASK, actor=step.actor, work=ZERO)
        elif step.is_gateway:
            kind = {"event": "xor", "complex": "or"}.get(step.kind, step.kind)
            step = Step(step.id, step.name, "gateway", kind)
        else:
            step = Step(step.id, step.name, TASK, actor=step.actor, work=step.work)
        if wait != ZERO:
            waiting = Step(f"{step.id}_wait", f"{step.name} (waiting)", TASK, work=wait)
            if step.is_event and step.kind == "start":  # the wait comes after the start
                steps += [step, waiting]
                after[step.id] = waiting.id
                continue
            steps.append(waiting)
            renamed[step.id] = waiting.id
        steps.append(step)
    flows = [Flow(renamed.get(step_id, step_id), step_id) for step_id in renamed]
    flows += [Flow(step_id, waiting) for step_id, waiting in after.items()]
    for f in process.flows:
        source, target = xml_id.get(f.source, f.source), xml_id.get(f.target, f.target)
        flows.append(Flow(after.get(source, source), renamed.get(target, target),
                          f.probability, f.condition, f.default))
    ids = {s.id for s in steps}
    starts = [s for s in process.steps if s.is_event and s.kind == "start"]
    if not starts:
        first_id = xml_id[process.steps[0].id]
        first = renamed.get(first_id, first_id)
        start = Step(_fresh("start", ids), "Start", EVENT, "start")
        steps.insert(0, start)
        flows.insert(0, Flow(start.id, first))
    steps, flows = _one_end(steps, flows, ids)
    return Process(process.id, process.name, steps=tuple(steps), flows=tuple(flows),
                   actors=tuple(Actor(a.id, a.name, a.kind, a.agency) for a in process.actors),
                   calendar=process.calendar)


def _one_end(steps: list[Step], flows: list[Flow], ids: set[str]
             ) -> tuple[list[Step], list[Flow]]:
    """One end event (Prosimos takes no more): the flows into the process's end events, and
    the steps without a way on, lead to it, through an exclusive gateway when they are
    several (a case still ends with its last branch: its cycle time runs to its last
    activity)."""
    ends = {s.id for s in steps if s.is_event and s.kind == "end"}
    steps = [s for s in steps if s.id not in ends]
    into = [f for f in flows if f.target in ends]
    flows = [f for f in flows if f.target not in ends]
    sources = {f.source for f in flows} | {f.source for f in into}   # into an end: not dangling
    dangling = [s.id for s in steps if s.id not in sources]
    end = Step(_fresh("end", ids), "End", EVENT, "end")
    target = end.id
    if len(into) + len(dangling) > 1:
        merge = Step(_fresh("end_merge", ids), "Ends", "gateway", "xor")
        steps.append(merge)
        flows.append(Flow(merge.id, end.id))
        target = merge.id
    flows += [Flow(f.source, target, f.probability, f.condition, f.default) for f in into]
    flows += [Flow(step_id, target) for step_id in dangling]
    steps.append(end)
    return steps, flows


def _xml_ids(process: Process) -> dict[str, str]:
    """Step ids that are valid XML ids (the BPMN writer would make up others)."""
    taken: set[str] = set()
    out = {}
    for step in process.steps:
        wanted = step.id if _NCNAME.match(step.id) else "s_" + re.sub(r"[^A-Za-z0-9_.\-]", "_",
                                                                     step.id)
        out[step.id] = _fresh(wanted, taken)
    return out


def _fresh(wanted: str, ids: set[str]) -> str:
    name, i = wanted, 1
    while name in ids:
        i += 1
        name = f"{wanted}_{i}"
    ids.add(name)
    return name


def _flow_ids(bpmn: str) -> dict[tuple[str, str], list[str]]:
    """The ids the BPMN writer gave the flows, by (source, target)."""
    root = ET.fromstring(bpmn)
    out: dict[tuple[str, str], list[str]] = {}
    for flow in root.iter(f"{{{BPMN_NS}}}sequenceFlow"):
        out.setdefault((flow.get("sourceRef"), flow.get("targetRef")), []).append(flow.get("id"))
    return out


def _branching(flat: Process, flow_ids: dict) -> list[dict]:
    out = []
    for step in flat.steps:
        flows = flat.outgoing(step.id)
        if not step.is_gateway or step.kind == "and" or len(flows) < 2:
            continue
        weights, chances = branch_weights(step, flows)
        if step.kind == "or":
            # Prosimos draws each branch of an inclusive gateway on its own value, and when
            # none is taken one branch by the same values, which must then add up to 1
            weights = [w if c is None else c for w, c in zip(weights, chances, strict=True)]
            total = sum(weights)
            weights = [w / total for w in weights]
        taken = dict.fromkeys(flow_ids, 0)
        probabilities = []
        for flow, weight in zip(flows, weights, strict=True):
            key = (flow.source, flow.target)
            probabilities.append({"path_id": flow_ids[key][taken[key]], "value": weight})
            taken[key] += 1
        out.append({"gateway_id": step.id, "probabilities": probabilities})
    return out


def _pool(step: Step) -> str:
    if step.id.endswith("_wait") and step.actor is None:
        return WAITING
    return step.actor or UNASSIGNED


def _resource_profiles(process: Process, flat: Process, rate: float) -> list[dict]:
    """One pool per actor (and one for the waits): staff where given, else ample."""
    runs = timing(process).expectation.runs
    index = {xml: v for v, xml in enumerate(_xml_ids(process).values())}
    busy: dict[str, float] = {}  # expected hours per case of each pool
    for step in flat.steps:
        if not step.is_task:
            continue
        original = step.id[:-len("_wait")] if _pool(step) == WAITING else step.id
        runs_per_case = runs[index[original]] if original in index else 1.0
        busy[_pool(step)] = busy.get(_pool(step), 0.0) + runs_per_case * step.work.hours
    staff = {a.id: a.staff for a in process.actors if a.staff}
    names = {a.id: a.name for a in process.actors}
    names.update({WAITING: "Waiting (no staff)", UNASSIGNED: "No actor"})
    profiles = []
    for pool, hours in busy.items():
        if pool in staff:
            amount = staff[pool]
        else:
            busy_resources = rate * hours  # Little's law: resources busy on average
            amount = max(1, math.ceil(busy_resources + 8 * math.sqrt(busy_resources) + 10))
        profiles.append({"id": f"{pool}_pool", "name": names[pool], "resource_list": [
            {"id": pool, "name": names[pool], "cost_per_hour": 0, "amount": amount,
             "calendar": CALENDAR, "assignedTasks": [s.id for s in flat.steps
                                                     if s.is_task and _pool(s) == pool]}]})
    return profiles


def _arrivals(process: Process, rate: float) -> dict:
    mean = SECONDS / rate
    if process.arrivals == "regular":
        return {"distribution_name": "fix", "distribution_params": [{"value": mean}]}
    return {"distribution_name": "expon",
            "distribution_params": [{"value": mean}, {"value": 0}, {"value": FOREVER}]}


def _task_durations(flat: Process, distribution: str) -> list[dict]:
    return [{"task_id": s.id, "resources": [dict(_duration(s.work, distribution),
                                                 resource_id=_pool(s))]}
            for s in flat.steps if s.is_task]


def _duration(duration: Duration, distribution: str) -> dict:
    """A duration in Prosimos' terms (seconds)."""
    if distribution == EXPONENTIAL and duration.hours > 0:
        return {"distribution_name": "expon", "distribution_params": [
            {"value": duration.hours * SECONDS}, {"value": 0}, {"value": FOREVER}]}
    if not duration.is_range:
        return {"distribution_name": "fix",
                "distribution_params": [{"value": duration.likely * SECONDS}]}
    low, likely, high = duration.low, duration.likely, duration.high
    if distribution == TRIANGULAR:
        mean = (low + likely + high) / 3
        variance = (low ** 2 + likely ** 2 + high ** 2 - low * likely - low * high
                    - likely * high) / 18
    else:
        alpha, beta = pert_shapes(duration)
        mean = duration.hours
        variance = (high - low) ** 2 * alpha * beta / ((alpha + beta) ** 2 * (alpha + beta + 1))
    return {"distribution_name": "gamma", "distribution_params": [
        {"value": mean * SECONDS}, {"value": variance * SECONDS ** 2},
        {"value": low * SECONDS}, {"value": high * SECONDS}]}
