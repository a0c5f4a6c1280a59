"""Letters: the e-mail of a letter, delivered once."""

import logging

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from cases.tasks.delivery import TRANSIENT_ERRORS, Delivery, publish

logger = logging.getLogger(__name__)


class LetterDelivery(Delivery):
    def mark_failed(self, row_id: int, error: BaseException) -> None:
        from cases.services import letters

        letters.mark_letter_failed(row_id, error)


# Idempotent (the service sends only a pending letter, under a row lock), so acks_late is safe: a
# worker lost mid-delivery hands the task to another, which finds the letter sent or sends it.
# The waits grow from 30 seconds, so a mail server down for minutes loses nothing.
@shared_task(
    base=LetterDelivery,
    acks_late=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=30,
    retry_backoff_max=settings.DELIVERY_RETRY_BACKOFF_MAX,
    max_retries=settings.DELIVERY_MAX_RETRIES,
)
def deliver_letter(letter_id: int) -> None:
    from cases.services import letters

    letters.deliver_letter(letter_id, now=timezone.now())


def queue_letters(letter_ids: list[int]) -> None:
    """Queue one ``deliver_letter`` per id, through one broker connection; never raises.

    Called after commit, when the letters are already kept: a broker that cannot take them is
    logged, and the letters marked as not queued, for the next sweep to queue them again."""
    from cases.services import letters

    try:
        publish(deliver_letter, [(pk,) for pk in letter_ids])
    except Exception:
        logger.exception("Letters %s could not be queued; the next sweep queues them again.", letter_ids)
        try:
            letters.unqueue_letters(letter_ids)
        except Exception:
            # Still marked as queued: the sweep queues them again once REMINDER_REQUEUE_AFTER has passed.
            logger.exception("Letters %s could not be marked as not queued.", letter_ids)
