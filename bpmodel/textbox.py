"""How big a name is as BPMN editors draw it, to size boxes and labels that hold it.

bpmn-js (bpmn.io, Camunda Modeler) writes names in Arial: 12 px inside tasks, wrapped
to the box less 5 px of padding on each side, 11 px in the external labels of events,
gateways and flows, wrapped to 90 px; lines are 1.2 font sizes apart, long words are
cut, and the font is never shrunk. So the box must grow to fit its name. Widths come
from Arial's advance widths (metric-compatible Liberation Sans draws the same), in
pure Python: the layout imports no plotting library.

>>> wrap_text("Register application in district application", 90, 12)
['Register', 'application in', 'district', 'application']
>>> task_size("Sign")
(100.0, 80.0)
>>> task_size("Verifikasi kelengkapan dan kebenaran dokumen persyaratan administrasi teknis")
(140.0, 80.0)
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

# Arial / Helvetica advance widths, thousandths of an em
_WIDTHS = {
    " ": 278, "!": 278, '"': 355, "#": 556, "$": 556, "%": 889, "&": 667, "'": 191,
    "(": 333, ")": 333, "*": 389, "+": 584, ",": 278, "-": 333, ".": 278, "/": 278,
    ":": 278, ";": 278, "<": 584, "=": 584, ">": 584, "?": 556, "@": 1015, "[": 278,
    "\\": 278, "]": 278, "^": 469, "_": 556, "`": 333, "{": 334, "|": 260, "}": 334,
    "~": 584,
    "A": 667, "B": 667, "C": 722, "D": 722, "E": 667, "F": 611, "G": 778, "H": 722,
    "I": 278, "J": 500, "K": 667, "L": 556, "M": 833, "N": 722, "O": 778, "P": 667,
    "Q": 778, "R": 722, "S": 667, "T": 611, "U": 722, "V": 667, "W": 944, "X": 667,
    "Y": 667, "Z": 611,
    "a": 556, "b": 556, "c": 500, "d": 556, "e": 556, "f": 278, "g": 556, "h": 556,
    "i": 222, "j": 222, "k": 500, "l": 222, "m": 833, "n": 556, "o": 556, "p": 556,
    "q": 556, "r": 333, "s": 500, "t": 278, "u": 556, "v": 500, "w": 722, "x": 500,
    "y": 500, "z": 500,
}
_DIGIT, _OTHER = 556, 600          # digits; anything else (accented letters and the like)
LINE_HEIGHT = 1.2
TASK_FONT, LABEL_FONT = 12.0, 11.0
TASK_PADDING = 5.0
SAFETY = 4.0                        # px kept free of the estimate's rounding and kerning
TASK_WIDTHS = (100.0, 120.0, 140.0, 160.0)   # the width grid, narrowest first
TASK_MIN_HEIGHT, HEIGHT_STEP = 80.0, 20.0
LABEL_BOX = 90.0


def text_width(text: str, size: float) -> float:
    """The width in px of one line of ``text`` in Arial at ``size`` px.

    >>> text_width("Sign", 12)
    24.012
    """
    total = 0
    for char in text:
        total += _WIDTHS.get(char) or (_DIGIT if char.isdigit() else _OTHER)
    return total * size / 1000


def wrap_text(text: str, width: float, size: float) -> list[str]:
    """Lines of ``text`` wrapped greedily to ``width`` px as diagram-js does (break at spaces
    and after hyphens, cut a word that alone is too wide)."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        words = [w for w in re.split(r"(?<=-)|\s+", paragraph) if w]
        line = ""
        for word in words:
            glue = "" if not line or line.endswith("-") else " "
            candidate = line + glue + word
            if text_width(candidate, size) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            while text_width(word, size) > width and len(word) > 1:
                cut = 1
                while cut < len(word) and text_width(word[:cut + 1], size) <= width:
                    cut += 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


def _fits(name: str, width: float, height: float) -> tuple[bool, int]:
    lines = wrap_text(name, width - 2 * TASK_PADDING - SAFETY, TASK_FONT)
    text_height = len(lines) * TASK_FONT * LINE_HEIGHT
    return text_height <= height - 6, len(lines)


@lru_cache(maxsize=8192)
def task_size(name: str, minimum: tuple[float, float] = (100.0, 80.0)) -> tuple[float, float]:
    """The smallest box of the width grid that holds ``name`` as bpmn-js writes it.

    Wider first (up to 160 px: a name of five lines at 100 px reads better in three),
    then taller in steps of 20 px.
    """
    name = " ".join(name.split())
    width0, height0 = minimum
    if not name:
        return width0, height0
    widths = [w for w in TASK_WIDTHS if w >= width0] or [width0]
    for width in widths:
        fits, _ = _fits(name, width, height0)
        if fits:
            return width, height0
    width = widths[-1]
    _, lines = _fits(name, width, height0)
    needed = lines * TASK_FONT * LINE_HEIGHT + 6
    height = max(height0, math.ceil(needed / HEIGHT_STEP) * HEIGHT_STEP)
    return width, height


@lru_cache(maxsize=8192)
def label_size(name: str) -> tuple[float, float]:
    """Width and height of an external label (event, gateway, flow, data object).

    bpmn-js wraps the text of a label to the width of its bounds, so a label is as wide
    as the widest line it needs at 90 px, never narrower (a narrower box would wrap the
    name into more lines than its height holds).

    >>> label_size("Documents complete?")
    (90.0, 27.0)
    >>> label_size("Yes")
    (27.0, 14.0)
    """
    lines = wrap_text(" ".join(name.split()), LABEL_BOX - SAFETY, LABEL_FONT)
    width = LABEL_BOX if len(lines) > 1 else min(
        LABEL_BOX, float(math.ceil(text_width(lines[0], LABEL_FONT) + 2 * SAFETY)))
    return width, float(math.ceil(len(lines) * LABEL_FONT * LINE_HEIGHT))
