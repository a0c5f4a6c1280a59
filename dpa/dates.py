"""The years a typed date can fall in: outside them it is a typing mistake, on every screen."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Dates before this or after LATEST_DATE are typing mistakes, and some cannot even be stored once
# converted to UTC (year 1 in Hong Kong is year 0 in UTC).
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2999, 12, 31)


def validate_plausible_date(value) -> None:
    """Refuse a date or time outside the years any record of the authority can fall in."""
    day = value.date() if isinstance(value, datetime) else value
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s.")
            % {"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()},
            code="implausible_date",
        )
