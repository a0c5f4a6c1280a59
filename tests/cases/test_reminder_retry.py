"""A failed reminder sent again by a team lead or an administrator, and the worker settings that
make every delivery happen once."""

import pytest
from celery.schedules import crontab
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cases.models import DeliveryState, Reminder
from cases.services.reminders import retry_reminder
from cases.tasks import reminders as tasks
from dpa.celery import app as celery_app
from tests.helpers.reminders import overdue_alert

pytestmark = pytest.mark.django_db


def failed_alert(officer, *, now) -> Reminder:
    """The officer's overdue alert, given up on after its last try."""
    failed = overdue_alert(officer, now=now)
    Reminder.objects.filter(pk=failed.pk).update(
        state=DeliveryState.FAILED, attempts=6, last_error="SMTPServerDisconnected: Connection unexpectedly closed"
    )
    return failed


def test_a_failed_reminder_sent_again_goes_out_once_committed(
    lead, officer, mailoutbox, tasks_run_in_process, django_capture_on_commit_callbacks
):
    now = timezone.now()  # the delivery task reads the real clock
    failed = failed_alert(officer, now=now)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        retried = retry_reminder(failed, by=lead, now=now)
        assert (retried.state, retried.queued_at, mailoutbox) == (DeliveryState.PENDING, now, [])

    assert len(callbacks) == 1
    sent = Reminder.objects.get(pk=failed.pk)
    assert (sent.state, sent.attempts, sent.sent_to) == (DeliveryState.SENT, 7, officer.email)
    assert [message.to for message in mailoutbox] == [[officer.email]]


def test_only_a_failed_reminder_can_be_sent_again(lead, officer):
    now = timezone.now()
    failed = failed_alert(officer, now=now)
    Reminder.objects.filter(pk=failed.pk).update(state=DeliveryState.PENDING)

    with pytest.raises(ValidationError, match=r"Only a reminder that failed can be sent again\."):
        retry_reminder(failed, by=lead, now=now)


def test_an_officer_cannot_send_a_reminder_again(officer):
    now = timezone.now()
    failed = failed_alert(officer, now=now)

    with pytest.raises(PermissionDenied):
        retry_reminder(failed, by=officer, now=now)

    assert Reminder.objects.get(pk=failed.pk).state == DeliveryState.FAILED


def test_the_workers_take_one_task_at_a_time_and_acknowledge_deliveries_once_done(settings):
    assert (celery_app.conf.worker_prefetch_multiplier, celery_app.conf.task_reject_on_worker_lost) == (1, True)
    assert tasks.deliver_reminder.acks_late and tasks.send_digests.acks_late and tasks.queue_deliveries.acks_late
    assert tasks.deliver_reminder.max_retries == settings.DELIVERY_MAX_RETRIES
    # Redis hands an unacknowledged message out again after the visibility timeout: never while a
    # task is still running or waiting to be tried again.
    longest = settings.CELERY_TASK_TIME_LIMIT + settings.DELIVERY_RETRY_BACKOFF_MAX
    assert longest < settings.BROKER_VISIBILITY_TIMEOUT


def test_the_sweep_runs_every_quarter_of_an_hour_and_the_digest_every_morning():
    schedule = celery_app.conf.beat_schedule
    assert schedule["sweep-reminders"] == {
        "task": "cases.tasks.reminders.sweep_reminders",
        "schedule": crontab(minute="*/15"),
    }
    assert schedule["send-digests"] == {
        "task": "cases.tasks.reminders.send_digests",
        "schedule": crontab(minute=0, hour=8),
    }
    assert {"cases.tasks.reminders.sweep_reminders", "cases.tasks.reminders.send_digests"} <= set(celery_app.tasks)
