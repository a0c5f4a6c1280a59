"""The e-mail telling an officer a case is theirs: sent once the transaction commits, and not at all
when it is rolled back, the case is closed or it went to someone else in the meantime."""

import pytest
from django.db import transaction

from cases import services
from cases.models import CaseStatus
from tests.helpers.cases import open_case
from tests.helpers.factories import CaseFactory
from tests.helpers.moments import NOW

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_run_in_process")]


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
        case = open_case(by=lead, assigned_officer=officer)
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
