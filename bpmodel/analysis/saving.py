"""What fixing a finding would save (:class:`Saving`), and a saving in words.

Rules estimate savings through :meth:`bpmodel.analysis.facts.Facts.saving`; the JSON
report holds :meth:`Saving.to_dict`, the text report :func:`describe_saving`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from ..formatting import format_days
from ..i18n import N_plural, _, decimal, format_money, language, ngettext

PRECISION = 4  # decimals of a figure in the JSON report


@dataclass(frozen=True, slots=True)
class Saving:
    """What fixing a finding would save, per case and per year, computed from the model.

    ``lead_time_days`` are working days off the lead time (an upper bound: the critical
    path may move to another branch). Per-case figures are expected values (a step in a
    rework loop counts as often as it is expected to run). A figure is None when it cannot
    be computed (all are, for a process whose times mean nothing, such as one with a
    deadlock). Annual figures multiply them by the process ``volume`` (None without it);
    ``annual_cost`` prices the hours with the process ``tariff`` (the Standard Cost Model:
    time x tariff x cases a year) and leaves fees out.

    >>> Saving(visits=1, applicant_hours=0.5).to_dict()["visits"]
    1
    """

    lead_time_days: float | None = 0.0
    visits: float | None = 0.0
    documents_requested: float | None = 0.0
    handoffs: float | None = 0.0
    applicant_hours: float | None = 0.0
    staff_hours: float | None = 0.0
    fees: float | None = 0.0
    annual_applicant_hours: float | None = None
    annual_staff_hours: float | None = None
    annual_cost: float | None = None
    out_of_pocket: float | None = 0.0
    annual_out_of_pocket: float | None = None

    def to_dict(self) -> dict[str, float | int | None]:
        """Plain data for the JSON report: every key always present, numbers rounded."""
        return {f.name: plain_figure(getattr(self, f.name)) for f in fields(self)}

    @property
    def is_zero(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))

    def describe(self, currency: str | None = None, calendar: bool = False) -> str:
        """The saving in words, per case and per year ('' when nothing is saved); its days
        are working days, or calendar days when ``calendar`` (see
        :func:`bpmodel.analysis.day_unit`).

        >>> Saving(lead_time_days=2.5, visits=1, annual_cost=60e6).describe("IDR")
        'up to 2.5 working days, 1 visit a case; IDR 60,000,000 of time at the tariff a year'
        >>> Saving(lead_time_days=1).describe(calendar=True)
        'up to 1 calendar day a case'
        """
        return describe_saving(self.to_dict(), currency, calendar)


_CASE_UNITS = (("visits", *N_plural("{count} visit", "{count} visits")),
               ("documents_requested", *N_plural("{count} document request",
                                                 "{count} document requests")),
               ("handoffs", *N_plural("{count} hand-off", "{count} hand-offs")),
               ("applicant_hours", *N_plural("{count} applicant hour",
                                             "{count} applicant hours")),
               ("staff_hours", *N_plural("{count} staff hour", "{count} staff hours")),
               ("fees", *N_plural("{money} in fees", "{money} in fees")))
_YEAR_UNITS = (("annual_applicant_hours", *N_plural("{count} applicant hour",
                                                    "{count} applicant hours")),
               ("annual_staff_hours", *N_plural("{count} staff hour", "{count} staff hours")))


def describe_saving(saving: Mapping[str, Any], currency: str | None = None,
                    calendar: bool = False) -> str:
    """A saving (as in the JSON report) in words; see :meth:`Saving.describe`. Days are
    calendar days when ``calendar``, else working days."""
    def amount(value: float) -> str:
        return decimal(f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}")

    def money(value: float) -> str:
        if currency in ("IDR", "Rp"):
            return format_money(value, currency)
        return f"{currency or ''} {amount(value)}".strip()

    case = []
    if days := saving.get("lead_time_days"):
        case.append(_("up to {days}").format(days=format_days(days, calendar, language())))
    for key, one, many in _CASE_UNITS:
        value = saving.get(key)
        if value:
            text = ngettext(one, many, 1 if value == 1 else 2)
            case.append(text.format(count=amount(value), money=money(value)))
    if saving.get("out_of_pocket"):
        case.append(_("{money} out of pocket").format(money=money(saving["out_of_pocket"])))
    year = [ngettext(one, many, 1 if v == 1 else 2).format(count=amount(v))
            for key, one, many in _YEAR_UNITS if (v := saving.get(key))]
    if saving.get("annual_cost"):
        year.append(_("{money} of time at the tariff").format(
            money=money(saving["annual_cost"])))
    if saving.get("annual_out_of_pocket"):
        year.append(_("{money} out of pocket").format(
            money=money(saving["annual_out_of_pocket"])))
    parts = []
    if case:
        parts.append(_("{savings} a case").format(savings=", ".join(case)))
    if year:
        parts.append(_("{savings} a year").format(savings=", ".join(year)))
    return "; ".join(parts)


def plain_figure(value: float | None) -> float | int | None:
    """A figure for the JSON report: rounded to 4 decimals, whole numbers as int, None
    for an unknown or infinite one.

    >>> plain_figure(2.0), plain_figure(1 / 3), plain_figure(float("inf"))
    (2, 0.3333, None)
    """
    if value is None or not math.isfinite(value):
        return None
    value = round(float(value), PRECISION)
    return int(value) if value.is_integer() else value
