"""How the guidance screens write a moment, and a headline with its details under it."""

from datetime import datetime

from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


def local_time(moment: datetime) -> str:
    """A moment in local time, in the short date and time format."""
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def headline_and_details(lines: list[str]) -> SafeString:
    """A headline, and the details under it in the quieter type of dates."""
    headline, *details = lines
    return format_html(
        "{}{}",
        headline,
        format_html_join("", '<br><span class="deadline-date">{}</span>', ([line] for line in details)),
    )
