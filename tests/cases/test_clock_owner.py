"""A clock's owner decides who sees it and on which timelines its changes are written: every clock
service writes through ``Clock.timeline_cases``, except a calendar change, which writes the moves of
many clocks at once and reads the same owners from the tables (an enquiry's clock moving on every
case it covers is in test_enquiry_clocks)."""

from datetime import date

import pytest

from cases import services
from cases.models import CaseEvent, CaseStatus, Clock, Confidentiality
from tests.helpers.cases import CLOCK_EVENTS
from tests.helpers.clocks import ENQUIRY, S39, add_day_and_move, start_clock
from tests.helpers.factories import CaseFactory
from tests.helpers.moments import at

pytestmark = pytest.mark.django_db


def test_a_clock_belongs_on_the_timeline_of_its_case():
    case = CaseFactory()
    clock = Clock(case=case)

    assert clock.timeline_cases == [case]


def test_every_clock_service_writes_on_every_timeline_the_clock_belongs_on(monkeypatch, lead):
    case = CaseFactory(assigned_officer=lead, status=CaseStatus.PRELIMINARY_ENQUIRY, received_on=date(2026, 3, 2))
    also_covered = CaseFactory()
    monkeypatch.setattr(Clock, "timeline_cases", property(lambda clock: [clock.case, also_covered]))

    clock = start_clock(case, ENQUIRY, start=at(2026, 3, 2), by=lead)
    services.pause_clock(clock, reason="Waiting for documents", by=lead, now=at(2026, 3, 3))
    services.extend_clock(clock, days=7, reason="Asked for time", by=lead, now=at(2026, 3, 4))
    services.resume_clock(clock, by=lead, now=at(2026, 3, 5))
    add_day_and_move(
        day=date(2026, 3, 25), kind="gale_warning", name="Signal No. 8", source="HKO", by=lead, now=at(2026, 3, 25)
    )
    services.meet_clock(clock, by=lead, now=at(2026, 3, 26))
    refusal = start_clock(case, S39, start=at(2026, 3, 2), by=lead)
    services.move_case(case, to=CaseStatus.INVESTIGATION, by=lead, now=at(2026, 3, 27))

    one_by_one = [kind for kind in CLOCK_EVENTS if kind != CaseEvent.Kind.DEADLINE_MOVED]
    written = set(also_covered.events.values_list("kind", flat=True))
    assert written == set(one_by_one)
    for kind in one_by_one:
        own = list(case.events.filter(kind=kind).values_list("message", "text", "at"))
        assert list(also_covered.events.filter(kind=kind).values_list("message", "text", "at")) == own, kind
    refusal.refresh_from_db()
    assert refusal.state == "stopped"


def test_who_sees_a_clock_is_who_sees_its_owner(officer, other_officer):
    hidden = CaseFactory(assigned_officer=other_officer, confidentiality=Confidentiality.RESTRICTED)
    seen = CaseFactory(assigned_officer=officer)
    for case in (hidden, seen):
        start_clock(case, ENQUIRY, start=at(2026, 3, 2), by=None)

    assert list(Clock.objects.visible_to(officer).values_list("case", flat=True)) == [seen.pk]
    assert Clock.objects.visible_to(other_officer).count() == 2
