"""What the figures cannot know: steps without a time, fees not given.

A task whose source gives no time (neither ``work`` nor ``wait`` written, see
:attr:`bpmodel.model.Step.time_known`) has an unknown time, not a time of 0. A lead time
over such a step is unknown; the algorithms still add up the known times, which gives a
*lower bound* (every unknown time is 0 or more). A task with a ``wait`` but no ``work``
leaves the hours worked unknown. A fee written ``fee: unknown`` makes the fees unknown;
out-of-pocket costs nobody wrote down (no ``visit_cost`` for a visit, no costs declared at
all) are unknown, as are annual figures without a ``volume``, the cost of hours without a
``tariff``, and the applicant's hours of a process without an applicant.
:func:`find_gaps` says which measures are unknown and why, in a sentence each, and gives
the lower bounds that are still true.

>>> from bpmodel.model import Duration, Process, Step
>>> from bpmodel.model import Flow
>>> p = Process("p", "P", steps=(Step("a", "Ask", work=Duration.of(8)),
...                              Step("b", "Answer", time_known=False)),
...             flows=(Flow("a", "b"),))
>>> gaps = figure_gaps(p)
>>> gaps.untimed, gaps.lower_bounds["lead_time_days"]
(('b',), 1.0)
>>> gaps.reasons["lead_time_days"]
'not known: the process gives no time for step b'
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Process
from .stepsums import (
    APPLICANT_TIME,
    DECLARED,
    NO_TRIP,
    OUT_OF_POCKET,
    STAFF_TIME,
    UNKNOWN_FEES,
    UNTIMED,
    UNTIMED_APPLICANT,
    UNTIMED_STAFF,
    UNWORKED_APPLICANT,
    UNWORKED_STAFF,
    StepSums,
)

TIME_KEYS = ("lead_time_days", "lead_time_hours", "best_time_days", "best_time_hours",
             "expected_lead_time_days", "expected_lead_time_hours", "work_hours",
             "wait_hours", "efficiency")
# The time figures whose known part is a lower bound of the true figure.
BOUNDED_KEYS = ("lead_time_days", "lead_time_hours", "best_time_days", "best_time_hours",
                "expected_lead_time_days", "expected_lead_time_hours", "work_hours",
                "wait_hours")
APPLICANT_KEYS = ("applicant_hours", "applicant_cost", "annual_applicant_hours", "annual_cost")
STAFF_KEYS = ("staff_hours", "staff_cost", "annual_staff_hours", "annual_staff_cost")
FEE_KEYS = ("fees", "annual_fees")
OUT_OF_POCKET_KEYS = ("out_of_pocket", "annual_out_of_pocket")
NAMED = 5  # steps named in a sentence; the rest are counted


@dataclass(frozen=True)
class Gaps:
    """Steps without a time, steps with an unknown fee, and per unknown measure a reason.

    ``lower_bounds`` holds, for each unknown time figure, the total of the known times:
    the true figure is at least that.
    """

    untimed: tuple[str, ...] = ()
    unknown_fees: tuple[str, ...] = ()
    reasons: dict[str, str] = field(default_factory=dict)
    lower_bounds: dict[str, float] = field(default_factory=dict)


def name_list(ids: tuple[str, ...] | list[str]) -> str:
    """Step ids for a sentence, the first few when there are many.

    >>> name_list(list("abcdefg")), name_list(["a", "b"])
    ('a, b, c, d, e and 2 more', 'a and b')
    """
    ids = list(ids)
    from ..i18n import _

    if len(ids) > NAMED:
        return _("{items} and {count} more").format(items=", ".join(ids[:NAMED]),
                                                    count=len(ids) - NAMED)
    if len(ids) > 1:
        return ", ".join(ids[:-1]) + _(" and ") + ids[-1]
    return ids[0] if ids else ""


def _untimed_sentence(process: Process, ids: list[str]) -> str:
    from ..i18n import _

    if len(ids) == 1:
        return _("not known: the process gives no time for step {steps}").format(
            steps=name_list(ids))
    return _("not known: the process gives no time for {count} steps: {steps}").format(
        count=len(ids), steps=name_list(ids))


def _unworked_sentence(process: Process, ids: list[str]) -> str:
    from ..i18n import _

    return _("not known: the process gives a waiting time but no work for "
             "{steps}").format(steps=name_list(ids))


def _fee_sentence(process: Process, ids: list[str]) -> str:
    from ..i18n import _

    return _("not known: the fee of {steps} is not known").format(steps=name_list(ids))


def _trip_sentence(process: Process, ids: list[str]) -> str:
    from ..i18n import _

    return _("not known: the process gives no trip cost (visit_cost) for the visits at "
             "{steps}").format(steps=name_list(ids))


def _out_of_pocket_gap(process: Process, sums: StepSums) -> tuple[str | None, float | None]:
    """Why the applicant's out-of-pocket costs are not known (None when they are) and
    their known part: a visit with no trip cost (``visit_cost``) costs a fare nobody
    wrote down, and a process that declares no such cost at all has not counted them."""
    from ..formatting import currency_digits
    from ..i18n import _

    declared = process.visit_cost is not None or sums.totals[DECLARED] > 0
    no_trip = sums.listed(NO_TRIP)
    if no_trip and declared:
        # the costs written down: what the measures add up, a trip without a cost as 0
        known = round(sums.total(OUT_OF_POCKET), currency_digits(process.currency))
        return _trip_sentence(process, no_trip), known
    if not declared:
        return _("not known: the process declares no out-of-pocket costs (visit_cost, "
                 "costs)"), None
    return None, None


ANNUAL_KEYS = ("annual_applicant_hours", "annual_cost", "annual_fees", "annual_staff_hours",
               "annual_staff_cost", "annual_out_of_pocket")


def _no_rate_or_volume(process: Process, sums: StepSums, reasons: dict[str, str]) -> None:
    """Add the reasons of the figures that need what the process does not give: the annual
    ones its ``volume``, the costs of time its ``tariff`` (a reason already given stays)."""
    from ..i18n import _

    if process.volume is None:
        sentence = _("not known: the process gives no volume (cases a year)")
        for key in ANNUAL_KEYS:
            reasons.setdefault(key, sentence)
    if not any(a.is_applicant for a in process.actors):
        sentence = _("not known: the process has no step of the applicant (no actor of kind "
                     "citizen or business)")
        for key in APPLICANT_KEYS:
            reasons.setdefault(key, sentence)
    tariff = process.tariff
    # the applicant spends time (work, or a visit's travel and queue) in a step run, and
    # staff work in one
    applicant_time, staff_time = sums.totals[APPLICANT_TIME], sums.totals[STAFF_TIME]
    if applicant_time and not {"citizen", "business"} & set(tariff):
        sentence = _("not known: the process gives no tariff for the applicant's hours "
                     "(tariff: citizen, business)")
        for key in ("applicant_cost", "annual_cost"):
            reasons.setdefault(key, sentence)
    if staff_time and "staff" not in tariff:
        sentence = _("not known: the process gives no tariff for the staff's hours "
                     "(tariff: staff)")
        for key in ("staff_cost", "annual_staff_cost"):
            reasons.setdefault(key, sentence)


def find_gaps(process: Process, timing, sums: StepSums | None = None) -> Gaps:
    """The gaps of ``process`` given its path analysis ``timing`` and the per-step sums of
    its steps run (:class:`~bpmodel.analysis.stepsums.StepSums`, worked out from the
    timing's expected runs when not given; see :mod:`bpmodel.analysis.measures`)."""
    if sums is None:
        sums = StepSums.of(process, timing.expectation.runs, share=False)
    untimed, fees = sums.listed(UNTIMED), sums.listed(UNKNOWN_FEES)
    applicant, staff_steps = sums.listed(UNTIMED_APPLICANT), sums.listed(UNTIMED_STAFF)
    unworked_applicant = sums.listed(UNWORKED_APPLICANT)
    unworked_staff = sums.listed(UNWORKED_STAFF)
    reasons: dict[str, str] = {}
    bounds: dict[str, float] = {}
    if untimed:
        sentence = _untimed_sentence(process, untimed)
        reasons.update(dict.fromkeys(TIME_KEYS, sentence))
        clock, path = timing.clock, timing.critical_path
        bounds.update({
            "lead_time_days": path.days, "lead_time_hours": path.hours,
            "best_time_days": clock.days(timing.best),
            "best_time_hours": clock.hours(timing.best),
            "expected_lead_time_days": clock.days(timing.expectation.expected),
            "expected_lead_time_hours": clock.hours(timing.expectation.expected),
            "work_hours": path.work_hours, "wait_hours": path.wait_hours,
        })
        target = process.target
        if target is not None and path.hours <= target.hours + 1e-9:
            from ..i18n import _

            reasons["meets_target"] = _(
                "not checked: the lead time is not known, because the process gives no "
                "time for {steps}").format(steps=name_list(untimed))
    if applicant:
        reasons.update(dict.fromkeys(APPLICANT_KEYS, _untimed_sentence(process, applicant)))
    if staff_steps:
        reasons.update(dict.fromkeys(STAFF_KEYS, _untimed_sentence(process, staff_steps)))
    unworked = list(dict.fromkeys(unworked_applicant + unworked_staff))
    if unworked and "work_hours" not in reasons:  # the touch time, and the share it is
        sentence = _unworked_sentence(process, unworked)
        reasons.update({"work_hours": sentence, "efficiency": sentence})
        if timing.critical_path.work_hours:
            bounds["work_hours"] = timing.critical_path.work_hours
    for keys, ids in ((APPLICANT_KEYS, unworked_applicant), (STAFF_KEYS, unworked_staff)):
        if ids:
            sentence = _unworked_sentence(process, ids)
            for key in keys:
                reasons.setdefault(key, sentence)
    if fees:
        reasons.update(dict.fromkeys(FEE_KEYS, _fee_sentence(process, fees)))
    _no_rate_or_volume(process, sums, reasons)
    reason, known = _out_of_pocket_gap(process, sums)
    if reason is not None:
        reasons.update(dict.fromkeys(OUT_OF_POCKET_KEYS, reason))
        if known:  # the costs written down: the true figure is at least that
            bounds["out_of_pocket"] = known
            if process.volume is not None:
                bounds["annual_out_of_pocket"] = known * process.volume
    return Gaps(tuple(untimed), tuple(fees), reasons, bounds)


def figure_gaps(process: Process, convention: str | None = None) -> Gaps:
    """:func:`find_gaps` of a process, from its (cached) path analysis."""
    from .paths import timing

    return find_gaps(process, timing(process, convention))
