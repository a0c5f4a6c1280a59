"""Which files may be attached to a case, decided from their content rather than their name."""

import codecs
import io
import math
import struct
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

SNIFF_BYTES = 2048
# Document.original_name keeps the name as uploaded; a longer one would have to be cut.
MAX_NAME_LENGTH = 200
# What a Word or Excel file may unpack to. A workbook at the 20 MB upload limit unpacks to about
# ten times that (spreadsheet XML compresses well): room for real files, a bound for crafted ones.
MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024
# Office XML compresses 5 to 30 times; a hundred is Apache POI's bound for any single part, and the
# whole archive, images included, never packs tighter than its tightest part.
MAX_COMPRESSION_RATIO = 100
# A document has tens of parts, a large workbook a few thousand.
MAX_MEMBERS = 10_000
# Each entry of a zip's central directory starts with this signature.
CENTRAL_DIRECTORY_ENTRY = b"PK\x01\x02"


@dataclass(frozen=True)
class FileType:
    content_type: str
    extensions: frozenset[str]
    label: Promise


PDF = FileType("application/pdf", frozenset({".pdf"}), gettext_lazy("PDF"))
PNG = FileType("image/png", frozenset({".png"}), gettext_lazy("PNG image"))
JPEG = FileType("image/jpeg", frozenset({".jpg", ".jpeg"}), gettext_lazy("JPEG image"))
DOCX = FileType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    frozenset({".docx"}),
    gettext_lazy("Word document"),
)
XLSX = FileType(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    frozenset({".xlsx"}),
    gettext_lazy("Excel workbook"),
)
TEXT = FileType("text/plain", frozenset({".txt", ".eml"}), gettext_lazy("plain text"))
ALLOWED_TYPES = (PDF, PNG, JPEG, DOCX, XLSX, TEXT)


def _office_type(data: bytes) -> FileType | None:
    """The Office type of a zip container, or None; refuses one that would expand too far when opened."""
    # Counted before parsing: zipfile builds an object per entry, and a 20 MB upload can declare
    # hundreds of thousands of them. Every parsed entry has the signature, so this is an upper bound.
    if data.count(CENTRAL_DIRECTORY_ENTRY) > MAX_MEMBERS:
        raise ValidationError(
            _("The file is made of more than %(limit)s parts; a Word or Excel file has far fewer.")
            % {"limit": number_format(MAX_MEMBERS, force_grouping=True)},
            code="archive_too_many_members",
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    # A crafted central directory makes zipfile raise more than BadZipFile.
    except (zipfile.BadZipFile, EOFError, NotImplementedError, ValueError, struct.error):
        return None
    names = {member.filename for member in members}
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        file_type = DOCX
    elif "xl/workbook.xml" in names:
        file_type = XLSX
    else:
        return None
    # The sizes are what the central directory declares; members are never decompressed here.
    unpacked = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members)
    if unpacked > MAX_UNCOMPRESSED_BYTES:
        raise ValidationError(
            _("The file would expand to %(size)s when opened; the limit is %(limit)s.")
            % {"size": filesizeformat(unpacked), "limit": filesizeformat(MAX_UNCOMPRESSED_BYTES)},
            code="archive_too_expansive",
        )
    ratio = math.ceil(unpacked / max(packed, 1))
    if ratio > MAX_COMPRESSION_RATIO:
        raise ValidationError(
            _("The file would expand %(ratio)d times over when opened; the limit is %(limit)d times.")
            % {"ratio": ratio, "limit": MAX_COMPRESSION_RATIO},
            code="archive_too_expansive",
        )
    return file_type


def _is_plain_text(head: bytes, *, cut: bool) -> bool:
    """Whether ``head`` reads as UTF-8 text; ``cut`` says it is only the start of the file."""
    # Windows tools often start UTF-8 text with a byte-order mark, which is not printable.
    head = head.removeprefix(codecs.BOM_UTF8)
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as error:
        # The sniffed prefix may cut a multi-byte character in half at its very end; a whole
        # file that ends that way, or any other invalid byte, is not text.
        if not (cut and error.reason == "unexpected end of data" and error.start >= len(head) - 3):
            return False
        text = head[: error.start].decode("utf-8")
    return all(ch.isprintable() or ch in "\r\n\t\f" for ch in text)


def detect_type(data: bytes) -> FileType | None:
    """The allowed type this content is, or None; an Office file too expansive to open is refused."""
    head = data[:SNIFF_BYTES]
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _office_type(data)
    if head and _is_plain_text(head, cut=len(data) > len(head)):
        return TEXT
    return None


def allowed_types_text() -> str:
    return ", ".join(f"{t.label} ({'/'.join(sorted(t.extensions))})" for t in ALLOWED_TYPES)


def inspect_upload(uploaded) -> tuple[FileType, bytes]:
    """Read an uploaded file and return its type and content, or raise ValidationError."""
    name = uploaded.name or ""
    if len(name) > MAX_NAME_LENGTH:
        raise ValidationError(
            _(
                "File names can be at most %(limit)d characters; this one has %(length)d. "
                "Rename the file and attach it again."
            )
            % {"limit": MAX_NAME_LENGTH, "length": len(name)},
            code="name_too_long",
        )
    limit = settings.DOCUMENT_MAX_BYTES
    # This also refuses what SizeLimitedUploadHandler kept of a file it stopped receiving.
    if uploaded.size is not None and uploaded.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    uploaded.seek(0)
    data = uploaded.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(
            _("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)}, code="too_large"
        )
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    file_type = detect_type(data)
    if file_type is None:
        raise ValidationError(
            _("This kind of file cannot be attached. Allowed: %(types)s.") % {"types": allowed_types_text()},
            code="type_not_allowed",
        )
    extension = PurePath(name).suffix.lower()
    if extension not in file_type.extensions:
        raise ValidationError(
            _("The file is named “%(name)s” but its content is a %(label)s; rename it or attach the right file.")
            % {"name": uploaded.name, "label": file_type.label},
            code="name_does_not_match_content",
        )
    return file_type, data


class SizeLimitedUploadHandler(FileUploadHandler):
    """Stops keeping an uploaded file once it passes DOCUMENT_MAX_BYTES; goes first in FILE_UPLOAD_HANDLERS."""

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.limit = settings.DOCUMENT_MAX_BYTES
        self.too_large = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if not self.too_large and start + len(raw_data) > self.limit:
            self.too_large = True
            handlers = self.request.upload_handlers
            for handler in handlers[handlers.index(self) + 1 :]:
                # TemporaryFileUploadHandler deletes its partly written file. MemoryFileUploadHandler
                # keeps its buffer, but it only takes requests under FILE_UPLOAD_MAX_MEMORY_SIZE.
                handler.upload_interrupted()
        # None stops the chunk here: the parser reads on to the next field and drops the rest.
        return None if self.too_large else raw_data

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if not self.too_large:
            return None
        # Its name and true size, no content: the form then says how large it was, rather than
        # dropping the field or calling it missing.
        return UploadedFile(
            io.BytesIO(),
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
