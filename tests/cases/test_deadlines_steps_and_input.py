"""What ``compute_due`` gives besides the due date, and what it refuses: the steps of the explanation
as data, the display, and input no deadline can be counted from. Also that the worked deadlines of
the other test_deadlines_* modules are a catalogue worth its name."""

import json
from datetime import UTC, date, datetime

import holidays
import pytest

from cases import deadlines
from cases.deadlines import Unit, closed_day, compute_due
from tests.cases import (
    test_deadlines_days_and_warnings,
    test_deadlines_holidays,
    test_deadlines_hours,
    test_deadlines_months,
    test_deadlines_pauses_and_extensions,
)
from tests.helpers.deadlines import HK_CLOSED_DAYS, HK_GENERAL_HOLIDAYS, hk

D = Unit.DAYS
WORKED = [
    *test_deadlines_holidays.HOLIDAYS,
    *test_deadlines_months.MONTH_ENDS,
    *test_deadlines_days_and_warnings.DAYS_AND_WARNINGS,
    *test_deadlines_hours.HOURS,
    *test_deadlines_pauses_and_extensions.PAUSES_AND_EXTENSIONS,
]


def test_the_worked_cases_have_unique_ids_and_cover_every_unit():
    assert len(WORKED) >= 45
    assert len({worked.id for worked in WORKED}) == len(WORKED)
    assert {worked.unit for worked in WORKED} == set(Unit)


def test_the_cap_149_list_has_the_easter_days_the_public_category_lacks():
    public = holidays.HK(years=2024)

    for day in (date(2024, 3, 29), date(2024, 3, 30), date(2024, 4, 1)):
        assert day in HK_GENERAL_HOLIDAYS
        assert day not in public


def test_the_steps_are_data_with_iso_dates_and_the_reasons_each_day_is_closed():
    christmas = closed_day("general_holiday", "Christmas Day", "聖誕節")
    boxing_day = closed_day("general_holiday", "The first weekday after Christmas Day", "聖誕節後第一個周日")
    calendar = deadlines.hong_kong({date(2024, 12, 25): (christmas,), date(2024, 12, 26): (boxing_day,)})

    deadline = compute_due(hk(2024, 12, 18), 7, Unit.DAYS, calendar)

    assert deadline.steps == (
        {"kind": "days", "length": 7, "start": "2024-12-18", "end": "2024-12-25"},
        {
            "kind": "runs_on",
            "closed": [
                {"date": "2024-12-25", "reasons": [christmas]},
                {"date": "2024-12-26", "reasons": [boxing_day]},
            ],
            "to": "2024-12-27",
            "working_days": False,
        },
        {"kind": "due", "on": "2024-12-27"},
    )
    assert christmas == {"kind": "general_holiday", "name": "Christmas Day", "name_zh": "聖誕節"}
    assert json.loads(json.dumps(deadline.steps)) == list(deadline.steps)


@pytest.mark.parametrize(
    ("start", "length", "unit", "expected"),
    [
        (hk(2024, 10, 3), 45, Unit.DAYS, "2024-11-18"),
        (hk(2024, 12, 2), 10, Unit.WORKING_DAYS, "2024-12-16"),
        (hk(2024, 1, 31), 1, Unit.MONTHS, "2024-02-29"),
        (hk(2024, 2, 9, 9, 30), 72, Unit.HOURS, "2024-02-12T09:30"),
        (datetime(2024, 12, 31, 15, 5, tzinfo=UTC), 1, Unit.HOURS, "2025-01-01T00:05"),
    ],
)
def test_display_is_an_iso_date_or_a_hong_kong_minute_for_hours(start, length, unit, expected):
    deadline = compute_due(start, length, unit, deadlines.hong_kong(HK_CLOSED_DAYS))

    assert deadline.display() == expected


@pytest.mark.parametrize(
    ("start", "length", "unit", "extensions"),
    [
        pytest.param(hk(2024, 10, 3), 0, "days", (), id="length-0"),
        pytest.param(hk(2024, 10, 3), -3, "days", (), id="negative-length"),
        pytest.param(datetime(2024, 10, 3, 10, 0), 45, "days", (), id="naive-start"),
        pytest.param(datetime(2024, 10, 3, 10, 0), 72, "hours", (), id="naive-start-in-hours"),
        pytest.param(hk(2024, 10, 3), 45, "fortnights", (), id="unknown-unit"),
        pytest.param(hk(2024, 10, 3), 45, "Days", (), id="unit-in-the-wrong-case"),
        pytest.param(hk(2024, 10, 3), 45, "days", (0,), id="extension-of-0-days"),
    ],
)
def test_invalid_input_raises_value_error(start, length, unit, extensions):
    with pytest.raises(ValueError):
        compute_due(start, length, unit, deadlines.hong_kong(HK_CLOSED_DAYS), extension_days=extensions)


def test_a_plain_date_as_the_start_is_refused():
    with pytest.raises(ValueError, match="aware datetime"):
        compute_due(date(2024, 12, 2), 10, D, deadlines.hong_kong(HK_CLOSED_DAYS))
