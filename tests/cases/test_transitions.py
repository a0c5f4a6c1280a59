"""Every kind, every (from, to) status pair: the moves in ``TRANSITIONS`` go through the right service
and leave one event; every other move is refused and changes nothing."""

import pytest
from django.core.exceptions import ValidationError

from cases import services
from cases.models import TRANSITIONS, Case, CaseEvent, CaseKind, CaseStatus, Outcome
from tests.helpers.cases import case_state
from tests.helpers.factories import CaseFactory
from tests.helpers.moments import NOW

pytestmark = pytest.mark.django_db

CLOSED = CaseStatus.CLOSED
MOVES = [(kind, before, after) for kind in CaseKind for before in CaseStatus for after in CaseStatus]
ALLOWED = [(kind, before, after) for kind, before, after in MOVES if after in TRANSITIONS[kind].get(before, set())]
REFUSED = [move for move in MOVES if move not in ALLOWED]


def _ids(move) -> str:
    return "{}:{}->{}".format(*move)


def _case_in(kind: str, status: str) -> Case:
    """A case put straight into ``status`` (test setup only: real cases move through services)."""
    case = CaseFactory(kind=kind)
    closed = status == CLOSED
    Case.objects.filter(pk=case.pk).update(
        status=status,
        outcome=Outcome.NO_CONTRAVENTION if closed else "",
        closing_reason="Settled." if closed else "",
        closed_at=NOW if closed else None,
    )
    return Case.objects.get(pk=case.pk)


def test_every_kind_has_a_workflow_and_one_status_to_reopen_at():
    assert set(TRANSITIONS) == set(CaseKind)
    for kind, flow in TRANSITIONS.items():
        assert set(flow) <= set(CaseStatus), kind
        assert len(flow[CLOSED]) == 1, kind  # reopen_case has no choice to make


@pytest.mark.parametrize(("kind", "before", "after"), ALLOWED, ids=[_ids(move) for move in ALLOWED])
def test_allowed_move_changes_status_and_records_one_event(kind, before, after, lead):
    case = _case_in(kind, before)

    if after == CLOSED:
        services.close_case(case, outcome=Outcome.ADVICE_GIVEN, reason="Advice given.", by=lead, now=NOW)
        expected_event = CaseEvent.Kind.CLOSED
    elif before == CLOSED:
        services.reopen_case(case, reason="New evidence.", by=lead, now=NOW)
        expected_event = CaseEvent.Kind.REOPENED
    else:
        services.move_case(case, to=after, by=lead, now=NOW, reason="On the record.")
        expected_event = CaseEvent.Kind.STATUS_CHANGED

    case.refresh_from_db()
    assert case.status == after
    assert case.is_closed == (after == CLOSED)
    assert (case.closed_at is not None) == (after == CLOSED)
    [event] = case.events.exclude(kind=CaseEvent.Kind.CLOCK_STARTED)
    assert (event.kind, event.from_status, event.to_status) == (expected_event, before, after)
    assert (event.actor, event.at) == (lead, NOW)


@pytest.mark.parametrize(("kind", "before", "after"), REFUSED, ids=[_ids(move) for move in REFUSED])
def test_refused_move_raises_and_changes_nothing(kind, before, after, lead):
    case = _case_in(kind, before)
    state = case_state(case)

    with pytest.raises(ValidationError):
        if after == CLOSED:
            services.close_case(case, outcome=Outcome.ADVICE_GIVEN, reason="Advice given.", by=lead, now=NOW)
        else:
            # Also the only way to ask for a particular status out of "closed".
            services.move_case(case, to=after, by=lead, now=NOW, reason="On the record.")

    assert case_state(case) == state
    assert not case.events.exists()


CLOSING = [move for move in ALLOWED if move[2] == CLOSED]
REOPENING = [move for move in ALLOWED if move[1] == CLOSED]


@pytest.mark.parametrize(("kind", "before", "after"), CLOSING + REOPENING, ids=[_ids(m) for m in CLOSING + REOPENING])
def test_move_case_refuses_to_close_or_reopen_even_where_the_workflow_allows_it(kind, before, after, lead):
    case = _case_in(kind, before)
    state = case_state(case)

    with pytest.raises(ValidationError, match=r"close case|reopen it first"):
        services.move_case(case, to=after, by=lead, now=NOW, reason="On the record.")

    assert case_state(case) == state
    assert not case.events.exists()
