"""The invariants in ``Meta.constraints`` hold in the database itself, whatever path writes the row.

Rows are written with ``QuerySet.update()`` or ``bulk_create()``, which skip ``full_clean()``. The
error must name the constraint, so that a different failure does not pass for it; SQLite names the
columns rather than the constraint for a unique violation, so those are named on PostgreSQL only.
"""

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction

from cases.models import (
    Case,
    CaseEvent,
    CaseKind,
    CaseStatus,
    DataProtectionPrinciple,
    Document,
    IdentityAccess,
    Organisation,
    Outcome,
    ReferenceSequence,
)
from tests.factories import NOW, CaseFactory, ComplainantFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

CLOSED = {
    "status": CaseStatus.CLOSED,
    "outcome": Outcome.NO_CONTRAVENTION,
    "closing_reason": "Done.",
    "closed_at": NOW,
}


def _violates(constraint: str, write, *, unique: bool = False) -> None:
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        write()
    if not unique or connection.vendor == "postgresql":
        assert constraint in str(error.value)


@pytest.mark.parametrize(
    ("kind", "changes", "constraint"),
    [
        (CaseKind.COMPLAINT, {"kind": "enquiry"}, "case_kind_valid"),
        (CaseKind.COMPLAINT, {"status": "archived"}, "case_status_valid"),
        (CaseKind.COMPLAINT, {"channel": "fax"}, "case_channel_valid"),
        (CaseKind.COMPLAINT, {"language": "fr"}, "case_language_valid"),
        (CaseKind.COMPLAINT, {"confidentiality": "secret"}, "case_confidentiality_valid"),
        (CaseKind.COMPLAINT, {"outcome": "resolved"}, "case_outcome_valid"),
        (CaseKind.COMPLAINT, {"number": 0}, "case_number_positive"),
        (CaseKind.COMPLAINT, {"title": ""}, "case_title_not_empty"),
        (CaseKind.COMPLAINT, {**CLOSED, "closing_reason": ""}, "case_closed_has_outcome_reason_and_time"),
        (CaseKind.COMPLAINT, {**CLOSED, "outcome": ""}, "case_closed_has_outcome_reason_and_time"),
        (CaseKind.COMPLAINT, {**CLOSED, "closed_at": None}, "case_closed_has_outcome_reason_and_time"),
        (CaseKind.COMPLAINT, {"status": CaseStatus.SCREENING, "closed_at": NOW}, "case_open_has_no_closed_at"),
        (CaseKind.COMPLAINT, {"complainant": None}, "case_complaint_has_complainant"),
        (CaseKind.DOXXING, {"complainant": None}, "case_complaint_has_complainant"),
        (CaseKind.BREACH_NOTIFICATION, {"consent_to_disclose_identity": True}, "case_consent_needs_complainant"),
    ],
)
def test_the_database_refuses_an_invalid_case(kind, changes, constraint):
    case = CaseFactory(kind=kind)

    _violates(constraint, lambda: Case.objects.filter(pk=case.pk).update(**changes))

    assert Case.objects.filter(pk=case.pk, status=CaseStatus.INTAKE).exists()


@pytest.mark.parametrize(
    ("kind", "changes"),
    [
        (CaseKind.COMPLAINT, CLOSED),
        (CaseKind.BREACH_NOTIFICATION, {"complainant": None}),
        (CaseKind.INVESTIGATION, {"complainant": None}),
        (CaseKind.COMPLAINT, {"consent_to_disclose_identity": True}),
    ],
)
def test_the_database_accepts_the_valid_counterparts(kind, changes):
    case = CaseFactory(kind=kind, complainant=ComplainantFactory())

    assert Case.objects.filter(pk=case.pk).update(**changes) == 1


def test_the_database_refuses_a_second_case_with_the_same_kind_year_and_number():
    first, second = CaseFactory(), CaseFactory()

    _violates(
        "case_reference_number_unique",
        lambda: Case.objects.filter(pk=second.pk).update(number=first.number),
        unique=True,
    )


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


def test_the_database_refuses_a_second_sequence_for_a_kind_and_year():
    ReferenceSequence.objects.create(kind=CaseKind.COMPLAINT, year=2026)

    _violates(
        "reference_sequence_unique",
        lambda: ReferenceSequence.objects.bulk_create([ReferenceSequence(kind="complaint", year=2026)]),
        unique=True,
    )


def test_the_database_refuses_a_sequence_for_an_unknown_kind():
    _violates(
        "reference_sequence_kind_valid",
        lambda: ReferenceSequence.objects.bulk_create([ReferenceSequence(kind="enquiry", year=2026)]),
    )


# case events


def _event(**fields) -> CaseEvent:
    return CaseEvent(**{"kind": CaseEvent.Kind.NOTE, "text": "A note.", "at": NOW, **fields})


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"kind": "deleted"}, "case_event_kind_valid"),
        ({"kind": CaseEvent.Kind.NOTE, "text": ""}, "case_event_note_has_text"),
        ({"kind": CaseEvent.Kind.STATUS_CHANGED, "from_status": "intake"}, "case_event_status_change_has_statuses"),
        ({"kind": CaseEvent.Kind.CLOSED, "to_status": "closed"}, "case_event_status_change_has_statuses"),
        ({"kind": CaseEvent.Kind.REOPENED}, "case_event_status_change_has_statuses"),
    ],
    ids=["kind", "note", "status_changed", "closed", "reopened"],
)
def test_the_database_refuses_an_invalid_case_event(fields, constraint):
    case = CaseFactory()

    _violates(constraint, lambda: CaseEvent.objects.bulk_create([_event(case=case, **fields)]))

    assert not case.events.exists()


def test_a_case_event_cannot_be_changed_once_saved():
    case = CaseFactory()
    event = CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.NOTE, text="Called back.", at=NOW)
    event.text = "Never called."

    with pytest.raises(ValueError, match="append-only"):
        event.save()

    event.refresh_from_db()
    assert event.text == "Called back."


# documents


def _document(case, user, **fields) -> Document:
    defaults = {
        "file": "cases/x/ab/abc",
        "original_name": "letter.pdf",
        "content_type": "application/pdf",
        "size": 10,
        "sha256": "a" * 64,
        "uploaded_at": NOW,
    }
    return Document(case=case, uploaded_by=user, **{**defaults, **fields})


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"size": 0}, "document_not_empty"),
        ({"sha256": "A" * 64}, "document_sha256_hex"),
        ({"sha256": "a" * 63}, "document_sha256_hex"),
        ({"sha256": ""}, "document_sha256_hex"),
    ],
    ids=["empty", "upper-case digest", "short digest", "no digest"],
)
def test_the_database_refuses_an_invalid_document(fields, constraint):
    case, user = CaseFactory(), UserFactory()
    Document.objects.bulk_create([_document(case, user)])  # the valid counterpart

    _violates(constraint, lambda: Document.objects.bulk_create([_document(case, user, **fields)]))

    assert case.documents.count() == 1


# reference data and people


def test_the_database_refuses_a_principle_outside_1_to_6():
    _violates("dpp_number_1_to_6", lambda: DataProtectionPrinciple.objects.filter(number=6).update(number=7))
    _violates("dpp_number_1_to_6", lambda: DataProtectionPrinciple.objects.filter(number=1).update(number=0))


@pytest.mark.parametrize(
    ("changes", "constraint"),
    [({"jurisdiction": "ZZ"}, "organisation_jurisdiction_valid"), ({"name": ""}, "organisation_name_not_empty")],
)
def test_the_database_refuses_an_invalid_organisation(changes, constraint):
    organisation = OrganisationFactory()

    _violates(constraint, lambda: Organisation.objects.filter(pk=organisation.pk).update(**changes))


def test_an_organisation_name_is_unique_within_a_jurisdiction_only():
    hk = OrganisationFactory(name="Octopus Cards Limited", jurisdiction="HK")
    OrganisationFactory(name="Octopus Cards Limited", jurisdiction="MO")

    _violates(
        "organisation_name_unique_per_jurisdiction",
        lambda: Organisation.objects.bulk_create([Organisation(name=hk.name, jurisdiction="HK", sector=hk.sector)]),
        unique=True,
    )


def test_the_database_refuses_a_complainant_without_a_name():
    complainant = ComplainantFactory()

    _violates("complainant_name_not_empty", lambda: type(complainant).objects.filter(pk=complainant.pk).update(name=""))


def test_the_database_refuses_an_identity_access_from_an_unknown_place():
    access = IdentityAccess(complainant=ComplainantFactory(), user=UserFactory(), accessed_at=NOW, context="export")

    _violates("identity_access_context_valid", lambda: IdentityAccess.objects.bulk_create([access]))


def test_every_constraint_says_what_is_wrong_in_words_of_its_own():
    generic = []
    for model in apps.get_app_config("cases").get_models():
        for constraint in model._meta.constraints:
            message = str(constraint.get_violation_error_message())
            if constraint.violation_error_message is None or constraint.name in message:
                generic.append(f"{model.__name__}.{constraint.name}")

    assert generic == []
