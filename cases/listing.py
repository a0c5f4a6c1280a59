"""What the case lists show: how a case's next deadline (``CaseQuerySet.with_next_deadline``) reads
on a list. Days left are counted as ``Clock.days_left`` counts them."""

from datetime import datetime

from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext

from cases.models import days_until

# The most urgent first and cases with no running clock last; reversed, the least urgent first.
MOST_URGENT_FIRST = F("next_due_at").asc(nulls_last=True)


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
