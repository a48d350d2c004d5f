"""Errors and warnings about input files, each with the file, line and column.

>>> d = Diagnostic("error", "no step with id 'x'", "p.yaml", 4, 11)
>>> str(d)
"p.yaml:4:11: no step with id 'x'"
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

ERROR, WARNING, INFO = "error", "warning", "info"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in an input file."""

    severity: str
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None

    @property
    def where(self) -> str:
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"

    def to_dict(self) -> dict:
        return {"severity": self.severity, "file": self.file, "line": self.line,
                "column": self.column, "message": self.message}


class InputError(Exception):
    """An input that cannot be used; ``diagnostics`` lists every problem found."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = tuple(diagnostics)
        errors = [d for d in self.diagnostics if d.severity == ERROR] or list(self.diagnostics)
        super().__init__(str(errors[0]) if errors else "invalid input")

    @classmethod
    def single(cls, message: str, file: str | None = None, line: int | None = None,
               column: int | None = None) -> InputError:
        return cls([Diagnostic(ERROR, message, file, line, column)])


class Loaded(NamedTuple):
    """A process read from a file, with the warnings about it."""

    process: object
    diagnostics: tuple[Diagnostic, ...]


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ``; did you mean 'x'?`` hint for a misspelt word, or nothing.

    >>> did_you_mean("verfy", ["verify", "sign"])
    "; did you mean 'verify'?"
    >>> did_you_mean("zzz", ["verify"])
    ''
    """
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    if not close:
        return ""
    from .i18n import _

    return "; " + _("did you mean {word}?").format(word=repr(close[0]))


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity == ERROR for d in diagnostics)
