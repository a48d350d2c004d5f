"""The optimised simplify engine gives exactly what main's engine gave before issue 19
(kept as ``tests/reference_engine.py``): the same changes (rewrite, steps, what, why and
gain), the same final process and the same ranking, on the bundled process, every
process in ``processes/`` and a few generated ones."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import bpmodel
from bpmodel.simplify import engine

from conftest import ROOT

sys.path.insert(0, str(Path(__file__).resolve().parent))
import reference_engine as reference  # noqa: E402

sys.path.insert(0, str(ROOT))
from benchmarks.generate import generate_process  # noqa: E402

FILES = [Path(bpmodel.default_process_path()), *sorted((ROOT / "processes").glob("*.yaml"))]
GENERATED = [(60, 1), (90, 2), (120, 3), (150, 1)]


def _changes(variant):
    return [(c.rewrite, c.steps, c.what, c.why, c.finding, c.gain, c.assumed, c.instrument)
            for c in variant.changes]


def _same(process, level):
    new, old = engine.simplify(process, level), reference.simplify(process, level)
    assert _changes(new) == _changes(old)
    assert new.process == old.process
    assert new.after == old.after and new.unchanged == old.unchanged


@pytest.mark.parametrize("level", ["safe", "bold"])
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_files_simplify_as_before(path, level):
    _same(bpmodel.load_process(path), level)


@pytest.mark.parametrize("level", ["safe", "bold"])
@pytest.mark.parametrize("size,seed", GENERATED)
def test_generated_simplify_as_before(size, seed, level):
    _same(generate_process(size, seed=seed), level)


@pytest.mark.parametrize("path", FILES[:1], ids=lambda p: p.name)
def test_ranking_as_before(path):
    process = bpmodel.load_process(path)
    assert engine.rank_rewrites(process) == reference.rank_rewrites(process)


def test_generated_ranking_as_before():
    process = generate_process(120, seed=3)
    assert engine.rank_rewrites(process) == reference.rank_rewrites(process)


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_missing_producers_as_before(seed):
    """One forward pass finds what a backward search from every step found, also when
    steps need what they make themselves, with loops and jumps across blocks."""
    from dataclasses import replace

    from bpmodel.simplify.guards import missing_producers

    process = generate_process(300, seed=seed, jumps=0.3)
    # some steps need what they (or they and others) make, some need what comes later
    steps = tuple(replace(s, needs=(*s.needs, *s.produces, "doc1", "doc7")) if i % 7 == 0
                  else s for i, s in enumerate(process.steps))
    process = process.evolve(steps=steps)
    expected = reference.missing_producers(process)
    assert expected  # the case is not empty
    assert missing_producers(process) == expected
