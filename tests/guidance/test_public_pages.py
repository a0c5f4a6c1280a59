"""A publication's public page and its versions page: only what is published, the newest version,
the archived banner, both languages, numbered steps, and what changed between versions."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from guidance import services
from guidance.models import Kind
from tests.helpers.guidance import PDF_BYTES, PNG_BYTES, TopicFactory, attach, publish_reviewed, published, written
from tests.helpers.pages import text_of

pytestmark = pytest.mark.django_db

ENGLISH = ("Opt out of AI training", "How to stop your posts training a model.", "## Why\n\nYour posts are yours.")
CHINESE = ("拒絕人工智能訓練", "如何阻止你的帖文用於訓練模型。", "## 原因\n\n你的帖文屬於你。")


def _ago(**delta):
    return timezone.now() - timedelta(**delta)


def _revised(publication, *, editor, publisher, now, title, body="## Why\n\nYour posts are yours.", note="Revised."):
    services.save_text(publication, language="en", title=title, summary=ENGLISH[1], body=body, by=editor, now=now)
    return publish_reviewed(publication, author=editor, publisher=publisher, now=now, note=note)


def _lang_of(html: str, text: str) -> str | None:
    """The ``lang`` attribute of the nearest element opening before ``text`` in the page's main part."""
    main = html[html.index("<main") :]
    before = main[: main.index(text)]
    found = re.findall(r'<[a-z0-9]+[^>]*\blang="([^"]+)"[^>]*>', before)
    return found[-1] if found else None


def test_a_draft_has_no_page(client, editor):
    written("opt-out", by=editor, en=ENGLISH)

    assert client.get("/en/guidance/opt-out/").status_code == 404
    assert client.get("/en/guidance/opt-out/versions/").status_code == 404


def test_a_scheduled_publication_has_no_page_until_its_time_comes(client, editor, publisher):
    now = timezone.now()
    published("later", author=editor, publisher=publisher, now=now, at=now + timedelta(hours=1))
    # Scheduled two hours ago for one hour ago: its time has come.
    published("come", author=editor, publisher=publisher, now=_ago(hours=2), at=_ago(hours=1), en=ENGLISH)

    assert client.get("/en/guidance/later/").status_code == 404
    assert client.get("/en/guidance/later/versions/").status_code == 404
    response = client.get("/en/guidance/come/")
    assert response.status_code == 200
    assert "Opt out of AI training" in text_of(response.content.decode())


def test_the_page_shows_the_newest_version_whose_time_has_come(client, editor, publisher):
    publication = published("opt-out", author=editor, publisher=publisher, now=_ago(days=20), en=ENGLISH)
    _revised(publication, editor=editor, publisher=publisher, now=_ago(days=10), title="Opt out, second edition")
    services.save_text(
        publication, language="en", title="Opt out, next year", summary="S.", body="B.", by=editor, now=_ago(days=1)
    )
    services.submit_for_review(publication, by=editor, now=_ago(days=1))
    services.schedule(
        publication, at=timezone.now() + timedelta(days=3), change_note="Next.", by=publisher, now=_ago(days=1)
    )

    page = text_of(client.get("/en/guidance/opt-out/").content.decode())

    assert "Opt out, second edition" in page
    assert "next year" not in page
    assert f"First published {timezone.localtime(publication.versions.get(number=1).published_at):%a %-d %b %Y}" in page
    assert "Last updated" in page
    assert "version history (2 versions)" in page


def test_an_archived_publication_says_so_and_links_to_its_successor(client, editor, publisher):
    old = published("old-rules", author=editor, publisher=publisher, now=_ago(days=30))
    new = published("new-rules", author=editor, publisher=publisher, now=_ago(days=2), en=ENGLISH)
    services.supersede(old, successor=new, note="The law changed.", by=publisher, now=_ago(days=1))

    html = client.get("/en/guidance/old-rules/").content.decode()

    assert "Archived on" in text_of(html)
    assert "The law changed." in text_of(html)
    assert re.search(r'replaced by: <a href="/en/guidance/new-rules/">Opt out of AI training</a>', html)
    assert "Archived on" not in text_of(client.get("/en/guidance/new-rules/").content.decode())


def test_the_language_switch_leads_to_the_same_page_in_the_other_language(client, editor, publisher):
    published("opt-out", author=editor, publisher=publisher, now=_ago(days=1), en=ENGLISH, zh=CHINESE)

    english = client.get("/en/guidance/opt-out/").content.decode()
    chinese = client.get("/zh-hant/guidance/opt-out/").content.decode()

    assert '<html lang="en">' in english
    assert '<html lang="zh-Hant">' in chinese
    assert re.search(r'<a class="language-switch" href="/zh-hant/guidance/opt-out/" hreflang="zh-Hant"', english)
    assert re.search(r'<a class="language-switch" href="/en/guidance/opt-out/" hreflang="en"', chinese)
    assert 'hreflang="en" href="http://testserver/en/guidance/opt-out/"' in chinese
    assert 'hreflang="zh-Hant" href="http://testserver/zh-hant/guidance/opt-out/"' in english
    assert "拒絕人工智能訓練" in text_of(chinese)
    assert "拒絕人工智能訓練" not in text_of(english)


def test_a_chinese_only_publication_shows_on_the_english_site_marked_as_chinese(client, editor, publisher):
    published("chinese-only", author=editor, publisher=publisher, now=_ago(days=1), zh=CHINESE)

    html = client.get("/en/guidance/chinese-only/").content.decode()

    assert "It is shown in Traditional Chinese." in text_of(html)
    assert _lang_of(html, "拒絕人工智能訓練") == "zh-Hant"
    assert _lang_of(html, "你的帖文屬於你") == "zh-Hant"
    # Only the language it is written in is named as an alternate; the switch still offers Chinese.
    assert 'rel="alternate" hreflang="en"' not in html
    assert 'rel="alternate" hreflang="zh-Hant"' in html


def test_an_out_of_date_translation_says_so_and_links_to_the_english_page(client, editor, publisher):
    publication = published("opt-out", author=editor, publisher=publisher, now=_ago(days=10), en=ENGLISH, zh=CHINESE)
    current = "拒絕人工智能訓練" not in text_of(client.get("/zh-hant/guidance/opt-out/").content.decode())
    _revised(publication, editor=editor, publisher=publisher, now=_ago(days=1), title="Opt out now")

    chinese = client.get("/zh-hant/guidance/opt-out/").content.decode()
    english = client.get("/en/guidance/opt-out/").content.decode()

    assert not current
    assert "此譯本尚未按最新英文本更新。" in text_of(chinese)
    assert re.search(r'<a href="/en/guidance/opt-out/" hreflang="en">', chinese)
    assert "brought up to date" not in text_of(english)
    assert "此譯本" not in text_of(english)


def test_a_how_to_publication_shows_numbered_steps_and_its_contents(client, editor, publisher):
    body = "\n\n".join(
        [
            "Before you start.",
            "## Open settings",
            "Tap the cog.",
            "## Find privacy",
            "Scroll.",
            "## Switch it off",
            "Tap.",
        ]
    )
    published("steps", author=editor, publisher=publisher, now=_ago(days=1), kind=Kind.HOW_TO, en=("Steps", "S.", body))

    html = client.get("/en/guidance/steps/").content.decode()

    steps = re.search(r'<ol class="steps">(.*?)</ol>', html, flags=re.S).group(1)
    assert re.findall(r'<li class="step"><h2 id="([^"]+)">', steps) == [
        "section-open-settings",
        "section-find-privacy",
        "section-switch-it-off",
    ]
    assert "Before you start." not in steps
    contents = re.search(r'<nav class="contents".*?</nav>', html, flags=re.S).group(0)
    assert re.findall(r'href="#([^"]+)"', contents) == [
        "section-open-settings",
        "section-find-privacy",
        "section-switch-it-off",
    ]


def test_a_short_text_has_no_contents_and_a_guidance_note_no_steps(client, editor, publisher):
    published("note", author=editor, publisher=publisher, now=_ago(days=1), en=("Note", "S.", "## One\n\n## Two"))

    html = client.get("/en/guidance/note/").content.decode()

    assert 'class="contents"' not in html
    assert 'class="steps"' not in html


def test_topics_link_to_the_index_and_only_published_related_publications_are_named(client, editor, publisher):
    out = published("out", author=editor, publisher=publisher, now=_ago(days=3), en=ENGLISH)
    draft = written("draft", by=editor, en=("Secret draft", "S.", "B."))
    topic = TopicFactory(slug="online-platforms", name_en="Online platforms")
    published("main", author=editor, publisher=publisher, now=_ago(days=1), topics=[topic], related=[out, draft])

    html = client.get("/en/guidance/main/").content.decode()

    assert '<a href="/en/guidance/?topic=online-platforms">Online platforms</a>' in html
    assert '<a href="/en/guidance/out/">Opt out of AI training</a>' in html
    assert "Secret draft" not in html


def test_the_versions_page_lists_published_versions_newest_first_and_never_future_ones(client, editor, publisher):
    publication = published("opt-out", author=editor, publisher=publisher, now=_ago(days=20), en=ENGLISH)
    _revised(publication, editor=editor, publisher=publisher, now=_ago(days=10), title="Second", note="Clearer.")
    services.save_text(publication, language="en", title="Third", summary="S.", body="B.", by=editor, now=_ago(days=1))
    services.submit_for_review(publication, by=editor, now=_ago(days=1))
    services.schedule(
        publication, at=timezone.now() + timedelta(days=1), change_note="Embargoed.", by=publisher, now=_ago(days=1)
    )

    page = text_of(client.get("/en/guidance/opt-out/versions/").content.decode())

    assert re.findall(r"Version (\d)", page) == ["2", "1"]
    assert page.index("Clearer.") < page.index("First published.")
    assert "Embargoed." not in page
    assert "Third" not in page


def test_the_versions_page_shows_what_changed_escaped(client, editor, publisher):
    publication = published(
        "opt-out", author=editor, publisher=publisher, now=_ago(days=20), en=("Opt out", "S.", "Tap once.\n\nKeep.")
    )
    _revised(
        publication,
        editor=editor,
        publisher=publisher,
        now=_ago(days=1),
        title="Opt out <b>now</b>",
        body="Tap twice.\n\nKeep.",
    )

    html = client.get("/en/guidance/opt-out/versions/").content.decode()

    assert re.search(r"<ins><span[^>]*>\[added: </span>&lt;b&gt;now&lt;/b&gt;", html.replace(" &lt;b", "&lt;b"))
    assert re.search(r"Tap <del><span[^>]*>\[removed: </span>once<span", html)
    assert re.search(r"<ins><span[^>]*>\[added: </span>twice<span", html)
    assert "<b>now</b>" not in html
    assert "Keep." not in re.search(r'<dl class="diff".*?</dl>', html, flags=re.S).group(0)


def test_the_versions_page_compares_texts_of_one_language_only(client, editor, publisher):
    publication = published("opt-out", author=editor, publisher=publisher, now=_ago(days=20), en=ENGLISH)
    services.save_text(
        publication,
        language="zh-hant",
        title=CHINESE[0],
        summary=CHINESE[1],
        body=CHINESE[2],
        by=editor,
        now=_ago(days=2),
    )
    publish_reviewed(publication, author=editor, publisher=publisher, now=_ago(days=2), note="Chinese added.")

    chinese = client.get("/zh-hant/guidance/opt-out/versions/").content.decode()
    english = client.get("/en/guidance/opt-out/versions/").content.decode()

    assert 'class="diff"' not in chinese
    assert chinese.count('class="version__none"') == 2
    assert "The text in this language did not change." in text_of(english)


# --- files -----------------------------------------------------------------------------------------


def _with_files(editor, publisher):
    publication = written("framework", by=editor, now=_ago(days=2))
    attach(publication, "framework.pdf", by=editor, now=_ago(days=2), title_en="The framework")
    attach(publication, "switch.png", by=editor, now=_ago(days=2), content=PNG_BYTES)
    services.save_text(
        publication,
        language="en",
        title="Framework",
        summary="S.",
        body="![The switch, turned off](switch.png)",
        by=editor,
        now=_ago(days=2),
    )
    publish_reviewed(publication, author=editor, publisher=publisher, now=_ago(days=2))
    # Attached after the version was published: it goes out with the next one.
    attach(publication, "draft-annex.pdf", by=editor, now=_ago(days=1))
    return publication


def test_a_pdf_of_the_live_version_downloads_and_a_picture_shows_inline(client, editor, publisher):
    _with_files(editor, publisher)

    pdf = client.get("/guidance/files/framework/framework.pdf")
    picture = client.get("/guidance/files/framework/switch.png")

    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content) == PDF_BYTES
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == 'attachment; filename="framework.pdf"'
    assert pdf["Cache-Control"] == "public, max-age=300"
    assert picture["Content-Type"] == "image/png"
    assert picture["Content-Disposition"].startswith("inline")
    picture.close()


def test_the_page_shows_the_picture_and_lists_the_pdf(client, editor, publisher):
    _with_files(editor, publisher)

    html = client.get("/en/guidance/framework/").content.decode()

    assert '<img alt="The switch, turned off" src="/guidance/files/framework/switch.png">' in html
    assert re.search(r'<a href="/guidance/files/framework/framework.pdf">The framework</a>\s*<span[^>]*>PDF, ', html)
    assert "draft-annex" not in html


@pytest.mark.parametrize(
    "address",
    [
        "/guidance/files/framework/draft-annex.pdf",  # not in the live version
        "/guidance/files/framework/nothing.pdf",
        "/guidance/files/other/framework.pdf",
    ],
)
def test_a_file_outside_the_live_version_is_not_found(client, editor, publisher, address):
    _with_files(editor, publisher)

    assert client.get(address).status_code == 404


def test_a_file_of_a_draft_is_not_found_but_staff_who_see_publications_get_it(client, editor):
    publication = written("draft", by=editor)
    attach(publication, "draft.pdf", by=editor)

    assert client.get("/guidance/files/draft/draft.pdf").status_code == 404
    client.force_login(editor)
    response = client.get("/guidance/files/draft/draft.pdf")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    response.close()


def test_notes_show_in_the_page_language_or_else_in_the_other_one_marked_with_its_language(client, editor, publisher):
    old = published("breach-2019", author=editor, publisher=publisher, now=_ago(days=10))
    new = published("breach", author=editor, publisher=publisher, now=_ago(days=10))
    services.supersede(old, successor=new, note="Outdated by the new law.", by=publisher, now=_ago(days=1))
    revised = published("opt-out", author=editor, publisher=publisher, now=_ago(days=10))
    services.save_text(revised, language="en", title="Opt out", summary="S.", body="New.", by=editor, now=_ago(days=2))
    services.submit_for_review(revised, by=editor, now=_ago(days=2))
    services.publish(revised, change_note="", change_note_zh_hant="新增一節。", by=publisher, now=_ago(days=1))

    chinese = client.get("/zh-hant/guidance/breach-2019/").content.decode()
    english_versions = client.get("/en/guidance/opt-out/versions/").content.decode()

    assert '<p lang="en">Outdated by the new law.</p>' in chinese
    assert '<p class="version__note" lang="zh-Hant">新增一節。</p>' in english_versions
