"""The guidance invariants in ``Meta.constraints`` hold in the database itself, whatever writes the
row: each is broken here with ``QuerySet.update()``, which skips ``full_clean()``."""

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.db.models import F, UniqueConstraint

from guidance.models import Attachment, Event, Publication, Text, Topic, Version, VersionText
from tests.helpers.guidance import TopicFactory, attach, published, written
from tests.helpers.moments import NOW

pytestmark = pytest.mark.django_db


def _publication(editor, publisher) -> Publication:
    return published(
        "opt-out", author=editor, publisher=publisher, en=("Opt out", "How.", "Tap."), zh=("退出", "方法。", "按。")
    )


def _second_version(editor, publisher) -> Version:
    return Version.objects.create(
        publication=_publication(editor, publisher), number=2, published_at=NOW, change_note="Two.", **_by(publisher)
    )


def _by(publisher) -> dict:
    return {"published_by": publisher, "created_at": NOW}


def _english(editor, publisher) -> Text:
    return _publication(editor, publisher).texts.get(language="en")


def _chinese(editor, publisher) -> Text:
    return _publication(editor, publisher).texts.get(language="zh-hant")


def _version_text(language: str):
    def make(editor, publisher) -> VersionText:
        return _publication(editor, publisher).versions.get().texts.get(language=language)

    return make


def _attachment(editor, publisher) -> Attachment:
    publication = written("framework", by=editor)
    attach(publication, "annex.pdf", by=editor)
    return attach(publication, "framework.pdf", by=editor)


VIOLATIONS = [
    ("topic_named_in_both_languages", lambda *users: TopicFactory(), {"name_zh_hant": ""}),
    ("publication_kind_valid", _publication, {"kind": "poster"}),
    ("publication_status_valid", _publication, {"status": "lost"}),
    ("publication_slug_form", _publication, {"slug": "Opt Out"}),
    ("publication_superseded_is_archived", _publication, {"superseded_by": None, "archived_at": None}),
    (
        "publication_not_its_own_successor",
        _publication,
        {"superseded_by": F("pk"), "archived_at": NOW, "archive_note": "Replaced."},
    ),
    ("publication_archived_has_note", _publication, {"archived_at": NOW, "archive_note": ""}),
    ("text_one_per_language", _chinese, {"language": "en", "translated_from_revision": None}),
    ("text_language_valid", _chinese, {"language": "fr"}),
    ("text_has_title_and_body", _english, {"body": ""}),
    ("text_source_is_no_translation", _english, {"translated_from_revision": 1}),
    ("attachment_name_unique_in_publication", _attachment, {"name": "annex.pdf"}),
    ("attachment_kind_valid", _attachment, {"kind": "video"}),
    ("attachment_name_form", _attachment, {"name": "../framework.pdf"}),
    ("version_number_unique", _second_version, {"number": 1}),
    ("version_number_positive", _second_version, {"number": 0}),
    ("version_has_change_note", _second_version, {"change_note": ""}),
    ("version_text_one_per_language", _version_text("zh-hant"), {"language": "en"}),
    ("version_text_language_valid", _version_text("en"), {"language": "fr"}),
    ("version_text_source_is_current", _version_text("en"), {"out_of_date": True}),
    (
        "guidance_event_kind_valid",
        lambda *users: Event.objects.filter(publication=_publication(*users)).first(),
        {"kind": "x"},
    ),
    (
        "guidance_event_language_valid",
        lambda *users: Event.objects.filter(publication=_publication(*users)).first(),
        {"language": "fr"},
    ),
]


def _constraints() -> dict:
    return {
        constraint.name: constraint
        for model in apps.get_app_config("guidance").get_models()
        for constraint in model._meta.constraints
    }


@pytest.mark.parametrize(("constraint", "make_row", "changes"), VIOLATIONS, ids=[name for name, *_ in VIOLATIONS])
def test_the_database_refuses_a_row_that_breaks_a_constraint(editor, publisher, constraint, make_row, changes):
    row = make_row(editor, publisher)
    if constraint == "publication_superseded_is_archived":
        changes = {"superseded_by": published("newer", author=editor, publisher=publisher)}
    rows = type(row).objects.filter(pk=row.pk)

    with pytest.raises(IntegrityError) as error, transaction.atomic():
        rows.update(**changes)

    if not isinstance(_constraints()[constraint], UniqueConstraint) or connection.vendor == "postgresql":
        assert constraint in str(error.value)


def test_every_constraint_is_broken_in_a_test_of_its_own():
    assert sorted(set(_constraints())) == sorted(name for name, *_ in VIOLATIONS)


def test_every_constraint_says_what_is_wrong_in_words_of_its_own():
    generic = [name for name, constraint in _constraints().items() if constraint.violation_error_message is None]

    assert generic == []


def test_the_rows_the_violations_start_from_are_valid(editor, publisher):
    publication = _publication(editor, publisher)

    for model in (Publication, Text, Version, VersionText, Event, Topic):
        for row in model.objects.all():
            row.full_clean(validate_unique=False)
    assert publication.versions.count() == 1
