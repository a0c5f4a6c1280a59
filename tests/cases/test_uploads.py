"""Which files may be attached: decided from the content, then checked against the name; an
upload past the size limit is dropped as it arrives."""

import io
import random
import re
import struct
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler
from django.http import HttpRequest

from cases import services, uploads
from cases.forms import DocumentUploadForm
from cases.models import CaseEvent, Document
from cases.uploads import SNIFF_BYTES, SizeLimitedUploadHandler, inspect_upload
from tests.cases.admin_probe import case_change_form
from tests.factories import NOW, CaseFactory

MiB = 1024 * 1024


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
def test_a_refused_upload_leaves_no_document_event_or_file(settings, officer, name, content):
    case = CaseFactory(assigned_officer=officer)

    with pytest.raises(ValidationError):
        services.add_document(case, uploaded=SimpleUploadedFile(name, content), by=officer, now=NOW)

    assert not Document.objects.exists()
    assert not CaseEvent.objects.exists()
    root = Path(settings.DOCUMENTS_ROOT)
    assert not root.exists() or not any(path.is_file() for path in root.rglob("*"))


@pytest.mark.django_db
def test_an_oversized_upload_leaves_no_document_event_or_file(settings, officer):
    settings.DOCUMENT_MAX_BYTES = 1024
    case = CaseFactory(assigned_officer=officer)

    with pytest.raises(ValidationError, match="limit"):
        services.add_document(case, uploaded=SimpleUploadedFile("big.pdf", _pdf() * 20), by=officer, now=NOW)

    assert not Document.objects.exists()
    assert not CaseEvent.objects.exists()
    assert not Path(settings.DOCUMENTS_ROOT).exists()


# --- Office files that would expand too far -----------------------------------------------------

# Offsets in a zip central directory entry (PKWARE APPNOTE 4.3.12).
VERSION_NEEDED, FLAGS, UNCOMPRESSED_SIZE, FILE_NAME = 6, 8, 24, 46


def _docx_declaring(*fields: tuple[int, str, int]) -> bytes:
    """A docx whose central directory entry for word/document.xml says otherwise: (offset, format, value)."""
    content = bytearray(_docx())
    entry = content.rindex(b"PK\x01\x02", 0, content.rindex(b"word/document.xml"))
    for offset, fmt, value in fields:
        struct.pack_into(fmt, content, entry + offset, value)
    return bytes(content)


def test_an_office_file_declaring_600_mb_unpacked_is_refused_without_unpacking_it():
    # The member really holds a few bytes: reading it would fail on its size, so it was never read.
    content = _docx_declaring((UNCOMPRESSED_SIZE, "<I", 600 * MiB))

    with pytest.raises(ValidationError) as error:
        inspect_upload(SimpleUploadedFile("letter.docx", content))

    assert error.value.code == "archive_too_expansive"
    assert error.value.messages[0] == "The file would expand to 600.0\xa0MB when opened; the limit is 256.0\xa0MB."


def test_a_workbook_expanding_past_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UNCOMPRESSED_BYTES", 64 * 1024)
    # Random bytes do not compress: the archive passes the ratio check and fails on size alone.
    image = random.Random(0).randbytes(100 * 1024)
    content = _zip({"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.xml": b"<workbook/>", "xl/media/1.png": image})

    with pytest.raises(ValidationError) as error:
        inspect_upload(SimpleUploadedFile("log.xlsx", content))

    assert error.value.code == "archive_too_expansive"
    assert error.value.messages[0] == "The file would expand to 100.1\xa0KB when opened; the limit is 64.0\xa0KB."


def test_an_office_file_packed_tighter_than_any_real_document_is_refused():
    content = _zip({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": bytes(MiB)})

    with pytest.raises(ValidationError) as error:
        inspect_upload(SimpleUploadedFile("letter.docx", content))

    assert error.value.code == "archive_too_expansive"
    message = error.value.messages[0]
    expansion = re.fullmatch(r"The file would expand (\d+) times over when opened; the limit is 100 times\.", message)
    assert int(expansion[1]) > 100


def test_an_office_file_of_too_many_parts_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_MEMBERS", 50)
    parts = {f"word/media/{number}.png": b"" for number in range(49)}
    content = _zip({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": b"<w:document/>", **parts})

    with pytest.raises(ValidationError) as error:
        inspect_upload(SimpleUploadedFile("letter.docx", content))

    assert error.value.code == "archive_too_many_members"
    assert error.value.messages[0] == "The file is made of more than 50 parts; a Word or Excel file has far fewer."


def test_an_office_file_of_as_many_parts_as_allowed_is_accepted(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_MEMBERS", 50)
    parts = {f"word/media/{number}.png": b"" for number in range(48)}
    content = _zip({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": b"<w:document/>", **parts})

    file_type, _ = inspect_upload(SimpleUploadedFile("letter.docx", content))

    assert file_type is uploads.DOCX


@pytest.mark.parametrize(
    ("content", "raised_by_zipfile"),
    [
        (_docx()[:-10], zipfile.BadZipFile),
        (_docx_declaring((VERSION_NEEDED, "<H", 0xFF)), NotImplementedError),
        (_docx_declaring((FLAGS, "<H", 0x800), (FILE_NAME, "B", 0xFF)), UnicodeDecodeError),
    ],
    ids=["cut short", "from a future zip version", "name flagged UTF-8 but not"],
)
def test_an_office_file_with_a_corrupt_central_directory_is_not_an_allowed_file(content, raised_by_zipfile):
    with pytest.raises(raised_by_zipfile):
        zipfile.ZipFile(io.BytesIO(content))

    with pytest.raises(ValidationError) as error:
        inspect_upload(SimpleUploadedFile("letter.docx", content))

    assert error.value.code == "type_not_allowed"


def _long_letter() -> bytes:
    """A docx of 20,000 paragraphs and a photo, a few hundred KB like a real long statement."""
    paragraphs = b"".join(b"<w:p><w:r><w:t>Paragraph %d of the statement.</w:t></w:r></w:p>" % n for n in range(20_000))
    return _zip(
        {
            "[Content_Types].xml": CONTENT_TYPES,
            "word/document.xml": b"<w:document><w:body>%s</w:body></w:document>" % paragraphs,
            "word/media/image1.png": random.Random(0).randbytes(256 * 1024),
        }
    )


def _long_workbook() -> bytes:
    """An xlsx of 20,000 rows of figures."""
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (n, n, n * 7919) for n in range(20_000))
    return _zip(
        {
            "[Content_Types].xml": CONTENT_TYPES,
            "xl/workbook.xml": b"<workbook/>",
            "xl/worksheets/sheet1.xml": b"<sheetData>%s</sheetData>" % rows,
        }
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [("statement.docx", _long_letter()), ("log.xlsx", _long_workbook())],
    ids=["long letter with a photo", "long workbook"],
)
def test_a_large_ordinary_office_file_is_accepted(name, content):
    file_type, _ = inspect_upload(SimpleUploadedFile(name, content))

    assert name.endswith(tuple(file_type.extensions))


# --- file names ------------------------------------------------------------------------------------


def test_a_file_name_longer_than_the_limit_is_refused_with_the_limit_stated():
    name = "Reply from the organisation " + "x" * 198 + ".pdf"

    with pytest.raises(ValidationError) as error:
        inspect_upload(SimpleUploadedFile(name, _pdf()))

    assert error.value.code == "name_too_long"
    assert error.value.messages[0] == (
        "File names can be at most 200 characters; this one has 230. Rename the file and attach it again."
    )


def test_a_file_name_at_the_limit_is_accepted():
    file_type, _ = inspect_upload(SimpleUploadedFile("x" * 196 + ".pdf", _pdf()))

    assert file_type.content_type == "application/pdf"


def test_the_file_name_limit_is_what_a_document_keeps():
    assert Document._meta.get_field("original_name").max_length == uploads.MAX_NAME_LENGTH


# --- an upload past the size limit is dropped as it arrives --------------------------------------

HANDLERS = [
    "cases.uploads.SizeLimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
BOUNDARY = "Boundary7MA4YWxkTrZu0gW"


class _Counting:
    """Counts the bytes that reach this handler."""

    received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int):
        self.received += len(raw_data)
        return super().receive_data_chunk(raw_data, start)


class _CountingMemoryHandler(_Counting, MemoryFileUploadHandler):
    pass


class _CountingTemporaryHandler(_Counting, TemporaryFileUploadHandler):
    pass


def _field(name: str, value: str) -> bytes:
    return f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()


class _StreamedBody:
    """A multipart body whose file is ``size`` zero bytes made as they are read: the test never holds them."""

    def __init__(self, *, before: dict, file_field: str, file_name: str, size: int, after: dict):
        self.head = (
            b"".join(_field(name, value) for name, value in before.items())
            + (
                f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{file_name}"\r\n'
                "Content-Type: application/pdf\r\n\r\n"
            ).encode()
        )
        self.size = size
        self.tail = (
            b"\r\n" + b"".join(_field(name, value) for name, value in after.items()) + f"--{BOUNDARY}--\r\n".encode()
        )
        self.length = len(self.head) + size + len(self.tail)
        self.position = 0

    def read(self, size: int = -1) -> bytes:
        start = self.position
        end = self.length if size < 0 else min(start + size, self.length)
        self.position = end
        file_start, file_end = len(self.head), len(self.head) + self.size
        return (
            self.head[start:end]
            + bytes(max(0, min(end, file_end) - max(start, file_start)))
            + self.tail[max(start - file_end, 0) : max(end - file_end, 0)]
        )


def _receive(body: _StreamedBody) -> tuple[HttpRequest, object, object]:
    """Parse ``body`` as Django does for a request, behind our handler and the two standard ones."""
    request = HttpRequest()
    request.upload_handlers = [
        SizeLimitedUploadHandler(request),
        _CountingMemoryHandler(request),
        _CountingTemporaryHandler(request),
    ]
    meta = {"CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}", "CONTENT_LENGTH": str(body.length)}
    post, files = request.parse_file_upload(meta, body)
    return request, post, files


@pytest.fixture
def upload_temp_dir(settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path / "uploads"
    settings.FILE_UPLOAD_TEMP_DIR.mkdir()
    return settings.FILE_UPLOAD_TEMP_DIR


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("limit", "size", "message"),
    [
        (MiB, 64 * MiB, "The file is 64.0\xa0MB; the limit is 1.0\xa0MB."),
        (64 * 1024, MiB, "The file is 1.0\xa0MB; the limit is 64.0\xa0KB."),
    ],
    ids=["streamed to disk", "held in memory"],
)
def test_an_upload_past_the_limit_is_dropped_as_it_arrives(settings, upload_temp_dir, limit, size, message):
    settings.DOCUMENT_MAX_BYTES = limit
    body = _StreamedBody(
        before={"documents-0-description": "Export of the customer database"},
        file_field="documents-0-file",
        file_name="export.pdf",
        size=size,
        after={"link_reason": "Asked the organisation for a smaller extract."},
    )

    tracemalloc.start()
    try:
        request, post, files = _receive(body)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert body.position == body.length, "the rest of the request is still read, and dropped"
    assert all(handler.received <= limit for handler in request.upload_handlers[1:])
    assert not any(upload_temp_dir.iterdir()), "the partly written temporary file is deleted"
    assert peak < 4 * MiB
    upload = files["documents-0-file"]
    assert (upload.name, upload.size, upload.read()) == ("export.pdf", size, b"")
    assert post["link_reason"] == "Asked the organisation for a smaller extract."
    form = DocumentUploadForm(post, files, prefix="documents-0")
    assert form.errors["file"] == [message]
    assert form["description"].value() == "Export of the customer database"


def test_an_upload_at_the_limit_reaches_the_next_handler_whole(settings, upload_temp_dir):
    settings.DOCUMENT_MAX_BYTES = 3 * MiB
    body = _StreamedBody(before={}, file_field="file", file_name="export.pdf", size=3 * MiB, after={})

    request, _, files = _receive(body)

    upload = files["file"]
    assert upload.temporary_file_path().startswith(str(upload_temp_dir))
    assert (upload.size, upload.read()) == (3 * MiB, bytes(3 * MiB))
    assert request.upload_handlers[2].received == 3 * MiB
    upload.close()


@pytest.mark.django_db
def test_an_officer_attaching_an_oversized_file_is_told_its_size_and_keeps_what_they_typed(
    client, officer, settings, upload_temp_dir
):
    settings.FILE_UPLOAD_HANDLERS = HANDLERS
    settings.DOCUMENT_MAX_BYTES = 64 * 1024
    # Past this the request is streamed to a temporary file, as a large one would be.
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
    case = CaseFactory(assigned_officer=officer)
    client.force_login(officer)

    response = client.post(
        f"/admin/cases/case/{case.pk}/change/",
        {
            **case_change_form(case),
            "documents-TOTAL_FORMS": "1",
            "documents-0-file": SimpleUploadedFile("export.pdf", _pdf() + bytes(MiB)),
            "documents-0-description": "Export of the customer database",
        },
    )

    assert response.status_code == 200
    # Django's handlers would have given a TemporaryUploadedFile; the content never got that far.
    assert type(response.wsgi_request.FILES["documents-0-file"]) is UploadedFile
    page = response.content.decode()
    assert "The file is 1.0\xa0MB; the limit is 64.0\xa0KB." in page
    assert "Export of the customer database" in page
    assert not Document.objects.exists()
    assert not case.events.exists()
    root = Path(settings.DOCUMENTS_ROOT)
    assert not root.exists() or not any(path.is_file() for path in root.rglob("*"))
    assert not any(upload_temp_dir.iterdir())


@pytest.mark.django_db
def test_an_allowed_file_is_still_stored_with_the_size_limiting_handler_first(client, officer, settings):
    settings.FILE_UPLOAD_HANDLERS = HANDLERS
    case = CaseFactory(assigned_officer=officer)
    client.force_login(officer)

    response = client.post(
        f"/admin/cases/case/{case.pk}/change/",
        {
            **case_change_form(case),
            "documents-TOTAL_FORMS": "1",
            "documents-0-file": SimpleUploadedFile("reply.pdf", _pdf()),
        },
    )

    assert response.status_code == 302
    document = Document.objects.get()
    with document.file.open("rb") as stored:
        assert stored.read() == _pdf()
