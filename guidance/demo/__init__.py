"""The guidance demo: the publications of guidance/demo/content.py, written and submitted by the demo
editor and published by the demo publisher through ``guidance.services``, each at its own moment of
the past two years, so every version, event and history row is one a real publication would have.

Running it again creates nothing: topics are found by slug, and a publication whose slug exists is
left as it is.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from guidance import services
from guidance.demo.content import FIRST_PUBLISHED, PUBLICATIONS, TOPICS, Note, PlannedPublication, Wording
from guidance.models import Language, Publication, Topic

AUTHOR = "editor"
PUBLISHER = "publisher"
# Demo publications come out at this time of day, Hong Kong time.
PUBLISHING_TIME = time(11, 0)
# How long before it comes out a version is written; it is submitted for review the day before.
WRITING_DAYS = 3


@dataclass(frozen=True)
class Summary:
    created: tuple[str, ...]
    already_there: tuple[str, ...]


def missing_staff() -> list[str]:
    """The demo users the guidance demo needs that do not exist (``load_demo`` creates them)."""
    found = set(get_user_model().objects.filter(username__in=(AUTHOR, PUBLISHER)).values_list("username", flat=True))
    return [username for username in (AUTHOR, PUBLISHER) if username not in found]


@transaction.atomic
def load(*, now: datetime) -> Summary:
    """Create the demo's topics and every demo publication that does not exist yet."""
    users = get_user_model().objects
    author, publisher = users.get(username=AUTHOR), users.get(username=PUBLISHER)
    topics = load_topics()
    created, already_there = [], []
    for plan in PUBLICATIONS:
        if Publication.objects.filter(slug=plan.slug).exists():
            already_there.append(plan.slug)
        else:
            load_publication(plan, topics=topics, author=author, publisher=publisher, now=now)
            created.append(plan.slug)
    return Summary(created=tuple(created), already_there=tuple(already_there))


def load_topics() -> dict[str, Topic]:
    """The demo's topics by slug, created if missing (topics have no workflow, so no service)."""
    return {
        slug: Topic.objects.get_or_create(slug=slug, defaults={"name_en": name_en, "name_zh_hant": name_zh_hant})[0]
        for slug, name_en, name_zh_hant in TOPICS
    }


def _publishing_time(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, PUBLISHING_TIME))


def _spelled(day: date, language: str) -> str:
    if language == Language.TRADITIONAL_CHINESE:
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {day:%B} {day.year}"


def _fields(plan: PlannedPublication, wording: Wording, *, language: str, published: datetime) -> dict[str, str]:
    fields = {"title": wording.title, "summary": wording.summary, "body": wording.body}
    if plan.reply_in_days is None:
        return fields
    reply_by = _spelled(timezone.localdate(published) + timedelta(days=plan.reply_in_days), language)
    return {name: value.format(reply_by=reply_by) for name, value in fields.items()}


def load_publication(
    plan: PlannedPublication, *, topics: dict[str, Topic], author, publisher, now: datetime
) -> Publication:
    """Write, submit and publish (or schedule) the planned publication, then revise or supersede as planned."""
    today = timezone.localdate(now)
    if plan.days_ago < 0:
        approved_at, out_at = now, _publishing_time(today - timedelta(days=plan.days_ago))
    else:
        approved_at = out_at = _publishing_time(today - timedelta(days=plan.days_ago))
    written_at = approved_at - timedelta(days=WRITING_DAYS)
    publication = services.create_publication(
        slug=plan.slug,
        kind=plan.kind,
        topics=[topics[slug] for slug in plan.topics],
        related=list(Publication.objects.filter(slug__in=plan.related)),
        by=author,
        now=written_at,
    )
    # English first: a translation is taken as made from the English text there is when it is saved.
    for language, wording in ((Language.ENGLISH, plan.en), (Language.TRADITIONAL_CHINESE, plan.zh_hant)):
        if wording is not None:
            fields = _fields(plan, wording, language=language, published=out_at)
            services.save_text(publication, language=language, **fields, by=author, now=written_at)
    for file in plan.files:
        services.add_attachment(
            publication,
            uploaded=SimpleUploadedFile(file.name, file.content),
            name=file.name,
            title_en=file.title_en,
            title_zh_hant=file.title_zh_hant,
            by=author,
            now=written_at,
        )
    services.submit_for_review(publication, by=author, now=approved_at - timedelta(days=1))
    if out_at > approved_at:
        services.schedule(publication, at=out_at, **_change_notes(FIRST_PUBLISHED), by=publisher, now=approved_at)
    else:
        services.publish(publication, **_change_notes(FIRST_PUBLISHED), by=publisher, now=approved_at)
    if plan.supersedes:
        earlier = Publication.objects.get(slug=plan.supersedes)
        note = plan.superseded_note or Note(en="", zh_hant="")
        services.supersede(
            earlier, successor=publication, note=note.en, note_zh_hant=note.zh_hant, by=publisher, now=approved_at
        )
    if plan.revision is not None:
        revised_at = _publishing_time(today - timedelta(days=plan.revision.days_ago))
        fields = _fields(plan, plan.revision.english, language=Language.ENGLISH, published=revised_at)
        services.save_text(
            publication, language=Language.ENGLISH, **fields, by=author, now=revised_at - timedelta(days=WRITING_DAYS)
        )
        services.submit_for_review(publication, by=author, now=revised_at - timedelta(days=1))
        services.publish(publication, **_change_notes(plan.revision.change_note), by=publisher, now=revised_at)
    return publication


def _change_notes(note: Note) -> dict[str, str]:
    return {"change_note": note.en, "change_note_zh_hant": note.zh_hant}
