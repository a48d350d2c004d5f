"""Reading and writing processes; the format follows the file's extension.

YAML (``.yaml``, ``.yml``) is the hand-written format; BPMN 2.0 (``.bpmn``,
``.xml``) is what editors exchange. Outputs are written whole or not at all.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..diagnostics import InputError, Loaded
from ..model import Process

YAML_SUFFIXES = (".yaml", ".yml")
BPMN_SUFFIXES = (".bpmn", ".xml", ".bpmn2")


def format_of(path: str | Path) -> str:
    """``yaml`` or ``bpmn`` by the file's extension (ValueError for anything else)."""
    suffix = Path(path).suffix.lower()
    if suffix in YAML_SUFFIXES:
        return "yaml"
    if suffix in BPMN_SUFFIXES:
        return "bpmn"
    raise ValueError(f"{path}: unknown file type {suffix or '(none)'!r}; "
                     f"use .yaml, .yml, .bpmn or .xml")


def load(path: str | Path, *, strict: bool = True) -> Loaded:
    """Read a process; raises :class:`InputError` with every problem found.

    ``strict=False`` lets a YAML process with an unsound structure load with warnings
    (as BPMN always does): what converting needs.
    """
    if Path(path).is_dir():
        raise InputError.single("is a directory, not a process file", str(path))
    try:
        kind = format_of(path)
    except ValueError as exc:
        raise InputError.single(str(exc).split(": ", 1)[1], str(path)) from None
    if kind == "bpmn":
        from .bpmn import load_bpmn

        return load_bpmn(path)
    from .yaml import load_yaml

    return load_yaml(path, strict=strict)


def dumps(process: Process, kind: str) -> str:
    """The process as text in ``kind`` (``yaml`` or ``bpmn``)."""
    if kind == "bpmn":
        from .bpmn import dumps_bpmn

        return dumps_bpmn(process)
    from .yaml import dumps_yaml

    return dumps_yaml(process)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write a file whole or not at all: a temporary file renamed into place.

    The file gets the permissions a plain ``open(path, "w")`` would give it (the
    temporary file alone would be readable by its owner only).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = "wb" if isinstance(data, bytes) else "w"
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, mode, **({} if mode == "wb" else {"encoding": "utf-8"})) as out:
            out.write(data)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save(process: Process, path: str | Path) -> None:
    """Write a process; the format follows the extension."""
    write_atomic(path, dumps(process, format_of(path)))
