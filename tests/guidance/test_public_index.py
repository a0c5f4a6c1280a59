"""The home page and the index: current publications only, filters by topic, kind and year, search in
both languages, pages of results, and filter values that are not understood."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from guidance import services
from guidance.models import Kind
from tests.helpers.guidance import TopicFactory, publish_reviewed, published, written
from tests.helpers.pages import get_within_budget, text_of

pytestmark = pytest.mark.django_db

CCTV = ("CCTV in the workplace", "When employers may record staff.", "Cameras trained on desks need a reason.")
CCTV_ZH = ("工作間的閉路電視", "僱主何時可以錄影員工。", "對着座位的鏡頭需要理由。")
PHONE = ("Lost phones", "What to do when a phone with customer data is lost.", "Report it and wipe it.")


def _ago(**delta):
    return timezone.now() - timedelta(**delta)


def _titles(response) -> list[str]:
    html = response.content.decode()
    return [text_of(title) for title in re.findall(r'class="listing__title"><a [^>]*>(.*?)</a>', html)]


@pytest.fixture
def out(editor, publisher):
    """Publishes a publication ``days`` ago and returns it."""

    def publish(slug, *, days=1, **fields):
        return published(slug, author=editor, publisher=publisher, now=_ago(days=days), **fields)

    return publish


def test_the_index_lists_current_publications_newest_first(client, editor, publisher, out):
    out("older", days=5, en=("Older", "S.", "B."))
    out("newer", days=1, en=("Newer", "S.", "B."))
    archived = out("archived", days=3, en=("Archived one", "S.", "B."))
    services.archive(archived, note="Out of date.", by=publisher, now=_ago(days=2))
    written("draft", by=editor, en=("A draft", "S.", "B."))
    now = timezone.now()
    published("scheduled", author=editor, publisher=publisher, now=now, at=now + timedelta(hours=1))

    assert _titles(client.get("/en/guidance/")) == ["Newer", "Older"]
    assert _titles(client.get("/en/guidance/?archived=1")) == ["Newer", "Archived one", "Older"]


def test_the_home_page_lists_the_six_latest_current_publications(client, out):
    for number in range(8):
        out(f"item-{number}", days=10 - number, en=(f"Item {number}", "S.", "B."))

    response = client.get("/en/")

    assert _titles(response) == [f"Item {number}" for number in range(7, 1, -1)]
    html = response.content.decode()
    assert '<a href="/en/guidance/">' in html
    assert '<a href="/zh-hant/guidance/" hreflang="zh-Hant" lang="zh-Hant">' in html


def test_the_index_filters_by_topic_kind_and_year(client, out):
    cctv = TopicFactory(slug="cctv", name_en="CCTV")
    out("camera-note", days=400, topics=[cctv], en=("Camera note", "S.", "B."))
    out("camera-leaflet", days=2, kind=Kind.LEAFLET, topics=[cctv], en=("Camera leaflet", "S.", "B."))
    out("phones", days=1, kind=Kind.LEAFLET, en=("Phones", "S.", "B."))
    long_ago, lately = timezone.localtime(_ago(days=400)).year, timezone.localtime(_ago(days=1)).year

    assert _titles(client.get("/en/guidance/?topic=cctv")) == ["Camera leaflet", "Camera note"]
    assert _titles(client.get("/en/guidance/?kind=leaflet")) == ["Phones", "Camera leaflet"]
    assert _titles(client.get("/en/guidance/?topic=cctv&kind=leaflet")) == ["Camera leaflet"]
    assert _titles(client.get(f"/en/guidance/?year={long_ago}")) == ["Camera note"]
    assert "Phones" in _titles(client.get(f"/en/guidance/?year={lately}"))
    assert "Camera note" not in _titles(client.get(f"/en/guidance/?year={lately}"))


def test_the_filters_in_use_are_named_with_a_link_to_remove_each(client, out):
    TopicFactory(slug="cctv", name_en="CCTV")
    out("phones", kind=Kind.LEAFLET, topics=[TopicFactory(slug="cctv")], en=PHONE)

    html = client.get("/en/guidance/?q=phone&kind=leaflet&topic=cctv&page=1").content.decode()

    active = text_of(re.search(r'<div class="active-filters">.*?</div>', html, flags=re.S).group(0))
    assert "Search: “phone”" in active
    assert "Topic: CCTV" in active
    assert "Kind: Leaflet" in active
    assert '<a href="?kind=leaflet&amp;topic=cctv">Remove' in html
    assert '<a href="?q=phone&amp;topic=cctv">Remove' in html
    assert '<a href="/en/guidance/">Clear all filters</a>' in html


@pytest.mark.parametrize(
    "query",
    ["?topic=no-such-topic", "?kind=novel", "?year=abc", "?year=1999", "?page=999", "?page=abc", "?q=" + "x" * 5000],
)
def test_a_filter_value_that_is_not_understood_gives_a_page_not_an_error(visitor, out, query):
    out("phones", en=PHONE)

    response = visitor.get(f"/en/guidance/{query}")

    assert response.status_code == 200
    if "topic" in query or "kind" in query or "year" in query:
        assert "were not understood and were left out" in text_of(response.content.decode())
        assert _titles(response) == ["Lost phones"]


def test_search_finds_english_words_in_the_title_summary_or_body(client, out):
    out("cctv", en=CCTV)
    out("phones", en=PHONE)

    assert _titles(client.get("/en/guidance/?q=workplace")) == ["CCTV in the workplace"]
    assert _titles(client.get("/en/guidance/?q=customer")) == ["Lost phones"]
    assert _titles(client.get("/en/guidance/?q=wipe+report")) == ["Lost phones"]
    assert _titles(client.get("/en/guidance/?q=wipe+cameras")) == []


def test_search_finds_chinese_characters_in_the_chinese_text(client, out):
    out("cctv", en=CCTV, zh=CCTV_ZH)
    out("phones", en=PHONE)

    assert _titles(client.get("/zh-hant/guidance/?q=閉路電視")) == ["工作間的閉路電視"]
    assert _titles(client.get("/zh-hant/guidance/?q=錄影+員工")) == ["工作間的閉路電視"]
    # The Chinese page reads the Chinese text, and a publication without one in English.
    assert _titles(client.get("/zh-hant/guidance/?q=wipe")) == ["Lost phones"]
    assert _titles(client.get("/zh-hant/guidance/?q=workplace")) == []


def test_search_on_the_english_page_reads_a_chinese_only_publication(client, out):
    out("chinese-only", zh=CCTV_ZH)
    out("cctv", en=CCTV, zh=CCTV_ZH)

    assert _titles(client.get("/en/guidance/?q=閉路電視")) == ["工作間的閉路電視"]
    assert _titles(client.get("/en/guidance/?q=workplace")) == ["CCTV in the workplace"]


def test_search_reads_only_the_live_version(client, editor, publisher, out):
    publication = out("cctv", days=5, en=CCTV)
    services.save_text(
        publication, language="en", title="Cameras", summary="S.", body="B.", by=editor, now=_ago(days=1)
    )
    publish_reviewed(publication, author=editor, publisher=publisher, now=_ago(days=1), note="Shorter.")

    assert _titles(client.get("/en/guidance/?q=workplace")) == []
    assert _titles(client.get("/en/guidance/?q=cameras")) == ["Cameras"]


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's full-text search")
def test_search_on_postgresql_matches_other_forms_of_a_word_and_ranks_titles_first(client, out):
    out("desks", days=1, en=("Hot desks", "S.", "Employers who record staff at desks."))
    out("cctv", days=5, en=CCTV)

    assert _titles(client.get("/en/guidance/?q=recording")) == ["CCTV in the workplace", "Hot desks"]
    assert _titles(client.get("/en/guidance/?q=workplaces")) == ["CCTV in the workplace"]
    assert _titles(client.get('/en/guidance/?q="record+staff"+-hot')) == ["CCTV in the workplace"]


def test_results_come_in_pages_of_twenty(client, out):
    for number in range(23):
        out(f"item-{number:02d}", days=30 - number, en=(f"Item {number:02d}", "S.", "B."))

    first = client.get("/en/guidance/?kind=guidance_note")
    second = client.get("/en/guidance/?kind=guidance_note&page=2")

    assert len(_titles(first)) == 20
    assert _titles(second) == ["Item 02", "Item 01", "Item 00"]
    assert '<a href="?kind=guidance_note&amp;page=2" rel="next">' in first.content.decode()
    assert _titles(client.get("/en/guidance/?kind=guidance_note&page=999")) == _titles(second)
    assert _titles(client.get("/en/guidance/?page=abc")) == _titles(first)


def _many(count: int, *, editor, publisher, topics) -> None:
    """``count`` publications, each in both languages with two versions, topics and a related one."""
    for number in range(count):
        publication = written(
            f"item-{number}", by=editor, now=_ago(days=3), en=PHONE, zh=CCTV_ZH, topics=topics, related=[]
        )
        publish_reviewed(publication, author=editor, publisher=publisher, now=_ago(days=3))
        services.save_text(
            publication, language="en", title="Phones revised", summary="S.", body="B.", by=editor, now=_ago(days=2)
        )
        publish_reviewed(publication, author=editor, publisher=publisher, now=_ago(days=2), note="Again.")


@pytest.mark.parametrize("count", [2, 20])
def test_the_index_and_home_cost_the_same_queries_however_many_publications(
    client, editor, publisher, count, django_assert_num_queries
):
    _many(count, editor=editor, publisher=publisher, topics=[TopicFactory(), TopicFactory()])

    # The newest change (1), topics and years for the filters (2), the count and the page (2), and
    # the page's versions, texts and topics (3).
    index = get_within_budget(client, "/en/guidance/?q=revised", 8, django_assert_num_queries)
    get_within_budget(client, "/zh-hant/guidance/?archived=1", 8, django_assert_num_queries)
    # The newest change (1), the publications with their versions, texts and topics (4).
    get_within_budget(client, "/en/", 5, django_assert_num_queries)
    assert len(_titles(index)) == count
