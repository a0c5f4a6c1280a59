"""A clock's owner decides who sees it and on which timelines its changes are written. Today the owner
is always its case; every clock service writes through ``Clock.timeline_cases``, so a clock that
belongs on several cases' timelines (an enquiry's, to come) needs no change to the services."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from cases import services
from cases.models import CaseEvent, CaseStatus, Clock, ClockRule, Confidentiality
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

HONG_KONG = ZoneInfo("Asia/Hong_Kong")
CLOCK_KINDS = {kind for kind in CaseEvent.Kind.values if kind.startswith("clock_") or kind == "deadline_moved"}


def _at(*args) -> datetime:
    return datetime(*args, tzinfo=HONG_KONG)


def test_a_clock_belongs_on_the_timeline_of_its_case():
    case = CaseFactory()
    clock = Clock(case=case)

    assert clock.timeline_cases == [case]


def test_every_clock_service_writes_on_every_timeline_the_clock_belongs_on(monkeypatch, lead):
    case = CaseFactory(assigned_officer=lead, status=CaseStatus.PRELIMINARY_ENQUIRY, received_on=date(2026, 3, 2))
    also_covered = CaseFactory()
    monkeypatch.setattr(Clock, "timeline_cases", property(lambda clock: [clock.case, also_covered]))
    enquiry = ClockRule.objects.get(code="hk-enquiry-reply")
    decision = ClockRule.objects.get(code="hk-pdpo-s39-3")

    clock = services.start_clock(case, rule=enquiry, start=_at(2026, 3, 2), by=lead, now=_at(2026, 3, 2))
    services.pause_clock(clock, reason="Waiting for documents", by=lead, now=_at(2026, 3, 3))
    services.extend_clock(clock, days=7, reason="Asked for time", by=lead, now=_at(2026, 3, 4))
    services.resume_clock(clock, by=lead, now=_at(2026, 3, 5))
    services.add_calendar_day(
        day=date(2026, 3, 25), kind="gale_warning", name="Signal No. 8", source="HKO", by=lead, now=_at(2026, 3, 25)
    )
    services.meet_clock(clock, by=lead, now=_at(2026, 3, 26))
    refusal = services.start_clock(case, rule=decision, start=_at(2026, 3, 2), by=lead, now=_at(2026, 3, 2))
    services.move_case(case, to=CaseStatus.INVESTIGATION, by=lead, now=_at(2026, 3, 27))

    written = set(also_covered.events.values_list("kind", flat=True))
    assert written == CLOCK_KINDS
    for kind in CLOCK_KINDS:
        own = list(case.events.filter(kind=kind).values_list("message", "text", "at"))
        assert list(also_covered.events.filter(kind=kind).values_list("message", "text", "at")) == own, kind
    refusal.refresh_from_db()
    assert refusal.state == "stopped"


def test_who_sees_a_clock_is_who_sees_its_owner(officer, other_officer):
    hidden = CaseFactory(assigned_officer=other_officer, confidentiality=Confidentiality.RESTRICTED)
    seen = CaseFactory(assigned_officer=officer)
    rule = ClockRule.objects.get(code="hk-enquiry-reply")
    for case in (hidden, seen):
        services.start_clock(case, rule=rule, start=_at(2026, 3, 2), by=None, now=_at(2026, 3, 2))

    assert list(Clock.objects.visible_to(officer).values_list("case", flat=True)) == [seen.pk]
    assert Clock.objects.visible_to(other_officer).count() == 2
