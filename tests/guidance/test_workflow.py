"""Writing, review and publishing through the services: four eyes, scheduling by time, archiving and
superseding, each step in the history."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dpa.roles import PUBLISHER
from guidance import services
from guidance.models import Event, Publication, Status, Version
from tests.helpers.factories import make_user
from tests.helpers.guidance import PNG_BYTES, attach, publish_reviewed, published, written
from tests.helpers.moments import NOW

pytestmark = pytest.mark.django_db

LATER = NOW + timedelta(days=14)


@pytest.fixture
def second_publisher():
    return make_user(PUBLISHER, username="publisher2")


def _messages(error: ValidationError) -> list[str]:
    return list(error.messages)


def _english_changed(publication, *, by) -> None:
    services.save_text(publication, language="en", title="Opt out", summary="How.", body="Tap twice.", by=by, now=NOW)


def test_a_publisher_publishes_what_an_editor_wrote_as_version_one(editor, publisher):
    publication = written("opt-out", by=editor)
    services.submit_for_review(publication, by=editor, now=NOW)

    version = services.publish(publication, change_note="First published.", by=publisher, now=NOW)

    publication.refresh_from_db()
    assert (version.number, version.published_at, version.published_by) == (1, NOW, publisher)
    assert publication.status == Status.PUBLISHED
    assert publication.live_version(NOW) == version
    assert list(Publication.objects.published(NOW)) == [publication]


def test_an_editor_cannot_publish_at_all(editor):
    publication = written("opt-out", by=make_user(PUBLISHER))
    services.submit_for_review(publication, by=editor, now=NOW)

    with pytest.raises(PermissionDenied):
        services.publish(publication, change_note="Mine.", by=editor, now=NOW)
    assert not Version.objects.exists()


def test_a_publisher_cannot_publish_a_version_they_edited_last(editor, publisher, second_publisher):
    publication = written("opt-out", by=editor)
    services.save_text(
        publication, language="en", title="Opt out", summary="How.", body="## Steps\n\nTap.", by=publisher, now=NOW
    )
    services.submit_for_review(publication, by=publisher, now=NOW)

    with pytest.raises(ValidationError) as refused:
        services.publish(publication, change_note="Fixed a typo.", by=publisher, now=NOW)

    assert _messages(refused.value) == ["You edited this version last: someone else must publish it."]
    assert not Version.objects.exists()
    services.publish(publication, change_note="Fixed a typo.", by=second_publisher, now=NOW)
    assert publication.versions.count() == 1


def test_a_publisher_who_only_submitted_may_publish_what_someone_else_wrote(editor, publisher):
    publication = written("opt-out", by=editor)
    services.submit_for_review(publication, by=publisher, now=NOW)

    assert services.publish(publication, change_note="First.", by=publisher, now=NOW).number == 1


def test_only_a_draft_in_review_is_published(editor, publisher):
    publication = written("opt-out", by=editor)

    with pytest.raises(ValidationError) as refused:
        services.publish(publication, change_note="First.", by=publisher, now=NOW)

    assert "submit it for review first" in _messages(refused.value)[0]


def test_a_publication_with_no_text_cannot_be_submitted(editor):
    publication = services.create_publication(slug="empty", kind="leaflet", by=editor, now=NOW)

    with pytest.raises(ValidationError) as refused:
        services.submit_for_review(publication, by=editor, now=NOW)

    assert _messages(refused.value) == ["Write the publication in at least one language first."]
    publication.refresh_from_db()
    assert publication.status == Status.DRAFT


def test_a_picture_without_a_description_stops_the_submission_with_the_language_named(editor):
    publication = written("pictures", by=editor, zh=("圖片", "摘要。", "![](missing.png)"))

    with pytest.raises(ValidationError) as refused:
        services.submit_for_review(publication, by=editor, now=NOW)

    assert _messages(refused.value) == [
        "Traditional Chinese: Every picture needs a description for readers who cannot see it: "
        "![what it shows](file.png).",
        "Traditional Chinese: A picture must be a PNG or JPEG file attached to this publication, "
        "named by its file name: ?",
    ]


def test_a_change_note_is_required(editor, publisher):
    publication = written("opt-out", by=editor)
    services.submit_for_review(publication, by=editor, now=NOW)

    with pytest.raises(ValidationError) as refused:
        services.publish(publication, change_note="  ", by=publisher, now=NOW)

    assert refused.value.message_dict == {"change_note": ["Say what changed, for readers of the versions page."]}


def test_a_scheduled_version_is_public_from_its_time_and_not_before(editor, publisher):
    publication = written("framework", by=editor)

    version = publish_reviewed(publication, author=editor, publisher=publisher, now=NOW, at=LATER)

    assert version.published_at == LATER
    assert not Publication.objects.published(NOW).exists()
    assert not Publication.objects.published(LATER - timedelta(seconds=1)).exists()
    assert list(Publication.objects.published(LATER)) == [publication]
    assert publication.live_version(NOW) is None
    assert publication.live_version(LATER) == version
    assert [event.kind for event in publication.events.order_by("pk")][-1] == Event.Kind.SCHEDULED


def test_a_time_already_past_cannot_be_scheduled(editor, publisher):
    publication = written("framework", by=editor)
    services.submit_for_review(publication, by=editor, now=NOW)

    with pytest.raises(ValidationError) as refused:
        services.schedule(publication, at=NOW, change_note="First.", by=publisher, now=NOW)

    assert "must be in the future" in refused.value.message_dict["at"][0]
    assert not Version.objects.exists()


def test_a_time_more_than_two_years_ahead_cannot_be_scheduled(editor, publisher):
    publication = written("framework", by=editor)
    services.submit_for_review(publication, by=editor, now=NOW)

    with pytest.raises(ValidationError) as refused:
        services.schedule(publication, at=NOW + timedelta(days=800), change_note="First.", by=publisher, now=NOW)

    assert refused.value.message_dict == {"at": ["A version can be scheduled at most two years ahead."]}
    services.schedule(publication, at=NOW + timedelta(days=700), change_note="First.", by=publisher, now=NOW)


def test_a_newer_version_approved_while_an_older_one_waits_is_the_one_shown(editor, publisher):
    publication = written("framework", by=editor)
    publish_reviewed(publication, author=editor, publisher=publisher, now=NOW, at=LATER)
    services.save_text(publication, language="en", title="Framework", summary="New.", body="Newer.", by=editor, now=NOW)

    newer = publish_reviewed(publication, author=editor, publisher=publisher, now=NOW, note="Corrected.")

    assert publication.live_version(NOW) == newer
    assert publication.live_version(LATER) == newer


def test_editing_a_published_publication_leaves_the_public_version_until_the_next_is_published(editor, publisher):
    publication = published("opt-out", author=editor, publisher=publisher)

    services.save_text(publication, language="en", title="Opt out", summary="Now.", body="Changed.", by=editor, now=NOW)

    publication.refresh_from_db()
    assert publication.status == Status.DRAFT
    assert publication.live_version(NOW).texts.get().body == "## opt-out\n\nWhat to know."


def test_saving_the_same_words_again_changes_nothing(editor, publisher):
    publication = written("opt-out", by=editor, en=("Opt out", "How.", "Tap."))
    events = publication.events.count()

    services.save_text(publication, language="en", title="Opt out ", summary="How.", body="Tap.", by=publisher, now=NOW)

    publication.refresh_from_db()
    assert publication.last_edited_by == editor
    assert publication.events.count() == events
    assert publication.texts.get().revision == 1


def test_a_translation_made_from_an_older_english_text_is_published_as_out_of_date(editor, publisher):
    publication = written("opt-out", by=editor, en=("Opt out", "How.", "Tap."), zh=("退出", "方法。", "按。"))
    _english_changed(publication, by=editor)

    version = publish_reviewed(publication, author=editor, publisher=publisher)

    texts = {text.language: text for text in version.texts.all()}
    assert (texts["en"].out_of_date, texts["zh-hant"].out_of_date) == (False, True)
    zh = publication.texts.get(language="zh-hant")
    assert (zh.translated_from_revision, publication.texts.get(language="en").revision) == (1, 2)


def test_an_approved_translation_is_current_again_in_the_next_version(editor, publisher):
    publication = written("opt-out", by=editor, en=("Opt out", "How.", "Tap."), zh=("退出", "方法。", "按。"))
    _english_changed(publication, by=editor)
    publish_reviewed(publication, author=editor, publisher=publisher)

    services.approve_translation(publication.texts.get(language="zh-hant"), by=editor, now=NOW)
    version = publish_reviewed(publication, author=editor, publisher=publisher, note="Translation checked.")

    assert not version.texts.get(language="zh-hant").out_of_date
    assert publication.events.filter(kind=Event.Kind.TRANSLATION_APPROVED, by=editor).count() == 1


def test_a_translation_saved_as_matching_the_english_is_current(editor, publisher):
    publication = written("opt-out", by=editor, en=("Opt out", "How.", "Tap."), zh=("退出", "方法。", "按。"))
    _english_changed(publication, by=editor)

    services.save_text(
        publication,
        language="zh-hant",
        title="退出",
        summary="方法。",
        body="按兩次。",
        matches_english=True,
        by=editor,
        now=NOW,
    )

    assert publication.texts.get(language="zh-hant").translated_from_revision == 2


def test_the_english_text_is_never_a_translation(editor):
    publication = written("opt-out", by=editor)

    with pytest.raises(ValidationError):
        services.approve_translation(publication.texts.get(language="en"), by=editor, now=NOW)


def test_archiving_takes_a_publication_out_of_the_current_list_but_keeps_it_published(editor, publisher):
    publication = published("old-advice", author=editor, publisher=publisher)

    services.archive(publication, note="The law has changed.", by=publisher, now=NOW)

    publication.refresh_from_db()
    assert (publication.archived_at, publication.archive_note) == (NOW, "The law has changed.")
    assert not Publication.objects.current(NOW).exists()
    assert list(Publication.objects.published(NOW)) == [publication]


def test_only_a_published_publication_can_be_archived(editor, publisher):
    with pytest.raises(ValidationError):
        services.archive(written("draft", by=editor), note="Not needed.", by=publisher, now=NOW)


def test_an_editor_cannot_archive(editor, publisher):
    publication = published("old-advice", author=editor, publisher=publisher)

    with pytest.raises(PermissionDenied):
        services.archive(publication, note="Mine.", by=editor, now=NOW)


def test_superseding_archives_the_old_publication_and_points_at_its_successor(editor, publisher):
    old = published("breach-handling-2019", author=editor, publisher=publisher)
    new = published("breach-handling", author=editor, publisher=publisher)

    services.supersede(old, successor=new, note="", by=publisher, now=NOW)

    old.refresh_from_db()
    assert (old.superseded_by, old.archived_at, old.archive_note) == (new, NOW, "")
    assert list(Publication.objects.current(NOW)) == [new]
    assert old.events.filter(kind=Event.Kind.SUPERSEDED, note="breach-handling").exists()


@pytest.mark.parametrize("successor_is", ["itself", "a draft", "archived", "scheduled"])
def test_the_successor_must_be_another_current_publication(editor, publisher, successor_is):
    old = published("breach-handling-2019", author=editor, publisher=publisher)
    if successor_is == "itself":
        successor = old
    elif successor_is == "a draft":
        successor = written("breach-handling", by=editor)
    elif successor_is == "archived":
        successor = published("breach-handling", author=editor, publisher=publisher)
        services.archive(successor, note="Withdrawn.", by=publisher, now=NOW)
    else:
        successor = published("breach-handling", author=editor, publisher=publisher, at=LATER)

    with pytest.raises(ValidationError) as refused:
        services.supersede(old, successor=successor, note="", by=publisher, now=NOW)

    assert "successor" in refused.value.message_dict
    old.refresh_from_db()
    assert old.archived_at is None


def test_every_step_is_in_the_history_with_who_and_when(editor, publisher):
    new = published("breach-handling", author=editor, publisher=publisher)
    publication = written("breach-handling-2019", by=editor, now=NOW)
    services.submit_for_review(publication, by=editor, now=NOW + timedelta(hours=1))
    services.return_to_author(publication, note="Add the deadline.", by=publisher, now=NOW + timedelta(hours=2))
    services.save_text(publication, language="en", title="Breaches", summary="S.", body="B.", by=editor, now=NOW)
    publish_reviewed(publication, author=editor, publisher=publisher, now=NOW + timedelta(hours=3))
    services.supersede(publication, successor=new, note="", by=publisher, now=NOW + timedelta(hours=4))

    history = [(event.kind, event.by.username) for event in publication.events.order_by("pk")]

    assert history == [
        (Event.Kind.CREATED, "editor"),
        (Event.Kind.EDITED, "editor"),
        (Event.Kind.SUBMITTED, "editor"),
        (Event.Kind.RETURNED, "publisher"),
        (Event.Kind.EDITED, "editor"),
        (Event.Kind.SUBMITTED, "editor"),
        (Event.Kind.PUBLISHED, "publisher"),
        (Event.Kind.SUPERSEDED, "publisher"),
    ]
    assert publication.history.filter(history_user=publisher, status=Status.PUBLISHED).exists()


def test_returning_to_the_author_needs_a_note(editor, publisher):
    publication = written("opt-out", by=editor)
    services.submit_for_review(publication, by=editor, now=NOW)

    with pytest.raises(ValidationError):
        services.return_to_author(publication, note="", by=publisher, now=NOW)
    publication.refresh_from_db()
    assert publication.status == Status.IN_REVIEW


def test_a_publication_cannot_be_related_to_itself(editor):
    publication = written("opt-out", by=editor)

    with pytest.raises(ValidationError):
        services.change_details(publication, kind="leaflet", topics=[], related=[publication], by=editor, now=NOW)


def test_changing_the_kind_makes_the_publication_a_draft_to_review_again(editor, publisher):
    publication = published("opt-out", author=editor, publisher=publisher)

    services.change_details(publication, kind="how_to", topics=[], related=[], by=editor, now=NOW)

    publication.refresh_from_db()
    assert (publication.kind, publication.status, publication.last_edited_by) == ("how_to", Status.DRAFT, editor)


def test_the_history_keeps_which_text_was_edited_and_which_file_was_attached_as_data(editor):
    publication = written("opt-out", by=editor, en=("Opt out", "How.", "Tap."), zh=("退出", "方法。", "按。"))
    attach(publication, "switch.png", by=editor, content=PNG_BYTES)
    services.change_details(publication, kind="how_to", topics=[], related=[], by=editor, now=NOW)

    history = [(event.kind, event.language, event.note) for event in publication.events.order_by("pk")]

    assert history == [
        (Event.Kind.CREATED, "", ""),
        (Event.Kind.EDITED, "en", ""),
        (Event.Kind.EDITED, "zh-hant", ""),
        (Event.Kind.FILE_ATTACHED, "", "switch.png"),
        (Event.Kind.DETAILS_CHANGED, "", ""),
    ]
