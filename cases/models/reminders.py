"""Reminders: one row per message a deadline owes someone, created by the sweep, never twice."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models.clocks import DaysBeforeField
from cases.models.letters import DeliveryState
from cases.models.running_clocks import Clock


class ReminderKind(models.TextChoices):
    ORGANISATION_BEFORE_DUE = "organisation_before_due", _("Reminder to the organisation before the reply is due")
    ORGANISATION_CHASER = "organisation_chaser", _("Chaser to the organisation after the reply was due")
    OFFICER_BEFORE_DUE = "officer_before_due", _("Alert to the officer before the due date")
    OFFICER_OVERDUE = "officer_overdue", _("Alert to the officer that the due date has passed")
    LEAD_ESCALATION = "lead_escalation", _("Escalation to the team lead")


TO_ORGANISATION = [ReminderKind.ORGANISATION_BEFORE_DUE, ReminderKind.ORGANISATION_CHASER]
BEFORE_DUE = [ReminderKind.ORGANISATION_BEFORE_DUE, ReminderKind.OFFICER_BEFORE_DUE]


class ReminderPolicy(models.Model):
    """When reminders go out beyond a rule's own warning days, and the switch that holds every
    message to organisations. One row, edited by administrators."""

    organisation_days_before = DaysBeforeField(
        _("remind the organisation this many days before the reply is due"), default=list, blank=True
    )
    organisation_days_after = DaysBeforeField(
        _("chase the organisation this many days after the reply was due"), default=list, blank=True
    )
    escalate_after_days = models.PositiveSmallIntegerField(
        _("escalate to the team lead this many days after the due date"), default=3
    )
    organisations_paused = models.BooleanField(
        _("hold every message to organisations"),
        default=False,
        help_text=_("Staff alerts continue. When released, what is still due goes out once."),
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True, editable=False
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reminder policy")
        verbose_name_plural = _("reminder policy")
        constraints = [
            models.CheckConstraint(
                condition=Q(pk=1), name="reminder_policy_single_row", violation_error_message=_("There is one policy.")
            ),
            models.CheckConstraint(
                condition=Q(escalate_after_days__gte=1),
                name="reminder_policy_escalation_after_a_day",
                violation_error_message=_("Escalate at least one day after the due date."),
            ),
        ]

    def __str__(self) -> str:
        return str(_("Reminder policy"))

    @classmethod
    def current(cls) -> "ReminderPolicy":
        policy, _created = cls.objects.get_or_create(
            pk=1, defaults={"organisation_days_before": [3], "organisation_days_after": [1, 7, 14]}
        )
        return policy

    @classmethod
    def locked(cls) -> "ReminderPolicy":
        """The policy, locked until the transaction ends: sweeps take turns, and a change to the
        policy waits for the sweep that runs."""
        cls.current()
        return cls.objects.select_for_update().get(pk=1)


class ReminderQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ReminderQuerySet":
        return self.filter(clock__in=Clock.objects.visible_to(user))

    def pending(self) -> "ReminderQuerySet":
        return self.filter(state=DeliveryState.PENDING)

    def to_organisations(self) -> "ReminderQuerySet":
        return self.filter(kind__in=TO_ORGANISATION)


class Reminder(models.Model):
    """One message a clock owes someone for one due moment: created once (the unique constraint),
    then its delivery record. ``offset_days`` places it: days before the due moment, or after it
    when negative."""

    Kind = ReminderKind
    State = DeliveryState

    clock = models.ForeignKey(Clock, on_delete=models.PROTECT, related_name="reminders", verbose_name=_("clock"))
    kind = models.CharField(_("kind"), max_length=30, choices=ReminderKind.choices)
    deadline = models.DateTimeField(_("for the due moment"))
    offset_days = models.SmallIntegerField(_("days before the due moment"))
    state = models.CharField(_("state"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    created_at = models.DateTimeField(_("created"))
    queued_at = models.DateTimeField(_("last queued"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_to = models.TextField(_("sent to"), blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=250, blank=True)
    # An organisation's chasers go out as one e-mail listing all its late replies: the others
    # point at the reminder that carried it.
    sent_with = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="carried", verbose_name=_("sent with")
    )

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["-deadline", "offset_days", "pk"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["clock", "kind", "deadline", "offset_days"],
                name="reminder_once_per_clock_kind_and_moment",
                violation_error_message=_("This reminder already exists."),
            ),
            # The alert and the escalation are for the due moment, whatever the policy's offset
            # was when they were made: a changed ``escalate_after_days`` escalates nothing again.
            models.UniqueConstraint(
                fields=["clock", "kind", "deadline"],
                condition=Q(kind__in=[ReminderKind.OFFICER_OVERDUE, ReminderKind.LEAD_ESCALATION]),
                name="reminder_one_alert_and_escalation_per_deadline",
                violation_error_message=_("This clock already has this alert or escalation for its due moment."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ReminderKind.values),
                name="reminder_kind_valid",
                violation_error_message=_("This is not a kind of reminder."),
            ),
            models.CheckConstraint(
                condition=Q(state__in=DeliveryState.values),
                name="reminder_state_valid",
                violation_error_message=_("This is not a delivery state."),
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=BEFORE_DUE) | Q(offset_days__gte=1),
                name="reminder_before_due_is_before",
                violation_error_message=_("A reminder before the due date comes at least a day before it."),
            ),
            models.CheckConstraint(
                condition=(
                    ~Q(kind__in=[ReminderKind.ORGANISATION_CHASER, ReminderKind.LEAD_ESCALATION])
                    | Q(offset_days__lte=-1)
                )
                & (~Q(kind=ReminderKind.OFFICER_OVERDUE) | Q(offset_days__lte=0)),
                name="reminder_after_due_is_after",
                violation_error_message=_("A chaser or an escalation comes after the due date."),
            ),
            models.CheckConstraint(
                condition=Q(state=DeliveryState.SENT, sent_at__isnull=False)
                | ~Q(state=DeliveryState.SENT) & Q(sent_at__isnull=True),
                name="reminder_sent_has_time",
                violation_error_message=_("A sent reminder records when, and only a sent one does."),
            ),
        ]
        indexes = [
            models.Index(fields=["queued_at"], condition=Q(state="pending"), name="reminder_pending"),
            models.Index(fields=["state", "kind"], name="reminder_state_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.send_after:%Y-%m-%d})"

    @property
    def send_after(self):
        """When it falls due: ``offset_days`` before the due moment it was made for."""
        return self.deadline - timedelta(days=self.offset_days)

    @property
    def to_organisation(self) -> bool:
        return self.kind in TO_ORGANISATION


class Digest(models.Model):
    """The daily digest an officer was sent: one per officer and day, whatever the scheduler does."""

    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["officer", "day"],
                name="digest_once_per_officer_and_day",
                violation_error_message=_("This officer's digest for this day was already sent."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.officer} {self.day:%Y-%m-%d}"
