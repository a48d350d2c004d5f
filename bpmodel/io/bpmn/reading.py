"""The state of one read of a BPMN file, shared by the parts of the reader: where each id
is in the file, the diagnostics (warnings and errors with their lines), what was skipped,
and the values of attributes read with their limits (numbers, durations, choices), plus the
small helpers for references and ``bpmodel:`` extension values.

>>> id_ref("bpmn2:Task_1"), local_name("{http://www.omg.org/spec/BPMN/20100524/MODEL}task")
('Task_1', 'task')
"""

from __future__ import annotations

import dataclasses
import math
import re
import xml.etree.ElementTree as ET
from collections import Counter
from typing import Any

from ...diagnostics import ERROR, WARNING, Diagnostic
from ...durations import DurationError, parse_duration, three_point
from ...i18n import N_, _
from ...limits import (
    MAX_NUMBER,
    MAX_NUMBER_DIGITS,
    control_character,
)
from ...model import (
    KEEP_LOCKS,
    ZERO,
    Calendar,
    Duration,
    Location,
    Process,
    Step,
)
from .names import (
    BPMODEL,
)

EXT = f"{{{BPMODEL}}}"
ID_ATTRIBUTE = re.compile(rb"\sid\s*=\s*([\"'])(.*?)\1", re.S)


class Lines:
    """Where each id attribute is in the raw file, found by a scan made only when needed.

    ElementTree keeps no line numbers; a scan of ``id="..."`` attributes maps ids to
    lines instead (approximate for an id written in a comment or a vendor element).
    """

    def __init__(self, data: bytes | str):
        self.data = data.encode("utf-8") if isinstance(data, str) else data
        self._map: dict[str, list[tuple[int, int]]] | None = None
        self._lookups = 0

    def _scan(self) -> dict[str, list[tuple[int, int]]]:
        found: dict[str, list[tuple[int, int]]] = {}
        data = self.data
        line, last, line_start = 1, 0, 0
        for match in ID_ATTRIBUTE.finditer(data):
            start = match.start()
            newlines = data.count(b"\n", last, start)
            if newlines:
                line += newlines
                line_start = data.rfind(b"\n", last, start) + 1
            last = start
            key = match.group(2).decode("utf-8", "replace")
            found.setdefault(key, []).append((line, start - line_start + 2))
        return found

    def all(self, element_id: str | None) -> list[tuple[int, int]]:
        if element_id is None:
            return []
        if self._map is None:
            self._lookups += 1
            if self._lookups <= 16:     # a few diagnostics: find those ids alone
                found = self._find(element_id)
                if found:
                    return found
            self._map = self._scan()
        return self._map.get(element_id, [])

    def _find(self, element_id: str) -> list[tuple[int, int]]:
        """Where ``id="element_id"`` is written: one pass over the file (lines counted
        from the previous place found, never from the start again)."""
        data, starts = self.data, []
        for quote in (b'"', b"'"):
            needle = b" id=" + quote + element_id.encode("utf-8") + quote
            start = data.find(needle)
            while start >= 0:
                starts.append(start)
                start = data.find(needle, start + 1)
        places, line, last, line_start = [], 1, 0, 0
        for start in sorted(starts):
            newlines = data.count(b"\n", last, start)
            if newlines:
                line += newlines
                line_start = data.rfind(b"\n", last, start) + 1
            places.append((line, start - line_start + 2))
            last = start
        return places

    def of(self, element_id: str | None, occurrence: int = 0) -> tuple[int | None, int | None]:
        places = self.all(element_id)
        if not places:
            return None, None
        return places[min(occurrence, len(places) - 1)]


def id_ref(value: str | None) -> str | None:
    """An id reference, with a QName prefix (``bpmn2:Task_1``) removed."""
    if not value:
        return None
    if ":" in value:
        return value.rpartition(":")[2].strip() or None
    return value.strip() or None


def bpmodel_index(value: str | None, default: int) -> int:
    """A ``bpmodel:index`` read as a small whole number in ASCII digits, else ``default``.

    >>> [bpmodel_index(value, 9) for value in ("3", "²", "1" * 5000, None)]
    [3, 9, 9, 9]
    """
    if value and len(value) <= 9 and value.isascii() and value.isdigit():
        return int(value)
    return default


MAX_COORDINATE = 1e7     # points: a drawing 3.5 km wide is no drawing


def coordinate(value) -> float:
    """A diagram coordinate; ValueError for anything but a finite number of sensible size.

    >>> coordinate("12.5")
    12.5
    >>> coordinate("Infinity")
    Traceback (most recent call last):
    ...
    ValueError: 'Infinity' is no coordinate
    """
    number = float(value)
    if not -MAX_COORDINATE <= number <= MAX_COORDINATE:    # NaN fails too
        raise ValueError(f"{value!r} is no coordinate")
    return number


def local_name(tag: str) -> str:
    """The local part of a ``{namespace}local`` tag."""
    return tag.rpartition("}")[2]


def keep_value(value: str) -> tuple[bool, tuple[str, ...]]:
    """``bpmodel:keep``: "true", "false", or the aspects it locks separated by spaces.

    >>> keep_value("true"), keep_value("actor channel")
    ((True, ()), (True, ('actor', 'channel')))
    """
    words = value.split()
    if words in (["true"], ["false"], []):
        return words == ["true"], ()
    locks = tuple(lock for lock in KEEP_LOCKS if lock in words)
    return bool(locks), (() if set(locks) == set(KEEP_LOCKS) else locks)


class ReaderState:
    """What a read of one file knows so far, its diagnostics and its value readers."""

    def __init__(self, root: ET.Element, data: bytes | str, filename: str):
        self.root = root
        self.filename = filename
        self.lines = Lines(data)
        raw = data if isinstance(data, bytes) else data.encode("utf-8", "replace")
        self.extended = BPMODEL.encode() in raw
        self.diagnostics: list[Diagnostic] = []
        self.ids: dict[str, str] = {}
        self.repeats: Counter[str] = Counter()
        self.steps: dict[str, dict[str, Any]] = {}
        self.step_process: dict[str, str] = {}
        self.sequence: list[tuple[ET.Element, str | None]] = []
        self.boundaries: list[tuple[str, str, float | None]] = []
        self.defaults: dict[str, str] = {}
        self.lane_of: dict[str, tuple[int, str]] = {}
        self.lanes: list[dict[str, Any]] = []
        self.agency_lanes: dict[str, str] = {}
        self.documents: dict[str, dict[str, Any]] = {}
        self.references: dict[str, str] = {}
        self.inputs: dict[str, list[str]] = {}
        self.outputs: dict[str, list[str]] = {}
        self.skipped: Counter[tuple[str, str]] = Counter()
        self.skipped_first: dict[tuple[str, str], str | None] = {}
        self.calendar = Calendar()
        self.pool_ext: dict[str, dict[str, str]] = {}
        self.added: dict[str, str] = {}     # steps the writer added: id -> role
        self.pool_ids: list[str] = []
        self.unnamed: list[str] = []
        self.blank: list[str] = []      # flows whose condition expression is left empty
        self.process_pool_id: str | None = None
        # (step, data reference, output) -> the id of its association, for its route
        self.associations: dict[tuple[str, str, bool], str] = {}
        self.ref_names: dict[str, str] = {}     # the name each data reference shows
        self.stores: set[str] = set()           # documents the file draws as data stores

    # -- diagnostics -----------------------------------------------------------------
    def report(self, severity: str, element_id: str | None, message: str,
               occurrence: int = 0) -> None:
        line, column = self.lines.of(element_id, occurrence)
        self.diagnostics.append(Diagnostic(severity, message, self.filename, line, column))

    def warn(self, element_id: str | None, message: str, occurrence: int = 0) -> None:
        self.report(WARNING, element_id, message, occurrence)

    def error(self, element_id: str | None, message: str, occurrence: int = 0) -> None:
        self.report(ERROR, element_id, message, occurrence)

    def skip(self, what: str, element_id: str | None,
             note: str = N_("bpmodel's model has no place for it")) -> None:
        self.skipped[(what, note)] += 1
        self.skipped_first.setdefault((what, note), element_id)

    def located(self, step: Step) -> Step:
        self.lines._lookups = 1 << 30     # every step: one scan of the file is cheaper
        line, column = self.lines.of(step.id)
        if line is None:
            return step
        return Step(**{**{f: getattr(step, f) for f in Step.__dataclass_fields__},
                       "at": Location(line, column)})

    def register(self, element_id: str | None, what: str) -> bool:
        """Note an id; False (with a warning) when another element has it already."""
        if element_id is None:
            return True
        first = self.ids.get(element_id)
        if first is None:
            self.ids[element_id] = what
            return True
        line, _column = self.lines.of(element_id, 0)
        where = f" on line {line}" if line else ""
        self.repeats[element_id] += 1
        self.warn(element_id, _("duplicate id {element_id}: this <{what}> reuses the id "
                                "of the <{first}>{where}").format(
            element_id=repr(element_id), what=what, first=first, where=where),
            occurrence=self.repeats[element_id])
        return False

    def check_text(self, process: Process) -> None:
        """Errors for control characters in the text of the model (XML can hold some of
        them, as character references, but the YAML format refuses them)."""
        records = [("process", process.id, process)]
        for kind, items in (("step", process.steps), ("actor", process.actors),
                            ("document", process.documents), ("system", process.systems),
                            ("pool", process.pools)):
            records += [(kind, item.id, item) for item in items]
        records += [("flow", flow.id, flow) for flow in process.flows]
        for kind, record_id, record in records:
            for field in dataclasses.fields(record):
                value = getattr(record, field.name)
                if not isinstance(value, str):
                    continue
                problem = control_character(value, in_id=field.name == "id")
                if problem is not None:
                    element = record_id if kind != "process" else None
                    self.error(element, f"{kind} {str(record_id)[:40]!r} {field.name}: "
                                        f"{problem}; bpmodel refuses control characters")

    # -- extension attributes -----------------------------------------------------------
    def ext(self, element: ET.Element) -> dict[str, str]:
        if not self.extended:
            return {}
        return {k[len(EXT):]: v for k, v in element.attrib.items() if k.startswith(EXT)}

    def number(self, value: str | None, element_id: str | None, what: str,
               high: float = math.inf) -> float | None:
        if value is None:
            return None
        try:
            number = float(value) if len(value) <= MAX_NUMBER_DIGITS else math.nan
        except ValueError:
            number = math.nan
        if not 0 <= number <= min(high, MAX_NUMBER):     # NaN and infinity fail too
            self.warn(element_id, _("bpmodel:{what} {value} on {element_id} is not a number "
                                    "between 0 and {high}; ignored").format(
                what=what, value=repr(value[:40]), element_id=repr(element_id),
                high=f"{min(high, MAX_NUMBER):g}"))
            return None
        return number

    def duration(self, value: str | None, element_id: str | None, what: str) -> Duration:
        if not value:
            return ZERO
        try:
            if value.count("/") == 2:
                low, likely, high = (parse_duration(v, self.calendar).likely
                                     for v in value.split("/"))
                duration = three_point(low, likely, high)
            else:
                duration = parse_duration(value, self.calendar)
        except DurationError as exc:
            self.warn(element_id, _("bpmodel:{what} on {element_id}: {exc}; ignored").format(
                what=what, element_id=repr(element_id), exc=exc))
            return ZERO
        return Duration(round(duration.low, 9), round(duration.likely, 9),
                        round(duration.high, 9))

    def batch(self, value: str, element_id: str) -> float | None:
        """The period of a batched step in working hours, as written (not rounded)."""
        try:
            period = parse_duration(value, self.calendar)
        except DurationError as exc:
            self.warn(element_id, f"bpmodel:batch on {element_id!r}: {exc}; ignored")
            return None
        if period.is_range or period.hours <= 0:
            self.warn(element_id, f"bpmodel:batch on {element_id!r} must be a single duration "
                                  f"above 0; ignored")
            return None
        return period.hours

    def staff(self, ext: dict[str, str], element_id: str) -> int | None:
        """The ``bpmodel:staff`` of a lane or pool: a whole number of people, 1 or more."""
        value = ext.get("staff")
        if value is None:
            return None
        if not value.isdigit() or int(value) < 1:
            self.warn(element_id, f"bpmodel:staff {value!r} on {element_id!r} is not a whole "
                                  f"number of people; ignored")
            return None
        return int(value)

    def choice(self, value: str | None, choices: tuple[str, ...], element_id: str | None,
               what: str) -> str | None:
        if value is None or value in choices:
            return value
        self.warn(element_id, _("bpmodel:{what} {value} on {element_id} is not one of "
                                "{choices}; ignored").format(
            what=what, value=repr(value), element_id=repr(element_id), choices=', '.join(choices)))
        return None
