"""Each service guards its rule, writes its case event and enqueues its e-mail only on commit."""

import hashlib
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from cases import services
from cases.models import KINDS_NEEDING_COMPLAINANT, Case, CaseEvent, CaseKind, CaseStatus, Channel, Outcome
from dpa.celery import app as celery_app
from dpa.roles import CASE_OFFICER
from tests.factories import NOW, CaseFactory, ComplainantFactory, UserFactory, make_user

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _tasks_run_in_process():
    """Run Celery tasks in-process when they are sent, so their e-mail lands in ``mailoutbox``."""
    previous = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = previous


CLOCK_EVENTS = [kind for kind in CaseEvent.Kind.values if kind.startswith("clock_") or kind == "deadline_moved"]


def _events(case: Case) -> list[tuple]:
    """The case's own events, as an English reader sees them; its clocks' events have their own tests."""
    return [(event.kind, event.describe()) for event in case.events.exclude(kind__in=CLOCK_EVENTS)]


def _open(*, by, now=NOW, **kwargs) -> Case:
    kwargs.setdefault("kind", CaseKind.COMPLAINT)
    if kwargs["kind"] in KINDS_NEEDING_COMPLAINANT:
        kwargs.setdefault("complainant", ComplainantFactory())
    kwargs.setdefault("received_on", date(2026, 3, 1))
    return services.open_case(title="CCTV aimed at my flat", channel=Channel.ONLINE_FORM, by=by, now=now, **kwargs)


# open_case


def test_open_case_records_received_and_assigned_events(lead, officer):
    case = _open(by=lead, assigned_officer=officer)

    assert case.status == CaseStatus.INTAKE
    assert case.assigned_officer == officer
    assert _events(case) == [
        (CaseEvent.Kind.RECEIVED, "Received on Sun 1 Mar 2026."),
        (CaseEvent.Kind.ASSIGNED, "officer"),
    ]
    received, assigned = case.events.exclude(kind__in=CLOCK_EVENTS)
    assert (received.message, received.text) == ({"code": "received", "on": "2026-03-01"}, "")
    assert (assigned.message, assigned.text) == ({"code": "assigned", "officer": "officer"}, "")
    assert set(case.events.values_list("actor", "at")) == {(lead.pk, NOW)}


def test_open_case_lets_an_officer_take_the_new_case_but_not_hand_it_to_a_colleague(officer, other_officer):
    mine = _open(by=officer, assigned_officer=officer)
    assert mine.assigned_officer == officer

    with pytest.raises(PermissionDenied):
        _open(by=officer, assigned_officer=other_officer)
    assert Case.objects.count() == 1


def test_field_history_records_who_made_each_change(lead, officer):
    case = _open(by=lead)
    services.assign_case(case, officer=officer, by=lead, now=NOW)
    services.move_case(case, to=CaseStatus.SCREENING, by=officer, now=NOW)

    history = list(case.history.order_by("history_id").values_list("history_user__username", "status"))
    assert history == [("teamlead", "intake"), ("teamlead", "intake"), ("officer", "screening")]


def test_open_case_without_an_officer_records_only_receipt_and_its_clocks(lead):
    case = _open(by=lead)

    assert case.assigned_officer is None
    assert [kind for kind, _ in _events(case)] == [CaseEvent.Kind.RECEIVED]


def test_open_case_refuses_a_receipt_date_in_the_future(lead):
    with pytest.raises(ValidationError) as error:
        _open(by=lead, received_on=date(2026, 3, 3))

    assert set(error.value.message_dict) == {"received_on"}
    assert not Case.objects.exists()


def test_open_case_takes_today_from_hong_kong_not_from_utc(lead):
    # 01:00 on 2 March in Hong Kong is still 1 March in UTC, as timezone.now() gives it.
    early_morning = datetime(2026, 3, 1, 17, 0, tzinfo=UTC)

    case = _open(by=lead, now=early_morning, received_on=date(2026, 3, 2))

    assert case.received_on == date(2026, 3, 2)


def test_open_case_refuses_a_complaint_without_a_complainant(lead):
    with pytest.raises(ValidationError, match="A complaint needs its complainant"):
        _open(by=lead, complainant=None)

    assert not Case.objects.exists()
    assert not CaseEvent.objects.exists()


@pytest.mark.parametrize("who", ["inactive officer", "staff without a role"])
def test_open_case_refuses_to_assign_someone_who_is_not_an_active_officer(lead, who):
    user = make_user(CASE_OFFICER, is_active=False) if who == "inactive officer" else UserFactory()

    with pytest.raises(ValidationError, match="not an active case officer"):
        _open(by=lead, assigned_officer=user)

    assert not Case.objects.exists()


# assign_case


def test_an_officer_may_take_an_unassigned_case(officer, mailoutbox, django_capture_on_commit_callbacks):
    case = CaseFactory()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.assign_case(case, officer=officer, by=officer, now=NOW)

    case.refresh_from_db()
    assert case.assigned_officer == officer
    [event] = case.events.all()
    assert (event.kind, event.describe(), event.actor, event.at) == (CaseEvent.Kind.ASSIGNED, "officer", officer, NOW)
    assert callbacks == []  # nobody to tell: they took it themselves
    assert mailoutbox == []


def test_an_officer_may_not_take_a_case_assigned_to_someone_else(officer, other_officer):
    case = CaseFactory(assigned_officer=other_officer)

    with pytest.raises(PermissionDenied):
        services.assign_case(case, officer=officer, by=officer, now=NOW)

    case.refresh_from_db()
    assert case.assigned_officer == other_officer
    assert not case.events.exists()


def test_an_officer_may_not_assign_a_case_to_someone_else(officer, other_officer):
    case = CaseFactory()

    with pytest.raises(PermissionDenied):
        services.assign_case(case, officer=other_officer, by=officer, now=NOW)

    case.refresh_from_db()
    assert case.assigned_officer is None
    assert not case.events.exists()


def test_a_team_lead_may_reassign_a_case(lead, officer, other_officer):
    case = CaseFactory(assigned_officer=officer)

    services.assign_case(case, officer=other_officer, by=lead, now=NOW)

    case.refresh_from_db()
    assert case.assigned_officer == other_officer
    assert _events(case) == [(CaseEvent.Kind.ASSIGNED, "officer → officer2")]
    assert case.events.get().message == {"code": "assigned", "officer": "officer2", "previous": "officer"}


def test_a_team_lead_may_take_a_case_from_an_officer(lead, officer):
    case = CaseFactory(assigned_officer=officer)

    services.assign_case(case, officer=lead, by=lead, now=NOW)

    case.refresh_from_db()
    assert case.assigned_officer == lead


def test_assigning_the_current_officer_again_records_nothing(lead, officer):
    case = CaseFactory(assigned_officer=officer)

    services.assign_case(case, officer=officer, by=lead, now=NOW)

    assert not case.events.exists()


@pytest.mark.parametrize("who", ["inactive officer", "staff without a role", "non-staff officer"])
def test_a_case_cannot_be_assigned_to_someone_who_is_not_an_active_officer(lead, who):
    user = {
        "inactive officer": lambda: make_user(CASE_OFFICER, is_active=False),
        "staff without a role": lambda: UserFactory(),
        "non-staff officer": lambda: make_user(CASE_OFFICER, is_staff=False),
    }[who]()
    case = CaseFactory()

    with pytest.raises(ValidationError, match="not an active case officer"):
        services.assign_case(case, officer=user, by=lead, now=NOW)

    case.refresh_from_db()
    assert case.assigned_officer is None
    assert not case.events.exists()


def test_a_closed_case_cannot_be_assigned(lead, officer):
    case = CaseFactory(status=CaseStatus.CLOSED)

    with pytest.raises(ValidationError, match="reopen it first"):
        services.assign_case(case, officer=officer, by=lead, now=NOW)

    case.refresh_from_db()
    assert case.assigned_officer is None
    assert not case.events.exists()


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
    assert _events(case) == [(CaseEvent.Kind.CLOSED, "Apology accepted.")]


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
    assert _events(case) == [(CaseEvent.Kind.DOCUMENT_ADDED, "Reply.PDF")]


def test_a_closed_case_takes_no_documents(officer, settings):
    case = CaseFactory(assigned_officer=officer, status=CaseStatus.CLOSED)

    with pytest.raises(ValidationError, match="closed case"):
        services.add_document(case, uploaded=SimpleUploadedFile("reply.pdf", PDF), by=officer, now=NOW)

    assert not case.documents.exists()
    assert not case.events.exists()
    assert not Path(settings.DOCUMENTS_ROOT).exists()


# the assignment e-mail


def test_assigning_a_case_e_mails_the_officer_once_the_transaction_commits(
    lead, officer, mailoutbox, django_capture_on_commit_callbacks
):
    case = CaseFactory()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.assign_case(case, officer=officer, by=lead, now=NOW)
        assert mailoutbox == []  # not before the commit

    assert len(callbacks) == 1
    [message] = mailoutbox
    assert message.to == ["officer@dpa.example"]
    assert case.reference in message.subject
    assert case.reference in message.body


def test_opening_a_case_for_an_officer_e_mails_them_once_the_transaction_commits(
    lead, officer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = _open(by=lead, assigned_officer=officer)
        assert mailoutbox == []

    [message] = mailoutbox
    assert message.to == ["officer@dpa.example"]
    assert case.reference in message.subject


def test_no_e_mail_is_sent_for_a_case_closed_before_the_notice_went_out(lead, officer, mailoutbox):
    case = CaseFactory(assigned_officer=officer, status=CaseStatus.CLOSED)

    services.notify_case_assigned(case, officer)

    assert mailoutbox == []


def test_no_e_mail_is_sent_when_the_assignment_is_rolled_back(
    lead, officer, mailoutbox, django_capture_on_commit_callbacks
):
    case = CaseFactory()

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.assign_case(case, officer=officer, by=lead, now=NOW)
        raise RuntimeError("something later in the request failed")

    assert callbacks == []
    assert mailoutbox == []
    case.refresh_from_db()
    assert case.assigned_officer is None
    assert not case.events.exists()


def test_the_e_mail_is_not_sent_if_the_case_was_reassigned_in_the_meantime(lead, officer, other_officer, mailoutbox):
    case = CaseFactory(assigned_officer=other_officer)

    services.notify_case_assigned(case, officer)

    assert mailoutbox == []


@pytest.mark.parametrize(
    ("path", "s39_state"),
    [
        ([CaseStatus.PRELIMINARY_ENQUIRY], "running"),  # an enquiry can still end in a refusal
        ([CaseStatus.NOT_PURSUED], "met"),  # the refusal is the decision s.39(3) times
        ([CaseStatus.PRELIMINARY_ENQUIRY, CaseStatus.INVESTIGATION], "stopped"),  # pursued: no refusal to time
    ],
)
def test_the_s39_3_clock_follows_the_decision_whether_to_pursue_a_complaint(officer, path, s39_state):
    case = _open(by=officer, assigned_officer=officer)
    services.move_case(case, to=CaseStatus.SCREENING, by=officer, now=NOW)
    for status in path:
        reason = "Outside the Ordinance." if status == CaseStatus.NOT_PURSUED else ""
        services.move_case(case, to=status, reason=reason, by=officer, now=NOW)

    states = dict(case.clocks.values_list("rule__code", "state"))
    assert states == {"hk-pdpo-s39-3": s39_state, "hk-complainant-update": "running"}
