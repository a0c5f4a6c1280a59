"""What the delivery tasks of letters and reminders share: the failures worth another try, one
broker connection for many messages, and a task that marks its row failed when it gives up."""

from smtplib import SMTPException

from celery import current_app
from celery.contrib.django.task import DjangoTask
from django.db import OperationalError

# Failures that may pass: the mail server or the database did not answer, or refused for now.
TRANSIENT_ERRORS = (SMTPException, OSError, OperationalError)


def publish(task, arguments: list[tuple]) -> None:
    """Publish one message of ``task`` per tuple of arguments, through one broker connection."""
    # One producer, so one connection, and its publications pipelined where the broker can
    # (Redis): a message at a time would cost a round trip each.
    with current_app.producer_or_acquire() as producer, producer.batch():
        for task_arguments in arguments:
            # Celery's own repr of a list of 500 ids takes longer than publishing it.
            task.apply_async(task_arguments, producer=producer, argsrepr=repr(task_arguments), kwargsrepr="{}")


class Delivery(DjangoTask):
    """A delivery task, declared with ``autoretry_for=TRANSIENT_ERRORS`` and growing waits: out of
    tries, or failed in a way no retry mends, it marks its row failed for staff to see and send
    again. A subclass names the service that does it (``mark_failed``)."""

    def mark_failed(self, row_id: int, error: BaseException) -> None:
        raise NotImplementedError

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        self.mark_failed(args[0] if args else next(iter(kwargs.values())), exc)
