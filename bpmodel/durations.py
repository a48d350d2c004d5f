"""Durations as written in process files: ``30min``, ``2h``, ``1.5d``, ``3 days``, ``1w``.

Days and weeks are working days and weeks of the process calendar. A range
``2-5d`` or a mapping ``{min: 2d, likely: 3d, max: 10d}`` says that the time
varies; a range ``a-b`` is read as ``min=a, likely=(a+b)/2, max=b``.

>>> parse_duration("1.5d").hours
12.0
>>> parse_duration("2-5d", Calendar(hours_per_day=7)).hours
24.5
>>> format_duration(Duration.of(12.0))
'1.5d'
"""

from __future__ import annotations

import re

from .model import Calendar, Duration

_UNITS = {
    "min": "min", "mins": "min", "minute": "min", "minutes": "min", "m": "min",
    "menit": "min",
    "h": "h", "hr": "h", "hrs": "h", "hour": "h", "hours": "h", "jam": "h",
    "d": "d", "day": "d", "days": "d", "hari": "d",
    "w": "w", "wk": "w", "week": "w", "weeks": "w", "minggu": "w", "pekan": "w",
}
# The patterns run on text whose spaces are already collapsed to single ones (see
# _normalised), with bounded numbers and words: they match in time linear in the text,
# with no backtracking over runs of spaces.
_NUMBER = r"(\d{1,15}(?:\.\d{1,20})?|\.\d{1,20})"   # a float's repr fits
_WORD = r"([a-z]{1,12})"
_SINGLE = re.compile(rf"{_NUMBER} ?{_WORD}?")
_RANGE = re.compile(rf"{_NUMBER} ?{_WORD}? ?(?:-|–|to|\.\.) ?{_NUMBER} ?{_WORD}?")
MAX_TEXT = 64                  # characters: "1.5 days to 2 weeks" needs far fewer
MAX_HOURS = 1_000_000.0        # about 480 years of working days: anything more is a typo

DEFAULT_CALENDAR = Calendar()


class DurationError(ValueError):
    """A duration that cannot be read; the message says why in plain words."""


def unit_hours(unit: str, calendar: Calendar = DEFAULT_CALENDAR) -> float:
    """How many working hours one ``unit`` is under ``calendar``."""
    canonical = _UNITS[unit]
    if canonical == "min":
        return 1 / 60
    if canonical == "h":
        return 1.0
    if canonical == "d":
        return calendar.hours_per_day
    return calendar.hours_per_day * calendar.days_per_week


def _unit(word: str | None, text: str) -> str:
    if word is None:
        raise DurationError(
            f"duration {text!r} has no unit; write it like 30min, 2h, 1.5d or 1w")
    word = word.lower()
    if word not in _UNITS:
        raise DurationError(
            f"duration {text!r} has an unknown unit {word!r}; use min, h, d (days) or w (weeks)")
    return word


def parse_hours(text: str, calendar: Calendar = DEFAULT_CALENDAR) -> float:
    """Working hours of a single duration such as ``45min`` (no ranges).

    >>> parse_hours("45min")
    0.75
    """
    duration = parse_duration(text, calendar)
    if duration.is_range:
        raise DurationError(f"duration {text!r} is a range; a single figure is needed here")
    return duration.hours


def parse_duration(text: str, calendar: Calendar = DEFAULT_CALENDAR) -> Duration:
    """Read a single duration or an ``a-b`` range written as text."""
    if not isinstance(text, str):
        raise DurationError(f"a duration must be text like 2h or 3d, not {text!r}")
    if len(text) > MAX_TEXT and len(text.strip()) > MAX_TEXT:
        raise DurationError(
            f"a duration of {len(text.strip())} characters is too long to be one; "
            "write it like 30min, 2h, 1.5d or 2-5d")
    lowered = _normalised(text)
    single = _SINGLE.fullmatch(lowered)
    if single:
        number, word = single.groups()
        return _bounded(Duration.of(float(number) * unit_hours(_unit(word, text), calendar)),
                        text)
    ranged = _RANGE.fullmatch(lowered)
    if ranged:
        low, low_word, high, high_word = ranged.groups()
        high_unit = _unit(high_word or low_word, text)
        low_unit = _unit(low_word or high_word, text)
        low_h = float(low) * unit_hours(low_unit, calendar)
        high_h = float(high) * unit_hours(high_unit, calendar)
        if low_h > high_h:
            raise DurationError(f"duration range {text!r} runs backwards: its start is larger")
        return _bounded(Duration(low_h, (low_h + high_h) / 2, high_h), text)
    if lowered.startswith("-"):
        raise DurationError(f"duration {text!r} is negative; durations are 0 or more")
    raise DurationError(
        f"cannot read duration {text!r}; write it like 30min, 2h, 1.5d, 3 days, 1w or 2-5d")


def _normalised(text: str) -> str:
    """Lower case, spaces trimmed and collapsed to one (linear in the text).

    >>> _normalised("  1 \t-   2  Days ")
    '1 - 2 days'
    """
    return " ".join(text.lower().split())


def _bounded(duration: Duration, text: str) -> Duration:
    if duration.high > MAX_HOURS:
        raise DurationError(
            f"duration {text!r} is longer than {MAX_HOURS:,.0f} working hours; check the figure "
            "and its unit")
    return duration


def three_point(low: float, likely: float, high: float) -> Duration:
    """A ``{min, likely, max}`` duration, checked for order."""
    if not low <= likely <= high:
        raise DurationError("a {min, likely, max} duration needs min <= likely <= max")
    return Duration(low, likely, high)


def _trim(number: float) -> str:
    text = f"{number:.9f}".rstrip("0").rstrip(".")
    return text or "0"


def format_hours(hours: float, calendar: Calendar = DEFAULT_CALENDAR) -> str:
    """The shortest exact spelling of ``hours`` in days, hours or minutes.

    Weeks are not used: service targets and reports speak in days.

    >>> format_hours(0.5)
    '30min'
    >>> format_hours(40)
    '5d'
    >>> format_hours(round(1 / 60, 9))   # what reading "1min" keeps
    '1min'
    >>> format_hours(9408 / 60)
    '156.8h'
    """
    if hours == 0:
        return "0h"
    for unit, size in (("d", calendar.hours_per_day), ("h", 1.0)):
        count = hours / size
        if count >= 1 and abs(count * 4 - round(count * 4)) < 1e-9:
            return f"{_trim(count)}{unit}"
    if hours >= 1 and abs(hours * 100 - round(hours * 100)) < 1e-6:
        return f"{_trim(round(hours, 2))}h"  # 156.8h, never 9408min
    return f"{_trim(round(hours * 60, 6))}min"


def format_duration(duration: Duration, calendar: Calendar = DEFAULT_CALENDAR) -> str | dict:
    """A duration back as text, or as a ``{min, likely, max}`` mapping for a range."""
    if not duration.is_range:
        return format_hours(duration.likely, calendar)
    if abs((duration.low + duration.high) / 2 - duration.likely) < 1e-9:
        low, high = format_hours(duration.low, calendar), format_hours(duration.high, calendar)
        low_num, low_unit = re.match(r"([\d.]+)(\D+)", low).groups()
        high_num, high_unit = re.match(r"([\d.]+)(\D+)", high).groups()
        if low_unit == high_unit:
            return f"{low_num}-{high_num}{high_unit}"
    return {
        "min": format_hours(duration.low, calendar),
        "likely": format_hours(duration.likely, calendar),
        "max": format_hours(duration.high, calendar),
    }
