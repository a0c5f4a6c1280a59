"""Enquiries awaiting a reply, clocks due at a chosen moment and reminder rows, written directly: the
reminder tests are about what falls due, not about how an enquiry is sent."""

from datetime import datetime, timedelta

from kombu.exceptions import OperationalError

from cases.models import Clock, DeliveryState, Enquiry, Reminder, ReminderKind
from cases.services.reminders import SweepReport, deliver_reminder, sweep_reminders
from tests.helpers.clocks import running_clock
from tests.helpers.factories import CaseFactory, EnquiryFactory, OrganisationFactory
from tests.helpers.moments import NOW

# The hk-enquiry-reply rule warns the officer 3 days and 1 day before; the policy reminds the
# organisation 3 days before and chases it 1, 7 and 14 days after; the lead hears 3 days after.
DAY = timedelta(days=1)
HOUR = timedelta(hours=1)
SECOND = timedelta(seconds=1)
# The time between two sweeps (CELERY_BEAT_SCHEDULE).
NEXT_SWEEP = timedelta(minutes=15)

PENDING, SENT, CANCELLED = DeliveryState.PENDING, DeliveryState.SENT, DeliveryState.CANCELLED
OFFICER_BEFORE, OFFICER_OVERDUE = ReminderKind.OFFICER_BEFORE_DUE, ReminderKind.OFFICER_OVERDUE
ORGANISATION_BEFORE, CHASER = ReminderKind.ORGANISATION_BEFORE_DUE, ReminderKind.ORGANISATION_CHASER
ESCALATION = ReminderKind.LEAD_ESCALATION


def mark_sent(enquiry: Enquiry, *, sent_at: datetime, due_at: datetime, started_at: datetime | None = None) -> Enquiry:
    """The draft as if sent at ``sent_at``, its running reply-by clock (started at ``started_at``, by
    default ``sent_at``) due at ``due_at``, written directly and read back."""
    Enquiry.objects.filter(pk=enquiry.pk).update(status=Enquiry.Status.SENT, sent_at=sent_at)
    Clock.objects.create(enquiry=enquiry, rule=enquiry.rule, started_at=started_at or sent_at, due_at=due_at)
    enquiry.refresh_from_db()
    return enquiry


def sent_enquiry(
    *, officer, due_at: datetime, organisation=None, recipients: str = "dpo@organisation.example", **fields
) -> Enquiry:
    """An enquiry awaiting a reply, sent 14 days before ``due_at`` about a new case of ``officer``'s,
    with its running reply-by clock due at ``due_at``."""
    sent_at = due_at - 14 * DAY
    enquiry = EnquiryFactory(
        organisation=organisation or OrganisationFactory(),
        officer=officer,
        recipients=recipients,
        questions="When did the change take effect?",
        drafted_at=sent_at - DAY,
        **fields,
    )
    return mark_sent(enquiry, sent_at=sent_at, due_at=due_at)


def reminder(
    clock: Clock,
    kind: str,
    *,
    offset_days: int,
    deadline: datetime | None = None,
    state: str = PENDING,
    created_at: datetime = NOW,
    **fields,
) -> Reminder:
    """A reminder row as the sweep would have made it, for the clock's due moment unless ``deadline``
    says otherwise; a sent one was sent at NOW."""
    fields.setdefault("sent_at", NOW if state == SENT else None)
    return Reminder.objects.create(
        clock=clock,
        kind=kind,
        deadline=deadline or clock.due_at,
        offset_days=offset_days,
        state=state,
        created_at=created_at,
        **fields,
    )


def overdue_clock(officer, *, now: datetime = NOW, **case_fields) -> Clock:
    """A clock on a new case of ``officer``'s that passed its due moment a second before ``now``: GDPR
    Art. 33 has no warning days, so the officer's overdue alert is all a sweep then owes it."""
    case = CaseFactory(assigned_officer=officer, **case_fields)
    return running_clock(case, due_at=now - SECOND, rule_code="gdpr-art33")


def overdue_alert(officer, *, now: datetime = NOW, **case_fields) -> Reminder:
    """The officer's alert, made by a sweep at ``now``, that a clock on their case has just passed its
    due moment."""
    clock = overdue_clock(officer, now=now, **case_fields)
    sweep_reminders(now=now)
    return Reminder.objects.get(clock=clock, kind=OFFICER_OVERDUE)


def move_due(clock: Clock, due_at: datetime) -> Clock:
    """The clock's due moment moved, as an extension or a new weather day moves it."""
    Clock.objects.filter(pk=clock.pk).update(due_at=due_at)
    clock.refresh_from_db()
    return clock


def answer(enquiry: Enquiry, *, at: datetime) -> None:
    """The reply came: the enquiry is answered and its clock met (written directly)."""
    Enquiry.objects.filter(pk=enquiry.pk).update(
        status=Enquiry.Status.ANSWERED, replied_on=at.date(), reply_summary="Answered every question."
    )
    Clock.objects.filter(enquiry=enquiry).update(state=Clock.State.MET, met_at=at)


def sweep_and_deliver(*, now: datetime) -> SweepReport:
    """A sweep, and the delivery of what it queued at the same moment, as prompt workers would.

    The tasks read the real clock; this keeps the whole of a test at the moments it names."""
    report = sweep_reminders(now=now)
    for queued in report.queued:
        deliver_reminder(queued.pk, now=now)
    return report


def rows(**filters) -> list[tuple]:
    """The reminders as (kind, offset_days, state), in a stable order."""
    found = Reminder.objects.filter(**filters).order_by("clock", "kind", "deadline", "-offset_days")
    return list(found.values_list("kind", "offset_days", "state"))


def broker_refuses(monkeypatch, task) -> None:
    """The broker is down for ``task``: sending it raises what kombu raises when Redis is gone."""

    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(task, "apply_async", refuse)
