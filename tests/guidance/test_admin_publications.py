"""The publications screens: who may use them, the list with what the public sees of each
publication and its filters, and the page where both languages are written side by side through the
services."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from django.utils.formats import date_format

from guidance import services
from guidance.models import Event, Publication, Text
from tests.helpers.admin_probe import admin_routes
from tests.helpers.factories import make_user
from tests.helpers.guidance import TopicFactory, published, written
from tests.helpers.html_forms import read_form
from tests.helpers.pages import get_within_budget, text_of

pytestmark = pytest.mark.django_db

LIST = "/admin/guidance/publication/"
ADD = "/admin/guidance/publication/add/"
ENGLISH = ("Using CCTV at home", "What to think about before pointing a camera.", "## Before you start\n\nAsk.")
CHINESE = ("在家使用閉路電視", "安裝鏡頭前要考慮的事。", "## 開始之前\n\n先問。")
# The four queries of any signed-in admin page (session, user, the user's own and group permissions),
# then: the topics (filter), two counts, and the page of rows with every column (titles, translation,
# what the public sees, who edited last, the successor).
LIST_QUERIES = 8


def _page(publication) -> str:
    return f"/admin/guidance/publication/{publication.pk}/change/"


def _texts(language: str, title: str, summary: str, body: str) -> dict:
    suffix = language.replace("-", "_")
    return {f"title_{suffix}": title, f"summary_{suffix}": summary, f"body_{suffix}": body}


def _new(slug: str = "cctv-at-home", **fields) -> dict:
    """What the add page posts for a guidance note written in English."""
    return {"slug": slug, "kind": "guidance_note", **_texts("en", *ENGLISH), **fields}


def _english_changed(publication, *, by) -> None:
    services.save_text(publication, language="en", title="New", summary="New.", body="New.", by=by, now=timezone.now())


def _as_shown(client, publication) -> dict:
    """The publication's page form as a browser would send it unchanged."""
    fields, _files = read_form(client, _page(publication), "publication_form")
    return fields


# --- who may use the screens -------------------------------------------------------------------------


def test_a_case_officer_is_refused_every_guidance_page(client, officer, editor, publisher):
    publication = published("cctv-at-home", author=editor, publisher=publisher)
    topic = TopicFactory()
    ids = {"guidance.publication": publication.pk, "guidance.version": publication.versions.get().pk}
    ids["guidance.topic"] = topic.pk
    client.force_login(officer)
    refused = []

    for route in admin_routes():
        if route.model_admin is None or route.model_admin.opts.app_label != "guidance" or not route.pattern.name:
            continue
        url = route.url({"object_id": ids[route.model_admin.opts.label_lower], "version_id": "1"})
        refused.append((url, client.get(url).status_code, client.post(url, {"note": "x"}).status_code))

    assert len(refused) > 20
    # History is only ever read: posting to it is refused as a method, before anyone is asked.
    assert [(url, get, post) for url, get, post in refused if get != 403 or post not in (403, 405)] == []
    assert "/admin/guidance/" not in client.get("/admin/").content.decode()
    publication.refresh_from_db()
    assert publication.archived_at is None


@pytest.mark.parametrize("who", ["editor", "publisher", "administrator", "auditor"])
def test_the_home_offers_guidance_to_those_who_work_on_it(client, who, request):
    client.force_login(request.getfixturevalue(who))

    home = client.get("/admin/").content.decode()

    assert 'href="/admin/guidance/publication/"' in home
    assert ('href="/admin/guidance/topic/add/"' in home) is (who == "administrator")


def test_only_administrators_keep_the_topics(client, editor, administrator):
    client.force_login(editor)
    assert client.get("/admin/guidance/topic/add/").status_code == 403

    client.force_login(administrator)
    response = client.post(
        "/admin/guidance/topic/add/", {"name_en": "Workplaces", "name_zh_hant": "工作場所", "slug": "workplaces"}
    )

    assert response.status_code == 302
    assert client.get("/admin/guidance/topic/").context["cl"].result_list[0].name_zh_hant == "工作場所"


def test_an_auditor_reads_both_languages_but_is_given_no_form(client, auditor, editor):
    publication = written("cctv-at-home", by=editor, en=ENGLISH, zh=CHINESE)
    client.force_login(auditor)

    response = client.get(_page(publication))

    page = response.content.decode()
    assert response.status_code == 200
    assert ENGLISH[0] in page and CHINESE[0] in page
    assert 'name="title_en"' not in page and 'name="body_zh_hant"' not in page
    assert client.post(_page(publication), _texts("en", "Changed", "x", "y")).status_code == 403


def test_the_field_history_of_a_publication_is_only_read(client, editor, publisher):
    publication = published("cctv-at-home", author=editor, publisher=publisher)
    first = publication.history.order_by("history_id").first()
    client.force_login(editor)
    history = f"/admin/guidance/publication/{publication.pk}/history/"

    listed = client.get(history)
    version = client.get(f"{history}{first.history_id}/")
    posted = client.post(f"{history}{first.history_id}/", {"kind": "leaflet"})

    assert (listed.status_code, version.status_code, posted.status_code) == (200, 200, 405)
    assert 'name="kind"' not in version.content.decode()
    assert client.get(f"{history}999999/").status_code == 404
    publication.refresh_from_db()
    assert publication.kind == "guidance_note"


# --- writing both languages side by side ---------------------------------------------------------------


def test_adding_a_publication_in_both_languages_creates_it_and_its_texts_through_the_services(client, editor):
    topic = TopicFactory(slug="surveillance")
    client.force_login(editor)

    response = client.post(ADD, _new(topics=[topic.pk], **_texts("zh-hant", *CHINESE)))

    publication = Publication.objects.get(slug="cctv-at-home")
    assert response["Location"] == _page(publication)
    texts = {text.language: text for text in publication.texts.all()}
    assert (texts["en"].title, texts["en"].revision) == (ENGLISH[0], 1)
    assert (texts["zh-hant"].title, texts["zh-hant"].translated_from_revision) == (CHINESE[0], 1)
    assert list(publication.topics.all()) == [topic]
    assert (publication.status, publication.last_edited_by) == ("draft", editor)
    assert list(publication.events.order_by("pk").values_list("kind", flat=True)) == ["created", "edited", "edited"]


def test_a_publication_may_be_written_in_one_language_only(client, editor):
    client.force_login(editor)

    response = client.post(ADD, {"slug": "only-chinese", "kind": "leaflet", **_texts("zh-hant", *CHINESE)})

    assert response.status_code == 302
    assert list(Text.objects.values_list("language", flat=True)) == ["zh-hant"]


def test_a_language_half_written_is_refused_on_its_fields_and_keeps_what_was_typed(client, editor):
    client.force_login(editor)

    response = client.post(ADD, _new(**_texts("zh-hant", CHINESE[0], "", "")))

    errors = response.context["adminform"].form.errors
    assert errors["summary_zh_hant"] == errors["body_zh_hant"] == ["A text needs a title, a summary and a body."]
    page = response.content.decode()
    assert CHINESE[0] in page and ENGLISH[2] in page
    assert not Publication.objects.exists()


def test_a_publication_with_no_text_at_all_is_refused(client, editor):
    client.force_login(editor)

    response = client.post(ADD, {"slug": "empty", "kind": "leaflet"})

    assert response.context["adminform"].form.errors["title_en"] == [
        "Write the publication in English, in Traditional Chinese or in both."
    ]
    assert not Publication.objects.exists()


def test_a_refusal_by_a_service_is_shown_on_the_form_and_nothing_typed_is_lost(client):
    # May create publications but not write them: the service refuses the text after the form took it.
    creator = make_user()
    creator.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="guidance", codename__in=["add_publication"])
    )
    client.force_login(creator)

    response = client.post(ADD, _new())

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == ["Only editors can write publications."]
    assert ENGLISH[0] in response.content.decode()
    assert not Publication.objects.exists()
    assert not Event.objects.exists()


def test_changing_the_english_text_raises_its_revision_and_marks_the_translation_out_of_date(client, editor):
    publication = written("cctv-at-home", by=editor, en=ENGLISH, zh=CHINESE)
    client.force_login(editor)
    form = _as_shown(client, publication)

    response = client.post(_page(publication), {**form, "body_en": ENGLISH[2] + "\n\nAsk again."})

    assert response.status_code == 302
    english, chinese = publication.texts.order_by("language")
    assert (english.revision, chinese.translated_from_revision) == (2, 1)
    page = text_of(client.get(_page(publication)).content.decode())
    assert "This translation is out of date" in page
    assert "Approve the translation as up to date" in page


def test_saving_the_page_unchanged_writes_nothing(client, editor):
    publication = written("cctv-at-home", by=editor, en=ENGLISH, zh=CHINESE)
    client.force_login(editor)
    events = publication.events.count()

    response = client.post(_page(publication), _as_shown(client, publication))

    assert response.status_code == 302
    assert publication.events.count() == events
    assert publication.texts.get(language="en").revision == 1


def test_ticking_that_the_translation_matches_brings_it_up_to_date(client, editor, publisher):
    publication = written("cctv-at-home", by=editor, en=ENGLISH, zh=CHINESE)
    _english_changed(publication, by=editor)
    client.force_login(publisher)
    form = _as_shown(client, publication)
    assert "matches_english" not in form

    client.post(_page(publication), {**form, "matches_english": "on"})

    assert publication.texts.get(language="zh-hant").translated_from_revision == 2
    assert "This translation is out of date" not in client.get(_page(publication)).content.decode()


def test_approving_the_translation_from_its_warning_brings_it_up_to_date(client, editor):
    publication = written("cctv-at-home", by=editor, en=ENGLISH, zh=CHINESE)
    _english_changed(publication, by=editor)
    client.force_login(editor)
    approve = f"/admin/guidance/publication/{publication.pk}/approve/"
    assert approve in client.get(_page(publication)).content.decode()

    response = client.post(approve, {})

    assert response["Location"] == _page(publication)
    assert publication.texts.get(language="zh-hant").translated_from_revision == 2
    assert publication.events.filter(kind="translation_approved").count() == 1
    again = client.get(approve)
    assert "The translation is up to date with the English text" in again.content.decode()
    assert again.context["form"] is None


# --- the list ------------------------------------------------------------------------------------------


def _list_rows(html: str) -> dict[str, dict[str, str]]:
    """The list's rows by address: the text of each column's cell."""
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", html, flags=re.S):
        cells = dict(re.findall(r'<t[dh] class="field-(\w+)[^"]*">(.*?)</t[dh]>', row, flags=re.S))
        if "slug" in cells:
            rows[text_of(cells["slug"])] = {name: text_of(cell) for name, cell in cells.items()}
    return rows


def _short(moment) -> str:
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def test_the_list_says_what_the_public_sees_of_each_publication(client, editor, publisher):
    now = timezone.now()
    written("draft-only", by=editor)
    live = published("live-one", author=editor, publisher=publisher, now=now - timedelta(days=1))
    published("coming-soon", author=editor, publisher=publisher, now=now, at=now + timedelta(days=3))
    services.archive(live, note="Out of date law.", by=publisher, now=now)
    client.force_login(editor)

    rows = _list_rows(client.get(LIST).content.decode())

    shown = {slug: (row["public_state_column"], row["archive_state_column"]) for slug, row in rows.items()}
    assert shown == {
        "draft-only": ("Not published", "—"),
        "live-one": (f"Version 1 since {_short(now - timedelta(days=1))}", f"Archived on {_short(now)}"),
        "coming-soon": (f"Scheduled for {_short(now + timedelta(days=3))}", "—"),
    }


def test_the_list_says_when_a_newer_version_waits_for_its_time(client, editor, publisher):
    now = timezone.now()
    live = published("live-one", author=editor, publisher=publisher, now=now - timedelta(days=1))
    _english_changed(live, by=editor)
    services.submit_for_review(live, by=editor, now=now)
    services.schedule(live, at=now + timedelta(days=2), change_note="New law.", by=publisher, now=now)
    client.force_login(editor)

    row = _list_rows(client.get(LIST).content.decode())["live-one"]

    assert row["public_state_column"] == (
        f"Version 1 since {_short(now - timedelta(days=1))} the next scheduled for {_short(now + timedelta(days=2))}"
    )


def test_the_out_of_date_filter_lists_only_publications_whose_translation_is_behind(client, editor):
    behind = written("behind", by=editor, en=ENGLISH, zh=CHINESE)
    _english_changed(behind, by=editor)
    written("current", by=editor, en=ENGLISH, zh=CHINESE)
    written("english-only", by=editor, en=ENGLISH)
    client.force_login(editor)

    def listed(query: dict) -> set[str]:
        return {row.slug for row in client.get(LIST, query).context["cl"].result_list}

    assert listed({"translation": "out_of_date"}) == {"behind"}
    assert listed({"translation": "up_to_date"}) == {"current"}
    assert listed({}) == {"behind", "current", "english-only"}


def test_the_list_is_searched_by_address_and_by_a_title_in_either_language(client, editor):
    written("cctv-at-home", by=editor, en=ENGLISH, zh=CHINESE)
    written("opt-out", by=editor)
    client.force_login(editor)

    def found(term: str) -> list[str]:
        return [row.slug for row in client.get(LIST, {"q": term}).context["cl"].result_list]

    assert found("opt-out") == ["opt-out"]
    assert found("閉路電視") == ["cctv-at-home"]
    assert found("camera") == []


@pytest.mark.parametrize("n", [2, 20])
def test_the_list_asks_the_same_queries_for_2_and_for_20_publications(
    client, editor, publisher, django_assert_num_queries, n
):
    topic = TopicFactory()
    now = timezone.now()
    for i in range(n):
        if i % 2:
            published(f"note-{i}", author=editor, publisher=publisher, now=now, topics=[topic], en=ENGLISH, zh=CHINESE)
        else:
            written(f"note-{i}", by=editor, en=ENGLISH)
    client.force_login(editor)

    response = get_within_budget(client, LIST, LIST_QUERIES, django_assert_num_queries)

    assert len(response.context["cl"].result_list) == n
    rows = _list_rows(response.content.decode())
    assert rows["note-1"]["public_state_column"].startswith("Version 1 since ")
    assert rows["note-1"]["chinese_title_column"] == CHINESE[0]
