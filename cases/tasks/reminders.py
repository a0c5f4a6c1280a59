"""Reminders: the sweep that finds what is due, the delivery of each reminder, the daily digest.

Nothing is scheduled weeks ahead: the deadlines are in the database, and the sweep runs every
15 minutes (``CELERY_BEAT_SCHEDULE``) to see what has fallen due."""

from smtplib import SMTPException

from celery import current_app, shared_task
from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings
from django.db import OperationalError
from django.utils import timezone

# Failures that may pass: the mail server or the database did not answer, or refused for now.
TRANSIENT_ERRORS = (SMTPException, OSError, OperationalError)
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


def publish(task, arguments: list[tuple]) -> None:
    """Publish one message of ``task`` per tuple of arguments, through one broker connection."""
    # One producer, so one connection, and its publications pipelined where the broker can
    # (Redis): a message at a time would cost a round trip each.
    with current_app.producer_or_acquire() as producer, producer.batch():
        for task_arguments in arguments:
            # Celery's own repr of a list of 500 ids takes longer than publishing it.
            task.apply_async(task_arguments, producer=producer, argsrepr=repr(task_arguments), kwargsrepr="{}")


def _publish(task, arguments: list[tuple], *, reminder_ids: list[int]) -> None:
    try:
        publish(task, arguments)
    except Exception:
        from cases.services import reminders

        # Which of them reached the broker is unknown: the next sweep queues them all again, and
        # delivering one twice sends it once.
        reminders.unqueue_reminders(reminder_ids)
        raise


@shared_task(bind=True, acks_late=True, max_retries=settings.DELIVERY_MAX_RETRIES)
def deliver_reminder(self, reminder_id: int) -> None:
    """Send one reminder, if it is still owed; idempotent, so a redelivered message sends nothing twice.

    A failure that may pass is tried again with growing waits; after the last try, or at once for
    any other failure, the reminder is marked failed for staff to see and send again."""
    from cases.services import reminders

    try:
        reminders.deliver_reminder(reminder_id, now=timezone.now())
    except TRANSIENT_ERRORS as error:
        if self.request.retries < self.max_retries:
            wait = get_exponential_backoff_interval(
                factor=30, retries=self.request.retries, maximum=settings.DELIVERY_RETRY_BACKOFF_MAX, full_jitter=True
            )
            raise self.retry(exc=error, countdown=wait) from error
        reminders.mark_reminder_failed(reminder_id, error)
        raise
    except Exception as error:
        reminders.mark_reminder_failed(reminder_id, error)
        raise


@shared_task(acks_late=True, autoretry_for=TRANSIENT_ERRORS, retry_backoff=30, max_retries=5)
def send_digests() -> None:
    """E-mail each officer's daily digest; an officer who already had today's gets nothing more."""
    from cases.services import reminders

    reminders.send_digests(now=timezone.now())
