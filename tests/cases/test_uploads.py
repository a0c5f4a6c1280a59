"""Which files may be attached: decided from the content, then checked against the name."""

import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile

from cases import services
from cases.models import CaseEvent, Document
from cases.uploads import SNIFF_BYTES, inspect_upload
from tests.factories import NOW, CaseFactory, UserFactory


def _pdf() -> bytes:
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def _png() -> bytes:
    """A real one-pixel grey PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x80")) + chunk(b"IEND", b"")
    )


def _jpeg() -> bytes:
    """A JPEG's JFIF header and end marker: as far as sniffing reads."""
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\xff\xd9"


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


CONTENT_TYPES = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'


def _docx() -> bytes:
    return _zip({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": b"<w:document/>"})


def _xlsx() -> bytes:
    return _zip({"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.xml": b"<workbook/>"})


def _text() -> bytes:
    return "Dear Commissioner,\r\nmy HKID number was posted online.\n本人的身份證號碼被公開。\n".encode()


def _exe() -> bytes:
    """The start of a Windows executable: the MZ header, then the PE signature."""
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 44 + b"\x40\x00\x00\x00PE\x00\x00"


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("reply.pdf", _pdf(), "application/pdf"),
        ("screenshot.png", _png(), "image/png"),
        ("photo.jpg", _jpeg(), "image/jpeg"),
        ("PHOTO.JPEG", _jpeg(), "image/jpeg"),
        ("letter.docx", _docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("log.xlsx", _xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("statement.txt", _text(), "text/plain"),
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
    file_type, _ = inspect_upload(SimpleUploadedFile("notepad.txt", b"\xef\xbb\xbf" + _text()))

    assert file_type.content_type == "text/plain"


@pytest.mark.parametrize(
    ("name", "content", "code", "message"),
    [
        ("invoice.pdf", _exe(), "type_not_allowed", "This kind of file cannot be attached. Allowed: PDF (.pdf)"),
        ("letter.docx", _zip({"letter.txt": b"Hello"}), "type_not_allowed", "This kind of file cannot be attached."),
        ("notes.txt", b"Hello\x00\x01\x02world", "type_not_allowed", "This kind of file cannot be attached."),
        ("notes.txt", b"Hello world\xff", "type_not_allowed", "This kind of file cannot be attached."),
        ("photo.png", _pdf(), "name_does_not_match_content", "named “photo.png” but its content is a PDF"),
        ("letter.pdf", _docx(), "name_does_not_match_content", "its content is a Word document"),
        ("reply", _pdf(), "name_does_not_match_content", "named “reply” but its content is a PDF"),
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
    [("invoice.pdf", _exe()), ("photo.png", _pdf()), ("letter.docx", _zip({"a.txt": b"a"})), ("empty.txt", b"")],
    ids=["exe renamed pdf", "pdf renamed png", "zip renamed docx", "empty"],
)
def test_a_refused_upload_leaves_no_document_event_or_file(settings, name, content):
    case = CaseFactory()

    with pytest.raises(ValidationError):
        services.add_document(case, uploaded=SimpleUploadedFile(name, content), by=UserFactory(), now=NOW)

    assert not Document.objects.exists()
    assert not CaseEvent.objects.exists()
    root = Path(settings.DOCUMENTS_ROOT)
    assert not root.exists() or not any(path.is_file() for path in root.rglob("*"))


@pytest.mark.django_db
def test_an_oversized_upload_leaves_no_document_event_or_file(settings):
    settings.DOCUMENT_MAX_BYTES = 1024
    case = CaseFactory()

    with pytest.raises(ValidationError, match="limit"):
        services.add_document(case, uploaded=SimpleUploadedFile("big.pdf", _pdf() * 20), by=UserFactory(), now=NOW)

    assert not Document.objects.exists()
    assert not CaseEvent.objects.exists()
    assert not Path(settings.DOCUMENTS_ROOT).exists()
