"""The simplify engine decides what it decided when its results were recorded
(``tests/data/engine/``, made by ``tests/record_engine_results.py`` before issue 19's
speed-ups): the same changes (rewrite, steps, what, why, gain and assumed facts), the
same variant, the same measures after, the same proposals not done, and the same
ranking, on every shipped process, generated processes and processes drawn from the
property tests' strategy. A speed-up must leave all of it unchanged; when the engine is
meant to decide differently, re-record (see the script) and review the diff."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import bpmodel
from bpmodel.io.yaml import loads_yaml
from bpmodel.simplify import engine
from bpmodel.simplify.guards import missing_producers

from conftest import ROOT

sys.path.insert(0, str(Path(__file__).resolve().parent))
import record_engine_results as recording  # noqa: E402

sys.path.insert(0, str(ROOT))
from benchmarks.generate import generate_process  # noqa: E402

RECORDED = json.loads(recording.RESULTS.read_text(encoding="utf-8"))
DRAWN = json.loads(recording.DRAWN.read_text(encoding="utf-8"))
FILES = {recording.file_key(p): p for p in recording.input_files()}


def _process(key: str):
    if key in FILES:
        return bpmodel.load_process(FILES[key])
    if key.startswith("drawn-"):
        return loads_yaml(DRAWN[int(key.split("-")[1])]).process
    for size, seed in recording.GENERATED:
        if key == recording.generated_key(size, seed):
            return generate_process(size, seed=seed)
    raise KeyError(key)


def _compare(recorded: dict, now: dict) -> None:
    # the change log first: a difference there says most about what went wrong
    assert [c[:3] for c in now["changes"]] == [c[:3] for c in recorded["changes"]]
    assert now == recorded


def test_every_input_is_recorded():
    """A new process file or generated case is recorded before it counts as checked."""
    expected = {*FILES, *(recording.generated_key(s, n) for s, n in recording.GENERATED),
                *(f"drawn-{i}" for i in range(len(DRAWN)))}
    assert set(RECORDED["simplify"]) == expected


@pytest.mark.parametrize("level", recording.LEVELS)
@pytest.mark.parametrize("key", sorted(RECORDED["simplify"]))
def test_simplify_as_recorded(key, level):
    variant = engine.simplify(_process(key), level)
    _compare(RECORDED["simplify"][key][level], recording.variant_record(variant))


@pytest.mark.parametrize("key", sorted(RECORDED["ranking"]))
def test_ranking_as_recorded(key):
    ranking = recording.ranking_record(engine.rank_rewrites(_process(key)))
    assert ranking == RECORDED["ranking"][key]


@pytest.mark.parametrize("seed", recording.PRODUCER_SEEDS)
def test_missing_producers_as_recorded(seed):
    """One forward pass finds what a backward search from every step found, also when
    steps need what they make themselves, with loops and jumps across blocks."""
    expected = RECORDED["missing_producers"][str(seed)]
    assert expected  # the case is not empty
    assert recording.plain(missing_producers(recording.producer_case(seed))) == expected


@pytest.mark.parametrize("key", sorted(RECORDED["ranking"]))
def test_simplify_and_rank_as_recorded(key):
    """The ranking that reuses the simplification's rounds ranks as the ranking alone."""
    variant, ranking = engine.simplify_and_rank(_process(key), "bold")
    _compare(RECORDED["simplify"][key]["bold"], recording.variant_record(variant))
    assert recording.ranking_record(ranking) == RECORDED["ranking"][key]


def test_simplify_and_rank_with_some_rewrites_ranks_them_all():
    """With ``only``, the simplification uses some rewrites and the ranking all of them."""
    process = _process(recording.generated_key(120, 3))
    variant, ranking = engine.simplify_and_rank(process, "bold", only=["compose-steps"])
    assert {c.rewrite for c in variant.changes} == {"compose-steps"}
    assert recording.ranking_record(ranking) == RECORDED["ranking"][
        recording.generated_key(120, 3)]
    assert len(ranking) > 1


@pytest.mark.parametrize("level", recording.LEVELS)
def test_simplify_and_rank_is_the_two_calls_on_small_processes(level):
    """The ranking's reuse of the simplification's rounds changes nothing, at either
    level, on the drawn processes and the examples (the ranking alone runs everything)."""
    keys = [k for k in sorted(RECORDED["simplify"])
            if k.startswith(("drawn-", "tests/data/spec", "tests/data/trust"))]
    for key in keys:
        process = _process(key)
        variant, ranking = engine.simplify_and_rank(process, level)
        assert variant == engine.simplify(process, level), key
        assert ranking == engine.rank_rewrites(process, level), key
