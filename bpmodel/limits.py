"""Limits on what bpmodel reads, each with a clear message when it is passed.

Real processes are far below every one of them: the largest bundled process is a few
kilobytes with names of at most a few hundred characters and sub-processes two deep.
The limits stop a hostile or broken file from taking all memory or time.

>>> MAX_INPUT_BYTES // 2**20, MAX_DEPTH, MAX_NAME, MAX_ID
(5, 50, 1000, 200)
>>> with input_limit(1024):
...     max_input_bytes()
1024
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

MAX_INPUT_BYTES = 5 * 2**20     # an input file: 5 MB (`bpmodel --max-input-size MB`)
MAX_DEPTH = 50                  # sub-processes inside sub-processes, lanes inside lanes
MAX_NAME = 1000                 # characters of a name
MAX_ID = 200                    # characters of an id
MAX_NUMBER = 1e15               # fees, volumes, tariffs: anything larger is a typing mistake
MAX_NUMBER_DIGITS = 100         # characters of a number written in a file

_INPUT_LIMIT: ContextVar[int] = ContextVar("bpmodel_input_limit", default=MAX_INPUT_BYTES)

# control characters: C0 (but tab, line feed, carriage return), DEL and C1, and what no
# XML file can hold (surrogates, U+FFFE, U+FFFF); ids may not have tab or line breaks
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_CONTROL_IN_ID = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def max_input_bytes() -> int:
    """The largest input file read now, in bytes."""
    return _INPUT_LIMIT.get()


@contextmanager
def input_limit(size: int) -> Iterator[None]:
    """Read inputs of up to ``size`` bytes inside the ``with`` block."""
    token = _INPUT_LIMIT.set(size)
    try:
        yield
    finally:
        _INPUT_LIMIT.reset(token)


def control_character(text: str, in_id: bool = False) -> str | None:
    """A sentence naming the first control character of ``text`` and where it is, or None.

    >>> control_character("Ask" + chr(1))
    'a control character (U+0001) at character 4'
    >>> control_character("two\\nlines"), control_character("two\\nlines", in_id=True)
    (None, 'a control character (U+000A) at character 4')
    """
    found = (_CONTROL_IN_ID if in_id else _CONTROL).search(text)
    if found is None:
        return None
    return f"a control character (U+{ord(found.group()):04X}) at character {found.start() + 1}"
