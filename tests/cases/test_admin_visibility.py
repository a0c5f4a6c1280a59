"""A restricted case is seen by its officer, team leads, administrators and superusers, and by nobody
else on any staff surface: list, search, detail, history, documents, related cases, autocomplete."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from cases import services
from cases.models import Case, Confidentiality
from dpa.roles import CASE_OFFICER, TEAM_LEAD
from tests.helpers.factories import CaseFactory, DocumentFactory, OrganisationFactory, make_user
from tests.helpers.html_forms import read_form
from tests.helpers.moments import NOW
from tests.helpers.pages import case_page, edit_details_page

pytestmark = pytest.mark.django_db

CAN_SEE = ["assigned_officer", "team_lead", "administrator", "superuser"]
CANNOT_SEE = ["other_officer", "auditor", "editor"]
EVERYONE = CAN_SEE + CANNOT_SEE
# Everyone who may open a normal case.
CASE_READERS = [*CAN_SEE, "other_officer", "auditor"]

RESTRICTED_TITLE = "Medical records of a patient posted in a chat group"
RESTRICTED_ORGANISATION = "Harbourside Clinic Limited"
DOCUMENT = b"Minutes of the meeting with the clinic's data protection officer.\n"


@pytest.fixture
def restricted(staff):
    return CaseFactory(
        confidentiality=Confidentiality.RESTRICTED,
        assigned_officer=staff["assigned_officer"],
        title=RESTRICTED_TITLE,
        organisation=OrganisationFactory(name=RESTRICTED_ORGANISATION),
        received_on=timezone.localdate(),
    )


@pytest.fixture
def normal():
    return CaseFactory(
        title="CCTV camera pointed at a neighbour's flat",
        organisation=OrganisationFactory(name="Kowloon Property Management Limited"),
        received_on=timezone.localdate(),
    )


def _shown(response, case: Case) -> bool:
    """Whether the page gives the case away: its reference, its title or a link to it."""
    return case.reference in response.content.decode() or _linked(response, case)


def _linked(response, case: Case) -> bool:
    """Whether the page shows the case's title or links to it (a search page echoes the reference)."""
    content = response.content.decode()
    return case.title in content or f"/admin/cases/case/{case.pk}/" in content


# --- the QuerySet every surface uses ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("assigned_officer", {"normal", "restricted"}),
        ("other_officer", {"normal"}),
        ("team_lead", {"normal", "restricted"}),
        ("administrator", {"normal", "restricted"}),
        ("superuser", {"normal", "restricted"}),
        ("auditor", {"normal"}),
        ("editor", set()),
    ],
)
def test_visible_to_returns_exactly_the_cases_each_role_may_see(staff, restricted, normal, who, expected):
    cases = {"normal": normal, "restricted": restricted}

    visible = Case.objects.visible_to(staff[who])

    assert set(visible) == {cases[name] for name in expected}


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: make_user(CASE_OFFICER, is_active=False), id="inactive-officer"),
        pytest.param(lambda: make_user(TEAM_LEAD, is_active=False), id="inactive-team-lead"),
        pytest.param(lambda: make_user(is_superuser=True, is_active=False), id="inactive-superuser"),
        pytest.param(lambda: make_user(CASE_OFFICER, is_staff=False), id="non-staff-officer"),
        pytest.param(lambda: make_user(is_superuser=True, is_staff=False), id="non-staff-superuser"),
        pytest.param(AnonymousUser, id="anonymous"),
    ],
)
def test_visible_to_is_empty_for_inactive_non_staff_and_anonymous_users(restricted, normal, make):
    assert list(Case.objects.visible_to(make())) == []


def test_visible_to_includes_a_restricted_case_only_while_it_is_assigned_to_the_officer(staff, restricted):
    officer_a = staff["assigned_officer"]
    services.assign_case(restricted, officer=staff["other_officer"], by=staff["team_lead"], now=NOW)

    assert list(Case.objects.visible_to(officer_a)) == []
    assert list(Case.objects.visible_to(staff["other_officer"])) == [restricted]


# --- changelist and search -----------------------------------------------------------------------


@pytest.mark.parametrize("who", EVERYONE)
def test_case_changelist_lists_the_restricted_case_only_to_those_who_may_see_it(client, staff, restricted, normal, who):
    client.force_login(staff[who])

    response = client.get("/admin/cases/case/")

    if who == "editor":
        assert response.status_code == 403
    else:
        assert response.status_code == 200
        assert normal.reference in response.content.decode()
    assert _shown(response, restricted) is (who in CAN_SEE)


@pytest.mark.parametrize("search_by", ["reference", "organisation"])
@pytest.mark.parametrize("who", EVERYONE)
def test_search_finds_the_restricted_case_only_for_those_who_may_see_it(
    client, staff, restricted, normal, who, search_by
):
    client.force_login(staff[who])
    term = restricted.reference if search_by == "reference" else "Harbourside"

    response = client.get("/admin/cases/case/", {"q": term})

    if who == "editor":
        assert response.status_code == 403
        return
    assert response.status_code == 200
    changelist = response.context["cl"]
    if who in CAN_SEE:
        assert [case.reference for case in changelist.result_list] == [restricted.reference]
        assert _linked(response, restricted)
    else:
        assert list(changelist.result_list) == []
        # Not even a count gives it away: the list's counts none, and no "N total" is counted.
        assert (changelist.result_count, changelist.full_result_count) == (0, None)
        assert not _linked(response, restricted)


# --- detail and history ----------------------------------------------------------------------------


@pytest.mark.parametrize("who", CAN_SEE)
def test_case_detail_page_shows_the_restricted_case_to_those_who_may_see_it(client, staff, restricted, who):
    client.force_login(staff[who])

    response = client.get(case_page(restricted))

    assert response.status_code == 200
    assert restricted.reference in response.content.decode()
    assert RESTRICTED_TITLE in response.content.decode()


@pytest.mark.parametrize(
    "who",
    CANNOT_SEE,
)
def test_case_detail_page_of_a_restricted_case_sends_others_away_without_showing_it(client, staff, restricted, who):
    client.force_login(staff[who])
    url = case_page(restricted)

    response = client.get(url)

    # Regression: the editor (no view permission) used to be redirected to this same URL, forever.
    # For those who may open cases, a hidden case is simply not found, like one that never existed.
    assert response.status_code == (403 if who == "editor" else 404)
    assert not _shown(response, restricted)


@pytest.mark.parametrize("who", CAN_SEE)
def test_history_page_of_the_restricted_case_opens_for_those_who_may_see_it(client, staff, restricted, who):
    client.force_login(staff[who])

    response = client.get(f"/admin/cases/case/{restricted.pk}/history/")

    assert response.status_code == 200
    assert restricted.reference in response.content.decode()


@pytest.mark.parametrize("who", CANNOT_SEE)
def test_history_pages_of_the_restricted_case_are_not_found_for_others(client, staff, restricted, who):
    client.force_login(staff[who])
    version = restricted.history.get()

    expected = _refusal_of_a_hidden_case(who)
    assert client.get(f"/admin/cases/case/{restricted.pk}/history/").status_code == expected
    assert client.get(f"/admin/cases/case/{restricted.pk}/history/{version.history_id}/").status_code == expected


def _refusal_of_a_hidden_case(who: str) -> int:
    """Not found for those who work with cases; an editor may not use the case screens at all."""
    return 403 if who == "editor" else 404


# --- status buttons and taking a case ------------------------------------------------------------


@pytest.mark.parametrize("action", ["move/screening/", "close/", "reopen/", "assign-to-me/"])
@pytest.mark.parametrize("who", CANNOT_SEE)
def test_status_buttons_and_assign_to_me_on_a_restricted_case_are_not_found_for_others(
    client, staff, restricted, who, action
):
    client.force_login(staff[who])

    response = client.post(
        f"/admin/cases/case/{restricted.pk}/{action}", {"reason": "Because.", "outcome": "withdrawn"}
    )

    assert response.status_code == _refusal_of_a_hidden_case(who)
    restricted.refresh_from_db()
    assert (restricted.status, restricted.assigned_officer) == ("intake", staff["assigned_officer"])
    assert not restricted.events.exists()


def test_an_unassigned_restricted_case_cannot_be_taken_by_an_officer_who_cannot_see_it(client, staff):
    unassigned = CaseFactory(confidentiality=Confidentiality.RESTRICTED)
    client.force_login(staff["other_officer"])

    page = client.post(f"/admin/cases/case/{unassigned.pk}/assign-to-me/")
    action = client.post(
        "/admin/cases/case/", {"action": "assign_to_me", "_selected_action": [unassigned.pk], "index": 0}
    )

    assert page.status_code == 404
    assert action.status_code == 302
    unassigned.refresh_from_db()
    assert unassigned.assigned_officer is None
    assert not unassigned.events.exists()


# --- documents ---------------------------------------------------------------------------------------


@pytest.fixture
def document(staff, restricted):
    return DocumentFactory(case=restricted, uploaded_by=staff["assigned_officer"], content=DOCUMENT, name="minutes.txt")


@pytest.mark.parametrize("who", CAN_SEE)
def test_document_of_the_restricted_case_downloads_as_an_attachment_for_those_who_may_see_it(
    client, staff, document, who
):
    client.force_login(staff[who])

    response = client.get(f"/staff/documents/{document.pk}/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == DOCUMENT
    response.close()
    assert response["Content-Disposition"] == 'attachment; filename="minutes.txt"'
    assert response["Content-Type"] == "text/plain"


@pytest.mark.parametrize("who", CANNOT_SEE)
def test_document_of_the_restricted_case_is_not_found_for_others(client, staff, document, who):
    client.force_login(staff[who])

    response = client.get(f"/staff/documents/{document.pk}/")

    assert response.status_code == 404
    assert DOCUMENT not in response.content


def test_document_download_sends_anonymous_visitors_to_the_login_page(client, document):
    response = client.get(f"/staff/documents/{document.pk}/")

    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next=/staff/documents/{document.pk}/"


# --- related cases and autocomplete ------------------------------------------------------------------


@pytest.mark.parametrize("who", CASE_READERS)
def test_related_cases_field_links_the_restricted_case_only_for_those_who_may_see_it(
    client, staff, restricted, normal, who
):
    # Linked directly, without the service, so that only the field (not the timeline) can show it.
    normal.related_cases.add(restricted)
    client.force_login(staff[who])

    response = client.get(case_page(normal))

    assert response.status_code == 200
    link = f'<a href="/admin/cases/case/{restricted.pk}/change/">{restricted.reference}'
    assert (link in response.content.decode()) is (who in CAN_SEE)
    assert _shown(response, restricted) is (who in CAN_SEE)


@pytest.mark.parametrize("who", CASE_READERS)
def test_timeline_of_a_linked_case_names_the_restricted_case_only_to_those_who_may_see_it(
    client, staff, restricted, normal, who
):
    # Regression: the LINKED event used to carry the other case's reference in its text.
    services.link_cases(normal, restricted, by=staff["team_lead"], now=NOW, reason="Same clinic")
    client.force_login(staff[who])

    response = client.get(case_page(normal))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Same clinic" in content
    assert _shown(response, restricted) is (who in CAN_SEE)
    assert ("a case you cannot see" in content) is (who not in CAN_SEE)


def test_an_officer_cannot_link_to_a_restricted_case_by_posting_its_id(client, staff, restricted, normal):
    normal.assigned_officer = staff["other_officer"]
    normal.save()
    client.force_login(staff["other_officer"])
    data, _files = read_form(client, edit_details_page(normal))

    response = client.post(case_page(normal), {**data, "link_to": restricted.pk})

    assert response.status_code == 200
    assert "link_to" in response.context["adminform"].form.errors
    assert not normal.related_cases.exists()
    assert not restricted.events.exists()


@pytest.mark.parametrize("search_by", ["reference", "organisation"])
@pytest.mark.parametrize("who", EVERYONE)
def test_related_cases_autocomplete_offers_the_restricted_case_only_to_those_who_may_see_it(
    client, staff, restricted, normal, who, search_by
):
    client.force_login(staff[who])
    term = restricted.reference if search_by == "reference" else "Harbourside"
    params = {"app_label": "cases", "model_name": "case", "field_name": "related_cases"}

    response = client.get("/admin/autocomplete/", {**params, "term": term})

    if who == "editor":
        assert response.status_code == 403
        return
    assert response.status_code == 200
    ids = [result["id"] for result in response.json()["results"]]
    assert ids == ([str(restricted.pk)] if who in CAN_SEE else [])
    # The same search finds a normal case, so an empty answer above is the filter, not a broken view.
    control = client.get("/admin/autocomplete/", {**params, "term": normal.reference})
    assert [result["id"] for result in control.json()["results"]] == [str(normal.pk)]


# --- the home page ----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", CASE_READERS)
def test_home_page_lists_the_restricted_case_as_new_this_week_only_for_those_who_may_see_it(
    client, staff, restricted, normal, who
):
    client.force_login(staff[who])

    response = client.get("/admin/")

    assert response.status_code == 200
    new_this_week = list(response.context["new_this_week"])
    assert normal in new_this_week
    assert (restricted in new_this_week) is (who in CAN_SEE)
    assert _shown(response, restricted) is (who in CAN_SEE)


OFFICER_LOOKUP = "/admin/autocomplete/?app_label=cases&model_name=case&field_name=assigned_officer&term="


def test_team_lead_can_look_up_officers_to_assign_but_not_other_staff(client, staff):
    client.force_login(staff["team_lead"])

    found = {row["text"].rsplit("(", 1)[-1].rstrip(")") for row in client.get(OFFICER_LOOKUP).json()["results"]}

    assert staff["assigned_officer"].username in found
    assert staff["team_lead"].username in found
    assert staff["auditor"].username not in found
    assert staff["editor"].username not in found


@pytest.mark.parametrize("who", ["assigned_officer", "auditor", "editor"])
def test_only_staff_who_assign_may_look_up_officers(client, staff, who):
    client.force_login(staff[who])

    assert client.get(OFFICER_LOOKUP).status_code == 403
