"""Background work. Task names are a public contract: a task keeps its module and name once deployed.
The assignment notice, calendar changes, the holiday sync and the count of the officers' workloads
live here; letters and reminders in their own modules."""

import logging

from celery import shared_task
from django.contrib.auth import get_user_model

from cases.models import Case

logger = logging.getLogger(__name__)


# At most once: a courtesy e-mail sent twice is worse than one lost, so no acks_late here.
@shared_task(acks_late=False, autoretry_for=(ConnectionError, OSError), retry_backoff=True, max_retries=5)
def notify_case_assigned(case_id: int, officer_id: int) -> None:
    from cases import services

    case = Case.objects.filter(pk=case_id).first()
    officer = get_user_model().objects.filter(pk=officer_id).first()
    if case is None or officer is None:  # deleted since it was queued
        return
    services.notify_case_assigned(case, officer)


# At least once: moving deadlines twice is harmless (``apply_calendar_change`` locks the change and
# leaves one that is done alone), never moving them is not.
@shared_task(acks_late=True, autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def apply_calendar_change(change_id: int) -> None:
    from django.utils import timezone

    from cases import services

    services.apply_calendar_change(change_id, now=timezone.now())


def queue_calendar_change(change_id: int) -> None:
    """Queue ``apply_calendar_change`` after the day is on file; never raises. A broker that cannot
    take it is logged, and the change stays waiting to start, for staff to start again."""
    try:
        apply_calendar_change.delay(change_id)
    except Exception:
        logger.exception("Calendar change %s could not be queued; it waits to be started again.", change_id)


@shared_task(acks_late=True, autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def sync_holidays() -> None:
    """Keep the next years' general holidays on file; adding holidays twice is impossible."""
    from django.utils import timezone

    from cases import services

    this_year = timezone.localdate().year
    services.sync_holidays(years=range(this_year, this_year + 3), now=timezone.now())


# Every minute, with no retry: the next minute's count replaces a failed one.
@shared_task(acks_late=True)
def count_workloads() -> None:
    from django.utils import timezone

    from cases import services

    services.count_workloads(now=timezone.now())


# Registered with the worker through this package, which autodiscovery imports.
from cases.tasks import letters, reminders  # noqa: E402, F401
