"""The clocks running on cases, with their pauses and extensions."""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases import deadlines, explanations
from cases.models.base import VisibleHistoricalQuerySet, label_of
from cases.models.cases import Case, CaseRowQuerySet
from cases.models.clocks import ClockRule
from cases.models.enquiries import Enquiry, EnquiryStatus


def days_until(due_at, today: date) -> int:
    """Whole days from ``today`` to a due moment, in local dates (negative once it has passed)."""
    return (timezone.localtime(due_at).date() - today).days


class ClockState(models.TextChoices):
    RUNNING = "running", _("Running")
    PAUSED = "paused", _("Paused")
    MET = "met", _("Met")
    STOPPED = "stopped", _("Stopped")


OPEN_CLOCK_STATES = [ClockState.RUNNING, ClockState.PAUSED]


class ClockQuerySet(CaseRowQuerySet):
    def visible_to(self, user) -> "ClockQuerySet":
        """The clocks this user may see: those whose owner they may see (see ``Clock``)."""
        return self.filter(Q(case__in=Case.objects.visible_to(user)) | Q(enquiry__in=Enquiry.objects.visible_to(user)))

    def open(self) -> "ClockQuerySet":
        return self.filter(state__in=OPEN_CLOCK_STATES)

    def breached(self, now) -> "ClockQuerySet":
        """Running clocks whose due moment has passed; derived, never stored."""
        return self.filter(state=ClockState.RUNNING, due_at__lt=now)

    def due_within(self, now, days: int) -> "ClockQuerySet":
        return self.filter(state=ClockState.RUNNING, due_at__gte=now, due_at__lt=now + timedelta(days=days))

    def on_calendar(self, code: str) -> "ClockQuerySet":
        return self.filter(rule__calendar=code)


class Clock(models.Model):
    """A time limit running on a case or an enquiry. Its due moment is derived from its events,
    never typed in.

    A clock has one owner, its case or its enquiry (a check constraint holds exactly one): the
    owner decides who may see the clock (``ClockQuerySet.visible_to``), whether it may still change
    (``refusal``) and on which timelines its changes are written (``timeline_cases``: its case, or
    every case the enquiry covers), so no service names the owner.
    """

    State = ClockState

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="clocks", null=True, blank=True, verbose_name=_("case")
    )
    enquiry = models.ForeignKey(
        "cases.Enquiry",
        on_delete=models.PROTECT,
        related_name="clocks",
        null=True,
        blank=True,
        verbose_name=_("enquiry"),
    )
    rule = models.ForeignKey(ClockRule, on_delete=models.PROTECT, related_name="clocks", verbose_name=_("rule"))
    started_at = models.DateTimeField(_("counted from"))
    state = models.CharField(_("state"), max_length=10, choices=ClockState.choices, default=ClockState.RUNNING)
    due_at = models.DateTimeField(_("due"), null=True, blank=True, db_index=True)
    # The steps of ``deadlines.compute_due``, written out by ``explain()``. Empty for a clock that
    # has not been counted since explanations became data; the next recomputation fills it.
    explanation = models.JSONField(_("how the due date was reached"), default=list, blank=True, editable=False)
    # The first day whose opening or closing can move the due date (``Deadline.window_starts_on``):
    # a calendar change recomputes only the running clocks whose window, from here to the due day,
    # holds a changed day. None for a period in hours, and for a clock not counted since this was
    # kept, which every change recomputes.
    window_starts_on = models.DateField(null=True, blank=True, editable=False)
    paused_at = models.DateTimeField(_("paused since"), null=True, blank=True)
    met_at = models.DateTimeField(_("met at"), null=True, blank=True)
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next", verbose_name=_("follows")
    )
    history = HistoricalRecords(excluded_fields=["window_starts_on"], historical_queryset=VisibleHistoricalQuerySet)

    objects = ClockQuerySet.as_manager()

    class Meta:
        ordering = ["started_at", "pk"]
        verbose_name = _("clock")
        verbose_name_plural = _("clocks")
        indexes = [
            # "breached" and "due within 7 days" only ever look at running clocks, and want their cases
            models.Index(
                fields=["due_at"], include=["case"], condition=Q(state="running"), name="clock_running_due_at"
            ),
            # A case's running clocks: its next deadline, and whether it has one breached or due
            models.Index(fields=["case", "due_at"], condition=Q(state="running"), name="clock_running_by_case"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=ClockState.values),
                name="clock_state_valid",
                violation_error_message=_("This is not a state a clock can be in."),
            ),
            models.CheckConstraint(
                condition=Q(case__isnull=False, enquiry__isnull=True) | Q(case__isnull=True, enquiry__isnull=False),
                name="clock_has_one_owner",
                violation_error_message=_("A clock runs on a case or on an enquiry, never both."),
            ),
            # A rule runs once at a time on a case; a rolling one starts again only once it is met.
            models.UniqueConstraint(
                fields=["case", "rule"],
                condition=Q(state__in=OPEN_CLOCK_STATES),
                name="clock_one_open_per_case_and_rule",
                violation_error_message=_("This rule already has an open clock on this case."),
            ),
            models.UniqueConstraint(
                fields=["enquiry"],
                condition=Q(state__in=OPEN_CLOCK_STATES),
                name="clock_one_open_per_enquiry",
                violation_error_message=_("This enquiry already has an open reply-by clock."),
            ),
            models.CheckConstraint(
                condition=Q(state=ClockState.PAUSED, paused_at__isnull=False, due_at__isnull=True)
                | (~Q(state=ClockState.PAUSED) & Q(paused_at__isnull=True)),
                name="clock_paused_has_pause_and_no_due",
                violation_error_message=_(
                    "A paused clock has a pause time and no due date; any other has no pause time."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(state=ClockState.RUNNING) | Q(due_at__isnull=False),
                name="clock_running_has_due",
                violation_error_message=_("A running clock needs a due date."),
            ),
            models.CheckConstraint(
                condition=Q(state=ClockState.MET, met_at__isnull=False)
                | (~Q(state=ClockState.MET) & Q(met_at__isnull=True)),
                name="clock_met_has_met_at",
                violation_error_message=_("A met clock needs the time it was met, and only a met clock has one."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule.code} on {self.owner.reference}"

    def get_state_display(self) -> str:
        return label_of(ClockState, self.state)

    @property
    def owner(self):
        """The case or the enquiry the clock runs on."""
        return self.case if self.case_id else self.enquiry

    @property
    def officer(self):
        """Who answers for the clock: the case's assigned officer, or the enquiry's officer."""
        return self.case.assigned_officer if self.case_id else self.enquiry.officer

    def explain(self) -> str:
        """How the due date was reached, in the reader's language."""
        return explanations.explain(self.explanation)

    @property
    def timeline_cases(self) -> list[Case]:
        """The cases on whose timelines what happens to this clock is written: the case it runs
        on, or every case its enquiry covers."""
        return [self.case] if self.case_id else list(self.enquiry.cases.all())

    def compute_deadline(self, calendar: deadlines.Calendar) -> deadlines.Deadline:
        """The due moment from the start, the rule, the finished pauses and the extensions."""
        pauses = self.pauses.all() if self.pk else []
        extensions = self.extensions.all() if self.pk else []
        return deadlines.compute_due(
            self.started_at,
            self.rule.length,
            self.rule.unit,
            calendar,
            pauses=[(pause.paused_at, pause.resumed_at) for pause in pauses if pause.resumed_at],
            extension_days=[extension.days for extension in extensions],
        )

    @property
    def extended_days(self) -> int:
        return sum(extension.days for extension in self.extensions.all())

    @property
    def extension_days_left(self) -> int:
        return max(self.rule.max_extension_days - self.extended_days, 0)

    @property
    def latest_extended_date(self) -> date:
        """The latest due date the rule's extensions still allow, from the present one."""
        return timezone.localtime(self.due_at).date() + timedelta(days=self.extension_days_left)

    ACTIONS = ("pause", "resume", "extend", "meet")

    def refusal(self, action: str, now) -> str | None:
        """Why this clock cannot go through ``action`` now, or None. The services enforce exactly
        this, and the screens offer an action only when it is None, so the two never disagree."""
        if self.case_id and self.case.is_closed:
            return gettext("The case is closed; reopen it first.")
        if self.enquiry_id and self.enquiry.status != EnquiryStatus.SENT:
            return gettext("The enquiry is no longer awaiting a reply.")
        if action == "pause":
            if not self.rule.can_pause:
                return gettext("The %(rule)s clock cannot be paused.") % {"rule": self.rule.code}
            if self.state != ClockState.RUNNING:
                return gettext("Only a running clock can be paused.")
            if self.due_at < now:
                return gettext("This clock is already past its due date; pausing it now would hide the breach.")
        elif action == "resume":
            if self.state != ClockState.PAUSED:
                return gettext("Only a paused clock can be resumed.")
            if now < self.paused_at:
                return gettext("A clock cannot resume before it was paused.")
        elif action == "extend":
            if self.state not in OPEN_CLOCK_STATES:
                return gettext("Only an open clock can be extended.")
        elif action == "meet":
            if self.state != ClockState.RUNNING:
                return gettext("Only a running clock can be met.")
        else:
            raise ValueError(f"No such clock action: {action}")
        return None

    def available_actions(self, now) -> list[str]:
        """What staff may do to this clock now: the services it may go through."""
        offered = [action for action in self.ACTIONS if self.refusal(action, now) is None]
        # An extension also needs days left to grant; the service says how many are left.
        return [action for action in offered if action != "extend" or self.extension_days_left > 0]

    def is_breached(self, now) -> bool:
        """Running past its due moment: the same test as ``Clock.objects.breached(now)``."""
        return self.state == ClockState.RUNNING and self.due_at < now

    @property
    def met_late(self) -> bool:
        return self.state == ClockState.MET and self.due_at is not None and self.met_at > self.due_at

    def days_left(self, today: date) -> int | None:
        if self.state != ClockState.RUNNING:
            return None
        return days_until(self.due_at, today)


class ClockPause(models.Model):
    clock = models.ForeignKey(Clock, on_delete=models.PROTECT, related_name="pauses", verbose_name=_("clock"))
    paused_at = models.DateTimeField(_("paused at"))
    resumed_at = models.DateTimeField(_("resumed at"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    paused_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)

    class Meta:
        ordering = ["paused_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="clock_pause_has_reason",
                violation_error_message=_("Give the reason for pausing the clock."),
            ),
            models.CheckConstraint(
                condition=Q(resumed_at__isnull=True) | Q(resumed_at__gte=F("paused_at")),
                name="clock_pause_resumes_after_pausing",
                violation_error_message=_("A clock cannot resume before it was paused."),
            ),
            models.UniqueConstraint(
                fields=["clock"],
                condition=Q(resumed_at__isnull=True),
                name="clock_pause_one_open_per_clock",
                violation_error_message=_("This clock is already paused."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.clock} paused {self.paused_at:%Y-%m-%d}"


class ClockExtension(models.Model):
    clock = models.ForeignKey(Clock, on_delete=models.PROTECT, related_name="extensions", verbose_name=_("clock"))
    days = models.PositiveIntegerField(_("days"))
    reason = models.TextField(_("reason"))
    granted_at = models.DateTimeField(_("granted at"))
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)

    class Meta:
        ordering = ["granted_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(days__gte=1),
                name="clock_extension_at_least_a_day",
                violation_error_message=_("An extension is at least one day."),
            ),
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="clock_extension_has_reason",
                violation_error_message=_("Give the reason for the extension."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.clock} extended by {self.days} days"
