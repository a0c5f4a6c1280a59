"""What letters and reminders share on their way out: the Message-ID an e-mail carries, the text
kept of a failure, forgetting that rows were queued, and sending a failed one again."""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import make_msgid
from django.db import models

from cases import permissions
from cases.models import DeliveryState

# Ids per query when a whole sweep's ids are written back (SQLite takes a few thousand at most).
IDS_PER_QUERY = 500


def message_id() -> str:
    """A new Message-ID in the authority's domain: a reply's In-Reply-To finds what it answers."""
    return make_msgid(domain=settings.LETTERS_MESSAGE_ID_DOMAIN)


def failure_text(error: BaseException | str) -> str:
    """A failure to send as staff read it beside the letter or reminder."""
    return error if isinstance(error, str) else f"{type(error).__name__}: {error}"


def unqueue(model: type[models.Model], ids: list[int]) -> None:
    """Forget that these pending rows were queued, so that the next sweep queues them again."""
    for start in range(0, len(ids), IDS_PER_QUERY):
        model.objects.filter(pk__in=ids[start : start + IDS_PER_QUERY], state=DeliveryState.PENDING).update(
            queued_at=None
        )


def reopened(visible: models.QuerySet, pk: int, *, by, now: datetime, refusals: dict[str, str]) -> models.Model:
    """A failed letter or reminder, locked and pending again, queued as of ``now``: the caller saves
    it and queues it after commit. ``refusals`` word "not allowed", "not visible" and "not failed"."""
    if not permissions.can_retry_delivery(by):
        raise PermissionDenied(refusals["not allowed"])
    row = visible.select_for_update().filter(pk=pk).first()
    if row is None:
        raise PermissionDenied(refusals["not visible"])
    if row.state != DeliveryState.FAILED:
        raise ValidationError(refusals["not failed"])
    row.state, row.queued_at = DeliveryState.PENDING, now
    return row
