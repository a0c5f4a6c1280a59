"""What a screen offers is what the services accept: the clock actions and the case's notes and links
come from the same guard functions the services enforce, so the two cannot disagree."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cases import services
from cases.models import CaseEvent, CaseStatus, Clock
from tests.helpers.clocks import start_clock
from tests.helpers.factories import CaseFactory
from tests.helpers.moments import NOW
from tests.helpers.pages import case_page

pytestmark = pytest.mark.django_db

ACTIONS = {
    "pause": lambda clock, by, now: services.pause_clock(clock, reason="Waiting", by=by, now=now),
    "resume": lambda clock, by, now: services.resume_clock(clock, by=by, now=now),
    "extend": lambda clock, by, now: services.extend_clock(clock, days=1, reason="Asked", by=by, now=now),
    "meet": lambda clock, by, now: services.meet_clock(clock, by=by, now=now),
}


def _running(lead, code="hk-enquiry-reply", **case):
    case = CaseFactory(assigned_officer=lead, **case)
    return start_clock(case, code, start=NOW, by=lead)


def _paused(lead):
    clock = _running(lead)
    return services.pause_clock(clock, reason="Waiting for documents", by=lead, now=NOW + timedelta(days=1))


def _used_up(lead):
    clock = _running(lead)
    return services.extend_clock(clock, days=28, reason="Long enquiry", by=lead, now=NOW)


def _met(lead):
    return services.meet_clock(_running(lead), by=lead, now=NOW + timedelta(days=1))


def _on_closed_case(lead):
    clock = _running(lead, status=CaseStatus.RESULT)
    services.close_case(clock.case, outcome="no_contravention", reason="Done", by=lead, now=NOW)
    clock.refresh_from_db()
    return clock


SITUATIONS = {
    "running": (_running, NOW + timedelta(days=2)),
    "running, breached": (_running, NOW + timedelta(days=60)),
    "running, rule cannot pause": (lambda lead: _running(lead, code="hk-pdpo-s39-3"), NOW + timedelta(days=2)),
    "paused": (_paused, NOW + timedelta(days=3)),
    "paused, asked to resume before the pause": (_paused, NOW),
    "extensions used up": (_used_up, NOW + timedelta(days=2)),
    "met": (_met, NOW + timedelta(days=2)),
    "on a closed case": (_on_closed_case, NOW + timedelta(days=2)),
}


@pytest.mark.parametrize("situation", SITUATIONS)
@pytest.mark.parametrize("action", ACTIONS)
def test_a_clock_action_is_offered_exactly_when_the_service_accepts_it(lead, situation, action):
    make, now = SITUATIONS[situation]
    clock = make(lead)
    offered = action in clock.available_actions(now)

    try:
        ACTIONS[action](clock, lead, now)
    except ValidationError:
        accepted = False
    else:
        accepted = True

    assert offered == accepted


def test_every_situation_offers_something_or_nothing_as_expected(lead):
    offered = {name: make(lead).available_actions(now) for name, (make, now) in SITUATIONS.items()}

    assert offered["running"] == ["pause", "extend", "meet"]
    assert offered["running, breached"] == ["extend", "meet"]
    assert offered["paused"] == ["resume", "extend"]
    assert offered["met"] == offered["on a closed case"] == []


def test_a_closed_case_takes_no_notes_or_links_and_its_page_offers_none(client, lead):
    closed = CaseFactory(assigned_officer=lead, status=CaseStatus.CLOSED)
    client.force_login(lead)

    with pytest.raises(ValidationError, match="closed"):
        services.add_note(closed, text="Late call from the complainant.", by=lead, now=NOW)
    with pytest.raises(ValidationError, match="closed"):
        services.link_cases(closed, CaseFactory(), by=lead, now=NOW)
    page = client.get(case_page(closed)).content.decode()

    assert "Add a note" not in page
    assert not closed.events.filter(kind__in=[CaseEvent.Kind.NOTE, CaseEvent.Kind.LINKED]).exists()


def test_an_open_case_may_be_linked_to_one_decided_before(lead):
    open_case = CaseFactory(assigned_officer=lead)
    decided = CaseFactory(status=CaseStatus.CLOSED)

    services.link_cases(open_case, decided, by=lead, now=NOW)

    assert list(open_case.related_cases.all()) == [decided]


def test_a_rule_runs_once_at_a_time_on_a_case(lead):
    clock = _running(lead)

    with pytest.raises(ValidationError, match="already running"):
        services.start_clock(clock.case, rule=clock.rule, start=NOW, by=lead, now=NOW)
    with pytest.raises(IntegrityError), transaction.atomic():
        Clock.objects.create(case=clock.case, rule=clock.rule, started_at=NOW, due_at=NOW)
    services.meet_clock(clock, by=lead, now=NOW + timedelta(days=1))
    again = services.start_clock(clock.case, rule=clock.rule, start=NOW + timedelta(days=2), by=lead, now=NOW)

    assert list(clock.case.clocks.open()) == [again]
