"""The simulation under load: queueing theory (Erlang C), batches, unstable desks, and the
staff, batch and arrivals keys of the format."""

from __future__ import annotations

import json
import math

import jsonschema
import numpy as np
import pytest
import yaml

from bpmodel.io.yaml import dumps_yaml, loads_yaml
from bpmodel.model import Actor, Duration, Flow, Process, Step
from bpmodel.simulate.errors import SimulationError
from bpmodel.simulate.queueing import hours_per_year, simulate_load
from bpmodel.simulate.report import simulate, simulation_report

from conftest import ROOT


def erlang_c_wait(rate: float, service_rate: float, servers: int) -> float:
    """The mean wait in queue of an M/M/c queue (Erlang C)."""
    offered = rate / service_rate
    below = sum(offered ** k / math.factorial(k) for k in range(servers))
    top = offered ** servers / math.factorial(servers) / (1 - offered / servers)
    return top / (below + top) / (servers * service_rate - rate)


def desk(staff: int, utilisation: float, service_hours: float = 2.0) -> Process:
    rate = utilisation * staff / service_hours  # cases per working hour
    return Process("p", "P", actors=(Actor("clerk", "Clerk", staff=staff),),
                   volume=rate * 2080,
                   steps=(Step("a", "A", actor="clerk", work=Duration.of(service_hours)),))


@pytest.mark.parametrize("staff,utilisation", [(1, 0.5), (3, 0.6)])
def test_single_desk_matches_erlang_c(staff, utilisation):
    process = desk(staff, utilisation)
    result = simulate_load(process, 80_000, seed=1, distribution="exponential")
    rate = utilisation * staff / 2.0
    assert result.desks[0].mean_queue_hours == pytest.approx(
        erlang_c_wait(rate, 0.5, staff), rel=0.05)
    assert result.desks[0].utilisation == pytest.approx(utilisation, rel=0.02)
    # the lead time is the queue plus the work
    assert result.lead_times.mean() == pytest.approx(result.desks[0].mean_queue_hours + 2.0,
                                                     rel=0.02)


def test_a_desk_above_its_capacity_is_unstable_and_not_averaged():
    process = desk(2, 1.3)
    result = simulate_load(process, 1000, seed=1)
    assert not result.stable and result.lead_times.size == 0
    assert result.unstable[0].offered == pytest.approx(1.3)
    assert result.unstable[0].utilisation is None
    report = simulation_report(simulate(process, 1000))
    assert report["under_load"]["lead_time"] is None
    assert report["under_load"]["desks"][0]["staff_needed"] == 3


def test_weekly_batch_waits_half_a_week_on_average():
    week = 40.0
    process = Process("p", "P", volume=2080.0, arrivals="poisson",
                      steps=(Step("sign", "Sign", work=Duration.of(1.0), batch=week),))
    result = simulate_load(process, 20_000, seed=3)
    assert result.steps[0].batch_hours == pytest.approx(week / 2, rel=0.03)
    assert result.lead_times.mean() == pytest.approx(week / 2 + 1.0, rel=0.03)
    assert result.lead_times.max() <= week + 1.0 + 1e-9


def test_regular_arrivals_on_a_desk_that_keeps_up_never_queue():
    process = desk(1, 0.9).evolve(arrivals="regular")
    result = simulate_load(process, 2000, seed=1)
    assert result.desks[0].mean_queue_hours == pytest.approx(0.0)
    assert np.allclose(result.lead_times, 2.0)


def test_wait_takes_no_staff_and_rework_loads_the_desk_again():
    steps = (Step("a", "A", actor="clerk", work=Duration.of(1.0), wait=Duration.of(30.0)),
             Step("g", "Again?", "gateway", "xor"))
    flows = (Flow("a", "g"), Flow("g", "a", 0.5), Flow("g", "end", 0.5))
    process = Process("p", "P", actors=(Actor("clerk", "Clerk", staff=1),), volume=520.0,
                      steps=(*steps, Step("end", "End", "event", "end")), flows=flows)
    result = simulate_load(process, 4000, seed=2)
    rate = 520.0 / hours_per_year(process)
    assert result.desks[0].offered == pytest.approx(rate * 2 * 1.0)  # two runs on average
    assert result.desks[0].utilisation == pytest.approx(rate * 2, rel=0.1)


def test_load_needs_a_volume():
    with pytest.raises(SimulationError, match="volume"):
        simulate_load(desk(1, 0.5).evolve(volume=None), 10)


def test_same_seed_same_queues():
    process = desk(2, 0.8)
    first = simulate_load(process, 3000, seed=5).lead_times
    assert np.array_equal(first, simulate_load(process, 3000, seed=5).lead_times)


LOADED = """
bpmodel: 1
process: {id: loaded, name: Loaded, volume: 2000, arrivals: regular, target: 5d}
actors:
  - {id: clerk, name: Clerk, staff: 2}
  - {id: head, name: Head of office}
steps:
  - {id: check, name: Check, actor: clerk, work: 1-2h}
  - {id: sign, name: Sign, actor: head, work: 15min, batch: weekly}
  - {id: meet, name: Committee, actor: head, work: 2h, batch: monthly}
  - {id: issue, name: Issue, actor: clerk, work: 30min, batch: 2d}
"""


def test_keys_load_round_trip_and_match_the_schema():
    process = loads_yaml(LOADED).process
    assert process.actors[0].staff == 2 and process.actors[1].staff is None
    assert process.arrivals == "regular"
    assert [s.batch for s in process.steps] == pytest.approx([None, 40.0, 40.0 * 52 / 12, 16.0])
    text = dumps_yaml(process)
    assert loads_yaml(text).process == process
    schema = json.loads((ROOT / "bpmodel" / "data" / "process.schema.json").read_text())
    jsonschema.validate(yaml.safe_load(LOADED), schema)
    jsonschema.validate(yaml.safe_load(text), schema)


@pytest.mark.parametrize("line,message", [
    ("  - {id: clerk, name: Clerk, staff: 1.5}", "not a whole number"),
    ("  - {id: clerk, name: Clerk, staff: 0}", "out of range"),
])
def test_bad_staff(line, message):
    text = LOADED.replace("  - {id: clerk, name: Clerk, staff: 2}", line)
    with pytest.raises(Exception, match=message):
        loads_yaml(text)


@pytest.mark.parametrize("value", ["1-2w", "0h", "fortnightly"])
def test_bad_batch(value):
    with pytest.raises(Exception, match="batch"):
        loads_yaml(LOADED.replace("batch: 2d", f"batch: {value}"))


def test_bad_arrivals():
    with pytest.raises(Exception, match="arrivals"):
        loads_yaml(LOADED.replace("arrivals: regular", "arrivals: bursty"))


def test_keys_survive_bpmn():
    from bpmodel.io.bpmn.reader import loads_bpmn
    from bpmodel.io.bpmn.writer import dumps_bpmn

    process = loads_yaml(LOADED).process
    back = loads_bpmn(dumps_bpmn(process)).process
    assert back.arrivals == "regular"
    assert [a.staff for a in back.actors] == [2, None]
    assert [s.batch for s in back.steps] == [s.batch for s in process.steps]
