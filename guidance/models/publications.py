"""Publications and the text editors write for each in each language."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from guidance.models.base import (
    RESERVED_SLUGS,
    SLUG_FORM,
    SOURCE_LANGUAGE,
    Kind,
    Language,
    Status,
    Topic,
)
from guidance.models.versions import Version


def _title_in(language: str) -> Subquery:
    return Subquery(Text.objects.filter(publication=OuterRef("pk"), language=language).values("title")[:1])


class PublicationQuerySet(models.QuerySet):
    def published(self, now) -> "PublicationQuerySet":
        """Publications with a version whose publish time has come: drafts and scheduled ones are not."""
        return self.filter(Exists(Version.objects.filter(publication=OuterRef("pk"), published_at__lte=now)))

    def current(self, now) -> "PublicationQuerySet":
        """Published and not archived: what the index, the feed and the home list."""
        return self.published(now).filter(archived_at__isnull=True)

    def translated(self) -> "PublicationQuerySet":
        """Publications with a text in a language other than English."""
        return self.filter(Exists(Text.objects.filter(publication=OuterRef("pk")).exclude(language=SOURCE_LANGUAGE)))

    def with_titles(self) -> "PublicationQuerySet":
        """Each publication's titles as ``english_title`` and ``chinese_title``: None in a language it lacks."""
        return self.annotate(
            english_title=_title_in(SOURCE_LANGUAGE), chinese_title=_title_in(Language.TRADITIONAL_CHINESE)
        )

    def with_translation_state(self) -> "PublicationQuerySet":
        """Each publication with ``translation_out_of_date``: whether it has a translation made from an
        older English text than it has now."""
        english = Text.objects.filter(publication=OuterRef("publication"), language=SOURCE_LANGUAGE)
        behind = Q(translated_from_revision__isnull=True) | Q(
            translated_from_revision__lt=Subquery(english.values("revision")[:1])
        )
        translations = Text.objects.filter(publication=OuterRef("pk")).exclude(language=SOURCE_LANGUAGE)
        return self.annotate(translation_out_of_date=Exists(translations.filter(Exists(english)).filter(behind)))

    def with_list_columns(self, now) -> "PublicationQuerySet":
        """Publications with their titles, whether the translation is behind, and what the public sees at
        ``now``: the live version's number (``live_number``) and since when (``live_since``), and the time
        of the next version waiting for its time (``scheduled_for``; not one that a newer live version has
        already replaced)."""
        versions = Version.objects.filter(publication=OuterRef("pk"))
        live = versions.filter(published_at__lte=now).order_by("-number")
        replaced = Version.objects.filter(
            publication=OuterRef("publication"), number__gt=OuterRef("number"), published_at__lte=now
        )
        waiting = versions.filter(published_at__gt=now).exclude(Exists(replaced)).order_by("published_at")
        return (
            self.with_titles()
            .with_translation_state()
            .annotate(
                live_number=Subquery(live.values("number")[:1]),
                live_since=Subquery(live.values("published_at")[:1]),
                scheduled_for=Subquery(waiting.values("published_at")[:1]),
            )
        )

    def with_live_version(self, now) -> "PublicationQuerySet":
        """Each publication's versions whose time has come, newest first, with their texts, as
        ``live_versions``: the first is the one the public reads. A newer version approved while an
        older one waited for its time replaces it, so the newest number wins, not the latest time."""
        return self.prefetch_related(
            Prefetch(
                "versions",
                queryset=Version.objects.filter(published_at__lte=now).order_by("-number").prefetch_related("texts"),
                to_attr="live_versions",
            )
        )


class Publication(models.Model):
    slug = models.SlugField(
        _("address"),
        max_length=100,
        unique=True,
        validators=[
            RegexValidator(SLUG_FORM, _("Use lower-case letters and digits, with single hyphens between words."))
        ],
        help_text=_(
            "The last part of the page's address, the same in both languages: lower-case letters, digits and hyphens."
        ),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.GUIDANCE_NOTE)
    topics = models.ManyToManyField(Topic, blank=True, related_name="publications", verbose_name=_("topics"))
    related = models.ManyToManyField(
        "self", blank=True, symmetrical=False, related_name="related_from", verbose_name=_("related publications")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False)
    created_at = models.DateTimeField(_("created"), editable=False)
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("last edited by"),
    )
    last_edited_at = models.DateTimeField(_("last edited"), editable=False)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True, editable=False)
    archive_note = models.TextField(_("why it was archived"), blank=True, editable=False)
    archive_note_zh_hant = models.TextField(
        _("why it was archived, in Traditional Chinese"), blank=True, editable=False
    )
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supersedes",
        editable=False,
        verbose_name=_("superseded by"),
    )

    objects = PublicationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["last_edited_at"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        permissions = [("publish_publication", _("Can publish, schedule, archive and supersede publications"))]
        # The lists' ETag reads the latest edit and archiving from these (public.latest_change).
        indexes = [
            models.Index(fields=["last_edited_at"], name="publication_last_edited"),
            models.Index(fields=["archived_at"], condition=Q(archived_at__isnull=False), name="publication_archived"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=Kind.values),
                name="publication_kind_valid",
                violation_error_message=_("Choose one of the kinds of publication."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values),
                name="publication_status_valid",
                violation_error_message=_("A publication is a draft, in review or published."),
            ),
            models.CheckConstraint(
                condition=Q(slug__regex=SLUG_FORM) & ~Q(slug__in=RESERVED_SLUGS),
                name="publication_slug_form",
                violation_error_message=_("Use lower-case letters and digits, with single hyphens between words."),
            ),
            models.CheckConstraint(
                condition=Q(superseded_by__isnull=True) | Q(archived_at__isnull=False),
                name="publication_superseded_is_archived",
                violation_error_message=_("A superseded publication is archived."),
            ),
            models.CheckConstraint(
                condition=~Q(superseded_by=models.F("pk")),
                name="publication_not_its_own_successor",
                violation_error_message=_("A publication cannot supersede itself."),
            ),
            models.CheckConstraint(
                condition=Q(archived_at__isnull=True)
                | ~Q(archive_note="")
                | ~Q(archive_note_zh_hant="")
                | Q(superseded_by__isnull=False),
                name="publication_archived_has_note",
                violation_error_message=_("Say why the publication is archived, or name the one that replaces it."),
            ),
        ]

    def __str__(self) -> str:
        return self.slug

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def archive_notes(self) -> dict[str, str]:
        return {"en": self.archive_note, "zh-hant": self.archive_note_zh_hant}

    def live_version(self, now) -> "Version | None":
        """The newest version whose time has come (from ``with_live_version`` when it was asked for)."""
        if hasattr(self, "live_versions"):
            return self.live_versions[0] if self.live_versions else None
        return self.versions.filter(published_at__lte=now).order_by("-number").first()


class Text(models.Model):
    """The editors' copy of a publication in one language.

    The English text's ``revision`` goes up each time its words change; a translation remembers the
    revision it was made from, and is out of date while that is behind.
    """

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=10, choices=Language.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(
        _("summary"), max_length=600, help_text=_("One or two sentences for lists and search results.")
    )
    body = models.TextField(
        _("body"),
        help_text=_(
            "Markdown: ## for a section heading, 1. for a numbered list, [words](https://…) for a link, "
            "![what the picture shows](file-name.png) for a picture attached to the publication."
        ),
    )
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)
    translated_from_revision = models.PositiveIntegerField(
        _("translated from English revision"), null=True, blank=True, editable=False
    )
    updated_at = models.DateTimeField(_("updated"), editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["publication", "language"]
        verbose_name = _("text")
        verbose_name_plural = _("texts")
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "language"],
                name="text_one_per_language",
                violation_error_message=_("The publication already has a text in this language."),
            ),
            models.CheckConstraint(
                condition=Q(language__in=Language.values),
                name="text_language_valid",
                violation_error_message=_("Choose English or Traditional Chinese."),
            ),
            models.CheckConstraint(
                condition=~Q(title="") & ~Q(body=""),
                name="text_has_title_and_body",
                violation_error_message=_("A text needs a title and a body."),
            ),
            models.CheckConstraint(
                condition=Q(language=SOURCE_LANGUAGE, translated_from_revision__isnull=True)
                | ~Q(language=SOURCE_LANGUAGE),
                name="text_source_is_no_translation",
                violation_error_message=_("The English text is not translated from anything."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.publication.slug} ({self.language})"
