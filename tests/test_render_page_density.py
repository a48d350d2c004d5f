"""Pictures for a page, made denser: badges on the shapes' corners, long names in wider
flatter boxes, long durations on two lines, the key beside the first heading.

Each is checked where a reader would see the fault: in what is drawn (the extents of
the texts on the canvas, the same for the SVG and the PNG) or in the squeezed layout."""

from __future__ import annotations

import pytest

import bpmodel
from bpmodel.i18n import use_language
from bpmodel.layout import layout_process
from bpmodel.model import Actor, Duration, Flow, Process, Step
from bpmodel.render.canvas import overlaps, text_extent
from bpmodel.render.painter import Badge, Scene, Style, new_canvas, paint, time_lines
from bpmodel.render.tight import TIME_ROOM, tight_layout

BUNDLED = bpmodel.default_process_path()


def _two_steps(name: str = "Check the documents", **step) -> Process:
    return Process("p", "P", actors=(Actor("a", "Office"),),
                   steps=(Step("s", name, actor="a", **step),
                          Step("t", "Sign the decree", actor="a")),
                   flows=(Flow("s", "t"),))


def _texts(canvas) -> dict[str, object]:
    return {t.gid: t for t in canvas.texts() if t.gid}


@pytest.mark.parametrize("contact", [None, "visit"])
def test_a_corner_badge_covers_neither_the_name_nor_the_tag(contact):
    process = _two_steps("Bring the missing documents to the front office", contact=contact)
    layout = tight_layout(process, layout_process(process), badged={"s": "3 fewer documents"},
                          corner=True)
    styles = {"s": Style(badges=(Badge("3 fewer documents", "#E69F00", where="corner"),))}
    canvas = new_canvas(layout_box(layout))
    paint(canvas, Scene(process, layout, styles=styles, name_size=8.0, wrap_times=True))
    texts = _texts(canvas)
    badge = text_extent(texts["badge-s"])
    name = text_extent(texts["name-s"])
    assert not overlaps(badge, name)
    box = layout.node("s").box
    # the badge sits on the top border: it stands above the box by less than its height
    assert badge.y < box.y < badge.bottom
    if contact:
        tags = [t for t in canvas.texts() if t.text == "visit"]
        assert tags and not overlaps(badge, text_extent(tags[0]))


def layout_box(layout):
    from bpmodel.layout import Box
    from bpmodel.render.painter import extent

    area = extent(layout)
    return Box(area.x - 20, area.y - 30, area.width + 40, area.height + 60)


def test_corner_badges_keep_less_room_above_than_a_strip():
    process = _two_steps()
    loose = layout_process(process)
    above = tight_layout(process, loose, badged={"s": "removed"})
    corner = tight_layout(process, loose, badged={"s": "removed"}, corner=True)
    assert corner.height < above.height


def test_a_long_duration_wraps_and_its_room_follows():
    with use_language("id"):
        process = _two_steps(work=Duration.of(0.25), wait=Duration.of(24))
        from bpmodel.render.painter import duration_text

        text = duration_text(process.step("s"), process)
        layout = tight_layout(process, layout_process(process))
    box = layout.node("s").box
    lines = time_lines(text, box.width).split("\n")
    assert len(lines) == 2 and lines[0].endswith("+")
    # the squeezed layout keeps room for both lines under the task
    assert layout.node("s").label.height > TIME_ROOM - 4 + 5
    assert time_lines("2 h", box.width) == "2 h"


def test_the_key_stands_beside_the_first_heading(tmp_path):
    from bpmodel.render.compare import before_after_drawing

    # a variant without merges: the key of one with them ("merged into another step",
    # "merged: does what several did") is too wide to stand beside this heading on A4,
    # and goes under the key figures (as in simplify's own picture of the bold variant)
    assert run_simplify(tmp_path, "--only", "remove-non-value-step")
    original = bpmodel.load_process(BUNDLED)
    variant = bpmodel.load_process(tmp_path / "v" / "variant.yaml")
    with use_language("en"):    # in Bahasa Indonesia (longer words) it is 3 pages
        drawing = before_after_drawing(original, variant, fit="a4")
    texts = _texts(drawing.canvas)
    heading, key = texts["before-panel-before"] if "before-panel-before" in texts \
        else texts["panel-before"], texts["legend-removed"]
    (hx, hy), (kx, ky) = (heading.x, heading.y), (key.x, key.y)
    assert abs(ky - hy) < 20 and kx > hx + 300
    assert drawing.sheets and len(drawing.sheets) <= 2     # issue 15: the flow form


def run_simplify(folder, *options: str) -> bool:
    from conftest import run

    return run("simplify", "-o", folder / "v", "--no-pictures", *options).exit_code == 0


def test_no_flow_runs_through_a_duration_beside_a_line():
    """A duration written beside the line under its task goes on two lines when another
    flow would run through it once squeezed (measured on the bundled process)."""
    from bpmodel.simplify.engine import simplify

    original = bpmodel.load_process(BUNDLED)
    variant = simplify(original, "bold").process
    first = layout_process(original)
    second = layout_process(variant, previous=first)
    two = 0
    for process, loose in ((original, first), (variant, second)):
        tight = tight_layout(process, loose)
        for node in tight.nodes:
            spot = node.label
            if node.shape != "task" or spot is None or spot.x < node.box.cx:
                continue            # durations under their task
            two += spot.height > TIME_ROOM
            lane = next(b for b in tight.lanes if b.kind == "lane"
                        and b.box.y <= node.box.cy <= b.box.bottom)
            assert spot.bottom <= lane.box.bottom + 1e-6, node.id    # room kept for it
            for route in tight.routes:
                for (x0, y0), (x1, y1) in zip(route.points, route.points[1:]):
                    own = abs(x0 - x1) < 1e-6 and abs(x0 - node.box.cx) < 1.0
                    if own:
                        continue
                    assert not (min(x0, x1) <= spot.right and spot.x <= max(x0, x1)
                                and min(y0, y1) <= spot.bottom and spot.y <= max(y0, y1)), \
                        (process.id, node.id)
    assert two >= 1         # the bundled process has one such duration
