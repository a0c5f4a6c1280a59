"""Which files may be attached to a case, decided from their content rather than their name."""

import codecs
import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

SNIFF_BYTES = 2048


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
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


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
    """The allowed type this content is, or None."""
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
    limit = settings.DOCUMENT_MAX_BYTES
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
    extension = PurePath(uploaded.name or "").suffix.lower()
    if extension not in file_type.extensions:
        raise ValidationError(
            _("The file is named “%(name)s” but its content is a %(label)s; rename it or attach the right file.")
            % {"name": uploaded.name, "label": file_type.label},
            code="name_does_not_match_content",
        )
    return file_type, data
