"""The partner API's guidance endpoints: only what the public sees, in the language asked for, filtered
as asked, in a fixed number of queries, with every mistake in the query answered in the project's
error format, and nothing of the staff's."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from dpa.api_access import AnonymousThrottle, Pagination
from guidance import services
from tests.helpers.guidance import TopicFactory, attach, publish_reviewed, published, written
from tests.helpers.moments import at
from tests.helpers.partners import partner_with_token

pytestmark = pytest.mark.django_db

LIST = "/api/v1/guidance/"
TOPICS = "/api/v1/topics/"


def _ago(**delta):
    return timezone.now() - timedelta(**delta)


def _detail(slug: str) -> str:
    return f"{LIST}{slug}/"


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    """Throttles count in the cache, which outlives a test."""
    cache.clear()


@pytest.fixture
def staff(editor, publisher):
    return {"author": editor, "publisher": publisher}


def _slugs(response) -> list[str]:
    return [item["slug"] for item in response.json()["results"]]


def _error(response) -> dict:
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    return body["error"]


def _token(scope: str, *, expires) -> str:
    """An access token of a new partner's client, given ``scope``, valid until ``expires``."""
    name = f"Partner authority {scope} {expires.timestamp()}"
    return partner_with_token(name, [scope], expires_in=expires - timezone.now(), country="SG")[1]


# --- the list --------------------------------------------------------------------------------------


def test_the_list_has_published_guidance_only_the_one_updated_last_first(client, staff, editor, publisher):
    older = published("cctv", now=_ago(days=9), **staff)
    published("opt-out", now=_ago(days=5), **staff)
    services.save_text(older, language="en", title="CCTV", summary="New.", body="Changed.", by=editor, now=_ago(days=2))
    publish_reviewed(older, author=editor, publisher=publisher, now=_ago(days=2), note="Updated.")
    written("draft-only", by=editor)
    published("coming-soon", now=_ago(days=1), at=timezone.now() + timedelta(days=3), **staff)

    response = client.get(LIST)

    assert response.status_code == 200
    assert _slugs(response) == ["cctv", "opt-out"]
    assert response.json()["count"] == 2


def test_an_item_says_what_the_public_page_shows_of_the_publication(client, staff, editor, publisher):
    topic = TopicFactory(slug="cctv", name_en="CCTV", name_zh_hant="閉路電視")
    first_out = _ago(days=9)
    publication = published(
        "cctv-at-home",
        now=first_out,
        kind="leaflet",
        topics=[topic],
        en=("CCTV at home", "Cameras and neighbours.", "## Cameras\n\nPoint them at your own door."),
        **staff,
    )
    services.save_text(
        publication, language="en", title="CCTV at home", summary="Updated.", body="New.", by=editor, now=_ago(days=1)
    )
    update = publish_reviewed(publication, author=editor, publisher=publisher, now=_ago(days=1), note="Rewritten.")

    item = client.get(LIST).json()["results"][0]

    assert item == {
        "slug": "cctv-at-home",
        "kind": "leaflet",
        "title": "CCTV at home",
        "summary": "Updated.",
        "language": "en",
        "topics": [{"slug": "cctv", "name": "CCTV"}],
        "first_published": timezone.localtime(first_out).isoformat(),
        "updated": timezone.localtime(update.published_at).isoformat(),
        "version": 2,
        "archived": False,
        "superseded_by": None,
        "url": "http://testserver/en/guidance/cctv-at-home/",
        "api_url": "http://testserver/api/v1/guidance/cctv-at-home/",
    }


def test_chinese_is_shown_where_it_is_written_and_english_otherwise(client, staff):
    topic = TopicFactory(slug="cctv", name_en="CCTV", name_zh_hant="閉路電視")
    published(
        "both",
        now=_ago(days=2),
        topics=[topic],
        en=("In English", "S.", "B."),
        zh=("中文標題", "摘要。", "內文。"),
        **staff,
    )
    published("english-only", now=_ago(days=1), en=("Only English", "S.", "B."), **staff)

    items = {item["slug"]: item for item in client.get(LIST, {"lang": "zh-hant"}).json()["results"]}

    assert (items["both"]["title"], items["both"]["language"]) == ("中文標題", "zh-hant")
    assert items["both"]["topics"] == [{"slug": "cctv", "name": "閉路電視"}]
    assert (items["english-only"]["title"], items["english-only"]["language"]) == ("Only English", "en")
    assert items["english-only"]["url"] == "http://testserver/zh-hant/guidance/english-only/"
    assert items["english-only"]["api_url"] == "http://testserver/api/v1/guidance/english-only/?lang=zh-hant"


def test_archived_publications_are_listed_only_when_asked_for(client, staff, publisher):
    old = published("old-code", now=_ago(days=9), **staff)
    new = published("new-code", now=_ago(days=5), **staff)
    withdrawn = published("withdrawn", now=_ago(days=4), **staff)
    services.supersede(old, successor=new, by=publisher, now=_ago(days=3))
    services.archive(withdrawn, note="No longer applies.", by=publisher, now=_ago(days=2))

    current = client.get(LIST)
    everything = client.get(LIST, {"archived": "true"})

    assert _slugs(current) == ["new-code"]
    assert _slugs(everything) == ["withdrawn", "new-code", "old-code"]
    items = {item["slug"]: item for item in everything.json()["results"]}
    assert (items["old-code"]["archived"], items["old-code"]["superseded_by"]) == (True, "new-code")
    assert (items["withdrawn"]["archived"], items["withdrawn"]["superseded_by"]) == (True, None)
    assert _slugs(client.get(LIST, {"archived": "false"})) == ["new-code"]


def test_the_topic_filter_lists_publications_on_that_topic(client, staff):
    cctv, marketing = TopicFactory(slug="cctv"), TopicFactory(slug="direct-marketing")
    published("cameras", now=_ago(days=3), topics=[cctv], **staff)
    published("calls", now=_ago(days=2), topics=[marketing], **staff)
    published("both", now=_ago(days=1), topics=[cctv, marketing], **staff)

    assert _slugs(client.get(LIST, {"topic": "cctv"})) == ["both", "cameras"]


def test_the_kind_filter_lists_publications_of_that_kind(client, staff):
    published("note", now=_ago(days=2), kind="guidance_note", **staff)
    published("leaflet", now=_ago(days=1), kind="leaflet", **staff)

    assert _slugs(client.get(LIST, {"kind": "guidance_note"})) == ["note"]


@pytest.mark.parametrize(
    ("since", "expected"),
    [
        ("2026-03-02", ["new", "noon"]),
        ("2026-03-02T12:00:00+08:00", ["new", "noon"]),
        ("2026-03-02T12:00:01+08:00", ["new"]),
        ("2026-03-02T04:00:00Z", ["new", "noon"]),
        ("2026-03-04", []),
    ],
)
def test_updated_since_lists_publications_whose_live_version_came_out_then_or_later(
    client, staff, editor, publisher, since, expected
):
    published("old", now=at(2026, 3, 1, 9, 0), **staff)
    published("noon", now=at(2026, 3, 2, 12, 0), **staff)
    new = published("new", now=at(2026, 2, 1, 9, 0), **staff)
    services.save_text(new, language="en", title="New", summary="S.", body="Updated.", by=editor, now=at(2026, 3, 3))
    publish_reviewed(new, author=editor, publisher=publisher, now=at(2026, 3, 3, 9, 0), note="Updated.")

    assert _slugs(client.get(LIST, {"updated_since": since})) == expected


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"updated_since": "garbage"}, "updated_since"),
        ({"updated_since": "2026-13-45"}, "updated_since"),
        ({"lang": "fr"}, "lang"),
        ({"kind": "poem"}, "kind"),
        ({"topic": "no-such-topic"}, "topic"),
    ],
)
def test_a_value_the_list_cannot_read_is_refused_naming_the_field(client, staff, query, field):
    published("opt-out", now=_ago(days=1), **staff)

    response = client.get(LIST, query)

    assert response.status_code == 400
    error = _error(response)
    assert error["code"] == "invalid"
    assert list(error["fields"]) == [field]
    assert "ETag" not in response


def test_a_page_that_is_not_a_number_is_not_found(client, staff):
    published("opt-out", now=_ago(days=1), **staff)

    response = client.get(LIST, {"page": "abc"})

    assert response.status_code == 404
    assert _error(response)["code"] == "not_found"
    assert client.get(LIST, {"page": "2"}).status_code == 404


def test_a_page_size_above_the_ceiling_is_cut_to_it(client, staff, monkeypatch):
    monkeypatch.setattr(Pagination, "max_page_size", 2)
    for days in (3, 2, 1):
        published(f"item-{days}", now=_ago(days=days), **staff)

    body = client.get(LIST, {"page_size": "1000"}).json()

    assert [item["slug"] for item in body["results"]] == ["item-1", "item-2"]
    assert body["count"] == 3
    assert body["next"] == "http://testserver/api/v1/guidance/?page=2&page_size=1000"


@pytest.mark.parametrize("page_size", ["abc", "0", "-1", "2.5"])
def test_a_page_size_that_is_not_a_whole_number_from_1_is_a_400_naming_it(client, page_size):
    response = client.get(LIST, {"page_size": page_size})

    assert response.status_code == 400
    assert list(_error(response)["fields"]) == ["page_size"]


# The live version and its texts, topics, the count and the page, and the site's latest change.
LIST_QUERIES = 6


@pytest.mark.parametrize("count", [2, 20])
def test_the_list_costs_the_same_queries_however_many_items_it_has(
    client, staff, editor, count, django_assert_num_queries
):
    topics = [TopicFactory(), TopicFactory()]
    for number in range(count):
        publication = published(
            f"item-{number}",
            now=_ago(days=number + 1),
            topics=topics,
            zh=("標題", "摘要。", "內文。"),
            en=("T", "S.", "B."),
            **staff,
        )
        attach(publication, "extra.pdf", by=editor, now=_ago(hours=1))
    assert client.get(LIST).status_code == 200

    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(LIST, {"page_size": "100", "lang": "zh-hant"})

    assert len(response.json()["results"]) == count


# --- one publication -------------------------------------------------------------------------------


def test_a_publication_has_its_text_files_related_publications_and_versions(client, staff, editor, publisher):
    related = published("related-one", now=_ago(days=9), en=("Related one", "S.", "B."), **staff)
    unpublished = written("related-draft", by=editor)
    publication = written(
        "opt-out",
        by=editor,
        now=_ago(days=8),
        related=[related, unpublished],
        en=("Opting out", "How to opt out.", "## Calls\n\nSay no.\n\n### By phone\n\nCall."),
        zh=("拒絕", "如何拒絕。", "## 電話\n\n說不。"),
    )
    attach(publication, "form.pdf", by=editor, now=_ago(days=8), title_en="Opt-out form")
    first = publish_reviewed(publication, author=editor, publisher=publisher, now=_ago(days=8), note="First published.")
    services.save_text(
        publication,
        language="en",
        title="Opting out",
        summary="S.",
        body="## Calls\n\nSay no firmly.\n\n### By phone\n\nCall.",
        by=editor,
        now=_ago(days=2),
    )
    second = publish_reviewed(publication, author=editor, publisher=publisher, now=_ago(days=2), note="Clearer.")

    body = client.get(_detail("opt-out"), {"lang": "zh-hant"}).json()

    assert (body["title"], body["language"], body["version"]) == ("拒絕", "zh-hant", 2)
    assert body["body"] == "## 電話\n\n說不。"
    assert "<h2" in body["body_html"] and "說不。" in body["body_html"]
    assert body["out_of_date"] is True
    assert body["headings"] == [{"level": 2, "anchor": body["headings"][0]["anchor"], "text": "電話"}]
    assert body["attachments"] == [
        {
            "name": "form.pdf",
            "title": "Opt-out form",
            "kind": "document",
            "size": first.attachments.get().size,
            "url": "http://testserver/guidance/files/opt-out/form.pdf",
        }
    ]
    assert body["related"] == [{"slug": "related-one", "title": "Related one"}]
    assert body["versions"] == [
        {"number": 2, "published_at": timezone.localtime(second.published_at).isoformat(), "change_note": "Clearer."},
        {
            "number": 1,
            "published_at": timezone.localtime(first.published_at).isoformat(),
            "change_note": "First published.",
        },
    ]
    assert body["url"] == "http://testserver/zh-hant/guidance/opt-out/"


def test_an_attachment_link_downloads_the_file(client, staff, editor, publisher):
    publication = written("opt-out", by=editor, now=_ago(days=1))
    attach(publication, "form.pdf", by=editor, now=_ago(days=1))
    publish_reviewed(publication, author=editor, publisher=publisher, now=_ago(days=1))

    url = client.get(_detail("opt-out")).json()["attachments"][0]["url"]

    assert client.get(url.removeprefix("http://testserver")).status_code == 200


@pytest.mark.parametrize("case", ["draft", "scheduled", "unknown"])
def test_what_the_public_cannot_see_is_not_found_in_the_error_format(client, staff, editor, case):
    written("draft", by=editor)
    published("scheduled", now=_ago(days=1), at=timezone.now() + timedelta(days=2), **staff)

    response = client.get(_detail(case))

    assert response.status_code == 404
    assert _error(response) == {"code": "not_found", "message": "Not found.", "fields": {}}


def test_an_unknown_language_for_a_publication_is_refused_naming_it(client, staff):
    published("opt-out", now=_ago(days=1), **staff)

    response = client.get(_detail("opt-out"), {"lang": "fr"})

    assert response.status_code == 400
    assert list(_error(response)["fields"]) == ["lang"]


@pytest.mark.parametrize("extra", [1, 6])
def test_a_publication_costs_the_same_queries_however_much_it_links_to(
    client, staff, editor, publisher, extra, django_assert_num_queries
):
    related = [published(f"related-{number}", now=_ago(days=9), **staff) for number in range(extra)]
    publication = written("opt-out", by=editor, now=_ago(days=8), related=related)
    for number in range(extra):
        attach(publication, f"file-{number}.pdf", by=editor, now=_ago(days=8))
    publish_reviewed(publication, author=editor, publisher=publisher, now=_ago(days=8))
    assert client.get(_detail("opt-out")).status_code == 200

    # The page's state, then the publication, its live versions, texts, files, topics, and related
    # publications with their live versions and texts (a successor, which it has not, would add three).
    with django_assert_num_queries(9):
        response = client.get(_detail("opt-out"))

    assert len(response.json()["related"]) == extra


# --- topics ----------------------------------------------------------------------------------------


def test_topics_are_all_listed_at_once_named_in_the_language_asked_for(client):
    TopicFactory(slug="cctv", name_en="CCTV", name_zh_hant="閉路電視")
    TopicFactory(slug="direct-marketing", name_en="Direct marketing", name_zh_hant="直接促銷")

    english, chinese = client.get(TOPICS).json(), client.get(TOPICS, {"lang": "zh-hant"}).json()

    assert english == [
        {"slug": "cctv", "name": "CCTV", "name_en": "CCTV", "name_zh_hant": "閉路電視"},
        {
            "slug": "direct-marketing",
            "name": "Direct marketing",
            "name_en": "Direct marketing",
            "name_zh_hant": "直接促銷",
        },
    ]
    assert [topic["name"] for topic in chinese] == ["閉路電視", "直接促銷"]
    assert list(_error(client.get(TOPICS, {"lang": "fr"}))["fields"]) == ["lang"]


# --- who may read ----------------------------------------------------------------------------------


def test_guidance_is_open_without_a_token_and_with_a_token_of_any_scope(client, staff):
    published("opt-out", now=_ago(days=1), **staff)
    token = _token("statistics:read", expires=timezone.now() + timedelta(hours=1))

    for headers in ({}, {"Authorization": f"Bearer {token}"}):
        assert client.get(LIST, headers=headers).status_code == 200
        assert client.get(_detail("opt-out"), headers=headers).status_code == 200
        assert client.get(TOPICS, headers=headers).status_code == 200


def test_a_valid_token_is_counted_against_its_partner_not_the_address(client, staff, monkeypatch):
    monkeypatch.setattr(AnonymousThrottle, "THROTTLE_RATES", {"anonymous": "1/minute"})
    token = _token("statistics:read", expires=timezone.now() + timedelta(hours=1))

    statuses = [client.get(TOPICS).status_code, client.get(TOPICS).status_code]

    assert statuses == [200, 429]
    assert client.get(TOPICS, headers={"Authorization": f"Bearer {token}"}).status_code == 200


@pytest.mark.parametrize("token", ["not-a-token", "expired"])
def test_a_bad_token_is_refused_even_where_none_is_needed(client, staff, token):
    # A partner that sends a token means to use it: it learns that the token no longer works rather
    # than being served quietly as anyone without one.
    published("opt-out", now=_ago(days=1), **staff)
    if token == "expired":
        token = _token("guidance:read", expires=timezone.now() - timedelta(minutes=1))

    response = client.get(LIST, headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 401
    assert _error(response)["code"] == "not_authenticated"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.get(LIST).status_code == 200


def test_too_many_requests_are_refused_in_the_error_format(client, monkeypatch):
    monkeypatch.setattr(AnonymousThrottle, "THROTTLE_RATES", {"anonymous": "2/minute"})

    statuses = [client.get(TOPICS).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    response = client.get(LIST)
    assert _error(response)["code"] == "throttled"
    assert "Retry-After" in response


# --- nothing of the staff's -------------------------------------------------------------------------


def test_no_response_shows_the_staff_or_words_not_yet_published(client, staff, editor, publisher):
    publication = published("opt-out", now=_ago(days=3), en=("Opting out", "S.", "Body."), **staff)
    services.save_text(
        publication,
        language="en",
        title="Opting out",
        summary="S.",
        body="Unpublished wombat clause.",
        by=editor,
        now=_ago(days=1),
    )
    written("draft", by=editor, en=("Secret draft", "Unpublished wombat summary.", "Unpublished wombat body."))
    scheduled = published(
        "later",
        now=_ago(days=1),
        at=timezone.now() + timedelta(days=1),
        en=("Later", "Unpublished wombat.", "B."),
        **staff,
    )
    related = written("related", by=editor)
    services.change_details(
        publication, kind="guidance_note", topics=[], related=[related, scheduled], by=editor, now=_ago(days=1)
    )

    responses = [
        client.get(address, query)
        for address in (LIST, _detail("opt-out"), TOPICS)
        for query in ({}, {"lang": "zh-hant"}, {"archived": "true"})
    ]

    assert [response.status_code for response in responses] == [200] * len(responses)
    for response in responses:
        text = response.content.decode()
        assert "wombat" not in text
        assert editor.username not in text
        assert publisher.first_name not in text and publisher.username not in text
    assert responses[3].json()["related"] == []
