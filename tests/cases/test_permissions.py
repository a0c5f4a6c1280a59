"""Who may change what, decided in the services and asked by the admin: officers change only their
own cases and may take unassigned ones; anyone who works cases may note any case they can see;
only team leads and administrators reassign, reopen and change confidentiality; auditors read."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cases import permissions, services
from cases.models import Case, CaseEvent, CaseStatus, Confidentiality, Outcome
from dpa.roles import ADMINISTRATOR, AUDITOR, CASE_OFFICER, EDITOR, ROLE_PERMISSIONS, TEAM_LEAD
from tests.helpers.admin_probe import admin_routes
from tests.helpers.cases import case_state
from tests.helpers.clocks import ENQUIRY, case_with_a_running_clock, clock_of
from tests.helpers.factories import CaseFactory, ComplainantFactory, make_user
from tests.helpers.moments import NOW
from tests.helpers.pages import case_page, edit_details_page

pytestmark = pytest.mark.django_db


def _case_with_a_clock(**kwargs) -> Case:
    """A complaint decided not to be pursued, with an enquiry-reply clock running on it."""
    return case_with_a_running_clock(now=NOW, status=CaseStatus.NOT_PURSUED, **kwargs)


@pytest.fixture
def colleague_case(other_officer):
    """A normal case assigned to another officer: visible to every officer, changeable by its own."""
    return _case_with_a_clock(assigned_officer=other_officer)


# --- through the services ---------------------------------------------------------------------

COLLEAGUE_CHANGES = {
    "details": lambda case, by: services.update_case_details(case, changes={"title": "Changed"}, by=by, now=NOW),
    "move": lambda case, by: services.move_case(case, to=CaseStatus.RESULT, by=by, now=NOW),
    "close": lambda case, by: services.close_case(case, outcome=Outcome.WITHDRAWN, reason="Gone", by=by, now=NOW),
    "document": lambda case, by: services.add_document(
        case, uploaded=SimpleUploadedFile("note.txt", b"A note.\n"), by=by, now=NOW
    ),
    "link": lambda case, by: services.link_cases(case, CaseFactory(), by=by, now=NOW),
    "take it": lambda case, by: services.assign_case(case, officer=by, by=by, now=NOW),
    "pause clock": lambda case, by: services.pause_clock(clock_of(case, ENQUIRY), reason="Waiting", by=by, now=NOW),
    "extend clock": lambda case, by: services.extend_clock(
        clock_of(case, ENQUIRY), days=3, reason="Asked", by=by, now=NOW
    ),
    "meet clock": lambda case, by: services.meet_clock(clock_of(case, ENQUIRY), by=by, now=NOW),
}


@pytest.mark.parametrize("change", COLLEAGUE_CHANGES)
def test_an_officer_cannot_change_a_colleagues_case(officer, colleague_case, change):
    before = case_state(colleague_case)

    with pytest.raises(PermissionDenied):
        COLLEAGUE_CHANGES[change](colleague_case, officer)

    assert case_state(colleague_case) == before


@pytest.mark.parametrize("change", [name for name in COLLEAGUE_CHANGES if name != "take it"])
def test_the_assigned_officer_and_a_team_lead_can_make_the_same_changes(officer, lead, change):
    for actor in (officer, lead):
        case = _case_with_a_clock(assigned_officer=officer)

        COLLEAGUE_CHANGES[change](case, actor)


def test_an_officer_may_take_an_unassigned_case_but_not_hand_it_to_a_colleague(officer, other_officer):
    case = CaseFactory(assigned_officer=None)

    with pytest.raises(PermissionDenied):
        services.assign_case(case, officer=other_officer, by=officer, now=NOW)
    services.assign_case(case, officer=officer, by=officer, now=NOW)

    case.refresh_from_db()
    assert case.assigned_officer == officer


def test_a_team_lead_reassigns_a_case_from_one_officer_to_another(officer, other_officer, lead):
    case = CaseFactory(assigned_officer=other_officer)

    services.assign_case(case, officer=officer, by=lead, now=NOW)

    case.refresh_from_db()
    assert case.assigned_officer == officer


def test_only_a_team_lead_changes_confidentiality_even_on_the_officers_own_case(officer, lead):
    case = CaseFactory(assigned_officer=officer)

    with pytest.raises(PermissionDenied):
        services.update_case_details(case, changes={"confidentiality": Confidentiality.RESTRICTED}, by=officer, now=NOW)
    services.update_case_details(case, changes={"confidentiality": Confidentiality.NORMAL}, by=officer, now=NOW)
    services.update_case_details(case, changes={"confidentiality": Confidentiality.RESTRICTED}, by=lead, now=NOW)

    case.refresh_from_db()
    assert case.confidentiality == Confidentiality.RESTRICTED


@pytest.mark.parametrize("role", [AUDITOR, EDITOR])
def test_read_only_roles_change_nothing_through_any_service(role, officer):
    reader = make_user(role)
    case = _case_with_a_clock(assigned_officer=officer)
    before = case_state(case)

    for change in COLLEAGUE_CHANGES.values():
        with pytest.raises(PermissionDenied):
            change(case, reader)
    with pytest.raises(PermissionDenied):
        services.add_note(case, text="Looks fine.", by=reader, now=NOW)
    with pytest.raises(PermissionDenied):
        services.open_case(
            kind="compliance", title="Own check", received_on=NOW.date(), channel="self", by=reader, now=NOW
        )

    assert case_state(case) == before


def test_any_officer_who_can_see_a_case_may_add_a_note_to_it(officer, colleague_case):
    event = services.add_note(colleague_case, text="The complainant called me by mistake.", by=officer, now=NOW)

    assert event.case == colleague_case
    assert event.actor == officer


def test_nobody_notes_or_changes_a_case_they_cannot_see(officer, other_officer):
    hidden = CaseFactory(confidentiality=Confidentiality.RESTRICTED, assigned_officer=other_officer)

    with pytest.raises(PermissionDenied, match="cannot see"):
        services.add_note(hidden, text="Hello", by=officer, now=NOW)
    with pytest.raises(PermissionDenied, match="cannot see"):
        services.assign_case(hidden, officer=officer, by=officer, now=NOW)

    assert not hidden.events.exists()


def test_only_team_leads_and_administrators_reopen(officer):
    case = CaseFactory(assigned_officer=officer, status=CaseStatus.CLOSED)

    for reader in (officer, make_user(AUDITOR)):
        with pytest.raises(PermissionDenied):
            services.reopen_case(case, reason="New evidence", by=reader, now=NOW)
    services.reopen_case(case, reason="New evidence", by=make_user(ADMINISTRATOR), now=NOW)

    case.refresh_from_db()
    assert not case.is_closed


def test_a_case_and_its_links_take_only_complainants_and_cases_the_officer_can_see(officer, other_officer):
    hidden = CaseFactory(confidentiality=Confidentiality.RESTRICTED, assigned_officer=other_officer)
    own = CaseFactory(assigned_officer=officer)

    with pytest.raises(ValidationError) as refused:
        services.update_case_details(own, changes={"complainant": hidden.complainant}, by=officer, now=NOW)
    assert set(refused.value.message_dict) == {"complainant"}
    with pytest.raises(ValidationError):
        services.open_case(
            kind="complaint",
            title="Fake account",
            received_on=NOW.date(),
            channel="email",
            complainant=hidden.complainant,
            by=officer,
            now=NOW,
        )
    with pytest.raises(ValidationError):
        services.link_cases(own, hidden, by=officer, now=NOW)

    own.refresh_from_db()
    assert own.complainant != hidden.complainant
    assert not own.related_cases.exists()


def test_the_system_itself_may_do_anything():
    case = CaseFactory(complainant=ComplainantFactory(), status=CaseStatus.SCREENING)

    services.move_case(case, to=CaseStatus.PRELIMINARY_ENQUIRY, by=None, now=NOW)

    assert permissions.can_work_on(None, case)


# --- through the admin ------------------------------------------------------------------------


@pytest.mark.parametrize("page", [case_page, edit_details_page])
def test_a_colleagues_case_opens_read_only_with_only_the_note_button(client, officer, colleague_case, page):
    client.force_login(officer)

    content = client.get(page(colleague_case)).content.decode()

    assert "Add a note" in content
    absent = ('name="_save"', "Move to", "Close case", "Assign to me", "Reopen case", 'name="title"', "Edit details")
    for text in absent:
        assert text not in content, text


@pytest.mark.parametrize("tail", ["move/result/", "close/", "reopen/", "clocks/{clock}/extend/", "documents/add/"])
def test_the_forms_of_a_colleagues_case_are_403_to_see_and_to_post(client, officer, colleague_case, tail):
    clock = clock_of(colleague_case, ENQUIRY)
    url = f"/admin/cases/case/{colleague_case.pk}/{tail.format(clock=clock.pk)}"
    before = case_state(colleague_case)
    client.force_login(officer)

    assert client.get(url).status_code == 403
    posted = client.post(url, {"reason": "Because", "days": "3", "outcome": Outcome.WITHDRAWN})

    assert posted.status_code == 403
    assert case_state(colleague_case) == before


def test_posting_the_change_form_of_a_colleagues_case_is_403_and_changes_nothing(client, officer, colleague_case):
    before = case_state(colleague_case)
    client.force_login(officer)

    response = client.post(
        case_page(colleague_case),
        {"title": "Taken over", "confidentiality": Confidentiality.RESTRICTED},
    )

    assert response.status_code == 403
    assert case_state(colleague_case) == before


def test_an_officer_adds_a_note_to_a_colleagues_case_from_its_page(client, officer, colleague_case):
    client.force_login(officer)

    response = client.post(f"/admin/cases/case/{colleague_case.pk}/note/", {"text": "Complainant phoned me."})

    assert response.status_code == 302
    note = colleague_case.events.get(kind=CaseEvent.Kind.NOTE)
    assert (note.actor, note.text) == (officer, "Complainant phoned me.")


def test_the_officer_cannot_flip_confidentiality_on_their_own_case_from_the_form(client, officer):
    case = CaseFactory(assigned_officer=officer)
    client.force_login(officer)

    page = client.get(edit_details_page(case)).content.decode()

    assert 'name="title"' in page
    assert 'name="confidentiality"' not in page


def test_a_team_lead_changes_confidentiality_from_the_form(client, lead):
    case = CaseFactory(assigned_officer=lead)
    client.force_login(lead)

    page = client.get(edit_details_page(case)).content.decode()

    assert 'name="confidentiality"' in page


@pytest.mark.parametrize("who", ["officer", "auditor"])
def test_the_reopen_form_is_403_for_those_who_cannot_reopen(client, officer, who):
    case = CaseFactory(assigned_officer=officer, status=CaseStatus.CLOSED)
    client.force_login(officer if who == "officer" else make_user(AUDITOR))

    page = client.get(case_page(case)).content.decode()
    response = client.get(f"/admin/cases/case/{case.pk}/reopen/")

    assert "Reopen case" not in page
    assert response.status_code == 403


# Screens that only ever show something: a POST is the wrong method for anyone.
READING_SCREENS = ("_export", "_history", "_simple_history", "_timeline")


def _answer_to_a_read_only_post(route) -> int:
    name = route.pattern.name
    if name is None:
        return 302  # the bare "<id>/" address only redirects to the change page, whatever the method
    return 405 if name.endswith(READING_SCREENS) else 403


def test_a_post_by_an_auditor_to_any_case_screen_is_403_and_changes_nothing(client, officer):
    """Every URL of the case and complainant screens, from the resolver, posted to with plausible data."""
    auditor = make_user(AUDITOR)
    case = _case_with_a_clock(assigned_officer=officer)
    clock = clock_of(case, ENQUIRY)
    before = case_state(case)
    client.force_login(auditor)
    ids = {
        "cases.case": {"object_id": case.pk, "version_id": case.history.first().history_id},
        "cases.complainant": {
            "object_id": case.complainant_id,
            "version_id": case.complainant.history.first().history_id,
        },
    }
    values = {"clock_id": clock.pk, "action": "extend", "status": "result"}
    data = {"title": "Changed", "text": "A note", "reason": "Because", "days": "3", "outcome": Outcome.WITHDRAWN}
    posted = []

    for route in admin_routes():
        model = route.model_admin.opts.label_lower if route.model_admin else None
        if model not in ids:
            continue
        url = route.url({name: {**values, **ids[model]}[name] for name in route.arguments})
        response = client.post(url, data)
        posted.append(url)

        assert response.status_code == _answer_to_a_read_only_post(route), f"{response.status_code} at {url}"

    assert case_state(case) == before
    assert len(posted) > 15


def test_every_role_holds_exactly_the_permissions_it_is_given():
    for role, codes in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        held = {
            f"{app}.{codename}"
            for app, codename in group.permissions.values_list("content_type__app_label", "codename")
        }

        assert held == set(codes), role


@pytest.mark.parametrize(
    ("role", "status"), [(TEAM_LEAD, 200), (ADMINISTRATOR, 200), (CASE_OFFICER, 403), (AUDITOR, 403)]
)
def test_team_leads_and_administrators_may_unlock_sign_ins(client, role, status):
    client.force_login(make_user(role))

    assert client.get("/admin/axes/accessattempt/").status_code == status


def test_an_officer_keeps_the_case_they_open_and_a_team_lead_chooses(officer, lead):
    opened = {
        who: services.open_case(
            kind="compliance", title=f"Check by {who}", received_on=NOW.date(), channel="self", by=user, now=NOW
        )
        for who, user in (("officer", officer), ("lead", lead))
    }

    assert opened["officer"].assigned_officer == officer
    assert opened["lead"].assigned_officer is None
