"""Benchmark: how many pages a picture takes when every step text is at 7 pt or more.

For the bundled process and each process of ``processes/`` (simplified at the bold
level), prints the pages of its diagram and of its before/after picture on A4
landscape, A4 portrait (the workshop report's pages), A3 and a slide: squeezed round
what it draws and folded into rows of bands, in swimlanes, in the flow form and as
``--form auto`` chooses (what bpmodel draws), against the page-sized tiles of the same
squeezed drawing unfolded, and the time to draw the before/after picture as ``auto``
does, in seconds (``auto`` counts the pages of both forms, then draws one). The bundled
process on A4 landscape / A4 portrait / A3 / a slide, swimlanes -> flow form: diagram
2/2/1/2 -> 1/1/1/1 pages, before/after 4/3/2/4 -> 2/2/1/3 (in Bahasa Indonesia 4/3/2/4
-> 2/2/2/3; A4 landscape was 3/3 -> 3/3 before durations stayed on one line where
there is room, and swimlanes 3 before no cut went through a branch label); before the
flow form auto drew swimlanes (4/4/2/5 before badges went on the shapes' corners; 10
on A4 landscape and 6 on A4 portrait before the layout was squeezed and bands set side
by side).

    python benchmarks/bench_pages.py [--fits a4,a4-portrait,a3,slide] [--lang id] [FILE ...]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import bpmodel  # noqa: E402
from bpmodel.render.compare import before_after_drawing  # noqa: E402
from bpmodel.render.diagram import diagram_drawing  # noqa: E402
from bpmodel.render.pages import plan_pages, smallest_step_text  # noqa: E402

FITS = ("a4", "a4-portrait", "a3", "slide")


def pages(drawing, fit: str) -> int:
    """How many pages ``drawing`` takes on ``fit``: its sheets when it is folded, else
    the tiles of its plan."""
    return len(drawing.sheets) if drawing.sheets else drawing.plan(fit).count


def tiles(drawing, fit: str) -> int:
    """How many page-sized tiles the unfolded ``drawing`` is cut into at 7 pt."""
    return plan_pages(drawing.frame, fit, smallest_step_text(drawing.canvas),
                      keep_x=drawing.keep_x, keep_y=drawing.keep_y,
                      breaks_y=drawing.breaks_y).count


def measure(path: Path, fits, lang: str = "en") -> list[tuple]:
    """Rows (process, picture, fit, pages in swimlanes, in the flow form, as ``auto``
    draws it, tiles, seconds of ``auto``) for one process, in ``lang``.

    >>> rows = measure(bpmodel.default_process_path(), ("a3",))
    >>> [(r[1], r[2]) for r in rows]
    [('diagram', 'a3'), ('before/after', 'a3')]
    >>> all(r[5] <= r[6] and r[5] in (r[3], r[4]) for r in rows)
    True
    """
    from matplotlib import pyplot  # noqa: F401  (the first import is not timed)

    from bpmodel.i18n import use_language
    from bpmodel.simplify.engine import simplify

    process = bpmodel.load_process(path)
    variant = simplify(process, "bold")
    rows = []
    with use_language(lang):
        for fit in fits:
            unfolded = diagram_drawing(process, fit="a4-overview")
            counts = [pages(diagram_drawing(process, fit=fit, form=form), fit)
                      for form in ("lanes", "flow", "auto")]
            rows.append((path.stem, "diagram", fit, *counts, tiles(unfolded, fit), None))
            counts = [pages(before_after_drawing(process, variant.process,
                                                 changes=variant.changes, fit=fit,
                                                 form=form), fit)
                      for form in ("lanes", "flow")]
            start = time.perf_counter()
            folded = before_after_drawing(process, variant.process, changes=variant.changes,
                                          fit=fit)
            seconds = time.perf_counter() - start
            unfolded = before_after_drawing(process, variant.process, changes=variant.changes,
                                            fit="a4-overview")
            rows.append((path.stem, "before/after", fit, *counts, pages(folded, fit),
                         tiles(unfolded, fit), round(seconds, 2)))
    return rows


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--fits", default=",".join(FITS))
    parser.add_argument("--lang", default="en", choices=("en", "id"))
    args = parser.parse_args(argv)
    files = args.files or [bpmodel.default_process_path(),
                           *sorted((ROOT / "processes").glob("*.yaml"))]
    fits = tuple(args.fits.split(","))
    print(f"{'process':28} {'picture':13} {'page':12} {'lanes':>6} {'flow':>6} {'auto':>6} "
          f"{'tiles':>6} {'s':>6}")
    for path in files:
        for name, picture, fit, lanes, flow, auto, tiled, seconds in measure(
                Path(path), fits, args.lang):
            shown = "" if seconds is None else f"{seconds:.2f}"
            print(f"{name[:28]:28} {picture:13} {fit:12} {lanes:6d} {flow:6d} {auto:6d} "
                  f"{tiled:6d} {shown:>6}")


if __name__ == "__main__":
    main()
