"""How time is counted: working hours (the default) or the Doing Business convention.

By default a step takes its ``wait`` plus its ``work``, in working hours, and a
day is ``calendar.hours_per_day`` working hours.

The **Doing Business** convention (``doing-business``; World Bank, *Doing Business*
data notes, 2015 onwards) counts calendar days:

1. A step's working time becomes calendar days: hours / ``hours_per_day`` working
   days, times 7 / ``days_per_week``. A process transcribed from Doing Business
   data, whose figures are already calendar days, declares ``days_per_week: 7``.
2. Every procedure (see :mod:`bpmodel.analysis.roles`) takes at least one day, or
   half a day when it is fully online (``contact: online``).
3. Procedures that run at the same time cannot start on the same day:
   simultaneous procedures start on consecutive days. Where the branches of a
   parallel split (``and``, or the branches of an ``or`` taken together) begin with
   a procedure that is not fully online, the first starts at once and each further
   one a day later; the longest goes first, which gives the shortest total. Online
   procedures may start on the same day as another.

So two simultaneous one-day procedures take 2 days, and a 30-day and a 7-day
simultaneous procedure take 30 days (the 7-day one starts on day 2 and ends on
day 8).

>>> from bpmodel.model import Calendar, Duration, Step
>>> clock = Clock.of(Calendar(8, 5), DOING_BUSINESS)
>>> clock.step_units(Step("s", "S", work=Duration.of(2)), procedure=True)
1.0
>>> clock.step_units(Step("s", "S", work=Duration.of(40)), procedure=False)
7.0
>>> clock.hours(7.0)
40.0
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Calendar, Step

DOING_BUSINESS = "doing-business"
CONVENTIONS = (DOING_BUSINESS,)


def check_convention(convention: str | None) -> str | None:
    """``convention`` itself when it is known (None is the default); ValueError otherwise."""
    if convention is not None and convention not in CONVENTIONS:
        raise ValueError(f"unknown convention {convention!r}; use one of "
                         f"{', '.join(CONVENTIONS)} (or none for working hours)")
    return convention


@dataclass(frozen=True, slots=True)
class Clock:
    """The unit the path algorithms add up: working hours, or calendar days (Doing Business).

    ``stagger`` is the delay between simultaneous procedures (one day, Doing Business
    only); :meth:`hours` and :meth:`days` convert a total back for reporting.
    """

    calendar: Calendar
    convention: str | None = None

    @classmethod
    def of(cls, calendar: Calendar, convention: str | None = None) -> Clock:
        return cls(calendar, check_convention(convention))

    @property
    def calendar_days(self) -> bool:
        return self.convention == DOING_BUSINESS

    @property
    def stagger(self) -> float:
        return 1.0 if self.calendar_days else 0.0

    @property
    def _hours_per_unit(self) -> float:
        if self.calendar_days:
            return self.calendar.hours_per_day * self.calendar.days_per_week / 7
        return 1.0

    def step_units(self, step: Step, *, procedure: bool) -> float:
        """The time of ``step`` (its wait, then its work) in this clock's unit."""
        return self.span(step.wait.hours + step.work.hours, step.contact, procedure=procedure)

    def span(self, hours: float, contact: str | None, *, procedure: bool) -> float:
        """A step's ``hours`` in this clock's unit, given its contact and whether it is a
        procedure (which takes at least a day, or half a day online, under Doing Business)."""
        if not self.calendar_days:
            return hours
        days = hours / self._hours_per_unit
        if procedure:
            days = max(days, 0.5 if contact == "online" else 1.0)
        return days

    def staggered(self, contact: str | None, *, procedure: bool) -> bool:
        """True when a simultaneous branch beginning with a step (with this contact) must
        start a day later."""
        return self.calendar_days and procedure and contact != "online"

    def units(self, hours: float) -> float:
        """A span of working hours in this clock's unit (no minimum applies)."""
        return hours / self._hours_per_unit

    def hours(self, units: float) -> float:
        """Working hours of a total in this clock's unit."""
        return units * self._hours_per_unit

    def days(self, units: float) -> float:
        """Days of a total: working days, or calendar days under Doing Business."""
        if self.calendar_days:
            return units
        return units / self.calendar.hours_per_day
