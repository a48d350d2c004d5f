"""Write bpmodel/data/font-advances.json: the advance widths of DejaVu Sans and DejaVu
Sans Bold (the font the pictures are drawn in) for every character a picture can meet.

The diagrams measure text before drawing it (:func:`bpmodel.render.fonts.text_width`);
with this table they need not load the font through matplotlib, which `bpmodel
simplify` would otherwise import for this alone. Run it again when the ranges below
change or matplotlib ships another DejaVu (a test compares the table with the font):

    python tools/font_advances.py

The advances are in font units (``units_per_em`` to an em); -1 marks a character the
font has no glyph for.
"""

from __future__ import annotations

import json
from pathlib import Path

TARGET = Path(__file__).resolve().parents[1] / "bpmodel" / "data" / "font-advances.json"
RANGES = ((0x20, 0x7E),        # Basic Latin
          (0xA0, 0xFF),        # Latin-1 Supplement
          (0x100, 0x24F),      # Latin Extended-A and -B
          (0x250, 0x2FF),      # IPA extensions, spacing modifier letters
          (0x300, 0x36F),      # combining diacritical marks
          (0x370, 0x3FF),      # Greek
          (0x400, 0x4FF),      # Cyrillic
          (0x1E00, 0x1EFF),    # Latin Extended Additional (Vietnamese)
          (0x2000, 0x206F),    # General Punctuation (dashes, quotes, ellipsis, bullets)
          (0x20A0, 0x20CF),    # Currency Symbols
          (0x2100, 0x214F),    # Letterlike Symbols (No, TM)
          (0x2190, 0x21FF),    # Arrows
          (0x2200, 0x22FF),    # Mathematical Operators (<=, >=, x)
          (0x25A0, 0x25FF),    # Geometric Shapes (the page arrows)
          (0x2600, 0x26FF),    # Miscellaneous Symbols
          (0x2700, 0x27BF))    # Dingbats (check marks, crosses)


def advances(bold: bool) -> tuple[int, dict[str, list[int]]]:
    """The font's units an em and, for each range (keyed by its first code point in
    hex), the advance of each of its characters."""
    from matplotlib.font_manager import FontProperties, findfont
    from matplotlib.ft2font import FT2Font, LoadFlags

    font = FT2Font(findfont(FontProperties(family="DejaVu Sans",
                                           weight="bold" if bold else "normal")))
    em = font.units_per_EM
    out = {}
    for first, last in RANGES:
        row = []
        for code in range(first, last + 1):
            if not font.get_char_index(code):
                row.append(-1)
                continue
            glyph = font.load_char(code, flags=LoadFlags.NO_SCALE)
            row.append(int(glyph.horiAdvance))
        out[f"{first:04x}"] = row
    return em, out


def main() -> None:
    em, regular = advances(False)
    _, bold = advances(True)
    data = {"font": "DejaVu Sans", "units_per_em": em, "regular": regular, "bold": bold}
    TARGET.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {TARGET} ({TARGET.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
