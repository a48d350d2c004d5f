import pytest

from bpmodel.durations import DurationError, format_duration, format_hours, parse_duration
from bpmodel.model import Calendar, Duration


@pytest.mark.parametrize("text, hours", [
    ("30min", 0.5), ("2h", 2), ("1.5d", 12), ("3 days", 24), ("1w", 40), ("45 minutes", 0.75),
    ("2 jam", 2), ("3 hari", 24), (".5h", 0.5), ("0h", 0), ("1 Day", 8),
])
def test_single_durations_in_working_hours(text, hours):
    assert parse_duration(text).hours == pytest.approx(hours)


def test_days_and_weeks_follow_the_calendar():
    calendar = Calendar(hours_per_day=7, days_per_week=6)
    assert parse_duration("2d", calendar).hours == 14
    assert parse_duration("1w", calendar).hours == 42


def test_range_keeps_its_bounds_and_uses_its_midpoint():
    duration = parse_duration("2-5d")
    assert (duration.low, duration.high) == (16, 40)
    assert duration.is_range
    assert duration.hours == pytest.approx(28)


def test_range_with_a_unit_on_each_side():
    assert parse_duration("4h - 2d").low == 4


def test_pert_mean_of_a_three_point_estimate():
    assert Duration(16, 24, 80).hours == pytest.approx((16 + 4 * 24 + 80) / 6)


@pytest.mark.parametrize("text, words", [
    ("-2h", "negative"), ("2", "no unit"), ("2 parsecs", "unknown unit"), ("soon", "cannot read"),
    ("5-2d", "backwards"),
])
def test_bad_durations_say_what_is_wrong(text, words):
    with pytest.raises(DurationError, match=words):
        parse_duration(text)


@pytest.mark.parametrize("hours, text", [(0.5, "30min"), (2, "2h"), (12, "1.5d"), (40, "5d"),
                                          (0.75, "45min"), (2.4, "2.4h"), (9408 / 60, "156.8h"),
                                          (0, "0h")])
def test_format_hours_is_exact_and_short(hours, text):
    assert format_hours(hours) == text
    assert parse_duration(text).hours == pytest.approx(hours)


def test_format_duration_of_ranges():
    assert format_duration(parse_duration("2-5d")) == "2-5d"
    assert format_duration(Duration(16, 24, 80)) == {"min": "2d", "likely": "3d", "max": "10d"}
