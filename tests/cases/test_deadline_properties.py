"""Properties every statutory deadline keeps, whatever the start, length and weather."""

from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from cases import deadlines
from cases.deadlines import HONG_KONG_TIME, Unit, compute_due
from tests.helpers.deadlines import BLACK_RAIN, HK_CLOSED_DAYS, HK_GENERAL_HOLIDAYS

# No example database: every run draws afresh and saves no failing examples.
PROPERTY = settings(max_examples=200, deadline=None, database=None)

starts = st.datetimes(min_value=datetime(2019, 1, 1), max_value=datetime(2029, 12, 31, 23, 59)).map(
    lambda moment: moment.replace(tzinfo=HONG_KONG_TIME)
)
day_periods = st.one_of(
    st.tuples(st.just(Unit.DAYS), st.integers(1, 400)),
    st.tuples(st.just(Unit.MONTHS), st.integers(1, 24)),
)
periods = st.one_of(day_periods, st.tuples(st.just(Unit.WORKING_DAYS), st.integers(1, 260)))
# near the start, so that they often fall inside the period or on its last day
warning_offsets = st.lists(st.integers(0, 800), max_size=12)
any_date = st.dates(min_value=date(2018, 12, 1), max_value=date(2032, 12, 31))


def _start_day(start: datetime) -> date:
    return start.astimezone(HONG_KONG_TIME).date()


def _warnings(start: datetime, offsets: list[int]) -> dict[date, tuple[deadlines.Reason, ...]]:
    return {_start_day(start) + timedelta(days=offset): BLACK_RAIN for offset in offsets}


def _hong_kong(warnings: dict[date, tuple[deadlines.Reason, ...]]) -> deadlines.Calendar:
    return deadlines.hong_kong({**HK_CLOSED_DAYS, **warnings})


@PROPERTY
@given(
    start=starts,
    period=day_periods,
    offsets=warning_offsets,
    paused_days=st.integers(0, 30),
    extensions=st.lists(st.integers(1, 30), max_size=2),
)
def test_a_hong_kong_day_or_month_period_never_ends_on_a_general_holiday_or_warning_day(
    start, period, offsets, paused_days, extensions
):
    unit, length = period
    warnings = _warnings(start, offsets)
    pauses = [(start, start + timedelta(days=paused_days))] if paused_days else []

    due = compute_due(start, length, unit, _hong_kong(warnings), pauses=pauses, extension_days=extensions).due_on

    assert due.weekday() != 6
    assert due not in HK_GENERAL_HOLIDAYS
    assert due not in warnings


@PROPERTY
@given(start=starts, period=periods, offsets=warning_offsets, extra=st.one_of(any_date, st.integers(0, 800)))
def test_another_closed_day_never_makes_a_due_date_earlier(start, period, offsets, extra):
    unit, length = period
    warnings = _warnings(start, offsets)
    if isinstance(extra, int):
        extra = _start_day(start) + timedelta(days=extra)

    before = compute_due(start, length, unit, _hong_kong(warnings)).due_on
    after = compute_due(start, length, unit, _hong_kong({**warnings, extra: BLACK_RAIN})).due_on

    assert after >= before


@PROPERTY
@given(
    start=starts,
    period=periods,
    offsets=warning_offsets,
    paused_after=st.integers(0, 60),
    paused_days=st.integers(1, 60),
)
def test_a_pause_of_n_days_moves_the_due_date_by_at_least_n_days(start, period, offsets, paused_after, paused_days):
    unit, length = period
    calendar = _hong_kong(_warnings(start, offsets))
    paused = start + timedelta(days=paused_after)
    pause = (paused, paused + timedelta(days=paused_days))

    unpaused = compute_due(start, length, unit, calendar).due_on
    due = compute_due(start, length, unit, calendar, pauses=[pause]).due_on

    assert due - unpaused >= timedelta(days=paused_days)


@PROPERTY
@given(start=starts, length=st.integers(1, 260), offsets=warning_offsets)
def test_a_working_day_period_ends_on_a_working_day(start, length, offsets):
    warnings = _warnings(start, offsets)

    due = compute_due(start, length, Unit.WORKING_DAYS, _hong_kong(warnings)).due_on

    assert due.weekday() < 5
    assert due not in HK_GENERAL_HOLIDAYS
    assert due not in warnings


@PROPERTY
@given(start=starts, length=st.integers(1, 400))
def test_a_plain_calendar_day_period_is_the_start_day_plus_its_length(start, length):
    due = compute_due(start, length, Unit.DAYS, deadlines.PLAIN).due_on

    assert due == _start_day(start) + timedelta(days=length)


@PROPERTY
@given(
    start=starts,
    period=st.one_of(periods, st.tuples(st.just(Unit.HOURS), st.integers(1, 400))),
    offsets=warning_offsets,
    paused_days=st.integers(0, 30),
    extensions=st.lists(st.integers(1, 30), max_size=2),
    flipped=any_date,
)
def test_opening_or_closing_a_day_outside_a_deadlines_window_leaves_it_as_it_was(
    start, period, offsets, paused_days, extensions, flipped
):
    """What a calendar change relies on to recompute only the clocks whose window holds the day."""
    unit, length = period
    warnings = _warnings(start, offsets)
    pauses = [(start, start + timedelta(days=paused_days))] if paused_days else []
    closed = {**HK_CLOSED_DAYS, **warnings}
    before = compute_due(start, length, unit, deadlines.hong_kong(closed), pauses=pauses, extension_days=extensions)
    window = before.window_starts_on
    inside = window is not None and window <= flipped <= before.due_at.astimezone(HONG_KONG_TIME).date()
    if flipped in closed:
        closed.pop(flipped)
    else:
        closed[flipped] = BLACK_RAIN

    after = compute_due(start, length, unit, deadlines.hong_kong(closed), pauses=pauses, extension_days=extensions)

    if not inside:
        assert after == before
    assert (window is None) == (unit == Unit.HOURS)


@PROPERTY
@given(
    start=starts,
    minutes=st.integers(-3 * 24 * 60, 3 * 24 * 60),
    period=st.one_of(periods, st.tuples(st.just(Unit.HOURS), st.integers(1, 200))),
    offsets=warning_offsets,
    paused_days=st.integers(0, 30),
    extensions=st.lists(st.integers(1, 30), max_size=2),
)
def test_periods_with_the_same_key_end_at_the_same_moment_with_the_same_steps(
    start, minutes, period, offsets, paused_days, extensions
):
    """Recomputing a calendar change counts each key once (``same_deadline_as``): two starts with the
    same key give the same deadline; two with different deadlines never share a key."""
    unit, length = period
    calendar = _hong_kong(_warnings(start, offsets))
    other = start + timedelta(minutes=minutes)

    def key_and_deadline(moment):
        pauses = [(moment, moment + timedelta(days=paused_days))] if paused_days else []
        key = deadlines.same_deadline_as(moment, unit, calendar, pauses=pauses, extension_days=extensions)
        return key, compute_due(moment, length, unit, calendar, pauses=pauses, extension_days=extensions)

    (key, deadline), (other_key, other_deadline) = key_and_deadline(start), key_and_deadline(other)

    if key == other_key:
        assert other_deadline == deadline
    if other_deadline != deadline:
        assert other_key != key
