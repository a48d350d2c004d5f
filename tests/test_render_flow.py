"""The flow form of a picture for a page: every step in one lane, each task naming its
actor, hand-overs thick (issue 15: the bundled before/after on two A4 landscape pages).

Checked where a reader sees it: in the SVG pages the command writes (names at 7 pt or
more, every branch label, every actor) and in what is drawn on the canvas (nothing over
a name; the SVG and the PNG draw the same)."""

from __future__ import annotations

import re

import pytest
from svgdoc import Svg, squash

import bpmodel
from bpmodel.i18n import use_language
from bpmodel.layout import layout_process
from bpmodel.model import Actor, Flow, Process, Step
from bpmodel.render.compare import before_after_drawing
from bpmodel.render.diagram import diagram_drawing
from bpmodel.render.flowform import (
    acronym,
    actor_key,
    drawn_form,
    flow_legend,
    flow_view,
    handoffs,
)
from bpmodel.render.pages import MIN_TEXT

from conftest import EXAMPLES, run

BUILDING = EXAMPLES / "building-approval.yaml"


@pytest.fixture(scope="module")
def bold(tmp_path_factory):
    """The bundled process and its bold variant (as `bpmodel simplify` writes it)."""
    folder = tmp_path_factory.mktemp("bold")
    assert run("simplify", str(BUILDING), "-o", str(folder), "--no-pictures").exit_code == 0
    return bpmodel.load_process(BUILDING), bpmodel.load_process(folder / "variant.yaml"), \
        folder / "variant.yaml"


def _texts(canvas) -> dict[str, object]:
    return {t.gid: t for t in canvas.texts() if t.gid}


def _extent(record):
    """Where a record is drawn (layout units, y down): a text with its box."""
    from bpmodel.layout import Box
    from bpmodel.render.canvas import Text, text_extent

    if isinstance(record, Text):
        return text_extent(record)
    left, top, right, bottom = record.bounds()
    return Box(left, top, right - left, bottom - top)


def _two_actors(n: int = 3) -> Process:
    """A small process that fits a page in swimlanes."""
    steps = tuple(Step(f"s{k}", f"Step {k}", actor="a" if k % 2 else "b") for k in range(n))
    return Process("p", "Small", actors=(Actor("a", "Clerk", agency="Office"),
                                         Actor("b", "Head", agency="Office")),
                   steps=steps, flows=tuple(Flow(f"s{k}", f"s{k + 1}") for k in range(n - 1)))


# -- the bundled before/after ------------------------------------------------------------

def test_the_bundled_before_after_at_a4_is_two_landscape_pages_with_every_name(bold,
                                                                               tmp_path):
    original, variant, variant_path = bold
    out = tmp_path / "ba.svg"
    result = run("diagram", "--compare", str(BUILDING), str(variant_path), "-o", str(out),
                 "--fit", "a4")
    assert result.exit_code == 0, result.output
    pages = sorted(tmp_path.glob("ba*.svg"))
    assert 1 <= len(pages) <= 2
    svgs = [Svg(p) for p in pages]
    text = squash(" ".join(s.all_text() for s in svgs))
    names, actors = {}, {}
    for svg in svgs:
        root = svg.root
        assert (float(root.get("width").removesuffix("pt")) > float(
            root.get("height").removesuffix("pt")))          # landscape
        names.update(svg.text_sizes("name-"))
        actors.update(svg.text_sizes("actor-"))
    assert min(names.values()) >= MIN_TEXT - 0.01
    assert actors and min(actors.values()) >= MIN_TEXT - 0.01
    for process in (original, variant):
        for step in process.steps:
            if step.name and (step.is_task or step.type == "gateway"):
                assert squash(step.name) in text, step.name
        for flow in process.flows:
            if flow.condition:
                assert squash(flow.condition) in text, flow.condition
    assert squash("Before and after: " + original.name) in text     # the title, whole
    # every task names its actor, in the same words on both sides
    key = actor_key([original, variant])
    for side, process in (("before", original), ("after", variant)):
        for step in process.tasks:
            if step.actor:
                gid = f"{side}-actor-{step.id}"
                drawn = [s.text(gid) for s in svgs if s.has(gid)]
                assert drawn and squash(drawn[0]) == squash(key.tags[step.actor].text)


def test_auto_draws_the_bundled_before_after_in_the_flow_form(bold):
    original, variant, _ = bold
    with use_language("en"):
        drawing = before_after_drawing(original, variant, fit="a4")
    texts = _texts(drawing.canvas)
    assert any(g.startswith("before-actor-") for g in texts)
    assert "legend-handoff" in texts
    assert drawing.plan("a4").count <= 2
    lanes = before_after_drawing(original, variant, fit="a4", form="lanes")
    assert lanes.plan("a4").count > drawing.plan("a4").count
    assert not any(g.startswith("before-actor-") for g in _texts(lanes.canvas))


def test_the_flow_form_keeps_badges_durations_marks_and_figures(bold):
    original, variant, _ = bold
    flow = before_after_drawing(original, variant, fit="a4", form="flow")
    lanes = before_after_drawing(original, variant, fit="a4", form="lanes")
    gids = set(_texts(flow.canvas))
    for kind in ("badge-", "time-", "flow-"):
        pattern = re.compile(rf"(before|after)-{kind}")
        # (a badge on a shoulder is "...-r": where it sits may differ between the forms)
        assert {g.removesuffix("-r") for g in gids if pattern.match(g)} == \
            {g.removesuffix("-r") for g in _texts(lanes.canvas) if pattern.match(g)}
    assert any(g.startswith("figures-") for g in gids)
    # the key figures are the real processes' (the view of one lane changes no measure)
    figure_lines = lambda d: [t.text for g, t in sorted(_texts(d.canvas).items())  # noqa
                              if g.startswith("figures-")]
    assert figure_lines(flow) == figure_lines(lanes)
    circles = [r.gid for r in flow.canvas.records
               if (getattr(r, "gid", None) or "").startswith(("before-cont-", "after-cont-"))]
    assert circles     # continuation marks


def test_nothing_is_drawn_over_a_name_and_each_actor_sits_in_its_task(bold):
    from bpmodel.render.canvas import overlaps

    original, variant, _ = bold
    drawing = before_after_drawing(original, variant, fit="a4", form="flow")
    texts = _texts(drawing.canvas)
    shapes = {r.gid: r for r in drawing.canvas.records
              if (getattr(r, "gid", None) or "").startswith(("before-step-", "after-step-"))}
    checked = 0
    for gid, tag in texts.items():
        match = re.fullmatch(r"(before|after)-actor-(.+)", gid)
        if not match:
            continue
        side, step = match.groups()
        assert tag.box is not None, step       # a chip
        chip = _extent(tag)
        name = _extent(texts[f"{side}-name-{step}"])
        box = _extent(shapes[f"{side}-step-{step}"])
        assert not overlaps(chip, name), step
        assert box.x - 1 <= chip.x and chip.right <= box.right + 1, step
        assert box.y - 1 <= chip.y and chip.bottom <= box.bottom + 1, step
        assert box.y - 1 <= name.y and name.bottom <= box.bottom + 1, step
        checked += 1
    assert checked == sum(1 for p in (original, variant) for s in p.tasks if s.actor)


# -- the form chosen ---------------------------------------------------------------------

def test_auto_keeps_swimlanes_for_a_process_that_fits_a_page():
    small = _two_actors()
    for drawing in (diagram_drawing(small, fit="a4"),
                    before_after_drawing(small, small, fit="a4")):
        gids = _texts(drawing.canvas)
        assert not any("actor-" in g for g in gids)
        assert any(g.startswith(("lane-", "before-lane-")) for g in gids)


def test_flow_is_drawn_when_asked_and_lanes_at_natural_size():
    small = _two_actors()
    flow = diagram_drawing(small, fit="a4", form="flow")
    assert {"actor-s0", "actor-s1"} <= set(_texts(flow.canvas))
    natural = diagram_drawing(small, fit="none", form="flow")     # a screen: swimlanes
    assert not any("actor-" in g for g in _texts(natural.canvas))
    with pytest.raises(ValueError):
        diagram_drawing(small, fit="a4", form="columns")


@pytest.mark.parametrize("fit, most", [("a3", 2), ("slide", 4)])
def test_a3_and_slide_pages_keep_names_at_7_pt(bold, fit, most):
    original, variant, _ = bold
    for form in ("flow", "auto"):
        drawing = before_after_drawing(original, variant, fit=fit, form=form)
        assert drawing.plan(fit).count <= most
        if drawing.scale:       # folded: what is painted prints at the page's scale
            from bpmodel.render.pages import smallest_step_text

            assert smallest_step_text(drawing.canvas) * drawing.scale >= MIN_TEXT - 0.01


def test_the_diagram_command_takes_a_form(tmp_path):
    out = tmp_path / "d.svg"
    result = run("diagram", str(BUILDING), "-o", str(out), "--fit", "a4", "--form", "flow")
    assert result.exit_code == 0, result.output
    svg = Svg(out)
    assert svg.ids("actor-") and "Pelaksana" not in svg.all_text()
    assert "10 actors" in svg.all_text() and "lanes" not in svg.all_text()
    assert run("diagram", str(BUILDING), "-o", str(out), "--form", "columns").exit_code == 2
    assert "--form" in run("diagram", "--help").output


def test_the_flow_form_in_indonesian(tmp_path):
    out = tmp_path / "d.svg"
    result = run("diagram", str(BUILDING), "-o", str(out), "--fit", "a4", "--form", "flow",
                 "--lang", "id")
    assert result.exit_code == 0, result.output
    texts = " ".join(Svg(p).all_text() for p in sorted(tmp_path.glob("d*.svg")))
    assert "Pelaksana tiap langkah" in texts and "Who does" not in texts


# -- the parts ----------------------------------------------------------------------------

def test_a_hand_over_is_a_flow_into_another_actors_step_through_gateways():
    p = Process("p", "P", actors=(Actor("a", "A"), Actor("b", "B")), steps=(
        Step("s", "Ask", actor="a"), Step("g", "Ok?", type="gateway", kind="xor"),
        Step("t", "Answer", actor="b"), Step("u", "Fix", actor="a"),
        Step("v", "Thank", actor="b")),
        flows=(Flow("s", "g"), Flow("g", "t"), Flow("g", "u"), Flow("u", "s"),
               Flow("t", "v")))
    assert handoffs(p) == {("g", "t")}
    loop = Process("q", "Q", actors=(Actor("a", "A"),), steps=(
        Step("g", "?", type="gateway", kind="xor"), Step("h", "?", type="gateway", kind="xor"),
        Step("s", "Do", actor="a")), flows=(Flow("g", "h"), Flow("h", "g"), Flow("h", "s")))
    assert handoffs(loop) == frozenset()      # a loop of gateways: no actor, no hand-over


def test_the_view_has_one_lane_and_every_step_and_flow():
    p = _two_actors(5)
    view = flow_view(p)
    layout = layout_process(view)
    assert len([b for b in layout.lanes if b.kind == "lane"]) == 1
    assert [s.id for s in view.steps] == [s.id for s in p.steps]
    assert view.flows == p.flows and view.name == p.name
    form = drawn_form([p], True)
    assert set(form.tags[0]) == {s.id for s in p.tasks}
    assert form.strong[0] == {(f.source, f.target) for f in p.flows}


def test_actor_tags_are_one_key_for_both_sides_with_unique_short_forms():
    before = Process("p", "P", actors=(
        Actor("h", "Head of licensing division", agency="PTSP"),
        Actor("r", "Head of land division", agency="BPN"),
        Actor("e", "Environment unit", agency="Environment Agency")))
    after = Process("q", "Q", actors=(*before.actors,
                                      Actor("x", "Data exchange between agencies")))
    key = actor_key([before, after])
    assert key.tags["h"].text == actor_key([before]).tags["h"].text
    shorts = [short for short, _ in key.short]
    assert len(shorts) == len(set(shorts))
    assert dict(key.short)["HLD"] == "Head of licensing division"
    assert any(short.startswith("HLD") and short != "HLD" for short in shorts)  # the other
    # each agency its own colour; an actor of no agency plain white
    faces = {key.tags[a].face for a in "hre"}
    assert len(faces) == 3 and key.tags["x"].face == "#FFFFFF"
    legend = flow_legend([before, after], key, 400)
    assert legend.notes and all("=" in line or line for line in legend.notes)
    assert acronym("Badan Pertanahan Nasional (BPN)") == "BPN"


def test_agency_colours_differ_in_greyscale():
    from bpmodel.render.flowform import AGENCY_COLOURS

    def grey(colour: str) -> float:
        r, g, b = (int(colour[k:k + 2], 16) for k in (1, 3, 5))
        return 0.299 * r + 0.587 * g + 0.114 * b

    levels = sorted(grey(face) for face, _ in AGENCY_COLOURS) + [255.0]
    assert min(b - a for a, b in zip(levels, levels[1:])) >= 20


def test_a_task_asked_taller_grows_only_when_nothing_is_in_its_way():
    from bpmodel.layout.compact import compact_layout

    p = _two_actors(2)
    layout = layout_process(flow_view(p))
    grown = compact_layout(layout, heights={"s0": 110.0})
    assert grown.node("s0").box.height == 110.0
    # a route end on its side follows it; nothing overlaps
    a, b = grown.node("s0").box, grown.node("s1").box
    assert a.right < b.x
    # with a shape right under it, it keeps its height
    from dataclasses import replace

    from bpmodel.layout import Box

    under = replace(layout.node("s1"), box=Box(a.x, layout.node("s0").box.bottom + 5,
                                               a.width, 40))
    crowded = replace(layout, nodes=(layout.node("s0"), under))
    assert compact_layout(crowded, heights={"s0": 110.0}).node("s0").box.height == \
        layout.node("s0").box.height


def test_a_band_of_one_lane_is_as_tall_as_the_rows_it_holds():
    """One lane: three rows of a parallel block on the right, a chain on the left; the
    band of the chain is as tall as one row, not as the whole lane (the empty strips
    inside a band close up too: see ``fold._holes``)."""
    from bpmodel.render.fold import fold_layout

    chain = [Step(f"c{k}", f"Chain step {k}", actor="a") for k in range(6)]
    split = Step("g", "Split", type="gateway", kind="and")
    join = Step("j", "Join", type="gateway", kind="and")
    branches = [Step(f"b{k}", f"Branch {k}", actor="a") for k in range(3)]
    flows = [Flow(f"c{k}", f"c{k + 1}") for k in range(5)] + [Flow("c5", "g")] + \
        [Flow("g", f"b{k}") for k in range(3)] + [Flow(f"b{k}", "j") for k in range(3)]
    p = Process("p", "P", actors=(Actor("a", "Clerk"),),
                steps=(*chain, split, *branches, join), flows=tuple(flows))
    layout = layout_process(p)
    bands = fold_layout(layout, 700)
    assert bands is not None and len(bands) >= 2
    lane = next(b for b in layout.lanes if b.kind == "lane")
    first = bands[0]
    assert first.box.height < lane.box.height / 2
    tops = sorted(n.box.y for n in bands[-1].layout.nodes if n.shape == "task")
    assert len({round(t) for t in tops}) == 3          # the block keeps its three rows


def test_the_pool_is_the_agency_of_a_process_of_several_pools():
    from bpmodel.model import Pool

    p = Process("p", "P", pools=(Pool("c", "City"), Pool("b", "Bank")),
                actors=(Actor("k", "Clerk", pool="c"), Actor("t", "Teller", pool="b")))
    key = actor_key([p])
    assert key.tags["k"].text == "City \u00b7 Clerk" and key.tags["t"].text == "Bank \u00b7 Teller"
    assert key.tags["k"].face != key.tags["t"].face
    lone = Process("q", "Q", pools=(Pool("c", "City"),), actors=(Actor("k", "Clerk", pool="c"),))
    assert actor_key([lone]).tags["k"].text == "Clerk"


def test_with_the_critical_path_thick_the_key_draws_no_hand_over_arrow():
    from bpmodel.analysis.paths import critical_path

    process = bpmodel.load_process(BUILDING)
    drawing = diagram_drawing(process, fit="a4", form="flow",
                              critical=critical_path(process))
    gids = _texts(drawing.canvas)
    assert any(g.startswith("actor-") for g in gids) and "legend-handoff" not in gids
    plain = diagram_drawing(process, fit="a4", form="flow")
    assert "legend-handoff" in _texts(plain.canvas)


def test_no_two_shapes_or_texts_of_the_flow_form_overlap(bold):
    """Shapes, names, durations, badges and actor chips of the bundled before/after in
    the flow form, as drawn: no two overlap (the bands close up their empty strips, so
    this is where a squeeze too far would show), nor a gateway's badge and its name."""
    original, variant, _ = bold
    with use_language("en"):
        drawing = before_after_drawing(original, variant, fit="a4", form="flow")
    boxes = []
    for record in drawing.canvas.records:
        gid = getattr(record, "gid", None) or ""
        match = re.fullmatch(r"(before|after)-(step|name|time|actor|badge)-(.+?)(-r)?", gid)
        if not match or (match.group(2) == "step" and original.has_step(match.group(3))
                         and original.step(match.group(3)).is_subprocess):
            continue
        boxes.append((match.group(1), match.group(2), match.group(3), _extent(record)))
    assert len(boxes) > 100
    clashes = []
    for k, (side, kind, step, box) in enumerate(boxes):
        for other_side, other_kind, other, box2 in boxes[k + 1:]:
            if side != other_side:
                continue
            if (step == other) and {kind, other_kind} != {"badge", "name"}:
                continue        # a step's own shape, name, badge... (but its badge and
                #                 the name of a gateway or event written above it)
            if box.x < box2.right - 1 and box2.x < box.right - 1 \
                    and box.y < box2.bottom - 1 and box2.y < box.bottom - 1:
                clashes.append((side, kind, step, other_kind, other))
    assert not clashes


def test_a_process_without_actors_has_no_actor_key():
    steps = tuple(Step(f"s{k}", f"Step {k}") for k in range(3))
    p = Process("p", "P", steps=steps, flows=(Flow("s0", "s1"), Flow("s1", "s2")))
    form = drawn_form([p], True)
    assert form.tags == ({},) and form.legend(400) is None
    drawing = diagram_drawing(p, fit="a4", form="flow")
    assert not any(g.startswith(("actor-", "legend-")) for g in _texts(drawing.canvas))


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    """The process `bpmodel simplify` runs by default and its bold variant."""
    folder = tmp_path_factory.mktemp("bundled")
    assert run("simplify", "-o", str(folder), "--no-pictures").exit_code == 0
    return bpmodel.load_process(bpmodel.default_process_path()), \
        bpmodel.load_process(folder / "variant.yaml")


@pytest.mark.parametrize("form", ["flow", "lanes"])
def test_a_page_note_beside_a_mark_covers_no_step_and_no_text(bundled, form):
    """"p. N" goes under its continuation mark, else over it, else under the task it
    would cover: never over a task's edge or another text (it was, by a few points)."""
    from bpmodel.render.canvas import overlaps

    original, variant = bundled
    with use_language("en"):
        drawing = before_after_drawing(original, variant, fit="a4", form=form)
    texts = drawing.canvas.texts()
    notes = [t for t in texts if re.fullmatch(r"p\. \d+", t.text)]
    others = [_extent(t) for t in texts if t.text.strip() and t not in notes]
    steps = [_extent(r) for r in drawing.canvas.records
             if re.match(r"(before|after)-step-", getattr(r, "gid", None) or "")]
    assert notes and steps
    for note in notes:
        spot = _extent(note)
        assert not any(overlaps(spot, box) for box in steps + others), note


@pytest.mark.parametrize("lang", ["en", "id"])
def test_no_page_holds_only_the_key(bundled, lang):
    """The key goes beside the last band, else across the page under it, and the bands
    are cut so that it fits there: a page with nothing but the key wastes a sheet (it
    did in Bahasa Indonesia)."""
    original, variant = bundled
    with use_language(lang):
        drawing = before_after_drawing(original, variant, fit="a4", form="flow")
    for page, records in enumerate(drawing.groups, 1):
        assert any(re.match(r"(before|after)-step-", getattr(r, "gid", None) or "")
                   for r in records), (lang, page)
    key = [t for t in drawing.canvas.texts() if (t.gid or "") == "legend-handoff"]
    assert len(key) == 1
