"""bpmodel: model public-service processes, find redundant steps and long paths, simplify them.

>>> import bpmodel
>>> process = bpmodel.load_process(bpmodel.default_process_path())
>>> process.id
'building-approval'
"""

from __future__ import annotations

from pathlib import Path

from .version import __version__

__all__ = ["__version__", "default_process_path", "load", "load_process", "save"]


def default_process_path() -> Path:
    """The bundled default process (a building approval before reform)."""
    return Path(__file__).parent / "data" / "building-approval.yaml"


def load(path):
    """Read a process file (YAML or BPMN): a ``Loaded(process, diagnostics)``."""
    from .io import load as _load

    return _load(path)


def load_process(path):
    """Read a process file (YAML or BPMN) and return the Process."""
    return load(path).process


def save(process, path) -> None:
    """Write a process to a file; the format follows the extension."""
    from .io import save as _save

    _save(process, path)
