"""The case page shows a case's details read-only; "Edit details" opens them as a form, which changes
details and links cases through the services, and never the status. "Add a document" attaches a file.
A closed case's page is read only."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases import services
from cases.models import CaseEvent, CaseStatus, Document, Outcome
from dpa.people import staff_name
from tests.helpers.cases import case_state, own_events
from tests.helpers.factories import CaseFactory
from tests.helpers.html_forms import read_form
from tests.helpers.moments import NOW
from tests.helpers.pages import add_document_page, case_page, edit_details_page, text_of
from tests.helpers.sample_files import EXE, PDF, no_file_stored_under

pytestmark = pytest.mark.django_db


# --- reading and editing the details ---------------------------------------------------------------------


@pytest.mark.parametrize("who", ["officer", "lead"])
def test_the_case_page_shows_the_details_read_only_with_a_way_to_edit_them(client, officer, lead, who):
    case = CaseFactory(assigned_officer=officer, title="Default opt-in to AI training")
    client.force_login({"officer": officer, "lead": lead}[who])

    content = client.get(case_page(case)).content.decode()

    assert "Default opt-in to AI training" in text_of(content)
    officer_row = re.search(r'<div class="form-row field-assigned_officer_name">.*?</div>\s*</div>', content, re.S)
    assert text_of(officer_row[0]) == f"Assigned officer: {staff_name(officer)}"  # not the user name
    assert 'name="title"' not in content
    assert 'name="_save"' not in content
    # At the top among the buttons, and under the details.
    assert content.count(f'href="{edit_details_page(case)}"') == 2


def test_edit_details_opens_the_form_under_the_summary_alone(client, officer):
    case = CaseFactory(assigned_officer=officer)
    client.force_login(officer)

    response = client.get(edit_details_page(case))

    content = response.content.decode()
    assert 'name="title"' in content
    assert 'name="_save"' in content
    assert 'name="_continue"' not in content
    assert f'href="{case_page(case)}" class="closelink">Cancel</a>' in content
    assert "Edit details" in text_of(content)  # the page's subtitle
    assert case.reference in text_of(content)  # the summary
    # The sections the case is read from, and their forms and buttons, are on the case page only.
    for section in ('id="deadlines"', 'id="note-box"', 'id="documents"', "latest-timeline", "/move/"):
        assert section not in content, section


def test_saving_the_details_form_without_a_note_writes_no_event_and_returns_to_the_case(client, officer):
    case = CaseFactory(assigned_officer=officer)
    client.force_login(officer)
    data, _files = read_form(client, edit_details_page(case))
    data["title"] = "Corrected summary"

    response = client.post(edit_details_page(case), data)

    assert (response.status_code, response["Location"]) == (302, case_page(case))
    case.refresh_from_db()
    assert case.title == "Corrected summary"
    assert own_events(case) == []


def test_the_details_form_keeps_the_case_list_s_filters_it_was_opened_from(client, officer):
    case = CaseFactory(assigned_officer=officer)
    client.force_login(officer)
    from_list = f"{case_page(case)}?_changelist_filters=mine%3Dopen"

    read = client.get(from_list).content.decode()
    editing = f"{from_list}&amp;edit=details"
    assert read.count(f'href="{editing}"') == 2
    form_page = client.get(f"{from_list}&edit=details").content.decode()
    assert f'action="{editing}"' in form_page
    assert f'href="{from_list.replace("&", "&amp;")}" class="closelink">Cancel</a>' in form_page
    data, _files = read_form(client, f"{from_list}&edit=details")

    response = client.post(f"{from_list}&edit=details", {**data, "title": "Corrected summary"})

    assert (response.status_code, response["Location"]) == (302, from_list)


def test_a_details_form_with_an_error_stays_open_with_what_was_typed(client, officer):
    case = CaseFactory(assigned_officer=officer)
    client.force_login(officer)
    data, _files = read_form(client, edit_details_page(case))
    data.update(title="Corrected summary", received_on="31/02/2026")

    response = client.post(edit_details_page(case), data)

    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="Corrected summary"' in content
    assert "errorlist" in content
    case.refresh_from_db()
    assert case.title != "Corrected summary"


def test_those_who_may_not_change_the_case_read_it_even_with_edit_in_the_address(client, officer, auditor):
    open_case = CaseFactory(assigned_officer=officer)
    closed = CaseFactory(assigned_officer=officer, status=CaseStatus.CLOSED)
    for who, case in [(auditor, open_case), (officer, closed)]:
        client.force_login(who)
        for url in (case_page(case), edit_details_page(case)):
            content = client.get(url).content.decode()
            assert 'name="title"' not in content, (who, url)
            assert "Edit details" not in text_of(content), (who, url)
            assert 'id="deadlines"' in content, (who, url)


def test_change_form_link_to_links_both_cases_with_an_event_on_each(client, officer):
    case = CaseFactory(assigned_officer=officer)
    other = CaseFactory()
    client.force_login(officer)
    data, _files = read_form(client, edit_details_page(case))
    data.update(link_to=other.pk, link_reason="Same CCTV installation.")

    response = client.post(edit_details_page(case), data)

    assert response.status_code == 302
    assert list(case.related_cases.all()) == [other]
    assert list(other.related_cases.all()) == [case]
    assert list(case.events.values_list("kind", "actor", "related_case", "text")) == [
        ("linked", officer.pk, other.pk, "Same CCTV installation.")
    ]
    assert list(other.events.values_list("kind", "actor", "related_case", "text")) == [
        ("linked", officer.pk, case.pk, "Same CCTV installation.")
    ]


# --- documents --------------------------------------------------------------------------------------------


def test_the_documents_section_offers_to_add_one_to_those_who_may(client, officer, auditor):
    case = CaseFactory(assigned_officer=officer)
    closed = CaseFactory(assigned_officer=officer, status=CaseStatus.CLOSED)
    client.force_login(officer)
    assert f'href="{add_document_page(case)}"' in client.get(case_page(case)).content.decode()
    assert add_document_page(closed) not in client.get(case_page(closed)).content.decode()
    assert client.get(add_document_page(closed)).status_code == 403
    client.force_login(auditor)
    assert add_document_page(case) not in client.get(case_page(case)).content.decode()
    assert client.get(add_document_page(case)).status_code == 403


def test_adding_a_document_stores_it_and_records_an_event(client, officer, settings):
    case = CaseFactory(assigned_officer=officer)
    client.force_login(officer)
    page = client.get(add_document_page(case)).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert 'type="file" name="file"' in page

    response = client.post(
        add_document_page(case),
        {
            "file": SimpleUploadedFile("reply.pdf", PDF, content_type="application/pdf"),
            "description": "Reply from the organisation",
        },
    )

    assert (response.status_code, response["Location"]) == (302, case_page(case))
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


def test_adding_an_executable_named_pdf_is_refused_and_nothing_is_stored(client, officer, settings):
    case = CaseFactory(assigned_officer=officer)
    client.force_login(officer)

    response = client.post(
        add_document_page(case),
        {
            "file": SimpleUploadedFile("invoice.pdf", EXE, content_type="application/pdf"),
            "description": "Invoice",
        },
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "This kind of file cannot be attached." in content
    assert 'value="Invoice"' in content
    assert not Document.objects.exists()
    assert own_events(case) == []
    assert no_file_stored_under(settings.DOCUMENTS_ROOT)


def test_adding_no_file_is_refused(client, officer):
    case = CaseFactory(assigned_officer=officer)
    client.force_login(officer)

    response = client.post(add_document_page(case), {"description": "Reply from the organisation"})

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Document.objects.exists()


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
    data, _files = read_form(client, edit_details_page(case))
    assert "status" not in data
    data.update(status=CaseStatus.CLOSED, outcome=Outcome.CONTRAVENTION, closing_reason="Sneaked in.")

    response = client.post(edit_details_page(case), data)

    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.outcome, case.closing_reason, case.closed_at) == ("result", "", "", None)
    assert not case.events.filter(kind=CaseEvent.Kind.CLOSED).exists()


@pytest.mark.parametrize("page", [case_page, edit_details_page])
@pytest.mark.parametrize("who", ["officer", "lead"])
def test_closed_case_change_page_is_read_only(client, officer, lead, who, page):
    case = CaseFactory(assigned_officer=officer, status=CaseStatus.CLOSED)
    client.force_login({"officer": officer, "lead": lead}[who])

    response = client.get(page(case))

    assert response.status_code == 200
    content = response.content.decode()
    assert case.reference in content
    assert 'name="_save"' not in content
    assert 'name="title"' not in content
    assert 'type="file"' not in content
    assert "Edit details" not in text_of(content)
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
