"""Figures as people read them: durations, days, money and plain numbers, in English or
Bahasa Indonesia.

One formatter per kind of figure, each with a ``lang`` parameter (``"en"``, the default,
or ``"id"``). A figure that is not known (None) prints as ``n/a`` (``t/a``), never as 0.

>>> format_duration(156.8)          # working hours, 8 h a day
'19.6 d'
>>> format_duration(2.5), format_duration(0.75), format_duration(156.8, lang="id")
('2 h 30 min', '45 min', '19,6 hari')
>>> format_days(42.625), format_days(30, calendar=True), format_days(4.5, lang="id")
('42.6 working days', '30 calendar days', '4,5 hari kerja')
>>> format_money(134999999.99999997, "IDR"), format_money(135_000_000, "IDR", lang="id")
('IDR 135,000,000', 'Rp 135.000.000')
>>> format_money(12.5, "USD"), format_money(None, "IDR")
('USD 12.50', 'n/a')
>>> format_number(1234.5), format_number(1234.5, lang="id"), format_number(0.333333)
('1,234.5', '1.234,5', '0.33')
"""

from __future__ import annotations

LANGS = ("en", "id")
NOT_KNOWN = {"en": "n/a", "id": "t/a"}
# Digits after the decimal mark of each currency (ISO 4217); two for any other.
CURRENCY_DIGITS = {"IDR": 0, "JPY": 0, "KRW": 0, "VND": 0, "CLP": 0, "ISK": 0, "UGX": 0,
                   "PYG": 0, "XOF": 0, "XAF": 0, "KWD": 3, "BHD": 3, "JOD": 3, "OMR": 3,
                   "TND": 3}
# How each currency is written before the amount, per language.
CURRENCY_SIGNS = {"id": {"IDR": "Rp"}}
_UNITS = {
    "en": {"d": "d", "h": "h", "min": "min", "working": "working days",
           "calendar": "calendar days", "working1": "working day", "calendar1": "calendar day"},
    "id": {"d": "hari", "h": "jam", "min": "menit", "working": "hari kerja",
           "calendar": "hari kalender", "working1": "hari kerja",
           "calendar1": "hari kalender"},
}


def _check(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGS)}")
    return lang


def not_known(lang: str = "en") -> str:
    """What an unknown figure prints as.

    >>> not_known(), not_known("id")
    ('n/a', 't/a')
    """
    return NOT_KNOWN[_check(lang)]


def format_number(value: float | None, digits: int = 2, lang: str = "en") -> str:
    """A plain number with thousands separators and at most ``digits`` decimals, trailing
    zeros dropped; ``-0`` never shows.

    >>> format_number(2789999999.88), format_number(3.0), format_number(-0.0001)
    ('2,789,999,999.88', '3', '0')
    >>> format_number(1234567.891, 1, lang="id")
    '1.234.567,9'
    """
    if value is None:
        return not_known(lang)
    _check(lang)
    value = round(float(value), digits)
    if value == 0:
        value = 0.0
    text = f"{value:,.{digits}f}"
    if digits:
        text = text.rstrip("0").rstrip(".")
    if lang == "id":
        text = text.translate(str.maketrans({",": ".", ".": ","}))
    return text


def currency_digits(currency: str | None) -> int:
    """How many decimals an amount in ``currency`` is written with.

    >>> currency_digits("IDR"), currency_digits("EUR"), currency_digits(None)
    (0, 2, 2)
    """
    return CURRENCY_DIGITS.get((currency or "").upper(), 2)


def format_money(amount: float | None, currency: str | None = None, lang: str = "en") -> str:
    """An amount of money rounded to its currency's precision, with separators.

    >>> format_money(2789999999.88, "IDR"), format_money(1500, None), format_money(0.5, "EUR")
    ('IDR 2,790,000,000', '1,500.00', 'EUR 0.50')
    """
    if amount is None:
        return not_known(lang)
    _check(lang)
    digits = currency_digits(currency)
    value = round(float(amount), digits)
    text = f"{value + 0.0 if value else 0.0:,.{digits}f}"
    if lang == "id":
        text = text.translate(str.maketrans({",": ".", ".": ","}))
    if not currency:
        return text
    sign = CURRENCY_SIGNS.get(lang, {}).get(currency.upper(), currency)
    return f"{sign} {text}"


def format_duration(hours: float | None, hours_per_day: float = 8.0, lang: str = "en") -> str:
    """A duration in the largest sensible unit: days (one decimal) from a day up, else hours
    and minutes, else minutes. ``hours_per_day`` is the length of the day counted.

    >>> format_duration(9408 / 60), format_duration(24, 24), format_duration(1 / 60)
    ('19.6 d', '1 d', '1 min')
    >>> format_duration(0), format_duration(7.999), format_duration(None)
    ('0 h', '8 h', 'n/a')
    """
    if hours is None:
        return not_known(lang)
    units = _UNITS[_check(lang)]
    hours = float(hours)
    if hours == 0:
        return f"0 {units['h']}"
    if hours >= hours_per_day:
        return f"{format_number(hours / hours_per_day, 1, lang)} {units['d']}"
    minutes = round(hours * 60)
    if minutes >= hours_per_day * 60:
        return f"{format_number(hours_per_day, 1, lang)} {units['h']}"
    whole, rest = divmod(minutes, 60)
    if not whole:
        return f"{format_number(max(hours * 60, 0), 1, lang)} {units['min']}"
    if not rest:
        return f"{whole} {units['h']}"
    return f"{whole} {units['h']} {rest} {units['min']}"


def day_unit(calendar: bool = False, lang: str = "en", one: bool = False) -> str:
    """The name of the day unit: working days, or calendar days (Doing Business, or a
    process on a seven-day calendar).

    >>> day_unit(), day_unit(True, "id")
    ('working days', 'hari kalender')
    """
    units = _UNITS[_check(lang)]
    key = "calendar" if calendar else "working"
    return units[key + "1" if one else key]


def format_days(days: float | None, calendar: bool = False, lang: str = "en") -> str:
    """A number of days with its unit: working days, or calendar days.

    >>> format_days(1), format_days(None), format_days(0.5, True), format_days(0.03125)
    ('1 working day', 'n/a', '0.5 calendar days', '0.031 working days')
    """
    if days is None:
        return not_known(lang)
    text = format_number(days, 1 if abs(days) >= 0.1 else 3, lang)
    return f"{text} {day_unit(calendar, lang, one=text == '1')}"
