"""Calendar changes: a day added to or removed from the calendar, or a holiday sync, and the open
deadlines it moved. The day is on file at once; moving the deadlines runs in the background, and
the change records how far it has got and which cases it moved."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from cases import timeline_messages
from cases.models.base import Jurisdiction
from cases.models.calendar import calendars_of
from cases.models.cases import Case


class CalendarChangeState(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Moving deadlines")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


UNFINISHED_STATES = [CalendarChangeState.QUEUED, CalendarChangeState.RUNNING]
# A change still waiting after this long was most likely never queued (the broker was down).
WAITING_TOO_LONG = timedelta(minutes=2)


class CalendarChange(models.Model):
    State = CalendarChangeState

    jurisdiction = models.CharField(
        _("jurisdiction"), max_length=2, choices=Jurisdiction.choices, default=Jurisdiction.HONG_KONG
    )
    # The cause as the timeline keeps it (``cases.timeline_messages``): a day added or removed, or
    # holidays synced; it also says what the change is to staff.
    because = models.JSONField(_("cause"), editable=False)
    # The days opened, closed or renamed, as ISO dates: what decides which clocks are looked at.
    days = models.JSONField(_("days"), default=list, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"))
    state = models.CharField(
        _("state"), max_length=10, choices=CalendarChangeState.choices, default=CalendarChangeState.QUEUED
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    looked_at = models.PositiveIntegerField(_("deadlines recomputed"), default=0)
    moved = models.PositiveIntegerField(_("deadlines moved"), default=0)
    moved_cases = models.ManyToManyField(Case, blank=True, related_name="+", verbose_name=_("cases moved"))
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("calendar change")
        verbose_name_plural = _("calendar changes")
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=CalendarChangeState.values),
                name="calendar_change_state_valid",
                violation_error_message=_("This is not a state a calendar change can be in."),
            ),
            models.CheckConstraint(
                condition=Q(jurisdiction__in=Jurisdiction.values),
                name="calendar_change_jurisdiction_valid",
                violation_error_message=_("Choose a jurisdiction from the list."),
            ),
            models.CheckConstraint(
                condition=Q(state=CalendarChangeState.QUEUED) | Q(started_at__isnull=False),
                name="calendar_change_started_has_start",
                violation_error_message=_("A change that has started records when."),
            ),
            models.CheckConstraint(
                condition=Q(state__in=UNFINISHED_STATES, finished_at__isnull=True)
                | (~Q(state__in=UNFINISHED_STATES) & Q(finished_at__isnull=False)),
                name="calendar_change_finished_has_end",
                violation_error_message=_("Only a finished change records when it finished."),
            ),
            models.CheckConstraint(
                condition=Q(state=CalendarChangeState.FAILED) | Q(error=""),
                name="calendar_change_error_only_when_failed",
                violation_error_message=_("Only a failed change has an error."),
            ),
            models.CheckConstraint(
                condition=Q(moved__lte=F("looked_at")),
                name="calendar_change_moved_among_looked_at",
                violation_error_message=_("A change cannot move more deadlines than it recomputed."),
            ),
        ]

    def __str__(self) -> str:
        return self.summary

    @property
    def summary(self) -> str:
        """What changed, in the reader's language: "Mon 16 Mar 2026 added as a black rainstorm
        warning day (Black rainstorm)"."""
        return capfirst(timeline_messages.cause(self.because))

    @property
    def calendars(self) -> list[str]:
        return calendars_of(self.jurisdiction)

    def can_start_again(self, now) -> bool:
        """A change that failed, or that has waited so long that it was most likely never queued."""
        waited_too_long = self.state == CalendarChangeState.QUEUED and self.requested_at < now - WAITING_TOO_LONG
        return self.state == CalendarChangeState.FAILED or waited_too_long

    @property
    def is_finished(self) -> bool:
        return self.state not in UNFINISHED_STATES
