"""BPMN 2.0 vocabulary shared by the reader and the writer: namespaces and element kinds.

Namespaces are matched by URI, never by prefix (the same model namespace is written
as ``bpmn``, ``bpmn2``, ``semantic``, ``model`` or as the default namespace).

>>> MODEL_TAG["userTask"]
'{http://www.omg.org/spec/BPMN/20100524/MODEL}userTask'
>>> TASK_ELEMENTS["userTask"], GATEWAY_ELEMENTS["exclusiveGateway"]
('user', 'xor')
"""

from __future__ import annotations

from urllib.parse import quote, unquote

MODEL = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
# bpmodel's own attributes (durations, probabilities, fees, ...), so that
# YAML -> BPMN -> YAML loses nothing.
BPMODEL = "https://bpmodel.dev/schema/bpmn/1"

# element name -> task kind (None: a plain task)
TASK_ELEMENTS: dict[str, str | None] = {
    "task": None, "userTask": "user", "serviceTask": "service", "manualTask": "manual",
    "scriptTask": "script", "sendTask": "send", "receiveTask": "receive",
    "businessRuleTask": "business-rule", "callActivity": "call",
}
# element name -> sub-process kind (an event sub-process is a subProcess triggered by event)
SUBPROCESS_ELEMENTS: dict[str, str] = {
    "subProcess": "subprocess", "transaction": "transaction", "adHocSubProcess": "adhoc",
}
GATEWAY_ELEMENTS: dict[str, str] = {
    "exclusiveGateway": "xor", "parallelGateway": "and", "inclusiveGateway": "or",
    "eventBasedGateway": "event", "complexGateway": "complex",
}
EVENT_ELEMENTS = ("startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent",
                  "boundaryEvent", "implicitThrowEvent")
# event definition element -> trigger
TRIGGER_ELEMENTS: dict[str, str] = {
    "messageEventDefinition": "message", "timerEventDefinition": "timer",
    "signalEventDefinition": "signal", "errorEventDefinition": "error",
    "escalationEventDefinition": "escalation", "conditionalEventDefinition": "conditional",
    "linkEventDefinition": "link", "compensateEventDefinition": "compensation",
    "cancelEventDefinition": "cancel", "terminateEventDefinition": "terminate",
}
# elements that are read for their content elsewhere, or that carry nothing for the model
# (vendor extensions are skipped without a note; associations only tie text annotations,
# which are noted themselves)
QUIET_ELEMENTS = ("incoming", "outgoing", "extensionElements", "documentation", "laneSet",
                  "sequenceFlow", "dataObject", "dataObjectReference", "dataStoreReference",
                  "dataInputAssociation", "dataOutputAssociation", "conditionExpression",
                  "association")


def model_tag(local: str) -> str:
    """The Clark name ``{namespace}local`` of a BPMN model element."""
    return f"{{{MODEL}}}{local}"


MODEL_TAG = {name: model_tag(name) for name in (
    *TASK_ELEMENTS, *SUBPROCESS_ELEMENTS, *GATEWAY_ELEMENTS, *EVENT_ELEMENTS,
    *TRIGGER_ELEMENTS, *QUIET_ELEMENTS, "definitions", "process", "collaboration",
    "participant", "messageFlow", "lane", "childLaneSet", "flowNodeRef", "dataStore",
    "sourceRef", "targetRef", "textAnnotation", "group", "choreography",
    "globalConversation", "globalChoreographyTask", "multiInstanceLoopCharacteristics",
    "standardLoopCharacteristics", "eventDefinitionRef", "text", "completionCondition",
    "ioSpecification", "property")}


def id_list_text(ids) -> str:
    """Ids of the model as one attribute value, separated by spaces; in an id, ``%`` and
    white space are percent-escaped so that any id reads back (see :func:`id_list_of`).

    >>> id_list_text(["register", "check docs", "50%"])
    'register check%20docs 50%25'
    """
    return " ".join("".join(quote(c) if c.isspace() or c == "%" else c for c in i)
                    for i in ids)


def id_list_of(text: str) -> tuple[str, ...]:
    """The ids of an attribute value written by :func:`id_list_text`.

    >>> id_list_of("register check%20docs 50%25")
    ('register', 'check docs', '50%')
    """
    return tuple(unquote(word) for word in text.split())
