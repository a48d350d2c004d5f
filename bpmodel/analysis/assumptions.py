"""What the figures assume where the process does not say: branch chances not given.

Expected figures need the chance of every branch. Where a process leaves them out,
the analysis assumes them (see :mod:`bpmodel.analysis.flowgraph`): the branches of an
``xor`` without ``p`` share what is left equally, a branch of an ``or`` without ``p``
is taken half the time. The report says so, in words, for each such gateway.

>>> from bpmodel.model import Flow, Process, Step
>>> p = Process("p", "P", steps=(Step("g", "Valid?", "gateway", "xor"), Step("a", "A"),
...     Step("b", "B")), flows=(Flow("g", "a"), Flow("g", "b")))
>>> branch_assumptions(p)
["'Valid?' (g) gives no chance for 2 of its 2 branches: taken as equally likely (50% each)"]
"""

from __future__ import annotations

from ..i18n import _
from ..model import Process
from .flowgraph import OR_UNKNOWN_CHANCE


def branch_assumptions(process: Process) -> list[str]:
    """One sentence per gateway whose branch chances the analysis had to assume."""
    out = []
    for step in process.gateways:
        flows = process.outgoing(step.id)
        if len(flows) < 2 or step.kind not in ("xor", "event", "or"):
            continue
        missing = [f for f in flows if f.probability is None and not f.default]
        if not missing:
            continue
        names = {"gateway": repr(step.name), "id": step.id, "missing": len(missing),
                 "count": len(flows)}
        if step.kind == "or":
            out.append(_("{gateway} ({id}) gives no chance for {missing} of its {count} "
                         "branches: each taken as {share} likely").format(
                share=f"{OR_UNKNOWN_CHANCE:.0%}", **names))
        else:
            left = max(0.0, 1.0 - sum(f.probability or 0.0 for f in flows))
            out.append(_("{gateway} ({id}) gives no chance for {missing} of its {count} "
                         "branches: taken as equally likely ({share} each)").format(
                share=f"{left / len(missing):.0%}", **names))
    return out
