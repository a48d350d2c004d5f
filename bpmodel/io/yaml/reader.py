"""Read a process in the bpmodel YAML format (``spec/process-format.md``).

The reader composes the YAML into nodes (with libyaml when present) and builds
the model straight from them, so that every error can name its line and column
and PyYAML's slow object construction is skipped. Aliases are refused: they are
never needed in a process and are the vector of "billion laughs" attacks.

>>> loaded = loads_yaml('''
... bpmodel: 1
... process: {id: demo, name: Demo}
... actors: [{id: clerk, name: Clerk}]
... steps:
...   - {id: a, name: Ask, actor: clerk, work: 10min}
...   - {id: b, name: Answer, actor: clerk, work: 1h}
... ''')
>>> [(f.source, f.target) for f in loaded.process.flows]
[('a', 'b')]
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from ... import formula
from ...diagnostics import ERROR, WARNING, Diagnostic, InputError, Loaded, did_you_mean
from ...durations import (
    DurationError,
    parse_duration,
    three_point,
)
from ...gcpause import paused_gc
from ...i18n import LANGUAGES, N_, _
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
    ACTOR_ASSUMABLE,
    ACTOR_KINDS,
    ARRIVALS,
    ASSUMABLE,
    BOUNDARY,
    CONTACTS,
    EVENT,
    EVENT_KINDS,
    GATEWAY,
    GATEWAY_KINDS,
    KEEP_LOCKS,
    PRESENCES,
    PROCESS_ASSUMABLE,
    STEP_TYPES,
    SUBPROCESS_KINDS,
    TASK,
    TASK_KINDS,
    TRIGGERS,
    ZERO,
    Actor,
    Calendar,
    Document,
    Duration,
    Flow,
    Location,
    MessageFlow,
    Pool,
    Process,
    Step,
    System,
)
from ...validate import merge_problems, structural_diagnostics
from ..files import read_input
from .format import (
    ACTOR_KEYS,
    BATCH_WORDS,
    BRANCH_KEYS,
    CALENDAR_KEYS,
    DOCUMENT_ASSUMABLE,
    DOCUMENT_KEYS,
    END_WORDS,
    FORMAT_VERSION,
    MESSAGE_KEYS,
    POOL_KEYS,
    PROCESS_KEYS,
    STEP_KEYS,
    SYSTEM_KEYS,
    THREE_POINT_KEYS,
    TOP_KEYS,
)

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_SCALARS = yaml.constructor.SafeConstructor()
_CONSTRUCTORS = {_BOOL: _SCALARS.construct_yaml_bool, _INT: _SCALARS.construct_yaml_int,
                 _FLOAT: _SCALARS.construct_yaml_float}


def _finite(value: int | float) -> bool:
    """True for a number bpmodel can compute with: finite and at most MAX_NUMBER.

    >>> _finite(12.5), _finite(float("inf")), _finite(10 ** 400), _finite(float("nan"))
    (True, False, False, False)
    """
    return -MAX_NUMBER <= value <= MAX_NUMBER     # False for NaN too


def _short(text: str, limit: int = 40) -> str:
    """``text`` quoted, cut to ``limit`` characters with the length said."""
    if len(text) <= limit:
        return repr(text)
    return f"{text[:limit]!r}... ({len(text)} characters)"


class _Reader:
    """Builds a Process from composed YAML nodes, collecting diagnostics."""

    def __init__(self, filename: str, strict: bool = True):
        self.filename = filename
        self.strict = strict
        self.diagnostics: list[Diagnostic] = []
        self.attachments: dict[str, tuple[str, yaml.Node]] = {}
        self.parameters: dict[str, float] = {}
        # where each id of a step's merged_from is written
        self.merge_nodes: dict[str, list[yaml.Node]] = {}

    # -- diagnostics -------------------------------------------------------------
    def report(self, severity: str, node: yaml.Node | None, message: str) -> None:
        line = column = None
        if node is not None:
            line, column = node.start_mark.line + 1, node.start_mark.column + 1
        self.diagnostics.append(Diagnostic(severity, message, self.filename, line, column))

    def error(self, node: yaml.Node | None, message: str) -> None:
        self.report(ERROR, node, message)

    def warn(self, node: yaml.Node | None, message: str) -> None:
        self.report(WARNING, node, message)

    def error_at(self, at: Location | None, message: str) -> None:
        self.diagnostics.append(Diagnostic(ERROR, message, self.filename,
                                           at.line if at else None, at.column if at else None))

    @staticmethod
    def at(node: yaml.Node) -> Location:
        return Location(node.start_mark.line + 1, node.start_mark.column + 1)

    # -- node access -------------------------------------------------------------
    def mapping(self, node: yaml.Node, where: str, keys: tuple[str, ...],
                required: tuple[str, ...] = ()) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """The entries of a mapping node as ``{key: (key_node, value_node)}``."""
        if not isinstance(node, yaml.MappingNode):
            self.error(node, _("{where}: expected a mapping of keys, got {found}").format(
                where=where, found=_describe(node)))
            return {}
        entries: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.error(key_node, _("{where}: a key must be a plain word").format(
                    where=where))
                continue
            key = key_node.value
            if key == "<<":
                self.error(key_node, _("{where}: merge keys (<<) are not allowed").format(
                    where=where))
                continue
            if key in entries:
                self.error(key_node, _("{where}: key {key} is given twice").format(
                    where=where, key=repr(key)))
                continue
            if key not in keys:
                self.error(key_node, _("{where}: unknown key {key}{hint}").format(
                    where=where, key=repr(key), hint=did_you_mean(key, keys)))
                continue
            entries[key] = (key_node, value_node)
        for key in required:
            if key not in entries:
                self.error(node, _("{where}: missing required key {key}").format(
                    where=where, key=repr(key)))
        return entries

    def sequence(self, node: yaml.Node, where: str) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, _("{where}: expected a list, got {found}").format(
                where=where, found=_describe(node)))
            return []
        return list(node.value)

    def scalar(self, node: yaml.Node, where: str) -> Any:
        """The Python value of a scalar node (str, int, float, bool or None)."""
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, _("{where}: expected a single value, got {found}").format(
                where=where, found=_describe(node)))
            return _INVALID
        tag = node.tag
        if tag == _STR:
            return node.value
        if tag == _NULL:
            return None
        if tag in _CONSTRUCTORS:
            what = {_BOOL: "true or false", _INT: "an integer", _FLOAT: "a number"}[tag]
            if len(node.value) > MAX_NUMBER_DIGITS:
                self.error(node, f"{where}: a value of {len(node.value)} characters is too "
                                 f"long for {what}")
                return _INVALID
            try:
                return _CONSTRUCTORS[tag](node)
            except (ValueError, KeyError, TypeError, OverflowError):
                self.error(node, f"{where}: {node.value!r} is not {what}")
                return _INVALID
        return node.value

    def text(self, node: yaml.Node, where: str, *, optional: bool = True) -> str | None:
        value = self.scalar(node, where)
        if value is _INVALID:
            return None
        if value is None:
            if not optional:
                self.error(node, _("{where}: must not be empty").format(
                    where=where))
            return None
        if isinstance(value, bool):
            self.error(node, _("{where}: expected text, got {found}").format(
                where=where, found=str(value).lower()))
            return None
        if isinstance(value, float):
            return repr(value)
        value = str(value)
        problem = control_character(value)
        if problem is not None:
            self.error(node, f"{where}: {problem}; remove it or write the text without "
                             "it")
            return None
        return value

    def identifier(self, node: yaml.Node, where: str) -> str | None:
        value = self.text(node, where, optional=False)
        if value is not None and not value.strip():
            self.error(node, _("{where}: an id must not be blank").format(
                where=where))
            return None
        if value is not None and (problem := control_character(value, in_id=True)):
            self.error(node, f"{where}: an id must not hold {problem}")
            return None
        if value is not None and len(value) > MAX_ID:
            self.error(node, f"{where}: an id of {len(value)} characters is too long; ids have at "
                             f"most {MAX_ID}")
            return None
        return value

    def name(self, node: yaml.Node, where: str) -> str | None:
        """A required name, at most MAX_NAME characters."""
        value = self.text(node, where, optional=False)
        if value is not None and len(value) > MAX_NAME:
            self.error(node, f"{where}: a name of {len(value)} characters is too long; names have "
                             f"at most {MAX_NAME} (put the rest in description)")
            return None
        return value

    def number(self, node: yaml.Node, where: str, *, low: float = 0.0,
               high: float = math.inf) -> float | None:
        value = self.scalar(node, where)
        if value is _INVALID or value is None:
            if value is None:
                self.error(node, _("{where}: expected a number, got nothing").format(
                    where=where))
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.error(node, _("{where}: expected a number, got {value}").format(
                where=where, value=repr(value)))
            return None
        if not _finite(value):
            self.error(node, f"{where}: {_short(node.value)} is not a finite number; numbers "
                             f"must be at most {MAX_NUMBER:g}")
            return None
        if math.isnan(value) or not low <= value <= high:
            bounds = (_("between {low} and {high}").format(low=f"{low:g}", high=f"{high:g}")
                      if high != math.inf else _("{low} or more").format(low=f"{low:g}"))
            self.error(node, _("{where}: {value} is out of range; it must be {bounds}").format(
                where=where, value=repr(value), bounds=bounds))
            return None
        return float(value)

    def flag(self, node: yaml.Node, where: str) -> bool:
        value = self.scalar(node, where)
        if isinstance(value, bool):
            return value
        if value is not _INVALID:
            self.error(node, _("{where}: expected true or false, got {value}").format(
                where=where, value=repr(value)))
        return False

    def choice(self, node: yaml.Node, where: str, choices: tuple[str, ...]) -> str | None:
        value = self.text(node, where, optional=False)
        if value is None:
            return None
        if value not in choices:
            self.error(node, _("{where}: {value} is not one of {choices}{hint}").format(
                where=where, value=repr(value), choices=', '.join(choices),
                hint=did_you_mean(value, choices)))
            return None
        return value

    def duration(self, node: yaml.Node, where: str, calendar: Calendar) -> Duration | None:
        if isinstance(node, yaml.MappingNode):
            entries = self.mapping(node, where, THREE_POINT_KEYS, THREE_POINT_KEYS)
            if len(entries) != 3:
                return None
            points = [self.duration(entries[k][1], f"{where}.{k}", calendar)
                      for k in THREE_POINT_KEYS]
            if any(p is None or p.is_range for p in points):
                if all(p is not None for p in points):
                    self.error(node, _("{where}: min, likely and max must be single "
                                       "figures").format(
                        where=where))
                return None
            try:
                return three_point(*(p.likely for p in points))
            except DurationError as exc:
                self.error(node, _("{where}: {exc}").format(
                    where=where, exc=exc))
                return None
        if isinstance(node, yaml.SequenceNode):
            self.error(node, _("{where}: expected a duration like 2h or 3d, got a list").format(
                where=where))
            return None
        value = self.scalar(node, where)
        if value is _INVALID:
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if not _finite(value):
                self.error(node, _("{where}: {value} is not a duration; write it like 2h or "
                                   "3d").format(where=where, value=_short(node.value)))
            elif value < 0:
                self.error(node, _("{where}: duration {value} is negative; durations are"
                                   " 0 or more").format(
                    where=where, value=repr(value)))
            else:
                self.error(node, _("{where}: duration {value} has no unit; write it like "
                                   "{number}h or {number}d").format(
                    where=where, value=repr(value), number=f"{value:g}"))
            return None
        if not isinstance(value, str):
            self.error(node, _("{where}: expected a duration like 2h or 3d, got {value}").format(
                where=where, value=repr(value)))
            return None
        try:
            return _rounded(parse_duration(value, calendar))
        except DurationError as exc:
            self.error(node, _("{where}: {exc}").format(
                where=where, exc=exc))
            return None

    def id_list(self, node: yaml.Node, where: str) -> list[tuple[str, yaml.Node]]:
        """A single id or a list of ids, each with its node (for error positions)."""
        if isinstance(node, yaml.SequenceNode):
            items = self.sequence(node, where)
            out = []
            for i, item in enumerate(items):
                value = self.identifier(item, f"{where}[{i}]")
                if value is not None:
                    out.append((value, item))
            return out
        value = self.identifier(node, where)
        return [(value, node)] if value is not None else []


class _Invalid:
    def __repr__(self) -> str:
        return "<invalid>"


_INVALID = _Invalid()


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return _("a mapping")
    if isinstance(node, yaml.SequenceNode):
        return _("a list")
    return f"{node.value!r}" if node.value != "" else _("nothing")


def _rounded(duration: Duration) -> Duration:
    return Duration(round(duration.low, 9), round(duration.likely, 9), round(duration.high, 9))


# ----------------------------------------------------------------------------------------
# reading

def read_text(path: str | Path) -> str:
    """The text of a process file, or an InputError that says why it cannot be read."""
    return decode(read_input(path), str(path))


def decode(data: bytes, name: str) -> str:
    """UTF-8 text of ``data``; binary and non-UTF-8 content is refused with its position."""
    if b"\x00" in data[:8192]:
        raise InputError.single(_("is a binary file, not a YAML process"), name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError.single(
            _("is not UTF-8 text (byte {byte}); save the file as UTF-8").format(
                byte=f"0x{data[exc.start]:02x}"),
            name, line, column) from None
    return text


def load_yaml(path: str | Path, *, strict: bool = True) -> Loaded:
    """Read a process file; raises :class:`InputError` listing every error found."""
    return loads_yaml(read_text(path), str(path), strict=strict)


def loads_yaml(text: str, filename: str = "<string>", *, strict: bool = True) -> Loaded:
    """Read a process from YAML text; raises :class:`InputError` listing every error found.

    With ``strict=False`` an unsound structure (unreachable steps, loops without a way
    out, gateways without branches, no steps at all) is a warning, not an error: what
    converting a file needs, as BPMN allows such models.
    """
    with paused_gc():  # many small nodes, no cycles: the collector would only slow it
        return _loads(text, filename, strict)


def _loads(text: str, filename: str, strict: bool) -> Loaded:
    try:
        _refuse_aliases(text, filename)
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "syntax error"
        if mark is not None:
            raise InputError.single(_("YAML syntax error: {problem}").format(
                problem=problem), filename, mark.line + 1, mark.column + 1) from None
        raise InputError.single(_("YAML syntax error: {problem}").format(
            problem=problem), filename) from None
    except yaml.YAMLError as exc:
        raise InputError.single(_("YAML error: {exc}").format(
            exc=exc), filename) from None
    if root is None:
        raise InputError.single(_("the file is empty; a process needs bpmodel, process, "
                                  "actors and steps"), filename)
    reader = _Reader(filename, strict)
    process = _build(reader, root)
    diagnostics = list(reader.diagnostics)
    if process is not None and not any(d.severity == ERROR for d in diagnostics):
        structure = structural_diagnostics(process, filename)
        if not strict:
            structure = [Diagnostic(WARNING, d.message, d.file, d.line, d.column)
                         for d in structure]
        diagnostics.extend(structure)
    if process is None or any(d.severity == ERROR for d in diagnostics):
        raise InputError(diagnostics)
    return Loaded(process, tuple(diagnostics))


def _refuse_aliases(text: str, filename: str) -> None:
    """Refuse anchors and aliases: never needed in a process, and the vector of
    "billion laughs" memory attacks. Texts without ``&`` or ``*`` skip the scan."""
    if "*" not in text and "&" not in text:
        return
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            mark = event.start_mark
            raise InputError.single(_("YAML aliases (*name) are not allowed in process files"),
                                    filename, mark.line + 1, mark.column + 1)


def _build(r: _Reader, root: yaml.Node) -> Process | None:
    if not isinstance(root, yaml.MappingNode):
        r.error(root, _("the top level must be a mapping with bpmodel, process, actors "
                        "and steps, got {value}").format(
            value=_describe(root)))
        return None
    top = r.mapping(root, "top level", TOP_KEYS, ("bpmodel", "process", "actors", "steps"))
    if "bpmodel" in top:
        node = top["bpmodel"][1]
        version = r.scalar(node, "bpmodel")
        if version is not _INVALID and (type(version) is not int or version != FORMAT_VERSION):
            r.error(node, _("bpmodel: format version {version} is not supported; use 1").format(
                version=(node.value if len(node.value) <= 40 else _short(node.value))
                if isinstance(node, yaml.ScalarNode) else _describe(node)))
    if "process" not in top:
        return None
    meta = _process_meta(r, top["process"][1])
    calendar = meta.get("calendar", Calendar())

    pools = _records(r, top, "pools", POOL_KEYS, _pool)
    actors = _records(r, top, "actors", ACTOR_KEYS, _actor)
    documents = _records(r, top, "documents", DOCUMENT_KEYS, _document)
    systems = _records(r, top, "systems", SYSTEM_KEYS, _system)
    ids = {
        "actor": {a.id for a in actors},
        "document": {d.id for d in documents},
        "system": {s.id for s in systems},
        "pool": {p.id for p in pools},
    }
    _check_actor_references(r, actors, ids["pool"])
    step_nodes = r.sequence(top["steps"][1], "steps") if "steps" in top else []
    if "steps" in top and not step_nodes and isinstance(top["steps"][1], yaml.SequenceNode):
        (r.error if r.strict else r.warn)(top["steps"][1],
                                          "steps: a process needs at least one step")
    parsed = [_step(r, node, i, calendar, ids) for i, node in enumerate(step_nodes)]
    steps = [p[0] for p in parsed if p is not None]
    _check_unique(r, "steps", [(s.id, n) for s, n, _ in (p for p in parsed if p)])
    _check_merges(r, steps)
    flows = _flows(r, parsed)
    _check_containers(r, parsed)
    messages = _message_flows(r, top, {s.id for s in steps} | ids["pool"])
    if "id" not in meta or "name" not in meta:
        return None
    return Process(
        steps=tuple(steps), flows=tuple(flows), actors=tuple(actors),
        documents=tuple(documents), systems=tuple(systems), message_flows=tuple(messages),
        pools=tuple(pools), **meta)


def _check_actor_references(r: _Reader, actors: list[Actor], pools: set[str]) -> None:
    """Errors for pool and parent references that name nothing, or lanes nested in a circle."""
    by_id = {a.id: a for a in actors}
    for actor in actors:
        where = f"actors ({actor.id})"
        if actor.pool is not None and actor.pool not in pools:
            r.error_at(actor.at, _("{where}.pool: no pool with id {pool}{hint}").format(
                where=where, pool=repr(actor.pool), hint=did_you_mean(actor.pool, pools)))
        if actor.parent is not None and actor.parent not in by_id:
            r.error_at(actor.at, _("{where}.parent: no actor with id {parent}{hint}").format(
                where=where, parent=repr(actor.parent), hint=did_you_mean(actor.parent, by_id)))
        seen = {actor.id}
        parent = by_id.get(actor.parent) if actor.parent else None
        while parent is not None:
            if parent.id in seen:
                r.error_at(actor.at, _("{where}.parent: lanes nest in a circle").format(
                    where=where))
                break
            if len(seen) > MAX_DEPTH:
                r.error_at(actor.at, _("{where}.parent: lanes nest more than {depth} deep")
                           .format(where=where, depth=MAX_DEPTH))
                break
            seen.add(parent.id)
            parent = by_id.get(parent.parent) if parent.parent else None


def _check_containers(r: _Reader, parsed: list) -> None:
    """``parent`` names a sub-process, ``attached_to`` an activity; neither in a circle."""
    steps = {p[0].id: p[0] for p in parsed if p is not None}
    for step, id_node, _entries in (p for p in parsed if p is not None):
        if step.parent is None:
            continue
        parent = steps.get(step.parent)
        where = f"step {step.id!r} parent"
        if parent is None:
            r.error(id_node, _("{where}: no step with id {parent}{hint}").format(
                where=where, parent=repr(step.parent), hint=did_you_mean(step.parent, steps)))
        elif not parent.is_subprocess:
            r.error(id_node, _("{where}: {parent} is not a sub-process (a task with kind"
                               " {value})").format(
                where=where, parent=repr(step.parent), value=', '.join(SUBPROCESS_KINDS)))
        seen = {step.id}
        while parent is not None and parent.parent is not None:
            if parent.id in seen:
                r.error(id_node, _("{where}: sub-processes contain each other in a "
                                   "circle").format(
                    where=where))
                break
            if len(seen) > MAX_DEPTH:
                r.error(id_node, _("{where}: sub-processes nest more than {depth} deep")
                        .format(where=where, depth=MAX_DEPTH))
                break
            seen.add(parent.id)
            parent = steps.get(parent.parent)


def _message_flows(r: _Reader, top: dict, known: set[str]) -> list[MessageFlow]:
    if "message_flows" not in top:
        return []
    out = []
    for i, node in enumerate(r.sequence(top["message_flows"][1], "message_flows")):
        where = f"message_flows[{i}]"
        e = r.mapping(node, where, MESSAGE_KEYS, ("from", "to"))
        ends = []
        for key in ("from", "to"):
            if key in e and (value := r.identifier(e[key][1], f"{where}.{key}")) is not None:
                ends.append(_reference(r, value, e[key][1], f"{where}.{key}", "step or pool",
                                       known))
        if len(ends) != 2 or None in ends:
            continue
        name = r.text(e["name"][1], f"{where}.name") if "name" in e else None
        flow_id = r.identifier(e["id"][1], f"{where}.id") if "id" in e else None
        out.append(MessageFlow(ends[0], ends[1], name, flow_id, at=r.at(node)))
    return out


def _process_meta(r: _Reader, node: yaml.Node) -> dict[str, Any]:
    entries = r.mapping(node, "process", PROCESS_KEYS, ("id", "name"))
    meta: dict[str, Any] = {}
    if "calendar" in entries:
        cal = r.mapping(entries["calendar"][1], "process.calendar", CALENDAR_KEYS)
        values = {}
        for key, (_key_node, value_node) in cal.items():
            high = 24 if key == "hours_per_day" else 7
            number = r.number(value_node, f"process.calendar.{key}", high=high)
            if number is not None and number == 0:
                r.error(value_node, _("process.calendar.{key}: must be more than 0").format(
                    key=key))
            elif number is not None:
                values[key] = number
        meta["calendar"] = Calendar(**values)
    calendar = meta.get("calendar", Calendar())
    for key in ("id", "name"):
        if key in entries:
            read = r.identifier if key == "id" else r.name
            value = read(entries[key][1], f"process.{key}")
            if value is not None and value.strip():
                meta[key] = value
            elif value is not None:
                r.error(entries[key][1], f"process.{key}: must not be blank")
    for key in ("owner", "description", "currency", "source"):
        if key in entries:
            meta[key] = r.text(entries[key][1], f"process.{key}")
    if "lang" in entries:
        meta["lang"] = r.choice(entries["lang"][1], "process.lang", LANGUAGES)
    if "volume" in entries:
        meta["volume"] = r.number(entries["volume"][1], "process.volume")
    if "arrivals" in entries:
        meta["arrivals"] = r.choice(entries["arrivals"][1], "process.arrivals", ARRIVALS)
    if "target" in entries:
        meta["target"] = r.duration(entries["target"][1], "process.target", calendar)
    if "tariff" in entries:
        tariff = r.mapping(entries["tariff"][1], "process.tariff", ACTOR_KINDS)
        meta["tariff"] = {k: v for k, (_, n) in tariff.items()
                          if (v := r.number(n, f"process.tariff.{k}")) is not None}
    meta.update(_process_burden(r, entries, calendar))
    return meta


def _process_burden(r: _Reader, entries: dict, calendar: Calendar) -> dict[str, Any]:
    """The keys of issue 13: visit overhead, fee parameters, service, region, coverage."""
    meta: dict[str, Any] = {}
    if "visit_overhead" in entries:
        meta["visit_overhead"] = r.duration(entries["visit_overhead"][1],
                                            "process.visit_overhead", calendar)
    if "visit_cost" in entries:
        meta["visit_cost"] = r.number(entries["visit_cost"][1], "process.visit_cost")
    if "assumed" in entries:
        meta["assumed"] = _assumed(r, entries, "process", PROCESS_ASSUMABLE)
    if "parameters" in entries:
        node = entries["parameters"][1]
        values = {}
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                name = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
                if not name or not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", name):
                    r.error(key_node, f"process.parameters: {name!r} is not a parameter "
                                      f"name (letters, digits and _, starting with a letter)")
                    continue
                number = r.number(value_node, f"process.parameters.{name}", low=-math.inf)
                if number is not None:
                    values[name] = number
        else:
            r.error(node, f"process.parameters: expected a mapping of names to numbers, "
                          f"got {_describe(node)}")
        meta["parameters"] = values
    for key in ("service", "region", "coverage"):
        if key in entries:
            meta[key] = r.text(entries[key][1], f"process.{key}")
    r.parameters = meta.get("parameters", {})
    return meta


def _records(r: _Reader, top: dict, key: str, keys: tuple[str, ...],
             build: Callable[..., Any]) -> list:
    if key not in top:
        return []
    out = []
    seen: list[tuple[str, yaml.Node]] = []
    for i, node in enumerate(r.sequence(top[key][1], key)):
        where = f"{key}[{i}]"
        entries = r.mapping(node, where, keys, ("id", "name"))
        if "id" not in entries or "name" not in entries:
            continue
        record_id = r.identifier(entries["id"][1], f"{where}.id")
        name = r.name(entries["name"][1], f"{where}.name")
        if record_id is None or name is None:
            continue
        seen.append((record_id, entries["id"][1]))
        out.append(build(r, entries, where, node, record_id, name))
    _check_unique(r, key, seen)
    return out


def _actor(r: _Reader, e: dict, where: str, node, actor_id: str, name: str) -> Actor:
    kind = r.choice(e["kind"][1], f"{where}.kind", ACTOR_KINDS) if "kind" in e else None
    agency = r.text(e["agency"][1], f"{where}.agency") if "agency" in e else None
    pool = r.identifier(e["pool"][1], f"{where}.pool") if "pool" in e else None
    parent = r.identifier(e["parent"][1], f"{where}.parent") if "parent" in e else None
    staff = None
    if "staff" in e:
        number = r.number(e["staff"][1], f"{where}.staff", low=1)
        if number is not None and number != int(number):
            r.error(e["staff"][1], f"{where}.staff: {number:g} is not a whole number of "
                                   f"people")
        elif number is not None:
            staff = int(number)
    return Actor(actor_id, name, kind or "staff", agency, pool, parent, staff, at=r.at(node),
                 assumed=_assumed(r, e, where, ACTOR_ASSUMABLE))


def _pool(r: _Reader, e: dict, where: str, node, pool_id: str, name: str) -> Pool:
    process = r.identifier(e["process"][1], f"{where}.process") if "process" in e else None
    return Pool(pool_id, name, process, at=r.at(node))


def _document(r: _Reader, e: dict, where: str, node, doc_id: str, name: str) -> Document:
    issued_by = r.text(e["issued_by"][1], f"{where}.issued_by") if "issued_by" in e else None
    assumed = _assumed(r, e, where, DOCUMENT_ASSUMABLE)
    government = r.flag(e["government"][1], f"{where}.government") if "government" in e \
        else None
    basis = r.text(e["legal_basis"][1], f"{where}.legal_basis") if "legal_basis" in e else None
    return Document(doc_id, name, issued_by, assumed, at=r.at(node), government=government,
                    legal_basis=basis)


def _assumed(r: _Reader, e: dict, where: str, facts: tuple[str, ...]) -> tuple[str, ...]:
    """The ``assumed`` marker: which facts of a step, actor or document are assumptions."""
    if "assumed" not in e:
        return ()
    return tuple(dict.fromkeys(
        value for value, n in r.id_list(e["assumed"][1], f"{where}.assumed")
        if r.choice(n, f"{where}.assumed", facts) is not None))


def _system(r: _Reader, e: dict, where: str, node, system_id: str, name: str) -> System:
    record = r.flag(e["record"][1], f"{where}.record") if "record" in e else False
    return System(system_id, name, record, at=r.at(node))


def _keep(r: _Reader, node: yaml.Node, where: str) -> tuple[bool, tuple[str, ...]]:
    """``keep``: true or false, or the list of what it locks (existence, actor, agency,
    channel); a list always locks the step's existence too."""
    if not isinstance(node, yaml.SequenceNode):
        return r.flag(node, where), ()
    locks = [r.choice(item, f"{where}[{i}]", KEEP_LOCKS)
             for i, item in enumerate(r.sequence(node, where))]
    chosen = tuple(dict.fromkeys(lock for lock in locks if lock))
    if not chosen:
        r.error(node, f"{where}: name what it locks: {', '.join(KEEP_LOCKS)}, or write true")
        return False, ()
    if set(chosen) == set(KEEP_LOCKS):
        return True, ()
    return True, tuple(lock for lock in KEEP_LOCKS if lock in chosen)


def _check_unique(r: _Reader, where: str, items: list[tuple[str, yaml.Node]]) -> None:
    first: dict[str, yaml.Node] = {}
    for item_id, node in items:
        if item_id in first:
            r.error(node, _("{where}: duplicate id {item_id} (first defined on line "
                            "{value})").format(
                where=where, item_id=repr(item_id), value=first[item_id].start_mark.line + 1))
        else:
            first[item_id] = node


REFERENCED = {"step": N_("step"), "actor": N_("actor"), "document": N_("document"),
              "system": N_("system"), "pool": N_("pool"), "step or pool": N_("step or pool")}


def _reference(r: _Reader, value: str, node: yaml.Node, where: str, what: str,
               known: set[str]) -> str | None:
    if value in known:
        return value
    hint = did_you_mean(value, known)
    if not hint and what in ("document", "actor", "system"):
        hint = "; " + _("declare it under {key}").format(key=f"{what}s")
    r.error(node, _("{where}: no {what} with id {value}{hint}").format(
        where=where, what=_(REFERENCED.get(what, what)), value=repr(value), hint=hint))
    return None


def _scalar_entry(node: yaml.Node, key: str) -> str | None:
    """The plain value of ``key`` in a mapping node, read before the mapping is checked
    (so that errors about a step's keys can already name the step)."""
    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, value_node in node.value:
        if getattr(key_node, "value", None) == key and isinstance(value_node, yaml.ScalarNode):
            return value_node.value or None
    return None


def _step(r: _Reader, node: yaml.Node, index: int, calendar: Calendar,
          ids: dict[str, set[str]]) -> tuple[Step, yaml.Node, yaml.Node | None] | None:
    where = f"steps[{index}]"
    named = _scalar_entry(node, "id")
    e = r.mapping(node, f"{where} ({named})" if named else where, STEP_KEYS, ("id", "name"))
    if "id" not in e or "name" not in e:
        return None
    step_id = r.identifier(e["id"][1], f"{where}.id")
    name = r.name(e["name"][1], f"{where}.name")
    if step_id is None or name is None:
        return None
    where = f"steps[{index}] ({step_id})"
    fields: dict[str, Any] = {}
    step_type = r.choice(e["type"][1], f"{where}.type", STEP_TYPES) if "type" in e else TASK
    step_type = step_type or TASK
    if "kind" in e:
        kinds = {GATEWAY: GATEWAY_KINDS, EVENT: EVENT_KINDS, TASK: TASK_KINDS}[step_type]
        fields["kind"] = r.choice(e["kind"][1], f"{where}.kind", kinds)
    elif step_type == GATEWAY:
        r.error(node, _("{where}: a gateway needs a kind: xor, and or or").format(
            where=where))
    elif step_type == EVENT:
        r.error(node, _("{where}: an event needs a kind: start, end, timer or message").format(
            where=where))
    if "trigger" in e:
        if step_type != EVENT:
            r.error(e["trigger"][0], _("{where}.trigger: only events have a trigger").format(
                where=where))
        else:
            fields["trigger"] = r.choice(e["trigger"][1], f"{where}.trigger", TRIGGERS)
    if "interrupting" in e:
        fields["interrupting"] = r.flag(e["interrupting"][1], f"{where}.interrupting")
    if "parent" in e:
        fields["parent"] = r.identifier(e["parent"][1], f"{where}.parent")
    attached = None
    if "attached_to" in e:
        if fields.get("kind") != "boundary":
            r.error(e["attached_to"][0], _("{where}.attached_to: only events of kind "
                                           "boundary are attached to an activity").format(
                where=where))
        else:
            attached = r.identifier(e["attached_to"][1], f"{where}.attached_to")
    elif fields.get("kind") == "boundary":
        r.error(node, _("{where}: a boundary event needs attached_to: the activity it "
                        "sits on").format(
            where=where))
    if "actor" in e and (actor := r.identifier(e["actor"][1], f"{where}.actor")) is not None:
        fields["actor"] = _reference(r, actor, e["actor"][1], f"{where}.actor", "actor",
                                     ids["actor"])
    if "signatory" in e and (
            signatory := r.identifier(e["signatory"][1], f"{where}.signatory")) is not None:
        fields["signatory"] = _reference(r, signatory, e["signatory"][1], f"{where}.signatory",
                                         "actor", ids["actor"])
    if "system" in e and (system := r.identifier(e["system"][1], f"{where}.system")):
        fields["system"] = _reference(r, system, e["system"][1], f"{where}.system", "system",
                                      ids["system"])
    for key in ("work", "wait"):
        if key in e:
            fields[key] = r.duration(e[key][1], f"{where}.{key}", calendar) or ZERO
    if step_type == TASK and fields.get("kind") not in SUBPROCESS_KINDS \
            and "work" not in e and "wait" not in e:
        fields["time_known"] = False  # not given is not 0: see Step.time_known
    elif step_type == TASK and fields.get("kind") not in SUBPROCESS_KINDS \
            and "work" not in e:
        fields["work_known"] = False  # a service period: the hours worked are not given
    if "action" in e:
        fields["action"] = r.choice(e["action"][1], f"{where}.action", ACTIONS)
    if "contact" in e:
        fields["contact"] = r.choice(e["contact"][1], f"{where}.contact", CONTACTS)
    for key in ("object", "legal_basis", "description"):
        if key in e:
            fields[key] = r.text(e[key][1], f"{where}.{key}")
    if "fee" in e:
        fields.update(_fee(r, e["fee"][1], f"{where}.fee"))
    if "visit_overhead" in e:
        fields["visit_overhead"] = r.duration(e["visit_overhead"][1],
                                              f"{where}.visit_overhead", calendar)
    if "visit_cost" in e:
        fields["visit_cost"] = r.number(e["visit_cost"][1], f"{where}.visit_cost")
    if "costs" in e:
        fields["costs"] = _costs(r, e["costs"][1], f"{where}.costs")
    fields["assumed"] = _assumed(r, e, where, ASSUMABLE) or None
    if "keep" in e:
        fields["keep"], fields["locks"] = _keep(r, e["keep"][1], f"{where}.keep")
    if "batch" in e:
        fields["batch"] = _batch(r, e["batch"][1], f"{where}.batch", calendar)
    if "presence" in e:
        fields["presence"] = r.choice(e["presence"][1], f"{where}.presence", PRESENCES)
    if "competent" in e:
        fields["competent"] = r.flag(e["competent"][1], f"{where}.competent")
    if "merged_from" in e:
        fields["merged_from"] = _merged_from(r, e["merged_from"][1], f"{where}.merged_from",
                                             step_id) or None
    for key in ("needs", "produces"):
        if key in e:
            refs = r.id_list(e[key][1], f"{where}.{key}")
            fields[key] = tuple(
                doc for value, n in refs
                if (doc := _reference(r, value, n, f"{where}.{key}", "document",
                                      ids["document"])) is not None)
    step = Step(step_id, name, step_type, at=r.at(node),
                **{k: v for k, v in fields.items() if v is not None})
    if attached is not None:
        r.attachments[step_id] = (attached, e["attached_to"][1])
    return step, e["id"][1], (e["next"][1] if "next" in e else None)


def _merged_from(r: _Reader, node: yaml.Node, where: str, step_id: str) -> tuple[str, ...]:
    """``merged_from``: the ids of the original's steps whose work this step took over
    (ids of another file: they are not looked up here). Where each id is written is kept
    for :func:`_check_merges`."""
    ids = r.id_list(node, where)
    r.merge_nodes[step_id] = [n for _, n in ids]
    return tuple(value for value, _ in ids)


def _check_merges(r: _Reader, steps: list[Step]) -> None:
    """The problems of :func:`~bpmodel.validate.merge_problems`, at the ids written."""
    for severity, step, index, message in merge_problems(steps):
        nodes = r.merge_nodes.get(step.id, ())
        r.report(severity, nodes[index] if index < len(nodes) else None, message)


def _fee(r: _Reader, node: yaml.Node, where: str) -> dict[str, Any]:
    """``fee``: a number, ``unknown``, or a formula over the process's parameters."""
    value = r.scalar(node, where)
    if isinstance(value, str) and value.strip().lower() == "unknown":
        return {"fee_known": False}
    if not isinstance(value, str):
        return {"fee": r.number(node, where) or 0.0}
    if not r.parameters and not any(c in value for c in "+-*/()"):
        r.error(node, f"{where}: expected a number, got {value!r} (or unknown, or a formula "
                      f"over the names in process.parameters)")
        return {}
    try:
        tree = formula.parse(value)
        amount = formula.evaluate(tree, r.parameters)
    except formula.FormulaError as exc:
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        if "\n" not in value and "\\" not in value and node.style in (None, '"', "'"):
            column += exc.column - 1 + (node.style is not None)  # past the opening quote
        r.diagnostics.append(Diagnostic(ERROR, f"{where}: fee formula {value!r}: "
                                               f"{exc.message}", r.filename, line, column))
        return {}
    if amount < 0:
        r.error(node, f"{where}: fee formula {value!r} gives {amount:g}; a fee is 0 or more")
        return {}
    return {"fee": amount, "fee_formula": value.strip()}


def _costs(r: _Reader, node: yaml.Node, where: str) -> tuple[tuple[str, float], ...] | None:
    """``costs``: the applicant's out-of-pocket costs of a step, ``{item: amount}``."""
    if not isinstance(node, yaml.MappingNode):
        r.error(node, f"{where}: expected a mapping of items to amounts, like "
                      f"{{copies: 5000, materai: 10000}}, got {_describe(node)}")
        return None
    out = []
    for key_node, value_node in node.value:
        item = r.text(key_node, where, optional=False)
        amount = r.number(value_node, f"{where}.{item}")
        if item is not None and amount is not None:
            out.append((item, amount))
    return tuple(out)
def _batch(r: _Reader, node: yaml.Node, where: str, calendar: Calendar) -> float | None:
    """The period of a batched step in working hours: a duration, or daily, weekly, monthly."""
    word = node.value.strip().lower() if isinstance(node, yaml.ScalarNode) \
        and isinstance(node.value, str) else None
    if word in BATCH_WORDS:
        return BATCH_WORDS[word] * calendar.days_per_week * calendar.hours_per_day
    period = r.duration(node, where, calendar)
    if period is None:
        return None
    if period.is_range or period.hours <= 0:
        r.error(node, f"{where}: the period of a batch must be a single duration above 0 "
                      f"(like 1w) or daily, weekly or monthly")
        return None
    return period.hours


def _flows(r: _Reader, parsed: list) -> list[Flow]:
    """Explicit flows: ``next`` where given, else to the following step in the list."""
    valid = [p for p in parsed if p is not None]
    known = {step.id: step for step, _, _ in valid}
    ids = set(known)
    flows: list[Flow] = []
    for position, (step, id_node, next_node) in enumerate(valid):
        where = f"step {step.id!r}"
        if step.id in r.attachments:
            host, host_node = r.attachments[step.id]
            if _reference(r, host, host_node, f"{where} attached_to", "step", ids):
                if known[host].is_task:
                    flows.append(Flow(host, step.id, kind=BOUNDARY, at=r.at(host_node)))
                else:
                    r.error(host_node, _("{where} attached_to: {host} is not an activity").format(
                        where=where, host=repr(host)))
        if next_node is None:
            if step.is_event and step.kind == "end":
                continue
            if position + 1 < len(valid):
                flows.append(Flow(step.id, valid[position + 1][0].id, at=r.at(id_node)))
            continue
        flows.extend(_next(r, step, next_node, f"{where} next", ids))
    return flows


def _next(r: _Reader, step: Step, node: yaml.Node, where: str,
          known: set[str]) -> list[Flow]:
    branching = step.is_gateway and step.kind in ("xor", "or")
    if isinstance(node, yaml.ScalarNode):
        value = r.text(node, where)
        if value is None or value in END_WORDS:
            return []
        target = _reference(r, value, node, where, "step", known)
        return [Flow(step.id, target, at=r.at(node))] if target else []
    items = r.sequence(node, where)
    flows = []
    for i, item in enumerate(items):
        item_where = f"{where}[{i}]"
        if isinstance(item, yaml.MappingNode):
            e = r.mapping(item, item_where, BRANCH_KEYS, ("to",))
            if "to" not in e:
                continue
            value = r.identifier(e["to"][1], f"{item_where}.to")
            target = value and _reference(r, value, e["to"][1], f"{item_where}.to", "step",
                                          known)
            if not target:
                continue
            probability = condition = None
            default = False
            if "p" in e:
                probability = r.number(e["p"][1], f"{item_where}.p", high=1.0)
            if "when" in e:
                condition = r.text(e["when"][1], f"{item_where}.when")
            if "default" in e:
                default = r.flag(e["default"][1], f"{item_where}.default")
            if not branching and (probability is not None or (default and not step.is_task)):
                r.error(item, _("{item_where}: p and default belong on the branches of "
                                "an xor or or gateway; {id} is not one").format(
                    item_where=item_where, id=repr(step.id)))
            flows.append(Flow(step.id, target, probability, condition, default,
                              at=r.at(item)))
        else:
            value = r.identifier(item, item_where)
            if value is None:
                continue
            target = _reference(r, value, item, item_where, "step", known)
            if target:
                flows.append(Flow(step.id, target, at=r.at(item)))
    if branching and sum(f.default for f in flows) > 1:
        r.error(node, _("{where}: only one branch can be the default").format(
            where=where))
    if step.is_gateway and step.kind == "xor":
        _check_probabilities(r, node, where, flows)
    return flows


def _check_probabilities(r: _Reader, node: yaml.Node, where: str, flows: list[Flow]) -> None:
    given = [f.probability for f in flows if f.probability is not None]
    if not given:
        return
    total = sum(given)
    if len(given) == len(flows) and abs(total - 1) > 1e-6:
        r.error(node, _("{where}: the branch probabilities of an xor gateway must sum to 1; "
                        "they sum to {total}").format(where=where, total=f"{total:g}"))
    elif len(given) < len(flows):
        if total > 1 + 1e-6:
            r.error(node, _("{where}: the branch probabilities sum to {total}, more than "
                            "1").format(where=where, total=f"{total:g}"))
        else:
            r.warn(node, _("{where}: some branches have no p; the remaining {rest} is shared "
                           "equally among them").format(where=where, rest=f"{1 - total:g}"))
