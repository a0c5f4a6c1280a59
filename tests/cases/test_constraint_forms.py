"""Every database constraint of the cases app is a form error before the database is asked, shown
on the field it is about: through the case form, and through a plain model form of the base for
every other model. The broken rows are those of tests/helpers/constraint_violations.py.

A value that a field refuses by itself ("fax" for a channel, an empty name) never reaches the
constraint, because the field's own error says it first; such a field is left out of the form
here, as read-only fields are, and the value is on the row instead.
"""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.forms import model_to_dict, modelform_factory
from django.test import RequestFactory

from cases.forms import CaseForm, DocumentUploadForm
from cases.models import Case, CaseKind
from dpa.model_forms import ConstraintCheckedModelForm, ConstraintsChecked, checking_constraints
from tests.helpers.constraint_violations import VIOLATIONS, constraints_of_the_app
from tests.helpers.factories import CaseFactory, ComplainantFactory
from tests.helpers.pages import case_change_form, case_page

pytestmark = pytest.mark.django_db

# The field each broken constraint is shown on when the form shows that field; any other is shown
# above the form.
SHOWN_ON = {
    "case_complaint_has_complainant": "complainant",
    "case_consent_needs_complainant": "consent_to_disclose_identity",
    "case_breach_times_only_on_breach_notifications": "kind",
    "case_breach_notified_after_aware": "breach_notified_at",
    "dpp_number_1_to_6": "number",
    "clock_rule_length_positive": "length",
    "clock_extension_at_least_a_day": "days",
    "document_not_empty": "size",
    "document_sha256_hex": "sha256",
    "enquiry_sent_has_time_and_recipients": "recipients",
    "reminder_policy_escalation_after_a_day": "escalate_after_days",
}
# Django checks a unique constraint only when the form shows all of its fields; a case's number is
# handed out by the service that opens it.
NOT_A_FORM_ERROR = {"case_reference_number_unique"}


def _kept_off_the_form(row, name: str, value) -> bool:
    """A field no form edits, or one that refuses the value by itself."""
    field = type(row)._meta.get_field(name)
    try:
        field.clean(value, row)
    except ValidationError:
        return True
    return not field.editable


def _form_breaking(row, changes: dict):
    """The model's form, bound to the row's own values with ``changes`` made to them."""
    read_only = sorted(name for name, value in changes.items() if _kept_off_the_form(row, name, value))
    base = CaseForm if isinstance(row, Case) else ConstraintCheckedModelForm
    form_class = modelform_factory(type(row), form=base, exclude=read_only)
    for name, value in changes.items():
        setattr(row, name, value)
    return form_class(model_to_dict(row), instance=row)


def _params(violations):
    return [pytest.param(*violation, id=violation[0]) for violation in violations]


@pytest.mark.parametrize(
    ("constraint", "make_row", "changes"), _params(v for v in VIOLATIONS if v[0] not in NOT_A_FORM_ERROR)
)
def test_a_form_shows_a_broken_constraint_in_its_own_words_on_the_field_it_is_about(constraint, make_row, changes):
    form = _form_breaking(make_row(), changes)

    field = SHOWN_ON.get(constraint)
    shown_on = field if field in form.fields else NON_FIELD_ERRORS
    message = str(constraints_of_the_app()[constraint].violation_error_message)
    assert form.errors == {shown_on: [message]}


@pytest.mark.parametrize(
    ("constraint", "make_row", "changes"), _params(v for v in VIOLATIONS if v[0] in NOT_A_FORM_ERROR)
)
def test_a_unique_constraint_on_fields_the_form_does_not_show_is_left_to_whoever_sets_them(
    constraint, make_row, changes
):
    form = _form_breaking(make_row(), changes)

    assert form.is_valid(), form.errors


def test_every_constraint_is_broken_through_a_form_or_said_not_to_be():
    names = set(constraints_of_the_app())

    assert sorted(names - {name for name, *_ in VIOLATIONS}) == []
    assert sorted((set(SHOWN_ON) | NOT_A_FORM_ERROR) - names) == []


def test_the_case_form_shows_a_constraint_only_on_a_field_the_constraint_names():
    constraints = {constraint.name: constraint for constraint in Case._meta.constraints}

    for name, field in CaseForm.constraint_error_fields.items():
        assert field in Q(constraints[name].condition).referenced_base_fields, name


def test_a_field_that_failed_its_own_check_is_not_blamed_again_by_a_constraint():
    data = model_to_dict(CaseFactory.build(kind=CaseKind.COMPLAINT, organisation=None, complainant=None))

    form = CaseForm({**data, "complainant": "999999"})

    assert list(form.errors) == ["complainant"]
    assert "A complaint needs its complainant." not in form.errors["complainant"]


def test_a_new_document_leaves_its_size_and_digest_to_the_service_that_stores_it():
    upload = SimpleUploadedFile("reply.txt", b"We have removed the data.\n")

    form = DocumentUploadForm({"description": "Reply"}, {"file": upload})

    assert form.is_valid(), form.errors
    assert (form.instance.size, form.instance.sha256) == (None, "")


def test_a_form_from_elsewhere_is_made_to_check_constraints_once():
    plain = modelform_factory(Case, fields=["kind", "complainant"])
    complaint = CaseFactory(kind=CaseKind.COMPLAINT)

    checked = checking_constraints(plain)
    form = checked({"kind": CaseKind.COMPLAINT, "complainant": ""}, instance=complaint)

    assert checking_constraints(checked) is checked
    assert form.errors == {NON_FIELD_ERRORS: ["A complaint needs its complainant."]}


def test_every_staff_screen_form_checks_constraints():
    request = RequestFactory().get("/admin/")
    request.user = get_user_model().objects.create_superuser("root", "root@dpa.example", None)
    unchecked = [
        type(model_admin).__name__
        for model_admin in admin.site._registry.values()
        if not issubclass(model_admin.get_form(request), ConstraintsChecked)
    ]

    assert unchecked == []


# --- the case page, where the kind is read-only -------------------------------------------------------


def test_clearing_the_complainant_of_a_complaint_on_its_page_is_refused_on_the_complainant_field(client, officer):
    case = CaseFactory(kind=CaseKind.COMPLAINT, assigned_officer=officer)
    complainant, versions = case.complainant, case.history.count()
    client.force_login(officer)

    response = client.post(case_page(case), {**case_change_form(case), "complainant": ""})

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "kind" not in form.fields
    assert form.errors == {"complainant": ["A complaint needs its complainant."]}
    case.refresh_from_db()
    assert case.complainant == complainant
    assert case.history.count() == versions
    assert not case.events.exists()


def test_consent_without_a_complainant_on_a_breach_notification_page_is_refused_on_the_consent(client, officer):
    complainant = ComplainantFactory()
    case = CaseFactory(kind=CaseKind.BREACH_NOTIFICATION, assigned_officer=officer, complainant=complainant)
    client.force_login(officer)

    response = client.post(
        case_page(case),
        {**case_change_form(case), "complainant": "", "consent_to_disclose_identity": "on"},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "consent_to_disclose_identity": ["Consent to disclose an identity needs a complainant."]
    }
    case.refresh_from_db()
    assert (case.complainant, case.consent_to_disclose_identity) == (complainant, False)
