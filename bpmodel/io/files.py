"""Reading input files: the bytes of a file, or an InputError that says why not.

Only regular files are read (a FIFO would wait forever, ``/dev/zero`` never ends), and
only up to the input limit of :mod:`bpmodel.limits` (``bpmodel --max-input-size``).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..diagnostics import InputError
from ..limits import max_input_bytes


def _megabytes(size: int) -> str:
    return f"{size / 2**20:,.1f} MB" if size >= 2**20 else f"{size:,} bytes"


def read_input(path: str | Path) -> bytes:
    """The bytes of an input file; a directory, a missing or unreadable file, anything
    but a regular file and a file over the input limit are an InputError.

    >>> read_input("/")
    Traceback (most recent call last):
    ...
    bpmodel.diagnostics.InputError: /: is a directory, not a process file
    >>> try:
    ...     read_input("/dev/zero")
    ... except InputError as exc:
    ...     print(exc.diagnostics[0].message)
    is a character device, not a regular file; bpmodel reads process files only
    """
    name = str(path)
    limit = max_input_bytes()
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise InputError.single("no such file", name) from None
    except IsADirectoryError:
        raise InputError.single("is a directory, not a process file", name) from None
    except OSError as exc:
        raise InputError.single(f"cannot read the file: {exc.strerror or exc}", name) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError.single("is a directory, not a process file", name)
        if not stat.S_ISREG(info.st_mode):
            raise InputError.single(f"is a {_kind(info.st_mode)}, not a regular file; "
                                    "bpmodel reads process files only", name)
        if info.st_size > limit:
            raise InputError.single(_too_large(info.st_size, limit), name)
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as stream:
            data = stream.read(limit + 1)
    except OSError as exc:
        raise InputError.single(f"cannot read the file: {exc.strerror or exc}", name) from None
    finally:
        os.close(fd)
    if len(data) > limit:   # it grew while being read
        raise InputError.single(_too_large(len(data), limit), name)
    return data


def _too_large(size: int, limit: int) -> str:
    return (f"is {_megabytes(size)}, more than the {_megabytes(limit)} bpmodel reads; a "
            "process file is far smaller (raise the limit with bpmodel --max-input-size MB)")


def _kind(mode: int) -> str:
    for test, kind in ((stat.S_ISFIFO, "named pipe (FIFO)"), (stat.S_ISCHR, "character device"),
                       (stat.S_ISBLK, "block device"), (stat.S_ISSOCK, "socket")):
        if test(mode):
            return kind
    return "special file"
