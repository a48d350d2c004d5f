"""What every simulation starts from: the process reduced to blocks (a tree, or a core
that does not reduce), and the seeded random generator of a run.

>>> generator(7).integers(100, size=3).tolist() == generator(7).integers(100, size=3).tolist()
True
"""

from __future__ import annotations

import numpy as np

from ..analysis.paths import timing
from ..model import Process
from .errors import SimulationError


def generator(seed: int) -> np.random.Generator:
    """The random generator of a run: PCG64, the same figures on every machine."""
    return np.random.Generator(np.random.PCG64(seed))


def reduced(process: Process):
    """The block reduction of ``process`` (a tree, or a core) and its flow graph."""
    t = timing(process)
    return t.reduction, t.graph


def block_tree(process: Process):
    """The block tree of ``process`` and its flow graph; SimulationError when the process
    does not reduce to blocks."""
    reduction, graph = reduced(process)
    if not reduction.structured:
        raise SimulationError(
            "the process is not block-structured (some of its branches do not meet again "
            "where they split); this needs its block tree")
    return reduction.tree, graph
