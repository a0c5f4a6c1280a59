"""Documents attached to a case, checked before anything is stored."""

import hashlib
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from cases import permissions
from cases.models import (
    Case,
    CaseEvent,
    Document,
)
from cases.services.base import locked_case, record_event, save_with_actor
from cases.uploads import inspect_upload


@transaction.atomic
def add_document(case: Case, *, uploaded, by, now: datetime, description: str = "") -> Document:
    """Attach a file to a case after checking its size and its type from its content."""
    case = locked_case(case, by=by)
    permissions.require_work_on(by, case)
    if case.is_closed:
        raise ValidationError(_("A closed case cannot take new documents; reopen it first."))
    file_type, data = inspect_upload(uploaded)
    document = store_document(
        case,
        data=data,
        name=uploaded.name,
        content_type=file_type.content_type,
        by=by,
        now=now,
        description=description.strip(),
    )
    try:
        record_event(case, CaseEvent.Kind.DOCUMENT_ADDED, by=by, now=now, text=document.original_name)
    except Exception:
        document.file.delete(save=False)
        raise
    return document


def store_document(
    case: Case, *, data: bytes, name: str, content_type: str, by, now: datetime, description: str = "", **links
) -> Document:
    """Keep checked content as a document of ``case``; ``links`` are its ``letter`` or ``enquiry``.
    The file is removed again if the row cannot be saved."""
    digest = hashlib.sha256(data).hexdigest()
    document = Document(
        case=case,
        original_name=name,
        content_type=content_type,
        size=len(data),
        sha256=digest,
        description=description[:200],
        uploaded_by=by,
        uploaded_at=now,
        **links,
    )
    document.file.save(digest, ContentFile(data), save=False)
    try:
        save_with_actor(document, by=by)
    except Exception:
        document.file.delete(save=False)
        raise
    return document
