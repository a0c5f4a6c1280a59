"""Case references: ``<PREFIX>-<year>-<number>``, numbered per kind and year without gaps."""

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from cases import services
from cases.models import Case, CaseKind, ReferenceSequence
from tests.helpers.cases import open_case
from tests.helpers.concurrency import run_at_once
from tests.helpers.factories import CaseFactory, ComplainantFactory

pytestmark = pytest.mark.django_db


def _open(kind=CaseKind.COMPLAINT, received_on=date(2026, 3, 1), **fields) -> Case:
    return open_case(kind=kind, received_on=received_on, by=None, **fields)


def test_references_count_up_from_one_for_a_kind_and_year():
    first, second = _open(), _open()

    assert [first.reference, second.reference] == ["CMP-2026-00001", "CMP-2026-00002"]
    assert [(first.year, first.number), (second.year, second.number)] == [(2026, 1), (2026, 2)]


def test_each_kind_has_its_own_prefix_and_numbering():
    _open(CaseKind.COMPLAINT)

    assert _open(CaseKind.BREACH_NOTIFICATION).reference == "DBN-2026-00001"
    assert _open(CaseKind.DOXXING).reference == "DOX-2026-00001"
    assert _open(CaseKind.COMPLAINT).reference == "CMP-2026-00002"


def test_numbering_restarts_each_year_by_the_date_the_case_was_received():
    _open(received_on=date(2026, 1, 2))

    assert _open(received_on=date(2025, 12, 31)).reference == "CMP-2025-00001"
    assert _open(received_on=date(2026, 1, 3)).reference == "CMP-2026-00002"


def test_a_refused_case_does_not_use_up_a_number():
    with pytest.raises(ValidationError, match="complainant"):
        _open(CaseKind.COMPLAINT, complainant=None)

    assert _open().reference == "CMP-2026-00001"


def test_a_number_already_held_by_an_imported_case_is_skipped_not_reused():
    for number in (1, 2):
        CaseFactory(reference=f"CMP-2026-{number:05d}", year=2026, number=number)

    assert _open().reference == "CMP-2026-00003"
    assert _open().reference == "CMP-2026-00004"


def test_a_reference_taken_by_another_case_is_refused_with_a_clear_message():
    taken = _open()
    duplicate = CaseFactory.build(
        reference=taken.reference, year=2026, number=99, complainant=ComplainantFactory(), organisation=None
    )

    with pytest.raises(ValidationError, match="Reference already exists"):
        duplicate.full_clean()


def test_allocate_reference_hands_out_the_next_number():
    assert services.allocate_reference(kind=CaseKind.INVESTIGATION, year=2026) == (1, "INV-2026-00001")
    assert services.allocate_reference(kind=CaseKind.INVESTIGATION, year=2026) == (2, "INV-2026-00002")
    assert ReferenceSequence.objects.get(kind=CaseKind.INVESTIGATION, year=2026).last_number == 2


def test_case_factory_allocates_references_like_open_case():
    assert CaseFactory().reference == "CMP-2026-00001"
    assert _open().reference == "CMP-2026-00002"
    assert CaseFactory(kind=CaseKind.COMPLIANCE_CHECK).reference == "CCK-2026-00001"


THREADS = 8
CASES_PER_THREAD = 10


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks and real concurrency")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_openings_get_distinct_references_without_gaps(restore_seeded_data_afterwards):
    complainant = ComplainantFactory()
    start = threading.Barrier(THREADS)

    def open_cases() -> None:
        start.wait(timeout=10)
        for _ in range(CASES_PER_THREAD):
            _open(complainant=complainant)

    _opened, errors = run_at_once(open_cases, times=THREADS)

    assert not errors
    total = THREADS * CASES_PER_THREAD
    cases = Case.objects.filter(kind=CaseKind.COMPLAINT, year=2026)
    assert sorted(cases.values_list("number", flat=True)) == list(range(1, total + 1))
    assert set(cases.values_list("reference", flat=True)) == {f"CMP-2026-{n:05d}" for n in range(1, total + 1)}
    assert ReferenceSequence.objects.get(kind=CaseKind.COMPLAINT, year=2026).last_number == total
