"""The invariants in ``Meta.constraints`` hold in the database itself, whatever path writes the row.

Rows are changed with ``QuerySet.update()``, which skips ``full_clean()``. The error must name the
constraint, so that a different failure does not pass for it; SQLite names the columns rather
than the constraint for a unique violation, so those are named on PostgreSQL only.

The broken rows are ``VIOLATIONS`` of tests/helpers/constraint_violations.py.
"""

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.db.models import UniqueConstraint

from cases.models import Case, CaseEvent, CaseKind
from tests.helpers.constraint_violations import CLOSED, VIOLATIONS, constraints_of_the_app
from tests.helpers.factories import CaseFactory, ComplainantFactory
from tests.helpers.moments import NOW

pytestmark = pytest.mark.django_db


def _violates(constraint: str, write, *, unique: bool = False) -> None:
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        write()
    if not unique or connection.vendor == "postgresql":
        assert constraint in str(error.value)


@pytest.mark.parametrize(("constraint", "make_row", "changes"), VIOLATIONS, ids=[name for name, *_ in VIOLATIONS])
def test_the_database_refuses_a_row_that_breaks_a_constraint(constraint, make_row, changes):
    row = make_row()
    rows = type(row).objects.filter(pk=row.pk)
    unique = isinstance(constraints_of_the_app()[constraint], UniqueConstraint)

    _violates(constraint, lambda: rows.update(**changes), unique=unique)

    stored = rows.get()
    assert {name: getattr(stored, name) for name in changes} == {name: getattr(row, name) for name in changes}


def test_every_constraint_is_broken_in_a_test_of_its_own():
    tested = {name for name, *_ in VIOLATIONS}

    assert sorted(set(constraints_of_the_app()) - tested) == []
    assert sorted(tested - set(constraints_of_the_app())) == []


@pytest.mark.parametrize(
    ("kind", "changes"),
    [
        (CaseKind.COMPLAINT, CLOSED),
        (CaseKind.BREACH_NOTIFICATION, {"complainant": None}),
        (CaseKind.INVESTIGATION, {"complainant": None}),
        (CaseKind.COMPLAINT, {"consent_to_disclose_identity": True}),
        (CaseKind.BREACH_NOTIFICATION, {"breach_aware_at": NOW, "breach_notified_at": NOW}),
    ],
)
def test_the_database_accepts_the_valid_counterparts(kind, changes):
    case = CaseFactory(kind=kind, complainant=ComplainantFactory())

    assert Case.objects.filter(pk=case.pk).update(**changes) == 1


def test_the_same_number_may_be_used_by_another_kind_or_year():
    first = CaseFactory()
    other_kind = CaseFactory(kind=CaseKind.BREACH_NOTIFICATION)
    other_year = CaseFactory(received_on=NOW.date().replace(year=2025))

    assert other_kind.number == other_year.number == first.number == 1


def test_the_database_refuses_a_duplicate_reference():
    first, second = CaseFactory(), CaseFactory()

    _violates(
        "cases_case_reference", lambda: Case.objects.filter(pk=second.pk).update(reference=first.reference), unique=True
    )


def test_a_case_event_cannot_be_changed_once_saved():
    case = CaseFactory()
    event = CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.NOTE, text="Called back.", at=NOW)
    event.text = "Never called."

    with pytest.raises(ValueError, match="append-only"):
        event.save()

    event.refresh_from_db()
    assert event.text == "Called back."


def test_every_constraint_says_what_is_wrong_in_words_of_its_own():
    generic = []
    for model in apps.get_app_config("cases").get_models():
        for constraint in model._meta.constraints:
            message = str(constraint.get_violation_error_message())
            if constraint.violation_error_message is None or constraint.name in message:
                generic.append(f"{model.__name__}.{constraint.name}")

    assert generic == []
