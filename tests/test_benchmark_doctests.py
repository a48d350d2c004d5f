"""The benchmark scripts' own examples run in the suite (what they promise, such as the
generator's exact sizes, is checked here; their timings are not)."""

from __future__ import annotations

import doctest
import importlib
import sys

import pytest

from conftest import ROOT

MODULES = sorted(p.stem for p in (ROOT / "benchmarks").glob("*.py") if p.stem != "__init__")


@pytest.mark.parametrize("name", MODULES)
def test_benchmark_examples(name, monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    monkeypatch.syspath_prepend(str(ROOT))
    module = importlib.import_module(f"benchmarks.{name}")
    try:
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    finally:
        sys.modules.pop(f"benchmarks.{name}", None)
    assert result.failed == 0
