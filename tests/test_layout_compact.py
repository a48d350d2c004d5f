"""Squeezing a finished layout for a picture (layout/compact.py, render/tight.py): the
empty strips close up, and nothing that was apart comes to overlap, every route stays
orthogonal and attached to its shapes, lanes keep their order and hold their steps."""

from __future__ import annotations

import pytest

import bpmodel
from bpmodel.layout import Box, Layout, layout_process
from bpmodel.layout.compact import AxisMap, compact_layout
from bpmodel.model import Actor, Flow, Process, Step
from bpmodel.render.tight import lane_height, task_heights, tight_layout

from conftest import EXAMPLES, ROOT


def _sequence(count: int, lanes: int = 3) -> Process:
    actors = tuple(Actor(f"a{k}", f"Actor number {k}") for k in range(lanes))
    steps = (Step("start", "", type="event", kind="start", actor="a0"),
             *(Step(f"s{k}", f"Step number {k} of a long enough name", actor=f"a{k % lanes}")
               for k in range(count)),
             Step("ok", "Complete?", type="gateway", kind="xor", actor="a0"),
             Step("end", "", type="event", kind="end", actor="a0"))
    flows = (Flow("start", "s0"), *(Flow(f"s{k}", f"s{k + 1}") for k in range(count - 1)),
             Flow(f"s{count - 1}", "ok"), Flow("ok", "end", condition="yes", probability=0.8),
             Flow("ok", "s1", condition="no, ask again", probability=0.2))
    return Process("p", "P", actors=actors, steps=steps, flows=flows)


def _overlap(a: Box, b: Box) -> bool:
    return a.x < b.right - 1e-6 and b.x < a.right - 1e-6 and a.y < b.bottom - 1e-6 \
        and b.y < a.bottom - 1e-6


def _check(before: Layout, after: Layout) -> None:
    """What compaction promises, checked shape by shape and route by route."""
    old = {n.id: n for n in before.nodes}
    boxes = [n for n in after.nodes if not n.expanded]
    for k, a in enumerate(boxes):
        for b in boxes[k + 1:]:
            if not _overlap(old[a.id].box, old[b.id].box):
                assert not _overlap(a.box, b.box), (a.id, b.id)
    for route in after.routes:
        for (x0, y0), (x1, y1) in zip(route.points, route.points[1:]):
            assert abs(x0 - x1) < 1e-6 or abs(y0 - y1) < 1e-6, route
        for end, (x, y) in ((route.source, route.points[0]), (route.target, route.points[-1])):
            if route.kind == "message" or not after.has_node(end):
                continue
            box = after.node(end).box
            on_x = abs(x - box.x) < 1e-6 or abs(x - box.right) < 1e-6
            on_y = abs(y - box.y) < 1e-6 or abs(y - box.bottom) < 1e-6
            inside = box.x - 1e-6 <= x <= box.right + 1e-6 and \
                box.y - 1e-6 <= y <= box.bottom + 1e-6
            assert inside and (on_x or on_y), (route.source, route.target, (x, y), box)
    lanes = {b.id: b for b in after.lanes}
    order = [b.id for b in sorted(before.lanes, key=lambda b: (b.box.y, b.depth))
             if b.id in lanes]          # a lone pool's strip may be left out
    assert order == [b.id for b in sorted(after.lanes, key=lambda b: (b.box.y, b.depth))]
    for node in after.nodes:
        if node.lane in lanes and node.parent is None:
            lane = lanes[node.lane].box
            assert lane.y - 1e-6 <= node.box.y and node.box.bottom <= lane.bottom + 1e-6


def test_axis_map_shrinks_free_stretches_only():
    m = AxisMap([(0, 10), (100, 110), (300, 320)], [200], 20)
    assert [m(x) for x in (0, 10, 100, 110)] == [0, 10, 30, 40]
    assert m(320) - m(300) == 20                # what is drawn keeps its size
    assert m(200) - m(110) == 10 and m(300) - m(200) == 10    # a border: half a gap
    xs = [m(x / 10) for x in range(-100, 4000)]
    assert xs == sorted(xs)                      # monotone: nothing changes order


def test_axis_map_keeps_small_gaps_as_they_are():
    m = AxisMap([(0, 10), (15, 30)], [], 20)
    assert m(15) - m(10) == 5


@pytest.mark.parametrize("count,lanes", [(4, 2), (9, 3), (16, 5)])
def test_compacted_sequences_keep_every_promise(count, lanes):
    process = _sequence(count, lanes)
    loose = layout_process(process)
    tight = tight_layout(process, loose)
    _check(loose, tight)
    assert tight.height < loose.height
    assert tight.width <= loose.width
    assert len(tight.lanes) == len(loose.lanes) - 1     # the pool's strip repeats the name


def test_tasks_are_as_tall_as_their_names():
    process = _sequence(3)
    heights = task_heights(process, layout_process(process))
    tight = tight_layout(process, layout_process(process))
    # as tall as their names at the width they are drawn (a long name gets a wider box)
    for step, height in task_heights(process, tight).items():
        assert tight.node(step).box.height == pytest.approx(height)
        assert height <= heights[step]
    assert all(40 <= h < 80 for h in heights.values())


def test_a_long_name_gets_a_wider_flatter_box():
    from bpmodel.model import Process, Step

    name = "Check the completeness of the application documents and the site plan"
    process = Process("p", "P", steps=(Step("a", name),))
    loose = layout_process(process)
    tight = tight_layout(process, loose)
    assert task_heights(process, loose)["a"] > task_heights(process, tight)["a"]
    assert loose.node("a").box.width < tight.node("a").box.width <= \
        loose.node("a").box.width + 40
    assert tight.node("a").box.height < task_heights(process, loose)["a"]


def test_a_lane_keeps_the_height_its_name_needs():
    actors = (Actor("a", "Head of the regional licensing and investment division"),
              Actor("b", "B"))
    process = Process("p", "P", actors=actors,
                      steps=(Step("s", "Sign", actor="a"), Step("t", "Send", actor="b")),
                      flows=(Flow("s", "t"),))
    loose = layout_process(process)
    tight = tight_layout(process, loose)
    lane, other = (next(b for b in tight.lanes if b.actor == a) for a in ("a", "b"))
    was = next(b for b in loose.lanes if b.actor == "a").box.height
    assert lane.box.height >= min(was, lane_height(actors[0].name)) - 1e-6   # never grows
    assert lane.box.height > other.box.height
    assert lane_height(actors[0].name) > lane_height("B")


def test_compact_layout_without_heights_only_closes_strips():
    process = _sequence(5)
    loose = layout_process(process)
    squeezed = compact_layout(loose)
    _check(loose, squeezed)
    for a, b in zip(loose.nodes, squeezed.nodes):
        assert (a.box.width, a.box.height) == pytest.approx((b.box.width, b.box.height))


@pytest.mark.parametrize("path", [bpmodel.default_process_path(),
                                  *sorted(EXAMPLES.glob("*.yaml")),
                                  *sorted((ROOT / "processes").glob("*.yaml"))])
def test_real_processes_compact_without_overlap(path):
    process = bpmodel.load_process(path)
    loose = layout_process(process)
    tight = tight_layout(process, loose)
    _check(loose, tight)
    assert tight.height <= loose.height + 1e-6


def test_the_bundled_process_gets_much_smaller():
    process = bpmodel.load_process(bpmodel.default_process_path())
    loose = layout_process(process)
    tight = tight_layout(process, loose)
    # (the loose layout's lanes are already as tall as their content: 1,200 units
    # high, 1,400 before; the squeezed one is about 920 either way)
    assert tight.height < 0.8 * loose.height
    assert tight.width < loose.width        # durations and branch labels keep most columns


def test_durations_keep_their_room_in_the_bundled_picture():
    """A squeezed layout gives each task's duration a place (its label box) that no
    shape and no other duration overlaps."""
    process = bpmodel.load_process(bpmodel.default_process_path())
    tight = tight_layout(process, layout_process(process))
    times = [n for n in tight.nodes if n.shape == "task" and n.label is not None]
    assert len(times) >= 20
    for node in times:
        for other in tight.nodes:
            if other.id != node.id:
                assert not _overlap(node.label, other.box), (node.id, other.id)
                if other.shape == "task" and other.label is not None:
                    assert not _overlap(node.label, other.label), (node.id, other.id)


def test_a_task_that_cannot_widen_keeps_its_box():
    """A task asks to be wider for its name, but a shape stands too close: it keeps its
    box whole (its height was measured for the wider box)."""
    process = _sequence(3, 1)
    loose = layout_process(process)
    node = loose.node("s1")
    squeezed = compact_layout(loose, heights={"s1": 40.0}, widths={"s1": 400.0})
    assert squeezed.node("s1").box.width == pytest.approx(node.box.width)
    assert squeezed.node("s1").box.height == pytest.approx(node.box.height)
    roomy = compact_layout(loose, heights={"s1": 40.0}, widths={"s1": node.box.width + 10})
    assert roomy.node("s1").box.width == pytest.approx(node.box.width + 10)
    _check(loose, roomy)
