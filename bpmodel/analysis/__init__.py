"""Analysis of a process: measures, long paths and findings, all pure functions.

:func:`analyze` gathers them into the documented report that ``bpmodel analyze
--format json`` prints: a top-level object with ``process`` (``id``, ``name``),
``measures`` (a flat mapping of named figures) and ``findings`` (a list of objects with
``rule``, ``severity``, ``steps``, ``message``, ``evidence`` and ``saving``). Later keys
are added, never removed or renamed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..model import Process
from .measures import count_measures


def analyze(process: Process, *, select: Iterable[str] | None = None,
            ignore: Iterable[str] | None = None) -> dict[str, Any]:
    """The analysis report of a process as plain data.

    ``findings`` lists what the rules found (see :mod:`bpmodel.analysis.findings`);
    ``select`` and ``ignore`` choose the rules by name or category.

    >>> from bpmodel.model import Actor, Process, Step
    >>> report = analyze(Process("p", "P", steps=(Step("a", "Ask"),)))
    >>> report["process"], report["measures"]["tasks"]
    ({'id': 'p', 'name': 'P'}, 1)
    >>> report["findings"]
    []
    """
    from .findings import find

    return {
        "process": {"id": process.id, "name": process.name},
        "measures": count_measures(process),
        "findings": [f.to_dict() for f in find(process, select=select, ignore=ignore)],
    }
