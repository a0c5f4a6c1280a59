"""What every model module shares: plausible dates, who counts as active staff, history that
follows visibility, jurisdictions."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.manager import HistoricalQuerySet

# Dates before this or after LATEST_DATE are typing mistakes, and some cannot even be stored once
# converted to UTC (year 1 in Hong Kong is year 0 in UTC).
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2999, 12, 31)


def validate_plausible_date(value) -> None:
    """Refuse a date or time outside the years any case, clock or log entry can fall in."""
    day = value.date() if isinstance(value, datetime) else value
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s.")
            % {"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()},
            code="implausible_date",
        )


def is_active_staff(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active and user.is_staff


class VisibleHistoricalQuerySet(HistoricalQuerySet):
    """Field history follows the visibility of the rows it is the history of."""

    def visible_to(self, user) -> "VisibleHistoricalQuerySet":
        visible = self.model.instance_type._default_manager.visible_to(user)
        return self.filter(**{f"{self.model.instance_type._meta.pk.attname}__in": visible.values("pk")})


class Jurisdiction(models.TextChoices):
    HONG_KONG = "HK", _("Hong Kong")
    MAINLAND_CHINA = "CN", _("Mainland China")
    MACAO = "MO", _("Macao")
    SINGAPORE = "SG", _("Singapore")
    EUROPEAN_UNION = "EU", _("European Union")
    UNITED_KINGDOM = "GB", _("United Kingdom")
    UNITED_STATES = "US", _("United States")
    OTHER = "XX", _("Other")
