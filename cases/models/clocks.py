"""Clock rules: the statutory and internal time limits, how each is counted and what starts and
ends it. The clocks running by them are in ``running_clocks``."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases import explanations
from cases.models.calendar import CalendarCode
from cases.models.workflow import CaseKind, LetterKind


class DeadlineUnit(models.TextChoices):
    HOURS = "hours", _("hours")
    DAYS = "days", _("calendar days")
    WORKING_DAYS = "working_days", _("working days")
    MONTHS = "months", _("months")


class ClockTrigger(models.TextChoices):
    COMPLAINT_RECEIVED = "complaint_received", _("receipt of the complaint")
    REQUEST_RECEIVED = "request_received", _("receipt of the request")
    ENQUIRY_SENT = "enquiry_sent", _("sending of the enquiry")
    BREACH_AWARENESS = "breach_awareness", _("awareness of the breach")
    REQUEST_FROM_AUTHORITY = "authority_request", _("receipt of another authority's request")


def validate_days_before(value) -> None:
    """Reminder offsets: whole days before a due date, each between 1 and LONGEST_PERIOD, no repeats."""
    if not isinstance(value, list) or not all(isinstance(days, int) and not isinstance(days, bool) for days in value):
        raise ValidationError(_("Give whole numbers of days, e.g. “7, 1”."), code="not_days")
    if any(not 1 <= days <= LONGEST_PERIOD for days in value) or len(set(value)) != len(value):
        raise ValidationError(
            _("Each number of days must be between 1 and %(longest)d, and given once.") % {"longest": LONGEST_PERIOD},
            code="days_out_of_range",
        )


class DaysBeforeField(models.JSONField):
    """A list of whole days before a due date, stored as a JSON list of integers."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [validate_days_before])
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("validators", None)
        return name, path, args, kwargs


def validate_case_kinds(value) -> None:
    """The kinds of case a rule applies to: kinds from the list, each given once."""
    if (
        not isinstance(value, list)
        or any(kind not in CaseKind.values for kind in value)
        or len(set(value)) != len(value)
    ):
        raise ValidationError(_("Choose kinds of case from the list, each once."), code="not_case_kinds")


class CaseKindsField(models.JSONField):
    """A list of kinds of case, stored as a JSON list of their codes and chosen with checkboxes."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [validate_case_kinds])
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("validators", None)
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return models.Field.formfield(
            self,
            form_class=forms.MultipleChoiceField,
            choices=CaseKind.choices,
            widget=forms.CheckboxSelectMultiple,
            **kwargs,
        )


# Ten years of days or months: longer than any time limit, and every due date stays before LATEST_DATE.
LONGEST_PERIOD = 3650


class ClockRuleQuerySet(models.QuerySet):
    def triggered_by(self, trigger: str, *, kind: str) -> list["ClockRule"]:
        """The rules an event starts on a case of this kind."""
        # A handful of rows, and SQLite has no lookup inside a JSON list: the kinds are matched here.
        return [rule for rule in self.filter(trigger=trigger) if kind in rule.case_kinds]


class ClockRule(models.Model):
    """A statutory or internal time limit, how it is counted and what starts and ends it.

    The services ask the rules, never name them: an event starts the rules it triggers on the
    kinds of case they apply to (``ClockRule.objects.triggered_by``); a rule that ends with the
    decision whether to pursue a complaint is met by deciding not to and stopped by pursuing it;
    a rule that restarts on reopening starts again, counted from the reopening.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_zh = models.CharField(_("Chinese name"), max_length=200, blank=True)
    citation = models.CharField(_("legal citation"), max_length=200)
    length = models.PositiveIntegerField(_("length"), validators=[MaxValueValidator(LONGEST_PERIOD)])
    unit = models.CharField(_("unit"), max_length=20, choices=DeadlineUnit.choices)
    trigger = models.CharField(_("counted from"), max_length=30, choices=ClockTrigger.choices)
    calendar = models.CharField(_("calendar"), max_length=10, choices=CalendarCode.choices)
    can_pause = models.BooleanField(_("can be paused"), default=False)
    max_extension_days = models.PositiveIntegerField(
        _("longest extension in days"), default=0, validators=[MaxValueValidator(LONGEST_PERIOD)]
    )
    case_kinds = CaseKindsField(
        _("kinds of case"),
        default=list,
        blank=True,
        help_text=_("The kinds of case on which its event starts it; none: it is only started by hand."),
    )
    rolling = models.BooleanField(_("starts again when met"), default=False)
    ends_with_pursuit_decision = models.BooleanField(
        _("ends with the decision whether to pursue"),
        default=False,
        help_text=_(
            "Met when the case is decided not to be pursued; stopped when it moves to conciliation or investigation."
        ),
    )
    restarts_on_reopening = models.BooleanField(
        _("starts again when the case is reopened"),
        default=False,
        help_text=_("Counted from the reopening."),
    )
    met_by_letter = models.CharField(
        _("met by sending"),
        max_length=20,
        choices=LetterKind.choices,
        blank=True,
        help_text=_("The letter whose sending meets it, if any."),
    )
    warning_days = DaysBeforeField(_("warn this many days before"), default=list, blank=True)
    history = HistoricalRecords()

    objects = ClockRuleQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("clock rule")
        verbose_name_plural = _("clock rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(length__gte=1),
                name="clock_rule_length_positive",
                violation_error_message=_("A time limit is at least 1."),
            ),
            models.CheckConstraint(
                condition=Q(length__lte=LONGEST_PERIOD),
                name="clock_rule_length_plausible",
                violation_error_message=_("A time limit is at most 3,650 days or months."),
            ),
            models.CheckConstraint(
                condition=Q(max_extension_days__lte=LONGEST_PERIOD),
                name="clock_rule_extension_plausible",
                violation_error_message=_("An extension is at most 3,650 days."),
            ),
            models.CheckConstraint(
                condition=Q(unit__in=DeadlineUnit.values),
                name="clock_rule_unit_valid",
                violation_error_message=_("Choose a unit from the list."),
            ),
            models.CheckConstraint(
                condition=Q(calendar__in=CalendarCode.values),
                name="clock_rule_calendar_valid",
                violation_error_message=_("Choose a calendar from the list."),
            ),
            models.CheckConstraint(
                condition=Q(met_by_letter="") | Q(met_by_letter__in=LetterKind.values),
                name="clock_rule_met_by_letter_valid",
                violation_error_message=_("Choose a kind of letter from the list."),
            ),
            models.CheckConstraint(
                condition=Q(trigger__in=ClockTrigger.values),
                name="clock_rule_trigger_valid",
                violation_error_message=_("Choose what the time limit is counted from."),
            ),
            # Only the receipt of a complaint leads to a decision whether to pursue it, and only a
            # rule started by the case's own receipt can start again when the case is reopened.
            models.CheckConstraint(
                condition=Q(ends_with_pursuit_decision=False) | Q(trigger=ClockTrigger.COMPLAINT_RECEIVED),
                name="clock_rule_pursuit_decision_counted_from_the_complaint",
                violation_error_message=_(
                    "Only a time limit counted from the receipt of the complaint can end with the decision "
                    "whether to pursue it."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ends_with_pursuit_decision=False) | Q(rolling=False),
                name="clock_rule_pursuit_decision_does_not_roll",
                violation_error_message=_(
                    "A time limit that ends with the decision whether to pursue cannot start again when met."
                ),
            ),
            models.CheckConstraint(
                condition=Q(restarts_on_reopening=False) | Q(trigger=ClockTrigger.COMPLAINT_RECEIVED),
                name="clock_rule_restart_counted_from_the_complaint",
                violation_error_message=_(
                    "Only a time limit counted from the receipt of the complaint can start again when the case "
                    "is reopened."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.display_name}"

    @property
    def display_name(self) -> str:
        """The name in the reader's language."""
        return explanations.in_reader_language(self.name, self.name_zh)

    @property
    def period(self) -> str:
        return f"{self.length} {self.get_unit_display()}"
