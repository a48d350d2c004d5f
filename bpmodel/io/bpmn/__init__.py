"""BPMN 2.0 <-> Process: a lenient reader and a writer whose files editors open.

The reader (:mod:`.reader`) turns every flow node, lane, pool, message flow and data
object into the model and warns about what it leaves out; the writer (:mod:`.writer`)
lays the process out with :mod:`bpmodel.layout` and always writes diagram interchange.
bpmodel's own figures (durations, probabilities, fees, ...) travel in the
``https://bpmodel.dev/schema/bpmn/1`` namespace, so YAML -> BPMN -> YAML loses nothing;
other tools' extensions travel from BPMN to BPMN (:mod:`.extensions`).
"""

from __future__ import annotations

from .reader import load_bpmn, loads_bpmn, parse_xml
from .writer import dumps_bpmn

__all__ = ["dumps_bpmn", "load_bpmn", "loads_bpmn", "parse_xml"]
