"""The case page's form changes details, links cases and attaches documents through the services;
it never changes the status, and a closed case's page is read only."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases import services
from cases.models import CaseEvent, CaseStatus, Document, Outcome
from tests.helpers.cases import case_state, own_events
from tests.helpers.factories import CaseFactory
from tests.helpers.html_forms import read_form
from tests.helpers.moments import NOW
from tests.helpers.pages import case_page
from tests.helpers.sample_files import EXE, PDF, no_file_stored_under

pytestmark = pytest.mark.django_db


# --- the change form: details, link, upload -------------------------------------------------------------


def test_saving_the_change_form_without_a_note_writes_no_event(client, officer):
    case = CaseFactory(assigned_officer=officer)
    client.force_login(officer)
    data, _files = read_form(client, case_page(case))
    data["title"] = "Corrected summary"

    response = client.post(case_page(case), data)

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.title == "Corrected summary"
    assert own_events(case) == []


def test_change_form_link_to_links_both_cases_with_an_event_on_each(client, officer):
    case = CaseFactory(assigned_officer=officer)
    other = CaseFactory()
    client.force_login(officer)
    data, _files = read_form(client, case_page(case))
    data.update(link_to=other.pk, link_reason="Same CCTV installation.")

    response = client.post(case_page(case), data)

    assert response.status_code == 302
    assert list(case.related_cases.all()) == [other]
    assert list(other.related_cases.all()) == [case]
    assert list(case.events.values_list("kind", "actor", "related_case", "text")) == [
        ("linked", officer.pk, other.pk, "Same CCTV installation.")
    ]
    assert list(other.events.values_list("kind", "actor", "related_case", "text")) == [
        ("linked", officer.pk, case.pk, "Same CCTV installation.")
    ]


def _upload_field(files: list[str]) -> str:
    (field,) = [name for name in files if re.fullmatch(r"[\w-]+-0-file", name)]
    return field


def test_uploading_a_document_on_the_change_form_stores_it_and_records_an_event(client, officer, settings):
    case = CaseFactory(assigned_officer=officer)
    client.force_login(officer)
    data, files = read_form(client, case_page(case))
    field = _upload_field(files)
    prefix = field.removesuffix("-0-file")
    data[field] = SimpleUploadedFile("reply.pdf", PDF, content_type="application/pdf")
    data[f"{prefix}-0-description"] = "Reply from the organisation"

    response = client.post(case_page(case), data)

    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.case, document.original_name, document.content_type, document.size) == (
        case,
        "reply.pdf",
        "application/pdf",
        len(PDF),
    )
    assert document.description == "Reply from the organisation"
    assert document.uploaded_by == officer
    with document.file.open("rb") as stored:
        assert stored.read() == PDF
    assert str(settings.DOCUMENTS_ROOT) in document.file.path
    assert own_events(case) == [("document_added", "officer", "", "", "reply.pdf")]


def test_uploading_an_executable_named_pdf_is_refused_and_nothing_is_stored(client, officer, settings):
    case = CaseFactory(assigned_officer=officer)
    client.force_login(officer)
    data, files = read_form(client, case_page(case))
    data[_upload_field(files)] = SimpleUploadedFile("invoice.pdf", EXE, content_type="application/pdf")

    response = client.post(case_page(case), data)

    assert response.status_code == 200
    assert "This kind of file cannot be attached." in response.content.decode()
    assert not Document.objects.exists()
    assert own_events(case) == []
    assert no_file_stored_under(settings.DOCUMENTS_ROOT)


def test_timeline_shows_event_times_in_hong_kong_time(client, officer):
    case = CaseFactory(assigned_officer=officer)
    services.add_note(case, text="Spoke to the complainant.", by=officer, now=NOW)  # 10:30 in Hong Kong
    client.force_login(officer)

    content = client.get(case_page(case)).content.decode()

    assert "10:30" in content
    assert "02:30" not in content


# --- what cannot be edited ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["officer", "lead"])
def test_status_is_never_editable_in_the_change_form(client, officer, lead, who):
    case = CaseFactory(assigned_officer=officer, status=CaseStatus.RESULT)
    client.force_login({"officer": officer, "lead": lead}[who])
    data, _files = read_form(client, case_page(case))
    assert "status" not in data
    data.update(status=CaseStatus.CLOSED, outcome=Outcome.CONTRAVENTION, closing_reason="Sneaked in.")

    response = client.post(case_page(case), data)

    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.outcome, case.closing_reason, case.closed_at) == ("result", "", "", None)
    assert not case.events.filter(kind=CaseEvent.Kind.CLOSED).exists()


@pytest.mark.parametrize("who", ["officer", "lead"])
def test_closed_case_change_page_is_read_only(client, officer, lead, who):
    case = CaseFactory(assigned_officer=officer, status=CaseStatus.CLOSED)
    client.force_login({"officer": officer, "lead": lead}[who])

    response = client.get(case_page(case))

    assert response.status_code == 200
    content = response.content.decode()
    assert case.reference in content
    assert 'name="_save"' not in content
    assert 'name="title"' not in content
    assert 'type="file"' not in content
    assert "Investigation completed." in content  # the closing reason, shown read-only


def test_closed_case_change_page_offers_no_move_or_close_buttons(client, officer):
    case = CaseFactory(assigned_officer=officer, status=CaseStatus.CLOSED)
    client.force_login(officer)

    content = client.get(case_page(case)).content.decode()

    assert f"/admin/cases/case/{case.pk}/move/" not in content
    assert f"/admin/cases/case/{case.pk}/close/" not in content


def test_posting_the_change_form_of_a_closed_case_changes_nothing(client, officer):
    case = CaseFactory(assigned_officer=officer, status=CaseStatus.CLOSED)
    before = (case_state(case), case.title)
    client.force_login(officer)

    response = client.post(
        case_page(case),
        {
            "title": "Rewritten after closing",
            "channel": case.channel,
            "language": case.language,
            "received_on": case.received_on.isoformat(),
            "confidentiality": case.confidentiality,
        },
    )

    assert response.status_code == 403
    assert (case_state(case), case.title) == before
