"""Every change to guidance: writing, review, publishing, scheduling, archiving and superseding.

Each function checks who may do it and whether the publication's state allows it, writes in one
transaction, and records a history entry. Publishing needs a second person: whoever publishes a
version may not be the last person who edited it.
"""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from guidance import rendering
from guidance.models import (
    SOURCE_LANGUAGE,
    Attachment,
    Event,
    Language,
    Publication,
    Status,
    Text,
    Version,
    VersionText,
)

AUTHOR_PERMISSION = "guidance.change_publication"
PUBLISHER_PERMISSION = "guidance.publish_publication"
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
# How far ahead a version may be scheduled: further is more likely a mistyped year than a plan.
SCHEDULE_HORIZON = timedelta(days=2 * 366)
# What a file's first bytes must be for each kind of attachment, whatever its name says.
SIGNATURES = {
    b"%PDF-": ("application/pdf", Attachment.Kind.DOCUMENT),
    b"\x89PNG\r\n\x1a\n": ("image/png", Attachment.Kind.IMAGE),
    b"\xff\xd8\xff": ("image/jpeg", Attachment.Kind.IMAGE),
}


def _require(user, permission: str, message: str) -> None:
    if not (user.is_active and user.has_perm(permission)):
        raise PermissionDenied(message)


def _locked(publication: Publication) -> Publication:
    return Publication.objects.select_for_update().get(pk=publication.pk)


def _save(instance, *, by, fields=None) -> None:
    # The field history records who made the change, not only what changed.
    instance._history_user = by
    instance.save(update_fields=fields)


def _record(publication: Publication, kind: str, *, by, now: datetime, **details) -> Event:
    return Event.objects.create(publication=publication, kind=kind, by=by, at=now, **details)


def _edited(publication: Publication, *, by, now: datetime) -> None:
    """An edit makes ``by`` the last author and sends the publication back to draft: it must be reviewed again."""
    publication.last_edited_by = by
    publication.last_edited_at = now
    publication.status = Status.DRAFT
    _save(publication, by=by, fields=["last_edited_by", "last_edited_at", "status"])


@transaction.atomic
def create_publication(*, slug: str, kind: str, by, now: datetime, topics=(), related=()) -> Publication:
    """A new draft publication, with no text yet."""
    _require(by, "guidance.add_publication", _("Only editors can create publications."))
    publication = Publication(slug=slug, kind=kind, created_at=now, last_edited_by=by, last_edited_at=now)
    publication.full_clean()
    _save(publication, by=by)
    publication.topics.set(topics)
    publication.related.set(related)
    _record(publication, Event.Kind.CREATED, by=by, now=now)
    return publication


@transaction.atomic
def change_details(publication: Publication, *, kind: str, topics, related, by, now: datetime) -> Publication:
    """Change what kind of publication it is, its topics and its related publications."""
    _require(by, AUTHOR_PERMISSION, _("Only editors can change publications."))
    publication = _locked(publication)
    related = list(related)
    if publication in related:
        raise ValidationError({"related": _("A publication cannot be related to itself.")})
    changed = (
        publication.kind != kind
        or set(publication.topics.values_list("pk", flat=True)) != {topic.pk for topic in topics}
        or set(publication.related.values_list("pk", flat=True)) != {other.pk for other in related}
    )
    if not changed:
        return publication
    publication.kind = kind
    publication.full_clean()
    publication.topics.set(topics)
    publication.related.set(related)
    _edited(publication, by=by, now=now)
    _save(publication, by=by, fields=["kind"])
    _record(publication, Event.Kind.DETAILS_CHANGED, by=by, now=now)
    return publication


@transaction.atomic
def save_text(
    publication: Publication,
    *,
    language: str,
    title: str,
    summary: str,
    body: str,
    by,
    now: datetime,
    matches_english: bool = False,
) -> Text:
    """Write the publication's text in one language.

    A change to the English text makes every translation out of date. A new translation, or one
    saved with ``matches_english``, is taken as made from the current English text.
    """
    _require(by, AUTHOR_PERMISSION, _("Only editors can write publications."))
    publication = _locked(publication)
    text = Text.objects.filter(publication=publication, language=language).first()
    values = {"title": title.strip(), "summary": summary.strip(), "body": body.strip()}
    if text is None:
        text = Text(publication=publication, language=language, updated_at=now, **values)
        if language != SOURCE_LANGUAGE:
            text.translated_from_revision = _source_revision(publication)
        changed = True
    else:
        changed = any(getattr(text, name) != value for name, value in values.items())
        for name, value in values.items():
            setattr(text, name, value)
        if changed and language == SOURCE_LANGUAGE:
            text.revision += 1
        if matches_english and language != SOURCE_LANGUAGE:
            source = _source_revision(publication)
            changed = changed or text.translated_from_revision != source
            text.translated_from_revision = source
    if not changed:
        return text
    text.updated_at = now
    text.full_clean()
    _save(text, by=by)
    _edited(publication, by=by, now=now)
    _record(publication, Event.Kind.EDITED, by=by, now=now, language=language)
    return text


def _source_revision(publication: Publication) -> int | None:
    english = Text.objects.filter(publication=publication, language=SOURCE_LANGUAGE)
    return english.values_list("revision", flat=True).first()


@transaction.atomic
def approve_translation(text: Text, *, by, now: datetime) -> Text:
    """Mark a translation as matching the current English text, after checking it."""
    _require(by, AUTHOR_PERMISSION, _("Only editors can approve translations."))
    if text.language == SOURCE_LANGUAGE:
        raise ValidationError(_("The English text is not a translation."))
    publication = _locked(text.publication)
    text.refresh_from_db()
    source = _source_revision(publication)
    if source is None or text.translated_from_revision == source:
        return text
    text.translated_from_revision = source
    _save(text, by=by, fields=["translated_from_revision"])
    _edited(publication, by=by, now=now)
    _record(publication, Event.Kind.TRANSLATION_APPROVED, by=by, now=now, language=text.language)
    return text


def sniffed(uploaded: UploadedFile) -> tuple[str, str]:
    """The content type and attachment kind a file's first bytes show, or a clear refusal."""
    if uploaded.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            {"file": _("A file may be at most %(mb)d MB.") % {"mb": ATTACHMENT_MAX_BYTES // (1024 * 1024)}}
        )
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    for signature, found in SIGNATURES.items():
        if head.startswith(signature):
            return found
    raise ValidationError({"file": _("Attach a PDF document, or a PNG or JPEG picture.")})


@transaction.atomic
def add_attachment(
    publication: Publication,
    *,
    uploaded: UploadedFile,
    name: str,
    by,
    now: datetime,
    title_en: str = "",
    title_zh_hant: str = "",
) -> Attachment:
    """Attach a PDF or a picture; it reaches the public with the next version published."""
    _require(by, AUTHOR_PERMISSION, _("Only editors can attach files."))
    publication = _locked(publication)
    content_type, kind = sniffed(uploaded)
    attachment = Attachment(
        publication=publication,
        kind=kind,
        name=name.strip(),
        title_en=title_en.strip(),
        title_zh_hant=title_zh_hant.strip(),
        file=uploaded,
        content_type=content_type,
        size=uploaded.size,
        added_at=now,
    )
    attachment.full_clean()
    attachment.save()
    _edited(publication, by=by, now=now)
    _record(publication, Event.Kind.FILE_ATTACHED, by=by, now=now, note=attachment.name)
    return attachment


def _publishable_texts(publication: Publication) -> list[VersionText]:
    """Each text as the next version would publish it, or every problem that stops it being published."""
    texts = list(publication.texts.all())
    if not texts:
        raise ValidationError(_("Write the publication in at least one language first."))
    english = next((text.revision for text in texts if text.language == SOURCE_LANGUAGE), None)
    file_url = rendering.file_urls(publication)
    shown = [rendering.as_published(text, english_revision=english, file_url=file_url) for text in texts]
    problems = [
        f"{Language(text.language).label}: {problem}" for text, rendered in shown for problem in rendered.problems
    ]
    if problems:
        raise ValidationError(problems)
    return [text for text, _ in shown]


@transaction.atomic
def submit_for_review(publication: Publication, *, by, now: datetime) -> Publication:
    """Ask for the draft to be reviewed and published by someone else."""
    _require(by, AUTHOR_PERMISSION, _("Only editors can submit publications for review."))
    publication = _locked(publication)
    if publication.status != Status.DRAFT:
        raise ValidationError(_("Only a draft can be submitted for review."))
    _publishable_texts(publication)
    publication.status = Status.IN_REVIEW
    _save(publication, by=by, fields=["status"])
    _record(publication, Event.Kind.SUBMITTED, by=by, now=now)
    return publication


@transaction.atomic
def return_to_author(publication: Publication, *, note: str, by, now: datetime) -> Publication:
    """Send a publication in review back to draft, saying what needs to change."""
    _require(by, PUBLISHER_PERMISSION, _("Only publishers can review publications."))
    publication = _locked(publication)
    if publication.status != Status.IN_REVIEW:
        raise ValidationError(_("Only a publication in review can be returned."))
    if not note.strip():
        raise ValidationError({"note": _("Say what needs to change.")})
    publication.status = Status.DRAFT
    _save(publication, by=by, fields=["status"])
    _record(publication, Event.Kind.RETURNED, by=by, now=now, note=note.strip())
    return publication


def _make_version(
    publication: Publication, *, at: datetime, change_note: str, change_note_zh_hant: str, by, now: datetime
) -> Version:
    _require(by, PUBLISHER_PERMISSION, _("Only publishers can publish."))
    if publication.status != Status.IN_REVIEW:
        raise ValidationError(_("Only a publication in review can be published; submit it for review first."))
    if publication.last_edited_by_id == by.pk:
        raise ValidationError(_("You edited this version last: someone else must publish it."))
    if not (change_note.strip() or change_note_zh_hant.strip()):
        raise ValidationError({"change_note": _("Say what changed, for readers of the versions page.")})
    texts = _publishable_texts(publication)
    number = (publication.versions.aggregate(highest=Max("number"))["highest"] or 0) + 1
    version = Version.objects.create(
        publication=publication,
        number=number,
        published_at=at,
        change_note=change_note.strip(),
        change_note_zh_hant=change_note_zh_hant.strip(),
        published_by=by,
        created_at=now,
    )
    for text in texts:
        text.version = version
    VersionText.objects.bulk_create(texts)
    version.attachments.set(publication.attachments.all())
    publication.status = Status.PUBLISHED
    _save(publication, by=by, fields=["status"])
    return version


@transaction.atomic
def publish(publication: Publication, *, change_note: str, change_note_zh_hant: str = "", by, now: datetime) -> Version:
    """Publish the reviewed draft as a new version, now, saying what changed (in English, and in
    Chinese if given)."""
    publication = _locked(publication)
    version = _make_version(
        publication, at=now, change_note=change_note, change_note_zh_hant=change_note_zh_hant, by=by, now=now
    )
    _record(publication, Event.Kind.PUBLISHED, by=by, now=now, note=version.change_note, version=version)
    return version


@transaction.atomic
def schedule(
    publication: Publication, *, at: datetime, change_note: str, change_note_zh_hant: str = "", by, now: datetime
) -> Version:
    """Approve the reviewed draft as a new version that the public sees from ``at``."""
    publication = _locked(publication)
    if at <= now:
        raise ValidationError({"at": _("A scheduled time must be in the future; to publish now, use Publish.")})
    if at > now + SCHEDULE_HORIZON:
        raise ValidationError({"at": _("A version can be scheduled at most two years ahead.")})
    version = _make_version(
        publication, at=at, change_note=change_note, change_note_zh_hant=change_note_zh_hant, by=by, now=now
    )
    _record(publication, Event.Kind.SCHEDULED, by=by, now=now, note=version.change_note, version=version)
    return version


def _require_live(publication: Publication, *, now: datetime) -> None:
    if publication.is_archived:
        raise ValidationError(_("This publication is already archived."))
    if not Publication.objects.published(now).filter(pk=publication.pk).exists():
        raise ValidationError(_("Only a published publication can be archived."))


@transaction.atomic
def archive(publication: Publication, *, note: str, note_zh_hant: str = "", by, now: datetime) -> Publication:
    """Take a publication out of the index and feed; its page stays, saying it is archived."""
    _require(by, PUBLISHER_PERMISSION, _("Only publishers can archive publications."))
    publication = _locked(publication)
    _require_live(publication, now=now)
    if not (note.strip() or note_zh_hant.strip()):
        raise ValidationError({"note": _("Say why it is archived, for readers of its page.")})
    publication.archived_at = now
    publication.archive_note = note.strip()
    publication.archive_note_zh_hant = note_zh_hant.strip()
    _save(publication, by=by, fields=["archived_at", "archive_note", "archive_note_zh_hant"])
    _record(publication, Event.Kind.ARCHIVED, by=by, now=now, note=publication.archive_note)
    return publication


@transaction.atomic
def supersede(
    publication: Publication, *, successor: Publication, note: str = "", note_zh_hant: str = "", by, now: datetime
) -> Publication:
    """Archive a publication in favour of a newer one, to which its page points readers."""
    _require(by, PUBLISHER_PERMISSION, _("Only publishers can supersede publications."))
    publication = _locked(publication)
    _require_live(publication, now=now)
    if successor.pk == publication.pk:
        raise ValidationError({"successor": _("A publication cannot supersede itself.")})
    if not Publication.objects.current(now).filter(pk=successor.pk).exists():
        raise ValidationError({"successor": _("The successor must be published and not archived.")})
    publication.archived_at = now
    publication.archive_note = note.strip()
    publication.archive_note_zh_hant = note_zh_hant.strip()
    publication.superseded_by = successor
    _save(publication, by=by, fields=["archived_at", "archive_note", "archive_note_zh_hant", "superseded_by"])
    _record(publication, Event.Kind.SUPERSEDED, by=by, now=now, note=successor.slug)
    return publication
