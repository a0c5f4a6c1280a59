"""A form's autocompletes name the rows its object was read with (``dpa.key_fields.ChosenRowsHeld``):
the case page shows its organisation, complainant and team exactly as Django's own look-up would,
without the look-up; the officer, whose choices are limited to active officers, and a value posted
in place of the case's own are looked up as before."""

import pytest

from tests.helpers.factories import CaseFactory, ComplainantFactory, OrganisationFactory, TeamFactory
from tests.helpers.html_forms import read_form
from tests.helpers.pages import edit_details_page

pytestmark = pytest.mark.django_db

CHOSEN = ["organisation", "complainant", "team"]


def _autocomplete(form, name):
    return form.fields[name].widget.widget


def test_the_details_form_names_its_chosen_rows_as_the_look_up_would_and_without_it(
    client, lead, officer, django_assert_num_queries
):
    case = CaseFactory(
        assigned_officer=officer,
        organisation=OrganisationFactory(name="Linkwave Social Limited"),
        complainant=ComplainantFactory(name="Chan Tai Man"),
        team=TeamFactory(name="Complaints Team A"),
    )
    client.force_login(lead)

    form = client.get(edit_details_page(case)).context["adminform"].form

    for name in CHOSEN:
        with django_assert_num_queries(0):
            shown = str(form[name])
        assert _autocomplete(form, name).held_rows, name
        _autocomplete(form, name).held_rows = {}
        looked_up = str(form[name])
        assert shown == looked_up, name
        assert f'value="{getattr(case, name).pk}" selected' in shown, name
    assert "Chan Tai Man" not in str(form["complainant"])
    assert not _autocomplete(form, "assigned_officer").held_rows


def test_an_officer_who_has_left_is_not_shown_as_the_case_s_choice(client, lead, officer):
    case = CaseFactory(assigned_officer=officer)
    officer.is_active = False
    officer.save()
    client.force_login(lead)

    form = client.get(edit_details_page(case)).context["adminform"].form

    assert "selected" not in str(form["assigned_officer"])


def test_a_value_posted_in_place_of_the_case_s_own_is_looked_up_and_shown_again(client, officer):
    case = CaseFactory(assigned_officer=officer, organisation=OrganisationFactory(name="Linkwave Social Limited"))
    other = OrganisationFactory(name="Kowloon Mobile Communications Limited")
    client.force_login(officer)
    data, _files = read_form(client, edit_details_page(case))
    data.update(organisation=str(other.pk), title="")

    response = client.post(edit_details_page(case), data)

    assert response.status_code == 200
    organisation = str(response.context["adminform"].form["organisation"])
    assert f'value="{other.pk}" selected>Kowloon Mobile Communications Limited' in organisation
    assert "Linkwave" not in organisation
