"""Word and Excel files are zip archives: one that would expand too far, holds too many parts or has a
corrupt directory is refused without being unpacked, and a large ordinary one is accepted."""

import io
import random
import re
import struct
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cases import uploads
from cases.uploads import inspect_upload
from tests.helpers.sample_files import CONTENT_TYPES, DOCX, MiB, zip_of

# --- Office files that would expand too far -----------------------------------------------------

# Offsets in a zip central directory entry (PKWARE APPNOTE 4.3.12).
VERSION_NEEDED, FLAGS, UNCOMPRESSED_SIZE, FILE_NAME = 6, 8, 24, 46


def _docx_declaring(*fields: tuple[int, str, int]) -> bytes:
    """A docx whose central directory entry for word/document.xml says otherwise: (offset, format, value)."""
    content = bytearray(DOCX)
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
    content = zip_of({"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.xml": b"<workbook/>", "xl/media/1.png": image})

    with pytest.raises(ValidationError) as error:
        inspect_upload(SimpleUploadedFile("log.xlsx", content))

    assert error.value.code == "archive_too_expansive"
    assert error.value.messages[0] == "The file would expand to 100.1\xa0KB when opened; the limit is 64.0\xa0KB."


def test_an_office_file_packed_tighter_than_any_real_document_is_refused():
    content = zip_of({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": bytes(MiB)})

    with pytest.raises(ValidationError) as error:
        inspect_upload(SimpleUploadedFile("letter.docx", content))

    assert error.value.code == "archive_too_expansive"
    message = error.value.messages[0]
    expansion = re.fullmatch(r"The file would expand (\d+) times over when opened; the limit is 100 times\.", message)
    assert int(expansion[1]) > 100


def test_an_office_file_of_too_many_parts_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_MEMBERS", 50)
    parts = {f"word/media/{number}.png": b"" for number in range(49)}
    content = zip_of({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": b"<w:document/>", **parts})

    with pytest.raises(ValidationError) as error:
        inspect_upload(SimpleUploadedFile("letter.docx", content))

    assert error.value.code == "archive_too_many_members"
    assert error.value.messages[0] == "The file is made of more than 50 parts; a Word or Excel file has far fewer."


def test_an_office_file_of_as_many_parts_as_allowed_is_accepted(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_MEMBERS", 50)
    parts = {f"word/media/{number}.png": b"" for number in range(48)}
    content = zip_of({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": b"<w:document/>", **parts})

    file_type, _ = inspect_upload(SimpleUploadedFile("letter.docx", content))

    assert file_type is uploads.DOCX


@pytest.mark.parametrize(
    ("content", "raised_by_zipfile"),
    [
        (DOCX[:-10], zipfile.BadZipFile),
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
    return zip_of(
        {
            "[Content_Types].xml": CONTENT_TYPES,
            "word/document.xml": b"<w:document><w:body>%s</w:body></w:document>" % paragraphs,
            "word/media/image1.png": random.Random(0).randbytes(256 * 1024),
        }
    )


def _long_workbook() -> bytes:
    """An xlsx of 20,000 rows of figures."""
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (n, n, n * 7919) for n in range(20_000))
    return zip_of(
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
