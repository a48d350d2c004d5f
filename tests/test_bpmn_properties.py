"""Random processes: BPMN round trips give them back, and their layout keeps its promises."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bpmodel.io.bpmn import dumps_bpmn, loads_bpmn
from bpmodel.io.bpmn.explicit import make_explicit
from bpmodel.layout import layout_process, route_crosses_shape
from bpmodel.model import Actor, Duration, Flow, Process, Step


@st.composite
def processes(draw) -> Process:
    agencies = draw(st.lists(st.sampled_from(["Office", "Land agency", "Bank"]), max_size=3))
    n_actors = draw(st.integers(1, 4))
    actors = tuple(
        Actor(f"actor{i}", f"Actor {i}", draw(st.sampled_from(["citizen", "staff", "system"])),
              draw(st.sampled_from([None, *agencies]))) for i in range(n_actors))
    n = draw(st.integers(2, 12))
    steps = []
    for i in range(n):
        kind = draw(st.sampled_from(["task", "task", "task", "xor", "and", "event"]))
        actor = draw(st.sampled_from([None, *(a.id for a in actors)]))
        hours = draw(st.sampled_from([0.0, 0.25, 1.0, 8.0]))
        if kind == "task":
            steps.append(Step(f"s{i}", f"Step {i}\nline", actor=actor, work=Duration.of(hours),
                              fee=draw(st.sampled_from([0.0, 1500.0])),
                              keep=draw(st.booleans())))
        elif kind == "event":
            steps.append(Step(f"s{i}", f"Event {i}", "event", "timer", actor=actor,
                              wait=Duration(1.0, 2.0, 6.0)))
        else:
            steps.append(Step(f"s{i}", f"Gateway {i}", "gateway", kind, actor=actor))
    flows = [Flow(f"s{i}", f"s{i + 1}") for i in range(n - 1)]
    for _ in range(draw(st.integers(0, 4))):
        a, b = draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))
        flows.append(Flow(f"s{a}", f"s{b}", condition=draw(st.sampled_from([None, "again"]))))
    # the readers list flows by their source, in step order
    flows.sort(key=lambda f: int(f.source[1:]))
    return Process("random", "Random & <odd>", tuple(steps), tuple(flows), actors)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(processes())
def test_bpmn_round_trip_and_layout_promises(process):
    explicit = make_explicit(process).process
    layout = layout_process(explicit, documents=True)
    assert layout == layout_process(explicit, documents=True)
    for node in layout.nodes:
        assert layout.lane(node.lane).box.contains(node.box)
    for route in layout.routes:
        assert route_crosses_shape(layout, route) == []
    back = loads_bpmn(dumps_bpmn(process, layout).encode()).process
    assert back == process
