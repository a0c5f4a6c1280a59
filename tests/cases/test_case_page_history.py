"""A case's field history and each of its versions: in our own words (simple-history's templates
have no Chinese), dates in the project's format, values shown as they read on the case page, and
a version only read, with the complainant it had then."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from cases import services
from cases.models import AccessContext, Case, IdentityAccess
from tests.helpers.factories import CaseFactory, ComplainantFactory
from tests.helpers.moments import NOW
from tests.helpers.pages import ENGLISH_DATE_WORDS, text_of

pytestmark = pytest.mark.django_db

# What simple-history's own templates and titles say, in English whatever the language.
LIBRARY_WORDS = [
    "Object",
    "Date/time",
    "Comment",
    "Changed by",
    "Change reason",
    "View history",
    "Change history",
    "Revert",
    "Close",
    "None",
]


def _library_words(html: str) -> list[str]:
    text = text_of(html)
    return [word for word in LIBRARY_WORDS if re.search(rf"\b{re.escape(word)}\b", text)]


@pytest.fixture
def corrected(officer) -> Case:
    """A case whose receipt date, consent and complainant were corrected by its officer."""
    first = ComplainantFactory(name="Wong Siu Ming")
    case = CaseFactory(assigned_officer=officer, title="Doorbell camera", complainant=first)
    services.update_case_details(
        case,
        changes={
            "received_on": NOW.date() - timedelta(days=3),
            "consent_to_disclose_identity": True,
            "complainant": ComplainantFactory(name="Chan Tai Man"),
        },
        by=officer,
        now=NOW,
    )
    return case


def _versions(case: Case) -> list:
    return list(case.history.order_by("history_id"))


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_the_history_page_uses_our_words_and_the_projects_date_format(client, officer, corrected, language):
    client.force_login(officer)

    response = client.get(f"/admin/cases/case/{corrected.pk}/history/", headers={"accept-language": language})

    assert response.status_code == 200
    page = response.content.decode()
    assert _library_words(page) == []
    newest = _versions(corrected)[-1]
    assert date_format(timezone.localtime(newest.history_date), "DATETIME_FORMAT") in page
    received = date_format(NOW.date() - timedelta(days=3), "DATE_FORMAT")
    if language == "zh-hant":
        assert "年" in received
    assert received in page
    assert NOW.date().isoformat() not in page


def test_the_history_page_in_chinese_names_no_english_weekday_or_month(client, officer, corrected):
    client.force_login(officer)

    page = client.get(f"/admin/cases/case/{corrected.pk}/history/", headers={"accept-language": "zh-hant"})

    assert ENGLISH_DATE_WORDS.findall(text_of(page.content.decode())) == []


def test_a_version_is_only_read_with_its_date_in_the_title(client, officer, corrected):
    first = _versions(corrected)[0]
    client.force_login(officer)

    response = client.get(
        f"/admin/cases/case/{corrected.pk}/history/{first.history_id}/", headers={"accept-language": "zh-hant"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert date_format(timezone.localtime(first.history_date), "DATETIME_FORMAT") in response.context["title"]
    form = re.search(r'<form [^>]*id="historicalcase_form".*?</form>', page, re.S).group(0)
    assert re.findall(r"<(?:input|select|textarea|button)\b[^>]*>", form) == [
        re.search(r'<input type="hidden" name="csrfmiddlewaretoken"[^>]*>', form).group(0)
    ]
    assert _library_words(page) == []
    assert "Historical" not in page
    assert ENGLISH_DATE_WORDS.findall(text_of(page).replace(corrected.title, "")) == []


def test_a_version_shows_and_records_the_complainant_the_case_had_then(client, officer, corrected):
    first = _versions(corrected)[0]
    client.force_login(officer)

    page = client.get(f"/admin/cases/case/{corrected.pk}/history/{first.history_id}/").content.decode()

    assert "Wong Siu Ming" in page
    assert "Chan Tai Man" not in page
    access = IdentityAccess.objects.get()
    assert (access.complainant_id, access.case_id, access.context) == (
        first.complainant_id,
        corrected.pk,
        AccessContext.CASE_PAGE,
    )
