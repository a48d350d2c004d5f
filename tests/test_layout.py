"""The layout engine: lanes hold their steps, routes avoid shapes, results are stable."""

from __future__ import annotations

import json

import pytest

import bpmodel
from bpmodel.io.bpmn import load_bpmn
from bpmodel.layout import (
    EVENT_SIZE,
    GATEWAY_SIZE,
    TASK_SIZE,
    layout_process,
    route_crosses_shape,
)
from bpmodel.layout.geometry import crosses
from bpmodel.model import Actor, Document, Flow, Process, Step

from conftest import CORPUS, EXAMPLES

MANIFEST = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))["files"]
CORPUS_FILES = sorted(rel for rel, entry in MANIFEST.items() if entry.get("bpmn20"))
EXAMPLE_FILES = sorted(p.name for p in EXAMPLES.glob("*.yaml"))


def load(name: str) -> Process:
    if name.endswith(".yaml"):
        return bpmodel.load_process(EXAMPLES / name)
    return load_bpmn(CORPUS / name).process


@pytest.mark.parametrize("name", EXAMPLE_FILES + CORPUS_FILES)
def test_shapes_lie_in_their_lane_and_sequence_routes_cross_no_shape(name):
    process = load(name)
    layout = layout_process(process)
    assert {n.id for n in layout.nodes} == {s.id for s in process.steps}
    for node in layout.nodes:
        if node.parent is None and node.lane is not None:
            assert layout.lane(node.lane).box.contains(node.box), node.id
        if node.parent is not None and layout.has_node(node.parent):
            assert layout.node(node.parent).box.contains(node.box), node.id
    for band in layout.lanes:
        if band.parent is not None:
            assert layout.lane(band.parent).box.contains(band.box), band.id
    for route in layout.routes:
        if route.kind == "sequence":
            assert route_crosses_shape(layout, route) == [], (route.source, route.target)
        for (x1, y1), (x2, y2) in zip(route.points, route.points[1:], strict=False):
            assert x1 == x2 or y1 == y2, "routes are orthogonal"


def test_examples_read_left_to_right_with_editor_sizes():
    process = load("building-approval.yaml")
    layout = layout_process(process)
    sizes = {n.shape: (n.box.width, n.box.height) for n in layout.nodes}
    assert sizes["task"] == TASK_SIZE and sizes["gateway"] == GATEWAY_SIZE
    for index, flow in enumerate(process.flows):
        route = layout.route(index)
        source, target = layout.node(flow.source), layout.node(flow.target)
        if not route.back and target.layer > source.layer:
            # in from the left, or from above or below when the source lies in another row
            assert route.points[-1] in ((target.box.x, target.box.cy),
                                        (target.box.cx, target.box.y),
                                        (target.box.cx, target.box.bottom))
            assert len(route.points) <= 4
        elif not route.back:
            # a hand-over to another lane in the same column: one straight vertical line
            assert target.layer == source.layer and target.lane != source.lane
            (x1, y1), (x2, y2) = route.points
            assert x1 == x2 == source.box.cx == target.box.cx
            assert y2 in (target.box.y, target.box.bottom)
    back = [r for r in layout.routes if r.back]
    assert [(r.source, r.target) for r in back] == [("resubmit", "check")]
    trade = layout_process(load("trade-licence.yaml"))
    assert trade.node("start").box.width == EVENT_SIZE[0]


def test_lanes_are_grouped_by_agency_in_one_pool():
    layout = layout_process(load("building-approval.yaml"))
    pools = [b for b in layout.lanes if b.kind == "pool"]
    assert len(pools) == 1 and pools[0].synthetic
    ptsp = layout.lane("agency:PTSP")
    inside = [b.id for b in layout.lanes if b.parent == ptsp.id]
    assert inside == ["front", "back", "kabid", "head"]
    assert layout.node("register").lane == "front"
    # a gateway without an actor is drawn in a neighbour's lane
    assert layout.node("complete").lane is not None


def test_the_spine_runs_straight():
    steps = (Step("a", "A", actor="c"), Step("g", "G", "gateway", "xor", actor="c"),
             Step("likely", "L", actor="c"), Step("rare", "R", actor="c"),
             Step("z", "Z", actor="c"))
    flows = (Flow("a", "g"), Flow("g", "rare", 0.1), Flow("g", "likely", 0.9),
             Flow("likely", "z"), Flow("rare", "z"))
    layout = layout_process(Process("p", "P", steps, flows, (Actor("c", "C"),)))
    rows = {n.id: n.row for n in layout.nodes}
    assert rows["a"] == rows["g"] == rows["likely"] == rows["z"] != rows["rare"]


def test_layout_is_deterministic():
    process = load("miwg/reference/C.4.0.bpmn")
    assert layout_process(process) == layout_process(process)


def test_previous_layout_keeps_the_steps_that_stay():
    process = load("building-approval.yaml")
    before = layout_process(process)
    # a variant: the duplicate data entry is removed
    steps = tuple(s for s in process.steps if s.id != "reenter")
    flows = tuple(f for f in process.flows if "reenter" not in (f.source, f.target)) + (
        Flow("register", "check"),)
    variant = process.evolve(steps=steps, flows=flows)
    fresh = layout_process(variant)
    stable = layout_process(variant, previous=before)
    kept = [s.id for s in steps]
    moved_fresh = [n for n in kept if fresh.node(n).box != before.node(n).box]
    moved_stable = [n for n in kept if stable.node(n).box != before.node(n).box]
    assert moved_fresh and not moved_stable


def test_boundary_events_sit_on_their_activity_and_branch_from_it():
    process = load("bpmnlint/no-bpmndi__valid-nested-boundary.bpmn")
    layout = layout_process(process)
    for flow in process.flows:
        if flow.kind == "boundary":
            host, event = layout.node(flow.source).box, layout.node(flow.target).box
            assert host.x <= event.cx <= host.right and event.cy == host.bottom


def lanes_process(steps, flows, actors=("a", "b", "c")) -> Process:
    return Process("p", "P", tuple(steps), tuple(flows),
                   tuple(Actor(a, a.upper()) for a in actors))


def test_a_hand_over_to_another_lane_runs_straight_down_in_one_column():
    steps = (Step("s", "Submit", actor="a"), Step("r", "Register", actor="b"),
             Step("c", "Check", actor="b"))
    layout = layout_process(lanes_process(steps, (Flow("s", "r"), Flow("r", "c")),
                                          ("a", "b")))
    s, r, c = (layout.node(n) for n in "src")
    assert s.layer == r.layer and c.layer == r.layer + 1
    assert layout.route(0).points == ((s.box.cx, s.box.bottom), (r.box.cx, r.box.y))
    assert layout.route(1).points == ((r.box.right, r.box.cy), (c.box.x, c.box.cy))


def test_a_hand_over_never_runs_through_a_shape_of_a_lane_it_crosses():
    # x, handed over to lane b, takes the first column: s -> c cannot run down through it
    steps = (Step("s", "Submit", actor="a"), Step("x", "Register", actor="b"),
             Step("c", "Check", actor="c"))
    layout = layout_process(lanes_process(steps, (Flow("s", "x"), Flow("s", "c"))))
    assert [b.id for b in layout.lanes if b.kind == "lane"] == ["a", "b", "c"]
    assert layout.node("x").layer == 0 and layout.node("c").layer == 1
    for route in layout.routes:
        assert route_crosses_shape(layout, route) == []


def test_a_task_handed_over_from_above_has_its_documents_drawn_below_it():
    # five documents: more than its sides hold (see the next tests for fewer)
    papers = (Document("form", "Form"), Document("id", "ID"), Document("deed", "Deed"),
              Document("map", "Map"), Document("tax", "Tax"))
    process = lanes_process(
        (Step("s", "Submit", actor="a", needs=("form",)),
         Step("r", "Register", actor="b", needs=("form", "id", "deed", "map", "tax"))),
        (Flow("s", "r"),), ("a", "b")).evolve(documents=papers)
    drawn = layout_process(process, documents=True)
    s, r = drawn.node("s"), drawn.node("r")
    assert s.layer == r.layer
    assert drawn.route(0).points == ((s.box.cx, s.box.bottom), (r.box.cx, r.box.y))
    (beside,) = [d for d in drawn.data if d.step == "s"]
    assert beside.box.x > s.box.right                       # one document: at its side
    for below in (d for d in drawn.data if d.step == "r"):
        assert below.box.y > r.box.bottom and below.label.y > below.box.bottom
        assert below.points[0] == (below.box.cx, below.box.y)
        assert below.points[1][1] == r.box.bottom
        assert drawn.lane("b").box.contains(below.label)
    for route in drawn.routes:
        assert not any(crosses(route.points, d.box) for d in drawn.data)


def test_no_hand_over_up_out_of_a_task_whose_documents_are_drawn_above_it():
    papers = (Document("form", "Form"), Document("id", "ID"), Document("deed", "Deed"),
              Document("map", "Map"), Document("tax", "Tax"))
    process = lanes_process(
        (Step("s", "Submit", actor="b", needs=("form", "id", "deed", "map", "tax")),
         Step("r", "Register", actor="a")),
        (Flow("s", "r"),), ("a", "b")).evolve(documents=papers)
    drawn = layout_process(process, documents=True)
    assert drawn.node("r").layer == drawn.node("s").layer + 1
    assert len(drawn.route(0).points) == 3              # one bend: up into r's bottom
    # with one document, it goes at the side and the hand-over runs straight up
    one = process.evolve(steps=(Step("s", "Submit", actor="b", needs=("form",)),
                                Step("r", "Register", actor="a")))
    drawn = layout_process(one, documents=True)
    assert drawn.node("r").layer == drawn.node("s").layer
    assert len(drawn.route(0).points) == 2


def test_lanes_that_talk_lie_together_and_a_variant_keeps_the_original_order():
    # a talks to c, c to b: c moves between them; the first lane stays first
    steps = (Step("s", "S", actor="a"), Step("t", "T", actor="c"), Step("u", "U", actor="b"))
    process = lanes_process(steps, (Flow("s", "t"), Flow("t", "u")))
    layout = layout_process(process)
    order = [b.id for b in layout.lanes if b.kind == "lane"]
    assert order == ["a", "c", "b"]
    # a variant adds lane d that talks only to a: it lands beside a, the others keep order
    variant = process.evolve(
        actors=process.actors + (Actor("d", "D"),),
        steps=steps + (Step("v", "V", actor="d"),),
        flows=(Flow("s", "v"), Flow("v", "t"), Flow("t", "u")))
    again = layout_process(variant, previous=layout)
    assert [b.id for b in again.lanes if b.kind == "lane"] == ["a", "d", "c", "b"]


def test_with_many_lanes_a_lane_that_talks_to_no_neighbour_moves_beside_its_partner():
    names = [f"a{k}" for k in range(30)] + ["z"]
    steps = tuple(Step(f"s{k}", f"S{k}", actor=f"a{k}") for k in range(30)) + (
        Step("zz", "Z", actor="z"),)
    flows = tuple(Flow(f"s{k}", f"s{k + 1}") for k in range(29)) + (Flow("s0", "zz"),)
    layout = layout_process(lanes_process(steps, flows, names))
    order = [b.id for b in layout.lanes if b.kind == "lane"]
    assert order[:3] == ["a0", "z", "a1"] and order[3:] == names[2:30]


FOUR_DOCUMENTS = tuple(Document(f"d{k}", f"Document {k}") for k in range(4))


def documents_clear_of_everything(drawn) -> None:
    boxes = [n.box for n in drawn.nodes] + [n.label for n in drawn.nodes if n.label]
    for data in drawn.data:
        mine = drawn.node(data.step).box
        for box in (data.box, data.label):
            assert not any(box.x < b.right and b.x < box.right and box.y < b.bottom
                           and b.y < box.bottom for b in boxes if b is not mine)
            for route in drawn.routes:
                assert not crosses(route.points, box)
        for other in drawn.data:
            if other.step != data.step:
                assert not (data.box.x < other.box.right and other.box.x < data.box.right
                            and data.box.y < other.box.bottom
                            and other.box.y < data.box.bottom)


def test_documents_wider_than_their_task_reach_over_free_corridors_not_widen_the_column():
    steps = (Step("s", "Submit", actor="a"),
             Step("c", "Check", actor="a", needs=tuple(d.id for d in FOUR_DOCUMENTS)),
             Step("r", "Register", actor="a"))
    process = lanes_process(steps, (Flow("s", "c"), Flow("c", "r")), ("a",)).evolve(
        documents=FOUR_DOCUMENTS)
    plain, drawn = layout_process(process), layout_process(process, documents=True)
    # the documents take no extra width: the tasks sit where they sit without documents
    assert [drawn.node(n).box.x for n in "scr"] == [plain.node(n).box.x for n in "scr"]
    data = sorted(drawn.data, key=lambda d: d.box.x)
    assert len(data) == 4 and data[-1].box.right - data[0].box.x > drawn.node("c").box.width
    assert all(d.box.bottom < drawn.node("c").box.y for d in data)
    documents_clear_of_everything(drawn)


def test_documents_that_would_lie_over_a_route_widen_their_column():
    # s hands over straight down to t in lane b, beside c: c's documents, centred over c,
    # would lie over that line, so c's column is made as wide as its documents instead
    steps = (Step("s", "Submit", actor="b"),
             Step("c", "Check", actor="a", needs=tuple(d.id for d in FOUR_DOCUMENTS)),
             Step("u", "Upload", actor="c"), Step("t", "Tell", actor="c"))
    flows = (Flow("s", "c"), Flow("c", "u"), Flow("s", "t"))
    process = lanes_process(steps, flows, ("a", "b", "c")).evolve(documents=FOUR_DOCUMENTS)
    drawn = layout_process(process, documents=True)
    documents_clear_of_everything(drawn)
    for box in (d.label for d in drawn.data):
        assert all(drawn.lane(b.id).box.x + 30 <= box.x for b in drawn.lanes
                   if b.kind == "lane")


def test_the_documents_of_the_catalogue_exports_clear_every_shape_route_and_label():
    from bpmodel.io.bpmn.explicit import make_explicit

    for path in sorted(EXAMPLES.glob("*.yaml")):
        drawn = layout_process(make_explicit(bpmodel.load_process(path)).process,
                               documents=True)
        documents_clear_of_everything(drawn)
        for data in drawn.data:      # inside the task's lane, clear of its borders
            lane = drawn.lane(drawn.node(data.step).lane).box
            assert lane.y + 8 <= data.label.y and data.label.bottom <= lane.bottom
            assert lane.y <= data.box.y and data.box.bottom <= lane.bottom
            assert lane.x + 30 <= min(data.box.x, data.label.x)
            assert max(data.box.right, data.label.right) <= lane.right


def test_a_task_in_a_chain_of_hand_overs_draws_its_documents_beside_it():
    # a -> b -> c, each in the lane below: b's document goes at its side, so both
    # hand-overs run straight down in one column and b's lane holds no strip of documents
    steps = (Step("s", "Submit", actor="a"), Step("r", "Register", actor="b", needs=("form",)),
             Step("c", "Check", actor="c"))
    process = lanes_process(steps, (Flow("s", "r"), Flow("r", "c"))).evolve(
        documents=(Document("form", "Application form"),))
    drawn = layout_process(process, documents=True)
    s, r, c = (drawn.node(n) for n in "src")
    assert s.layer == r.layer == c.layer
    assert [len(route.points) for route in drawn.routes] == [2, 2]
    (data,) = drawn.data
    assert data.box.x > r.box.right and abs(data.box.cy - r.box.cy) < 1
    assert data.points == ((data.box.x, r.box.cy), (r.box.right, r.box.cy))
    assert drawn.lane("b").box.contains(data.label)
    # no taller than a lane without documents
    assert drawn.lane("b").box.height == drawn.lane("c").box.height
    documents_clear_of_everything(drawn)


def test_documents_with_no_room_beside_their_task_go_over_or_under_it():
    # r hands over down to c and also sends a flow right to x in its own lane: its right
    # side is taken, and with two documents its left side holds the other one
    steps = (Step("s", "Submit", actor="a"),
             Step("r", "Register", actor="b", needs=("form", "id")),
             Step("c", "Check", actor="c"), Step("x", "Notify", actor="b"))
    process = lanes_process(steps, (Flow("s", "r"), Flow("r", "c"), Flow("r", "x"),
                                    Flow("s", "x"))).evolve(
        documents=(Document("form", "Application form"), Document("id", "Identity card")))
    drawn = layout_process(process, documents=True)
    documents_clear_of_everything(drawn)
    r = drawn.node("r").box
    assert all(d.box.bottom <= r.y or d.box.y >= r.bottom for d in drawn.data)


def test_a_gateway_name_leaves_the_place_beside_its_branch_to_the_branch_label():
    from bpmodel.layout.labels import flow_label_places
    name = "Building with complexity, special management or possible harm?"
    steps = (Step("s", "Submit", actor="a"), Step("g", name, "gateway", "xor", actor="a"),
             Step("y", "Examine the complex building", actor="b"),
             Step("n", "Examine", actor="b"), Step("j", "", "gateway", "xor", actor="a"),
             Step("p", "Pay", actor="a"))
    flows = (Flow("s", "g"), Flow("g", "n", condition="no: seven working days"),
             Flow("g", "y", condition="yes: fourteen working days"), Flow("n", "j"),
             Flow("y", "j"), Flow("j", "p"))
    drawn = layout_process(lanes_process(steps, flows, ("a", "b")))
    labels = [n.label for n in drawn.nodes if n.label] + \
        [r.label for r in drawn.routes if r.label]
    for k, a in enumerate(labels):
        for b in labels[k + 1:]:
            assert not (a.x < b.right and b.x < a.right and a.y < b.bottom and b.y < a.bottom)
    yes = next(r for r in drawn.routes if r.target == "y")
    assert yes.label == flow_label_places(yes, "yes: fourteen working days")[0]


def test_branches_that_leave_a_gateway_together_have_their_names_apart_and_on_their_own_line():
    # trade licence: "sells food" and "no inspection needed" leave the inclusive gateway
    # along one stretch; their names were written one over the other at its start
    from bpmodel.layout.labels import own_part

    process = load("trade-licence.yaml")
    drawn = layout_process(process, documents=True)
    named = [r for r in drawn.routes if r.label]
    assert len(named) == 3
    for k, a in enumerate(named):
        for b in named[k + 1:]:
            x, y = a.label, b.label
            assert not (x.x < y.right and y.x < x.right and x.y < y.bottom and y.y < x.bottom)
    food = next(r for r in named if process.flows[r.index].condition == "sells food")
    siblings = [r for r in drawn.routes if r.source == food.source]
    (sx, sy), (ex, ey) = own_part(food, siblings)[:2]
    assert food.label.y >= min(sy, ey) - 1 and food.label.x < sx <= food.label.right + 6


def test_a_loop_back_under_the_last_row_of_a_lane_runs_inside_that_lane():
    # the bundled process: "Bring missing documents" goes back to the check; the loop
    # ran along the lower border of the back office, 6 units into the lane under it
    drawn = layout_process(load("building-approval.yaml"), documents=True)
    loops = [r for r in drawn.routes if r.back]
    assert loops
    for route in loops:
        lowest = max(y for (_x1, y), (_x2, y2) in zip(route.points, route.points[1:])
                     if y == y2)
        lanes = [drawn.lane(drawn.node(n).lane).box for n in (route.source, route.target)]
        lane = max(lanes, key=lambda box: box.bottom)
        assert lane.y < lowest <= lane.bottom - 10, (route.source, route.target)


def test_a_lane_is_tall_enough_for_the_name_under_its_gateway():
    name = "Are all the documents of the application complete and valid?"
    steps = (Step("s", "Submit", actor="a"), Step("g", name, "gateway", "xor", actor="a"),
             Step("y", "Accept", actor="a"), Step("n", "Return", actor="b"))
    drawn = layout_process(lanes_process(
        steps, (Flow("s", "g"), Flow("g", "y", condition="yes"),
                Flow("g", "n", condition="no")), ("a", "b")))
    gateway = drawn.node("g")
    assert drawn.lane("a").box.contains(gateway.label)


def test_a_process_of_more_than_500_steps_has_every_column_as_wide_as_its_documents():
    from bpmodel.layout.builder import PACKED_UP_TO
    from bpmodel.layout.documents import crowded_documents

    count = PACKED_UP_TO + 1
    steps = tuple(Step(f"s{k}", f"Step {k}", actor="abc"[k % 3],
                       needs=tuple(d.id for d in FOUR_DOCUMENTS) if k % 7 == 0 else ())
                  for k in range(count))
    flows = tuple(Flow(f"s{k}", f"s{k + 1}") for k in range(count - 1))
    drawn = layout_process(lanes_process(steps, flows).evolve(documents=FOUR_DOCUMENTS),
                           documents=True)
    for data in drawn.data:          # over or under their task, their column holding them
        task = drawn.node(data.step).box
        assert data.box.bottom <= task.y or data.box.y >= task.bottom
    left = min(b.box.x for b in drawn.lanes if b.kind == "lane") + 30
    assert crowded_documents(drawn, left, left + drawn.width) == set()


@pytest.mark.parametrize("name", ["no-overlapping-elements__valid-collaboration-subprocess",
                                  "no-bpmndi__valid-complex", "cli__complex"])
def test_message_flows_of_a_fresh_layout_pass_beside_shapes_not_through_them(name):
    # a message from a task with a boundary event under it leaves off-centre; one to a
    # pool drawn whole far below runs down a corridor between columns; one to or from a
    # task inside a sub-process turns beside it, not along its row through its neighbours
    from bpmodel.io.bpmn.explicit import make_explicit

    (path,) = CORPUS.rglob(f"{name}.bpmn")
    process = make_explicit(load_bpmn(path).process).process
    drawn = layout_process(process, documents=True)
    messages = [r for r in drawn.routes if r.kind == "message"]
    assert messages
    for route in messages:
        assert route_crosses_shape(drawn, route) == [], (route.source, route.target)


def test_in_bpmn_a_gateway_name_with_no_room_under_it_goes_beside_it_inside_its_lane():
    # g sends one branch up to a and one down to c: over and under it are taken, so its
    # name goes beside it, and its lane is not made taller for it on both sides
    name = "Are all the documents of the application complete and valid?"
    steps = (Step("s", "Submit", actor="b"), Step("g", name, "gateway", "xor", actor="b"),
             Step("y", "Accept", actor="a"), Step("n", "Return", actor="c"),
             Step("x", "Archive", actor="b"))
    flows = (Flow("s", "g"), Flow("g", "y", condition="yes"), Flow("g", "n", condition="no"),
             Flow("g", "x", condition="later"))
    drawn = layout_process(lanes_process(steps, flows), documents=True)
    gateway, lane = drawn.node("g"), drawn.lane("b").box
    assert lane.contains(gateway.label)
    assert lane.height < layout_process(lanes_process(steps, flows)).lane("b").box.height


def test_in_bpmn_every_event_and_gateway_name_lies_in_its_lane():
    # names that find no place beside or over their shape: their lanes keep room for them
    from bpmodel.io.bpmn.explicit import make_explicit
    from bpmodel.layout.builder import names_across_lanes
    from bpmodel.simplify.engine import simplify

    bundled = bpmodel.load_process(EXAMPLES / "building-approval.yaml")
    for process in (bundled, simplify(bundled, "bold").process):
        drawn = layout_process(make_explicit(process).process, documents=True)
        assert names_across_lanes(drawn) == frozenset()


def test_three_or_four_documents_go_beside_a_task_with_both_sides_free():
    papers = tuple(Document(d, d.title()) for d in ("form", "id", "deed"))
    steps = (Step("s", "Submit", actor="a"),
             Step("r", "Register", actor="b", needs=("form", "id"), produces=("deed",)),
             Step("c", "Check", actor="c"))
    drawn = layout_process(lanes_process(steps, (Flow("s", "r"), Flow("r", "c"))).evolve(
        documents=papers), documents=True)
    r = drawn.node("r").box
    assert [len(route.points) for route in drawn.routes] == [2, 2]     # straight through
    inner_right, inner_left, outer = drawn.data
    assert inner_right.box.x > r.right and inner_left.box.right < r.x
    assert outer.box.x > inner_right.box.right and outer.box.y > inner_right.box.y
    # the outer association (the task's output: from the task) passes under the inner
    # data object, from the task's side
    (task_x, task_y), (doc_x, doc_y) = outer.points
    assert task_x == r.right and doc_x == outer.box.x
    assert task_y == doc_y > inner_right.box.bottom and task_y < r.bottom
    documents_clear_of_everything(drawn)
