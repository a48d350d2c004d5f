"""A grid index of boxes and segments, so that what lies near a box is found in
constant time."""

from __future__ import annotations

from collections import defaultdict

from .geometry import crosses
from .shapes import Box


class SpatialIndex:
    """A uniform grid of boxes and segments: what lies near a box, found in constant time
    per cell, so that placing n labels among n routes costs O(n), not O(n^2)."""

    CELL = 120.0

    def __init__(self):
        self.cells: dict[tuple[int, int], list] = defaultdict(list)

    def _keys(self, x1: float, y1: float, x2: float, y2: float):
        c = self.CELL
        for i in range(int(x1 // c), int(x2 // c) + 1):
            for j in range(int(y1 // c), int(y2 // c) + 1):
                yield i, j

    def add_box(self, box: Box, owner: object = None) -> None:
        item = ("box", box, owner)
        for key in self._keys(box.x, box.y, box.right, box.bottom):
            self.cells[key].append(item)

    def add_route(self, points, owner: object = None) -> None:
        for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False):
            item = ("segment", (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)), owner)
            for key in self._keys(*item[1]):
                self.cells[key].append(item)

    def add_line(self, start: tuple[float, float], end: tuple[float, float],
                 owner: object = None) -> None:
        """One straight line, kept with its ends (it may be slanted, as an association)."""
        (x1, y1), (x2, y2) = start, end
        item = ("line", (start, end), owner)
        for key in self._keys(min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)):
            self.cells[key].append(item)

    def hits(self, box: Box, ignore: object = None, strict: bool = False) -> int:
        """How many boxes and segments (other than ``ignore``'s: one owner or a set of
        them) touch ``box``; ``strict``: a zero-wide ``box`` (a segment) counts only the
        boxes it passes through, as :func:`crosses` does."""
        seen, count = set(), 0
        many = isinstance(ignore, (set, frozenset))
        for key in self._keys(box.x, box.y, box.right, box.bottom):
            for item in self.cells.get(key, ()):
                if id(item) in seen or (ignore is not None and (
                        item[2] in ignore if many else item[2] is ignore)):
                    continue
                seen.add(id(item))
                if item[0] == "box":
                    other = item[1]
                    if strict:
                        hit = crosses(((box.x, box.y), (box.right, box.bottom)), other)
                    else:
                        hit = (other.x < box.right and box.x < other.right
                               and other.y < box.bottom and box.y < other.bottom)
                else:
                    if item[0] == "line":
                        (a, b), (c, d) = item[1]
                        x1, y1, x2, y2 = min(a, c), min(b, d), max(a, c), max(b, d)
                    else:
                        x1, y1, x2, y2 = item[1]
                    hit = x1 <= box.right and box.x <= x2 and y1 <= box.bottom and box.y <= y2
                count += hit
        return count

    def near(self, box: Box):
        """Each item (kind, geometry, owner) filed in a cell ``box`` touches, once."""
        seen = set()
        for key in self._keys(box.x, box.y, box.right, box.bottom):
            for item in self.cells.get(key, ()):
                if id(item) not in seen:
                    seen.add(id(item))
                    yield item
