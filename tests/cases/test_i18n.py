"""The staff admin works in Traditional Chinese: our catalogue is complete and compiled, the
language follows the browser or the switch in the header, and both our strings and Django's show."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from cases.models import Case, CaseKind, CaseStatus
from tests.helpers.factories import CaseFactory

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "zh_Hant" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")


@pytest.fixture
def case_in_enquiry(lead):
    return CaseFactory(status=CaseStatus.PRELIMINARY_ENQUIRY, assigned_officer=lead, title="Staff records leaked")


def _po_entries(path: Path) -> list[dict]:
    """The entries of a .po file: flags, msgid, msgid_plural and msgstr (joined, unescaped)."""
    entries, entry, key = [], None, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = line.strip()
        starts_entry = line.startswith(("#", "msgid ")) and entry is not None and "msgid" in entry
        if not line or starts_entry:
            if entry is not None and "msgid" in entry:
                entries.append(entry)
                entry = None
            if not line:
                continue
        if entry is None:
            entry = {"flags": set()}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        else:
            key, _, value = line.partition(" ")
            entry[key] = ast.literal_eval(value)
    return entries


@pytest.fixture(scope="module")
def po_entries():
    return _po_entries(CATALOGUE / "django.po")


def test_every_string_is_translated_and_none_is_fuzzy(po_entries):
    header, *messages = po_entries
    assert header["msgid"] == ""
    assert "Language: zh_Hant" in header["msgstr"]
    assert len(messages) > 200
    assert [entry["msgid"] for entry in po_entries if "fuzzy" in entry["flags"]] == []
    untranslated = [
        entry["msgid"]
        for entry in messages
        if not all(value.strip() for key, value in entry.items() if key.startswith("msgstr"))
    ]
    assert untranslated == []


def test_translations_keep_every_placeholder(po_entries):
    for entry in po_entries[1:]:
        # Chinese has one plural form, used for every count: it says what the plural says.
        expected = sorted(PLACEHOLDER.findall(entry.get("msgid_plural", entry["msgid"])))
        for key, value in entry.items():
            if key.startswith("msgstr"):
                assert sorted(PLACEHOLDER.findall(value)) == expected, entry["msgid"]


def test_compiled_catalogue_matches_the_po_file(po_entries):
    """The committed .mo is what the site reads: it must be compiled from the current .po."""
    with (CATALOGUE / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    for entry in po_entries[1:]:
        if "msgid_plural" in entry:
            # Chinese has one plural form: every count reads msgstr[0].
            for count in (1, 2):
                translated = compiled.ngettext(entry["msgid"], entry["msgid_plural"], count)
                assert translated == entry["msgstr[0]"], entry["msgid"]
        elif "msgctxt" in entry:
            assert compiled.pgettext(entry["msgctxt"], entry["msgid"]) == entry["msgstr"], entry["msgid"]
        else:
            assert compiled.gettext(entry["msgid"]) == entry["msgstr"], entry["msgid"]


def test_models_and_choices_are_translated():
    with translation.override("zh-hant"):
        assert str(Case._meta.verbose_name_plural) == "個案"
        assert str(CaseStatus.PRELIMINARY_ENQUIRY.label) == "初步查詢"
        assert str(CaseKind.BREACH_NOTIFICATION.label) == "資料外洩事故通報"
    with translation.override("en"):
        assert str(CaseStatus.PRELIMINARY_ENQUIRY.label) == "Preliminary enquiry"


@pytest.mark.django_db
def test_admin_home_follows_accept_language(client, lead, case_in_enquiry):
    client.force_login(lead)
    response = client.get("/admin/", headers={"accept-language": "zh-hant"})
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="zh-hant"' in page
    # Ours: the dashboard, the app list and the status of the lead's open case.
    assert "我的未結個案" in page
    assert ">個案<" in page
    assert "初步查詢" in page
    # Django's own admin strings.
    assert "登出" in page
    assert "新增" in page
    assert "My open cases" not in page
    assert "Preliminary enquiry" not in page


@pytest.mark.django_db
def test_admin_home_stays_english_by_default(client, lead, case_in_enquiry):
    client.force_login(lead)
    page = client.get("/admin/").content.decode()
    assert "My open cases" in page
    assert "Preliminary enquiry" in page
    assert "Log out" in page
    assert "我的未結個案" not in page


@pytest.mark.django_db
def test_case_list_follows_the_language_cookie(client, lead, case_in_enquiry):
    client.force_login(lead)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hant"
    response = client.get("/admin/cases/case/")
    assert response.status_code == 200
    page = response.content.decode()
    assert case_in_enquiry.reference in page
    # Ours: column headers, filters, the status and kind of the case.
    assert "下一個限期" in page
    assert "負責主任" in page
    assert "分派給我" in page
    assert "初步查詢" in page
    assert "投訴" in page
    # Django's: the search button and the log-out button.
    assert "搜尋" in page
    assert "登出" in page
    assert "Preliminary enquiry" not in page
    assert "Log out" not in page


@pytest.mark.django_db
def test_language_switch_sets_the_language_and_redirects_back(client, lead, case_in_enquiry):
    client.force_login(lead)
    page = client.get("/admin/cases/case/?status__exact=preliminary_enquiry").content.decode()
    form = re.search(r'<form class="language-switch" action="([^"]+)" method="post".*?</form>', page, re.S)
    assert form is not None
    action = form.group(1)
    assert action == "/i18n/setlang/"
    back_to = re.search(r'name="next" type="hidden" value="([^"]+)"', form.group(0)).group(1).replace("&amp;", "&")
    assert 'value="zh-hant"' in form.group(0)

    response = client.post(action, {"language": "zh-hant", "next": back_to})
    assert response.status_code == 302
    assert response["Location"] == "/admin/cases/case/?status__exact=preliminary_enquiry"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hant"

    page = client.get(response["Location"]).content.decode()
    assert "初步查詢" in page
    assert "登出" in page
    assert 'aria-current="true">繁體中文<' in page

    response = client.post(action, {"language": "en"}, headers={"referer": "http://testserver/admin/"})
    assert response.status_code == 302
    assert response["Location"] == "http://testserver/admin/"
    assert "My open cases" in client.get("/admin/").content.decode()
