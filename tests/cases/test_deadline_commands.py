"""``explain_deadline`` prints a due date and how it was reached, or a one-line usage error with
exit status 2; ``sync_holidays`` (command and Celery task) adds general holidays once."""

from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from cases import tasks
from cases.models import CalendarDay

pytestmark = pytest.mark.django_db


def _explain(*args: str) -> list[str]:
    out = StringIO()
    call_command("explain_deadline", *args, stdout=out)
    return out.getvalue().splitlines()


# explain_deadline


def test_explain_deadline_prints_the_due_date_first_and_then_how_it_was_reached(hk_calendar):
    lines = _explain("--start", "2024-10-03", "--rule", "hk-pdpo-s39-3")

    assert lines == [
        "due: 2024-11-18",
        "  45 days from Thu 3 Oct 2024, not counting that day, end on Sun 17 Nov 2024",
        "  Sun 17 Nov 2024 is a Sunday, so the period runs to the next day that is neither a holiday nor a"
        " warning day: Mon 18 Nov 2024",
        "  due Mon 18 Nov 2024",
    ]


def test_explain_deadline_counts_hours_straight_through_to_the_minute(hk_calendar):
    lines = _explain("--length", "72", "--unit", "hours", "--start", "2026-03-02T10:30")

    assert lines[0] == "due: 2026-03-05T10:30"
    assert lines[1:] == [
        "  72 hours from Mon 2 Mar 2026, 10:30 run without a break for holidays or weekends",
        "  due Thu 5 Mar 2026, 10:30",
    ]


def test_explain_deadline_does_not_count_lunar_new_year_in_a_short_period(hk_calendar):
    lines = _explain("--length", "5", "--unit", "days", "--calendar", "hk", "--start", "2024-02-09")

    assert lines[0] == "due: 2024-02-19"
    assert "does not count Sat 10 Feb (a general holiday (Chinese New Year)), Sun 11 Feb (a Sunday)" in lines[2]
    assert lines[-1] == "  due Mon 19 Feb 2024"


def test_explain_deadline_without_holidays_counts_lunar_new_year_like_any_other_day(hk_calendar):
    lines = _explain("--length", "5", "--unit", "days", "--calendar", "none", "--start", "2024-02-09")

    assert lines[0] == "due: 2024-02-14"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--start", "2024-10-03", "--rule", "hk-no-such-rule"],
            "error: no clock rule 'hk-no-such-rule'; known rules: ",
        ),
        (["--start", "2024-02-30", "--rule", "hk-pdpo-s39-3"], "error: --start '2024-02-30' is not a date"),
        (["--start", "3/10/2024", "--length", "5", "--unit", "days"], "error: --start '3/10/2024' is not a date"),
        (["--start", "2024-10-03", "--length", "5", "--unit", "weeks"], "error: unknown unit 'weeks'"),
        (["--start", "2024-10-03", "--rule", "hk-pdpo-s39-3", "--length", "45"], "error: give either --rule or"),
        (["--start", "2024-10-03", "--rule", "hk-pdpo-s39-3", "--unit", "days"], "error: give either --rule or"),
        (["--start", "2024-10-03"], "error: give --rule, or --length with --unit"),
        (["--start", "2024-10-03", "--length", "5"], "error: give --rule, or --length with --unit"),
        (["--start", "2024-10-03", "--length", "0", "--unit", "days"], "error: --length must be at least 1"),
        (
            ["--start", "2024-10-03", "--length", "5", "--unit", "days", "--calendar", "mo"],
            "error: unknown calendar 'mo'",
        ),
    ],
    ids=[
        "unknown rule",
        "no such date",
        "not iso",
        "bad unit",
        "rule and length",
        "rule and unit",
        "neither",
        "no unit",
        "zero length",
        "bad calendar",
    ],
)
def test_explain_deadline_usage_errors_print_one_line_and_exit_with_status_2(args, message):
    out, err = StringIO(), StringIO()

    with pytest.raises(SystemExit) as exit_:
        call_command("explain_deadline", *args, stdout=out, stderr=err)

    assert exit_.value.code == 2
    assert out.getvalue() == ""
    assert err.getvalue().startswith(message)
    assert err.getvalue().count("\n") == 1
    assert err.getvalue().endswith("\n")


def test_explain_deadline_names_the_known_rules_when_the_rule_is_unknown():
    err = StringIO()

    with pytest.raises(SystemExit):
        call_command("explain_deadline", "--start", "2024-10-03", "--rule", "s39", stderr=err)

    assert "hk-pdpo-s39-3" in err.getvalue()
    assert "hk-enquiry-reply" in err.getvalue()


# sync_holidays


def test_sync_holidays_command_says_how_many_it_added_and_a_second_run_adds_none():
    out = StringIO()
    call_command("sync_holidays", "--from-year", "2024", "--to-year", "2025", stdout=out)
    added = CalendarDay.objects.count()
    assert added > 0
    assert out.getvalue() == f"{added} general holidays added for 2024 to 2025.\n"
    assert set(CalendarDay.objects.values_list("date__year", flat=True)) == {2024, 2025}

    again = StringIO()
    call_command("sync_holidays", "--from-year", "2024", "--to-year", "2025", stdout=again)

    assert again.getvalue() == "0 general holidays added for 2024 to 2025.\n"
    assert CalendarDay.objects.count() == added


def test_sync_holidays_command_refuses_years_in_the_wrong_order():
    with pytest.raises(CommandError, match="the first no later than the last"):
        call_command("sync_holidays", "--from-year", "2026", "--to-year", "2025", stdout=StringIO())

    assert not CalendarDay.objects.exists()


def test_the_sync_holidays_task_adds_this_year_and_the_next_two_in_hong_kong_time(monkeypatch):
    # The task reads the clock itself. At 00:30 on 1 Jan 2028 in Hong Kong it is still 2027 in UTC.
    monkeypatch.setattr(timezone, "now", lambda: datetime(2027, 12, 31, 16, 30, tzinfo=UTC))

    tasks.sync_holidays()

    assert set(CalendarDay.objects.values_list("date__year", flat=True)) == {2028, 2029, 2030}
    added = CalendarDay.objects.count()
    tasks.sync_holidays()
    assert CalendarDay.objects.count() == added


def test_the_sync_holidays_task_keeps_its_deployed_name():
    assert tasks.sync_holidays.name == "cases.tasks.sync_holidays"
