"""Many rows in one statement: what ``cases.bulk_rows`` writes is what the rows held, in their order,
whether a JSON value travels with each row or once for the rows that share it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.bulk_rows import insert_rows, update_rows
from cases.models import CaseEvent, Clock
from tests.helpers.clocks import running_clock
from tests.helpers.factories import CaseFactory

pytestmark = pytest.mark.django_db


def _event(case, message, *, at) -> dict:
    return {
        "case_id": case.pk,
        "kind": CaseEvent.Kind.DEADLINE_MOVED,
        "at": at,
        "actor_id": None,
        "from_status": "",
        "to_status": "",
        "message": message,
        "text": "",
        "related_case_id": None,
    }


@pytest.mark.parametrize("shared", [[], ["message"]])
def test_inserted_rows_keep_their_values_and_order_whether_json_is_shared_or_not(shared):
    case = CaseFactory()
    now = timezone.now()
    one = {"code": "deadline_moved", "steps": [{"kind": "due", "on": "2026-12-29"}], "name_zh": "聖誕節"}
    equal_but_another = {**one}
    other = {"code": "deadline_moved", "steps": []}
    messages = [one, other, one, equal_but_another, one, other]
    before = set(CaseEvent.objects.values_list("pk", flat=True))

    insert_rows(
        CaseEvent,
        [_event(case, message, at=now + timedelta(seconds=n)) for n, message in enumerate(messages)],
        shared=shared,
    )

    written = CaseEvent.objects.exclude(pk__in=before).order_by("pk")
    assert [event.message for event in written] == messages
    assert [event.at for event in written] == [now + timedelta(seconds=n) for n in range(len(messages))]


@pytest.mark.parametrize("shared", [[], ["explanation"]])
def test_updated_rows_take_each_its_own_values_whether_json_is_shared_or_not(shared):
    now = timezone.now()
    clocks = [running_clock(CaseFactory(), due_at=now + timedelta(days=n)) for n in range(4)]
    steps = [{"kind": "due", "on": "2026-12-29"}]
    other_steps = [{"kind": "days", "length": 45}, {"kind": "due", "on": "2027-01-04"}]
    explanations = [steps, other_steps, steps, list(steps)]

    update_rows(
        Clock,
        [
            {"pk": clock.pk, "due_at": now + timedelta(days=10 + n), "explanation": explanation}
            for n, (clock, explanation) in enumerate(zip(clocks, explanations, strict=True))
        ],
        ["due_at", "explanation"],
        shared=shared,
    )

    for n, (clock, explanation) in enumerate(zip(clocks, explanations, strict=True)):
        clock.refresh_from_db()
        assert (clock.due_at, clock.explanation) == (now + timedelta(days=10 + n), explanation)
