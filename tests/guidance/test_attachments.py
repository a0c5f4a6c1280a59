"""Files attached to a publication: only PDFs and pictures, whatever their names say, and only those
attached when a version was published go out with it."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from guidance import services
from guidance.models import Attachment
from tests.helpers.guidance import PDF_BYTES, PNG_BYTES, attach, publish_reviewed, published, written
from tests.helpers.moments import NOW

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("content", "kind", "content_type"),
    [
        (PDF_BYTES, Attachment.Kind.DOCUMENT, "application/pdf"),
        (PNG_BYTES, Attachment.Kind.IMAGE, "image/png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", Attachment.Kind.IMAGE, "image/jpeg"),
    ],
)
def test_a_pdf_or_a_picture_is_attached_by_what_it_is(editor, content, kind, content_type):
    attachment = attach(written("framework", by=editor), "file.bin", by=editor, content=content, title_en="The file")

    assert (attachment.kind, attachment.content_type, attachment.size) == (kind, content_type, len(content))
    assert attachment.file.read() == content


@pytest.mark.parametrize(
    "content", [b"MZ\x90\x00 a program", b"<html><script>alert(1)</script>", b"<svg onload=alert(1)>", b""]
)
def test_anything_else_is_refused_with_a_reason_and_nothing_is_kept(editor, content):
    publication = written("framework", by=editor)

    with pytest.raises(ValidationError) as refused:
        attach(publication, "framework.pdf", by=editor, content=content)

    assert refused.value.message_dict == {"file": ["Attach a PDF document, or a PNG or JPEG picture."]}
    assert not Attachment.objects.exists()


@pytest.mark.parametrize("name", ["../etc/passwd", "my file.pdf", ".hidden.pdf", "框架.pdf"])
def test_a_file_name_that_cannot_be_part_of_an_address_is_refused(editor, name):
    with pytest.raises(ValidationError) as refused:
        attach(written("framework", by=editor), name, by=editor)

    assert "name" in refused.value.message_dict


def test_two_files_of_a_publication_cannot_share_a_name(editor):
    publication = written("framework", by=editor)
    attach(publication, "framework.pdf", by=editor)

    with pytest.raises(ValidationError):
        attach(publication, "framework.pdf", by=editor)


def test_a_file_over_the_limit_is_refused(editor, monkeypatch):
    monkeypatch.setattr(services, "ATTACHMENT_MAX_BYTES", len(PDF_BYTES) - 1)

    with pytest.raises(ValidationError) as refused:
        services.add_attachment(
            written("framework", by=editor),
            uploaded=SimpleUploadedFile("framework.pdf", PDF_BYTES),
            name="framework.pdf",
            by=editor,
            now=NOW,
        )

    assert "at most" in refused.value.message_dict["file"][0]


def test_a_version_keeps_the_files_attached_when_it_was_published(editor, publisher):
    publication = written("framework", by=editor)
    first = attach(publication, "framework.pdf", by=editor)
    version = publish_reviewed(publication, author=editor, publisher=publisher)

    later = attach(publication, "annex.pdf", by=editor)

    assert list(version.attachments.all()) == [first]
    publication.refresh_from_db()
    assert publication.live_version(NOW) == version
    newer = publish_reviewed(publication, author=editor, publisher=publisher, note="Annex added.")
    assert set(newer.attachments.all()) == {first, later}


def test_a_picture_in_the_body_is_published_pointing_at_its_file(editor, publisher):
    publication = written("opt-out", by=editor, en=("Opt out", "How.", "![The switch, off](switch.png)"))
    attach(publication, "switch.png", by=editor, content=PNG_BYTES)

    version = publish_reviewed(publication, author=editor, publisher=publisher)

    assert '<img alt="The switch, off" src="/guidance/files/opt-out/switch.png">' in version.texts.get().body_html


def test_attaching_a_file_sends_a_published_publication_back_to_draft(editor, publisher):
    publication = published("framework", author=editor, publisher=publisher)

    attach(publication, "framework.pdf", by=editor)

    publication.refresh_from_db()
    assert (publication.status, publication.last_edited_by) == ("draft", editor)
