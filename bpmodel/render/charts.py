"""Comparison and savings charts (matplotlib, imported only when drawing).

- :func:`comparison_chart`: lead time per process as bars split into work and
  waiting, the target marked, with visits and steps beside it; sorted, labelled
  and large enough to read on a projector.
- :func:`waterfall_chart`: a variant's savings rewrite by rewrite, from the
  original lead time down to the variant's.

Both take plain data (analysis reports, changes) and write PNG, SVG or PDF by
the output file's extension. Colours are from a colour-blind-safe palette and
every bar also carries a hatch and a label, so the charts read in grey too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

# Okabe-Ito, safe for the common forms of colour blindness.
WORK_COLOUR = "#0072B2"
WAIT_COLOUR = "#E69F00"
TARGET_COLOUR = "#D55E00"
SAVING_COLOUR = "#009E73"
TOTAL_COLOUR = "#56B4E9"
GREY = "#555555"
OUTPUT_SUFFIXES = (".png", ".svg", ".pdf")


def _pyplot():
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    matplotlib.rcParams.update(RC)

    return plt


def check_output(path: str | Path) -> Path:
    """The output path, if its extension is one bpmodel draws (ValueError otherwise)."""
    path = Path(path)
    if path.suffix.lower() not in OUTPUT_SUFFIXES:
        raise ValueError(f"{path}: cannot draw into {path.suffix or 'a file without extension'}"
                         f"; use .png, .svg or .pdf")
    return path


# Text stays text in SVG (searchable, readable by screen readers) and in PDF (TrueType
# embedded); ids and metadata are fixed so the same input gives the same bytes.
# Glyphs are drawn without hinting in PNG: as sharp at 100 dpi and above, a third faster.
RC = {"svg.fonttype": "none", "svg.hashsalt": "bpmodel", "pdf.fonttype": 42,
      "ps.fonttype": 42, "text.hinting": "no_hinting"}
PNG_DPI = 150             # a picture on a page: printed, or a slide
SCREEN_DPI = 96           # a picture at its natural size, read on a screen at 100 %
MAX_PIXELS = 60e6         # a PNG this large still opens in an image viewer
MIN_DPI = 72
PNG_COMPRESSION = 1       # zlib level of the PNGs drawn here (1 fastest, 9 smallest)


def png_dpi(width_in: float, height_in: float, wanted: float = PNG_DPI) -> float:
    """The resolution of a PNG: ``wanted`` (150 dpi for a page, :data:`SCREEN_DPI` for a
    screen), less for a figure so large it would not open.

    >>> png_dpi(10, 5), round(png_dpi(300, 20)), png_dpi(45, 19, SCREEN_DPI)
    (150, 100, 96)
    """
    area = max(width_in * height_in, 1e-9)
    dpi = min(wanted, (MAX_PIXELS / area) ** 0.5, 60000 / max(width_in, height_in))
    return wanted if dpi >= wanted else max(MIN_DPI, int(dpi))


def figure_bytes(figure, fmt: str, tight: bool = True, dpi: float | None = None) -> bytes:
    """A figure rendered as ``png``, ``svg`` or ``pdf``, without dates in its metadata.

    ``tight`` crops the figure to what is drawn (a second drawing pass); diagrams, which
    know their extent, leave it off. ``dpi`` (a page-sized figure) renders a PNG at that
    resolution in RGB, without the alpha channel nothing in it uses. SVG text names a
    font stack (:data:`~.fonts.SVG_FONT_STACK`), so that it stays sans-serif where DejaVu
    Sans is not installed.
    """
    import io

    import matplotlib

    fmt = fmt.lower().lstrip(".")
    metadata = {"svg": {"Date": None}, "pdf": {"CreationDate": None}}.get(fmt, {})
    width, height = figure.get_size_inches()
    buffer = io.BytesIO()
    with matplotlib.rc_context(RC):
        if fmt == "png" and dpi is not None and not tight:
            return _rgb_png(figure, dpi)
        figure.savefig(buffer, format=fmt, bbox_inches="tight" if tight else None,
                       metadata=metadata, dpi=dpi or png_dpi(width, height))
    if fmt == "svg":
        return with_font_stack(buffer.getvalue())
    return buffer.getvalue()


def _rgb_png(figure, dpi: float) -> bytes:
    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    before = figure.get_dpi()
    figure.set_dpi(dpi)
    canvas = FigureCanvasAgg(figure)
    try:
        canvas.draw()
        rgba = canvas.buffer_rgba()
        image = Image.frombuffer("RGBA", (rgba.shape[1], rgba.shape[0]), rgba, "raw", "RGBA",
                                 0, 1).convert("RGB")
    finally:
        figure.set_dpi(before)
    buffer = io.BytesIO()
    # zlib's fastest level: a diagram is flat colour, so the file is about a third
    # larger and written in two thirds of the time (1.2 s against 1.9 s at 60 Mpx)
    image.save(buffer, format="png", dpi=(dpi, dpi), compress_level=PNG_COMPRESSION)
    return buffer.getvalue()


def with_font_stack(svg: bytes) -> bytes:
    """An SVG whose text names font stacks instead of DejaVu alone and keeps its spaces.

    Browsers and office suites collapse runs of spaces in SVG text unless told to keep
    them, which would scatter the columns of a table drawn in a monospaced font: the root
    says ``xml:space`` (office suites, Inkscape) and every text ``white-space: pre``
    (browsers, which do not inherit ``xml:space``).

    >>> with_font_stack(b'<svg width=1><text style="fill: red">a  b</text>')
    b'<svg xml:space="preserve" width=1><text style="white-space: pre; fill: red">a  b</text>'
    >>> with_font_stack(b"font-family: 'DejaVu Sans'; x")
    b"font-family: 'DejaVu Sans', 'Liberation Sans', Arial, Helvetica, sans-serif; x"
    >>> with_font_stack(b"font-family: 'DejaVu Sans Mono'; x")
    b"font-family: 'DejaVu Sans Mono', 'Liberation Mono', Consolas, Menlo, monospace; x"
    """
    from .fonts import SVG_FONT_STACK, SVG_MONO_FONT_STACK

    svg = svg.replace(b"font-family: 'DejaVu Sans Mono'",
                      b"font-family: " + SVG_MONO_FONT_STACK.encode())
    svg = svg.replace(b"font-family: 'DejaVu Sans'", b"font-family: " + SVG_FONT_STACK.encode())
    svg = svg.replace(b'<text style="', b'<text style="white-space: pre; ')
    return svg.replace(b"<svg ", b'<svg xml:space="preserve" ', 1)


def save_figure(figure, path: str | Path, tight: bool = True) -> None:
    """Save a figure whole or not at all (rendered in memory, then written atomically)."""
    from ..io import write_atomic

    path = check_output(path)
    write_atomic(path, figure_bytes(figure, path.suffix, tight))


def lead_time_days(report: dict[str, Any]) -> tuple[float | None, bool]:
    """The lead time in days of an analysis report and whether it is only a lower bound
    (steps without a time); ``(None, True)`` when nothing of it is known.

    >>> lead_time_days({"measures": {"lead_time_days": 4.5}})
    (4.5, False)
    >>> lead_time_days({"measures": {"lead_time_days": None},
    ...                 "lower_bounds": {"lead_time_days": 2.0}})
    (2.0, True)
    """
    value = report["measures"].get("lead_time_days")
    if isinstance(value, (int, float)):
        return float(value), False
    bound = report.get("lower_bounds", {}).get("lead_time_days")
    return (float(bound), True) if bound else (None, True)


def day_axis_label(reports: list[dict[str, Any]]) -> str:
    """The unit of the day axis: working days, calendar days, or a warning when mixed.

    >>> day_axis_label([{"day_unit": "calendar"}]), day_axis_label([{}])
    ('calendar days', 'working days')
    """
    from ..i18n import _

    units = {r.get("day_unit", "working") for r in reports}
    if units == {"calendar"}:
        return _("calendar days")
    if units == {"working"}:
        return _("working days")
    return _("days (working or calendar, each as its process counts; see --convention)")


def lead_time_split(measures: dict[str, Any], lead: float | None = None) -> tuple[float, float]:
    """Work and waiting days on the critical path, summing to the lead time in days."""
    if lead is None:
        lead = float(measures.get("lead_time_days") or 0.0)
    work_h = measures.get("work_hours")
    wait_h = measures.get("wait_hours")
    if not isinstance(work_h, (int, float)) or not isinstance(wait_h, (int, float)) \
            or work_h + wait_h <= 0:
        return 0.0, lead
    work = lead * work_h / (work_h + wait_h)
    return work, lead - work


def comparison_chart(reports: list[dict[str, Any]], path: str | Path,
                     title: str | None = None) -> None:
    """Bars of lead time (work and waiting) per process, target marked; visits and steps.

    Processes are sorted by lead time, longest on top. A lead time that is not known
    (steps without a time) is drawn as its known part, hatched and labelled "at least",
    or as "n/a" when nothing of it is known: never as a bar of 0.
    """
    from ..i18n import _, format_number

    plt = _pyplot()
    title = title or _("Process lengths compared")
    leads = {id(r): lead_time_days(r) for r in reports}
    rows = sorted(reports, key=lambda r: leads[id(r)][0] or 0.0)
    names = [_wrap(r["process"]["name"]) for r in rows]
    height = max(3.0, 0.7 * len(rows) + 1.6)
    figure, (ax_time, ax_visits, ax_steps) = plt.subplots(
        1, 3, figsize=(14, height), sharey=True, gridspec_kw={"width_ratios": [3, 1, 1]})
    positions = range(len(rows))
    work, wait = [], []
    for r in rows:
        lead, bound = leads[id(r)]
        split_from = r.get("lower_bounds", {}) if bound else r["measures"]
        w, t = lead_time_split(split_from, lead or 0.0)
        work.append(w)
        wait.append(t)
    known = [not leads[id(r)][1] for r in rows]
    target_label = _("target")
    ax_time.barh(positions, [w if k else 0 for w, k in zip(work, known)], color=WORK_COLOUR,
                 label=_("work"), edgecolor="black")
    ax_time.barh(positions, [t if k else 0 for t, k in zip(wait, known)],
                 left=[w if k else 0 for w, k in zip(work, known)], color=WAIT_COLOUR,
                 label=_("waiting"), hatch="//", edgecolor="black")
    if not all(known):
        ax_time.barh(positions, [0 if k else w + t for w, t, k in zip(work, wait, known)],
                     color="white", hatch="xx", edgecolor=GREY, linestyle="--",
                     label=_("known part only (steps without a time)"))
    for y, r in zip(positions, rows):
        m = r["measures"]
        lead, bound = leads[id(r)]
        if lead is None:
            text = "  " + _("n/a: no step times published")
        elif bound:
            text = "  " + _("at least {value} d (not known)").format(
                value=format_number(lead, 1, trim=False))
        else:
            text = "  " + _("{value} d").format(value=format_number(lead, 1, trim=False))
        ax_time.text(lead or 0.0, y, text, va="center", fontsize=11)
        target = m.get("target_days")
        if isinstance(target, (int, float)):
            ax_time.plot([target, target], [y - 0.42, y + 0.42], color=TARGET_COLOUR,
                         linewidth=3, linestyle="--",
                         label=target_label if y == 0 or target_label not in
                         ax_time.get_legend_handles_labels()[1] else None)
    ax_time.set_yticks(list(positions), names, fontsize=11)
    ax_time.set_xlabel(_("lead time, {unit} (critical path)").format(
        unit=day_axis_label(reports)), fontsize=11)
    ax_time.legend(loc="lower right", fontsize=10)
    ax_time.set_title(title, fontsize=14, loc="left")
    for axis, key, label in ((ax_visits, "visits", _("visits in person")),
                             (ax_steps, "steps", _("steps"))):
        values = [float(r["measures"].get(key) or 0) for r in rows]
        axis.barh(positions, values, color=GREY, edgecolor="black", hatch=".." if
                  key == "visits" else None)
        for y, v in zip(positions, values):
            axis.text(v, y, "  " + format_number(v, 2), va="center", fontsize=11)
        axis.set_xlabel(label, fontsize=11)
        axis.set_xlim(0, max(values + [1]) * 1.3)
    for axis in (ax_time, ax_visits, ax_steps):
        axis.spines[["top", "right"]].set_visible(False)
        axis.grid(axis="x", alpha=0.3)
    ax_time.set_xlim(0, max([w + t for w, t in zip(work, wait)] +
                            [float(r["measures"].get("target_days") or 0) for r in rows] + [1])
                     * 1.35)
    figure.tight_layout()
    save_figure(figure, path)
    plt.close(figure)


def waterfall_chart(start_days: float, steps: list[tuple], path: str | Path,
                    title: str | None = None, day_unit: str = "working") -> None:
    """A waterfall from the original lead time, one bar per rewrite's saving, to the result.

    ``steps`` are ``(label, days saved)`` or ``(label, days saved, note)`` in the order the
    rewrites were applied; a note (say ``-2 visits``) is written under the saving.
    """
    from ..i18n import _, format_number

    plt = _pyplot()
    title = title or _("Where the days go")
    labels = [_("before")] + [_wrap(step[0], 18) for step in steps] + [_("after")]
    figure, axis = plt.subplots(figsize=(max(8.0, 1.3 * len(labels) + 2), 6))
    level = start_days
    axis.bar(0, start_days, color=TOTAL_COLOUR, edgecolor="black")
    axis.text(0, start_days, format_number(start_days, 1, trim=False), ha="center",
              va="bottom", fontsize=11)
    for x, step in enumerate(steps, start=1):
        saved = step[1]
        note = step[2] if len(step) > 2 else ""
        bottom = level - saved
        axis.bar(x, saved, bottom=bottom, color=SAVING_COLOUR, hatch="\\\\", edgecolor="black")
        text = "-" + format_number(saved, 1, trim=False) if saved >= 0.05 else "0"
        axis.text(x, level, text + (f"\n{note}" if note else ""), ha="center", va="bottom",
                  fontsize=11 if not note else 9.5, linespacing=1.1)
        level = bottom
    end = len(labels) - 1
    axis.bar(end, level, color=TOTAL_COLOUR, edgecolor="black")
    axis.text(end, level, format_number(level, 1, trim=False), ha="center", va="bottom",
              fontsize=11)
    axis.set_xticks(range(len(labels)), labels, rotation=30, ha="right", fontsize=10)
    axis.set_ylabel(_("lead time, calendar days") if day_unit == "calendar"
                    else _("lead time, working days"), fontsize=11)
    axis.set_ylim(0, start_days * 1.15 or 1)
    axis.set_title(title, fontsize=14, loc="left")
    axis.spines[["top", "right"]].set_visible(False)
    axis.grid(axis="y", alpha=0.3)
    figure.tight_layout()
    save_figure(figure, path)
    plt.close(figure)


def _wrap(text: str, width: int = 28) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) or text
