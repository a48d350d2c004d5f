"""Read BPMN 2.0 XML into a Process, leniently, with a warning for everything left out.

XML goes through defusedxml with DTDs refused, so entity expansion ("billion laughs",
quadratic blowup), external entities and external DTDs are refused at once, without any
network or file access. Namespaces are matched by URI. Vendor extensions are skipped;
dangling references, duplicate ids and constructs the model has no place for give
warnings that name the element and its line, and the rest of the model still loads.

>>> loaded = loads_bpmn(b'''<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL">
...   <process id="p" name="Demo">
...     <startEvent id="s"/><userTask id="t" name="Check"/><endEvent id="e"/>
...     <sequenceFlow id="f1" sourceRef="s" targetRef="t"/>
...     <sequenceFlow id="f2" sourceRef="t" targetRef="e"/>
...   </process>
... </definitions>''')
>>> [(s.id, s.type, s.kind) for s in loaded.process.steps]
[('s', 'event', 'start'), ('t', 'task', 'user'), ('e', 'event', 'end')]
"""

from __future__ import annotations

import dataclasses
import math
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from types import MappingProxyType
from typing import Any

import defusedxml
import defusedxml.ElementTree as DET

from ...diagnostics import ERROR, INFO, WARNING, Diagnostic, InputError, Loaded, has_errors
from ...durations import DurationError, parse_duration, three_point
from ...gcpause import paused_gc
from ...i18n import LANGUAGES, N_, _, ngettext
from ...limits import (
    MAX_DEPTH,
    MAX_ID,
    MAX_NAME,
    MAX_NUMBER,
    MAX_NUMBER_DIGITS,
    control_character,
)
from ...model import (
    ACTIONS,
    ACTOR_KINDS,
    ARRIVALS,
    BOUNDARY,
    CONTACTS,
    EVENT,
    GATEWAY,
    KEEP_LOCKS,
    PRESENCES,
    SUBPROCESS_KINDS,
    TASK,
    ZERO,
    Actor,
    Bounds,
    Calendar,
    Document,
    Drawing,
    Duration,
    Flow,
    Location,
    MessageFlow,
    Pool,
    Process,
    Step,
    System,
)
from ...validate import reachable_from
from ..files import read_input
from .explicit import ROLES, without_added
from .names import (
    BPMNDI,
    BPMODEL,
    DC,
    DI,
    EVENT_ELEMENTS,
    GATEWAY_ELEMENTS,
    MODEL,
    MODEL_TAG,
    QUIET_ELEMENTS,
    SUBPROCESS_ELEMENTS,
    TASK_ELEMENTS,
    TRIGGER_ELEMENTS,
)

_EXT = f"{{{BPMODEL}}}"
_MODEL_PREFIX = f"{{{MODEL}}}"
_ID_ATTRIBUTE = re.compile(rb"\sid\s*=\s*([\"'])(.*?)\1", re.S)

# tag -> (what, kind)
_NODES: dict[str, tuple[str, str | None]] = {}
for _name, _kind in TASK_ELEMENTS.items():
    _NODES[MODEL_TAG[_name]] = (TASK, _kind)
for _name, _kind in SUBPROCESS_ELEMENTS.items():
    _NODES[MODEL_TAG[_name]] = ("subprocess", _kind)
for _name, _kind in GATEWAY_ELEMENTS.items():
    _NODES[MODEL_TAG[_name]] = (GATEWAY, _kind)
for _name in EVENT_ELEMENTS:
    _NODES[MODEL_TAG[_name]] = (EVENT, _name)
_TRIGGERS = {MODEL_TAG[name]: trigger for name, trigger in TRIGGER_ELEMENTS.items()}
_LOOPS = (MODEL_TAG["multiInstanceLoopCharacteristics"], MODEL_TAG["standardLoopCharacteristics"])
_QUIET = frozenset((*(MODEL_TAG[name] for name in QUIET_ELEMENTS), *_LOOPS,
                    MODEL_TAG["completionCondition"]))
_T = MODEL_TAG
_SHAPE, _EDGE = f"{{{BPMNDI}}}BPMNShape", f"{{{BPMNDI}}}BPMNEdge"
_DIAGRAM, _PLANE = f"{{{BPMNDI}}}BPMNDiagram", f"{{{BPMNDI}}}BPMNPlane"
_COLLABORATIONS = frozenset(MODEL_TAG[name] for name in (
    "collaboration", "choreography", "globalConversation", "globalChoreographyTask"))
_BOUNDS, _WAYPOINT = f"{{{DC}}}Bounds", f"{{{DI}}}waypoint"


class _Lines:
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
        for match in _ID_ATTRIBUTE.finditer(data):
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


def load_bpmn(path: str | Path) -> Loaded:
    """Read a BPMN 2.0 file; raises :class:`InputError` when it cannot be used at all."""
    return loads_bpmn(read_input(path), str(path))


def _without_dtd(data: bytes | str) -> bool:
    """True when the document surely has no DTD: ASCII-compatible and no ``<!DOCTYPE``.

    Without a DTD there are no entity declarations and nothing external to load, so
    the C parser is as safe as defusedxml's (which must run expat's callbacks in
    Python, twice as slow). Anything else goes through defusedxml, which refuses DTDs.
    """
    if isinstance(data, str):
        return "<!DOCTYPE" not in data and "<!ENTITY" not in data
    head = data[:4]
    if b"\x00" in head or head.startswith((b"\xfe\xff", b"\xff\xfe", b"\x4c\x6f\xa7\x94")):
        return False    # UTF-16, UTF-32 or EBCDIC: let defusedxml look
    return b"<!DOCTYPE" not in data and b"<!ENTITY" not in data


def parse_xml(data: bytes | str, filename: str = "<string>") -> ET.Element:
    """The root element of safe XML; attacks and broken XML raise :class:`InputError`.

    DTDs are refused (BPMN never has one): that stops entity expansion ("billion
    laughs", quadratic blowup), external entities and external DTDs, without any
    network or file access.
    """
    try:
        if _without_dtd(data):
            return ET.fromstring(data)
        return DET.fromstring(data, forbid_dtd=True, forbid_entities=True,
                              forbid_external=True)
    except defusedxml.DTDForbidden:
        raise InputError.single(
            "refused: the file declares a DTD (<!DOCTYPE ...>); BPMN never needs one, and DTDs "
            "carry entity-expansion and external-entity attacks", filename) from None
    except (defusedxml.EntitiesForbidden, defusedxml.ExternalReferenceForbidden):
        raise InputError.single(
            "refused: the file declares XML entities or external references, which BPMN never "
            "needs and which carry XML attacks", filename) from None
    except (LookupError, ValueError) as exc:   # an encoding Python cannot read
        raise InputError.single(
            f"not well-formed XML: the declared encoding cannot be read ({str(exc)[:80]}); "
            "save the file as UTF-8", filename, 1) from None
    except ET.ParseError as exc:
        line, column = exc.position
        reason = re.sub(r": line \d+, column \d+$", "", str(exc))
        hint = {
            "unbound prefix": "a namespace prefix is used but never declared with xmlns:",
            "syntax error": "this is not XML",
            "no element found": "the file is empty or cut short",
            "unknown encoding": "the declared encoding is not known",
        }.get(reason, "")
        raise InputError.single(_("not well-formed XML: {reason}{value}").format(
            reason=reason, value=f' ({hint})' if hint else ''),
                                filename, line, column + 1) from None


def loads_bpmn(data: bytes | str, filename: str = "<string>") -> Loaded:
    """Read a process from BPMN 2.0 XML text or bytes (see :func:`load_bpmn`)."""
    with paused_gc():  # many small objects, no cycles: the collector would only slow it
        return _loads(data, filename)


def _loads(data: bytes | str, filename: str) -> Loaded:
    root = parse_xml(data, filename)
    _check_root(root, filename)
    reader = _Reader(root, data, filename)
    process = reader.read()
    reader.check_text(process)
    diagnostics = reader.diagnostics
    if has_errors(diagnostics):
        raise InputError(diagnostics)
    if structure_problems(process):
        # lines only now: the scan costs a pass over the file
        process = process.evolve(steps=tuple(reader.located(s) for s in process.steps))
        diagnostics.extend(structure_problems(process, filename))
    return Loaded(process, tuple(diagnostics))


def structure_problems(process: Process, filename: str | None = None) -> list[Diagnostic]:
    """Warnings for gateways without branches and loops that nothing enters or leaves.

    BPMN starts a process (or a sub-process) at every node without an incoming flow,
    so only steps that are in a loop nothing leads into count as unreachable.
    """
    if not process.steps:
        return []
    out = []
    starts = [s.id for s in process.steps if not process.incoming(s.id)]
    reached = reachable_from(process, starts)
    unreached = [s for s in process.steps if s.id not in reached]
    if unreached:
        out.append(_warning(unreached[0], filename,
                            _("steps {value} form a loop that nothing leads into").format(
            value=_ids(unreached))))
    for step in process.gateways:
        if not process.outgoing(step.id):
            out.append(_warning(step, filename, _("gateway {id} has no outgoing flows").format(
                id=repr(step.id))))
    ends = [s.id for s in process.end_steps()]
    finishing = reachable_from(process, ends, backwards=True)
    stuck = [s for s in process.steps if s.id not in finishing]
    if stuck:
        out.append(_warning(stuck[0], filename, _("steps {value} loop with no way out: "
                                                  "no end can be reached from them").format(
            value=_ids(stuck))))
    return out


def _warning(step: Step, filename: str | None, message: str) -> Diagnostic:
    line, column = (step.at.line, step.at.column) if step.at else (None, None)
    return Diagnostic(WARNING, message, filename, line, column)


def _ids(steps: list[Step], limit: int = 6) -> str:
    more = len(steps) - limit
    ids = ", ".join(repr(s.id) for s in steps[:limit])
    return _("{items} and {count} more").format(items=ids, count=more) if more > 0 else ids


def _check_root(root: ET.Element, filename: str) -> None:
    tag = root.tag
    if tag == _T["definitions"]:
        return
    namespace, _brace, local = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
    if namespace == MODEL:
        raise InputError.single(
            _("is a BPMN fragment: its root element is <{local}>; a BPMN 2.0 file has "
              "<definitions> at its root").format(
            local=local), filename, 1)
    where = f"in namespace {namespace!r}" if namespace else "in no namespace"
    raise InputError.single(
        _("is XML but not BPMN 2.0: its root element <{local}> is {where}; BPMN 2.0 "
          "files have <definitions> in namespace {MODEL}").format(
        local=local, where=where, MODEL=repr(MODEL)), filename, 1)


def _ref(value: str | None) -> str | None:
    """An id reference, with a QName prefix (``bpmn2:Task_1``) removed."""
    if not value:
        return None
    if ":" in value:
        return value.rpartition(":")[2].strip() or None
    return value.strip() or None


def _index(value: str | None, default: int) -> int:
    """A ``bpmodel:index`` read as a small whole number in ASCII digits, else ``default``.

    >>> _index("3", 9), _index("²", 9), _index("1" * 5000, 9), _index(None, 9)
    (3, 9, 9, 9)
    """
    if value and len(value) <= 9 and value.isascii() and value.isdigit():
        return int(value)
    return default


MAX_COORDINATE = 1e7     # points: a drawing 3.5 km wide is no drawing


def _coordinate(value) -> float:
    """A diagram coordinate; ValueError for anything but a finite number of sensible size.

    >>> _coordinate("12.5")
    12.5
    >>> _coordinate("Infinity")
    Traceback (most recent call last):
    ...
    ValueError: 'Infinity' is no coordinate
    """
    number = float(value)
    if not -MAX_COORDINATE <= number <= MAX_COORDINATE:    # NaN fails too
        raise ValueError(f"{value!r} is no coordinate")
    return number


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


_OWN_NAMESPACES = frozenset((MODEL, BPMNDI, DC, DI, BPMODEL,
                             "http://www.w3.org/2001/XMLSchema-instance",
                             "http://www.w3.org/XML/1998/namespace"))
_PREFIXES = {"camunda.org/schema/1.0/bpmn": "camunda", "camunda.org/schema/zeebe": "zeebe",
             "bpmn.io/schema/bpmn/biocolor": "bioc", "www.omg.org/spec/BPMN/non-normative/color":
             "color", "signavio.com": "signavio", "activiti.org": "activiti",
             "flowable.org": "flowable", "bizagi.com": "bizagi", "yaoqiang.org": "yaoqiang"}


def _qualified(name: str) -> str:
    """``{namespace}local`` as ``prefix:local`` with the usual prefix of known vendors.

    >>> _qualified("{http://camunda.org/schema/1.0/bpmn}inputOutput")
    'camunda:inputOutput'
    """
    namespace, _, local = name[1:].partition("}")
    for fragment, prefix in _PREFIXES.items():
        if fragment in namespace:
            return f"{prefix}:{local}"
    tail = namespace.rstrip("/").rpartition("/")[2] or namespace
    return f"{tail}:{local}"


class _Reader:
    def __init__(self, root: ET.Element, data: bytes | str, filename: str):
        self.root = root
        self.filename = filename
        self.lines = _Lines(data)
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
        self.process_pool_id: str | None = None

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
        return {k[len(_EXT):]: v for k, v in element.attrib.items() if k.startswith(_EXT)}

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

    # -- the whole file -------------------------------------------------------------------
    def read(self) -> Process:
        root = self.root
        self.register(root.get("id"), "definitions")
        meta = self.metadata(self.ext(root))
        pools, stand_ins = self.participants()
        processes = []
        for child in root:
            tag = child.tag
            if tag == _T["process"]:
                processes.append(child)
                if self.register(child.get("id"), "process"):
                    self.container(child, child.get("id"), None)
                else:
                    self.warn(child.get("id"), "a second process with the same id is skipped",
                              occurrence=1)
            elif tag == _T["dataStore"]:
                self.document(child, child.get("id"))
            elif tag == _T["choreography"] or tag == _T["globalConversation"]:
                self.skip(_local(tag), child.get("id"))
            elif isinstance(tag, str) and not tag.startswith("{"):
                self.skip(tag, child.get("id"), N_("an element in no namespace is not BPMN"))
        self.read_systems(meta)
        process_pool = {p.process: p for p in reversed(pools) if p.process}
        actors = self.actors(pools, stand_ins, process_pool)
        self.read_diagram()
        steps = self.build_steps(actors, stand_ins, process_pool)
        flows = self.flows(steps)
        for step_id in self.added:
            steps.pop(self.renamed.get(step_id, step_id), None)
        message_flows = self.message_flows(steps, pools)
        drawing = self.drawing(steps, flows, message_flows)
        documents = tuple(Document(d["id"], d["name"], d.get("issued_by"),
                                   government=d.get("government"),
                                   legal_basis=d.get("legal_basis"))
                          for d in self.documents.values())
        self.note_extensions()
        self.summarize_skipped()
        first = processes[0] if len(processes) == 1 else None
        process_id = meta.pop("id", None) or (first.get("id") if first is not None else None) \
            or root.get("id") or "process"
        name = meta.pop("name", None) or (first.get("name") if first is not None else None) \
            or root.get("name") or next((p.name for p in pools if p.name), None) or process_id
        if first is not None and "description" not in meta:
            text = first.findtext(_T["documentation"])
            if text and text.strip():
                meta["description"] = text.strip()
        return Process(id=process_id, name=name, steps=tuple(steps.values()),
                       flows=tuple(flows), actors=tuple(actors), documents=documents,
                       systems=tuple(meta.pop("systems", ())), message_flows=message_flows,
                       pools=tuple(pools), drawing=drawing, **meta)

    def burden_metadata(self, ext: dict[str, str]) -> dict[str, Any]:
        """The process keys of issue 13: visit overhead and cost, assumed facts, fee
        parameters (``name:value`` pairs), service, region, coverage."""
        meta: dict[str, Any] = {}
        if ext.get("visit_overhead"):
            meta["visit_overhead"] = self.duration(ext["visit_overhead"], "definitions",
                                                   "visit_overhead")
        if "visit_cost" in ext:
            meta["visit_cost"] = self.number(ext["visit_cost"], "definitions", "visit_cost")
        if ext.get("assumed"):
            meta["assumed"] = tuple(ext["assumed"].split())
        if ext.get("parameters"):
            meta["parameters"] = {k: float(v) for k, _, v in
                                  (pair.partition(":") for pair in ext["parameters"].split())}
        for key in ("service", "region", "coverage"):
            if ext.get(key):
                meta[key] = ext[key]
        return meta

    def metadata(self, ext: dict[str, str]) -> dict[str, Any]:
        meta: dict[str, Any] = {}
        hours = self.number(ext.get("hours_per_day"), "definitions", "hours_per_day", 24)
        days = self.number(ext.get("days_per_week"), "definitions", "days_per_week", 7)
        if hours or days:
            self.calendar = meta["calendar"] = Calendar(hours or 8.0, days or 5.0)
        for key in ("id", "name", "owner", "description", "currency", "source"):
            if ext.get(key):
                meta[key] = ext[key]
        if ext.get("lang") in LANGUAGES:
            meta["lang"] = ext["lang"]
        if "volume" in ext:
            meta["volume"] = self.number(ext["volume"], "definitions", "volume")
        if "arrivals" in ext:
            meta["arrivals"] = self.choice(ext["arrivals"], ARRIVALS, "definitions", "arrivals")
        meta.update(self.burden_metadata(ext))
        if ext.get("target"):
            meta["target"] = self.duration(ext["target"], "definitions", "target")
        if ext.get("tariff"):
            tariff = {}
            for item in ext["tariff"].split():
                kind, _, value = item.partition(":")
                number = self.number(value, "definitions", f"tariff {kind}")
                if kind in ACTOR_KINDS and number is not None:
                    tariff[kind] = number
            meta["tariff"] = tariff
        return meta

    def read_systems(self, meta: dict[str, Any]) -> None:
        if not self.extended:
            return
        systems = [System(e.get("id"), e.get("name") or e.get("id"), e.get("record") == "true")
                   for e in self.root.iter(f"{_EXT}system") if e.get("id")]
        if systems:
            meta["systems"] = systems

    def note_extensions(self) -> None:
        """One note per kind of vendor extension element or attribute that is not kept.

        bpmodel writes its own model and layout; a tool's extensions (Camunda's inputs
        and listeners, Signavio's metadata, bpmn-js colours) do not survive a conversion,
        and the reader says so, once per kind, rather than drop them without a word.
        """
        elements: Counter[str] = Counter()
        attributes: Counter[str] = Counter()
        first: dict[str, str | None] = {}
        extension_tag = _T["extensionElements"]
        for parent in self.root.iter():
            for key in parent.attrib:
                if key.startswith("{") and key[1:].partition("}")[0] not in _OWN_NAMESPACES:
                    kind = _qualified(key)
                    attributes[kind] += 1
                    first.setdefault(f"@{kind}", parent.get("id") or parent.get("bpmnElement"))
            for child in parent:
                if child.tag != extension_tag:
                    continue
                for extension in child:
                    tag = extension.tag
                    if not isinstance(tag, str) or tag.startswith(_EXT):
                        continue
                    kind = _qualified(tag)
                    elements[kind] += 1
                    first.setdefault(kind, parent.get("id"))
        for kind, count in sorted(elements.items()):
            where = first.get(kind)
            message = ("dropped {count} <{kind}> extension elements, the first on {where}: "
                       "bpmodel does not carry vendor extensions into what it writes"
                       if count > 1 else
                       "dropped one <{kind}> extension element, on {where}: bpmodel does not "
                       "carry vendor extensions into what it writes")
            self.report(INFO, where, message.format(count=count, kind=kind,
                                                    where=repr(where or "?")))
        for kind, count in sorted(attributes.items()):
            where = first.get(f"@{kind}")
            message = ("dropped {count} {kind} attributes, the first on {where}: bpmodel does "
                       "not carry vendor attributes into what it writes"
                       if count > 1 else
                       "dropped one {kind} attribute, on {where}: bpmodel does not carry "
                       "vendor attributes into what it writes")
            self.report(INFO, where, message.format(count=count, kind=kind,
                                                    where=repr(where or "?")))

    def summarize_skipped(self) -> None:
        for (what, note), count in sorted(self.skipped.items()):
            first = self.skipped_first.get((what, note))
            example = " " + _("(first: {id})").format(id=repr(first)) if first else ""
            message = ngettext("skipped {count} <{what}> element{example}: {note}",
                               "skipped {count} <{what}> elements{example}: {note}", count)
            self.report(INFO, first, message.format(count=count, what=what, example=example,
                                                    note=_(note)))

    # -- collaborations ---------------------------------------------------------------------
    def participants(self) -> tuple[list[Pool], set[str]]:
        """Pools of every participant in the file; ``stand_ins``: pools drawn without lanes."""
        pools: list[Pool] = []
        for element in self._collaboration_children(_T["participant"]):
            pool_id = element.get("id")
            if not pool_id or not self.register(pool_id, "participant"):
                continue
            if self.ext(element).get("role") == "process":
                self.process_pool_id = pool_id
                continue  # the pool bpmodel draws around a process that has none of its own
            self.pool_ids.append(pool_id)
            pools.append(Pool(pool_id, element.get("name") or "",
                              _ref(element.get("processRef"))))
            self.pool_ext[pool_id] = self.ext(element)
        return pools, set()

    def _collaboration_children(self, tag: str) -> list[ET.Element]:
        """Participants and message flows: children of collaborations and choreographies."""
        out = []
        for child in self.root:
            if child.tag in _COLLABORATIONS:
                out.extend(child.findall(tag))
        return out

    def message_flows(self, steps: dict[str, Step], pools: list[Pool]
                      ) -> tuple[MessageFlow, ...]:
        known = set(steps) | {p.id for p in pools}
        out = []
        for element in self._collaboration_children(_T["messageFlow"]):
            flow_id = element.get("id")
            self.register(flow_id, "messageFlow")
            source, target = _ref(element.get("sourceRef")), _ref(element.get("targetRef"))
            source = self.renamed.get(source, source)
            target = self.renamed.get(target, target)
            missing = [v or "(nothing)" for v in (source, target) if v not in known]
            if missing:
                self.warn(flow_id, _("message flow {flow_id} points at {value}, which is"
                                     " no step or pool; the message flow is left out").format(
                    flow_id=repr(flow_id), value=repr(missing[0])))
                continue
            out.append(MessageFlow(source, target, element.get("name") or None, flow_id))
        return tuple(out)

    # -- processes and sub-processes ------------------------------------------------------------
    def container(self, element: ET.Element, process_id: str, parent: str | None,
                  depth: int = 0) -> None:
        if depth > MAX_DEPTH:
            self.error(parent, f"sub-process {parent!r} is nested more than {MAX_DEPTH} deep; "
                               f"bpmodel reads sub-processes up to {MAX_DEPTH} levels")
            return
        for child in element:
            tag = child.tag
            node = _NODES.get(tag)
            if node is not None:
                self.flow_node(child, node, process_id, parent, depth)
            elif tag == _T["sequenceFlow"]:
                self.sequence.append((child, parent))
            elif tag == _T["property"] or tag in _LOOPS:
                continue    # a sub-process's own; noted by flow_node
            elif tag == _T["laneSet"]:
                self.lane_set(child, process_id, None, 0)
            elif tag == _T["dataObject"]:
                self.document(child, child.get("id"))
            elif tag == _T["dataObjectReference"] or tag == _T["dataStoreReference"]:
                self.reference(child)
            elif tag in _QUIET or not isinstance(tag, str):
                continue
            elif tag.startswith(_MODEL_PREFIX):
                self.skip(_local(tag), child.get("id"))
            elif not tag.startswith(_EXT):
                self.skip("vendor extension", child.get("id"))

    def flow_node(self, element: ET.Element, node: tuple[str, str | None], process_id: str,
                  parent: str | None, depth: int = 0) -> None:
        step_id = element.get("id")
        what, kind = node
        local = _local(element.tag)
        if not step_id:
            self.warn(None, _("a <{local}> without an id is left out").format(
                local=local))
            return
        if not self.register(step_id, local):
            return
        name = element.get("name") or ""
        own_id = self.ext(element).get("id") or step_id
        if len(own_id) > MAX_ID:
            self.error(step_id, f"the id of <{local}> has {len(own_id)} characters; ids have "
                                f"at most {MAX_ID}")
        if len(name) > MAX_NAME:
            self.error(step_id, f"the name of {step_id[:40]!r} has {len(name)} characters; "
                                f"names have at most {MAX_NAME} (put the rest in "
                                f"documentation)")
        fields: dict[str, Any] = {"id": step_id, "name": name}
        triggers: list[str] = []
        for child in element:
            tag = child.tag
            if tag in _TRIGGERS:
                triggers.append(_TRIGGERS[tag])
            elif tag == _T["documentation"]:
                if child.text and child.text.strip():
                    fields["description"] = child.text.strip()
            elif tag == _T["dataInputAssociation"]:
                refs = [_ref(e.text) for e in child.iter(_T["sourceRef"])]
                self.inputs.setdefault(step_id, []).extend(r for r in refs if r)
            elif tag == _T["dataOutputAssociation"]:
                refs = [_ref(e.text) for e in child.iter(_T["targetRef"])]
                self.outputs.setdefault(step_id, []).extend(r for r in refs if r)
            elif tag in _LOOPS:
                self.skip(_local(tag), step_id, N_("loop markers are not kept; the activity "
                                                   "is read as done once"))
            elif tag == _T["eventDefinitionRef"]:
                triggers.append("multiple")
            elif tag == _T["property"]:
                if child.get("name") != "__targetRef_placeholder":
                    self.skip("property", step_id, N_("activity properties are not kept"))
            elif what != "subprocess" and tag not in _QUIET and tag.startswith(_MODEL_PREFIX):
                self.skip(_local(tag), step_id, N_("not kept on the step"))
        if what == TASK:
            fields.update(type=TASK, kind=kind)
        elif what == "subprocess":
            if kind == "subprocess" and element.get("triggeredByEvent") == "true":
                kind = "event-subprocess"
            fields.update(type=TASK, kind=kind)
        elif what == GATEWAY:
            fields.update(type=GATEWAY, kind=kind)
        else:
            fields.update(self.event(element, kind, triggers, step_id))
        if element.get("default"):
            self.defaults[step_id] = _ref(element.get("default"))
        if parent is not None:
            fields["parent"] = parent
        ext = self.ext(element)
        if ext:
            fields.update(self.step_extension(ext, step_id))
        if fields.get("type") == TASK and fields.get("kind") not in SUBPROCESS_KINDS \
                and "work" not in ext and "wait" not in ext:
            fields["time_known"] = False  # a task without a time: not known, never 0
        elif fields.get("type") == TASK and fields.get("kind") not in SUBPROCESS_KINDS \
                and "work" not in ext and self.extended:
            fields["work_known"] = False  # a waiting time only: the hours worked not given
        self.steps[step_id] = fields
        self.step_process[step_id] = process_id
        if what == "subprocess":
            self.container(element, process_id, step_id, depth + 1)

    def event(self, element: ET.Element, local: str, triggers: list[str],
              step_id: str) -> dict[str, Any]:
        if len(triggers) > 1:
            trigger = "parallel-multiple" if element.get("parallelMultiple") == "true" \
                else "multiple"
        else:
            trigger = triggers[0] if triggers else None
        fields: dict[str, Any] = {"type": EVENT, "trigger": trigger}
        if local == "startEvent":
            fields["kind"] = "start"
            fields["interrupting"] = element.get("isInterrupting") != "false"
        elif local == "endEvent":
            fields["kind"] = "end"
        elif local == "intermediateCatchEvent":
            if trigger in ("timer", "message"):
                fields["kind"], fields["trigger"] = trigger, None
            else:
                fields["kind"] = "intermediate"
        elif local == "boundaryEvent":
            fields["kind"] = "boundary"
            fields["interrupting"] = element.get("cancelActivity") != "false"
            host = _ref(element.get("attachedToRef"))
            p = self.number(self.ext(element).get("p"), step_id, "p", 1.0)
            if host:
                self.boundaries.append((host, step_id, p))
            else:
                self.warn(step_id, _("boundary event {step_id} has no attachedToRef; it "
                                     "is read as an intermediate event").format(
                    step_id=repr(step_id)))
        else:
            fields["kind"] = "throw"
            if local == "implicitThrowEvent":
                self.skip("implicitThrowEvent", step_id,
                          N_("read as an intermediate throw event"))
        return fields

    def step_extension(self, ext: dict[str, str], step_id: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if "id" in ext:
            out["id"] = ext["id"]
        if ext.get("added") in ROLES:
            out["_added"] = ext["added"]
        for key in ("work", "wait"):
            if key in ext:
                out[key] = self.duration(ext[key], step_id, key)
        if "action" in ext:
            out["action"] = self.choice(ext["action"], ACTIONS, step_id, "action")
        if "contact" in ext:
            out["contact"] = self.choice(ext["contact"], CONTACTS, step_id, "contact")
        for key in ("object", "legal_basis", "system", "signatory"):
            if ext.get(key):
                out[key] = ext[key]
        if ext.get("visit_overhead"):
            out["visit_overhead"] = self.duration(ext["visit_overhead"], step_id,
                                                  "visit_overhead")
        if "visit_cost" in ext:
            out["visit_cost"] = self.number(ext["visit_cost"], step_id, "visit_cost")
        if ext.get("costs"):  # item=amount;item=amount (items may hold spaces)
            out["costs"] = tuple(
                (item.strip(), amount) for item, _, value in
                (pair.rpartition("=") for pair in ext["costs"].split(";"))
                if (amount := self.number(value.strip(), step_id, "costs")) is not None)
        if ext.get("assumed"):
            out["assumed"] = tuple(ext["assumed"].split())
        if ext.get("fee_formula"):
            out["fee_formula"] = ext["fee_formula"]
        if ext.get("fee") == "unknown":
            out["fee_known"] = False
        elif "fee" in ext:
            out["fee"] = self.number(ext["fee"], step_id, "fee") or 0.0
        if "keep" in ext:
            out["keep"], out["locks"] = _keep(ext["keep"])
        if "presence" in ext:
            out["presence"] = self.choice(ext["presence"], PRESENCES, step_id, "presence")
        if "competent" in ext:
            out["competent"] = ext["competent"] == "true"
        if ext.get("batch"):
            out["batch"] = self.batch(ext["batch"], step_id)
        if "actor" in ext:
            out["actor"] = ext["actor"] or None
            out["_actor_given"] = True
        if "needs" in ext:
            self.inputs.setdefault(step_id, []).extend(ext["needs"].split())
        if "produces" in ext:
            self.outputs.setdefault(step_id, []).extend(ext["produces"].split())
        return {k: v for k, v in out.items() if v is not None or k == "actor"}

    # -- lanes and actors -----------------------------------------------------------------------
    def lane_set(self, lane_set: ET.Element, process_id: str, parent: str | None,
                 depth: int, agency: str | None = None) -> None:
        if depth > MAX_DEPTH:
            self.error(parent, f"lane {parent!r} holds lanes nested more than {MAX_DEPTH} "
                               f"deep; bpmodel reads lanes up to {MAX_DEPTH} levels")
            return
        for lane in lane_set.findall(_T["lane"]):
            lane_id = lane.get("id")
            if not lane_id or not self.register(lane_id, "lane"):
                continue
            ext = self.ext(lane)
            name = lane.get("name") or ""
            if ext.get("role") == "agency":
                self.agency_lanes[lane_id] = name
                child_parent, child_agency = parent, name
            else:
                self.lanes.append({"id": lane_id, "name": name, "process": process_id,
                                   "parent": parent, "agency": agency, "ext": ext})
                child_parent, child_agency = lane_id, agency
            for ref in lane.findall(_T["flowNodeRef"]):
                node = _ref(ref.text)
                if node and (node not in self.lane_of or self.lane_of[node][0] <= depth):
                    self.lane_of[node] = (depth, lane_id)
            for child_set in lane.findall(_T["childLaneSet"]):
                self.lane_set(child_set, process_id, child_parent, depth + 1, child_agency)

    def actors(self, pools: list[Pool], stand_ins: set[str],
               process_pool: dict[str, Pool]) -> list[Actor]:
        laned = {lane["process"] for lane in self.lanes}
        actors: list[tuple[int, Actor]] = []
        seen: dict[str, str] = {}
        order = 0
        for lane in self.lanes:
            pool = process_pool.get(lane["process"])
            ext = lane["ext"]
            kind = self.choice(ext.get("kind"), ACTOR_KINDS, lane["id"], "kind") or "staff"
            if "agency" in ext:
                agency = ext["agency"] or None
            else:
                agency = lane["agency"] or (pool.name if pool else None) or None
            actor_id = ext.get("id") or lane["id"]
            if actor_id in seen:
                self.error(lane["id"], "bpmodel:id {id!r} of lane {lane!r} is also the id of "
                                       "lane {first!r}; every actor needs its own id".format(
                                           id=actor_id, lane=lane["id"], first=seen[actor_id]))
                continue
            seen[actor_id] = lane["id"]
            index = _index(ext.get("index"), order)
            actors.append((index, Actor(actor_id, lane["name"], kind, agency,
                                        pool.id if pool else None, lane["parent"],
                                        self.staff(ext, lane["id"]),
                                        assumed=tuple(ext.get("assumed", "").split()))))
            order += 1
        for element in (self.root.iter(f"{_EXT}actor") if self.extended else ()):
            # an actor without steps, written without a lane
            actor_id = element.get("id")
            if not actor_id:
                continue
            kind = self.choice(element.get("kind"), ACTOR_KINDS, actor_id, "kind") or "staff"
            index = element.get("index", "")
            actors.append((int(index) if index.isdigit() else order,
                           Actor(actor_id, element.get("name") or "", kind,
                                 element.get("agency") or None, element.get("pool") or None,
                                 element.get("parent") or None,
                                 assumed=tuple((element.get("assumed") or "").split()))))
            order += 1
        for pool in pools:
            if pool.process not in laned:
                stand_ins.add(pool.id)
                ext = self.pool_ext.get(pool.id, {})
                kind = self.choice(ext.get("kind"), ACTOR_KINDS, pool.id, "kind") or "staff"
                index = _index(ext.get("index"), order)
                actors.append((index, Actor(pool.id, pool.name, kind, pool.name or None,
                                            pool.id, staff=self.staff(ext, pool.id),
                                            assumed=tuple(ext.get("assumed", "").split()))))
                order += 1
        actors.sort(key=lambda pair: pair[0])
        return [a for _, a in actors]

    def build_steps(self, actors: list[Actor], stand_ins: set[str],
                    process_pool: dict[str, Pool]) -> dict[str, Step]:
        lane_actor = {lane["id"]: lane["ext"].get("id") or lane["id"] for lane in self.lanes}
        for lane_id in self.agency_lanes:
            lane_actor[lane_id] = None
        steps: dict[str, Step] = {}
        renamed: dict[str, str] = {}
        for step_id, fields in self.steps.items():
            given = fields.pop("_actor_given", False)
            if "_added" in fields:
                self.added[step_id] = fields.pop("_added")
            if not given:
                lane = self.lane_of.get(step_id)
                actor = lane_actor.get(lane[1]) if lane else None
                if actor is None and fields.get("parent") in steps:
                    actor = steps[fields["parent"]].actor
                if actor is None and lane is None:
                    pool = process_pool.get(self.step_process[step_id])
                    if pool is not None and pool.id in stand_ins:
                        actor = pool.id
                fields["actor"] = actor
            parent = fields.get("parent")
            if parent is not None:
                fields["parent"] = renamed.get(parent, parent)
            fields["needs"] = self.documents_of(self.inputs.get(step_id, ()))
            fields["produces"] = self.documents_of(self.outputs.get(step_id, ()))
            if step_id in self.shapes:
                fields["bounds"] = self.shapes[step_id]
            step = Step(**fields)
            if step.id in steps:
                first = next(k for k, v in renamed.items() if v == step.id)
                self.error(step_id, f"bpmodel:id {step.id!r} of {step_id!r} is also the id of step "
                                    f"{first!r}; every step needs its own id")
                continue
            renamed[step_id] = step.id
            steps[step.id] = step
        self.renamed = renamed
        return steps

    # -- data ---------------------------------------------------------------------------------
    def document(self, element: ET.Element, doc_id: str | None) -> None:
        if not doc_id or not self.register(doc_id, _local(element.tag)):
            return
        ext = self.ext(element)
        record = {"id": ext.get("id") or doc_id, "name": element.get("name") or ""}
        for key in ("issued_by", "legal_basis"):
            if ext.get(key):
                record[key] = ext[key]
        if ext.get("government") in ("true", "false"):
            record["government"] = ext["government"] == "true"
        self.documents[doc_id] = record

    def reference(self, element: ET.Element) -> None:
        ref_id = element.get("id")
        if not ref_id or not self.register(ref_id, _local(element.tag)):
            return
        target = _ref(element.get("dataObjectRef") or element.get("dataStoreRef"))
        if target:
            self.references[ref_id] = target
        else:
            self.document(element, None)
            self.documents[ref_id] = {"id": ref_id, "name": element.get("name") or ""}
            self.references[ref_id] = ref_id
        if target and element.get("name") and target in self.documents \
                and not self.documents[target]["name"]:
            self.documents[target]["name"] = element.get("name")

    def documents_of(self, refs) -> tuple[str, ...]:
        out = []
        for ref in refs:
            target = self.references.get(ref, ref)
            if target not in self.documents:
                continue
            doc_id = self.documents[target]["id"]
            if doc_id not in out:
                out.append(doc_id)
        return tuple(out)

    # -- flows ----------------------------------------------------------------------------------
    def flows(self, steps: dict[str, Step]) -> list[Flow]:
        renamed = self.renamed
        by_source: dict[str, list[Flow]] = {}
        boundary_into: dict[str, Flow] = {}
        for host, event, p in self.boundaries:
            host, event = renamed.get(host, host), renamed.get(event, event)
            if host not in steps or not steps[host].is_task:
                self.warn(event, _("boundary event {event} is attached to {host}, which "
                                   "is no activity; it is read as an intermediate event").format(
                    event=repr(event), host=repr(host)))
                continue
            boundary_into[event] = Flow(host, event, p, kind=BOUNDARY)
        for step_id, step in list(steps.items()):   # a boundary event on nothing
            if step.kind == "boundary" and step_id not in boundary_into:
                steps[step_id] = dataclasses.replace(step, kind="intermediate",
                                                     interrupting=True)
        for element, _parent in self.sequence:
            flow_id = element.get("id")
            if not self.register(flow_id, "sequenceFlow"):
                continue        # a second flow with the id of another element: left out
            source = _ref(element.get("sourceRef"))
            target = _ref(element.get("targetRef"))
            source, target = renamed.get(source, source), renamed.get(target, target)
            missing = [v or "(nothing)" for v in (source, target) if v not in steps]
            if missing:
                self.warn(flow_id, _("sequence flow {flow_id} points at {value}, which "
                                     "is no step of the process; the flow is left out").format(
                    flow_id=repr(flow_id), value=repr(missing[0])))
                continue
            ext = self.ext(element)
            condition = element.get("name") or None
            expression = ""
            if len(element):
                found = element.find(_T["conditionExpression"])
                if found is not None and found.text and found.text.strip():
                    expression = found.text.strip()
            if condition is None and expression and flow_id:
                self.unnamed.append(flow_id)
            condition = condition or expression or None
            original_source = _ref(element.get("sourceRef"))
            default = (flow_id is not None and self.defaults.get(original_source) == flow_id) \
                or ext.get("default") == "true"
            probability = self.number(ext.get("p"), flow_id, "p", 1.0) if ext else None
            if probability is not None and not (steps[source].is_gateway
                                                and steps[source].kind in ("xor", "or")):
                self.warn(flow_id, f"bpmodel:p on sequence flow {flow_id!r} is ignored: a "
                                   f"chance belongs on the branches of an xor or or gateway")
                probability = None
            by_source.setdefault(source, []).append(
                Flow(source, target, probability, condition, default, id=flow_id,
                     waypoints=self.edges.get(flow_id, ()), expression=expression))
        for source, flow_id in self.defaults.items():
            if flow_id not in self.ids:
                self.warn(source, _("the default flow {flow_id} of {source} does not "
                                    "exist; no branch is marked as the default").format(
                    flow_id=repr(flow_id), source=repr(source)))
        if self.added:
            kept = list(steps.values())
            without_added(kept, by_source, {renamed.get(k, k): v for k, v in self.added.items()})
        ordered: list[Flow] = []
        for step_id in steps:
            if step_id in boundary_into:
                ordered.append(boundary_into[step_id])
            ordered.extend(by_source.get(step_id, ()))
        return ordered

    # -- diagram interchange --------------------------------------------------------------------
    def read_diagram(self) -> None:
        """Shapes and edges of the diagram interchange, by the id of their element."""
        self.shapes: dict[str, Bounds] = {}
        self.edges: dict[str, tuple[tuple[float, float], ...]] = {}
        steps = self.steps
        flow_ids = {element.get("id") for element, _ in self.sequence}
        planes = [plane for diagram in self.root.findall(_DIAGRAM)
                  for plane in diagram.findall(_PLANE)]
        self.other_shapes: dict[str, Bounds] = {}
        self.labels: dict[str, Bounds] = {}
        self.other_edges: dict[str, tuple[tuple[float, float], ...]] = {}
        self.expanded: dict[str, bool] = {}
        self.plane_of: dict[str, int] = {}

        def box(bounds) -> Bounds:
            get = bounds.get
            return Bounds(_coordinate(get("x", 0)), _coordinate(get("y", 0)),
                          _coordinate(get("width", 0)), _coordinate(get("height", 0)))

        label_bounds = f"{{{BPMNDI}}}BPMNLabel/{_BOUNDS}"
        try:
            for index, plane in enumerate(planes):
                for shape in plane.findall(_SHAPE):
                    ref = _ref(shape.get("bpmnElement"))
                    bounds = shape.find(_BOUNDS)
                    if bounds is None or ref is None:
                        continue
                    if ref in steps:
                        self.shapes[ref] = box(bounds)
                        self.plane_of[ref] = index
                        if shape.get("isExpanded") is not None or index:
                            self.expanded[ref] = shape.get("isExpanded") == "true" and not index
                    else:
                        self.other_shapes.setdefault(ref, box(bounds))
                    label = shape.find(label_bounds)
                    if label is not None:
                        self.labels[ref] = box(label)
            for edge in (e for plane in planes for e in plane.findall(_EDGE)):
                ref = _ref(edge.get("bpmnElement"))
                points = tuple([(_coordinate(p.get("x", 0)), _coordinate(p.get("y", 0)))
                                for p in edge.findall(_WAYPOINT)])
                if ref in flow_ids:
                    self.edges[ref] = points
                elif ref is not None:
                    self.other_edges[ref] = points
                label = edge.find(label_bounds)
                if label is not None and ref is not None:
                    self.labels[ref] = box(label)
        except ValueError:
            self.warn(None, "the diagram has coordinates that are not numbers; it is left out")
            self.shapes, self.edges, self.other_shapes, self.labels = {}, {}, {}, {}
            self.other_edges, self.expanded = {}, {}

    def drawing(self, steps: dict[str, Step], flows: list[Flow],
                message_flows: tuple[MessageFlow, ...]) -> Drawing | None:
        """The diagram by the ids of the model: lanes by actor, pools, labels, messages."""
        if not self.shapes and not self.unnamed:
            return None
        bands: dict[str, Bounds] = {}
        for lane in self.lanes:
            if lane["id"] in self.other_shapes:
                bands[lane["ext"].get("id") or lane["id"]] = self.other_shapes[lane["id"]]
        for lane_id, name in self.agency_lanes.items():
            if lane_id in self.other_shapes:
                bands[f"agency:{name}"] = self.other_shapes[lane_id]
        for pool_id in self.pool_ids:
            if pool_id in self.other_shapes:
                bands[pool_id] = self.other_shapes[pool_id]
        if self.process_pool_id in self.other_shapes:
            bands[""] = self.other_shapes[self.process_pool_id]
        renamed = self.renamed
        labels = {renamed.get(k, k): v for k, v in self.labels.items()}
        messages = {m.id: self.other_edges[m.id] for m in message_flows
                    if m.id in self.other_edges}
        for step_id, fields in self.steps.items():
            parent = fields.get("parent")
            if parent in self.plane_of and step_id in self.plane_of \
                    and self.plane_of[step_id] != self.plane_of[parent]:
                self.expanded[parent] = False   # its steps are drawn on a plane of their own
        expanded = {renamed.get(k, k): v for k, v in self.expanded.items()}
        added = {k: self.shapes[k] for k in self.added if k in self.shapes}
        data: dict[tuple[str, str], tuple[Bounds, Bounds | None]] = {}
        for table in (self.inputs, self.outputs):
            for step_id, refs in table.items():
                for ref in refs:
                    target = self.references.get(ref, ref)
                    if ref in self.other_shapes and target in self.documents:
                        key = (renamed.get(step_id, step_id), self.documents[target]["id"])
                        data.setdefault(key, (self.other_shapes[ref], self.labels.get(ref)))
        return Drawing(MappingProxyType(bands), MappingProxyType(labels),
                       MappingProxyType(messages), MappingProxyType(expanded),
                       MappingProxyType(added), frozenset(self.added.values()),
                       MappingProxyType(data), frozenset(self.unnamed))


def _keep(value: str) -> tuple[bool, tuple[str, ...]]:
    """``bpmodel:keep``: "true", "false", or the aspects it locks separated by spaces.

    >>> _keep("true"), _keep("actor channel")
    ((True, ()), (True, ('actor', 'channel')))
    """
    words = value.split()
    if words in (["true"], ["false"], []):
        return words == ["true"], ()
    locks = tuple(lock for lock in KEEP_LOCKS if lock in words)
    return bool(locks), (() if set(locks) == set(KEEP_LOCKS) else locks)
