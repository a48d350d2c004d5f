"""Write a process in the bpmodel YAML format (``spec/process-format.md``): in the order
and style of a hand-written file, flows that follow the list order left implicit, so
that a file read and written back comes out as it was written.

>>> from bpmodel.model import Actor, Duration, Flow, Process, Step
>>> ask = Step("a", "Ask", actor="clerk", work=Duration(0.5, 0.5, 0.5))
>>> answer = Step("b", "Answer", actor="clerk", work=Duration(1, 1, 1))
>>> print(dumps_yaml(Process("demo", "Demo", actors=(Actor("clerk", "Clerk"),),
...                          steps=(ask, answer), flows=(Flow("a", "b"),))))
bpmodel: 1
process:
  id: demo
  name: Demo
actors:
- {id: clerk, name: Clerk}
steps:
- id: a
  name: Ask
  actor: clerk
  work: 30min
- id: b
  name: Answer
  actor: clerk
  work: 1h
<BLANKLINE>
"""

from __future__ import annotations

from typing import Any

import yaml

from ...durations import format_duration, format_hours
from ...model import BOUNDARY, SEQUENCE, TASK, ZERO, Calendar, Duration, Flow, Process, Step
from .format import BATCH_WORDS, FORMAT_VERSION

_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _FlowMap(dict):
    """A mapping written on one line, ``{id: a, name: B}``."""


class _FlowList(list):
    """A list written on one line, ``[a, b]``."""


class _Dumper_(_Dumper):  # noqa: N801 - a private subclass of the chosen dumper
    pass


def _represent_flow_map(dumper: yaml.SafeDumper, data: _FlowMap) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=True)


def _represent_dict(dumper: yaml.SafeDumper, data: dict) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=False)


_Dumper_.add_representer(_FlowMap, _represent_flow_map)
_Dumper_.add_representer(dict, _represent_dict)
_Dumper_.add_representer(
    _FlowList, lambda d, data: d.represent_sequence("tag:yaml.org,2002:seq", data, True))


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def process_to_data(process: Process) -> dict:
    """The process as plain YAML-ready data, in the order and style of the format.

    Flows that follow the list order are left implicit, so a hand-written file
    comes back as it was written.
    """
    cal = process.calendar
    meta: dict[str, Any] = {"id": process.id, "name": process.name}
    for key in ("owner", "description"):
        if getattr(process, key):
            meta[key] = getattr(process, key)
    if process.volume is not None:
        meta["volume"] = _number(process.volume)
    if process.target is not None:
        meta["target"] = format_duration(process.target, cal)
    if process.currency:
        meta["currency"] = process.currency
    if process.lang:
        meta["lang"] = process.lang
    if process.tariff:
        meta["tariff"] = _FlowMap((k, _number(v)) for k, v in process.tariff.items())
    if cal != Calendar():
        meta["calendar"] = _FlowMap(hours_per_day=_number(cal.hours_per_day),
                                    days_per_week=_number(cal.days_per_week))
    if process.source:
        meta["source"] = process.source
    if process.visit_overhead is not None:
        meta["visit_overhead"] = format_duration(process.visit_overhead, cal)
    if process.visit_cost is not None:
        meta["visit_cost"] = _number(process.visit_cost)
    if process.assumed:
        meta["assumed"] = _FlowList(process.assumed)
    if process.parameters:
        meta["parameters"] = _FlowMap((k, _number(v)) for k, v in process.parameters.items())
    for key in ("service", "region", "coverage"):
        if getattr(process, key):
            meta[key] = getattr(process, key)
    if process.arrivals:
        meta["arrivals"] = process.arrivals
    data: dict[str, Any] = {"bpmodel": FORMAT_VERSION, "process": meta}
    if process.pools:
        data["pools"] = [_FlowMap(_compact(id=p.id, name=p.name, process=p.process))
                         for p in process.pools]
    data["actors"] = [
        _FlowMap(_compact(id=a.id, name=a.name,
                          kind=a.kind if a.kind != "staff" else None, agency=a.agency,
                          pool=a.pool, parent=a.parent, staff=a.staff,
                          assumed=_FlowList(a.assumed) if a.assumed else None))
        for a in process.actors]
    if process.documents:
        data["documents"] = [_FlowMap(_compact(id=d.id, name=d.name, issued_by=d.issued_by,
                                               assumed=_FlowList(d.assumed) if d.assumed
                                               else None, government=d.government,
                                               legal_basis=d.legal_basis))
                             for d in process.documents]
    if process.systems:
        data["systems"] = [_FlowMap(_compact(id=s.id, name=s.name, record=s.record or None))
                           for s in process.systems]
    data["steps"] = [_step_data(process, i, step) for i, step in enumerate(process.steps)]
    if process.message_flows:
        data["message_flows"] = [
            _FlowMap(_compact(id=m.id, **{"from": m.source, "to": m.target}, name=m.name))
            for m in process.message_flows]
    return data


def _compact(**values: Any) -> dict:
    return {k: v for k, v in values.items() if v is not None}


def _step_data(process: Process, index: int, step: Step) -> dict:
    cal = process.calendar
    out: dict[str, Any] = {"id": step.id, "name": step.name}
    if step.type != TASK:
        out["type"] = step.type
    if step.kind:
        out["kind"] = step.kind
    for key in ("actor", "action", "object", "system", "contact"):
        if getattr(step, key):
            out[key] = getattr(step, key)
    for key in ("work", "wait"):
        value: Duration = getattr(step, key)
        if value != ZERO:
            out[key] = format_duration(value, cal)
    if step.time_known and step.is_task and not step.is_subprocess and "work" not in out \
            and ("wait" not in out or step.work_known):
        out["work"] = "0h"  # a known 0: a task written without a time has an unknown one
    for key in ("needs", "produces"):
        if getattr(step, key):
            out[key] = _FlowList(getattr(step, key))
    if not step.fee_known:
        out["fee"] = "unknown"
    elif step.fee_formula:
        out["fee"] = step.fee_formula
    elif step.fee:
        out["fee"] = _number(step.fee)
    if step.visit_overhead is not None:
        out["visit_overhead"] = format_duration(step.visit_overhead, cal)
    if step.visit_cost is not None:
        out["visit_cost"] = _number(step.visit_cost)
    if step.costs:
        out["costs"] = _FlowMap((k, _number(v)) for k, v in step.costs)
    if step.assumed:
        out["assumed"] = _FlowList(step.assumed)
    if step.legal_basis:
        out["legal_basis"] = step.legal_basis
    if step.keep:
        out["keep"] = _FlowList(step.locks) if step.locks else True
    if step.signatory:
        out["signatory"] = step.signatory
    if step.merged_from:
        out["merged_from"] = _FlowList(step.merged_from)
    if step.batch is not None:
        out["batch"] = _batch_data(step.batch, cal)
    if step.presence:
        out["presence"] = step.presence
    if step.competent is not None:
        out["competent"] = step.competent
    if step.description:
        out["description"] = step.description
    if step.trigger:
        out["trigger"] = step.trigger
    if not step.interrupting:
        out["interrupting"] = False
    if step.parent:
        out["parent"] = step.parent
    hosts = [f.source for f in process.incoming(step.id) if f.kind == BOUNDARY]
    if hosts:
        out["attached_to"] = hosts[0]
    following = process.steps[index + 1].id if index + 1 < len(process.steps) else None
    implicit = [] if (step.is_event and step.kind == "end") or following is None \
        else [Flow(step.id, following)]
    outgoing = [f for f in process.outgoing(step.id) if f.kind == SEQUENCE]
    if outgoing != implicit:
        out["next"] = _next_data(outgoing)
    return out


def _batch_data(hours: float, cal: Calendar) -> str:
    week = cal.days_per_week * cal.hours_per_day
    for word, weeks in BATCH_WORDS.items():
        if abs(hours - weeks * week) < 1e-9:
            return word
    return format_hours(hours, cal)


def _next_data(flows: list[Flow]) -> Any:
    if not flows:
        return "end"
    plain = all(f.probability is None and f.condition is None and not f.default for f in flows)
    if plain:
        return flows[0].target if len(flows) == 1 else _FlowList(f.target for f in flows)
    return [_FlowMap(_compact(to=f.target, p=f.probability, when=f.condition,
                              default=True if f.default else None)) for f in flows]


def dumps_yaml(process: Process) -> str:
    """The process as YAML text in the bpmodel format."""
    return yaml.dump(process_to_data(process), Dumper=_Dumper_, sort_keys=False,
                     allow_unicode=True, width=100, default_flow_style=False)

