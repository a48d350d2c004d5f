"""Drawing step durations from their ranges: PERT (the default) or triangular.

A duration written as a range ``low <= likely <= high`` is drawn from the **PERT**
distribution (a beta distribution scaled to the range, with shape
``1 + 4 (likely - low) / (high - low)`` and ``1 + 4 (high - likely) / (high - low)``),
whose mean is the PERT mean ``(low + 4 likely + high) / 6`` that every single-figure
analysis of bpmodel uses: so the simulated mean agrees with the expected lead time.
The **triangular** distribution has the mean ``(low + likely + high) / 3`` instead, and
a heavier tail. A single figure is drawn as itself. **Exponential** draws every duration,
single or ranged, with the PERT mean as its mean: the memoryless service time of queueing
theory (M/M/c), to compare with it.

>>> import numpy as np
>>> from bpmodel.model import Duration
>>> rng = np.random.Generator(np.random.PCG64(1))
>>> draw(Duration.of(2.0), 3, rng, PERT)
2.0
>>> bool(abs(draw(Duration(1.0, 2.0, 9.0), 200_000, rng, PERT).mean() - 3.0) < 0.01)
True
"""

from __future__ import annotations

import numpy as np

from ..model import Duration

PERT, TRIANGULAR, EXPONENTIAL = "pert", "triangular", "exponential"
DISTRIBUTIONS = (PERT, TRIANGULAR, EXPONENTIAL)


def pert_shapes(duration: Duration) -> tuple[float, float]:
    """The two shape parameters of the beta distribution behind a PERT range.

    >>> pert_shapes(Duration(0.0, 2.5, 10.0))
    (2.0, 4.0)
    """
    span = duration.high - duration.low
    return (1.0 + 4.0 * (duration.likely - duration.low) / span,
            1.0 + 4.0 * (duration.high - duration.likely) / span)


def mean(duration: Duration, distribution: str = PERT) -> float:
    """The mean of a duration under ``distribution`` (in its hours).

    >>> mean(Duration(1.0, 2.0, 9.0)), mean(Duration(1.0, 2.0, 9.0), TRIANGULAR)
    (3.0, 4.0)
    """
    if not duration.is_range or distribution == EXPONENTIAL:
        return duration.hours
    if distribution == TRIANGULAR:
        return (duration.low + duration.likely + duration.high) / 3.0
    return duration.hours


def draw(duration: Duration, size: int, rng: np.random.Generator,
         distribution: str = PERT) -> np.ndarray | float:
    """``size`` draws of a duration, in hours: an array, or the figure itself when the
    duration is a single figure (adding a scalar costs nothing and draws nothing)."""
    if distribution == EXPONENTIAL:
        return rng.exponential(duration.hours, size) if duration.hours > 0 else 0.0
    if not duration.is_range:
        return duration.likely
    if distribution == TRIANGULAR:
        return rng.triangular(duration.low, duration.likely, duration.high, size)
    alpha, beta = pert_shapes(duration)
    return duration.low + (duration.high - duration.low) * rng.beta(alpha, beta, size)
