"""The case page's "Enquiries and letters": the case's enquiries with their reply-by dates, the letters
sent to its complainant, a "New enquiry" button prefilled with the case, and a form to write to the
complainant that previews the letter before ``send_letter`` sends it."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from cases.models import (
    AccessContext,
    CaseEvent,
    CaseStatus,
    IdentityAccess,
    Letter,
    LetterKind,
)
from tests.helpers.factories import CaseFactory, ComplainantFactory, EnquiryFactory
from tests.helpers.pages import case_page, messages_of, text_of
from tests.helpers.reminders import mark_sent

pytestmark = pytest.mark.django_db


def letter_page(case) -> str:
    return f"/admin/cases/case/{case.pk}/letter/"


@pytest.fixture
def case(officer):
    return CaseFactory(
        assigned_officer=officer,
        complainant=ComplainantFactory(name="Cheung Wing Yan", email="wing.yan@mail.example"),
    )


def _section(response) -> str:
    content = response.content.decode()
    return content.split('id="enquiries-and-letters"', 1)[1].split("</section>", 1)[0]


def test_the_case_page_lists_its_enquiries_with_reply_by_dates_and_offers_a_new_one(client, officer, case):
    enquiry = EnquiryFactory(officer=officer, organisation=case.organisation, cases=[case])
    now = timezone.now()
    mark_sent(enquiry, sent_at=now, due_at=now + timedelta(days=4))
    client.force_login(officer)

    section = _section(client.get(case_page(case)))

    assert f"/admin/cases/enquiry/{enquiry.pk}/change/" in section
    assert enquiry.reference in section
    assert "Awaiting reply" in section
    assert "4 days left" in section
    [link] = [
        part.split('"', 1)[0] for part in section.split('href="')[1:] if part.startswith("/admin/cases/enquiry/add/")
    ]
    query = parse_qs(urlsplit(link.replace("&amp;", "&")).query)
    assert query == {"organisation": [str(case.organisation_id)], "cases": [str(case.pk)]}


def test_an_enquiry_also_about_a_case_the_reader_cannot_see_is_not_listed(client, probe_world):
    restricted, normal = probe_world["restricted"], probe_world["normal"]
    EnquiryFactory(organisation=restricted.organisation, cases=[restricted, normal], subject="Clinic and CCTV")
    client.force_login(probe_world["colleague"])

    section = _section(client.get(case_page(normal)))

    assert "Clinic and CCTV" not in section
    assert "No enquiry has been written about this case." in section


def test_an_auditor_reads_the_section_but_is_offered_no_enquiry_and_no_letter(client, auditor, case):
    client.force_login(auditor)

    section = _section(client.get(case_page(case)))

    assert "/admin/cases/enquiry/add/" not in section
    assert letter_page(case) not in section
    assert client.get(letter_page(case)).status_code == 403
    assert client.post(letter_page(case), {"kind": "acknowledgement", "_send": "1"}).status_code == 403
    assert not Letter.objects.exists()


def test_the_preview_shows_the_letter_and_records_that_the_complainant_was_shown(client, officer, case):
    client.force_login(officer)

    response = client.post(letter_page(case), {"kind": LetterKind.ACKNOWLEDGEMENT, "reasons": ""})

    assert response.status_code == 200
    text = text_of(response.content.decode())
    assert "Cheung Wing Yan" in text
    assert "wing.yan@mail.example" in text
    assert case.reference in response.context["preview"].subject
    assert 'name="_send"' in response.content.decode()
    assert not Letter.objects.exists()
    assert IdentityAccess.objects.filter(user=officer, case=case, context=AccessContext.LETTER).count() == 1


def test_sending_from_the_preview_goes_through_the_service(client, officer, case):
    client.force_login(officer)

    response = client.post(letter_page(case), {"kind": LetterKind.ACKNOWLEDGEMENT, "reasons": "", "_send": "1"})

    assert response.status_code == 302
    assert response["Location"] == case_page(case)
    assert messages_of(response) == [f"Acknowledgement to the complainant sent on {case.reference}."]
    letter = Letter.objects.get()
    assert (letter.case, letter.kind, letter.recipients) == (case, LetterKind.ACKNOWLEDGEMENT, "wing.yan@mail.example")
    assert case.events.filter(kind=CaseEvent.Kind.LETTER_SENT).count() == 1
    section = _section(client.get(case_page(case)))
    assert f"/admin/cases/letter/{letter.pk}/change/" in section


def test_a_notice_not_to_pursue_without_reasons_is_a_form_error(client, officer, case):
    client.force_login(officer)

    response = client.post(letter_page(case), {"kind": LetterKind.NOT_PURSUED, "reasons": " ", "_send": "1"})

    assert response.status_code == 200
    assert "reasons" in response.context["form"].errors
    assert not Letter.objects.exists()


def test_a_notice_not_to_pursue_before_the_decision_is_refused_in_words(client, officer, case):
    client.force_login(officer)

    response = client.post(
        letter_page(case), {"kind": LetterKind.NOT_PURSUED, "reasons": "No contravention.", "_send": "1"}
    )

    assert response.status_code == 200
    assert "Send this notice once the case has been decided not to be pursued." in text_of(response.content.decode())
    assert not Letter.objects.exists()


def test_the_preview_says_why_a_letter_cannot_go_before_showing_it(client, officer, case):
    client.force_login(officer)

    response = client.post(letter_page(case), {"kind": LetterKind.NOT_PURSUED, "reasons": "No contravention."})

    assert response.status_code == 200
    assert response.context["preview"] is None
    assert "Send this notice once the case has been decided not to be pursued." in text_of(response.content.decode())


def test_changing_the_letter_goes_back_to_the_form_with_what_was_chosen(client, officer, case):
    client.force_login(officer)

    response = client.post(letter_page(case), {"kind": LetterKind.PROGRESS_UPDATE, "reasons": "", "_back": "1"})

    assert response.status_code == 200
    assert response.context["preview"] is None
    assert 'value="progress_update" selected' in response.content.decode()


@pytest.mark.parametrize("kind", ["enquiry", "x" * 300, "\x00"])
def test_a_letter_kind_not_offered_is_a_form_error(client, officer, case, kind):
    client.force_login(officer)

    response = client.post(letter_page(case), {"kind": kind, "_send": "1"})

    assert response.status_code == 200
    assert "kind" in response.context["form"].errors
    assert not Letter.objects.exists()


def test_a_closed_case_offers_no_letter_and_refuses_one(client, lead):
    closed = CaseFactory(status=CaseStatus.CLOSED, assigned_officer=lead)
    client.force_login(lead)

    assert letter_page(closed) not in client.get(case_page(closed)).content.decode()
    assert client.get(letter_page(closed)).status_code == 403
