"""The preview of the editors' current texts: a signed link that works for a few days, never cached
or indexed, saying plainly that what it shows is not published."""

import time
from datetime import timedelta

import pytest
from django.core import signing
from django.utils import timezone

from guidance import services
from guidance.preview import LIFETIME, SALT, preview_path
from tests.helpers.guidance import PNG_BYTES, attach, published, written
from tests.helpers.pages import text_of

pytestmark = pytest.mark.django_db

ENGLISH = ("Opt out of AI training", "How to stop it.", "## Why\n\nYour posts are yours.")
CHINESE = ("拒絕人工智能訓練", "如何阻止。", "## 原因\n\n你的帖文屬於你。")


class SignedTooLongAgo(signing.TimestampSigner):
    """Signs as the site would have a little over ``LIFETIME`` ago."""

    def timestamp(self):
        return signing.b62_encode(int(time.time() - LIFETIME.total_seconds() - 60))


def _assert_private(response) -> None:
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex"
    assert "ETag" not in response


def test_a_preview_link_shows_a_drafts_text_marked_as_not_published(client, editor):
    publication = written("opt-out", by=editor, en=ENGLISH, zh=CHINESE)

    response = client.get(preview_path(publication, language="en"))

    assert response.status_code == 200
    page = text_of(response.content.decode())
    assert "Preview: not published" in page
    assert "This is the editors' current text (Draft)." in page
    assert "Nothing of it is public yet." in page
    assert "Opt out of AI training" in page
    assert "Your posts are yours." in page
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()
    _assert_private(response)


def test_a_preview_link_opens_the_page_in_the_language_it_was_made_for(client, editor):
    publication = written("opt-out", by=editor, en=ENGLISH, zh=CHINESE)

    address = preview_path(publication, language="zh-hant")
    html = client.get(address).content.decode()

    assert address.startswith("/zh-hant/guidance/preview/")
    assert '<html lang="zh-Hant">' in html
    assert "你的帖文屬於你。" in text_of(html)
    assert "Your posts are yours." not in text_of(html)


def test_a_preview_of_a_published_publication_shows_the_new_words_and_says_which_version_is_out(
    client, editor, publisher
):
    publication = published("opt-out", author=editor, publisher=publisher, now=timezone.now() - timedelta(days=2))
    services.save_text(
        publication,
        language="en",
        title="Opt out, revised",
        summary="S.",
        body="New words.",
        by=editor,
        now=timezone.now(),
    )

    page = text_of(client.get(preview_path(publication, language="en")).content.decode())

    assert "Opt out, revised" in page
    assert "New words." in page
    assert "The public page shows version 1." in page
    assert "Opt out, revised" not in text_of(client.get("/en/guidance/opt-out/").content.decode())


def test_a_preview_of_a_scheduled_version_says_when_it_comes_out(client, editor, publisher):
    now = timezone.now()
    at = timezone.localtime(now + timedelta(days=2)).replace(hour=9, minute=30, second=0, microsecond=0)
    publication = published("opt-out", author=editor, publisher=publisher, now=now, at=at)

    page = text_of(client.get(preview_path(publication, language="en")).content.decode())

    assert "This text has been approved for publication." in page
    assert f"Version 1 is scheduled to come out on {at:%a %-d %b %Y}, 09:30." in page
    assert "Nothing of it is public yet." in page


def test_a_preview_shows_pictures_from_the_files_address_and_what_stops_publishing(client, editor):
    publication = written("opt-out", by=editor)
    attach(publication, "switch.png", by=editor, content=PNG_BYTES)
    body = "![The switch](switch.png)\n\n![](switch.png)"
    services.save_text(publication, language="en", title="T", summary="S.", body=body, by=editor, now=timezone.now())

    html = client.get(preview_path(publication, language="en")).content.decode()

    assert '<img alt="The switch" src="/guidance/files/opt-out/switch.png">' in html
    assert "Before it can be published:" in text_of(html)
    assert "Every picture needs a description" in text_of(html)


def test_a_preview_of_a_publication_with_no_text_yet_says_so(client, editor):
    publication = services.create_publication(slug="empty", kind="leaflet", by=editor, now=timezone.now())

    response = client.get(preview_path(publication, language="en"))

    assert response.status_code == 200
    assert "No text has been written for this publication yet." in text_of(response.content.decode())


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # the signature changed
        lambda token: signing.dumps(999999, salt=SALT),  # a publication that does not exist
        lambda token: signing.dumps(int(signing.loads(token, salt=SALT))),  # signed for something else
        lambda token: "not-a-token",
    ],
)
def test_a_tampered_or_foreign_preview_link_is_not_found(client, editor, tamper):
    publication = written("opt-out", by=editor, en=ENGLISH)
    token = preview_path(publication, language="en").rstrip("/").rsplit("/", 1)[1]

    response = client.get(f"/en/guidance/preview/{tamper(token)}/")

    assert response.status_code == 404
    assert "Opt out of AI training" not in response.content.decode()


def test_an_expired_preview_link_says_so(client, editor):
    publication = written("opt-out", by=editor, en=ENGLISH)
    token = SignedTooLongAgo(salt=SALT).sign_object(publication.pk)

    response = client.get(f"/en/guidance/preview/{token}/")

    assert response.status_code == 410
    page = text_of(response.content.decode())
    assert "This preview link has expired" in page
    assert "A preview link works for 3 days" in page
    assert "Opt out of AI training" not in page
    _assert_private(response)
    # Genuine, only old: a link a little longer-lived would still work.
    assert signing.loads(token, salt=SALT, max_age=LIFETIME + timedelta(minutes=2)) == publication.pk
