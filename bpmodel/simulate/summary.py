"""What simulated lead times say: the mean, the percentiles a service standard is set on, the
share of cases within the target, and the steps that drive the slowest cases.

>>> import numpy as np
>>> d = describe(np.arange(1.0, 101.0), target_hours=90.0, hours_per_day=8.0)
>>> d.mean_hours, round(d.percentile(90), 6), d.within_target
(50.5, 90.1, 0.9)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .montecarlo import MonteCarlo

PERCENTILES = (50, 80, 90, 95)
TAIL_SHARE = 0.10  # the slowest tenth of the cases
TOP_DRIVERS = 5
_EPSILON = 1e-9
_NEGLIGIBLE = 0.02  # of how much longer a slow case takes than an average one


@dataclass(frozen=True, slots=True)
class Distribution:
    """The lead times of simulated cases, summed up (working hours).

    ``within_target`` is the share of cases done within ``target_hours`` (None when the
    process sets no target).
    """

    cases: int
    mean_hours: float
    std_hours: float
    min_hours: float
    max_hours: float
    percentiles: tuple[tuple[int, float], ...]
    target_hours: float | None
    within_target: float | None
    hours_per_day: float

    def percentile(self, q: int) -> float:
        """The lead time that ``q`` percent of the cases stay within (hours)."""
        return dict(self.percentiles)[q]

    def to_dict(self) -> dict:
        day = self.hours_per_day
        return {
            "cases": self.cases,
            "mean_hours": self.mean_hours, "mean_days": self.mean_hours / day,
            "std_hours": self.std_hours,
            "min_hours": self.min_hours, "max_hours": self.max_hours,
            "percentiles_hours": {f"p{q}": v for q, v in self.percentiles},
            "percentiles_days": {f"p{q}": v / day for q, v in self.percentiles},
            "target_hours": self.target_hours,
            "target_days": None if self.target_hours is None else self.target_hours / day,
            "within_target": self.within_target,
        }


def describe(lead_times: np.ndarray, target_hours: float | None, hours_per_day: float,
             percentiles: tuple[int, ...] = PERCENTILES) -> Distribution:
    """The mean, spread and percentiles of ``lead_times`` and the share within the target."""
    values = np.percentile(lead_times, percentiles)
    within = None
    if target_hours is not None:
        within = float(np.mean(lead_times <= target_hours + _EPSILON))
    return Distribution(int(lead_times.size), float(lead_times.mean()),
                        float(lead_times.std()), float(lead_times.min()),
                        float(lead_times.max()),
                        tuple((q, float(v)) for q, v in zip(percentiles, values, strict=True)),
                        target_hours, within, hours_per_day)


@dataclass(frozen=True, slots=True)
class TailDriver:
    """A step that keeps the slowest cases long.

    ``slow_hours``: what the step adds to the longest branch of a case on average among the
    slowest cases; ``all_hours``: the same over all cases; ``on_longest``: the share of
    the slowest cases in which the step is on their longest branch and takes time.
    """

    step: str
    name: str
    slow_hours: float
    all_hours: float
    on_longest: float

    @property
    def excess_hours(self) -> float:
        """How much longer the step keeps a slow case than an average one."""
        return self.slow_hours - self.all_hours

    def to_dict(self) -> dict:
        return {"step": self.step, "name": self.name, "slow_hours": self.slow_hours,
                "all_hours": self.all_hours, "excess_hours": self.excess_hours,
                "on_longest": self.on_longest}


def tail_drivers(result: MonteCarlo, share: float = TAIL_SHARE,
                 top: int = TOP_DRIVERS) -> tuple[TailDriver, ...]:
    """The steps that make the slowest ``share`` of the cases slow (those at or above the
    percentile ``1 - share``; more when many cases tie there): those whose time on the
    longest branch is most above their average there, largest excess first. The excesses
    of all steps add up to how much longer a slow case takes than an average one. Empty
    when the lead time does not vary."""
    lead = result.critical_lead_times
    if result.critical is None or lead.size == 0 or lead.max() - lead.min() <= _EPSILON:
        return ()
    threshold = np.quantile(lead, 1.0 - share)
    slow = lead >= threshold - _EPSILON
    # steps adding less than this to a slow case explain nothing worth naming
    least = _NEGLIGIBLE * float(lead[slow].mean() - lead.mean())
    drivers = []
    for v, critical in result.critical.items():
        slow_hours = float(critical[slow].mean())
        all_hours = float(critical.mean())
        if slow_hours - all_hours <= max(least, _EPSILON * max(1.0, all_hours)):
            continue
        drivers.append(TailDriver(result.step_ids[v], result.step_names[v], slow_hours,
                                  all_hours, float(np.mean(critical[slow] > _EPSILON))))
    drivers.sort(key=lambda d: (-d.excess_hours, d.step))
    return tuple(drivers[:top])
