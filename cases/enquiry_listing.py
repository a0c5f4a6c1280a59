"""What the lists of enquiries, letters and reminders show: how an enquiry's reply-by date reads
(days left above the date; a breached one in red), and how a letter's or a reminder's delivery reads."""

from datetime import datetime

from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from cases.listing import next_deadline_html
from cases.models import ClockState, Enquiry, EnquiryStatus

# The one way a delivery reads, also included by the pages' tables of letters and reminders.
DELIVERY_TEMPLATE = "admin/cases/includes/delivery.html"


def reply_by_html(enquiry: Enquiry, now: datetime) -> SafeString | str:
    """An enquiry annotated by ``EnquiryQuerySet.with_reply_clock`` as a list shows when its reply is due."""
    if enquiry.status == EnquiryStatus.ANSWERED:
        return gettext("replied %(day)s") % {"day": date_format(enquiry.replied_on, "SHORT_DATE_FORMAT")}
    if enquiry.status != EnquiryStatus.SENT:
        return "—"
    if enquiry.reply_clock_state == ClockState.PAUSED:
        return gettext("clock paused")
    return next_deadline_html(enquiry.reply_due_at, now)


def delivery_html(sent) -> SafeString:
    """A letter's or a reminder's delivery as the lists and the pages show it (``DELIVERY_TEMPLATE``)."""
    return render_to_string(DELIVERY_TEMPLATE, {"sent": sent})
