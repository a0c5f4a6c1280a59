"""A data breach notification records when the organisation became aware of the breach and when it
told us, and whether that was within 72 hours; no other kind of case carries those times."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cases.models import Case, CaseKind, Clock
from tests.helpers.cases import open_case
from tests.helpers.factories import CaseFactory
from tests.helpers.moments import at

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hk_calendar")]


# breach notifications


@pytest.mark.parametrize(
    ("delay", "within"),
    [(timedelta(hours=72), True), (timedelta(hours=72, seconds=1), False), (timedelta(hours=1), True)],
)
def test_a_breach_notification_records_when_it_was_noticed_and_notified(delay, within, officer):
    aware = at(2026, 2, 26, 15, 0)

    case = open_case(
        kind=CaseKind.BREACH_NOTIFICATION,
        received_on=date(2026, 3, 1),
        now=at(2026, 3, 2, 10, 30),
        by=officer,
        breach_aware_at=aware,
        breach_notified_at=aware + delay,
    )

    case.refresh_from_db()
    assert (case.breach_aware_at, case.breach_notified_at) == (aware, aware + delay)
    assert case.breach_notification_delay == delay
    assert case.breach_notified_within_72_hours is within


def test_a_breach_notification_without_both_times_has_no_72_hour_verdict(officer):
    case = open_case(
        kind=CaseKind.BREACH_NOTIFICATION,
        received_on=date(2026, 3, 1),
        now=at(2026, 3, 2),
        by=officer,
        breach_aware_at=at(2026, 2, 26, 15, 0),
    )

    assert case.breach_notified_within_72_hours is None


def test_opening_a_complaint_with_breach_times_is_refused_and_creates_nothing(officer):
    with pytest.raises(ValidationError, match="Only a data breach notification records when a breach was noticed"):
        open_case(by=officer, breach_aware_at=at(2024, 10, 1, 9, 0))

    assert not Case.objects.exists()
    assert not Clock.objects.exists()


def test_the_database_refuses_breach_times_on_a_case_that_is_not_a_breach_notification():
    case = CaseFactory(kind=CaseKind.COMPLAINT)

    with pytest.raises(IntegrityError, match="case_breach_times_only_on_breach_notifications"), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(breach_aware_at=at(2026, 2, 26, 15, 0))


def test_the_database_refuses_a_notification_before_the_organisation_knew():
    case = CaseFactory(kind=CaseKind.BREACH_NOTIFICATION)

    with pytest.raises(IntegrityError, match="case_breach_notified_after_aware"), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(
            breach_aware_at=at(2026, 2, 26, 15, 0), breach_notified_at=at(2026, 2, 26, 14, 59)
        )
