"""Reminders: the sweep that finds what is due, the delivery of each reminder, the daily digest.

Nothing is scheduled weeks ahead: the deadlines are in the database, and the sweep runs every
15 minutes (``CELERY_BEAT_SCHEDULE``) to see what has fallen due."""

from celery import shared_task
from django.conf import settings
from django.db import OperationalError
from django.utils import timezone

from cases.tasks.delivery import TRANSIENT_ERRORS, Delivery, publish

# Reminders per message the sweep publishes; the worker that takes one publishes their deliveries.
FAN_OUT = 500


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def sweep_reminders() -> None:
    """Create the reminders that have fallen due and queue their delivery; running it twice, or two
    at once, changes nothing more than running it once."""
    from cases.services import reminders

    reminders.sweep_reminders(now=timezone.now())


def enqueue_deliveries(reminder_ids: list[int]) -> None:
    """Queue one ``deliver_reminder`` per id, through one broker connection.

    The ids travel in messages of ``FAN_OUT`` (``queue_deliveries``), so that a sweep with a
    hundred thousand due reminders publishes a few hundred messages and the workers publish the
    deliveries between them."""
    chunks = [reminder_ids[start : start + FAN_OUT] for start in range(0, len(reminder_ids), FAN_OUT)]
    _publish(queue_deliveries, [(chunk,) for chunk in chunks], reminder_ids=reminder_ids)


@shared_task(acks_late=True)
def queue_deliveries(reminder_ids: list[int]) -> None:
    """Queue one ``deliver_reminder`` per id, through one broker connection."""
    _publish(deliver_reminder, [(pk,) for pk in reminder_ids], reminder_ids=reminder_ids)


def _publish(task, arguments: list[tuple], *, reminder_ids: list[int]) -> None:
    try:
        publish(task, arguments)
    except Exception:
        from cases.services import reminders

        # Which of them reached the broker is unknown: the next sweep queues them all again, and
        # delivering one twice sends it once.
        reminders.unqueue_reminders(reminder_ids)
        raise


class ReminderDelivery(Delivery):
    def mark_failed(self, row_id: int, error: BaseException) -> None:
        from cases.services import reminders

        reminders.mark_reminder_failed(row_id, error)


# Idempotent (the service sends a reminder only while it is pending and still owed, under a row
# lock), so acks_late is safe; the waits grow from 30 seconds as a letter's do.
@shared_task(
    base=ReminderDelivery,
    acks_late=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=30,
    retry_backoff_max=settings.DELIVERY_RETRY_BACKOFF_MAX,
    max_retries=settings.DELIVERY_MAX_RETRIES,
)
def deliver_reminder(reminder_id: int) -> None:
    """Send one reminder, if it is still owed; a redelivered message sends nothing twice."""
    from cases.services import reminders

    reminders.deliver_reminder(reminder_id, now=timezone.now())


@shared_task(acks_late=True, autoretry_for=TRANSIENT_ERRORS, retry_backoff=30, max_retries=5)
def send_digests() -> None:
    """E-mail each officer's daily digest; an officer who already had today's gets nothing more."""
    from cases.services import reminders

    reminders.send_digests(now=timezone.now())
