"""Redis goes away: a sweep that cannot queue its reminders leaves them to the next sweep, and
reminders whose messages were lost with Redis are queued again; none is lost and none sent twice.

The reply-by date passed long ago (the worker reads the real clock); each sweep is given its moment."""

import pytest
from django.conf import settings
from django.db import transaction
from kombu.exceptions import OperationalError

from cases.models import DeliveryState, Reminder, ReminderKind
from cases.services.reminders import sweep_reminders
from tests.helpers.reminders import HOUR, NEXT_SWEEP
from tests.helpers.worker_process import delivered

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_reminders_a_sweep_could_not_queue_are_queued_by_the_next_and_sent_once(
    officer, due, start_worker, broker, mail_server
):
    start_worker()

    # Redis goes away once the sweep has committed its reminders, before it queues them.
    with pytest.raises(OperationalError), transaction.atomic():
        transaction.on_commit(broker.stop)
        sweep_reminders(now=due + HOUR)

    overdue = Reminder.objects.get()
    assert (overdue.kind, overdue.state, overdue.queued_at) == (
        ReminderKind.OFFICER_OVERDUE,
        DeliveryState.PENDING,
        None,
    )
    broker.start()

    report = sweep_reminders(now=due + HOUR + NEXT_SWEEP)

    assert (report.created, [queued.pk for queued in report.queued]) == (0, [overdue.pk])
    overdue = delivered(Reminder, overdue.pk)
    assert (overdue.state, overdue.attempts) == (DeliveryState.SENT, 1)
    assert sweep_reminders(now=due + HOUR + 2 * NEXT_SWEEP).queued == []
    assert broker.drained()
    assert [(message["Message-ID"], message["To"]) for message in mail_server.messages] == [
        (overdue.message_id, officer.email)
    ]


def test_reminders_lost_with_redis_are_queued_again_once_overdue_for_delivery_and_sent_once(
    officer, due, start_worker, broker, mail_server
):
    swept_at = due + HOUR
    first = sweep_reminders(now=swept_at)
    overdue = Reminder.objects.get()
    assert [queued.pk for queued in first.queued] == [overdue.pk]
    assert broker.waiting_messages() == 1

    # Restarted with nothing kept on disk, Redis has lost the message before any worker took it.
    broker.stop()
    broker.start()
    assert broker.waiting_messages() == 0
    start_worker()

    # Queued recently, the reminder is left to the task the sweep believes queued...
    assert sweep_reminders(now=swept_at + NEXT_SWEEP).queued == []
    overdue.refresh_from_db()
    assert (overdue.state, overdue.queued_at) == (DeliveryState.PENDING, swept_at)
    # ...until it has waited too long for it: then the sweep queues it again.
    again = sweep_reminders(now=swept_at + settings.REMINDER_REQUEUE_AFTER)

    assert [queued.pk for queued in again.queued] == [overdue.pk]
    overdue = delivered(Reminder, overdue.pk)
    assert (overdue.state, overdue.attempts) == (DeliveryState.SENT, 1)
    assert sweep_reminders(now=swept_at + settings.REMINDER_REQUEUE_AFTER + NEXT_SWEEP).queued == []
    assert broker.drained()
    assert [(message["Message-ID"], message["To"]) for message in mail_server.messages] == [
        (overdue.message_id, officer.email)
    ]
