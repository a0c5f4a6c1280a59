"""A case's timeline of events and its documents."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases import timeline_messages
from cases.models.base import (
    VisibleHistoricalQuerySet,
    label_of,
)
from cases.models.cases import Case, CaseRowQuerySet
from cases.models.workflow import CaseStatus


class CaseEventKind(models.TextChoices):
    RECEIVED = "received", _("Received")
    ASSIGNED = "assigned", _("Assigned")
    STATUS_CHANGED = "status_changed", _("Status changed")
    NOTE = "note", _("Note")
    LINKED = "linked", _("Linked to another case")
    DOCUMENT_ADDED = "document_added", _("Document added")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")
    CLOCK_STARTED = "clock_started", _("Clock started")
    CLOCK_PAUSED = "clock_paused", _("Clock paused")
    CLOCK_RESUMED = "clock_resumed", _("Clock resumed")
    CLOCK_EXTENDED = "clock_extended", _("Deadline extended")
    CLOCK_MET = "clock_met", _("Deadline met")
    CLOCK_STOPPED = "clock_stopped", _("Clock stopped")
    DEADLINE_MOVED = "deadline_moved", _("Deadline moved by the calendar")
    ENQUIRY_DRAFTED = "enquiry_drafted", _("Enquiry drafted")
    ENQUIRY_SENT = "enquiry_sent", _("Enquiry sent")
    REPLY_RECEIVED = "reply_received", _("Reply received")
    ENQUIRY_WITHDRAWN = "enquiry_withdrawn", _("Enquiry withdrawn")
    LETTER_SENT = "letter_sent", _("Letter sent")
    REMINDER_SENT = "reminder_sent", _("Reminder sent")


class CaseEvent(models.Model):
    """The append-only timeline of a case. Written by services only."""

    Kind = CaseEventKind

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events", verbose_name=_("case"))
    kind = models.CharField(_("event"), max_length=20, choices=CaseEventKind.choices)
    at = models.DateTimeField(_("when"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    from_status = models.CharField(_("from status"), max_length=24, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=24, choices=CaseStatus.choices, blank=True)
    # What the system wrote, as data (see cases.timeline_messages), read in the reader's language;
    # ``text`` is only ever what a person wrote: a note, a reason, a file's name.
    message = models.JSONField(_("message"), default=dict, blank=True, editable=False)
    text = models.TextField(_("details"), blank=True)
    # Kept apart from the text so that a reader who may not see the other case never sees
    # its reference either.
    related_case = models.ForeignKey(
        "Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("other case")
    )

    objects = CaseRowQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=CaseEventKind.values),
                name="case_event_kind_valid",
                violation_error_message=_("This is not a kind of timeline entry."),
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["status_changed", "closed", "reopened"])
                | (~Q(from_status="") & ~Q(to_status="")),
                name="case_event_status_change_has_statuses",
                violation_error_message=_("A status change records the status before and after."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="note") | ~Q(text=""),
                name="case_event_note_has_text",
                violation_error_message=_("A note cannot be empty."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="linked") | Q(related_case__isnull=False),
                name="case_event_link_names_the_case",
                violation_error_message=_("A link names the other case."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({timezone.localtime(self.at):%Y-%m-%d %H:%M})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("Case events are append-only.")
        super().save(*args, **kwargs)

    def get_kind_display(self) -> str:
        return label_of(CaseEventKind, self.kind)

    def get_from_status_display(self) -> str:
        return label_of(CaseStatus, self.from_status)

    def get_to_status_display(self) -> str:
        return label_of(CaseStatus, self.to_status)

    def describe(self) -> str:
        """What happened, in the reader's language, followed by what a person wrote about it.

        Entries from before messages were kept as data have only their text."""
        written = [timeline_messages.describe(self.message)] if self.message else []
        return "\n".join([*written, self.text] if self.text else written)


@deconstructible(path="cases.models.DocumentStorage")
class DocumentStorage(FileSystemStorage):
    """Private storage under ``settings.DOCUMENTS_ROOT``, read when used so tests can move it."""

    @property
    def base_location(self):
        return settings.DOCUMENTS_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise NotImplementedError("Case documents have no public URL; use the document-download view.")


document_storage = DocumentStorage()


def document_path(document: "Document", filename: str) -> str:
    return f"cases/{document.case_id}/{document.sha256[:2]}/{document.sha256}"


class Document(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents", verbose_name=_("case"))
    file = models.FileField(_("file"), storage=document_storage, upload_to=document_path, max_length=200)
    original_name = models.CharField(_("original file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    description = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))
    # The copy kept of a letter as it was sent, or a document that came with an enquiry's reply.
    letter = models.ForeignKey(
        "cases.Letter",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("letter"),
    )
    enquiry = models.ForeignKey(
        "cases.Enquiry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("reply to enquiry"),
    )
    history = HistoricalRecords(historical_queryset=VisibleHistoricalQuerySet)

    objects = CaseRowQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.CheckConstraint(
                condition=Q(size__gt=0), name="document_not_empty", violation_error_message=_("The file is empty.")
            ),
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"),
                name="document_sha256_hex",
                violation_error_message=_("A document's digest is 64 hexadecimal characters."),
            ),
        ]

    def __str__(self) -> str:
        return self.original_name
