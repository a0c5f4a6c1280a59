"""The versions the public reads: what was published, immutable once made."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from guidance.models.base import SOURCE_LANGUAGE, Language


class Version(models.Model):
    """What was published: the texts as they were, rendered once, and the attachments that went with
    them. Never changed after it is made."""

    publication = models.ForeignKey("guidance.Publication", on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    published_at = models.DateTimeField(_("published"), db_index=True)
    change_note = models.TextField(_("what changed"), blank=True)
    change_note_zh_hant = models.TextField(_("what changed, in Traditional Chinese"), blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("published by")
    )
    created_at = models.DateTimeField(_("approved"))
    attachments = models.ManyToManyField(
        "guidance.Attachment", blank=True, related_name="versions", verbose_name=_("attachments")
    )

    class Meta:
        ordering = ["publication", "-number"]
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "number"],
                name="version_number_unique",
                violation_error_message=_("The publication already has a version of this number."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="version_number_positive",
                violation_error_message=_("Versions are numbered from 1."),
            ),
            models.CheckConstraint(
                condition=~Q(change_note="") | ~Q(change_note_zh_hant=""),
                name="version_has_change_note",
                violation_error_message=_("Say what changed in this version."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.publication.slug} v{self.number}"

    @property
    def change_notes(self) -> dict[str, str]:
        return {"en": self.change_note, "zh-hant": self.change_note_zh_hant}

    def text_in(self, language: str) -> "VersionText | None":
        """This version's text in ``language``, else in the other language (from prefetched ``texts``)."""
        texts = {text.language: text for text in self.texts.all()}
        return texts.get(language) or next(iter(texts.values()), None)


class VersionText(models.Model):
    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="texts")
    language = models.CharField(_("language"), max_length=10, choices=Language.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    body = models.TextField(_("body (Markdown)"))
    body_html = models.TextField(_("body as published"))
    # [[level, anchor, heading], …] for the table of contents.
    headings = models.JSONField(default=list, blank=True)
    out_of_date = models.BooleanField(
        _("translation out of date"),
        default=False,
        help_text=_("Made from an older English text than this version's."),
    )

    class Meta:
        ordering = ["version", "language"]
        verbose_name = _("version text")
        verbose_name_plural = _("version texts")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "language"],
                name="version_text_one_per_language",
                violation_error_message=_("The version already has a text in this language."),
            ),
            models.CheckConstraint(
                condition=Q(language__in=Language.values),
                name="version_text_language_valid",
                violation_error_message=_("Choose English or Traditional Chinese."),
            ),
            models.CheckConstraint(
                condition=Q(out_of_date=False) | ~Q(language=SOURCE_LANGUAGE),
                name="version_text_source_is_current",
                violation_error_message=_("The English text cannot be out of date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} ({self.language})"
