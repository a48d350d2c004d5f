"""Reading input files: the bytes of a file, or an InputError that says why not."""

from __future__ import annotations

from pathlib import Path

from ..diagnostics import InputError


def read_input(path: str | Path) -> bytes:
    """The bytes of an input file; a directory, a missing or unreadable file is an InputError.

    >>> read_input("/")
    Traceback (most recent call last):
    ...
    bpmodel.diagnostics.InputError: /: is a directory, not a process file
    """
    name = str(path)
    path = Path(path)
    if path.is_dir():
        raise InputError.single("is a directory, not a process file", name)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError.single("no such file", name) from None
    except OSError as exc:
        raise InputError.single(f"cannot read the file: {exc.strerror or exc}", name) from None
