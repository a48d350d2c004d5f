"""Reading the SVG pictures bpmodel draws: groups by id, their text and their style."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

NS = "{http://www.w3.org/2000/svg}"


def squash(text: str | None) -> str:
    """Text without spaces, line breaks and hyphens: a wrapped name compares to its source."""
    return re.sub(r"[\s\-]", "", text or "")


class Svg:
    """An SVG file of bpmodel: ``<g id=...>`` groups hold a step's shape, name, badge."""

    def __init__(self, source: Path | bytes | str):
        data = Path(source).read_bytes() if isinstance(source, Path) else source
        self.root = ET.fromstring(data)
        self.groups = {g.get("id"): g for g in self.root.iter(f"{NS}g") if g.get("id")}

    def has(self, gid: str) -> bool:
        return gid in self.groups

    def text(self, gid: str) -> str | None:
        """The lines of text in a group, joined by spaces (None when there is no group)."""
        group = self.groups.get(gid)
        if group is None:
            return None
        return " ".join((t.text or "") for t in group.iter(f"{NS}text"))

    def all_text(self) -> str:
        return " ".join((t.text or "") for t in self.root.iter(f"{NS}text"))

    def style(self, gid: str) -> dict[str, str]:
        """The style of the first path in a group, as a mapping."""
        path = next(self.groups[gid].iter(f"{NS}path"))
        return dict(part.split(": ", 1) for part in path.get("style", "").split("; ") if part)

    def x_extent(self, gid: str) -> tuple[float, float]:
        """The smallest and largest x of the first path in a group."""
        path = next(self.groups[gid].iter(f"{NS}path"))
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path.get("d", ""))]
        xs = numbers[0::2]
        return min(xs), max(xs)

    def ids(self, prefix: str) -> list[str]:
        return [gid for gid in self.groups if gid.startswith(prefix)]

    def text_sizes(self, kinds: str) -> dict[str, float]:
        """The smallest font size (points) of the text in each group whose id is one of
        ``kinds`` (a regular expression: ``name-``, ``(name|flow)-``), on either side of a
        before/after picture."""
        out: dict[str, float] = {}
        for gid, group in self.groups.items():
            if re.match(rf"(before-|after-)?{kinds}", gid):
                for text in group.iter(f"{NS}text"):
                    match = re.search(r"font-size: ([\d.]+)px", text.get("style", ""))
                    if match:
                        out[gid] = min(out.get(gid, 99.0), float(match.group(1)))
        return out
