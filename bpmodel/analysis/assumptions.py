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
        where = f"{step.name!r} ({step.id}) gives no chance for {len(missing)} of its " \
                f"{len(flows)} branches"
        if step.kind == "or":
            out.append(f"{where}: each taken as {OR_UNKNOWN_CHANCE:.0%} likely")
        else:
            left = max(0.0, 1.0 - sum(f.probability or 0.0 for f in flows))
            out.append(f"{where}: taken as equally likely ({left / len(missing):.0%} each)")
    return out
