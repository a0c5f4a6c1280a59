"""The buttons of a publication's page, each a page of its own that calls one service: shown only to
those who may use them and when the state allows, refused with 403 to a role that may not, and
refusing bad input with a clear message that loses nothing typed. And versions, which are only read."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dpa.roles import PUBLISHER
from guidance import services
from guidance.models import Publication, Status, Version
from tests.helpers.factories import make_user
from tests.helpers.guidance import PNG_BYTES, attach, published, written
from tests.helpers.pages import text_of

pytestmark = pytest.mark.django_db

FOUR_EYES = "You edited this version last: someone else must publish it."


def _page(publication) -> str:
    return f"/admin/guidance/publication/{publication.pk}/change/"


def _button(publication, name: str) -> str:
    return f"/admin/guidance/publication/{publication.pk}/{name}/"


def _refreshed(publication) -> Publication:
    return Publication.objects.get(pk=publication.pk)


@pytest.fixture
def in_review(editor):
    """A draft written by ``editor`` and submitted for review."""
    publication = written("cctv-at-home", by=editor)
    services.submit_for_review(publication, by=editor, now=timezone.now())
    return _refreshed(publication)


@pytest.fixture
def live(editor, publisher):
    return published("cctv-at-home", author=editor, publisher=publisher, now=timezone.now() - timedelta(hours=1))


# --- who sees which button -----------------------------------------------------------------------------


def test_an_editor_may_submit_but_sees_no_publishing_button_and_is_refused_one(client, editor):
    publication = written("cctv-at-home", by=editor)
    client.force_login(editor)

    page = client.get(_page(publication)).content.decode()

    assert _button(publication, "submit") in page
    for name in ("return", "publish", "schedule", "archive", "supersede"):
        assert _button(publication, name) not in page
        assert client.get(_button(publication, name)).status_code == 403
        assert client.post(_button(publication, name), {"change_note": "Mine.", "note": "x"}).status_code == 403
    assert not Version.objects.exists()


def test_a_publisher_who_edited_last_is_told_before_trying_and_refused_when_trying(client, publisher):
    publication = written("cctv-at-home", by=publisher)
    services.submit_for_review(publication, by=publisher, now=timezone.now())
    client.force_login(publisher)

    page = client.get(_page(publication)).content.decode()
    publish_page = client.get(_button(publication, "publish"))
    posted = client.post(_button(publication, "publish"), {"change_note": "First."})

    assert "you cannot publish or schedule it" in text_of(page)
    assert _button(publication, "publish") not in page and _button(publication, "schedule") not in page
    assert _button(publication, "return") in page
    assert FOUR_EYES in publish_page.content.decode() and publish_page.context["form"] is None
    assert posted.status_code == 200 and FOUR_EYES in posted.content.decode()
    assert not Version.objects.exists()


def test_a_publisher_publishes_what_someone_else_edited(client, in_review, publisher):
    client.force_login(publisher)
    assert _button(in_review, "publish") in client.get(_page(in_review)).content.decode()

    response = client.post(_button(in_review, "publish"), {"change_note": "First published."})

    assert response["Location"] == _page(in_review)
    version = in_review.versions.get()
    assert (version.number, version.change_note, version.published_by) == (1, "First published.", publisher)
    assert _refreshed(in_review).status == Status.PUBLISHED


def test_publishing_needs_a_change_note(client, in_review, publisher):
    client.force_login(publisher)

    response = client.post(_button(in_review, "publish"), {"change_note": "  ", "change_note_zh_hant": ""})

    assert response.status_code == 200
    assert response.context["form"].errors == {"change_note": ["Say what changed, for readers of the versions page."]}
    assert not Version.objects.exists()


def test_a_change_note_may_be_written_in_chinese_only(client, in_review, publisher):
    client.force_login(publisher)

    client.post(_button(in_review, "publish"), {"change_note": "", "change_note_zh_hant": "首次發布。"})

    version = in_review.versions.get()
    assert (version.change_note, version.change_note_zh_hant) == ("", "首次發布。")


def test_a_button_the_state_does_not_allow_says_why_and_does_nothing(client, editor, publisher):
    draft = written("cctv-at-home", by=editor)
    client.force_login(publisher)

    response = client.post(_button(draft, "publish"), {"change_note": "Too soon."})
    archive = client.post(_button(draft, "archive"), {"note": "Too soon."})

    assert "Only a publication in review can be published; submit it for review first." in response.content.decode()
    assert "Only a published publication can be archived or superseded." in archive.content.decode()
    assert not Version.objects.exists()
    assert _refreshed(draft).archived_at is None


# --- each button's page -----------------------------------------------------------------------------------


def test_submitting_for_review_moves_the_draft_and_refuses_what_cannot_be_published(client, editor):
    ready = written("cctv-at-home", by=editor)
    broken = written("pictures", by=editor, en=("Pictures", "With one.", "![](missing.png)"))
    client.force_login(editor)

    submitted = client.post(_button(ready, "submit"), {})
    refused = client.post(_button(broken, "submit"), {})

    assert submitted["Location"] == _page(ready)
    assert _refreshed(ready).status == Status.IN_REVIEW
    assert "Every picture needs a description" in refused.content.decode()
    assert _refreshed(broken).status == Status.DRAFT


def test_returning_to_the_author_needs_a_note_and_records_it(client, in_review, publisher):
    client.force_login(publisher)

    empty = client.post(_button(in_review, "return"), {"note": ""})
    returned = client.post(_button(in_review, "return"), {"note": "Add the retention period."})

    assert empty.context["form"].errors == {"note": ["This field is required."]}
    assert returned["Location"] == _page(in_review)
    assert _refreshed(in_review).status == Status.DRAFT
    assert in_review.events.get(kind="returned").note == "Add the retention period."


def test_scheduling_refuses_a_time_in_the_past_keeping_the_note_and_takes_one_in_the_future(
    client, in_review, publisher
):
    client.force_login(publisher)
    url = _button(in_review, "schedule")
    past = timezone.localtime() - timedelta(hours=1)
    future = timezone.localtime() + timedelta(days=2)

    refused = client.post(url, {"at": past.strftime("%Y-%m-%dT%H:%M"), "change_note": "New retention rules."})
    scheduled = client.post(url, {"at": future.strftime("%Y-%m-%dT%H:%M"), "change_note": "New retention rules."})

    assert refused.context["form"].errors == {
        "at": ["A scheduled time must be in the future; to publish now, use Publish."]
    }
    assert "New retention rules." in refused.content.decode()
    assert scheduled["Location"] == _page(in_review)
    version = in_review.versions.get()
    assert version.published_at == future.replace(second=0, microsecond=0)
    assert "Scheduled for" in text_of(client.get(_page(in_review)).content.decode())


def test_the_schedule_page_reads_the_time_as_hong_kong_time(client, in_review, publisher):
    client.force_login(publisher)
    local = (timezone.localtime() + timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)

    client.post(_button(in_review, "schedule"), {"at": local.strftime("%Y-%m-%dT%H:%M"), "change_note": "Next."})

    hong_kong = timezone.get_fixed_timezone(timedelta(hours=8))
    assert in_review.versions.get().published_at.astimezone(hong_kong).hour == 9


def test_archiving_needs_a_note(client, live, publisher):
    client.force_login(publisher)

    empty = client.post(_button(live, "archive"), {"note": ""})
    archived = client.post(_button(live, "archive"), {"note": "The law changed."})

    assert "note" in empty.context["form"].errors
    assert archived["Location"] == _page(live)
    assert _refreshed(live).archive_note == "The law changed."
    assert _button(live, "archive") not in client.get(_page(live)).content.decode()


def test_superseding_offers_only_current_publications_and_points_to_the_successor(client, live, editor, publisher):
    now = timezone.now() - timedelta(hours=1)
    successor = published("cctv-in-flats", author=editor, publisher=make_user(PUBLISHER), now=now)
    draft = written("a-draft", by=editor)
    client.force_login(publisher)
    url = _button(live, "supersede")

    offered = client.get(url).context["form"].fields["successor"].queryset
    refused = client.post(url, {"successor": draft.pk, "note": "Kept."})
    superseded = client.post(url, {"successor": successor.pk, "note": ""})

    assert list(offered) == [successor]
    assert "successor" in refused.context["form"].errors and "Kept." in refused.content.decode()
    assert superseded["Location"] == _page(live)
    live = _refreshed(live)
    assert (live.superseded_by, live.archive_note) == (successor, "")
    assert f"Superseded by {successor.slug}" in text_of(client.get("/admin/guidance/publication/").content.decode())


def test_adding_a_file_lists_it_and_refuses_a_file_that_is_no_pdf_or_picture(client, editor):
    publication = written("cctv-at-home", by=editor)
    client.force_login(editor)
    url = _button(publication, "attach")

    refused = client.post(
        url, {"file": SimpleUploadedFile("notes.pdf", b"plain text"), "name": "", "title_en": "Checklist"}
    )
    added = client.post(url, {"file": SimpleUploadedFile("camera.png", PNG_BYTES), "name": "", "title_en": "A camera"})

    assert refused.context["form"].errors == {"file": ["Attach a PDF document, or a PNG or JPEG picture."]}
    assert 'value="Checklist"' in refused.content.decode()
    assert added["Location"] == _page(publication)
    page = text_of(client.get(_page(publication)).content.decode())
    assert "camera.png Picture (PNG or JPEG)" in page and "A camera" in page


def test_a_file_name_already_used_is_refused_in_words(client, editor):
    publication = written("cctv-at-home", by=editor)
    attach(publication, "checklist.pdf", by=editor)
    client.force_login(editor)

    response = client.post(
        _button(publication, "attach"),
        {"file": SimpleUploadedFile("other.pdf", b"%PDF-1.4\n"), "name": "checklist.pdf"},
    )

    assert "The publication already has a file of this name." in response.content.decode()
    assert publication.attachments.count() == 1


def test_the_page_links_a_preview_of_each_language_it_is_written_in(client, editor):
    publication = written("cctv-at-home", by=editor, en=("CCTV", "About it.", "Body."))
    client.force_login(editor)

    page = client.get(_page(publication)).content.decode()

    assert "/en/guidance/preview/" in page
    assert "/zh-hant/guidance/preview/" not in page


def test_the_page_lists_the_versions_and_the_history(client, live, publisher):
    later, editor = timezone.now() + timedelta(days=5), live.last_edited_by
    services.save_text(live, language="en", title="New", summary="New.", body="New.", by=editor, now=timezone.now())
    services.submit_for_review(live, by=editor, now=timezone.now())
    services.schedule(live, at=later, change_note="Second.", by=publisher, now=timezone.now())
    client.force_login(publisher)

    page = text_of(client.get(_page(live)).content.decode())

    assert "Second. " in page and "scheduled" in page
    for happened in ("Created", "Submitted for review", "Published", "Scheduled"):
        assert happened in page


# --- versions are only read ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["editor", "publisher", "administrator", "superuser"])
def test_versions_are_read_but_never_added_changed_or_deleted(client, live, who, request):
    version = live.versions.get()
    client.force_login(request.getfixturevalue(who))
    base = f"/admin/guidance/version/{version.pk}/"

    page = client.get(f"{base}change/")

    assert page.status_code == 200
    assert 'name="change_note"' not in page.content.decode()
    assert "What to know." in page.content.decode()
    assert client.post(f"{base}change/", {"change_note": "Rewritten."}).status_code == 403
    assert client.post(f"{base}delete/", {"post": "yes"}).status_code == 403
    # There is no page to add one: the address is taken as a version's, and no version has it.
    assert client.get("/admin/guidance/version/add/", follow=True).status_code == 404
    assert client.post("/admin/guidance/version/add/", {"change_note": "x"}, follow=True).status_code == 404
    version.refresh_from_db()
    assert version.change_note == "First published."
    assert Version.objects.count() == 1
