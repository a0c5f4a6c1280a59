"""Who a complainant is: masked for staff without ``cases.view_complainant_identity``, shown to those
with it, and every showing recorded as an ``IdentityAccess`` row, one insert per page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import AccessContext, IdentityAccess
from dpa.roles import ADMINISTRATOR, AUDITOR, CASE_OFFICER, EDITOR, TEAM_LEAD
from tests.helpers.factories import CaseFactory, ComplainantFactory, make_user
from tests.helpers.pages import case_page, edit_details_page

pytestmark = pytest.mark.django_db

NAME = "Chan Tai Man"
NAME_ZH = "陳大文"
EMAIL = "chan.taiman@mail.example"
MASKED = "C*** T*** M***"
IDENTITY = f"{NAME} ({NAME_ZH})"
SECRETS = [NAME, NAME_ZH, EMAIL]


@pytest.fixture
def complainant():
    return ComplainantFactory(name=NAME, name_zh=NAME_ZH, email=EMAIL)


@pytest.fixture
def case(complainant):
    """A complaint whose complainant was corrected once, so its history page shows the complainant."""
    case = CaseFactory(
        title="Doorbell camera footage shared online", complainant=ComplainantFactory(name="Wong Siu Ming")
    )
    case.complainant = complainant
    case.save()
    return case


def _case_pages(case) -> dict[str, str]:
    return {
        "case list": "/admin/cases/case/",
        "case detail": case_page(case),
        "case details form": edit_details_page(case),
        "search by reference": f"/admin/cases/case/?q={case.reference}",
        "case history": f"/admin/cases/case/{case.pk}/history/",
        "case history version": f"/admin/cases/case/{case.pk}/history/{case.history.first().history_id}/",
    }


CASE_PAGES = [
    "case list",
    "case detail",
    "case details form",
    "search by reference",
    "case history",
    "case history version",
]


# --- staff without the permission -----------------------------------------------------------------


@pytest.mark.parametrize("page", CASE_PAGES)
def test_auditor_sees_only_the_masked_name_on_case_pages(client, auditor, case, page):
    client.force_login(auditor)

    response = client.get(_case_pages(case)[page])

    assert response.status_code == 200
    content = response.content.decode()
    assert MASKED in content
    for secret in SECRETS:
        assert secret not in content


@pytest.mark.parametrize("term", [NAME, "Tai Man", NAME_ZH, EMAIL])
def test_searching_cases_by_the_complainant_finds_nothing_for_the_auditor(client, auditor, officer, case, term):
    client.force_login(auditor)
    response = client.get("/admin/cases/case/", {"q": term})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []

    # The same search by an officer, who may see identities, finds the case.
    client.force_login(officer)
    response = client.get("/admin/cases/case/", {"q": term})
    assert list(response.context["cl"].result_list) == [case]


def test_auditor_viewing_case_pages_leaves_no_identity_access_record(client, auditor, case):
    client.force_login(auditor)

    for url in _case_pages(case).values():
        assert client.get(url).status_code == 200
    assert client.get("/admin/cases/case/", {"q": NAME}).status_code == 200

    assert not IdentityAccess.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/cases/complainant/",
        "/admin/cases/complainant/{pk}/change/",
        "/admin/cases/complainant/{pk}/history/",
        "/admin/cases/complainant/add/",
        "/admin/autocomplete/?app_label=cases&model_name=case&field_name=complainant&term=Chan",
    ],
)
def test_complainant_screens_are_forbidden_to_the_auditor(client, auditor, case, complainant, url):
    client.force_login(auditor)

    response = client.get(url.format(pk=complainant.pk))

    assert response.status_code == 403
    for secret in SECRETS:
        assert secret not in response.content.decode()


def test_auditor_home_page_does_not_offer_the_complainant_screen(client, auditor, officer):
    client.force_login(auditor)
    assert "/admin/cases/complainant/" not in client.get("/admin/").content.decode()

    client.force_login(officer)
    assert "/admin/cases/complainant/" in client.get("/admin/").content.decode()


# --- staff with the permission --------------------------------------------------------------------


@pytest.mark.parametrize("page", ["case list", "case detail", "case details form", "search by reference"])
def test_officer_sees_the_complainants_real_name_on_case_pages(client, officer, case, page):
    client.force_login(officer)

    response = client.get(_case_pages(case)[page])

    assert response.status_code == 200
    assert IDENTITY in response.content.decode()


@pytest.mark.parametrize(
    ("url", "context"),
    [
        ("/admin/cases/case/", AccessContext.CASE_LIST),
        ("/admin/cases/case/?q=Tai+Man", AccessContext.CASE_LIST),
        ("/admin/cases/case/{case}/change/", AccessContext.CASE_PAGE),
        ("/admin/cases/case/{case}/change/?edit=details", AccessContext.CASE_PAGE),
        ("/admin/cases/complainant/", AccessContext.COMPLAINANT_LIST),
        ("/admin/cases/complainant/{complainant}/change/", AccessContext.COMPLAINANT_PAGE),
    ],
)
def test_each_page_showing_an_identity_records_one_access_with_user_context_and_path(
    client, officer, case, complainant, url, context
):
    client.force_login(officer)
    url = url.format(case=case.pk, complainant=complainant.pk)

    response = client.get(url)

    assert response.status_code == 200
    assert NAME in response.content.decode()
    rows = IdentityAccess.objects.filter(complainant=complainant)
    # The page, never its query string: a search term may itself be a name.
    assert list(rows.values_list("user", "context", "path")) == [(officer.pk, context, url.split("?")[0])]


def test_case_history_version_page_records_the_identity_it_shows(client, officer, case, complainant):
    client.force_login(officer)
    url = _case_pages(case)["case history version"]

    response = client.get(url)

    assert response.status_code == 200
    assert IDENTITY in response.content.decode()
    rows = IdentityAccess.objects.filter(complainant=complainant)
    assert list(rows.values_list("user", "context", "path")) == [(officer.pk, AccessContext.CASE_PAGE, url)]


def test_case_list_records_every_identity_it_shows_in_one_insert(client, officer):
    cases = [CaseFactory() for _ in range(12)]
    client.force_login(officer)

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/admin/cases/case/")

    assert response.status_code == 200
    inserts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('INSERT INTO "cases_identityaccess"')]
    assert len(inserts) == 1
    rows = IdentityAccess.objects.all()
    assert sorted(rows.values_list("complainant", flat=True)) == sorted(case.complainant_id for case in cases)
    assert set(rows.values_list("user", "context", "path")) == {
        (officer.pk, AccessContext.CASE_LIST, "/admin/cases/case/")
    }


def test_case_without_complainant_records_no_access(client, officer):
    case = CaseFactory(kind="compliance")
    client.force_login(officer)

    assert client.get("/admin/cases/case/").status_code == 200
    assert client.get(case_page(case)).status_code == 200

    assert not IdentityAccess.objects.exists()


# --- the access log itself ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [(TEAM_LEAD, 200), (ADMINISTRATOR, 200), (AUDITOR, 200), (CASE_OFFICER, 403), (EDITOR, 403)],
)
def test_identity_access_log_is_open_to_team_leads_and_auditors_only(client, officer, case, role, status):
    client.force_login(officer)
    client.get(case_page(case))
    reader = make_user(role)
    client.force_login(reader)

    response = client.get("/admin/cases/identityaccess/")

    assert response.status_code == status
    content = response.content.decode()
    if status == 200:
        assert list(response.context["cl"].result_list) == list(IdentityAccess.objects.all())
        assert f'<td class="field-user nowrap">{officer.username}</td>' in content
        assert MASKED in content
    for secret in SECRETS:
        assert secret not in content


COMPLAINANT_LOOKUP = "/admin/autocomplete/?app_label=cases&model_name=case&field_name=complainant&term=Chan"


def test_complainant_look_up_names_the_person_to_an_officer_and_records_it(client, officer, complainant):
    client.force_login(officer)

    results = client.get(COMPLAINANT_LOOKUP).json()["results"]

    assert results == [{"id": str(complainant.pk), "text": f"{IDENTITY} (P-{complainant.pk:06d})"}]
    access = IdentityAccess.objects.get()
    assert (access.user, access.complainant, access.context) == (
        officer,
        complainant,
        AccessContext.COMPLAINANT_SEARCH,
    )
