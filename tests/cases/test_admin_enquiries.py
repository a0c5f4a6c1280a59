"""The enquiry list and the enquiry form in the admin: filters for what awaits a reply, what is due
this week and what is overdue; a draft written and changed through the services, its cases chosen
among the open cases of its organisation that the officer works on."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.models import CaseEvent, CaseStatus, ClockRule, Confidentiality, Enquiry
from dpa.roles import CASE_OFFICER, TEAM_LEAD
from tests.helpers.factories import CaseFactory, EnquiryFactory, OrganisationFactory, make_user
from tests.helpers.html_forms import main_form_fields
from tests.helpers.pages import get_within_budget, messages_of, text_of
from tests.helpers.reminders import mark_sent

pytestmark = pytest.mark.django_db

ENQUIRIES = "/admin/cases/enquiry/"
ADD = f"{ENQUIRIES}add/"


def sent(enquiry: Enquiry, *, due_in: timedelta) -> Enquiry:
    """The enquiry as if sent 14 days ago, its reply-by clock due ``due_in`` from now, written directly."""
    now = timezone.now()
    return mark_sent(enquiry, sent_at=now - timedelta(days=14), due_at=now + due_in)


def listed(client, **query) -> list[int]:
    response = client.get(ENQUIRIES, query)
    assert response.status_code == 200
    return sorted(enquiry.pk for enquiry in response.context["cl"].result_list)


@pytest.fixture
def office(officer, other_officer):
    """Karen's enquiries overdue, due in 3 days, due in 10 days, and a draft; Daniel's overdue one."""
    return {
        "overdue": sent(EnquiryFactory(officer=officer), due_in=-timedelta(days=2)),
        "due_soon": sent(EnquiryFactory(officer=officer), due_in=timedelta(days=3)),
        "due_later": sent(EnquiryFactory(officer=officer), due_in=timedelta(days=10)),
        "draft": EnquiryFactory(officer=officer),
        "other": sent(EnquiryFactory(officer=other_officer), due_in=-timedelta(days=1)),
    }


def test_the_list_shows_reference_organisation_cases_status_reply_by_date_and_officer(client, lead, office):
    client.force_login(lead)

    text = text_of(client.get(ENQUIRIES).content.decode())

    enquiry = office["overdue"]
    for shown in (
        enquiry.reference,
        enquiry.subject,
        enquiry.organisation.name,
        enquiry.cases.get().reference,
        "Awaiting reply",
        "2 days overdue",
        "3 days left",
        "Karen Chan",
        "Daniel Wong",
    ):
        assert shown in text


def test_the_list_puts_the_longest_overdue_first_and_drafts_last(client, lead, office):
    client.force_login(lead)

    order = [enquiry.pk for enquiry in client.get(ENQUIRIES).context["cl"].result_list]

    names = {enquiry.pk: name for name, enquiry in office.items()}
    assert [names[pk] for pk in order] == ["overdue", "other", "due_soon", "due_later", "draft"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"reply": "awaiting"}, ["overdue", "due_soon", "due_later", "other"]),
        ({"reply": "due_7"}, ["due_soon"]),
        ({"reply": "overdue"}, ["overdue", "other"]),
        ({"status__exact": "draft"}, ["draft"]),
    ],
)
def test_the_list_filters_what_awaits_a_reply_is_due_this_week_or_is_overdue(client, lead, office, query, expected):
    client.force_login(lead)

    assert listed(client, **query) == sorted(office[name].pk for name in expected)


def test_the_list_filters_by_officer_and_by_organisation(client, lead, officer, office):
    client.force_login(lead)
    organisation = office["due_soon"].organisation

    assert listed(client, officer__id__exact=officer.pk) == sorted(
        office[name].pk for name in ("overdue", "due_soon", "due_later", "draft")
    )
    assert listed(client, organisation__id__exact=organisation.pk) == [office["due_soon"].pk]


def test_an_enquiry_is_found_by_its_reference_or_its_cases_reference(client, lead, office):
    client.force_login(lead)
    enquiry = office["due_later"]

    assert listed(client, q=enquiry.reference) == [enquiry.pk]
    assert listed(client, q=enquiry.reference.lower()) == [enquiry.pk]
    assert listed(client, q=enquiry.cases.get().reference) == [enquiry.pk]


def test_an_enquiry_about_a_restricted_case_is_hidden_from_officers_who_cannot_see_the_case(client, probe_world):
    restricted, normal = probe_world["restricted"], probe_world["normal"]
    hidden = EnquiryFactory(organisation=restricted.organisation, cases=[restricted, normal])
    shown = EnquiryFactory(cases=[normal])
    client.force_login(probe_world["colleague"])

    assert listed(client) == [shown.pk]
    assert listed(client, q=hidden.reference) == []
    for page in ("change/", "history/", "send/", "reply/", "extend/", "withdraw/"):
        assert client.get(f"{ENQUIRIES}{hidden.pk}/{page}").status_code == 404, page


# Four queries of any signed-in admin request; the officers and organisations of the filters, two
# counts, the page of enquiries with organisations, officers and reply-by dates, their cases.
ENQUIRY_LIST_QUERIES = 10


@pytest.mark.parametrize("n", [3, 30])
def test_the_enquiry_list_costs_the_same_for_3_and_30_enquiries(client, django_assert_num_queries, n):
    officers = [make_user(CASE_OFFICER) for _ in range(3)]
    for i in range(n):
        enquiry = EnquiryFactory(officer=officers[i % 3])
        if i % 2:
            sent(enquiry, due_in=timedelta(days=i - 10))
        if i % 5 == 0:
            enquiry.cases.add(
                CaseFactory(organisation=enquiry.organisation, confidentiality=Confidentiality.RESTRICTED)
            )
    client.force_login(make_user(TEAM_LEAD))

    response = get_within_budget(client, ENQUIRIES, ENQUIRY_LIST_QUERIES, django_assert_num_queries)

    assert len(response.context["cl"].result_list) == n


# --- the form ----------------------------------------------------------------------------------------


def test_new_enquiry_from_a_case_offers_its_organisations_open_cases_that_the_officer_works_on(client, officer):
    organisation = OrganisationFactory(name="Starlight Social Limited")
    mine = CaseFactory(organisation=organisation, assigned_officer=officer)
    also_mine = CaseFactory(organisation=organisation, assigned_officer=officer)
    CaseFactory(organisation=organisation, assigned_officer=officer, status=CaseStatus.CLOSED)
    CaseFactory(organisation=organisation)  # nobody's yet
    CaseFactory(assigned_officer=officer)  # another organisation
    client.force_login(officer)

    response = client.get(ADD, {"organisation": organisation.pk, "cases": mine.pk})

    form = response.context["adminform"].form
    assert sorted(form.fields["cases"].queryset.values_list("pk", flat=True)) == sorted([mine.pk, also_mine.pk])
    assert form.initial["cases"] == [str(mine.pk)]
    assert form.initial["rule"] == ClockRule.objects.get(code="hk-enquiry-reply").pk
    assert 'type="checkbox" name="cases"' in response.content.decode()


def test_drafting_an_enquiry_goes_through_the_service_and_writes_on_each_case(client, officer):
    organisation = OrganisationFactory(contact_email="dpo@starlight.example")
    cases = [CaseFactory(organisation=organisation, assigned_officer=officer) for _ in range(2)]
    client.force_login(officer)
    page = client.get(ADD, {"organisation": organisation.pk})
    data = {
        **main_form_fields(page.content.decode()),
        "cases": [case.pk for case in cases],
        "subject": "Default use of members' data for AI training",
        "questions": "When did the change take effect?\n\nHow were members told?",
        "language": "en",
    }

    response = client.post(f"{ADD}?organisation={organisation.pk}", data)

    enquiry = Enquiry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{ENQUIRIES}{enquiry.pk}/change/"
    assert (enquiry.status, enquiry.officer, enquiry.recipients) == ("draft", officer, "dpo@starlight.example")
    assert sorted(enquiry.cases.values_list("pk", flat=True)) == sorted(case.pk for case in cases)
    for case in cases:
        assert case.events.filter(kind=CaseEvent.Kind.ENQUIRY_DRAFTED).count() == 1


def test_a_case_about_another_organisation_is_a_form_error(client, lead):
    organisation = OrganisationFactory()
    elsewhere = CaseFactory()
    client.force_login(lead)
    page = client.get(ADD)

    response = client.post(
        ADD,
        {
            **main_form_fields(page.content.decode()),
            "organisation": organisation.pk,
            "cases": [elsewhere.pk],
            "subject": "Questions",
            "questions": "Why?",
            "language": "en",
        },
    )

    assert response.status_code == 200
    assert "cases" in response.context["adminform"].form.errors
    assert not Enquiry.objects.exists()


def test_a_draft_is_changed_through_the_service_and_a_sent_enquiry_is_read_only(client, officer):
    draft = EnquiryFactory(officer=officer)
    client.force_login(officer)
    page = f"{ENQUIRIES}{draft.pk}/change/"
    data = {**main_form_fields(client.get(page).content.decode()), "subject": "Questions about AI training"}

    response = client.post(page, data)

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    assert messages_of(response) == [f"{draft.reference} saved."]
    draft.refresh_from_db()
    assert draft.subject == "Questions about AI training"
    sent(draft, due_in=timedelta(days=5))
    assert client.post(page, {**data, "subject": "Changed after sending"}).status_code == 403
    assert "adminform" in client.get(page).context
    draft.refresh_from_db()
    assert draft.subject == "Questions about AI training"


def test_an_earlier_version_of_a_draft_is_read_only(client, officer):
    draft = EnquiryFactory(officer=officer)
    client.force_login(officer)
    page = f"{ENQUIRIES}{draft.pk}/change/"
    client.post(page, {**main_form_fields(client.get(page).content.decode()), "subject": "Second wording"})
    first = draft.history.order_by("history_id").first()

    response = client.get(f"{ENQUIRIES}{draft.pk}/history/{first.history_id}/")

    assert response.status_code == 200
    assert not response.context["adminform"].form.fields
    assert "Use of members' data to train AI models" in text_of(response.content.decode())
