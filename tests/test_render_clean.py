"""Clean pictures for a handout: nothing written over something else.

Each defect seen on a printed page is checked where the reader sees it, in what is drawn
(the boxes of the texts and shapes on the canvas, which the SVG and the PNG draw alike:
see ``drawn.py``)."""

from __future__ import annotations

import functools

import pytest
from drawn import badge_gaps, border_crossings, gap, pages, text_clashes, texts

import bpmodel
from bpmodel.i18n import use_language
from bpmodel.layout import layout_process
from bpmodel.model import Actor, Flow, Process, Step
from bpmodel.render.compare import before_after_drawing
from bpmodel.render.painter import Badge, Scene, Style, new_canvas, paint
from bpmodel.render.tight import tight_layout

BADGE_CLEARANCE = 1.5       # points between a badge's frame and the nearest text


@functools.cache
def bundled_variant():
    from bpmodel.simplify.engine import simplify

    process = bpmodel.load_process(bpmodel.default_process_path())
    return process, simplify(process, "bold")


@functools.cache
def bundled_drawing(fit: str, lang: str = "en", form: str = "auto"):
    process, variant = bundled_variant()
    with use_language(lang):
        return before_after_drawing(process, variant.process, changes=variant.changes,
                                    fit=fit, form=form)


def _framed(extent, text):
    from drawn import frame

    return frame(text, extent)


@pytest.mark.parametrize("tagged", [False, True])
def test_a_corner_badge_stands_clear_of_the_name_under_it(tagged):
    """The badge on a task's corner left a hair between its frame and the name's first
    line: they read as touching on paper."""
    name = "Bring the missing documents to the front office"
    process = Process("p", "P", actors=(Actor("a", "Office"),),
                      steps=(Step("s", name, actor="a", contact="visit" if tagged else None),
                             Step("t", "Sign the decree", actor="a")),
                      flows=(Flow("s", "t"),))
    layout = tight_layout(process, layout_process(process), badged={"s": "merged"},
                          corner=True)
    styles = {"s": Style(badges=(Badge("merged", "#0072B2", where="corner"),))}
    area = layout.node("s").box
    from bpmodel.layout import Box

    canvas = new_canvas(Box(area.x - 50, area.y - 50, area.width + 300, area.height + 100))
    paint(canvas, Scene(process, layout, styles=styles, name_size=8.0, wrap_times=True))
    written = {t.gid: (t, box) for t, box in texts(canvas.records)}
    badge, badge_box = written["badge-s"]
    _, name_box = written["name-s"]
    assert gap(_framed(badge_box, badge), name_box) >= BADGE_CLEARANCE


@pytest.mark.parametrize("fit,lang", [("a4", "en"), ("a4-portrait", "en"), ("a4", "id")])
def test_no_badge_of_the_bundled_before_after_presses_on_a_text(fit, lang):
    drawing = bundled_drawing(fit, lang)
    near = [row for records in pages(drawing) for row in badge_gaps(records)
            if row[2] < BADGE_CLEARANCE]
    assert not near


def test_drawn_helpers_find_what_they_look_for():
    """The checks themselves: two texts one over the other, a name across a task's
    border, a badge against a name."""
    from bpmodel.layout import Box
    from bpmodel.render.canvas import Canvas

    canvas = Canvas(Box(0, 0, 400, 200))
    canvas.rect(10, 10, 100, 40, gid="step-a")
    canvas.text(60, 30, "Sign", fontsize=8, ha="center", va="center", gid="name-a")
    canvas.text(62, 32, "Stamp", fontsize=8, ha="center", va="center", gid="name-b")
    canvas.text(100, 10, "a long name over the edge", fontsize=8, gid="name-c")
    assert len(text_clashes(canvas.records)) == 1
    assert [t for t, _ in border_crossings(canvas.records)] == \
        ["name-c: 'a long name over the edge'"]
