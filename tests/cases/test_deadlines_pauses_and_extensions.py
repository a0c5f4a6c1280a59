"""Worked deadlines that were paused or extended: a pause moves the due date on by its length, an
extension by its days, each then past any closed day.

Every expected date below was counted by hand on a calendar; none was produced by the code.
"""

from datetime import date

import pytest

from cases import deadlines
from cases.deadlines import Unit, compute_due
from tests.helpers.deadlines import HK_CLOSED_DAYS, WorkedDeadline, assert_worked_out, hk

D, WD, M = Unit.DAYS, Unit.WORKING_DAYS, Unit.MONTHS

PAUSES_AND_EXTENSIONS = [
    # Pauses move the due date on by their length, then past any closed day.
    WorkedDeadline(
        id="30-days-paused-5-days",
        start=date(2024, 9, 2),
        length=30,
        unit=D,
        pauses=((hk(2024, 9, 10), hk(2024, 9, 15)),),
        due=date(2024, 10, 7),
        why="s.71(1)(a): Mon 2 Sep + 30 = Wed 2 Oct (open); paused 5 days to Mon 7 Oct (open)",
    ),
    WorkedDeadline(
        id="paused-1-day-onto-national-day",
        start=date(2024, 9, 16),
        length=14,
        unit=D,
        pauses=((hk(2024, 9, 20), hk(2024, 9, 21)),),
        due=date(2024, 10, 2),
        why="Mon 16 Sep + 14 = Mon 30 Sep; paused 1 day to Tue 1 Oct (National Day, Cap. 149); s.71(1)(b) to Wed 2",
    ),
    WorkedDeadline(
        id="paused-6-days-after-running-on-past-a-sunday",
        start=date(2024, 10, 3),
        length=45,
        unit=D,
        pauses=((hk(2024, 10, 10), hk(2024, 10, 16)),),
        due=date(2024, 11, 25),
        why="45 days end Sun 17 Nov, run on to Mon 18 Nov (s.71(1)(b)); paused 6 days to Sun 24 Nov; to Mon 25 Nov",
    ),
    WorkedDeadline(
        id="short-period-paused-2-days",
        start=date(2024, 12, 2),
        length=5,
        unit=D,
        pauses=((hk(2024, 12, 4), hk(2024, 12, 6)),),
        due=date(2024, 12, 9),
        why="s.71(1)(d): Tue 3 - Sat 7 Dec (5, no closed day); paused 2 days to Mon 9 Dec (open)",
    ),
    WorkedDeadline(
        id="1-month-with-two-pauses-after-christmas",
        start=date(2024, 11, 25),
        length=1,
        unit=M,
        pauses=((hk(2024, 12, 2), hk(2024, 12, 4)), (hk(2024, 12, 10), hk(2024, 12, 11))),
        due=date(2024, 12, 30),
        why="1 month from 25 Nov = Wed 25 Dec (Christmas); s.71(1)(b) past Thu 26 to Fri 27; paused 2 + 1 days"
        " to Mon 30 Dec",
    ),
    WorkedDeadline(
        id="working-days-paused-onto-easter-2025",
        start=date(2025, 4, 7),
        length=5,
        unit=WD,
        pauses=((hk(2025, 4, 9), hk(2025, 4, 13)),),
        due=date(2025, 4, 22),
        why="working days: Tue 8 - Fri 11 (4), Mon 14 Apr (5); paused 4 days to Fri 18 (Good Friday);"
        " past Sat 19, Sun 20, Mon 21 (Easter Monday) to Tue 22 Apr",
    ),
    # Extensions, applied in turn, each followed by s.71(1)(b).
    WorkedDeadline(
        id="extended-14-days-onto-christmas",
        start=date(2024, 11, 11),
        length=30,
        unit=D,
        extensions=(14,),
        due=date(2024, 12, 27),
        why="Mon 11 Nov + 30 = Wed 11 Dec; extended 14 days to Wed 25 Dec (Christmas); past Thu 26 to Fri 27 Dec",
    ),
    WorkedDeadline(
        id="extended-10-days-onto-a-sunday",
        start=date(2024, 10, 8),
        length=30,
        unit=D,
        extensions=(10,),
        due=date(2024, 11, 18),
        why="Tue 8 Oct + 30 = Thu 7 Nov; extended 10 days to Sun 17 Nov, a general holiday; to Mon 18 Nov",
    ),
    WorkedDeadline(
        id="two-extensions-the-second-onto-a-sunday",
        start=date(2024, 10, 3),
        length=45,
        unit=D,
        extensions=(14, 13),
        due=date(2024, 12, 16),
        why="due Mon 18 Nov (s.71(1)(b)); extended 14 days to Mon 2 Dec; then 13 days to Sun 15 Dec; to Mon 16 Dec",
    ),
]


@pytest.mark.parametrize("worked", PAUSES_AND_EXTENSIONS, ids=lambda worked: worked.id)
def test_worked_deadline(worked):
    assert_worked_out(worked)


@pytest.mark.parametrize(
    ("pauses", "extensions"),
    [
        pytest.param(((hk(2024, 12, 3), hk(2024, 12, 8)),), (), id="paused-5-days"),
        pytest.param((), (5,), id="extended-5-days"),
    ],
)
def test_a_paused_or_extended_working_day_period_still_ends_on_a_working_day(pauses, extensions):
    # 5 working days from Mon 2 Dec 2024 end Mon 9 Dec; 5 more days is Sat 14 Dec, not a working day.
    # Whether the 5 days are read as calendar days (then run on past the weekend) or as working
    # days, the period should end on Mon 16 Dec 2024.
    deadline = compute_due(
        hk(2024, 12, 2),
        5,
        Unit.WORKING_DAYS,
        deadlines.hong_kong(HK_CLOSED_DAYS),
        pauses=pauses,
        extension_days=extensions,
    )

    assert deadline.due_on == date(2024, 12, 16)


def test_a_pause_that_ends_before_it_starts_is_refused():
    start = hk(2024, 12, 2)
    with pytest.raises(ValueError, match="pause"):
        compute_due(start, 10, D, deadlines.hong_kong(HK_CLOSED_DAYS), pauses=[(start, hk(2024, 12, 1))])
