"""Other tools' extensions of a BPMN file, carried through bpmodel as opaque XML.

Camunda's inputs and listeners, Zeebe's task definitions, Signavio's metadata and bpmn.io
colours are not bpmodel's business, but the people who wrote them need them back. The
reader keeps, for every element the model holds (steps, flows, lanes, pools, data
objects, message flows, processes, the definitions), its attributes in other namespaces,
the children of its ``extensionElements`` serialised as XML, and the attributes of its
shape or edge and label in the diagram, with the namespace declarations they use
(:class:`bpmodel.model.Extensions`). The writer puts them back on every element that has
not changed since (:func:`carried`); YAML has no place for them, so loading says once per
kind how many there are and that YAML output drops them, and what the model has no element
for is reported as dropped.

>>> root = ET.fromstring('<t xmlns:camunda="http://camunda.org/schema/1.0/bpmn">'
...                      '<camunda:in a="1"> <camunda:x>b &amp; c</camunda:x> </camunda:in></t>')
>>> prefixes = Prefixes(declared_namespaces(b'xmlns:camunda="http://camunda.org/schema/1.0/bpmn"'))
>>> serialise(root[0], prefixes)
'<camunda:in a="1"><camunda:x>b &amp; c</camunda:x></camunda:in>'
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from xml.sax.saxutils import escape

from ...i18n import ngettext
from ...model import Extensions, Flow, Foreign, Step
from .names import BPMNDI, BPMODEL, DC, DI, MODEL, XSI

XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"
OWN_NAMESPACES = frozenset((MODEL, BPMNDI, DC, DI, BPMODEL, XSI, XML_NAMESPACE))
# prefixes the writer declares itself, and what it writes for them
WRITER_PREFIXES = {MODEL: "bpmn", BPMNDI: "bpmndi", DC: "dc", DI: "di", XSI: "xsi",
                   BPMODEL: "bpmodel", XML_NAMESPACE: "xml"}
# the usual prefixes of known vendors, for a namespace declared without one
USUAL_PREFIXES = {"camunda.org/schema/1.0/bpmn": "camunda", "camunda.org/schema/zeebe": "zeebe",
                  "camunda.org/schema/modeler": "modeler",
                  "bpmn.io/schema/bpmn/biocolor": "bioc",
                  "www.omg.org/spec/BPMN/non-normative/color": "color",
                  "signavio.com": "signavio", "activiti.org": "activiti",
                  "flowable.org": "flowable", "bizagi.com": "bizagi",
                  "yaoqiang.org": "yaoqiang"}
_EXTENSION = f"{{{MODEL}}}extensionElements"
_SHAPE, _EDGE = f"{{{BPMNDI}}}BPMNShape", f"{{{BPMNDI}}}BPMNEdge"
_LABEL = f"{{{BPMNDI}}}BPMNLabel"
_DECLARATION = re.compile(rb"""\sxmlns(?::([A-Za-z_][\w.\-]*))?\s*=\s*(["'])(.*?)\2""", re.S)
_PREFIX = re.compile(r"^[A-Za-z_][\w.\-]*$")
_ATTR_ESCAPES = {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
_ATTR_SPECIAL = re.compile('[&<>"\n\r\t]')


def namespace_of(name: str) -> str:
    """The namespace URI of a Clark name (``""`` for none).

    >>> namespace_of("{urn:x}a"), namespace_of("a")
    ('urn:x', '')
    """
    return name[1:].partition("}")[0] if name.startswith("{") else ""


def is_foreign(name: str) -> bool:
    """Whether a Clark name is in another tool's namespace (not BPMN's, DI's or bpmodel's).

    >>> is_foreign("{http://camunda.org/schema/1.0/bpmn}topic"), is_foreign("name")
    (True, False)
    """
    namespace = namespace_of(name)
    return bool(namespace) and namespace not in OWN_NAMESPACES


def declared_namespaces(data: bytes | str) -> dict[str, str]:
    """URI -> prefix of every namespace declaration in the raw file (the first prefix
    declared for each URI; ``""`` for one declared only as a default namespace).

    >>> declared_namespaces(b'<a xmlns:c="urn:c" xmlns:d="urn:c" xmlns=\\'urn:e\\'/>')
    {'urn:c': 'c', 'urn:e': ''}
    """
    raw = data.encode("utf-8", "replace") if isinstance(data, str) else data
    out: dict[str, str] = {}
    start = raw.find(b"xmlns")
    while start > 0:        # find() runs in C: far quicker than a regex over the file
        match = _DECLARATION.match(raw, start - 1)
        if match:
            uri = match.group(3).decode("utf-8", "replace")
            prefix = match.group(1)
            if prefix or uri not in out:
                out[uri] = out.get(uri) or (prefix.decode("ascii", "replace") if prefix else "")
        start = raw.find(b"xmlns", start + 5)
    return out


class Prefixes:
    """The prefix each namespace is written with: the file's own where the writer does not
    use it, else the vendor's usual one, else a made-up ``ns1``, ``ns2``, ..."""

    def __init__(self, declared: Mapping[str, str]):
        self.declared = declared
        self.assigned: dict[str, str] = {}
        self.taken = set(WRITER_PREFIXES.values()) | {"xmlns"}
        self.names: dict[str, str] = {}     # Clark name -> prefixed name, once each

    def of(self, uri: str) -> str:
        if uri in WRITER_PREFIXES:
            return WRITER_PREFIXES[uri]
        if uri in self.assigned:
            return self.assigned[uri]
        wanted = [self.declared.get(uri)]
        wanted += [prefix for fragment, prefix in USUAL_PREFIXES.items() if fragment in uri]
        prefix = next((p for p in wanted if p and _PREFIX.match(p) and p not in self.taken
                       and not p.lower().startswith("xml")), None)
        n = 0
        while prefix is None:
            n += 1
            prefix = f"ns{n}" if f"ns{n}" not in self.taken else None
        self.taken.add(prefix)
        self.assigned[uri] = prefix
        return prefix

    def name(self, clark: str) -> str:
        """``{uri}local`` as ``prefix:local`` (a name in no namespace stays as it is)."""
        found = self.names.get(clark)
        if found is None:
            if clark.startswith("{"):
                uri, _, local = clark[1:].partition("}")
                found = f"{self.of(uri)}:{local}"
            else:
                found = clark
            self.names[clark] = found
        return found

    def namespaces(self) -> tuple[tuple[str, str], ...]:
        """(prefix, URI) of every foreign namespace the file declares or the fragments use,
        so that prefixes in attribute values (``xsi:type="camunda:x"``) keep their meaning."""
        for uri in self.declared:
            if uri not in OWN_NAMESPACES and uri:
                self.of(uri)
        return tuple((prefix, uri) for uri, prefix in self.assigned.items())


def serialise(element: ET.Element, prefixes: Prefixes) -> str:
    """One element as XML text with the given prefixes; whitespace between child elements
    is left out, text and mixed content are kept."""
    name = prefixes.name
    out: list[str] = []
    # (True, element) opens an element; (False, text) is written as it is
    stack: list[tuple[bool, object]] = [(True, element)]
    while stack:        # no recursion: a deeply nested vendor element cannot overflow it
        is_element, item = stack.pop()
        if not is_element:
            out.append(item)
            continue
        tag = name(item.tag)
        attrs = "".join([f' {name(k)}="{_escape_attribute(v)}"' for k, v in item.attrib.items()])
        children = [c for c in item if isinstance(c.tag, str)]
        text = item.text or ""
        if children and text.isspace():
            text = ""
        if not children and not text:
            out.append(f"<{tag}{attrs}/>")
            continue
        out.append(f"<{tag}{attrs}>{_escape_text(text)}")
        stack.append((False, f"</{tag}>"))
        for child in reversed(children):
            tail = child.tail
            if tail and not tail.isspace():
                stack.append((False, _escape_text(tail)))
            stack.append((True, child))
    return "".join(out)


class Fragment:
    """An extension element as read, written as XML text when first asked (``str()``):
    loading a file for analysis never pays for serialising what only BPMN output needs.
    Equal fragments have equal text; the element is never changed or handed out.

    >>> root = ET.fromstring('<a xmlns:v="urn:v"><v:b k="1"/></a>')
    >>> fragment = Fragment(root[0], Prefixes({"urn:v": "v"}))
    >>> str(fragment), fragment == "<v:b k=\\"1\\"/>"
    ('<v:b k="1"/>', True)
    """

    __slots__ = ("_element", "_prefixes", "_text")

    def __init__(self, element: ET.Element, prefixes: Prefixes):
        self._element, self._prefixes = element, prefixes
        self._text: str | None = None

    def __str__(self) -> str:
        if self._text is None:
            self._text = serialise(self._element, self._prefixes)
        return self._text

    def __repr__(self) -> str:
        return repr(str(self))

    def __eq__(self, other: object) -> bool:
        return str(self) == str(other) if isinstance(other, (Fragment, str)) else NotImplemented

    def __hash__(self) -> int:
        return hash(str(self))


def _escape_text(text: str) -> str:
    return escape(text) if ("&" in text or "<" in text or ">" in text) else text


def _escape_attribute(value: str) -> str:
    return escape(value, _ATTR_ESCAPES) if _ATTR_SPECIAL.search(value) else value


def signature(item: object) -> tuple:
    """What an element of the model was, for telling whether a variant changed it: the
    name, kind, actor and place of a step; the ends and condition of a flow; anything
    else whole. bpmodel's own figures (times, fees) are not vendor business.

    >>> signature(Step("a", "Ask", actor="c")) == signature(Step("a", "Ask", actor="c", fee=9))
    True
    """
    if isinstance(item, Step):
        return (item.type, item.kind, item.name, item.actor, item.parent, item.trigger,
                item.interrupting)
    if isinstance(item, Flow):
        return (item.source, item.target, item.condition, item.default, item.kind)
    return (item,)


def carried(extensions: Extensions | None, kind: str, element_id: str | None,
            item: object = None) -> Foreign | None:
    """The extensions to write on an element: those it was read with, when it has not
    changed since (``item`` is the element as it is now; None: not compared)."""
    if extensions is None:
        return None
    found = extensions.get(kind, element_id)
    if found is None or (item is not None and found.signature
                         and found.signature != signature(item)):
        return None
    return found


@dataclass
class _Tally:
    """How many extensions of each kind were kept and dropped, and where the first was."""

    kept: Counter = field(default_factory=Counter)
    dropped: Counter = field(default_factory=Counter)
    first: dict = field(default_factory=dict)

    def add(self, kind: str, where: str | None, keep: bool) -> None:
        (self.kept if keep else self.dropped)[kind] += 1
        self.first.setdefault((kind, keep), where)


def read_extensions(root: ET.Element, data: bytes | str,
                    keys: Mapping[str, tuple[str, str]],
                    items: Mapping[tuple[str, str], object]
                    ) -> tuple[Extensions | None, list[tuple[str | None, str]]]:
    """The extensions of a file by the model elements they belong to, and notes.

    ``keys`` maps the XML id of every element the model keeps to its ``(kind, id)`` in
    the model (the definitions are ``("definitions", "")``); ``items`` gives the model
    element of a key, for its :func:`signature`. The notes are ``(XML id, message)``:
    one per kind kept (YAML output drops them) and one per kind dropped (on an element
    the model has no place for).
    """
    declared = declared_namespaces(data)
    if all(uri in OWN_NAMESPACES for uri in declared):
        return None, []     # every namespace is declared: no other tool wrote anything here
    prefixes = Prefixes(declared)
    found: dict[tuple[str, str], dict[str, list]] = {}
    tally = _Tally()

    def slot(key, name):
        return found.setdefault(key, {"attributes": [], "elements": [], "shape": [],
                                      "label": []})[name]

    def owner_of(element: ET.Element) -> tuple[tuple[str, str] | None, str, str | None]:
        tag = element.tag
        if element is root:
            return ("definitions", ""), "attributes", root.get("id")
        if tag in (_SHAPE, _EDGE):
            ref = _ref(element.get("bpmnElement"))
            return keys.get(ref or ""), "shape", ref
        element_id = element.get("id")
        return keys.get(element_id or ""), "attributes", element_id

    known: dict[str, bool] = {}     # Clark name -> foreign? (names repeat: look once)

    def foreign(name: str) -> bool:
        found_ = known.get(name)
        if found_ is None:
            found_ = known[name] = is_foreign(name)
        return found_

    def carry_attributes(attributes, element, owner, to_label: bool):
        """Tally and keep the foreign attributes of an element (or of its label); the
        element's owner, looked up on the first foreign one."""
        for name, value in attributes:
            if name[0] == "{" and foreign(name):
                owner = owner or owner_of(element)
                key, where_slot, where = owner
                kind = prefixes.name(name)
                tally.add(kind, where, key is not None)
                if key is not None:
                    slot(key, "label" if to_label else where_slot).append((kind, value))
        return owner

    own_tag = f"{{{BPMODEL}}}"
    stack = [root]
    while stack:
        element = stack.pop()
        owner = carry_attributes(element.attrib.items(), element, None, to_label=False)
        inner: list[ET.Element] = []
        for child in element:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == _EXTENSION:
                owner = owner or owner_of(element)
                key, where_slot, where = owner
                for extension in child:
                    if not isinstance(extension.tag, str) or extension.tag.startswith(own_tag):
                        continue
                    # BPMN has no extension elements on the definitions themselves
                    keep = key is not None and foreign(extension.tag) and element is not root
                    kind = f"<{prefixes.name(extension.tag)}>"
                    tally.add(kind, where, keep)
                    if keep:
                        slot(key, "elements").append(Fragment(extension, prefixes))
            elif tag == _LABEL:
                if element.tag not in (_SHAPE, _EDGE):
                    continue
                owner = carry_attributes(child.attrib.items(), element, owner, to_label=True)
            elif not (tag[0] == "{" and foreign(tag)):
                inner.append(child)     # a vendor's own element is skipped whole
        stack.extend(reversed(inner))   # in the order of the file
    if not found:
        return None, _notes(tally)
    extensions = Extensions(prefixes.namespaces(), MappingProxyType({
        key: Foreign(_first(parts["attributes"]), tuple(parts["elements"]),
                     _first(parts["shape"]), _first(parts["label"]),
                     signature(items[key]) if key in items else ())
        for key, parts in found.items()}))
    return extensions, _notes(tally)


def _first(pairs: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Each attribute once: an element drawn on two diagrams, or several collaborations
    written as one, must not repeat an attribute (the first one wins).

    >>> _first([("a:x", "1"), ("a:y", "2"), ("a:x", "3")])
    (('a:x', '1'), ('a:y', '2'))
    """
    kept: dict[str, str] = {}
    for name, value in pairs:
        kept.setdefault(name, value)
    return tuple(kept.items())


def _ref(value: str | None) -> str | None:
    if not value:
        return None
    return value.rpartition(":")[2].strip() or None


def _notes(tally: _Tally) -> list[tuple[str | None, str]]:
    notes = []
    for kind, count in sorted(tally.kept.items()):
        where = repr(tally.first.get((kind, True)) or "?")
        if kind.startswith("<"):
            message = ngettext(
                "kept one {kind} extension element, on {where}, for BPMN output; YAML "
                "output drops it",
                "kept {count} {kind} extension elements, the first on {where}, for BPMN "
                "output; YAML output drops them", count)
        else:
            message = ngettext(
                "kept one {kind} attribute, on {where}, for BPMN output; YAML output drops it",
                "kept {count} {kind} attributes, the first on {where}, for BPMN output; "
                "YAML output drops them", count)
        notes.append((tally.first.get((kind, True)),
                      message.format(count=count, kind=kind, where=where)))
    for kind, count in sorted(tally.dropped.items()):
        where = repr(tally.first.get((kind, False)) or "?")
        if kind.startswith("<"):
            message = ngettext(
                "dropped one {kind} extension element, on {where}: bpmodel keeps no "
                "element it could be written back on",
                "dropped {count} {kind} extension elements, the first on {where}: bpmodel "
                "keeps no element they could be written back on", count)
        else:
            message = ngettext(
                "dropped one {kind} attribute, on {where}: bpmodel keeps no element it "
                "could be written back on",
                "dropped {count} {kind} attributes, the first on {where}: bpmodel keeps no "
                "element they could be written back on", count)
        notes.append((tally.first.get((kind, False)),
                      message.format(count=count, kind=kind, where=where)))
    return notes


def declarations(extensions: Extensions | None) -> str:
    """The ``xmlns:`` declarations of the namespaces extensions use, for the root element.

    >>> declarations(Extensions(namespaces=(("camunda", "http://camunda.org/schema/1.0/bpmn"),)))
    ' xmlns:camunda="http://camunda.org/schema/1.0/bpmn"'
    """
    if extensions is None:
        return ""
    return "".join(f' xmlns:{prefix}="{escape(uri, _ATTR_ESCAPES)}"'
                   for prefix, uri in extensions.namespaces)
