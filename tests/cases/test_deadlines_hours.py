"""Worked deadlines in hours: they run without a break, through nights, weekends, holidays and
warnings, to the minute.

Every expected date below was counted by hand on a calendar; none was produced by the code.
"""

from datetime import UTC, date, datetime

import pytest

from cases.deadlines import Unit
from tests.helpers.deadlines import BLACK_RAIN, WorkedDeadline, assert_worked_out, hk

H = Unit.HOURS

HOURS = [
    # Hours run continuously, through weekends, holidays and warnings.
    WorkedDeadline(
        id="72-hours-over-lny-2024",
        start=hk(2024, 2, 9, 9, 30),
        length=72,
        unit=H,
        due=hk(2024, 2, 12, 9, 30),
        why="hours run without a break: Fri 9 Feb 09:30 + 72 h = Mon 12 Feb 09:30, through LNY and a Sunday",
    ),
    WorkedDeadline(
        id="72-hours-over-easter-2024",
        start=hk(2024, 3, 28, 18, 0),
        length=72,
        unit=H,
        due=hk(2024, 3, 31, 18, 0),
        why="hours run without a break: Thu 28 Mar 18:00 + 72 h = Sun 31 Mar 18:00, not moved off the Sunday",
    ),
    WorkedDeadline(
        id="5-hours-across-midnight-into-new-year",
        start=hk(2024, 12, 31, 22, 0),
        length=5,
        unit=H,
        due=hk(2025, 1, 1, 3, 0),
        why="hours cross midnight: Tue 31 Dec 22:00 + 5 h = Wed 1 Jan 2025 03:00, New Year's Day notwithstanding",
    ),
    WorkedDeadline(
        id="48-hours-from-a-utc-start-ignore-black-rain",
        start=datetime(2024, 6, 2, 20, 0, tzinfo=UTC),
        length=48,
        unit=H,
        warnings={date(2024, 6, 3): BLACK_RAIN},
        due=hk(2024, 6, 5, 4, 0),
        why="20:00 UTC Sun 2 Jun = 04:00 HKT Mon 3 Jun; + 48 h = Wed 5 Jun 04:00 HKT; warnings do not stop hours",
    ),
    WorkedDeadline(
        id="72-hours-paused-2-days",
        start=hk(2024, 12, 2, 9, 0),
        length=72,
        unit=H,
        pauses=((hk(2024, 12, 3, 9, 0), hk(2024, 12, 5, 9, 0)),),
        due=hk(2024, 12, 7, 9, 0),
        why="Mon 2 Dec 09:00 + 72 h = Thu 5 Dec 09:00; paused 48 h moves it to Sat 7 Dec 09:00",
    ),
    WorkedDeadline(
        id="24-hours-extended-by-1-day",
        start=hk(2024, 12, 2, 9, 0),
        length=24,
        unit=H,
        extensions=(1,),
        due=hk(2024, 12, 4, 9, 0),
        why="Mon 2 Dec 09:00 + 24 h = Tue 3 Dec 09:00; extended by 1 day to Wed 4 Dec 09:00",
    ),
]


@pytest.mark.parametrize("worked", HOURS, ids=lambda worked: worked.id)
def test_worked_deadline(worked):
    assert_worked_out(worked)
