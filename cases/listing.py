"""What the case lists show: how a case's next deadline (``CaseQuerySet.with_next_deadline``) reads
on a list, and which cases a deadline filter keeps. Days left are counted as ``Clock.days_left``
counts them."""

from datetime import datetime

from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext

from cases.models import days_until
from dpa.counting import EXACT_UP_TO, planned_rows

# The most urgent first and cases with no running clock last; reversed, the least urgent first.
MOST_URGENT_FIRST = F("next_due_at").asc(nulls_last=True)
# The clocks a deadline filter names are counted from the running clocks' index up to this many
# (10 ms); past it, the planner's estimate stands in.
CLOCKS_COUNTED_UP_TO = 100_000


def cases_with_clock_among(cases: QuerySet, clocks: QuerySet) -> tuple[QuerySet, int | None]:
    """The cases one of these clocks runs on, in the form that suits how many there are, and at
    most how many they are (None when unknown), for the list's count.

    A few thousand clocks: their cases are read by id, counted exactly, and sorted. More: the list
    walks the newest cases against them, and their count, taken from the running clocks' index,
    bounds the list's estimate; the planner would guess it, taking "running" and "overdue" to be
    independent (205,000 breached clocks expected among a million cases, against 45,000), and on
    its guess read every case for a few thousand."""
    case_ids = list(clocks.order_by().values_list("case_id", flat=True)[: EXACT_UP_TO + 1])
    if len(case_ids) <= EXACT_UP_TO:
        case_ids = {case_id for case_id in case_ids if case_id is not None}
        return cases.among(case_ids), len(case_ids)
    counted = clocks.order_by().values("case_id")[:CLOCKS_COUNTED_UP_TO].count()
    return cases.with_clock_among(clocks), counted if counted < CLOCKS_COUNTED_UP_TO else planned_rows(clocks)


def is_breached(due_at: datetime, now: datetime) -> bool:
    """Past its due moment: the same test as ``Clock.objects.breached(now)``."""
    return due_at < now


def days_left_text(due_at: datetime, now: datetime) -> str:
    days = days_until(due_at, timezone.localdate(now))
    if is_breached(due_at, now):
        if days >= 0:
            return gettext("overdue since today")
        return ngettext("%(days)d day overdue", "%(days)d days overdue", -days) % {"days": -days}
    if days == 0:
        return gettext("due today")
    return ngettext("%(days)d day left", "%(days)d days left", days) % {"days": days}


def next_deadline_html(due_at: datetime | None, now: datetime) -> SafeString | str:
    """Days left above the due date; a breached deadline in red."""
    if due_at is None:
        return "—"
    return format_html(
        '<span class="{}">{}</span><br><span class="deadline-date">{}</span>',
        "deadline-breached" if is_breached(due_at, now) else "deadline-days",
        days_left_text(due_at, now),
        date_format(timezone.localtime(due_at).date(), "SHORT_DATE_FORMAT"),
    )
