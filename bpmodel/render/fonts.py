"""Measuring and fitting text for the diagrams, with the metrics of the font drawn.

Names are wrapped to the width of their shape before anything is drawn, so the
picture needs no renderer round trip. Widths come from the glyph advances of
DejaVu Sans (the font matplotlib ships, so every machine measures alike), read from a
table shipped with bpmodel (``data/font-advances.json``, written by
``tools/font_advances.py``) so that measuring imports no matplotlib; kerning is
ignored, which errs on the wide side by a point or two.

>>> round(text_width("Sign", 10), 1)
21.8
>>> fit_text("Verify land title with land office", 70, 40, sizes=(9, 8))
Fitted(lines=('Verify land title', 'with land office'), size=9)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

FAMILY = "DejaVu Sans"
# what an SVG names: DejaVu Sans, else a metric-alike sans-serif, never a serif
SVG_FONT_STACK = "'DejaVu Sans', 'Liberation Sans', Arial, Helvetica, sans-serif"
# the key figures' table is set in DejaVu Sans Mono: its columns need a monospaced fallback
SVG_MONO_FONT_STACK = "'DejaVu Sans Mono', 'Liberation Mono', Consolas, Menlo, monospace"
LINE_SPACING = 1.2    # line height over font size, as the drawing code sets it
ELLIPSIS = "\u2026"
MISSING_GLYPH = 1.0    # em: wide enough for a CJK character or an emoji


@lru_cache(maxsize=1)
def _table() -> dict[bool, dict[int, float]]:
    """The advances (ems) of DejaVu Sans and DejaVu Sans Bold for the characters a
    picture can meet, from ``data/font-advances.json`` (written by
    ``tools/font_advances.py``); a character the font lacks maps to None."""
    import json
    from importlib.resources import files

    data = json.loads(files("bpmodel").joinpath("data", "font-advances.json")
                      .read_text(encoding="utf-8"))
    em = data["units_per_em"]
    out: dict[bool, dict[int, float]] = {}
    for bold, key in ((False, "regular"), (True, "bold")):
        out[bold] = {int(first, 16) + k: (units / em if units >= 0 else None)
                     for first, row in data[key].items() for k, units in enumerate(row)}
    return out


@lru_cache(maxsize=4)
def _font(bold: bool):
    from matplotlib.font_manager import FontProperties, findfont
    from matplotlib.ft2font import FT2Font

    # our own instance: matplotlib's shared ones change size while they draw
    font = FT2Font(findfont(FontProperties(family=FAMILY, weight="bold" if bold else "normal")))
    font.set_size(1000, 72)   # advances in thousandths of an em
    return font


def font_advance(char: str, bold: bool) -> float:
    """The advance (ems) of ``char`` as matplotlib's FT2Font reads it from DejaVu Sans."""
    font = _font(bold)
    if not font.get_char_index(ord(char)):
        return MISSING_GLYPH   # drawn with a fallback font (or as a box)
    glyph = font.load_char(ord(char))
    return glyph.linearHoriAdvance / 65536 / 1000


@lru_cache(maxsize=4096)
def _advance(char: str, bold: bool) -> float:
    """The advance (ems) of a character: from the table, else from the font when
    matplotlib is loaded already (a chart was drawn), else :data:`MISSING_GLYPH` (a
    character from another script, drawn with a fallback font).

    >>> _advance("A", False), _advance("\u4e2d", False)
    (0.68408203125, 1.0)
    """
    table = _table()[bold]
    code = ord(char)
    if code in table:
        advance = table[code]
        return MISSING_GLYPH if advance is None else advance
    import sys

    if "matplotlib" in sys.modules:
        return font_advance(char, bold)
    return MISSING_GLYPH


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of one line of text in points at ``size`` points."""
    return sum(_advance(c, bold) for c in text) * size


@dataclass(frozen=True, slots=True)
class Fitted:
    """Text wrapped into lines at a font size (points)."""

    lines: tuple[str, ...]
    size: float

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Greedy word wrap of ``text`` to ``width`` points; words too long are cut.

    >>> wrap("Penandatanganan surat keputusan", 60, 8)
    ['Penandatang-', 'anan surat', 'keputusan']
    """
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if text_width(candidate, size, bold) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            pieces = _cut(word, width, size, bold)
            lines.extend(pieces[:-1])
            line = pieces[-1]
        lines.append(line)
    return lines


def _cut(word: str, width: float, size: float, bold: bool = False) -> list[str]:
    """``word`` cut into hyphenated pieces that fit ``width``, the last one without a
    hyphen; one pass over the word (a 30,000-letter word costs 30,000 steps, not
    their square).

    >>> _cut("Penandatanganan", 60, 8)
    ['Penandatang-', 'anan']
    """
    advances = [_advance(char, bold) * size for char in word]
    rest = [0.0] * (len(word) + 1)       # rest[i]: the width of word[i:]
    for i in range(len(word) - 1, -1, -1):
        rest[i] = rest[i + 1] + advances[i]
    hyphen = text_width("-", size, bold)
    pieces, start = [], 0
    while rest[start] > width and len(word) - start > 1:
        used, end = hyphen, start
        while end < len(word) and used + advances[end] <= width:
            used += advances[end]
            end += 1
        end = max(end, start + 1)
        pieces.append(word[start:end] + "-")
        start = end
    pieces.append(word[start:])
    return pieces


def fit_text(text: str, width: float, height: float, sizes=(9.0, 8.5, 8.0, 7.5, 7.0),
             bold: bool = False, prefer_lines: int = 3) -> Fitted:
    """The largest of ``sizes`` at which ``text`` fits a ``width`` x ``height`` box (points).

    A size that needs at most ``prefer_lines`` lines wins over a larger one that needs
    more (a name in three lines reads better than in five), and words are not cut while
    a smaller size avoids it. At the smallest size the text is cut to the lines that
    fit, the last one ending in an ellipsis.

    >>> fit_text("A very long name that cannot possibly fit", 40, 20, sizes=(8,)).lines
    ('A very', 'long\u2026')
    """
    text = " ".join(text.split())   # line breaks of the source do not fit our boxes
    if not text:
        return Fitted((), sizes[0])
    candidates = []
    for size in sizes:
        lines = wrap(text, width, size, bold)
        words_fit = all(text_width(w, size, bold) <= width for w in text.split())
        if len(lines) <= lines_that_fit(height, size) and words_fit:
            candidates.append(Fitted(tuple(lines), size))
    for fitted in candidates:
        if len(fitted.lines) <= prefer_lines:
            return fitted
    if candidates:
        return candidates[0]
    size = sizes[-1]
    lines = wrap(text, width, size, bold)
    max_lines = lines_that_fit(height, size)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _with_ellipsis(lines[-1], width, size, bold)
    return Fitted(tuple(lines), size)


def lines_that_fit(height: float, size: float) -> int:
    """How many lines of ``size`` points fit ``height`` points (at least one).

    >>> lines_that_fit(20, 8), lines_that_fit(20, 9.5)
    (2, 1)
    """
    return max(1, int((height - size) // (size * LINE_SPACING)) + 1)


def _with_ellipsis(line: str, width: float, size: float, bold: bool) -> str:
    line = line.rstrip("-")
    while line and text_width(line + ELLIPSIS, size, bold) > width:
        line = line[:-1]
    return line.rstrip() + ELLIPSIS
