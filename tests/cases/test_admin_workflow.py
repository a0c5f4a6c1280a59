"""The staff screens change cases only by calling the services: status buttons, closing, reopening,
taking a case, adding one, notes, links and uploads, with refusals shown and nothing changed."""

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.formats import date_format

from cases import services
from cases.models import Case, CaseEvent, CaseKind, CaseStatus, Document, Outcome
from tests.factories import NOW, CaseFactory, ComplainantFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
# The start of a Windows executable: the MZ header, then the PE signature.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 44 + b"\x40\x00\x00\x00PE\x00\x00"


# --- reading a rendered form as a browser would submit it -----------------------------------------


class _FormReader(HTMLParser):
    """The name/value pairs a browser would submit from the form with ``form_id``, and its file inputs."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data: dict[str, list[str]] = {}
        self.file_inputs: list[str] = []
        self._select = None
        self._textarea = None

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or ("name" not in attrs and tag != "option"):
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind == "file":
                self.file_inputs.append(attrs["name"])
            elif kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self._add(attrs["name"], attrs.get("value") or "on")
            elif kind not in ("submit", "button", "image", "reset"):
                self._add(attrs["name"], attrs.get("value") or "")
        elif tag == "textarea":
            self._textarea = [attrs["name"], ""]
        elif tag == "select":
            self._select = {"name": attrs["name"], "multiple": "multiple" in attrs, "first": None, "chosen": []}
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attrs:
                self._select["chosen"].append(value)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            self._add(name, text.removeprefix("\n"))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            select, self._select = self._select, None
            chosen = select["chosen"] or ([] if select["multiple"] or select["first"] is None else [select["first"]])
            self.data.setdefault(select["name"], []).extend(chosen)


def _read_form(client, url: str, form_id: str = "case_form") -> tuple[dict, list[str]]:
    response = client.get(url)
    assert response.status_code == 200
    reader = _FormReader(form_id)
    reader.feed(response.content.decode())
    assert reader.data, f"no form #{form_id} on {url}"
    reader.data.pop("csrfmiddlewaretoken", None)
    return reader.data, reader.file_inputs


def _change_url(case: Case) -> str:
    return f"/admin/cases/case/{case.pk}/change/"


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _events(case: Case) -> list[tuple]:
    """The case's own events as an English reader sees them; the clocks a complaint starts are tested
    with the clocks."""
    return [
        (event.kind, event.actor and event.actor.username, event.from_status, event.to_status, event.describe())
        for event in case.events.exclude(kind=CaseEvent.Kind.CLOCK_STARTED).select_related("actor")
    ]


def _state(case: Case) -> tuple:
    case.refresh_from_db()
    return case.status, case.outcome, case.closing_reason, case.closed_at, case.assigned_officer_id, case.events.count()


# --- status buttons ---------------------------------------------------------------------------------


def test_change_page_offers_only_the_moves_the_workflow_allows(client, officer):
    case = CaseFactory(assigned_officer=officer)
    client.force_login(officer)

    content = client.get(_change_url(case)).content.decode()

    assert f"/admin/cases/case/{case.pk}/move/screening/" in content
    assert f"/admin/cases/case/{case.pk}/move/result/" not in content
    assert f"/admin/cases/case/{case.pk}/close/" not in content


def test_moving_an_intake_complaint_to_screening_changes_its_status_and_records_an_event(client, officer):
    case = CaseFactory(assigned_officer=officer)
    client.force_login(officer)

    response = client.post(f"/admin/cases/case/{case.pk}/move/screening/", {"reason": ""})

    assert response.status_code == 302
    assert response["Location"] == _change_url(case)
    case.refresh_from_db()
    assert case.status == CaseStatus.SCREENING
    assert _events(case) == [("status_changed", "officer", "intake", "screening", "")]
    assert _messages(response) == [f"{case.reference}: done."]


def test_a_move_the_workflow_does_not_allow_is_refused_with_a_clear_error_and_changes_nothing(client, officer):
    case = CaseFactory(assigned_officer=officer)
    before = _state(case)
    client.force_login(officer)

    response = client.post(f"/admin/cases/case/{case.pk}/move/result/", {"reason": "Nothing to find."})

    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert errors == ["A complaint cannot move from “Intake” to “Result issued”."]
    assert errors[0] in response.content.decode()
    assert _state(case) == before


@pytest.mark.parametrize("reason", ["", "   "])
def test_deciding_not_to_pursue_without_a_reason_asks_for_one_and_changes_nothing(client, officer, reason):
    case = CaseFactory(assigned_officer=officer, status=CaseStatus.SCREENING)
    before = _state(case)
    client.force_login(officer)

    response = client.post(f"/admin/cases/case/{case.pk}/move/not_pursued/", {"reason": reason})

    assert response.status_code == 200
    assert response.context["form"].errors == {"reason": ["This field is required."]}
    assert 'class="form-row errors"' in response.content.decode()
    assert _state(case) == before


def test_deciding_not_to_pursue_with_a_reason_records_it(client, officer):
    case = CaseFactory(assigned_officer=officer, status=CaseStatus.SCREENING)
    client.force_login(officer)

    response = client.post(f"/admin/cases/case/{case.pk}/move/not_pursued/", {"reason": "Outside our remit."})

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.NOT_PURSUED
    assert _events(case) == [("status_changed", "officer", "screening", "not_pursued", "Outside our remit.")]


@pytest.mark.parametrize("status", ["closed", "nonsense"])
def test_move_to_closed_or_an_unknown_status_is_not_found(client, officer, status):
    case = CaseFactory(assigned_officer=officer, status=CaseStatus.RESULT)
    before = _state(case)
    client.force_login(officer)

    response = client.post(f"/admin/cases/case/{case.pk}/move/{status}/", {"reason": "Done."})

    assert response.status_code == 404
    assert _state(case) == before


# --- closing and reopening ---------------------------------------------------------------------------


def test_closing_without_outcome_and_reason_asks_for_both_and_changes_nothing(client, officer):
    case = CaseFactory(assigned_officer=officer, status=CaseStatus.RESULT)
    before = _state(case)
    client.force_login(officer)

    response = client.post(f"/admin/cases/case/{case.pk}/close/", {"outcome": "", "reason": ""})

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"outcome", "reason"}
    assert _state(case) == before


def test_closing_with_outcome_and_reason_closes_the_case_and_records_an_event(client, officer):
    case = CaseFactory(assigned_officer=officer, status=CaseStatus.RESULT)
    client.force_login(officer)

    response = client.post(
        f"/admin/cases/case/{case.pk}/close/", {"outcome": Outcome.CONTRAVENTION, "reason": "Result accepted."}
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.outcome, case.closing_reason) == ("closed", "contravention", "Result accepted.")
    assert case.closed_at is not None
    assert _events(case) == [("closed", "officer", "result", "closed", "Result accepted.")]


def test_closing_a_case_the_workflow_cannot_close_yet_is_refused(client, officer):
    case = CaseFactory(assigned_officer=officer, status=CaseStatus.INVESTIGATION)
    before = _state(case)
    client.force_login(officer)

    response = client.post(
        f"/admin/cases/case/{case.pk}/close/", {"outcome": Outcome.WITHDRAWN, "reason": "Withdrawn."}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["A case in “Investigation” cannot be closed yet."]
    assert _state(case) == before


def test_team_lead_reopens_a_closed_case_with_a_reason(client, lead, officer):
    case = CaseFactory(assigned_officer=officer, status=CaseStatus.CLOSED)
    client.force_login(lead)

    response = client.post(f"/admin/cases/case/{case.pk}/reopen/", {"reason": "New evidence from the complainant."})

    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.outcome, case.closing_reason, case.closed_at) == ("screening", "", "", None)
    assert _events(case) == [("reopened", "teamlead", "closed", "screening", "New evidence from the complainant.")]


def test_team_lead_reopening_without_a_reason_is_asked_for_one(client, lead):
    case = CaseFactory(status=CaseStatus.CLOSED)
    before = _state(case)
    client.force_login(lead)

    response = client.post(f"/admin/cases/case/{case.pk}/reopen/", {"reason": " "})

    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert _state(case) == before


def test_officer_cannot_reopen_a_closed_case(client, officer):
    case = CaseFactory(assigned_officer=officer, status=CaseStatus.CLOSED)
    before = _state(case)
    client.force_login(officer)

    response = client.post(f"/admin/cases/case/{case.pk}/reopen/", {"reason": "I changed my mind."})

    assert response.status_code == 403
    assert _state(case) == before


def test_only_a_team_lead_is_offered_the_reopen_button(client, lead, officer):
    case = CaseFactory(assigned_officer=officer, status=CaseStatus.CLOSED)
    reopen = f"/admin/cases/case/{case.pk}/reopen/"

    client.force_login(lead)
    assert reopen in client.get(_change_url(case)).content.decode()
    client.force_login(officer)
    assert reopen not in client.get(_change_url(case)).content.decode()


# --- taking a case -----------------------------------------------------------------------------------


def test_officer_takes_an_unassigned_case(client, officer):
    case = CaseFactory()
    client.force_login(officer)

    response = client.post(f"/admin/cases/case/{case.pk}/assign-to-me/")

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.assigned_officer == officer
    assert _events(case) == [("assigned", "officer", "", "", "officer")]
    assert _messages(response) == [f"{case.reference} is now assigned to you."]


def test_officer_cannot_take_a_case_assigned_to_someone_else(client, officer, other_officer):
    case = CaseFactory(assigned_officer=other_officer)
    before = _state(case)
    client.force_login(officer)

    page = client.get(f"/admin/cases/case/{case.pk}/change/").content.decode()
    response = client.post(f"/admin/cases/case/{case.pk}/assign-to-me/")

    assert "Assign to me" not in page
    assert response.status_code == 403
    assert _state(case) == before


def test_assign_to_me_only_answers_post(client, officer):
    case = CaseFactory()
    client.force_login(officer)

    assert client.get(f"/admin/cases/case/{case.pk}/assign-to-me/").status_code == 405
    case.refresh_from_db()
    assert case.assigned_officer is None


def test_assign_to_me_action_takes_the_free_cases_and_reports_the_others(client, officer, other_officer):
    free = CaseFactory()
    taken = CaseFactory(assigned_officer=other_officer)
    before = _state(taken)
    client.force_login(officer)

    response = client.post(
        "/admin/cases/case/", {"action": "assign_to_me", "_selected_action": [free.pk, taken.pk], "index": 0}
    )

    assert response.status_code == 302
    free.refresh_from_db()
    assert free.assigned_officer == officer
    assert _events(free) == [("assigned", "officer", "", "", "officer")]
    assert _state(taken) == before
    assert _messages(response) == [
        f"Assigned to you: {free.reference}.",
        f"{taken.reference}: Only a team lead can assign a case to someone else or take it from them.",
    ]


def test_team_lead_takes_a_case_from_an_officer_with_the_action(client, lead, officer):
    case = CaseFactory(assigned_officer=officer)
    client.force_login(lead)

    client.post("/admin/cases/case/", {"action": "assign_to_me", "_selected_action": [case.pk], "index": 0})

    case.refresh_from_db()
    assert case.assigned_officer == lead
    assert _events(case) == [("assigned", "teamlead", "", "", "officer → teamlead")]


# --- adding a case -----------------------------------------------------------------------------------


def test_an_officer_adding_a_complaint_lands_on_it_assigned_to_them_with_a_reference(client, officer):
    complainant = ComplainantFactory()
    organisation = OrganisationFactory()
    today = timezone.localdate()
    client.force_login(officer)
    data, _files = _read_form(client, "/admin/cases/case/add/")
    assert "status" not in data
    assert not any(name.endswith("-TOTAL_FORMS") for name in data), "a new case has no timeline or documents yet"
    data.update(
        kind=CaseKind.COMPLAINT,
        complainant=complainant.pk,
        title="Tenant's HKID card copied by the estate office",
        channel="email",
        received_on=today.isoformat(),
        organisation=organisation.pk,
    )

    response = client.post("/admin/cases/case/add/", data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    case = Case.objects.get()
    assert response["Location"] == f"/admin/cases/case/{case.pk}/change/"
    assert case.reference == f"CMP-{today.year}-00001"
    assert (case.status, case.complainant, case.organisation) == ("intake", complainant, organisation)
    assert case.assigned_officer == officer
    assert _events(case) == [
        ("received", "officer", "", "", f"Received on {date_format(today, 'DATE_FORMAT')}."),
        ("assigned", "officer", "", "", "officer"),
    ]


def test_team_lead_adding_a_case_can_assign_it_and_the_assignment_is_recorded(client, lead, officer):
    today = timezone.localdate()
    client.force_login(lead)
    data, _files = _read_form(client, "/admin/cases/case/add/")
    data.update(
        kind=CaseKind.BREACH_NOTIFICATION,
        title="Ransomware at a logistics company",
        channel="online",
        received_on=today.isoformat(),
        assigned_officer=officer.pk,
    )

    response = client.post("/admin/cases/case/add/", data)

    assert response.status_code == 302
    case = Case.objects.get()
    assert (case.reference, case.assigned_officer) == (f"DBN-{today.year}-00001", officer)
    assert [(kind, actor) for kind, actor, *_ in _events(case)] == [("received", "teamlead"), ("assigned", "teamlead")]


def test_officer_add_form_offers_no_choice_of_officer(client, officer):
    client.force_login(officer)

    data, _files = _read_form(client, "/admin/cases/case/add/")

    assert "assigned_officer" not in data


def test_adding_a_case_received_in_the_future_is_refused(client, officer):
    client.force_login(officer)
    data, _files = _read_form(client, "/admin/cases/case/add/")
    data.update(
        kind=CaseKind.COMPLIANCE_CHECK,
        title="Compliance check of a retailer's loyalty scheme",
        channel="self",
        received_on=(timezone.localdate() + timedelta(days=1)).isoformat(),
    )

    response = client.post("/admin/cases/case/add/", data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"received_on": ["A case cannot be received in the future."]}
    assert not Case.objects.exists()


# --- the change form: details, link, upload -------------------------------------------------------------


def test_saving_the_change_form_without_a_note_writes_no_event(client, officer):
    case = CaseFactory(assigned_officer=officer)
    client.force_login(officer)
    data, _files = _read_form(client, _change_url(case))
    data["title"] = "Corrected summary"

    response = client.post(_change_url(case), data)

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.title == "Corrected summary"
    assert _events(case) == []


def test_change_form_link_to_links_both_cases_with_an_event_on_each(client, officer):
    case = CaseFactory(assigned_officer=officer)
    other = CaseFactory()
    client.force_login(officer)
    data, _files = _read_form(client, _change_url(case))
    data.update(link_to=other.pk, link_reason="Same CCTV installation.")

    response = client.post(_change_url(case), data)

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
    data, files = _read_form(client, _change_url(case))
    field = _upload_field(files)
    prefix = field.removesuffix("-0-file")
    data[field] = SimpleUploadedFile("reply.pdf", PDF, content_type="application/pdf")
    data[f"{prefix}-0-description"] = "Reply from the organisation"

    response = client.post(_change_url(case), data)

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
    assert _events(case) == [("document_added", "officer", "", "", "reply.pdf")]


def test_uploading_an_executable_named_pdf_is_refused_and_nothing_is_stored(client, officer, settings):
    case = CaseFactory(assigned_officer=officer)
    client.force_login(officer)
    data, files = _read_form(client, _change_url(case))
    data[_upload_field(files)] = SimpleUploadedFile("invoice.pdf", EXE, content_type="application/pdf")

    response = client.post(_change_url(case), data)

    assert response.status_code == 200
    assert "This kind of file cannot be attached." in response.content.decode()
    assert not Document.objects.exists()
    assert _events(case) == []
    documents_root = settings.DOCUMENTS_ROOT
    assert not documents_root.exists() or not any(path.is_file() for path in documents_root.rglob("*"))


def test_timeline_shows_event_times_in_hong_kong_time(client, officer):
    case = CaseFactory(assigned_officer=officer)
    services.add_note(case, text="Spoke to the complainant.", by=officer, now=NOW)  # 10:30 in Hong Kong
    client.force_login(officer)

    content = client.get(_change_url(case)).content.decode()

    assert "10:30" in content
    assert "02:30" not in content


# --- what cannot be edited ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["officer", "lead"])
def test_status_is_never_editable_in_the_change_form(client, officer, lead, who):
    case = CaseFactory(assigned_officer=officer, status=CaseStatus.RESULT)
    client.force_login({"officer": officer, "lead": lead}[who])
    data, _files = _read_form(client, _change_url(case))
    assert "status" not in data
    data.update(status=CaseStatus.CLOSED, outcome=Outcome.CONTRAVENTION, closing_reason="Sneaked in.")

    response = client.post(_change_url(case), data)

    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.outcome, case.closing_reason, case.closed_at) == ("result", "", "", None)
    assert not case.events.filter(kind=CaseEvent.Kind.CLOSED).exists()


@pytest.mark.parametrize("who", ["officer", "lead"])
def test_closed_case_change_page_is_read_only(client, officer, lead, who):
    case = CaseFactory(assigned_officer=officer, status=CaseStatus.CLOSED)
    client.force_login({"officer": officer, "lead": lead}[who])

    response = client.get(_change_url(case))

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

    content = client.get(_change_url(case)).content.decode()

    assert f"/admin/cases/case/{case.pk}/move/" not in content
    assert f"/admin/cases/case/{case.pk}/close/" not in content


def test_posting_the_change_form_of_a_closed_case_changes_nothing(client, officer):
    case = CaseFactory(assigned_officer=officer, status=CaseStatus.CLOSED)
    before = (_state(case), case.title)
    client.force_login(officer)

    response = client.post(
        _change_url(case),
        {
            "title": "Rewritten after closing",
            "channel": case.channel,
            "language": case.language,
            "received_on": case.received_on.isoformat(),
            "confidentiality": case.confidentiality,
        },
    )

    assert response.status_code == 403
    assert (_state(case), case.title) == before


# --- the home page -----------------------------------------------------------------------------------


def _my_cases_table(content: str) -> dict[str, int]:
    section = content.split('id="my-cases"', 1)[1].split('id="new-this-week"', 1)[0]
    rows = re.findall(r"status__exact=\w+\">([^<]+)</a></th>\s*<td>(\d+)</td>", section)
    return {label: int(count) for label, count in rows}


def test_home_page_counts_my_open_cases_per_status_and_lists_this_weeks_cases(client, officer, other_officer):
    today = timezone.localdate()
    long_ago = today - timedelta(days=10)
    for status in [CaseStatus.INTAKE, CaseStatus.INTAKE, CaseStatus.SCREENING, CaseStatus.CLOSED]:
        CaseFactory(assigned_officer=officer, status=status, received_on=long_ago)
    CaseFactory(assigned_officer=other_officer, status=CaseStatus.INVESTIGATION, received_on=long_ago)
    this_week = CaseFactory(received_on=today, title="Debt collector phoned the complainant at work")
    client.force_login(officer)

    response = client.get("/admin/")

    assert response.status_code == 200
    content = response.content.decode()
    assert "My open cases (3)" in content
    assert _my_cases_table(content) == {"Intake": 2, "Screening": 1}
    assert list(response.context["new_this_week"]) == [this_week]
    assert this_week.reference in content
    assert this_week.title in content


def test_home_page_tells_an_officer_without_cases_so(client, officer):
    CaseFactory(received_on=timezone.localdate() - timedelta(days=10))
    client.force_login(officer)

    content = client.get("/admin/").content.decode()

    assert "My open cases (0)" in content
    assert "No open cases are assigned to you." in content
    assert "No cases received this week." in content
