"""The guidance demo: on top of ``load_demo`` it publishes the framework, the how-to steps and the media
statement of the story in both languages, and a dozen other publications in every state the public
site shows; a second run changes nothing, and nothing of the cases app is touched."""

import re
import struct
import zlib
from datetime import timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from dpa.roles import EDITOR, PUBLISHER
from guidance.demo import load
from guidance.demo.content import PUBLICATIONS, TOPICS
from guidance.demo.files import one_page_pdf, switch_png
from guidance.models import Attachment, Event, Kind, Publication, Text, Topic, Version, VersionText
from guidance.rendering import as_steps, render
from tests.helpers.factories import make_user
from tests.helpers.moments import NOW

pytestmark = pytest.mark.django_db

GUIDANCE_ROWS = (
    Topic,
    Publication,
    Text,
    Attachment,
    Version,
    VersionText,
    Event,
    Topic.history.model,
    Publication.history.model,
    Text.history.model,
    Publication.topics.through,
    Publication.related.through,
    Version.attachments.through,
)


def row_counts(models) -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in models}


def load_guidance_demo() -> str:
    out = StringIO()
    call_command("load_guidance_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def demo_staff():
    """The two demo users the guidance demo is written and published by, as ``load_demo`` makes them."""
    return make_user(EDITOR, username="editor"), make_user(PUBLISHER, username="publisher")


@pytest.fixture
def loaded(demo_staff):
    return load(now=NOW)


def live(kind: str) -> Version:
    """The version the public reads at NOW of the one demo publication of ``kind``."""
    return Publication.objects.get(kind=kind).live_version(NOW)


def test_after_load_demo_the_command_publishes_the_demo_and_a_second_run_changes_nothing(settings):
    settings.DEBUG = True  # load_demo creates its logins only in debug mode
    call_command("load_demo", stdout=StringIO())
    cases_rows = row_counts(apps.get_app_config("cases").get_models())

    first = load_guidance_demo()
    loaded_rows = row_counts(GUIDANCE_ROWS)
    second = load_guidance_demo()

    assert f"{len(PUBLICATIONS)} publications created" in first
    assert "nothing to add" in second
    assert row_counts(GUIDANCE_ROWS) == loaded_rows
    assert row_counts(apps.get_app_config("cases").get_models()) == cases_rows
    assert 12 <= Publication.objects.count() <= 15
    # Four eyes: the editor wrote and submitted every version, the publisher published it.
    assert set(Version.objects.values_list("published_by__username", flat=True)) == {"publisher"}
    assert set(Event.objects.filter(kind=Event.Kind.SUBMITTED).values_list("by__username", flat=True)) == {"editor"}
    assert Publication.objects.published(timezone.now()).count() == Publication.objects.count() - 1


def test_the_command_refuses_until_load_demo_has_made_both_demo_users():
    make_user(EDITOR, username="editor")

    with pytest.raises(CommandError, match=r'"publisher".*manage\.py load_demo'):
        load_guidance_demo()

    assert not Publication.objects.exists()


def test_the_framework_is_out_in_both_languages_with_a_table_of_contents_and_its_pdf(loaded):
    version = live(Kind.FRAMEWORK)

    texts = {text.language: text for text in version.texts.all()}
    assert set(texts) == {"en", "zh-hant"}
    assert texts["en"].title == "Artificial Intelligence: Model Personal Data Protection Framework"
    for text in texts.values():
        assert not text.out_of_date
        assert len([heading for heading in text.headings if heading[0] == 2]) >= 5
        assert render(text.body).contents
    (pdf,) = version.attachments.all()
    assert pdf.kind == Attachment.Kind.DOCUMENT
    with pdf.file.open("rb") as file:
        assert file.read(5) == b"%PDF-"
    address = reverse("guidance-file", kwargs={"slug": version.publication.slug, "name": pdf.name})
    assert all(f'href="{address}"' in text.body_html for text in texts.values())


def test_the_how_to_steps_are_out_in_both_languages_with_described_pictures(loaded):
    version = live(Kind.HOW_TO)

    pictures = {attachment.name: attachment for attachment in version.attachments.all()}
    assert pictures and {attachment.kind for attachment in pictures.values()} == {Attachment.Kind.IMAGE}
    for attachment in pictures.values():
        with attachment.file.open("rb") as file:
            assert file.read(8) == b"\x89PNG\r\n\x1a\n"
    texts = list(version.texts.all())
    assert {text.language for text in texts} == {"en", "zh-hant"}
    for text in texts:
        assert "Linkwave" in text.body or "連浪" in text.body
        introduction, steps = as_steps(text.body_html)
        assert introduction and len(steps) >= 5
        shown = re.findall(r'<img alt="([^"]+)" src="([^"]+)"', text.body_html)
        assert {src for _, src in shown} == {
            reverse("guidance-file", kwargs={"slug": version.publication.slug, "name": name}) for name in pictures
        }
        assert all(len(alt) >= 10 for alt, _ in shown)


def test_the_media_statement_is_out_in_both_languages_with_the_reply_by_date(loaded):
    version = live(Kind.MEDIA_STATEMENT)

    texts = {text.language: text for text in version.texts.all()}
    # Published 22 days before NOW (2 March 2026), asking for a reply within 14 days.
    assert timezone.localdate(version.published_at).isoformat() == "2026-02-08"
    assert "22 February 2026" in texts["en"].body and "22 February 2026" in texts["en"].summary
    assert "2026年2月22日" in texts["zh-hant"].body
    assert "Linkwave" in texts["en"].title and "連浪" in texts["zh-hant"].title


def test_one_publication_is_archived_and_superseded_by_its_current_replacement(loaded):
    (archived,) = Publication.objects.filter(archived_at__isnull=False)

    assert archived.superseded_by in Publication.objects.current(NOW)
    assert archived.archive_note
    assert archived.live_version(NOW).published_at < archived.archived_at
    assert archived.archived_at == archived.superseded_by.live_version(NOW).published_at


def test_one_publication_is_scheduled_two_weeks_ahead(loaded):
    (scheduled,) = Publication.objects.exclude(pk__in=Publication.objects.published(NOW))

    (version,) = scheduled.versions.all()
    assert NOW + timedelta(days=13) < version.published_at < NOW + timedelta(days=15)
    assert scheduled in Publication.objects.published(version.published_at)
    assert scheduled not in Publication.objects.published(version.published_at - timedelta(seconds=1))


def test_one_translation_is_out_of_date_in_the_newest_of_two_versions(loaded):
    (stale,) = VersionText.objects.filter(out_of_date=True)

    publication = stale.version.publication
    first, second = publication.versions.order_by("number")
    assert stale.version == second == publication.live_version(NOW)
    assert stale.language == "zh-hant" and second.change_note
    assert first.texts.get(language="en").body != second.texts.get(language="en").body
    assert first.texts.get(language="zh-hant").body == stale.body
    assert not first.texts.get(language="zh-hant").out_of_date


def test_one_publication_is_in_english_only_and_one_in_chinese_only(loaded):
    languages = [
        sorted(text.language for text in publication.live_versions[0].texts.all())
        for publication in Publication.objects.with_live_version(NOW).published(NOW)
    ]

    assert languages.count(["en"]) == 1
    assert languages.count(["zh-hant"]) == 1


def test_the_publications_spread_over_two_years_of_kinds_and_topics(loaded):
    first_out = [
        publication.versions.order_by("number").first().published_at
        for publication in Publication.objects.published(NOW)
    ]

    assert NOW - timedelta(days=730) < min(first_out) < NOW - timedelta(days=600)
    assert max(first_out) < NOW
    assert set(Publication.objects.values_list("kind", flat=True)) == set(Kind.values)
    assert Topic.objects.count() == len(TOPICS)
    assert Topic.objects.filter(publications__isnull=True).count() == 0
    assert Publication.related.through.objects.count() >= 4


def test_every_published_text_renders_with_no_problems(loaded):
    versions = Version.objects.prefetch_related("texts", "attachments")

    for version in versions:
        names = {attachment.name for attachment in version.attachments.all()}
        for text in version.texts.all():
            rendered = render(text.body, file_url=lambda name, names=names: f"/files/{name}" if name in names else None)
            assert rendered.problems == [], (str(version), text.language)
            assert "{" not in text.title + text.summary + text.body, (str(version), text.language)
    assert VersionText.objects.count() >= 2 * len(PUBLICATIONS)


def test_the_demo_files_are_a_well_formed_pdf_and_png():
    pdf = one_page_pdf(["Title (with brackets)", "A second line"])
    png = switch_png(on=False)

    xref_at = int(pdf.rsplit(b"startxref\n", 1)[1].split()[0])
    assert pdf.startswith(b"%PDF-") and pdf[xref_at:].startswith(b"xref")
    for number, offset in enumerate(re.findall(rb"(\d{10}) 00000 n", pdf), start=1):
        assert pdf[int(offset) :].startswith(b"%d 0 obj" % number)
    assert b"(Title \\(with brackets\\)) Tj" in pdf

    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    chunks, at = {}, 8
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind, data = png[at + 4 : at + 8], png[at + 8 : at + 8 + length]
        assert struct.unpack(">I", png[at + 8 + length : at + 12 + length])[0] == zlib.crc32(kind + data)
        chunks[kind] = data
        at += 12 + length
    width, height = struct.unpack(">II", chunks[b"IHDR"][:8])
    assert (width, height) == (320, 180)
    assert len(zlib.decompress(chunks[b"IDAT"])) == height * (1 + width * 3)
    assert chunks[b"IEND"] == b""
