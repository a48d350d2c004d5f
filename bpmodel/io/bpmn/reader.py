"""Read BPMN 2.0 XML into a Process, leniently, with a warning for everything left out.

XML goes through defusedxml with DTDs refused, so entity expansion ("billion laughs",
quadratic blowup), external entities and external DTDs are refused at once, without any
network or file access. Namespaces are matched by URI. Other tools' extensions are kept
opaque for BPMN output (:mod:`~bpmodel.io.bpmn.extensions`); dangling references,
duplicate ids and constructs the model has no place for give warnings that name the
element and its line, and the rest of the model still loads.

The reader is split along its jobs: :mod:`~bpmodel.io.bpmn.reading` holds the state of a
read and its diagnostics, :mod:`~bpmodel.io.bpmn.elements` reads the process elements,
:mod:`~bpmodel.io.bpmn.drawing` the diagram; this module parses the XML and reads the
whole file (definitions, metadata, participants, message flows).

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

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import defusedxml
import defusedxml.ElementTree as DET

from ...diagnostics import INFO, WARNING, Diagnostic, InputError, Loaded, has_errors
from ...gcpause import paused_gc
from ...i18n import LANGUAGES, N_, _, ngettext
from ...model import (
    ACTOR_KINDS,
    ARRIVALS,
    Actor,
    Calendar,
    Document,
    Extensions,
    Flow,
    MessageFlow,
    Pool,
    Process,
    Step,
    System,
)
from ...validate import merge_problems, reachable_from
from ..files import read_input
from .drawing import DrawingReader
from .elements import ElementReader
from .extensions import read_extensions
from .names import (
    MODEL,
    MODEL_TAG,
)
from .reading import EXT, id_ref, local_name

_T = MODEL_TAG
_COLLABORATIONS = frozenset(MODEL_TAG[name] for name in (
    "collaboration", "choreography", "globalConversation", "globalChoreographyTask"))


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


class _Reader(ElementReader, DrawingReader):
    """Reads one BPMN file: the parts of the reader together, and the whole file."""


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
                self.skip(local_name(tag), child.get("id"))
            elif isinstance(tag, str) and not tag.startswith("{"):
                self.skip(tag, child.get("id"), N_("an element in no namespace is not BPMN"))
        self.read_systems(meta)
        process_pool = {p.process: p for p in reversed(pools) if p.process}
        actors = self.actors(pools, stand_ins, process_pool)
        self.read_diagram()
        steps = self.build_steps(actors, stand_ins, process_pool)
        xml_ids = {model_id: xml_id for xml_id, model_id in self.renamed.items()}
        for severity, step, _index, message in merge_problems(steps.values()):
            self.report(severity, xml_ids.get(step.id, step.id), message)
        flows = self.flows(steps)
        for step_id in self.added:
            steps.pop(self.renamed.get(step_id, step_id), None)
        message_flows = self.message_flows(steps, pools)
        drawing = self.drawing(steps, flows, message_flows)
        documents = tuple(Document(d["id"], d["name"], d.get("issued_by"),
                                   government=d.get("government"),
                                   legal_basis=d.get("legal_basis"))
                          for d in self.documents.values())
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
        extensions = self.extensions(processes, steps, flows, actors, pools, documents,
                                     message_flows)
        return Process(id=process_id, name=name, steps=tuple(steps.values()),
                       flows=tuple(flows), actors=tuple(actors), documents=documents,
                       systems=tuple(meta.pop("systems", ())), message_flows=message_flows,
                       pools=tuple(pools), drawing=drawing, extensions=extensions, **meta)

    def extensions(self, processes: list[ET.Element], steps: dict[str, Step],
                   flows: list[Flow], actors: list[Actor], pools: list[Pool],
                   documents: tuple[Document, ...], message_flows: tuple[MessageFlow, ...]
                   ) -> Extensions | None:
        """Other tools' extensions of every element the model keeps (see
        :mod:`.extensions`), with a note per kind kept and per kind dropped."""
        keys: dict[str, tuple[str, str]] = {}
        for element in processes:
            if element.get("id"):
                keys[element.get("id")] = ("process", element.get("id"))
        for child in self.root:
            if child.tag == _T["collaboration"] and child.get("id"):
                keys[child.get("id")] = ("collaboration", "")
        keys.update((xml_id, ("step", model_id)) for xml_id, model_id in self.renamed.items()
                    if model_id in steps)
        keys.update((f.id, ("flow", f.id)) for f in flows if f.id)
        keys.update((lane["id"], ("actor", lane["ext"].get("id") or lane["id"]))
                    for lane in self.lanes)
        keys.update((pool.id, ("pool", pool.id)) for pool in pools)
        keys.update((xml_id, ("document", record["id"]))
                    for xml_id, record in self.documents.items()
                    if self.references.get(xml_id) != xml_id)
        keys.update((m.id, ("message", m.id)) for m in message_flows if m.id)
        items: dict[tuple[str, str], object] = {("step", k): v for k, v in steps.items()}
        items.update((("flow", f.id), f) for f in flows if f.id)
        items.update((("actor", a.id), a) for a in actors)
        items.update((("pool", p.id), p) for p in pools)
        items.update((("document", d.id), d) for d in documents)
        items.update((("message", m.id), m) for m in message_flows if m.id)
        extensions, notes = read_extensions(self.root, self.lines.data, keys, items)
        for where, message in notes:
            self.report(INFO, where, message)
        return extensions

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
                   for e in self.root.iter(f"{EXT}system") if e.get("id")]
        if systems:
            meta["systems"] = systems

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
                              id_ref(element.get("processRef"))))
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
            source, target = id_ref(element.get("sourceRef")), id_ref(element.get("targetRef"))
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


