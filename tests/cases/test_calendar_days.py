"""Calendar days: adding or removing a holiday or warning day moves exactly the open deadlines it
affects, each move logged once on its case; ``sync_holidays`` adds Cap. 149's general holidays once."""

from collections import Counter
from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from cases import explanations, services
from cases.models import (
    CalendarDay,
    Case,
    CaseEvent,
    CaseStatus,
    Clock,
    ClockRule,
    ClockState,
    Outcome,
    load_calendar,
)
from tests.helpers.cases import open_case
from tests.helpers.clocks import add_day_and_move, remove_day_and_move, start_clock
from tests.helpers.factories import CaseFactory
from tests.helpers.moments import HONG_KONG, at, end_of

pytestmark = pytest.mark.django_db

SYNCED = at(2024, 1, 2, 9, 0)
# The day a black rainstorm warning is recorded for: a Monday with no holiday on or after it.
D = date(2026, 3, 16)
NEXT_DAY = date(2026, 3, 17)
RAINSTORM_RECORDED = at(2026, 3, 16, 18, 0)
MOVED = CaseEvent.Kind.DEADLINE_MOVED


def _start(code: str, start: datetime, *, by, case: Case | None = None) -> Clock:
    case = case or CaseFactory(received_on=date(2026, 1, 5))
    return start_clock(case, code, start=start, by=by)


def _moves(case: Case) -> list[str]:
    """The case's moved deadlines, as an English reader sees them."""
    return [event.describe() for event in case.events.filter(kind=MOVED)]


@pytest.fixture
def clocks(hk_calendar, lead) -> dict[str, Clock]:
    """Open clocks due on D, before it and after it, and clocks that are met, stopped, paused or on
    another calendar; one clock per case, except the complaint's second clock (due 30 Apr)."""
    complaint = open_case(received_on=date(2026, 1, 30), by=lead, now=at(2026, 2, 2, 9, 0))
    clocks = {
        "s39 due on D": complaint.clocks.get(rule__code="hk-pdpo-s39-3"),  # 30 Jan + 45 days
        "update due 30 Apr": complaint.clocks.get(rule__code="hk-complainant-update"),
        "enquiry due on D": _start("hk-enquiry-reply", at(2026, 3, 2, 10, 30), by=lead),
        # 14 days from Sun 1 Mar end on Sun 15 Mar, so the period ran to Mon 16 Mar
        "enquiry run past a Sunday to D": _start("hk-enquiry-reply", at(2026, 3, 1, 11, 0), by=lead),
        "enquiry due before D": _start("hk-enquiry-reply", at(2026, 2, 27, 10, 0), by=lead),
        "enquiry due after D": _start("hk-enquiry-reply", at(2026, 3, 3, 10, 0), by=lead),
        "met, was due on D": _start("hk-enquiry-reply", at(2026, 3, 2, 11, 0), by=lead),
        "paused, was due on D": _start("hk-enquiry-reply", at(2026, 3, 2, 12, 0), by=lead),
        "no holidays, due on D": _start("gdpr-art61-2", at(2026, 2, 16, 10, 0), by=lead),
    }
    services.meet_clock(clocks["met, was due on D"], by=lead, now=at(2026, 3, 10, 9, 0))
    services.pause_clock(clocks["paused, was due on D"], reason="Waiting", by=lead, now=at(2026, 3, 5, 9, 0))
    closed = CaseFactory(status=CaseStatus.NOT_PURSUED, received_on=date(2026, 2, 20))
    clocks["stopped, was due on D"] = _start("hk-enquiry-reply", at(2026, 3, 2, 14, 0), by=lead, case=closed)
    services.close_case(closed, outcome=Outcome.NOT_PURSUED, reason="Withdrawn", by=lead, now=at(2026, 3, 9))
    for clock in clocks.values():
        clock.refresh_from_db()
    return clocks


AFFECTED = ["s39 due on D", "enquiry due on D", "enquiry run past a Sunday to D"]


def test_the_fixture_clocks_are_due_where_the_recomputation_test_needs_them(clocks):
    due = {name: clock.due_at for name, clock in clocks.items()}
    for name in [*AFFECTED, "no holidays, due on D"]:
        assert due[name].astimezone(HONG_KONG).date() == D, name
    assert due["enquiry due before D"] == end_of(date(2026, 3, 13))
    assert due["enquiry due after D"] == end_of(NEXT_DAY)
    assert due["update due 30 Apr"] == end_of(date(2026, 4, 30))
    assert clocks["met, was due on D"].state == ClockState.MET
    assert clocks["paused, was due on D"].state == ClockState.PAUSED
    assert clocks["stopped, was due on D"].state == ClockState.STOPPED
    assert not CaseEvent.objects.filter(kind=MOVED).exists()


def test_a_warning_day_moves_exactly_the_open_deadlines_that_fall_on_it_and_logs_each_once(clocks, lead):
    before = {name: (clock.state, clock.due_at) for name, clock in clocks.items()}

    calendar_day, change = add_day_and_move(
        day=D, kind="black_rainstorm", name="Black rainstorm", source="HKO", by=lead, now=RAINSTORM_RECORDED
    )

    assert change.moved == len(AFFECTED) == 3
    assert (calendar_day.date, calendar_day.kind, calendar_day.source) == (D, "black_rainstorm", "HKO")
    for name, clock in clocks.items():
        clock.refresh_from_db()
        if name in AFFECTED:
            assert clock.due_at == end_of(NEXT_DAY), name
            assert "a black rainstorm warning day (Black rainstorm)" in clock.explain()
            (event,) = clock.case.events.filter(kind=MOVED)
            assert (event.actor, event.at, event.text) == (lead, RAINSTORM_RECORDED, "")
            assert event.message["steps"] == clock.explanation
            assert event.describe() == (
                f"{clock.rule.name}: due Mon 16 Mar 2026 → Tue 17 Mar 2026 "
                f"(Mon 16 Mar 2026 added as a black rainstorm warning day (Black rainstorm)). {clock.explain()}"
            )
        else:
            assert (clock.state, clock.due_at) == before[name], name
    moves_per_case = Counter(CaseEvent.objects.filter(kind=MOVED).values_list("case", flat=True))
    assert moves_per_case == {clocks[name].case_id: 1 for name in AFFECTED}


def test_removing_the_day_moves_the_same_deadlines_back_and_logs_again(clocks, lead):
    calendar_day, _ = add_day_and_move(
        day=D, kind="black_rainstorm", name="Black rainstorm", source="HKO", by=lead, now=RAINSTORM_RECORDED
    )
    removed_at = at(2026, 3, 17, 9, 0)

    change = remove_day_and_move(calendar_day, by=lead, now=removed_at)

    assert change.moved == 3
    assert not CalendarDay.objects.filter(date=D).exists()
    for name, clock in clocks.items():
        clock.refresh_from_db()
        if name in AFFECTED:
            assert clock.due_at.astimezone(HONG_KONG).date() == D, name
            assert "black rainstorm" not in clock.explain()
            added, removed = clock.case.events.filter(kind=MOVED)
            assert (added.at, removed.actor, removed.at) == (RAINSTORM_RECORDED, lead, removed_at)
            assert removed.describe().startswith(
                f"{clock.rule.name}: due Tue 17 Mar 2026 → Mon 16 Mar 2026 "
                "(Mon 16 Mar 2026 is no longer a black rainstorm warning day (Black rainstorm))."
            )
    moves_per_case = Counter(CaseEvent.objects.filter(kind=MOVED).values_list("case", flat=True))
    assert moves_per_case == {clocks[name].case_id: 2 for name in AFFECTED}


def test_a_paused_clock_is_not_moved_but_counts_the_day_when_it_resumes(clocks, lead):
    paused = clocks["paused, was due on D"]
    add_day_and_move(
        day=D, kind="black_rainstorm", name="Black rainstorm", source="HKO", by=lead, now=RAINSTORM_RECORDED
    )
    assert _moves(paused.case) == []

    # Paused and resumed on Thu 5 Mar: no whole day stood still, so the period still ends on D.
    clock = services.resume_clock(paused, by=lead, now=at(2026, 3, 5, 17, 0))

    assert clock.due_at == end_of(NEXT_DAY)
    assert "Mon 16 Mar 2026 is a black rainstorm warning day (Black rainstorm)" in clock.explain()


def test_a_warning_day_inside_a_short_period_is_not_counted_and_moves_its_end(hk_calendar, lead):
    rule = ClockRule.objects.create(
        code="test-five-days",
        name="Reply within five days",
        citation="Test rule",
        length=5,
        unit="days",
        trigger="enquiry_sent",
        calendar="hk",
    )
    clock = services.start_clock(
        CaseFactory(), rule=rule, start=at(2026, 3, 2, 10, 0), by=lead, now=at(2026, 3, 2, 10, 0)
    )
    assert clock.due_at == end_of(date(2026, 3, 7))  # Tue to Sat: Saturdays are counted

    _, change = add_day_and_move(
        day=date(2026, 3, 4), kind="gale_warning", name="Signal No. 8", source="HKO", by=lead, now=at(2026, 3, 4, 8)
    )

    assert change.moved == 1
    clock.refresh_from_db()
    # Wed 4 Mar and Sun 8 Mar are not counted: the fifth day is Mon 9 Mar.
    assert clock.due_at == end_of(date(2026, 3, 9))
    assert "does not count Wed 4 Mar (a gale warning day (Signal No. 8)), Sun 8 Mar (a Sunday)" in clock.explain()
    assert _moves(clock.case)[0].startswith("Reply within five days: due Sat 7 Mar 2026 → Mon 9 Mar 2026")


def test_a_warning_day_inside_a_longer_period_does_not_move_it(hk_calendar, lead):
    clock = _start("hk-enquiry-reply", at(2026, 3, 2, 10, 30), by=lead)

    _, change = add_day_and_move(
        day=date(2026, 3, 4), kind="gale_warning", name="Signal No. 8", source="HKO", by=lead, now=at(2026, 3, 4, 8)
    )

    assert change.moved == 0
    clock.refresh_from_db()
    assert clock.due_at == end_of(D)
    assert _moves(clock.case) == []


# the same day twice


def test_the_same_day_and_kind_cannot_be_added_twice_and_nothing_changes(clocks, lead):
    add_day_and_move(
        day=D, kind="black_rainstorm", name="Black rainstorm", source="HKO", by=lead, now=RAINSTORM_RECORDED
    )
    due = {clock.pk: clock.due_at for clock in Clock.objects.all()}
    days, events = CalendarDay.objects.count(), CaseEvent.objects.count()

    with pytest.raises(ValidationError, match="This day is already on the calendar with that kind"):
        add_day_and_move(
            day=D, kind="black_rainstorm", name="Black rainstorm again", source="HKO", by=lead, now=at(2026, 3, 16, 19)
        )

    assert (CalendarDay.objects.count(), CaseEvent.objects.count()) == (days, events)
    assert {clock.pk: clock.due_at for clock in Clock.objects.all()} == due
    assert CalendarDay.objects.get(date=D).name == "Black rainstorm"


def test_a_synced_holiday_cannot_be_added_again_by_hand(hk_calendar, lead):
    days = CalendarDay.objects.count()

    with pytest.raises(ValidationError) as error:
        add_day_and_move(
            day=date(2024, 12, 25),
            kind="general_holiday",
            name="Christmas Day",
            source="Gazette",
            by=lead,
            now=at(2024, 12, 1),
        )

    assert "already on the calendar" in str(error.value)
    assert CalendarDay.objects.count() == days


def test_a_warning_on_a_holiday_is_a_second_row_and_both_reasons_are_quoted(hk_calendar, lead):
    add_day_and_move(
        day=date(2024, 12, 25), kind="gale_warning", name="Signal No. 8", source="HKO", by=lead, now=at(2024, 12, 25)
    )

    assert CalendarDay.objects.filter(date=date(2024, 12, 25)).count() == 2
    assert explanations.why_closed(load_calendar("hk").why_closed(date(2024, 12, 25))) == (
        "a gale warning day (Signal No. 8) and a general holiday (Christmas Day)"
    )


# sync_holidays


def test_sync_holidays_is_idempotent():
    added = services.sync_holidays(years=range(2023, 2028), now=SYNCED)
    assert added == CalendarDay.objects.count() > 0
    history = CalendarDay.history.count()

    assert services.sync_holidays(years=range(2023, 2028), now=SYNCED) == 0

    assert CalendarDay.objects.count() == added
    assert CalendarDay.history.count() == history


def test_sync_holidays_takes_any_iterable_of_years():
    added = services.sync_holidays(years=(year for year in [2024, 2025]), now=SYNCED)

    assert added == CalendarDay.objects.count() > 0


def test_sync_holidays_adds_cap_149_general_holidays_such_as_good_friday_and_easter_monday(hk_calendar):
    days = dict(CalendarDay.objects.filter(date__year=2024).values_list("date", "name"))

    assert days[date(2024, 3, 29)] == "Good Friday"
    assert days[date(2024, 3, 30)] == "The day following Good Friday"
    assert days[date(2024, 4, 1)] == "Easter Monday"
    assert days[date(2024, 12, 26)] == "The first weekday after Christmas Day"
    assert {day.year for day in CalendarDay.objects.values_list("date", flat=True)} == set(range(2023, 2028))
    assert set(CalendarDay.objects.values_list("kind", "jurisdiction")) == {("general_holiday", "HK")}


def test_sync_holidays_gives_each_holiday_its_chinese_name_too(hk_calendar):
    days = dict(CalendarDay.objects.filter(date__year=2024).values_list("date", "name_zh"))

    assert days[date(2024, 3, 29)] == "耶穌受難節"
    assert days[date(2024, 12, 25)] == "聖誕節"
    assert all(days.values())


def test_sync_holidays_names_in_chinese_the_days_on_file_and_explains_the_clocks_that_were_not(lead):
    services.sync_holidays(years=[2026], now=SYNCED)
    CalendarDay.objects.update(name_zh="")
    clock = _start("hk-enquiry-reply", at(2026, 3, 24, 10, 0), by=lead)
    # As migration 0015 left the clocks running then: no explanation yet.
    Clock.objects.filter(pk=clock.pk).update(explanation=[])
    events = CaseEvent.objects.count()

    assert services.sync_holidays(years=[2026], now=SYNCED) == 0

    assert not CalendarDay.objects.filter(name_zh="").exists()
    clock.refresh_from_db()
    assert clock.due_at == end_of(date(2026, 4, 8))
    # 14 days from Tue 24 Mar end on Tue 7 Apr, the day following Easter Monday.
    assert "Tue 7 Apr 2026 is a general holiday (The day following Easter Monday)" in clock.explain()
    with translation.override("zh-hant"):
        assert "復活節星期一翌日" in clock.explain()
    assert CaseEvent.objects.count() == events


def test_a_warning_day_may_be_named_in_chinese_as_well(hk_calendar, lead):
    calendar_day, _ = add_day_and_move(
        day=D,
        kind="gale_warning",
        name=" Signal No. 8 ",
        name_zh=" 八號信號 ",
        source="HKO",
        by=lead,
        now=at(2026, 3, 16),
    )

    assert (calendar_day.name, calendar_day.name_zh) == ("Signal No. 8", "八號信號")
    assert calendar_day.reason == {"kind": "gale_warning", "name": "Signal No. 8", "name_zh": "八號信號"}


def test_sync_holidays_adds_no_sundays_because_every_sunday_is_already_closed(hk_calendar):
    assert not CalendarDay.objects.filter(date__week_day=1).exists()
    # The second day of Lunar New Year 2024 fell on a Sunday: closed as a Sunday, not as a row.
    assert not CalendarDay.objects.filter(date=date(2024, 2, 11)).exists()
    assert load_calendar("hk").why_closed(date(2024, 2, 11)) == ({"kind": "sunday"},)


def test_sync_holidays_records_where_each_day_comes_from(hk_calendar):
    sources = set(CalendarDay.objects.values_list("source", flat=True))

    assert len(sources) == 1
    assert "General Holidays Ordinance (Cap. 149)" in sources.pop()


def test_sync_holidays_moves_an_open_deadline_that_falls_on_a_new_holiday(lead):
    # Received Sun 10 Nov 2024: 45 days later is Christmas Day, then the first weekday after it.
    case = open_case(received_on=date(2024, 11, 10), by=lead, now=at(2024, 11, 11, 9, 0))
    clock = case.clocks.get(rule__code="hk-pdpo-s39-3")
    assert clock.due_at == end_of(date(2024, 12, 25))

    added = services.sync_holidays(years=range(2024, 2026), now=at(2024, 11, 12, 3, 0))

    clock.refresh_from_db()
    assert clock.due_at == end_of(date(2024, 12, 27))
    (event,) = case.events.filter(kind=MOVED)
    assert (event.actor, event.at) == (None, at(2024, 11, 12, 3, 0))
    assert event.describe().startswith(
        "Tell the complainant of a decision not to investigate: due Wed 25 Dec 2024 → Fri 27 Dec 2024 "
        f"({added} general holidays added)."
    )


def test_a_day_in_another_jurisdiction_does_not_even_read_the_hong_kong_clocks(clocks, lead):
    before = {name: clock.due_at for name, clock in clocks.items()}

    with CaptureQueriesContext(connection) as queries:
        calendar_day, change = add_day_and_move(
            day=D,
            kind="general_holiday",
            name="Deepavali",
            source="MOM",
            jurisdiction="SG",
            by=lead,
            now=RAINSTORM_RECORDED,
        )
        removed = remove_day_and_move(calendar_day, by=lead, now=RAINSTORM_RECORDED)

    assert (calendar_day.calendars, change.moved, removed.moved) == ([], 0, 0)
    assert not [query["sql"] for query in queries.captured_queries if '"cases_clock"' in query["sql"]]
    for name, clock in clocks.items():
        clock.refresh_from_db()
        assert clock.due_at == before[name], name


def test_a_change_that_fails_is_marked_failed_with_its_error_moves_nothing_and_can_run_again(clocks, lead, monkeypatch):
    _day, change = services.add_calendar_day(
        day=D, kind="black_rainstorm", name="Black rainstorm", source="HKO", by=lead, now=RAINSTORM_RECORDED
    )
    due = {clock.pk: clock.due_at for clock in Clock.objects.all()}

    def refuse(**arguments):
        raise ConnectionError("the database went away")

    monkeypatch.setattr(services.calendar, "recompute_clocks", refuse)
    with pytest.raises(ConnectionError):
        services.apply_calendar_change(change.pk, now=RAINSTORM_RECORDED)

    change.refresh_from_db()
    assert (change.state, change.error, change.moved) == ("failed", "ConnectionError: the database went away", 0)
    assert {clock.pk: clock.due_at for clock in Clock.objects.all()} == due
    assert not CaseEvent.objects.filter(kind=MOVED).exists()
    monkeypatch.undo()

    again = services.apply_calendar_change(change.pk, now=RAINSTORM_RECORDED)

    assert (again.state, again.error, again.moved) == ("done", "", len(AFFECTED))


def test_a_change_applied_twice_moves_its_deadlines_once(clocks, lead):
    _day, change = services.add_calendar_day(
        day=D, kind="black_rainstorm", name="Black rainstorm", source="HKO", by=lead, now=RAINSTORM_RECORDED
    )

    first = services.apply_calendar_change(change.pk, now=RAINSTORM_RECORDED)
    second = services.apply_calendar_change(change.pk, now=at(2026, 3, 16, 19, 0))

    assert first.moved == second.moved == len(AFFECTED)
    assert second.finished_at == first.finished_at
    assert CaseEvent.objects.filter(kind=MOVED).count() == len(AFFECTED)
    assert sorted(first.moved_cases.values_list("pk", flat=True)) == sorted(clocks[name].case_id for name in AFFECTED)
