"""Signed, expiring links to a publication's unpublished texts, for staff to read before publishing.

The link itself is the permission: whoever has it sees the editors' current texts until it expires,
so it can go to a reviewer without an account. Nothing about it is stored.
"""

from datetime import timedelta

from django.core import signing
from django.urls import reverse
from django.utils.translation import override

from guidance import rendering
from guidance.models import SOURCE_LANGUAGE, Publication, VersionText

SALT = "guidance.preview"
LIFETIME = timedelta(days=3)


class Expired(Exception):
    """A genuine preview link whose time is over."""


def preview_path(publication: Publication, *, language: str) -> str:
    """The address of a preview of ``publication``'s current texts, with the page in ``language``."""
    token = signing.dumps(publication.pk, salt=SALT)
    with override(language):
        return reverse("guidance:preview", kwargs={"token": token})


def previewed(token: str) -> Publication | None:
    """The publication a preview token names, None for a token this site did not sign; raises
    ``Expired`` for one that was signed over ``LIFETIME`` ago."""
    try:
        pk = signing.loads(token, salt=SALT, max_age=LIFETIME)
    except signing.SignatureExpired as expired:
        raise Expired from expired
    except signing.BadSignature:
        return None
    # Every text and file: the preview shows what the next version would publish.
    return Publication.objects.prefetch_related("texts", "attachments", "topics").filter(pk=pk).first()


def current_text(publication: Publication, *, language: str) -> tuple[VersionText | None, list[str]]:
    """The editors' text in ``language`` (else the other one) as a version would publish it, unsaved,
    and what would stop it being published. From ``previewed``'s prefetched texts and files."""
    texts = {text.language: text for text in publication.texts.all()}
    text = texts.get(language) or next(iter(texts.values()), None)
    if text is None:
        return None, []
    english = texts.get(SOURCE_LANGUAGE)
    shown, rendered = rendering.as_published(
        text, english_revision=english and english.revision, file_url=rendering.file_urls(publication)
    )
    return shown, rendered.problems
