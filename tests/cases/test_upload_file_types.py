"""Which files may be attached: the kind is decided from the content, then checked against the name;
a file past the size limit, an empty one or one with too long a name is refused with the reason."""

import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile

from cases import services, uploads
from cases.models import CaseEvent, Document
from cases.uploads import SNIFF_BYTES, inspect_upload
from tests.helpers.factories import CaseFactory
from tests.helpers.moments import NOW
from tests.helpers.sample_files import DOCX, EXE, JPEG, PDF, PNG, TEXT, XLSX, no_file_stored_under, zip_of


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("reply.pdf", PDF, "application/pdf"),
        ("screenshot.png", PNG, "image/png"),
        ("photo.jpg", JPEG, "image/jpeg"),
        ("PHOTO.JPEG", JPEG, "image/jpeg"),
        ("letter.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("log.xlsx", XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("statement.txt", TEXT, "text/plain"),
        ("forwarded.eml", b"From: a@b.example\r\nSubject: Leak\r\n\r\nSee below.\r\n", "text/plain"),
    ],
)
def test_an_allowed_file_is_recognised_by_its_content(name, content, content_type):
    file_type, data = inspect_upload(SimpleUploadedFile(name, content))

    assert file_type.content_type == content_type
    assert data == content


def test_plain_text_cut_mid_character_by_the_sniffing_window_is_still_text():
    # Three-byte characters that do not divide SNIFF_BYTES: the window ends inside one.
    content = "個人資料".encode() * (SNIFF_BYTES // 12 + 1)
    assert len(content) > SNIFF_BYTES and SNIFF_BYTES % 3

    file_type, _ = inspect_upload(SimpleUploadedFile("notes.txt", content))

    assert file_type.content_type == "text/plain"


def test_utf8_text_with_a_byte_order_mark_is_plain_text():
    file_type, _ = inspect_upload(SimpleUploadedFile("notepad.txt", b"\xef\xbb\xbf" + TEXT))

    assert file_type.content_type == "text/plain"


@pytest.mark.parametrize(
    ("name", "content", "code", "message"),
    [
        ("invoice.pdf", EXE, "type_not_allowed", "This kind of file cannot be attached. Allowed: PDF (.pdf)"),
        ("letter.docx", zip_of({"letter.txt": b"Hello"}), "type_not_allowed", "This kind of file cannot be attached."),
        ("notes.txt", b"Hello\x00\x01\x02world", "type_not_allowed", "This kind of file cannot be attached."),
        ("notes.txt", b"Hello world\xff", "type_not_allowed", "This kind of file cannot be attached."),
        ("photo.png", PDF, "name_does_not_match_content", "named “photo.png” but its content is a PDF"),
        ("letter.pdf", DOCX, "name_does_not_match_content", "its content is a Word document"),
        ("reply", PDF, "name_does_not_match_content", "named “reply” but its content is a PDF"),
        ("empty.pdf", b"", "empty", "The file is empty."),
    ],
    ids=["exe renamed pdf", "zip renamed docx", "binary as txt", "bad utf-8 as txt", "pdf renamed png",
         "docx renamed pdf", "no extension", "empty"],
)  # fmt: skip
def test_a_refused_file_gets_a_clear_reason(name, content, code, message):
    with pytest.raises(ValidationError) as error:
        inspect_upload(SimpleUploadedFile(name, content))

    assert error.value.code == code
    assert message in error.value.messages[0]


def test_a_file_over_the_limit_is_refused(settings):
    settings.DOCUMENT_MAX_BYTES = 1024

    with pytest.raises(ValidationError) as error:
        inspect_upload(SimpleUploadedFile("statement.txt", b"a" * 1025))

    assert error.value.code == "too_large"
    assert error.value.messages[0] == "The file is 1.0\xa0KB; the limit is 1.0\xa0KB."


def test_a_file_over_the_limit_is_refused_even_when_its_size_is_not_given(settings):
    settings.DOCUMENT_MAX_BYTES = 1024
    upload = UploadedFile(io.BytesIO(b"a" * 2000), name="statement.txt", size=None)

    with pytest.raises(ValidationError) as error:
        inspect_upload(upload)

    assert error.value.code == "too_large"
    assert error.value.messages[0] == "The file is larger than 1.0\xa0KB."


def test_a_file_exactly_at_the_limit_is_accepted(settings):
    settings.DOCUMENT_MAX_BYTES = 1024

    _, data = inspect_upload(SimpleUploadedFile("statement.txt", b"a" * 1024))

    assert len(data) == 1024


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [("invoice.pdf", EXE), ("photo.png", PDF), ("letter.docx", zip_of({"a.txt": b"a"})), ("empty.txt", b"")],
    ids=["exe renamed pdf", "pdf renamed png", "zip renamed docx", "empty"],
)
def test_a_refused_upload_leaves_no_document_event_or_file(settings, officer, name, content):
    case = CaseFactory(assigned_officer=officer)

    with pytest.raises(ValidationError):
        services.add_document(case, uploaded=SimpleUploadedFile(name, content), by=officer, now=NOW)

    assert not Document.objects.exists()
    assert not CaseEvent.objects.exists()
    assert no_file_stored_under(settings.DOCUMENTS_ROOT)


@pytest.mark.django_db
def test_an_oversized_upload_leaves_no_document_event_or_file(settings, officer):
    settings.DOCUMENT_MAX_BYTES = 1024
    case = CaseFactory(assigned_officer=officer)

    with pytest.raises(ValidationError, match="limit"):
        services.add_document(case, uploaded=SimpleUploadedFile("big.pdf", PDF * 20), by=officer, now=NOW)

    assert not Document.objects.exists()
    assert not CaseEvent.objects.exists()
    assert not Path(settings.DOCUMENTS_ROOT).exists()


# --- file names ------------------------------------------------------------------------------------


def test_a_file_name_longer_than_the_limit_is_refused_with_the_limit_stated():
    name = "Reply from the organisation " + "x" * 198 + ".pdf"

    with pytest.raises(ValidationError) as error:
        inspect_upload(SimpleUploadedFile(name, PDF))

    assert error.value.code == "name_too_long"
    assert error.value.messages[0] == (
        "File names can be at most 200 characters; this one has 230. Rename the file and attach it again."
    )


def test_a_file_name_at_the_limit_is_accepted():
    file_type, _ = inspect_upload(SimpleUploadedFile("x" * 196 + ".pdf", PDF))

    assert file_type.content_type == "application/pdf"


def test_the_file_name_limit_is_what_a_document_keeps():
    assert Document._meta.get_field("original_name").max_length == uploads.MAX_NAME_LENGTH
