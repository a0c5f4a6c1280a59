"""What the lists of enquiries, letters and reminders show: each enquiry's reply-by date, annotated
for a whole list in one query, and how it reads (days left above the date; a breached one in red);
how a letter's or a reminder's delivery reads."""

from datetime import datetime

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext

from cases.listing import next_deadline_html
from cases.models import Clock, ClockState, DeliveryState, Enquiry, EnquiryStatus


def with_reply_clock(enquiries: QuerySet) -> QuerySet:
    """Each enquiry with ``reply_due_at`` and ``reply_clock_state``: its latest clock's, in one
    subquery for a whole list."""
    latest = Clock.objects.filter(enquiry=OuterRef("pk")).order_by("-started_at", "-pk")
    return enquiries.annotate(
        reply_due_at=Subquery(latest.values("due_at")[:1]),
        reply_clock_state=Subquery(latest.values("state")[:1]),
    )


def reply_by_html(enquiry: Enquiry, now: datetime) -> SafeString | str:
    """An enquiry annotated by ``with_reply_clock`` as a list shows when its reply is due."""
    if enquiry.status == EnquiryStatus.ANSWERED:
        return gettext("replied %(day)s") % {"day": date_format(enquiry.replied_on, "SHORT_DATE_FORMAT")}
    if enquiry.status != EnquiryStatus.SENT:
        return "—"
    if enquiry.reply_clock_state == ClockState.PAUSED:
        return gettext("clock paused")
    return next_deadline_html(enquiry.reply_due_at, now)


def delivery_html(sent) -> SafeString:
    """A letter's or a reminder's delivery: its state (a failure in red), the attempts made and the
    start of the last error."""
    failed = sent.state == DeliveryState.FAILED
    state = sent.get_state_display()
    details = []
    if sent.attempts:
        details.append(ngettext("%(count)d attempt", "%(count)d attempts", sent.attempts) % {"count": sent.attempts})
    if failed and sent.last_error:
        details.append(Truncator(sent.last_error).chars(60))
    return format_html(
        '<span class="{}">{}</span>{}',
        "deadline-breached" if failed else "",
        state,
        format_html_join("", "<br>{}", ((detail,) for detail in details)),
    )
