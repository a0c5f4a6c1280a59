"""Published pages answer conditional requests and may be kept by caches; what they depend on
changes their tag; and a publication's page costs the same few queries however much there is."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.http import http_date

from guidance import public, services
from tests.helpers.guidance import TopicFactory, publish_reviewed, published, written
from tests.helpers.pages import get_within_budget

pytestmark = pytest.mark.django_db

PAGES = ["/en/", "/en/guidance/", "/en/guidance/opt-out/", "/en/guidance/opt-out/versions/", "/en/guidance/feed/"]


def _ago(**delta):
    return timezone.now() - timedelta(**delta)


@pytest.fixture
def opt_out(editor, publisher):
    return published("opt-out", author=editor, publisher=publisher, now=_ago(days=3))


@pytest.mark.parametrize("address", PAGES)
def test_a_published_page_is_tagged_and_may_be_kept_a_few_minutes(client, opt_out, address):
    response = client.get(address)

    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    assert response["Cache-Control"] == "public, max-age=300"
    assert "Cookie" not in response.get("Vary", "")


@pytest.mark.parametrize("address", PAGES)
def test_a_visitor_whose_copy_is_current_gets_not_modified(client, opt_out, address):
    first = client.get(address)

    again = client.get(address, headers={"If-None-Match": first["ETag"]})
    since = client.get(address, headers={"If-Modified-Since": first["Last-Modified"]})

    assert (again.status_code, since.status_code) == (304, 304)
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert again["Cache-Control"] == "public, max-age=300"


def test_the_detail_page_was_last_modified_when_its_live_version_came_out(client, opt_out):
    response = client.get("/en/guidance/opt-out/")

    assert response["Last-Modified"] == http_date(opt_out.versions.get().published_at.timestamp())
    earlier = http_date((opt_out.versions.get().published_at - timedelta(days=1)).timestamp())
    assert client.get("/en/guidance/opt-out/", headers={"If-Modified-Since": earlier}).status_code == 200


def test_an_old_tag_gets_the_page_again_once_it_is_archived(client, opt_out, publisher):
    detail, index = client.get("/en/guidance/opt-out/"), client.get("/en/guidance/")

    services.archive(opt_out, note="Out of date.", by=publisher, now=timezone.now())

    new_detail = client.get("/en/guidance/opt-out/", headers={"If-None-Match": detail["ETag"]})
    new_index = client.get("/en/guidance/", headers={"If-None-Match": index["ETag"]})
    assert (new_detail.status_code, new_index.status_code) == (200, 200)
    assert new_detail["ETag"] != detail["ETag"]
    assert new_detail["Last-Modified"] != detail["Last-Modified"]


def test_the_tag_differs_by_language_and_by_the_index_query(client, opt_out):
    def tag(address):
        return client.get(address)["ETag"]

    assert tag("/en/guidance/opt-out/") != tag("/zh-hant/guidance/opt-out/")
    assert tag("/en/guidance/") != tag("/en/guidance/?q=opt")
    assert tag("/en/guidance/opt-out/") != tag("/en/guidance/opt-out/versions/")


def test_the_tags_change_when_a_scheduled_version_comes_out(editor, publisher, opt_out):
    services.save_text(opt_out, language="en", title="Opt out", summary="S.", body="New.", by=editor, now=_ago(days=2))
    services.submit_for_review(opt_out, by=editor, now=_ago(days=2))
    after = _ago(days=1)
    services.schedule(opt_out, at=after, change_note="Scheduled.", by=publisher, now=_ago(days=2))
    before = after - timedelta(seconds=1)

    assert public.page_state("opt-out", before).etag != public.page_state("opt-out", after).etag
    assert public.page_state("opt-out", after).last_modified == after
    assert public.latest_change(before) != public.latest_change(after)
    assert public.latest_change(after)[0] == after


def test_a_version_still_to_come_leaves_the_tag_alone(client, editor, publisher, opt_out):
    first = client.get("/en/guidance/opt-out/")
    services.save_text(opt_out, language="en", title="Later", summary="S.", body="Later.", by=editor, now=_ago(days=2))
    services.submit_for_review(opt_out, by=editor, now=_ago(days=2))
    edited = client.get("/en/guidance/opt-out/")

    services.schedule(
        opt_out, at=timezone.now() + timedelta(hours=1), change_note="Later.", by=publisher, now=timezone.now()
    )

    assert client.get("/en/guidance/opt-out/", headers={"If-None-Match": edited["ETag"]}).status_code == 304
    # An editor's change to the draft touches the publication, which may change its topics on the page.
    assert edited["ETag"] != first["ETag"]


def test_a_change_to_a_related_publication_changes_the_tag(client, editor, publisher):
    related = published("related", author=editor, publisher=publisher, now=_ago(days=5))
    published("main", author=editor, publisher=publisher, now=_ago(days=4), related=[related])
    before = client.get("/en/guidance/main/")["ETag"]

    services.save_text(related, language="en", title="Renamed", summary="S.", body="B.", by=editor, now=_ago(days=1))
    publish_reviewed(related, author=editor, publisher=publisher, now=_ago(days=1), note="Renamed.")

    assert client.get("/en/guidance/main/")["ETag"] != before


def test_a_page_that_does_not_exist_is_not_found_before_anything_else(client, editor):
    written("draft", by=editor)

    assert client.get("/en/guidance/draft/", headers={"If-None-Match": "*"}).status_code == 404
    assert client.get("/en/guidance/nothing/versions/").status_code == 404


def _publication_with_everything(number: int, *, editor, publisher, topics, related) -> None:
    publication = written(f"item-{number}", by=editor, now=_ago(days=4), topics=topics, related=related)
    services.save_text(
        publication, language="zh-hant", title="標題", summary="摘要", body="## 一\n\n內容", by=editor, now=_ago(days=4)
    )
    publish_reviewed(publication, author=editor, publisher=publisher, now=_ago(days=4))
    services.save_text(publication, language="en", title="Again", summary="S.", body="B.", by=editor, now=_ago(days=3))
    publish_reviewed(publication, author=editor, publisher=publisher, now=_ago(days=3), note="Again.")


@pytest.mark.parametrize("count", [2, 20])
def test_a_publication_page_costs_the_same_queries_however_many_versions_topics_and_related(
    client, editor, publisher, count, django_assert_num_queries
):
    topics = [TopicFactory() for _ in range(count)]
    others = []
    for number in range(count):
        _publication_with_everything(number, editor=editor, publisher=publisher, topics=topics, related=others[-5:])
        others.append(written(f"draft-{number}", by=editor))
        others.append(published(f"other-{number}", author=editor, publisher=publisher, now=_ago(days=5)))
    main = written("main", by=editor, now=_ago(days=5), topics=topics, related=others)
    for day in range(count, 0, -1):
        services.save_text(
            main, language="en", title=f"Day {day}", summary="S.", body="B.", by=editor, now=_ago(days=day)
        )
        publish_reviewed(main, author=editor, publisher=publisher, now=_ago(days=day), note=f"Day {day}.")
    superseded = published("superseded", author=editor, publisher=publisher, now=_ago(days=5))
    services.supersede(superseded, successor=main, note="Replaced.", by=publisher, now=_ago(days=1))

    # The page's tag (1); the publication, its live versions, their texts, topics and files (5);
    # related publications with their versions and texts (3).
    get_within_budget(client, "/en/guidance/main/", 9, django_assert_num_queries)
    # The same, with no related publications to read (2 fewer) and a successor with its versions and
    # texts (3 more).
    get_within_budget(client, "/en/guidance/superseded/", 10, django_assert_num_queries)
    # The tag (1); the publication, its versions and their texts (3).
    get_within_budget(client, "/en/guidance/main/versions/", 4, django_assert_num_queries)
