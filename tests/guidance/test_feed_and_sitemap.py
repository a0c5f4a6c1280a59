"""What machines read: the Atom feed in each language, the sitemap with its language alternates,
robots.txt, and the site's address sending each visitor to their language."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from guidance import services
from tests.helpers.guidance import published, written

pytestmark = pytest.mark.django_db

ATOM = {"atom": "http://www.w3.org/2005/Atom"}
SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
ENGLISH = ("Opt out of AI training", "How to stop your posts training a model.", "## Why\n\nYours.")
CHINESE = ("拒絕人工智能訓練", "如何阻止你的帖文用於訓練模型。", "## 原因\n\n你的。")


def _ago(**delta):
    return timezone.now() - timedelta(**delta)


@pytest.fixture
def world(editor, publisher):
    """A publication in both languages, one in English only, one in Chinese only, an archived one, a
    draft and one scheduled for later."""
    published("both", author=editor, publisher=publisher, now=_ago(days=4), en=ENGLISH, zh=CHINESE)
    published("english-only", author=editor, publisher=publisher, now=_ago(days=3))
    published("chinese-only", author=editor, publisher=publisher, now=_ago(days=2), zh=CHINESE)
    archived = published("archived", author=editor, publisher=publisher, now=_ago(days=5))
    services.archive(archived, note="Old.", by=publisher, now=_ago(days=1))
    written("draft", by=editor)
    now = timezone.now()
    published("scheduled", author=editor, publisher=publisher, now=now, at=now + timedelta(hours=1))


def _entries(client, address):
    response = client.get(address)
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    return feed, [
        {
            "title": entry.findtext("atom:title", namespaces=ATOM),
            "link": entry.find("atom:link", ATOM).get("href"),
            "updated": entry.findtext("atom:updated", namespaces=ATOM),
        }
        for entry in feed.findall("atom:entry", ATOM)
    ]


def test_the_feed_lists_current_publications_newest_first(client, world):
    feed, entries = _entries(client, "/en/guidance/feed/")

    assert [entry["link"] for entry in entries] == [
        "http://testserver/en/guidance/chinese-only/",
        "http://testserver/en/guidance/english-only/",
        "http://testserver/en/guidance/both/",
    ]
    assert [entry["title"] for entry in entries] == [CHINESE[0], "English only", ENGLISH[0]]
    assert feed.find("atom:link[@rel='self']", ATOM).get("href") == "http://testserver/en/guidance/feed/"


def test_the_chinese_feed_names_chinese_titles_and_links_to_chinese_pages(client, world):
    _, entries = _entries(client, "/zh-hant/guidance/feed/")

    assert [entry["title"] for entry in entries] == [CHINESE[0], "English only", CHINESE[0]]
    assert {entry["link"].split("/")[3] for entry in entries} == {"zh-hant"}


def test_each_entry_was_updated_when_its_live_version_came_out(client, editor, publisher):
    publication = published("both", author=editor, publisher=publisher, now=_ago(days=4), en=ENGLISH)
    services.save_text(publication, language="en", title="New", summary="S.", body="B.", by=editor, now=_ago(days=1))
    services.submit_for_review(publication, by=editor, now=_ago(days=1))
    version = services.publish(publication, change_note="New.", by=publisher, now=_ago(days=1))

    _, entries = _entries(client, "/en/guidance/feed/")

    assert entries[0]["title"] == "New"
    assert entries[0]["updated"] == version.published_at.isoformat()


def test_the_feed_holds_the_twenty_newest(client, editor, publisher):
    for number in range(22):
        published(f"item-{number}", author=editor, publisher=publisher, now=_ago(days=30 - number))

    _, entries = _entries(client, "/en/guidance/feed/")

    assert len(entries) == 20
    assert entries[0]["link"].endswith("/item-21/")
    assert entries[-1]["link"].endswith("/item-2/")


def _sitemap(client) -> dict[str, dict[str, str]]:
    """Each address the sitemap lists, with its alternates by language."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    urls = ET.fromstring(response.content).findall("s:url", SITEMAP)
    return {
        url.findtext("s:loc", namespaces=SITEMAP): {
            link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", SITEMAP)
        }
        for url in urls
    }


def test_the_sitemap_lists_every_published_page_in_the_languages_it_is_written_in(client, world):
    sitemap = _sitemap(client)

    base = "http://testserver"
    assert set(sitemap) == {
        f"{base}/en/",
        f"{base}/zh-hant/",
        f"{base}/en/guidance/",
        f"{base}/zh-hant/guidance/",
        f"{base}/en/guidance/both/",
        f"{base}/zh-hant/guidance/both/",
        f"{base}/en/guidance/english-only/",
        f"{base}/zh-hant/guidance/chinese-only/",
        f"{base}/en/guidance/archived/",
    }
    assert sitemap[f"{base}/en/guidance/both/"] == {
        "en": f"{base}/en/guidance/both/",
        "zh-hant": f"{base}/zh-hant/guidance/both/",
        "x-default": f"{base}/guidance/both/",
    }
    assert sitemap[f"{base}/zh-hant/guidance/chinese-only/"] == {"zh-hant": f"{base}/zh-hant/guidance/chinese-only/"}
    assert sitemap[f"{base}/en/"]["x-default"] == f"{base}/"


def test_the_sitemap_says_when_a_page_last_changed(client, world):
    root = ET.fromstring(client.get("/sitemap.xml").content)

    modified = {
        url.findtext("s:loc", namespaces=SITEMAP): url.findtext("s:lastmod", namespaces=SITEMAP)
        for url in root.findall("s:url", SITEMAP)
    }
    assert modified["http://testserver/en/guidance/archived/"] == f"{timezone.localdate(_ago(days=1)):%Y-%m-%d}"
    assert modified["http://testserver/en/"] == modified["http://testserver/en/guidance/archived/"]


def test_an_address_without_a_language_leads_to_the_visitors_language(client, world):
    response = client.get("/guidance/both/")

    assert response.status_code == 302
    assert response["Location"] == "/en/guidance/both/"


@pytest.mark.parametrize(
    ("accept", "cookie", "home"),
    [
        ("zh-TW,zh;q=0.9,en;q=0.5", None, "/zh-hant/"),
        ("zh-Hant", None, "/zh-hant/"),
        ("en-GB,en;q=0.9", None, "/en/"),
        ("fr-FR", None, "/en/"),
        ("en-GB", "zh-hant", "/zh-hant/"),
    ],
)
def test_the_site_address_sends_visitors_home_in_their_language(client, accept, cookie, home):
    if cookie:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie

    response = client.get("/", headers={"Accept-Language": accept})

    assert response.status_code == 302
    assert response["Location"] == home
    assert {"Accept-Language", "Cookie"} <= {value.strip() for value in response["Vary"].split(",")}


def test_robots_may_read_all_but_the_staff_pages_and_previews_and_are_told_of_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert {
        "Allow: /",
        "Disallow: /admin/",
        "Disallow: /staff/",
        "Disallow: /en/guidance/preview/",
        "Disallow: /zh-hant/guidance/preview/",
        "Sitemap: http://testserver/sitemap.xml",
    } <= set(lines)
