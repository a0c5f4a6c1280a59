"""The services that change a case once it is open: moving it, notes, links, closing, reopening and
documents, each guarding its rule and writing its event, or refusing and changing nothing."""

import hashlib
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cases import services
from cases.models import CaseEvent, CaseKind, CaseStatus, Outcome
from tests.helpers.cases import CLOCK_EVENTS, decide_not_to_pursue, open_case, own_events
from tests.helpers.factories import CaseFactory
from tests.helpers.moments import NOW
from tests.helpers.sample_files import PDF

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_run_in_process")]


# move_case


def test_deciding_not_to_pursue_needs_a_reason(officer):
    case = CaseFactory(assigned_officer=officer, status=CaseStatus.SCREENING)

    for reason in ["", "   "]:
        with pytest.raises(ValidationError) as error:
            services.move_case(case, to=CaseStatus.NOT_PURSUED, by=officer, now=NOW, reason=reason)
        assert set(error.value.message_dict) == {"reason"}

    case.refresh_from_db()
    assert case.status == CaseStatus.SCREENING
    assert not case.events.exists()


def test_deciding_not_to_pursue_records_the_reason(officer):
    case = CaseFactory(assigned_officer=officer, status=CaseStatus.SCREENING)

    services.move_case(case, to=CaseStatus.NOT_PURSUED, by=officer, now=NOW, reason="  Outside our remit. ")

    [event] = case.events.all()
    assert (event.kind, event.from_status, event.to_status, event.text) == (
        CaseEvent.Kind.STATUS_CHANGED,
        CaseStatus.SCREENING,
        CaseStatus.NOT_PURSUED,
        "Outside our remit.",
    )


def test_a_move_without_a_decision_needs_no_reason(officer):
    case = CaseFactory(assigned_officer=officer)

    services.move_case(case, to=CaseStatus.SCREENING, by=officer, now=NOW)

    case.refresh_from_db()
    assert case.status == CaseStatus.SCREENING


def test_move_case_refuses_an_unknown_status(officer):
    case = CaseFactory(assigned_officer=officer)

    with pytest.raises(ValidationError, match="cannot move"):
        services.move_case(case, to="archived", by=officer, now=NOW)

    assert not case.events.exists()


@pytest.mark.parametrize(
    ("path", "s39_state"),
    [
        ([CaseStatus.PRELIMINARY_ENQUIRY], "running"),  # an enquiry can still end in a refusal
        ([CaseStatus.NOT_PURSUED], "running"),  # the notice of the refusal, sent with send_letter, meets it
        ([CaseStatus.PRELIMINARY_ENQUIRY, CaseStatus.INVESTIGATION], "stopped"),  # pursued: no refusal to time
    ],
)
def test_the_s39_3_clock_follows_the_decision_whether_to_pursue_a_complaint(officer, path, s39_state):
    case = open_case(by=officer, assigned_officer=officer)
    services.move_case(case, to=CaseStatus.SCREENING, by=officer, now=NOW)
    for status in path:
        reason = "Outside the Ordinance." if status == CaseStatus.NOT_PURSUED else ""
        services.move_case(case, to=status, reason=reason, by=officer, now=NOW)

    states = dict(case.clocks.values_list("rule__code", "state"))
    assert states == {"hk-pdpo-s39-3": s39_state, "hk-complainant-update": "running"}


def _decided_not_to_pursue(officer):
    case = open_case(by=officer, assigned_officer=officer)
    decide_not_to_pursue(case, reason="Outside the Ordinance.", by=officer)
    return case


def test_a_case_decided_not_to_pursue_does_not_close_before_its_notice_has_gone(officer):
    case = _decided_not_to_pursue(officer)

    with pytest.raises(ValidationError, match="notice of the decision not to pursue has not been sent"):
        services.close_case(case, outcome=Outcome.NOT_PURSUED, reason="Done.", by=officer, now=NOW)

    case.refresh_from_db()
    assert case.status == CaseStatus.NOT_PURSUED
    assert case.clocks.get(rule__code="hk-pdpo-s39-3").state == "running"


def test_it_closes_once_the_notices_deadline_is_met_by_hand_for_a_notice_sent_by_post(officer):
    case = _decided_not_to_pursue(officer)
    services.meet_clock(case.clocks.get(rule__code="hk-pdpo-s39-3"), by=officer, now=NOW)

    services.close_case(case, outcome=Outcome.NOT_PURSUED, reason="Done.", by=officer, now=NOW)

    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


# add_note


def test_add_note_records_the_text(officer):
    case = CaseFactory()

    event = services.add_note(case, text="  Called the complainant back.\n", by=officer, now=NOW)

    assert (event.kind, event.text, event.actor, event.at) == (
        CaseEvent.Kind.NOTE,
        "Called the complainant back.",
        officer,
        NOW,
    )


@pytest.mark.parametrize("text", ["", " \n\t "])
def test_an_empty_note_is_refused(officer, text):
    case = CaseFactory()

    with pytest.raises(ValidationError) as error:
        services.add_note(case, text=text, by=officer, now=NOW)

    assert set(error.value.message_dict) == {"text"}
    assert not case.events.exists()


# link_cases


def test_linking_cases_records_it_on_both_timelines(officer):
    case, other = CaseFactory(assigned_officer=officer), CaseFactory(kind=CaseKind.BREACH_NOTIFICATION)

    services.link_cases(case, other, by=officer, now=NOW, reason=" Same leak ")

    assert list(case.related_cases.all()) == [other]
    assert list(other.related_cases.all()) == [case]
    assert list(case.events.values_list("kind", "related_case", "text")) == [
        (CaseEvent.Kind.LINKED, other.pk, "Same leak")
    ]
    assert list(other.events.values_list("kind", "related_case", "text")) == [
        (CaseEvent.Kind.LINKED, case.pk, "Same leak")
    ]


def test_a_case_cannot_be_linked_to_itself(officer):
    case = CaseFactory(assigned_officer=officer)

    with pytest.raises(ValidationError, match="itself"):
        services.link_cases(case, case, by=officer, now=NOW)

    assert not case.related_cases.exists()
    assert not case.events.exists()


@pytest.mark.parametrize("direction", ["same way", "other way"])
def test_cases_cannot_be_linked_twice(officer, direction):
    case, other = CaseFactory(assigned_officer=officer), CaseFactory(assigned_officer=officer)
    services.link_cases(case, other, by=officer, now=NOW)

    with pytest.raises(ValidationError, match="already linked"):
        if direction == "same way":
            services.link_cases(case, other, by=officer, now=NOW)
        else:
            services.link_cases(other, case, by=officer, now=NOW)

    assert CaseEvent.objects.count() == 2


# close_case


def test_closing_records_outcome_reason_and_time(officer):
    case = CaseFactory(assigned_officer=officer, status=CaseStatus.RESULT)

    services.close_case(case, outcome=Outcome.CONCILIATED, reason=" Apology accepted. ", by=officer, now=NOW)

    case.refresh_from_db()
    assert (case.status, case.outcome, case.closing_reason, case.closed_at) == (
        CaseStatus.CLOSED,
        Outcome.CONCILIATED,
        "Apology accepted.",
        NOW,
    )
    assert own_events(case) == [(CaseEvent.Kind.CLOSED, "officer", "result", "closed", "Apology accepted.")]


@pytest.mark.parametrize(
    ("outcome", "reason", "fields"),
    [
        ("", "", {"outcome", "reason"}),
        ("", "Apology accepted.", {"outcome"}),
        ("resolved", "Apology accepted.", {"outcome"}),
        (Outcome.CONCILIATED, "  ", {"reason"}),
    ],
)
def test_closing_needs_an_outcome_and_a_reason_with_an_error_for_each(officer, outcome, reason, fields):
    case = CaseFactory(assigned_officer=officer, status=CaseStatus.RESULT)

    with pytest.raises(ValidationError) as error:
        services.close_case(case, outcome=outcome, reason=reason, by=officer, now=NOW)

    assert set(error.value.message_dict) == fields
    case.refresh_from_db()
    assert (case.status, case.outcome, case.closed_at) == (CaseStatus.RESULT, "", None)
    assert not case.events.exists()


# reopen_case


def test_reopening_clears_the_outcome_and_returns_the_case_to_work(lead):
    case = CaseFactory(status=CaseStatus.CLOSED)

    services.reopen_case(case, reason="New evidence.", by=lead, now=NOW)

    case.refresh_from_db()
    assert (case.status, case.outcome, case.closing_reason, case.closed_at) == (CaseStatus.SCREENING, "", "", None)
    [event] = case.events.exclude(kind__in=CLOCK_EVENTS)
    assert (event.kind, event.from_status, event.to_status, event.text) == (
        CaseEvent.Kind.REOPENED,
        CaseStatus.CLOSED,
        CaseStatus.SCREENING,
        "New evidence.",
    )


def test_reopening_needs_permission(officer):
    case = CaseFactory(status=CaseStatus.CLOSED, assigned_officer=officer)

    with pytest.raises(PermissionDenied):
        services.reopen_case(case, reason="New evidence.", by=officer, now=NOW)

    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert not case.events.exists()


def test_reopening_needs_a_reason(lead):
    case = CaseFactory(status=CaseStatus.CLOSED)

    with pytest.raises(ValidationError) as error:
        services.reopen_case(case, reason="  ", by=lead, now=NOW)

    assert set(error.value.message_dict) == {"reason"}
    case.refresh_from_db()
    assert (case.status, case.outcome) == (CaseStatus.CLOSED, Outcome.NO_CONTRAVENTION)
    assert not case.events.exists()


def test_only_a_closed_case_can_be_reopened(lead):
    case = CaseFactory(status=CaseStatus.RESULT)

    with pytest.raises(ValidationError, match="Only a closed case"):
        services.reopen_case(case, reason="New evidence.", by=lead, now=NOW)

    assert not case.events.exists()


# add_document


def test_add_document_stores_the_file_with_its_digest_and_type(officer, settings):
    case = CaseFactory(assigned_officer=officer)

    document = services.add_document(
        case, uploaded=SimpleUploadedFile("Reply.PDF", PDF), by=officer, now=NOW, description=" Reply "
    )

    document.refresh_from_db()
    digest = hashlib.sha256(PDF).hexdigest()
    assert (document.original_name, document.content_type, document.size, document.sha256) == (
        "Reply.PDF",
        "application/pdf",
        len(PDF),
        digest,
    )
    assert (document.description, document.uploaded_by, document.uploaded_at) == ("Reply", officer, NOW)
    stored = Path(settings.DOCUMENTS_ROOT) / document.file.name
    assert stored.read_bytes() == PDF
    assert document.file.name == f"cases/{case.pk}/{digest[:2]}/{digest}"
    assert own_events(case) == [(CaseEvent.Kind.DOCUMENT_ADDED, "officer", "", "", "Reply.PDF")]


def test_a_closed_case_takes_no_documents(officer, settings):
    case = CaseFactory(assigned_officer=officer, status=CaseStatus.CLOSED)

    with pytest.raises(ValidationError, match="closed case"):
        services.add_document(case, uploaded=SimpleUploadedFile("reply.pdf", PDF), by=officer, now=NOW)

    assert not case.documents.exists()
    assert not case.events.exists()
    assert not Path(settings.DOCUMENTS_ROOT).exists()
