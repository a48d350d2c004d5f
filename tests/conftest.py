"""Shared fixtures and the paths of the test data (copies in tests/data, see its README)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from bpmodel.cli import main

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
EXAMPLES = DATA / "spec" / "examples"
CORPUS = DATA / "corpus"
PERMITS = DATA / "permits"
SCHEMA = DATA / "schema" / "bpmn20"


@pytest.fixture
def examples_dir() -> Path:
    return EXAMPLES


@pytest.fixture
def write(tmp_path):
    """Write text to a file in a temporary folder and return its path."""

    def _write(text: str, name: str = "process.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return _write


def run(*args):
    """Run the ``bpmodel`` command line with these arguments through click's CliRunner.

    Arguments may be paths; the output never holds a traceback (a bug shows as one).
    """
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output
    return result


def measurable(paths):
    """(file name, process) of each file of ``paths`` that loads and can be measured: the
    inputs of the tests that compare a shortcut with a fresh analysis (the spec examples
    of errors are left out)."""
    import bpmodel
    from bpmodel.analysis.measures import measure

    found = []
    for path in paths:
        try:
            process = bpmodel.load_process(path)
            measure(process)
        except Exception:  # noqa: BLE001 - examples of errors are not inputs here
            continue
        found.append((path.name, process))
    return found


def process_of(steps, *, actors, **extra):
    """A process "T" of ``actors`` and ``steps`` (mappings as a file writes them), read as
    a file is read: the trust tests' small fixtures (``extra``: documents, systems ...)."""
    import yaml

    from bpmodel.io.yaml import loads_yaml

    body = {"bpmodel": 1, "process": {"id": "t", "name": "T"}, "actors": actors, **extra,
            "steps": steps}
    return loads_yaml(yaml.safe_dump(body, sort_keys=False)).process
