"""The guidance endpoints answer conditional requests from one query, may be kept by caches a few
minutes, and change their tag when what they show changes: like the public pages."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from django.utils.http import http_date

from guidance import services
from tests.helpers.guidance import publish_reviewed, published

pytestmark = pytest.mark.django_db

LIST = "/api/v1/guidance/"
DETAIL = "/api/v1/guidance/opt-out/"


def _ago(**delta):
    return timezone.now() - timedelta(**delta)


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    """Throttles count in the cache, which outlives a test."""
    cache.clear()


@pytest.fixture
def opt_out(editor, publisher):
    return published("opt-out", author=editor, publisher=publisher, now=_ago(days=3))


@pytest.mark.parametrize("address", [LIST, DETAIL])
def test_guidance_is_tagged_and_may_be_kept_a_few_minutes(client, opt_out, address):
    response = client.get(address)

    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    assert response["Cache-Control"] == "public, max-age=300"
    assert "Cookie" not in response.get("Vary", "")


@pytest.mark.parametrize("address", [LIST, DETAIL])
def test_a_caller_whose_copy_is_current_gets_not_modified_from_one_query(
    client, opt_out, address, django_assert_num_queries
):
    first = client.get(address)

    with django_assert_num_queries(1):
        again = client.get(address, headers={"If-None-Match": first["ETag"]})

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert again["Cache-Control"] == "public, max-age=300"


def test_a_publication_answers_if_modified_since_by_when_its_live_version_came_out(client, opt_out):
    response = client.get(DETAIL)
    published_at = opt_out.versions.get().published_at

    assert response["Last-Modified"] == http_date(published_at.timestamp())
    since = client.get(DETAIL, headers={"If-Modified-Since": response["Last-Modified"]})
    earlier = client.get(
        DETAIL, headers={"If-Modified-Since": http_date((published_at - timedelta(days=1)).timestamp())}
    )
    assert (since.status_code, earlier.status_code) == (304, 200)


def test_a_stale_tag_gets_the_new_content(client, opt_out, editor, publisher):
    detail, listed = client.get(DETAIL), client.get(LIST)

    services.save_text(opt_out, language="en", title="Opt out", summary="S.", body="New.", by=editor, now=_ago(hours=1))
    publish_reviewed(opt_out, author=editor, publisher=publisher, now=_ago(hours=1), note="Updated.")

    new_detail = client.get(DETAIL, headers={"If-None-Match": detail["ETag"]})
    new_list = client.get(LIST, headers={"If-None-Match": listed["ETag"]})
    assert (new_detail.status_code, new_list.status_code) == (200, 200)
    assert (new_detail.json()["version"], new_list.json()["results"][0]["version"]) == (2, 2)


def test_archiving_changes_the_tags(client, opt_out, publisher):
    detail, listed = client.get(DETAIL), client.get(LIST)

    services.archive(opt_out, note="Out of date.", by=publisher, now=_ago(minutes=1))

    assert client.get(DETAIL, headers={"If-None-Match": detail["ETag"]}).status_code == 200
    assert client.get(LIST, headers={"If-None-Match": listed["ETag"]}).json()["results"] == []


def test_the_tag_differs_by_language_and_by_query(client, opt_out):
    def tag(address, query=None):
        return client.get(address, query)["ETag"]

    assert tag(DETAIL) != tag(DETAIL, {"lang": "zh-hant"})
    assert tag(LIST) != tag(LIST, {"lang": "zh-hant"})
    assert tag(LIST) != tag(LIST, {"archived": "true"})
    assert tag(LIST, {"page_size": "5"}) != tag(LIST, {"page_size": "6"})


def test_errors_are_neither_tagged_nor_kept(client, opt_out):
    for response in (client.get("/api/v1/guidance/nothing-here/"), client.get(LIST, {"lang": "fr"})):
        assert response.status_code in (400, 404)
        assert "ETag" not in response
        assert "public" not in response.get("Cache-Control", "")


def test_a_query_the_list_cannot_read_is_refused_whatever_tag_the_caller_sends(client, opt_out):
    tag = client.get(LIST)["ETag"]

    assert client.get(LIST, {"kind": "poem"}, headers={"If-None-Match": tag}).status_code == 400
    assert client.get(LIST, {"kind": "poem"}, headers={"If-None-Match": "*"}).status_code == 400
