"""What the case lists show: a case's next deadline, and how a deadline, an officer and an
organisation read on a list.

The next deadline is the earliest due moment among a case's running clocks. Lists annotate it with
one subquery (never a query per row), sort by it and say how many days are left, counted in Hong
Kong dates exactly as ``Clock.days_left`` counts them.
"""

from datetime import date, datetime

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext

from cases.models import Clock, ClockState


def with_next_deadline(cases: QuerySet) -> QuerySet:
    """The cases, each with ``next_due_at``: the earliest due moment of its running clocks, or None."""
    running = Clock.objects.filter(case=OuterRef("pk"), state=ClockState.RUNNING).order_by("due_at")
    return cases.annotate(next_due_at=Subquery(running.values("due_at")[:1]))


# The most urgent first and cases with no running clock last; reversed, the least urgent first.
MOST_URGENT_FIRST = F("next_due_at").asc(nulls_last=True)


def days_left(due_at: datetime, today: date) -> int:
    """Whole days from today to the due date, in local dates (negative once it has passed)."""
    return (timezone.localtime(due_at).date() - today).days


def is_breached(due_at: datetime, now: datetime) -> bool:
    """Past its due moment: the same test as ``Clock.objects.breached(now)``."""
    return due_at < now


def days_left_text(due_at: datetime, now: datetime) -> str:
    days = days_left(due_at, timezone.localdate(now))
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


def officer_name(user) -> str:
    return user.get_full_name() or user.get_username()


def organisation_name(organisation) -> str:
    """The organisation's name in the reader's language, where it has one in Chinese."""
    if organisation.name_zh and translation.get_language() == "zh-hant":
        return organisation.name_zh
    return organisation.name
