"""An upload past the size limit is dropped as it arrives: the rest of the request is still read, no
more than the limit is held or written, and the officer is told the size and keeps what they typed."""

import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler
from django.http import HttpRequest

from cases.forms import DocumentUploadForm
from cases.models import Document
from cases.uploads import SizeLimitedUploadHandler
from tests.helpers.factories import CaseFactory
from tests.helpers.pages import add_document_page, case_page
from tests.helpers.sample_files import PDF, MiB, no_file_stored_under

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
        before={"csrfmiddlewaretoken": "token"},
        file_field="file",
        file_name="export.pdf",
        size=size,
        after={"description": "Export of the customer database"},
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
    upload = files["file"]
    assert (upload.name, upload.size, upload.read()) == ("export.pdf", size, b"")
    assert post["description"] == "Export of the customer database"
    form = DocumentUploadForm(post, files)
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
        add_document_page(case),
        {
            "file": SimpleUploadedFile("export.pdf", PDF + bytes(MiB)),
            "description": "Export of the customer database",
        },
    )

    assert response.status_code == 200
    # Django's handlers would have given a TemporaryUploadedFile; the content never got that far.
    assert type(response.wsgi_request.FILES["file"]) is UploadedFile
    page = response.content.decode()
    assert "The file is 1.0\xa0MB; the limit is 64.0\xa0KB." in page
    assert "Export of the customer database" in page
    assert not Document.objects.exists()
    assert not case.events.exists()
    assert no_file_stored_under(settings.DOCUMENTS_ROOT)
    assert not any(upload_temp_dir.iterdir())


@pytest.mark.django_db
def test_an_allowed_file_is_still_stored_with_the_size_limiting_handler_first(client, officer, settings):
    settings.FILE_UPLOAD_HANDLERS = HANDLERS
    case = CaseFactory(assigned_officer=officer)
    client.force_login(officer)

    response = client.post(add_document_page(case), {"file": SimpleUploadedFile("reply.pdf", PDF)})

    assert (response.status_code, response["Location"]) == (302, case_page(case))
    document = Document.objects.get()
    with document.file.open("rb") as stored:
        assert stored.read() == PDF
