"""Guidance written, reviewed and published through the services, with the defaults a test does not
care about: ``written`` makes a draft, ``published`` takes one through review to the public."""

from datetime import datetime

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from factory.django import DjangoModelFactory

from guidance import services
from guidance.models import Kind, Publication, Topic, Version
from tests.helpers.moments import NOW

# The smallest files each kind of attachment accepts.
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa75\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name_en = factory.LazyAttribute(lambda topic: topic.slug.replace("-", " ").capitalize())
    name_zh_hant = factory.LazyAttribute(lambda topic: f"主題 {topic.slug}")


def written(
    slug: str,
    *,
    by,
    now: datetime = NOW,
    kind: str = Kind.GUIDANCE_NOTE,
    en: tuple[str, str, str] | None = None,
    zh: tuple[str, str, str] | None = None,
    topics=(),
    related=(),
) -> Publication:
    """A draft with its text as (title, summary, body) in English and, if given, in Chinese. With
    neither given it gets an English text made from its slug."""
    publication = services.create_publication(slug=slug, kind=kind, by=by, now=now, topics=topics, related=related)
    if en is None and zh is None:
        en = (slug.replace("-", " ").capitalize(), f"About {slug}.", f"## {slug}\n\nWhat to know.")
    for language, text in (("en", en), ("zh-hant", zh)):
        if text is not None:
            title, summary, body = text
            services.save_text(publication, language=language, title=title, summary=summary, body=body, by=by, now=now)
    publication.refresh_from_db()
    return publication


def attach(publication: Publication, name: str, *, by, now: datetime = NOW, content: bytes = PDF_BYTES, **titles):
    """Attach a file (a PDF unless ``content`` says otherwise) through the service."""
    uploaded = SimpleUploadedFile(name, content)
    return services.add_attachment(publication, uploaded=uploaded, name=name, by=by, now=now, **titles)


def publish_reviewed(
    publication: Publication, *, author, publisher, now: datetime = NOW, at: datetime | None = None, note: str = ""
) -> Version:
    """Submit the draft for review as ``author`` and publish it as ``publisher`` (at ``at``, if given)."""
    services.submit_for_review(publication, by=author, now=now)
    change_note = note or "First published."
    if at is None:
        version = services.publish(publication, change_note=change_note, by=publisher, now=now)
    else:
        version = services.schedule(publication, at=at, change_note=change_note, by=publisher, now=now)
    publication.refresh_from_db()
    return version


def published(
    slug: str, *, author, publisher, now: datetime = NOW, at: datetime | None = None, **fields
) -> Publication:
    """A publication written by ``author`` and published by ``publisher`` at ``now`` (or scheduled for ``at``)."""
    publication = written(slug, by=author, now=now, **fields)
    publish_reviewed(publication, author=author, publisher=publisher, now=now, at=at)
    return publication
