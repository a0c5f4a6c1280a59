"""The days on which a period may not end, and the calendars clocks count on."""

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases import deadlines
from cases.models.base import Jurisdiction


class CalendarCode(models.TextChoices):
    HONG_KONG = "hk", _("Hong Kong (Cap. 1 s.71)")
    NONE = "none", _("No holiday rules")


# Whose holidays and warning days each calendar counts: the one map from calendars to days.
CALENDAR_JURISDICTIONS = {CalendarCode.HONG_KONG: Jurisdiction.HONG_KONG}


def calendars_of(jurisdiction: str) -> list[str]:
    """The calendars that count this jurisdiction's days: only their clocks move when a day changes."""
    return [code for code, counted in CALENDAR_JURISDICTIONS.items() if counted == jurisdiction]


class CalendarDayKind(models.TextChoices):
    GENERAL_HOLIDAY = "general_holiday", _("General holiday")
    GALE_WARNING = "gale_warning", _("Gale warning day")
    BLACK_RAINSTORM = "black_rainstorm", _("Black rainstorm warning day")


class CalendarDayQuerySet(models.QuerySet):
    def for_calendar(self, code: str) -> "CalendarDayQuerySet":
        jurisdiction = CALENDAR_JURISDICTIONS.get(code)
        return self.filter(jurisdiction=jurisdiction) if jurisdiction else self.none()


class CalendarDay(models.Model):
    """A day on which a period may not end: a general holiday or a day a warning was in force."""

    Kind = CalendarDayKind

    jurisdiction = models.CharField(
        _("jurisdiction"), max_length=2, choices=Jurisdiction.choices, default=Jurisdiction.HONG_KONG
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=CalendarDayKind.choices)
    name = models.CharField(_("name"), max_length=120, help_text=_("e.g. “Christmas Day” or “Signal No. 8”."))
    name_zh = models.CharField(
        _("Chinese name"),
        max_length=120,
        blank=True,
        help_text=_("Read in Chinese; without it, a reader of Chinese sees only the kind of day."),
    )
    source = models.CharField(_("source"), max_length=200, help_text=_("Where this day comes from."))
    history = HistoricalRecords()

    objects = CalendarDayQuerySet.as_manager()

    class Meta:
        ordering = ["date", "kind"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "date", "kind"],
                name="calendar_day_unique",
                violation_error_message=_("This day is already on the calendar with that kind."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=CalendarDayKind.values),
                name="calendar_day_kind_valid",
                violation_error_message=_("Choose a kind of day from the list."),
            ),
            models.CheckConstraint(
                condition=Q(jurisdiction__in=Jurisdiction.values),
                name="calendar_day_jurisdiction_valid",
                violation_error_message=_("Choose a jurisdiction from the list."),
            ),
            models.CheckConstraint(
                condition=~Q(name=""),
                name="calendar_day_name_not_empty",
                violation_error_message=_("Give the day a name."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"

    @property
    def calendars(self) -> list[str]:
        """The calendars this day counts on: only their clocks can move when it is added or removed."""
        return calendars_of(self.jurisdiction)

    @property
    def reason(self) -> deadlines.Reason:
        """Why a deadline may not end on this day, as its explanation keeps it."""
        return deadlines.closed_day(self.kind, self.name, self.name_zh)


def load_calendar(code: str) -> deadlines.Calendar:
    """The calendar a rule counts on, with every closed day the database knows of."""
    if code != CalendarCode.HONG_KONG:
        return deadlines.PLAIN
    reasons: dict[date, list[deadlines.Reason]] = {}
    for day in CalendarDay.objects.for_calendar(code):
        reasons.setdefault(day.date, []).append(day.reason)
    return deadlines.hong_kong({day: tuple(why) for day, why in reasons.items()})
