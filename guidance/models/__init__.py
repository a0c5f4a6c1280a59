"""Guidance the authority publishes: publications, the text editors write in each language, and the
immutable versions the public reads.

An editor works on one copy of a publication's text per language. Publishing turns that copy into a
numbered version with a publish time; the public reads the newest version whose time has come, so
a time in the future schedules it and nothing has to flip a flag when it arrives.
"""

from guidance.models.base import (
    FILE_NAME_FORM,
    RESERVED_SLUGS,
    SLUG_FORM,
    SOURCE_LANGUAGE,
    Kind,
    Language,
    Status,
    Topic,
    in_language,
)
from guidance.models.files import Attachment, AttachmentKind, FileStorage
from guidance.models.history import Event, EventKind
from guidance.models.publications import Publication, PublicationQuerySet, Text
from guidance.models.versions import Version, VersionText

__all__ = [
    "FILE_NAME_FORM",
    "RESERVED_SLUGS",
    "SLUG_FORM",
    "SOURCE_LANGUAGE",
    "Attachment",
    "AttachmentKind",
    "Event",
    "EventKind",
    "FileStorage",
    "Kind",
    "Language",
    "Publication",
    "PublicationQuerySet",
    "Status",
    "Text",
    "Topic",
    "Version",
    "VersionText",
    "in_language",
]
