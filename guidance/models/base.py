"""What every guidance model shares: the languages, kinds and states, the forms of addresses and
file names, and topics."""

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

SLUG_FORM = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# Addresses under /<language>/guidance/ that are pages of their own, not publications.
RESERVED_SLUGS = ["feed", "preview"]
FILE_NAME_FORM = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"

# The language every translation is made from.
SOURCE_LANGUAGE = "en"


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    TRADITIONAL_CHINESE = "zh-hant", _("Traditional Chinese")


class Kind(models.TextChoices):
    GUIDANCE_NOTE = "guidance_note", _("Guidance note")
    FRAMEWORK = "framework", _("Framework")
    LEAFLET = "leaflet", _("Leaflet")
    HOW_TO = "how_to", _("How-to steps")
    MEDIA_STATEMENT = "media_statement", _("Media statement")


class Status(models.TextChoices):
    """Where the editors' copy stands; what the public sees is the versions'."""

    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")


def in_language(values: dict[str, str], language: str | None = None) -> str:
    """The value for the page's language, else the other one: a Chinese page still names an English-only item."""
    language = language or get_language() or SOURCE_LANGUAGE
    return values.get(language) or next((value for value in values.values() if value), "")


class Topic(models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_en = models.CharField(_("name in English"), max_length=120)
    name_zh_hant = models.CharField(_("name in Traditional Chinese"), max_length=120)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            models.CheckConstraint(
                condition=~Q(name_en="") & ~Q(name_zh_hant=""),
                name="topic_named_in_both_languages",
                violation_error_message=_("A topic needs a name in both languages."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language({"en": self.name_en, "zh-hant": self.name_zh_hant})
