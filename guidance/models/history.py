"""A publication's history: one entry per step of its workflow."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from guidance.models.base import Language
from guidance.models.publications import Publication
from guidance.models.versions import Version


class EventKind(models.TextChoices):
    CREATED = "created", _("Created")
    EDITED = "edited", _("Edited")
    DETAILS_CHANGED = "details_changed", _("Kind, topics or related publications changed")
    FILE_ATTACHED = "file_attached", _("File attached")
    TRANSLATION_APPROVED = "translation_approved", _("Translation approved as up to date")
    SUBMITTED = "submitted", _("Submitted for review")
    RETURNED = "returned", _("Returned to the author")
    PUBLISHED = "published", _("Published")
    SCHEDULED = "scheduled", _("Scheduled")
    ARCHIVED = "archived", _("Archived")
    SUPERSEDED = "superseded", _("Superseded")


class Event(models.Model):
    """One step of a publication's workflow, for its history."""

    Kind = EventKind

    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("what happened"), max_length=30, choices=Kind.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("when"))
    version = models.ForeignKey(Version, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # The text a change was to, for an edit or a translation approved; stored as a code so that the
    # history names it in the reader's language.
    language = models.CharField(_("language"), max_length=10, choices=Language.choices, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["publication", "-at", "-pk"]
        verbose_name = _("history entry")
        verbose_name_plural = _("history")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=EventKind.values),
                name="guidance_event_kind_valid",
                violation_error_message=_("Choose one of the kinds of history entry."),
            ),
            models.CheckConstraint(
                condition=Q(language__in=[*Language.values, ""]),
                name="guidance_event_language_valid",
                violation_error_message=_("Choose English or Traditional Chinese."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.publication.slug}: {self.get_kind_display()}"
