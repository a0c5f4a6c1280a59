"""The PDFs and pictures attached to a publication, and where they are kept."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from guidance.models.base import FILE_NAME_FORM, in_language
from guidance.models.publications import Publication


@deconstructible(path="guidance.models.FileStorage")
class FileStorage(FileSystemStorage):
    """Files under ``settings.GUIDANCE_FILES_ROOT``, read when used so tests can move it; served only
    through the view that checks the publication is out."""

    @property
    def base_location(self):
        return settings.GUIDANCE_FILES_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)


class AttachmentKind(models.TextChoices):
    DOCUMENT = "document", _("Document (PDF)")
    IMAGE = "image", _("Picture (PNG or JPEG)")


class Attachment(models.Model):
    """A PDF readers download, or a picture the body shows, by its file name."""

    Kind = AttachmentKind

    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, editable=False)
    name = models.CharField(
        _("file name"),
        max_length=120,
        validators=[
            RegexValidator(
                FILE_NAME_FORM,
                _("Use English letters, digits, dots, hyphens and underscores, starting with a letter or digit."),
            )
        ],
        help_text=_("How the body refers to a picture, and the name a download gets."),
    )
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    title_zh_hant = models.CharField(_("title in Traditional Chinese"), max_length=200, blank=True)
    file = models.FileField(_("file"), upload_to="%Y/%m/", storage=FileStorage(), max_length=200)
    content_type = models.CharField(max_length=50, editable=False)
    size = models.PositiveIntegerField(_("size in bytes"), editable=False)
    added_at = models.DateTimeField(_("added"), editable=False)

    class Meta:
        ordering = ["publication", "name"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "name"],
                name="attachment_name_unique_in_publication",
                violation_error_message=_("The publication already has a file of this name."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=AttachmentKind.values),
                name="attachment_kind_valid",
                violation_error_message=_("A file is a PDF document or a picture."),
            ),
            models.CheckConstraint(
                condition=Q(name__regex=FILE_NAME_FORM),
                name="attachment_name_form",
                violation_error_message=_(
                    "Use English letters, digits, dots, hyphens and underscores, starting with a letter or digit."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def title(self) -> str:
        return in_language({"en": self.title_en, "zh-hant": self.title_zh_hant}) or self.name
