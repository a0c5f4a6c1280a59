"""Letters: the e-mail of a letter, delivered once."""

from smtplib import SMTPException

from celery import shared_task
from celery.contrib.django.task import DjangoTask
from django.conf import settings
from django.utils import timezone


class LetterDelivery(DjangoTask):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """Out of tries, or failed in a way no retry mends: staff see the letter as failed."""
        from cases.services import letters

        letters.mark_letter_failed(args[0] if args else kwargs["letter_id"], exc)


# Idempotent (the service sends only a pending letter, under a row lock), so acks_late is safe: a
# worker lost mid-delivery hands the task to another, which finds the letter sent or sends it.
@shared_task(
    base=LetterDelivery,
    acks_late=True,
    autoretry_for=(SMTPException, ConnectionError, OSError),
    retry_backoff=True,
    retry_backoff_max=settings.DELIVERY_RETRY_BACKOFF_MAX,
    max_retries=settings.DELIVERY_MAX_RETRIES,
)
def deliver_letter(letter_id: int) -> None:
    from cases.services import letters

    letters.deliver_letter(letter_id, now=timezone.now())
