"""Measures of a process: the figures that workshops compare and reform teams report.

:func:`measure` returns them as one flat mapping, the ``measures`` of the analysis
report; :data:`DESCRIPTIONS` says what each one is, :data:`GROUPS` how they are
shown. Figures per case are averages over cases (expected values: branch
probabilities and rework loops included) unless they say *first time right*;
yearly figures multiply by the process's ``volume`` (the Standard Cost Model:
price = tariff x time, quantity = cases x frequency). A figure that cannot be
known (no tariff, no volume, no target) is None, never a made-up 0.

The per-step sums are exact (:class:`~bpmodel.analysis.stepsums.StepSums`), so the
measures of a variant that shares most of its steps with a recent process (the simplify
engine's rounds) are that process's updated around the changed steps; its path analysis
takes over what its original worked out (:func:`~bpmodel.analysis.paths.timing`); each
equals a fresh computation bit for bit (``tests/test_incremental_measures.py``).

>>> import bpmodel
>>> m = measure(bpmodel.load_process(bpmodel.default_process_path()))
>>> m["lead_time_hours"], m["visits"], m["meets_target"]
(341.0, 4, False)
>>> round(m["expected_visits"], 4) == round(4 + 0.3 / 0.7, 4)
True
"""

from __future__ import annotations

from collections import Counter

from ..formatting import currency_digits
from ..gcpause import paused_gc
from ..model import EVENT, GATEWAY, TASK, Process
from .flowgraph import FlowGraph, size_key
from .gaps import find_gaps
from .handoffs import graph_handoffs
from .paths import timing
from .requests import count_requests
from .stepsums import (
    APPLICANT_COST,
    APPLICANT_HOURS,
    CONTACTS,
    FEES,
    OUT_OF_POCKET,
    STAFF_HOURS,
    UNPRICED,
    VISITS,
    StepSums,
)

Value = float | int | bool | None

GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Size", ("steps", "tasks", "subprocesses", "gateways", "events", "flows", "actors",
              "agencies", "documents", "systems", "lanes", "participants", "message_flows")),
    ("Applicant", ("procedures", "visits", "expected_visits", "contacts", "expected_contacts",
                   "documents_requested", "repeated_requests")),
    ("Handoffs", ("handoffs", "agency_handoffs")),
    ("Time", ("lead_time_days", "lead_time_hours", "best_time_days", "best_time_hours",
              "expected_lead_time_days", "expected_lead_time_hours", "work_hours",
              "wait_hours", "efficiency", "longest_path_steps", "target_days",
              "meets_target")),
    ("Cost", ("fees", "applicant_hours", "applicant_cost", "staff_hours", "staff_cost",
              "annual_applicant_hours", "annual_cost", "annual_fees", "annual_staff_hours",
              "annual_staff_cost", "out_of_pocket", "annual_out_of_pocket")),
)

DESCRIPTIONS: dict[str, str] = {
    "steps": "steps of every type: tasks, gateways and events",
    "tasks": "tasks and call activities (not sub-processes)",
    "subprocesses": "sub-processes (activities holding steps)",
    "gateways": "gateways",
    "events": "events",
    "flows": "sequence flows",
    "actors": "actors (swimlanes)",
    "agencies": "distinct agencies of the actors",
    "documents": "documents declared",
    "systems": "systems (applications) declared",
    "lanes": "lanes, as BPMN counts them (not the actors that stand for a whole pool)",
    "participants": "participants (pools) of a BPMN collaboration",
    "message_flows": "message flows between participants",
    "procedures": "interactions of the applicant with an external party, as Doing Business "
                  "counts them; first time right, worst case",
    "visits": "in-person contacts of the applicant; first time right, worst case",
    "expected_visits": "in-person contacts of the applicant per case on average",
    "contacts": "contacts of the applicant of any kind (visit, online, phone); first time "
                "right, worst case",
    "expected_contacts": "contacts of the applicant per case on average",
    "documents_requested": "documents asked of the applicant, counted per step that asks",
    "repeated_requests": "requests for a document the applicant already handed over",
    "handoffs": "flows where the actor changes",
    "agency_handoffs": "flows where the agency changes",
    "lead_time_days": "lead time of the critical path (worst case, first time right), in "
                      "working days (calendar days under Doing Business)",
    "lead_time_hours": "lead time of the critical path, in working hours (under Doing "
                       "Business: its calendar days counted in working hours)",
    "best_time_days": "the shortest way through, in days",
    "best_time_hours": "the shortest way through, in working hours",
    "expected_lead_time_days": "lead time on average, with branch probabilities and rework, "
                               "in days",
    "expected_lead_time_hours": "lead time on average, in working hours",
    "work_hours": "touch time on the critical path, in working hours",
    "wait_hours": "waiting time on the critical path, in working hours",
    "efficiency": "process cycle efficiency: touch time over lead time (0 to 1)",
    "longest_path_steps": "the most tasks on any way through, loops not repeated",
    "target_days": "the process's lead-time target, in days",
    "meets_target": "whether the lead time is within the target",
    "fees": "official fees paid per case on average",
    "applicant_hours": "working time the applicant spends per case on average, with the "
                       "travel and queue time of each visit (visit_overhead)",
    "applicant_cost": "applicant hours times the applicant's tariff",
    "staff_hours": "working time of staff per case on average",
    "staff_cost": "staff hours times the staff tariff",
    "annual_applicant_hours": "applicant hours times cases per year",
    "annual_cost": "applicant cost times cases per year: the administrative burden of the "
                   "Standard Cost Model",
    "annual_fees": "fees times cases per year",
    "annual_staff_hours": "staff hours times cases per year",
    "annual_staff_cost": "staff cost times cases per year",
    "out_of_pocket": "the applicant's out-of-pocket costs per case on average: the steps' "
                     "costs (copies, duty stamps, legalisation) and each visit's trip "
                     "(visit_cost)",
    "annual_out_of_pocket": "out-of-pocket costs times cases per year",
}

MONEY = ("fees", "applicant_cost", "staff_cost", "annual_cost", "annual_fees",
         "annual_staff_cost", "out_of_pocket", "annual_out_of_pocket")
SUBPROCESSES, FLOWS = "subprocesses", "flows"


def count_measures(process: Process, graph: FlowGraph | None = None) -> dict[str, int]:
    """How many steps, tasks, gateways, events, flows, actors, agencies, documents and systems.

    ``tasks`` leaves out sub-processes (counted in ``subprocesses``), ``flows`` counts
    sequence flows; ``lanes``, ``participants`` (pools) and ``message_flows`` are
    counted as in BPMN (see :func:`bpmn_counts`).

    >>> from bpmodel.model import Actor, Process, Step
    >>> p = Process("p", "P", steps=(Step("a", "Ask", actor="c"),),
    ...             actors=(Actor("c", "Clerk", agency="Office"),))
    >>> count_measures(p)["agencies"]
    1
    """
    bpmn = bpmn_counts(process, graph)
    return {
        "steps": len(process.steps),
        "tasks": bpmn["tasks"],
        "subprocesses": bpmn["subprocesses"],
        "gateways": bpmn["gateways"],
        "events": bpmn["events"],
        "flows": bpmn["flows"],
        "actors": len(process.actors),
        "agencies": len(process.agencies),
        "documents": len(process.documents),
        "systems": len(process.systems),
        "lanes": bpmn["lanes"],
        "participants": bpmn["participants"],
        "message_flows": bpmn["message_flows"],
    }


def bpmn_counts(process: Process, graph: FlowGraph | None = None) -> dict[str, int]:
    """The element counts a BPMN tool would show for the process.

    Tasks and call activities (not sub-processes), gateways, events, sequence flows,
    lanes (every actor but those standing for a whole pool), participants (pools) and
    message flows. One pass over the steps.

    >>> from bpmodel.model import Flow, Step
    >>> p = Process("p", "P", steps=(Step("a", "A"), Step("s", "S", kind="subprocess")),
    ...             flows=(Flow("a", "s"),))
    >>> bpmn_counts(p)["tasks"], bpmn_counts(p)["subprocesses"]
    (1, 1)

    Given the process's flow graph, the counts of steps and flows are those of its frame
    (:func:`graph_sizes`).
    """
    sizes = graph_sizes(process, graph) if graph is not None else _sizes(process)
    return {
        "tasks": sizes[TASK],
        "subprocesses": sizes[SUBPROCESSES],
        "gateways": sizes[GATEWAY],
        "events": sizes[EVENT],
        "flows": sizes[FLOWS],
        "lanes": sum(1 for a in process.actors if a.is_lane),
        "participants": len(process.pools),
        "message_flows": len(process.message_flows),
    }


def _sizes(process: Process) -> dict[str, int]:
    """How many steps of each :func:`~bpmodel.analysis.flowgraph.size_key`, and sequence
    flows (``flows``)."""
    kinds = Counter(size_key(s) for s in process.steps)
    return {TASK: kinds[TASK], SUBPROCESSES: kinds[SUBPROCESSES], GATEWAY: kinds[GATEWAY],
            EVENT: kinds[EVENT], FLOWS: len(process.sequence_flows)}


def graph_sizes(process: Process, graph: FlowGraph) -> dict[str, int]:
    """:func:`_sizes` of ``process``, counted once for all the graphs of one frame (the
    same steps' types and flows: see :func:`~bpmodel.analysis.flowgraph.same_frame`) and
    carried over to a series merge (:meth:`~bpmodel.analysis.flowgraph.Frame.merged`).

    >>> import bpmodel
    >>> process = bpmodel.load_process(bpmodel.default_process_path())
    >>> graph_sizes(process, FlowGraph.of(process)) == _sizes(process)
    True
    """
    frame = graph.frame
    if frame.sizes is None:
        frame.sizes = _sizes(process)
    return frame.sizes


def _times(value: Value, factor: float | None) -> float | None:
    if value is None or factor is None:
        return None
    return value * factor


def _per_case(process: Process, sums: StepSums) -> dict[str, Value]:
    """Expected contacts, fees, applicant and staff time and cost per case: each step's
    expected runs times its visits, fee or work, added up exactly
    (:class:`~bpmodel.analysis.stepsums.StepSums`). A visit adds its travel and queue time
    (``visit_overhead``) to the applicant's hours; ``costs`` are the applicant's
    out-of-pocket costs. The applicant's cost is unknown when hours of a kind of
    applicant without a tariff are spent."""
    staff_hours = sums.total(STAFF_HOURS)
    staff_cost = 0.0 if not staff_hours else _times(staff_hours, process.tariff.get("staff"))
    return {"expected_visits": sums.total(VISITS), "expected_contacts": sums.total(CONTACTS),
            "fees": sums.total(FEES), "applicant_hours": sums.total(APPLICANT_HOURS),
            "applicant_cost": None if sums.totals[UNPRICED] else sums.total(APPLICANT_COST),
            "out_of_pocket": sums.total(OUT_OF_POCKET),
            "staff_hours": staff_hours, "staff_cost": staff_cost}


@paused_gc()
def measure(process: Process, convention: str | None = None) -> dict[str, Value]:
    """Every measure of a process, as a flat mapping (see :data:`DESCRIPTIONS`).

    ``convention="doing-business"`` counts time in calendar days by the Doing Business
    rules (see :mod:`bpmodel.analysis.convention`). Raises
    :class:`~bpmodel.analysis.errors.AnalysisError` for a process whose figures would mean
    nothing (no way to the end, a deadlock, an endless loop).
    """
    t = timing(process, convention)
    clock, path, expectation = t.clock, t.critical_path, t.expectation
    runs = expectation.runs
    visits, contacts, procedures = expectation.first_time_right
    handoffs, agency_handoffs = graph_handoffs(process, t.graph)
    sums = StepSums.of(process, runs)
    requested, repeated = count_requests(process, t.graph, sums.kinds)
    per_case = _per_case(process, sums)
    out: dict[str, Value] = dict(count_measures(process, t.graph))
    out.update({
        "procedures": procedures,
        "visits": visits,
        "expected_visits": per_case.pop("expected_visits"),
        "contacts": contacts,
        "expected_contacts": per_case.pop("expected_contacts"),
        "documents_requested": requested,
        "repeated_requests": repeated,
        "handoffs": handoffs,
        "agency_handoffs": agency_handoffs,
    })
    expected_units = expectation.expected
    target = process.target.hours if process.target is not None else None
    out.update({
        "lead_time_days": path.days,
        "lead_time_hours": path.hours,
        "best_time_days": clock.days(t.best),
        "best_time_hours": clock.hours(t.best),
        "expected_lead_time_days": clock.days(expected_units),
        "expected_lead_time_hours": clock.hours(expected_units),
        "work_hours": path.work_hours,
        "wait_hours": path.wait_hours,
        "efficiency": path.efficiency,
        "longest_path_steps": len(t.longest_path),
        "target_days": None if target is None else clock.days(clock.units(target)),
        "meets_target": None if target is None else path.hours <= target + 1e-9,
    })
    burden = per_case
    volume = process.volume
    out.update(burden)
    out.update({
        "annual_applicant_hours": _times(burden["applicant_hours"], volume),
        "annual_cost": _times(burden["applicant_cost"], volume),
        "annual_fees": _times(burden["fees"], volume),
        "annual_staff_hours": _times(burden["staff_hours"], volume),
        "annual_staff_cost": _times(burden["staff_cost"], volume),
        "annual_out_of_pocket": _times(burden["out_of_pocket"], volume),
    })
    for key in find_gaps(process, t, sums).reasons:
        out[key] = None
    digits = currency_digits(process.currency)
    for key in MONEY:  # no float noise: money at its currency's precision
        if out.get(key) is not None:
            out[key] = round(out[key], digits) + 0.0
    return out
