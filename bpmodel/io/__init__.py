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
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = _stage(path, data)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write it: {_why(exc)}") from None
    try:
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write it: {_why(exc)}") from None
    finally:
        tmp.unlink(missing_ok=True)


class OutputError(OSError):
    """An output that cannot be written; the message names the file and says why."""


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__


def _stage(path: Path, data: str | bytes, staged: list[Path] | None = None) -> Path:
    """``data`` written to a hidden temporary file next to ``path``; returns its path
    (noted at once in ``staged``, so that an interruption can remove it)."""
    mode = "wb" if isinstance(data, bytes) else "w"
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    if staged is not None:
        staged.append(Path(tmp))
    try:
        with os.fdopen(fd, mode, **({} if mode == "wb" else {"encoding": "utf-8"})) as out:
            out.write(data)
        os.chmod(tmp, 0o666 & ~_umask())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def write_folder(directory: str | Path, files: dict[str, str | bytes],
                 stale: tuple[str, ...] = ()) -> list[Path]:
    """Write ``files`` (name -> text or bytes) into ``directory`` as a whole.

    A new folder is built under a temporary name and renamed into place. In a folder
    that exists, every file is staged (written to a temporary file) before any is
    replaced, and ``stale`` names of an earlier run that this one does not write are
    removed, so the folder never mixes two runs. A failure removes what was staged,
    leaves the earlier files as they were and raises :class:`OutputError` naming the
    file. Interrupted (Ctrl-C, or SIGTERM turned into an exception), nothing is left
    behind either.

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "run"
    >>> [p.name for p in write_folder(out, {"a.txt": "A", "b.txt": b"B"})]
    ['a.txt', 'b.txt']
    >>> sorted(p.name for p in out.iterdir())
    ['a.txt', 'b.txt']
    """
    directory = Path(directory)
    for name in files:
        if Path(name).name != name or name in ("", ".", ".."):
            raise ValueError(f"{name!r} is not a plain file name")
    targets = [directory / name for name in files]
    if not directory.exists():
        return _write_new_folder(directory, files, targets)
    if not directory.is_dir():
        raise OutputError(f"{directory}: cannot write the outputs: it is a file, not a folder")
    for target in targets:
        if target.is_dir() and not target.is_symlink():
            raise OutputError(f"{target}: cannot write it: a folder has its name; nothing in "
                              f"{directory} was changed")
    staged: list[Path] = []
    try:
        for target, data in zip(targets, files.values()):
            try:
                _stage(target, data, staged)
            except OSError as exc:
                raise OutputError(f"{target}: cannot write it: {_why(exc)}; nothing in "
                                  f"{directory} was changed") from None
        for tmp, target in zip(staged, targets):
            try:
                os.replace(tmp, target)
            except OSError as exc:
                raise OutputError(f"{target}: cannot write it: {_why(exc)}") from None
        for name in stale:
            if name not in files:
                (directory / name).unlink(missing_ok=True)
    finally:
        for tmp in staged:
            tmp.unlink(missing_ok=True)
    return targets


def _write_new_folder(directory: Path, files: dict[str, str | bytes],
                      targets: list[Path]) -> list[Path]:
    parent = directory.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(dir=parent, prefix=f".{directory.name}.",
                                         suffix=".tmp"))
    except OSError as exc:
        raise OutputError(f"{directory}: cannot create the folder: {_why(exc)}") from None
    try:
        os.chmod(building, 0o777 & ~_umask())
        for name, data in files.items():
            try:
                os.replace(_stage(building / name, data), building / name)
            except OSError as exc:
                raise OutputError(f"{directory / name}: cannot write it: {_why(exc)}; "
                                  f"{directory} was not created") from None
        try:
            os.rename(building, directory)
        except OSError as exc:
            raise OutputError(f"{directory}: cannot create the folder: {_why(exc)}") from None
    except BaseException:
        for child in building.iterdir() if building.exists() else ():
            child.unlink(missing_ok=True)
        if building.exists():
            building.rmdir()
        raise
    return targets


def save(process: Process, path: str | Path) -> None:
    """Write a process; the format follows the extension."""
    write_atomic(path, dumps(process, format_of(path)))
