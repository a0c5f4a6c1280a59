"""Worked statutory deadlines, each counted by hand on a calendar.

The closed days are Sundays plus the Cap. 149 general holidays, which the ``holidays`` package
lists under its "optional" category (its default "public" category is the statutory holidays
list, which lacks Good Friday, the day following it and Easter Monday), plus any warning days
a row adds. Every expected date below was counted by hand; none was produced by the code.
The steps are data; the explanations they quote are read in English through ``cases.explanations``.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

import holidays
import pytest
from django.utils import translation

from cases import deadlines
from cases.deadlines import HONG_KONG_TIME, Unit, add_months, closed_day, compute_due
from cases.explanations import explain, explain_step

HK_GENERAL_HOLIDAYS = dict(holidays.HK(categories=("optional",), years=range(2019, 2031)))
HK_CLOSED_DAYS = {day: (closed_day("general_holiday", name),) for day, name in HK_GENERAL_HOLIDAYS.items()}

BLACK_RAIN = (closed_day("black_rainstorm"),)
GALE = (closed_day("gale_warning"),)


def hk(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=HONG_KONG_TIME)


@dataclass(frozen=True, kw_only=True)
class Case:
    id: str
    start: date | datetime  # a date means 10:00 Hong Kong time on that day
    length: int
    unit: Unit
    warnings: Mapping[date, tuple[deadlines.Reason, ...]] = field(default_factory=dict)
    pauses: tuple[tuple[datetime, datetime], ...] = ()
    extensions: tuple[int, ...] = ()
    due: date | datetime  # a datetime for hours, else the last day of the period
    why: str
    mentions: tuple[str, ...] = ()  # text the explanation must quote


D, WD, M, H = Unit.DAYS, Unit.WORKING_DAYS, Unit.MONTHS, Unit.HOURS

CASES = [
    # Lunar New Year 2024: Sat 10 Feb first day, Sun 11 Feb second day (a Sunday),
    # Mon 12 Feb third day and Tue 13 Feb fourth day (Cap. 149, in lieu of the Sunday).
    Case(
        id="lny-2024-3-days-do-not-count-four-closed-days",
        start=date(2024, 2, 9),
        length=3,
        unit=D,
        due=date(2024, 2, 16),
        why="s.71(1)(d): Sat 10 (LNY), Sun 11, Mon 12, Tue 13 Feb not counted; Wed 14, Thu 15, Fri 16",
    ),
    Case(
        id="lny-2024-10-days-end-on-third-day",
        start=date(2024, 2, 2),
        length=10,
        unit=D,
        due=date(2024, 2, 14),
        why="s.71(1)(a): Fri 2 + 10 = Mon 12 Feb, third day of LNY; s.71(1)(b) past Tue 13 (fourth day) to Wed 14",
        mentions=("The third day of Chinese New Year",),
    ),
    Case(
        id="lny-2024-7-days-end-on-first-day",
        start=date(2024, 2, 3),
        length=7,
        unit=D,
        due=date(2024, 2, 14),
        why="s.71(1)(a): Sat 3 + 7 = Sat 10 Feb, LNY; s.71(1)(b) past Sun 11, Mon 12, Tue 13 to Wed 14",
    ),
    Case(
        id="lny-2024-6-days-skip-the-holidays",
        start=date(2024, 2, 8),
        length=6,
        unit=D,
        due=date(2024, 2, 19),
        why="s.71(1)(d) applies at 6: Fri 9, Wed 14, Thu 15, Fri 16, Sat 17, (Sun 18 skipped) Mon 19",
    ),
    Case(
        id="lny-2024-7-days-count-the-holidays",
        start=date(2024, 2, 8),
        length=7,
        unit=D,
        due=date(2024, 2, 15),
        why="s.71(1)(d) stops at 7: Thu 8 + 7 = Thu 15 Feb, an open day; ends before the 6-day period does",
    ),
    Case(
        id="lny-2024-3-working-days",
        start=date(2024, 2, 8),
        length=3,
        unit=WD,
        due=date(2024, 2, 15),
        why="working days: Fri 9 (1); Sat 10, Sun 11, Mon 12 and Tue 13 (LNY) skipped; Wed 14 (2), Thu 15 (3)",
    ),
    # Lunar New Year 2025: Wed 29, Thu 30, Fri 31 Jan.
    Case(
        id="lny-2025-5-days",
        start=date(2025, 1, 27),
        length=5,
        unit=D,
        due=date(2025, 2, 5),
        why="s.71(1)(d): Tue 28 (1), LNY 29-31 Jan skipped, Sat 1 (2), Sun 2 skipped, Mon 3, Tue 4, Wed 5 Feb (5)",
    ),
    Case(
        id="lny-2025-14-days-end-on-second-day",
        start=date(2025, 1, 16),
        length=14,
        unit=D,
        due=date(2025, 2, 1),
        why="s.71(1)(a): Thu 16 + 14 = Thu 30 Jan, LNY second day; s.71(1)(b) past Fri 31 to Sat 1 Feb (open)",
    ),
    Case(
        id="lny-2025-3-working-days",
        start=date(2025, 1, 28),
        length=3,
        unit=WD,
        due=date(2025, 2, 5),
        why="working days: Wed 29 - Fri 31 Jan (LNY) and the weekend skipped; Mon 3 (1), Tue 4 (2), Wed 5 Feb (3)",
    ),
    # Lunar New Year 2026: Tue 17, Wed 18, Thu 19 Feb.
    Case(
        id="lny-2026-1-month",
        start=date(2026, 1, 17),
        length=1,
        unit=M,
        due=date(2026, 2, 20),
        why="1 month from Sat 17 Jan = Tue 17 Feb 2026, LNY; s.71(1)(b) past Wed 18, Thu 19 to Fri 20 Feb",
    ),
    Case(
        id="lny-2026-5-working-days",
        start=date(2026, 2, 13),
        length=5,
        unit=WD,
        due=date(2026, 2, 25),
        why="working days: Mon 16 (1), LNY 17-19 Feb skipped, Fri 20 (2), Mon 23 (3), Tue 24 (4), Wed 25 (5)",
    ),
    # Lunar New Year 2023: Sun 22 Jan first day, Mon 23 - Wed 25 Jan (Cap. 149).
    Case(
        id="lny-2023-2-days",
        start=date(2023, 1, 20),
        length=2,
        unit=D,
        due=date(2023, 1, 26),
        why="s.71(1)(d): Sat 21 (1); Sun 22 (LNY, Sunday), Mon 23 - Wed 25 (LNY) skipped; Thu 26 Jan (2)",
    ),
    Case(
        id="lny-2023-30-days-across-the-year-end",
        start=date(2022, 12, 23),
        length=30,
        unit=D,
        due=date(2023, 1, 26),
        why="s.71(1)(a): Fri 23 Dec 2022 + 30 = Sun 22 Jan 2023 (LNY); s.71(1)(b) past 23-25 Jan to Thu 26 Jan",
    ),
    # Ching Ming: Thu 4 Apr 2024; Fri 4 Apr 2025; Sun 5 Apr 2026, so Mon 6 Apr is "the day following"
    # and Easter Monday (also Mon 6 Apr) moves to Tue 7 Apr.
    Case(
        id="ching-ming-2024-1-day",
        start=date(2024, 4, 3),
        length=1,
        unit=D,
        due=date(2024, 4, 5),
        why="s.71(1)(d): Thu 4 Apr 2024 (Ching Ming Festival, Cap. 149) not counted; Fri 5 Apr",
    ),
    Case(
        id="ching-ming-2024-14-days",
        start=date(2024, 3, 21),
        length=14,
        unit=D,
        due=date(2024, 4, 5),
        why="s.71(1)(a): Thu 21 Mar + 14 = Thu 4 Apr (Ching Ming); s.71(1)(b) to Fri 5 Apr",
    ),
    Case(
        id="ching-ming-2025-7-days-run-on-to-saturday",
        start=date(2025, 3, 28),
        length=7,
        unit=D,
        due=date(2025, 4, 5),
        why="s.71(1)(a): Fri 28 Mar + 7 = Fri 4 Apr 2025 (Ching Ming); s.71(1)(b) to Sat 5 Apr, not a holiday",
    ),
    Case(
        id="ching-ming-2026-2-months-end-on-the-sunday",
        start=date(2026, 2, 5),
        length=2,
        unit=M,
        due=date(2026, 4, 8),
        why="2 months from 5 Feb = Sun 5 Apr 2026 (Ching Ming); s.71(1)(b) past Mon 6 (day following Ching Ming)"
        " and Tue 7 (day following Easter Monday) to Wed 8 Apr",
    ),
    Case(
        id="easter-and-ching-ming-2026-3-days",
        start=date(2026, 4, 2),
        length=3,
        unit=D,
        due=date(2026, 4, 10),
        why="s.71(1)(d): Fri 3 (Good Friday), Sat 4, Sun 5, Mon 6, Tue 7 Apr not counted; Wed 8, Thu 9, Fri 10",
    ),
    # Easter 2024: Good Friday 29 Mar, the day following 30 Mar, Easter Monday 1 Apr.
    Case(
        id="easter-2024-3-days-also-skip-ching-ming",
        start=date(2024, 3, 28),
        length=3,
        unit=D,
        due=date(2024, 4, 5),
        why="s.71(1)(d): Fri 29, Sat 30, Sun 31 Mar, Mon 1 Apr skipped; Tue 2 (1), Wed 3 (2);"
        " Thu 4 (Ching Ming) skipped; Fri 5 (3)",
        mentions=("Good Friday", "Easter Monday"),
    ),
    Case(
        id="easter-2024-1-day-from-good-friday",
        start=date(2024, 3, 29),
        length=1,
        unit=D,
        due=date(2024, 4, 2),
        why="s.71(1)(d): Sat 30 Mar (the day following Good Friday), Sun 31, Mon 1 Apr not counted; Tue 2 Apr",
    ),
    Case(
        id="easter-2024-30-days-from-the-leap-day",
        start=date(2024, 2, 29),
        length=30,
        unit=D,
        due=date(2024, 4, 2),
        why="s.71(1)(a): Thu 29 Feb + 30 = Sat 30 Mar (day following Good Friday); s.71(1)(b) past Sun 31,"
        " Mon 1 Apr (Easter Monday) to Tue 2 Apr",
    ),
    Case(
        id="easter-2024-5-working-days",
        start=date(2024, 3, 27),
        length=5,
        unit=WD,
        due=date(2024, 4, 8),
        why="working days: Thu 28 (1), Tue 2 (2), Wed 3 (3), Fri 5 (4), Mon 8 Apr (5); Easter and Thu 4 skipped",
    ),
    Case(
        id="easter-2024-6-days-skip-the-holidays",
        start=date(2024, 3, 27),
        length=6,
        unit=D,
        due=date(2024, 4, 8),
        why="s.71(1)(d) at 6: Thu 28, Tue 2, Wed 3, Fri 5, Sat 6, Mon 8 Apr; Easter, Ching Ming, Sun 7 skipped",
    ),
    Case(
        id="easter-2024-7-days-count-the-holidays",
        start=date(2024, 3, 27),
        length=7,
        unit=D,
        due=date(2024, 4, 3),
        why="s.71(1)(d) stops at 7: Wed 27 Mar + 7 = Wed 3 Apr, an open day",
    ),
    # Easter 2025: Good Friday 18 Apr, the day following 19 Apr, Easter Monday 21 Apr.
    Case(
        id="easter-2025-10-days",
        start=date(2025, 4, 8),
        length=10,
        unit=D,
        due=date(2025, 4, 22),
        why="s.71(1)(a): Tue 8 + 10 = Fri 18 Apr (Good Friday); s.71(1)(b) past Sat 19, Sun 20, Mon 21 to Tue 22",
        mentions=("Good Friday",),
    ),
    Case(
        id="easter-2025-4-days",
        start=date(2025, 4, 17),
        length=4,
        unit=D,
        due=date(2025, 4, 25),
        why="s.71(1)(d): Fri 18 - Mon 21 Apr not counted; Tue 22, Wed 23, Thu 24, Fri 25",
    ),
    Case(
        id="easter-2025-3-working-days",
        start=date(2025, 4, 17),
        length=3,
        unit=WD,
        due=date(2025, 4, 24),
        why="working days: Fri 18 (Good Friday), the weekend, Mon 21 (Easter Monday) skipped; Tue 22 - Thu 24",
    ),
    # Year ends: Christmas Day and the first weekday after it; 1 January.
    Case(
        id="christmas-2024-1-day",
        start=date(2024, 12, 24),
        length=1,
        unit=D,
        due=date(2024, 12, 27),
        why="s.71(1)(d): Wed 25 (Christmas Day), Thu 26 (first weekday after Christmas) not counted; Fri 27",
    ),
    Case(
        id="christmas-2024-7-days",
        start=date(2024, 12, 18),
        length=7,
        unit=D,
        due=date(2024, 12, 27),
        why="s.71(1)(a): Wed 18 + 7 = Wed 25 Dec (Christmas Day); s.71(1)(b) past Thu 26 to Fri 27 Dec",
        mentions=("Christmas Day",),
    ),
    Case(
        id="year-end-2024-6-days",
        start=date(2024, 12, 27),
        length=6,
        unit=D,
        due=date(2025, 1, 4),
        why="s.71(1)(d): Sat 28 (1), Mon 30, Tue 31, Thu 2, Fri 3, Sat 4 Jan (6); Sun 29 and Wed 1 Jan skipped",
    ),
    Case(
        id="year-end-2025-14-days-end-on-new-year",
        start=date(2025, 12, 18),
        length=14,
        unit=D,
        due=date(2026, 1, 2),
        why="s.71(1)(a): Thu 18 Dec 2025 + 14 = Thu 1 Jan 2026 (New Year's Day); s.71(1)(b) to Fri 2 Jan",
    ),
    Case(
        id="year-end-2022-1-month-ends-on-day-following-new-year",
        start=date(2022, 12, 2),
        length=1,
        unit=M,
        due=date(2023, 1, 3),
        why="1 month from 2 Dec 2022 = Mon 2 Jan 2023, the day following New Year's Day (1 Jan a Sunday);"
        " s.71(1)(b) to Tue 3 Jan",
    ),
    Case(
        id="christmas-2022-2-days",
        start=date(2022, 12, 23),
        length=2,
        unit=D,
        due=date(2022, 12, 28),
        why="s.71(1)(d): Sat 24 (1); Sun 25, Mon 26, Tue 27 (first and second weekdays after Christmas) skipped;"
        " Wed 28 (2)",
    ),
    Case(
        id="year-end-2024-5-working-days",
        start=date(2024, 12, 23),
        length=5,
        unit=WD,
        due=date(2025, 1, 2),
        why="working days: Tue 24 (1), Fri 27 (2), Mon 30 (3), Tue 31 (4), Thu 2 Jan (5); 25, 26 Dec, 1 Jan skipped",
    ),
    # Leap years and month ends: months clamp to the end of a shorter month.
    Case(
        id="leap-1-month-from-31-jan-2024",
        start=date(2024, 1, 31),
        length=1,
        unit=M,
        due=date(2024, 2, 29),
        why="31 Jan 2024 + 1 month: February 2024 has 29 days, so Thu 29 Feb (open)",
    ),
    Case(
        id="leap-12-months-from-29-feb-2024",
        start=date(2024, 2, 29),
        length=12,
        unit=M,
        due=date(2025, 2, 28),
        why="29 Feb 2024 + 12 months: February 2025 has 28 days, so Fri 28 Feb 2025 (open)",
    ),
    Case(
        id="leap-48-months-from-29-feb-2024",
        start=date(2024, 2, 29),
        length=48,
        unit=M,
        due=date(2028, 2, 29),
        why="29 Feb 2024 + 48 months = Tue 29 Feb 2028, a leap day again (open)",
    ),
    Case(
        id="1-month-from-31-jan-2025",
        start=date(2025, 1, 31),
        length=1,
        unit=M,
        due=date(2025, 2, 28),
        why="31 Jan 2025 + 1 month: February 2025 has 28 days, so Fri 28 Feb (open)",
    ),
    Case(
        id="leap-day-counted-in-7-days",
        start=date(2024, 2, 22),
        length=7,
        unit=D,
        due=date(2024, 2, 29),
        why="s.71(1)(a): Thu 22 Feb + 7 = Thu 29 Feb 2024 (open)",
    ),
    Case(
        id="leap-30-days-from-15-feb-2024",
        start=date(2024, 2, 15),
        length=30,
        unit=D,
        due=date(2024, 3, 16),
        why="s.71(1)(a): 14 days to 29 Feb, 16 more to Sat 16 Mar 2024; a Saturday is not a general holiday",
    ),
    Case(
        id="31-mar-plus-1-month",
        start=date(2024, 3, 31),
        length=1,
        unit=M,
        due=date(2024, 4, 30),
        why="31 Mar + 1 month: April has 30 days, so Tue 30 Apr 2024 (open)",
    ),
    Case(
        id="31-aug-plus-1-month",
        start=date(2024, 8, 31),
        length=1,
        unit=M,
        due=date(2024, 9, 30),
        why="31 Aug + 1 month: September has 30 days, so Mon 30 Sep 2024 (open)",
    ),
    Case(
        id="30-nov-plus-3-months",
        start=date(2024, 11, 30),
        length=3,
        unit=M,
        due=date(2025, 2, 28),
        why="30 Nov 2024 + 3 months: February 2025 has 28 days, so Fri 28 Feb 2025 (open)",
    ),
    Case(
        id="31-mar-plus-2-months-ends-on-tuen-ng-saturday",
        start=date(2025, 3, 31),
        length=2,
        unit=M,
        due=date(2025, 6, 2),
        why="31 Mar + 2 months = Sat 31 May 2025, Tuen Ng Festival (Cap. 149); s.71(1)(b) past Sun 1 Jun to Mon 2 Jun",
    ),
    # Short periods and Sundays.
    Case(
        id="1-day-from-saturday-skips-the-sunday",
        start=date(2024, 12, 7),
        length=1,
        unit=D,
        due=date(2024, 12, 9),
        why="s.71(1)(d): Sun 8 Dec (general holiday) not counted; Mon 9 Dec",
    ),
    Case(
        id="1-day-from-friday-ends-on-saturday",
        start=date(2024, 12, 6),
        length=1,
        unit=D,
        due=date(2024, 12, 7),
        why="s.71(1)(a): Fri 6 + 1 = Sat 7 Dec; a Saturday is neither a general holiday nor skipped",
    ),
    Case(
        id="6-days-from-monday-skip-one-sunday",
        start=date(2024, 12, 2),
        length=6,
        unit=D,
        due=date(2024, 12, 9),
        why="s.71(1)(d): Tue 3 - Sat 7 (5), Sun 8 not counted, Mon 9 Dec (6)",
    ),
    # Warning days.
    Case(
        id="black-rain-on-the-last-day-runs-on",
        start=date(2024, 5, 24),
        length=10,
        unit=D,
        warnings={date(2024, 6, 3): BLACK_RAIN},
        due=date(2024, 6, 4),
        why="s.71(1)(a): Fri 24 May + 10 = Mon 3 Jun, a black rainstorm warning day; s.71(1)(b) to Tue 4 Jun",
        mentions=("Mon 3 Jun 2024 is a black rainstorm warning day", "Tue 4 Jun 2024"),
    ),
    Case(
        id="black-rain-inside-a-short-period-is-not-counted",
        start=date(2024, 5, 31),
        length=3,
        unit=D,
        warnings={date(2024, 6, 3): BLACK_RAIN},
        due=date(2024, 6, 5),
        why="s.71(1)(d): Sat 1 Jun (1), Sun 2 and Mon 3 (black rainstorm) not counted, Tue 4 (2), Wed 5 (3)",
    ),
    Case(
        id="black-rain-inside-a-long-period-is-counted",
        start=date(2024, 5, 28),
        length=10,
        unit=D,
        warnings={date(2024, 6, 3): BLACK_RAIN},
        due=date(2024, 6, 7),
        why="s.71(1)(d) does not apply to 10 days: Tue 28 May + 10 = Fri 7 Jun; the Mon 3 Jun warning is counted",
    ),
    Case(
        id="gale-the-day-after-tuen-ng-on-the-last-day",
        start=date(2024, 6, 3),
        length=7,
        unit=D,
        warnings={date(2024, 6, 11): GALE},
        due=date(2024, 6, 12),
        why="s.71(1)(a): Mon 3 + 7 = Mon 10 Jun (Tuen Ng Festival); s.71(1)(b) past Tue 11 (gale warning) to Wed 12",
        mentions=("Dragon Boat Festival", "Tue 11 Jun a gale warning day"),
    ),
    Case(
        id="gale-on-a-saturday-last-day",
        start=date(2024, 9, 6),
        length=8,
        unit=D,
        warnings={date(2024, 9, 14): GALE},
        due=date(2024, 9, 16),
        why="s.71(1)(a): Fri 6 + 8 = Sat 14 Sep, a gale warning day; s.71(1)(b) past Sun 15 to Mon 16 Sep",
    ),
    Case(
        id="gale-then-sunday-then-black-rain-after-1-month",
        start=date(2024, 9, 5),
        length=1,
        unit=M,
        warnings={date(2024, 10, 5): GALE, date(2024, 10, 7): BLACK_RAIN},
        due=date(2024, 10, 8),
        why="1 month from 5 Sep = Sat 5 Oct (gale); s.71(1)(b) past Sun 6 and Mon 7 (black rainstorm) to Tue 8 Oct",
    ),
    Case(
        id="gale-is-not-a-working-day",
        start=date(2024, 9, 5),
        length=2,
        unit=WD,
        warnings={date(2024, 9, 6): GALE},
        due=date(2024, 9, 10),
        why="working days: Fri 6 Sep (gale warning) skipped, Mon 9 (1), Tue 10 (2)",
    ),
    # Hours run continuously, through weekends, holidays and warnings.
    Case(
        id="72-hours-over-lny-2024",
        start=hk(2024, 2, 9, 9, 30),
        length=72,
        unit=H,
        due=hk(2024, 2, 12, 9, 30),
        why="hours run without a break: Fri 9 Feb 09:30 + 72 h = Mon 12 Feb 09:30, through LNY and a Sunday",
    ),
    Case(
        id="72-hours-over-easter-2024",
        start=hk(2024, 3, 28, 18, 0),
        length=72,
        unit=H,
        due=hk(2024, 3, 31, 18, 0),
        why="hours run without a break: Thu 28 Mar 18:00 + 72 h = Sun 31 Mar 18:00, not moved off the Sunday",
    ),
    Case(
        id="5-hours-across-midnight-into-new-year",
        start=hk(2024, 12, 31, 22, 0),
        length=5,
        unit=H,
        due=hk(2025, 1, 1, 3, 0),
        why="hours cross midnight: Tue 31 Dec 22:00 + 5 h = Wed 1 Jan 2025 03:00, New Year's Day notwithstanding",
    ),
    Case(
        id="48-hours-from-a-utc-start-ignore-black-rain",
        start=datetime(2024, 6, 2, 20, 0, tzinfo=UTC),
        length=48,
        unit=H,
        warnings={date(2024, 6, 3): BLACK_RAIN},
        due=hk(2024, 6, 5, 4, 0),
        why="20:00 UTC Sun 2 Jun = 04:00 HKT Mon 3 Jun; + 48 h = Wed 5 Jun 04:00 HKT; warnings do not stop hours",
    ),
    Case(
        id="72-hours-paused-2-days",
        start=hk(2024, 12, 2, 9, 0),
        length=72,
        unit=H,
        pauses=((hk(2024, 12, 3, 9, 0), hk(2024, 12, 5, 9, 0)),),
        due=hk(2024, 12, 7, 9, 0),
        why="Mon 2 Dec 09:00 + 72 h = Thu 5 Dec 09:00; paused 48 h moves it to Sat 7 Dec 09:00",
    ),
    Case(
        id="24-hours-extended-by-1-day",
        start=hk(2024, 12, 2, 9, 0),
        length=24,
        unit=H,
        extensions=(1,),
        due=hk(2024, 12, 4, 9, 0),
        why="Mon 2 Dec 09:00 + 24 h = Tue 3 Dec 09:00; extended by 1 day to Wed 4 Dec 09:00",
    ),
    # Pauses move the due date on by their length, then past any closed day.
    Case(
        id="30-days-paused-5-days",
        start=date(2024, 9, 2),
        length=30,
        unit=D,
        pauses=((hk(2024, 9, 10), hk(2024, 9, 15)),),
        due=date(2024, 10, 7),
        why="s.71(1)(a): Mon 2 Sep + 30 = Wed 2 Oct (open); paused 5 days to Mon 7 Oct (open)",
    ),
    Case(
        id="paused-1-day-onto-national-day",
        start=date(2024, 9, 16),
        length=14,
        unit=D,
        pauses=((hk(2024, 9, 20), hk(2024, 9, 21)),),
        due=date(2024, 10, 2),
        why="Mon 16 Sep + 14 = Mon 30 Sep; paused 1 day to Tue 1 Oct (National Day, Cap. 149); s.71(1)(b) to Wed 2",
    ),
    Case(
        id="paused-6-days-after-running-on-past-a-sunday",
        start=date(2024, 10, 3),
        length=45,
        unit=D,
        pauses=((hk(2024, 10, 10), hk(2024, 10, 16)),),
        due=date(2024, 11, 25),
        why="45 days end Sun 17 Nov, run on to Mon 18 Nov (s.71(1)(b)); paused 6 days to Sun 24 Nov; to Mon 25 Nov",
    ),
    Case(
        id="short-period-paused-2-days",
        start=date(2024, 12, 2),
        length=5,
        unit=D,
        pauses=((hk(2024, 12, 4), hk(2024, 12, 6)),),
        due=date(2024, 12, 9),
        why="s.71(1)(d): Tue 3 - Sat 7 Dec (5, no closed day); paused 2 days to Mon 9 Dec (open)",
    ),
    Case(
        id="1-month-with-two-pauses-after-christmas",
        start=date(2024, 11, 25),
        length=1,
        unit=M,
        pauses=((hk(2024, 12, 2), hk(2024, 12, 4)), (hk(2024, 12, 10), hk(2024, 12, 11))),
        due=date(2024, 12, 30),
        why="1 month from 25 Nov = Wed 25 Dec (Christmas); s.71(1)(b) past Thu 26 to Fri 27; paused 2 + 1 days"
        " to Mon 30 Dec",
    ),
    Case(
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
    Case(
        id="extended-14-days-onto-christmas",
        start=date(2024, 11, 11),
        length=30,
        unit=D,
        extensions=(14,),
        due=date(2024, 12, 27),
        why="Mon 11 Nov + 30 = Wed 11 Dec; extended 14 days to Wed 25 Dec (Christmas); past Thu 26 to Fri 27 Dec",
    ),
    Case(
        id="extended-10-days-onto-a-sunday",
        start=date(2024, 10, 8),
        length=30,
        unit=D,
        extensions=(10,),
        due=date(2024, 11, 18),
        why="Tue 8 Oct + 30 = Thu 7 Nov; extended 10 days to Sun 17 Nov, a general holiday; to Mon 18 Nov",
    ),
    Case(
        id="two-extensions-the-second-onto-a-sunday",
        start=date(2024, 10, 3),
        length=45,
        unit=D,
        extensions=(14, 13),
        due=date(2024, 12, 16),
        why="due Mon 18 Nov (s.71(1)(b)); extended 14 days to Mon 2 Dec; then 13 days to Sun 15 Dec; to Mon 16 Dec",
    ),
    # The example in the guidance.
    Case(
        id="45-days-from-3-oct-2024-end-on-a-sunday",
        start=date(2024, 10, 3),
        length=45,
        unit=D,
        due=date(2024, 11, 18),
        why="s.71(1)(a): Thu 3 Oct + 45 = Sun 17 Nov, a general holiday; s.71(1)(b) to Mon 18 Nov 2024",
        mentions=("Sun 17 Nov 2024", "Mon 18 Nov 2024"),
    ),
    Case(
        id="45-days-from-a-utc-evening-count-from-the-hong-kong-day",
        start=datetime(2024, 10, 2, 17, 30, tzinfo=UTC),
        length=45,
        unit=D,
        due=date(2024, 11, 18),
        why="17:30 UTC Wed 2 Oct = 01:30 HKT Thu 3 Oct, the day of the event; + 45 = Sun 17 Nov; to Mon 18 Nov",
        mentions=("45 days from Thu 3 Oct 2024",),
    ),
    # Working days, plain weeks.
    Case(
        id="10-working-days-skip-two-weekends",
        start=date(2024, 12, 2),
        length=10,
        unit=WD,
        due=date(2024, 12, 16),
        why="working days: Tue 3 - Fri 6 (4), Mon 9 - Fri 13 (9), Mon 16 Dec (10)",
    ),
    Case(
        id="1-working-day-from-friday-is-monday",
        start=date(2024, 12, 6),
        length=1,
        unit=WD,
        due=date(2024, 12, 9),
        why="working days: Sat 7 and Sun 8 are not working days; Mon 9 Dec (1)",
    ),
]


def _aware(start: date | datetime) -> datetime:
    if isinstance(start, datetime):
        return start
    return datetime.combine(start, time(10), tzinfo=HONG_KONG_TIME)


def _in_english(deadline: deadlines.Deadline) -> str:
    with translation.override("en"):
        return explain(deadline.steps)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_worked_deadline(case):
    calendar = deadlines.hong_kong({**HK_CLOSED_DAYS, **case.warnings})

    deadline = compute_due(
        _aware(case.start), case.length, case.unit, calendar, pauses=case.pauses, extension_days=case.extensions
    )

    if isinstance(case.due, datetime):
        assert deadline.due_at == case.due, case.why
        assert deadline.display() == f"{case.due.astimezone(HONG_KONG_TIME):%Y-%m-%dT%H:%M}"
    else:
        assert deadline.due_on == case.due, case.why
        assert deadline.display() == case.due.isoformat()
    explanation = _in_english(deadline)
    for text in case.mentions:
        assert text in explanation


def test_the_worked_cases_have_unique_ids_and_cover_every_unit():
    assert len(CASES) >= 45
    assert len({case.id for case in CASES}) == len(CASES)
    assert {case.unit for case in CASES} == set(Unit)


def test_the_cap_149_list_has_the_easter_days_the_public_category_lacks():
    public = holidays.HK(years=2024)

    for day in (date(2024, 3, 29), date(2024, 3, 30), date(2024, 4, 1)):
        assert day in HK_GENERAL_HOLIDAYS
        assert day not in public


def test_45_days_from_3_oct_2024_explain_the_sunday_and_the_monday():
    deadline = compute_due(hk(2024, 10, 3), 45, "days", deadlines.hong_kong(HK_CLOSED_DAYS))

    assert deadline.due_on == date(2024, 11, 18)
    assert "Sun 17 Nov 2024 is a Sunday" in _in_english(deadline)
    with translation.override("en"):
        assert explain_step(deadline.steps[-1]) == "due Mon 18 Nov 2024"


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


def test_a_sunday_a_saturday_and_a_warning_day_are_closed_for_their_own_structured_reasons():
    gale = closed_day("gale_warning", "Signal No. 8")
    calendar = deadlines.hong_kong({date(2024, 12, 9): (gale,)})

    # 5 working days from Mon 2 Dec skip Mon 9 Dec, a gale warning day, and end on Tue 10 Dec; 5 days
    # more is Sun 15 Dec, so Mon 16 Dec. Without the gale they end on Mon 9 Dec, and 5 days more is
    # Sat 14 Dec: a period of working days runs on past the Saturday as well as the Sunday.
    deadline = compute_due(hk(2024, 12, 2), 5, Unit.WORKING_DAYS, calendar, extension_days=(5,))

    working_days, extended, runs_on, due = deadline.steps[1:]
    assert working_days == {
        "kind": "working_days",
        "holidays": [{"date": "2024-12-09", "reasons": [gale]}],
        "end": "2024-12-10",
    }
    assert extended == {"kind": "extended", "days": 5, "to": "2024-12-15"}
    assert runs_on["closed"] == [{"date": "2024-12-15", "reasons": [{"kind": "sunday"}]}]
    assert due == {"kind": "due", "on": "2024-12-16"}
    saturday = compute_due(hk(2024, 12, 2), 5, Unit.WORKING_DAYS, deadlines.hong_kong(), extension_days=(5,))
    assert saturday.steps[-2]["closed"] == [
        {"date": "2024-12-14", "reasons": [{"kind": "saturday"}]},
        {"date": "2024-12-15", "reasons": [{"kind": "sunday"}]},
    ]


def test_a_day_period_is_due_at_the_end_of_its_last_day_in_hong_kong():
    deadline = compute_due(hk(2024, 10, 3), 45, Unit.DAYS, deadlines.hong_kong(HK_CLOSED_DAYS))

    assert deadline.due_at == datetime(2024, 11, 18, 23, 59, 59, 999999, tzinfo=HONG_KONG_TIME)


def test_the_plain_calendar_ignores_sundays_and_holidays():
    deadline = compute_due(hk(2024, 10, 3), 45, Unit.DAYS, deadlines.PLAIN)
    short = compute_due(hk(2024, 12, 24), 1, Unit.DAYS, deadlines.PLAIN)

    assert deadline.due_on == date(2024, 11, 17)
    assert short.due_on == date(2024, 12, 25)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2024, 3, 31), 1, date(2024, 4, 30)),
        (date(2024, 8, 31), 1, date(2024, 9, 30)),
        (date(2024, 11, 30), 3, date(2025, 2, 28)),
        (date(2024, 12, 31), 1, date(2025, 1, 31)),
        (date(2024, 12, 15), 13, date(2026, 1, 15)),
        (date(2024, 1, 15), 0, date(2024, 1, 15)),
    ],
)
def test_add_months_keeps_the_day_or_clamps_to_the_month_end(day, months, expected):
    assert add_months(day, months) == expected


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


def test_a_plain_date_as_the_start_is_refused():
    with pytest.raises(ValueError, match="aware datetime"):
        compute_due(date(2024, 12, 2), 10, D, deadlines.hong_kong(HK_CLOSED_DAYS))
