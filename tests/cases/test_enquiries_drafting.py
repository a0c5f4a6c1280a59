"""Drafting an enquiry: one organisation, open cases about it that the author works on, a reply-by
rule counted from the sending; a draft changes until it is sent, each case told when it is covered."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import CaseEvent, CaseStatus, ClockRule, Confidentiality, Enquiry, EnquiryStatus
from cases.services.enquiries import change_draft, draft_enquiry
from tests.helpers.clocks import clock_rule
from tests.helpers.factories import CaseFactory, EnquiryFactory, OrganisationFactory
from tests.helpers.moments import NOW, at

pytestmark = pytest.mark.django_db

DRAFTED = CaseEvent.Kind.ENQUIRY_DRAFTED


@pytest.fixture
def organisation():
    return OrganisationFactory(name="Linkwave Limited", contact_email="dpo@linkwave.example")


@pytest.fixture
def cases(organisation, officer):
    return [CaseFactory(organisation=organisation, assigned_officer=officer) for _ in range(2)]


def _draft(cases, *, by, organisation=None, **fields):
    fields.setdefault("subject", "Training AI on members' data")
    fields.setdefault("questions", "Since when?\n\nOn what basis?")
    fields.setdefault("language", "en")
    return draft_enquiry(organisation=organisation or cases[0].organisation, cases=cases, by=by, now=NOW, **fields)


def test_a_draft_covers_its_cases_and_takes_the_organisations_address_and_the_default_rule(cases, officer):
    enquiry = _draft(cases, by=officer, subject="  Training AI  ", questions="\n Since when? \n")

    enquiry.refresh_from_db()
    assert (enquiry.status, enquiry.officer, enquiry.drafted_at, enquiry.sent_at) == (
        EnquiryStatus.DRAFT,
        officer,
        NOW,
        None,
    )
    assert (enquiry.subject, enquiry.questions, enquiry.recipients) == (
        "Training AI",
        "Since when?",
        "dpo@linkwave.example",
    )
    assert enquiry.rule.code == "hk-enquiry-reply"
    assert list(enquiry.cases.order_by("pk")) == cases
    assert enquiry.reference == f"ENQ-2026-{enquiry.pk:05d}"
    assert not enquiry.clocks.exists()
    assert enquiry.history.get().history_user == officer


def test_drafting_writes_the_draft_on_the_timeline_of_every_case_it_covers(cases, officer):
    enquiry = _draft(cases, by=officer, subject="Training AI")

    for case in cases:
        (event,) = case.events.all()
        assert (event.kind, event.actor, event.at, event.text) == (DRAFTED, officer, NOW, "Training AI")
        assert event.describe() == f"{enquiry.reference} to Linkwave Limited\nTraining AI"


def test_a_draft_takes_the_addresses_and_rule_it_is_given(cases, officer):
    rule = ClockRule.objects.create(
        code="test-reply-7", name="Reply in 7 days", citation="Letter", length=7, unit="days", trigger="enquiry_sent",
        calendar="hk",
    )  # fmt: skip

    enquiry = _draft(cases, by=officer, recipients="a@linkwave.example, b@linkwave.example", rule=rule)

    assert enquiry.recipient_list == ["a@linkwave.example", "b@linkwave.example"]
    assert enquiry.recipients == "a@linkwave.example\nb@linkwave.example"
    assert enquiry.rule == rule


def test_a_rule_not_counted_from_the_sending_of_an_enquiry_is_refused(cases, officer):
    with pytest.raises(ValidationError) as error:
        _draft(cases, by=officer, rule=clock_rule("hk-pdpo-s39-3"))

    assert error.value.message_dict == {"rule": ["Choose a rule counted from the sending of an enquiry."]}
    assert not Enquiry.objects.exists()


def test_addresses_that_are_not_addresses_are_refused(cases, officer):
    with pytest.raises(ValidationError) as error:
        _draft(cases, by=officer, recipients="dpo@linkwave.example\nnot-an-address")

    assert error.value.message_dict == {"recipients": ["These are not e-mail addresses: not-an-address"]}


def test_an_organisation_without_an_address_gives_a_draft_without_recipients(officer):
    case = CaseFactory(organisation=OrganisationFactory(contact_email=""), assigned_officer=officer)

    assert _draft([case], by=officer).recipients == ""


@pytest.mark.parametrize(("field", "value"), [("subject", "  "), ("questions", "\n\n")])
def test_a_draft_needs_a_subject_and_questions(cases, officer, field, value):
    with pytest.raises(ValidationError) as error:
        _draft(cases, by=officer, **{field: value})

    assert set(error.value.message_dict) == {field}
    assert not Enquiry.objects.exists()


def test_a_draft_needs_a_case(organisation, officer):
    with pytest.raises(ValidationError) as error:
        _draft([], organisation=organisation, by=officer)

    assert error.value.message_dict == {"cases": ["Choose at least one case the enquiry is about."]}


def test_a_case_about_another_organisation_is_refused_by_its_reference(cases, officer):
    elsewhere = CaseFactory(assigned_officer=officer)

    with pytest.raises(ValidationError) as error:
        _draft([*cases, elsewhere], by=officer)

    assert error.value.message_dict == {"cases": [f"{elsewhere.reference} is not about Linkwave Limited."]}
    assert not Enquiry.objects.exists()
    assert not CaseEvent.objects.exists()


def test_a_closed_case_is_refused_by_its_reference(cases, organisation, officer):
    closed = CaseFactory(organisation=organisation, assigned_officer=officer, status=CaseStatus.CLOSED)

    with pytest.raises(ValidationError) as error:
        _draft([cases[0], closed], by=officer)

    assert error.value.message_dict == {"cases": [f"{closed.reference} is closed; reopen it first."]}
    assert not Enquiry.objects.exists()


def test_a_case_of_another_officers_is_refused_by_its_reference(cases, organisation, officer, other_officer):
    theirs = CaseFactory(organisation=organisation, assigned_officer=other_officer)

    with pytest.raises(PermissionDenied, match=f"Only the officer assigned to {theirs.reference} or a team lead"):
        _draft([*cases, theirs], by=officer)

    assert not Enquiry.objects.exists()


def test_a_case_hidden_from_the_author_is_refused_without_naming_it(cases, organisation, officer, other_officer):
    hidden = CaseFactory(
        organisation=organisation, assigned_officer=other_officer, confidentiality=Confidentiality.RESTRICTED
    )

    with pytest.raises(PermissionDenied) as error:
        _draft([cases[0], hidden], by=officer)

    assert str(error.value) == "You cannot see every one of these cases."
    assert not Enquiry.objects.exists()


def test_a_team_lead_drafts_one_letter_about_several_officers_cases(organisation, officer, other_officer, lead):
    cases = [CaseFactory(organisation=organisation, assigned_officer=who) for who in (officer, other_officer)]

    enquiry = _draft(cases, by=lead)

    assert enquiry.officer == lead
    assert CaseEvent.objects.filter(kind=DRAFTED).count() == 2


def test_an_auditor_cannot_draft(cases, auditor):
    with pytest.raises(PermissionDenied):
        _draft(cases, by=auditor)


# changing a draft


def test_a_draft_changes_and_a_case_it_newly_covers_is_told(cases, organisation, officer):
    enquiry = _draft(cases[:1], by=officer, subject="First")
    later = at(2026, 3, 3, 9, 0)

    change_draft(enquiry, subject=" Second ", cases=cases, language="zh-hant", by=officer, now=later)

    enquiry.refresh_from_db()
    assert (enquiry.subject, enquiry.language, enquiry.status) == ("Second", "zh-hant", EnquiryStatus.DRAFT)
    assert list(enquiry.cases.order_by("pk")) == cases
    assert list(cases[0].events.values_list("kind", "at", "text")) == [(DRAFTED, NOW, "First")]
    assert list(cases[1].events.values_list("kind", "at", "text")) == [(DRAFTED, later, "Second")]


def test_a_draft_can_drop_a_case_but_not_take_one_about_another_organisation(cases, officer):
    enquiry = _draft(cases, by=officer)

    change_draft(enquiry, cases=cases[1:], by=officer, now=NOW)
    with pytest.raises(ValidationError, match="is not about Linkwave Limited"):
        change_draft(enquiry, cases=[CaseFactory(assigned_officer=officer)], by=officer, now=NOW)

    assert list(enquiry.cases.all()) == cases[1:]


def test_moving_a_draft_to_another_organisation_needs_cases_about_it(cases, officer):
    enquiry = _draft(cases, by=officer)

    with pytest.raises(ValidationError, match="are not about Other Limited"):
        change_draft(enquiry, organisation=OrganisationFactory(name="Other Limited"), by=officer, now=NOW)

    enquiry.refresh_from_db()
    assert enquiry.organisation == cases[0].organisation


def test_only_its_cases_officer_or_a_lead_changes_a_draft(cases, officer, other_officer, lead):
    enquiry = _draft(cases, by=officer)

    with pytest.raises(PermissionDenied):
        change_draft(enquiry, subject="Mine now", by=other_officer, now=NOW)
    change_draft(enquiry, subject="Checked", by=lead, now=NOW)

    enquiry.refresh_from_db()
    assert enquiry.subject == "Checked"


@pytest.mark.parametrize("status", [EnquiryStatus.SENT, EnquiryStatus.ANSWERED, EnquiryStatus.WITHDRAWN])
def test_only_a_draft_changes(officer, status):
    enquiry = EnquiryFactory(officer=officer)
    Enquiry.objects.filter(pk=enquiry.pk).update(
        status=status,
        sent_at=None if status == EnquiryStatus.WITHDRAWN else NOW,
        replied_on=NOW.date() if status == EnquiryStatus.ANSWERED else None,
        reply_summary="Answered." if status == EnquiryStatus.ANSWERED else "",
        withdrawn_at=NOW if status == EnquiryStatus.WITHDRAWN else None,
        withdrawal_reason="No longer needed." if status == EnquiryStatus.WITHDRAWN else "",
    )

    with pytest.raises(ValidationError) as error:
        change_draft(enquiry, subject="Too late", by=officer, now=NOW)

    label = EnquiryStatus(status).label
    assert error.value.messages == [f"This cannot be done to an enquiry that is “{label}”."]


def test_a_draft_has_no_other_fields_to_change(officer):
    with pytest.raises(ValueError, match="status"):
        change_draft(EnquiryFactory(officer=officer), status=EnquiryStatus.SENT, by=officer, now=NOW)
