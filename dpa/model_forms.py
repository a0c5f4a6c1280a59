"""Model forms that check every database constraint before anything is saved, and show each
check's own message on the field it is about."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import router
from django.db.models import CheckConstraint, Q

from dpa.key_fields import ChosenRowsHeld


def _checked_by_the_form(exclude=None) -> None:
    """Stands in for the model's own constraint check while the form checks them its own way."""


class ConstraintsChecked:
    """Mixed into a model form: every constraint of the model is checked against the row as it
    will be saved, read-only fields included, so a broken one is a form error, not a database error.

    Django checks a constraint only when the form edits all of its fields, and shows a check's
    message above the form. Here a check is left out only when it names a field that already
    failed its own validation (that field's error says it first) or, on a new row, a field the
    form does not show (whoever saves the row fills it in: a document's digest, a case's number).
    Its message goes on the field ``constraint_error_fields`` chooses for it, or else on the one
    field it names that the form shows, or else above the form. Unique constraints are checked and
    shown as Django does.
    """

    # Constraint name -> the field its message goes on, for a check whose fields the form shows several of.
    constraint_error_fields: dict[str, str] = {}

    def _post_clean(self):
        # The model's full_clean() would first check the constraints Django's way; the form's own
        # _post_clean() still runs, for forms that add to it (a user form checks the password there).
        self.instance.validate_constraints = _checked_by_the_form
        try:
            super()._post_clean()
        finally:
            del self.instance.validate_constraints
        self.validate_constraints()

    def validate_constraints(self) -> None:
        usual_exclusions = self._get_validation_exclusions()
        unchecked = self._fields_not_checked()
        using = router.db_for_write(type(self.instance), instance=self.instance)
        for model, constraints in self.instance.get_constraints():
            for constraint in constraints:
                is_check = isinstance(constraint, CheckConstraint)
                try:
                    exclude = unchecked if is_check else usual_exclusions
                    constraint.validate(model, self.instance, exclude=exclude, using=using)
                except ValidationError as error:
                    field = self.constraint_error_field(constraint) if is_check else _usual_field(constraint, error)
                    self.add_error(field, error)

    def _fields_not_checked(self) -> set[str]:
        failed = {name for name in self._errors if name != NON_FIELD_ERRORS}
        if not self.instance._state.adding:
            return failed
        return failed | {field.name for field in self.instance._meta.fields if field.name not in self.fields}

    def constraint_error_field(self, constraint: CheckConstraint) -> str | None:
        """The form field a broken check is shown on, or None for above the form."""
        chosen = self.constraint_error_fields.get(constraint.name)
        if chosen in self.fields:
            return chosen
        shown = Q(constraint.condition).referenced_base_fields & self.fields.keys()
        return shown.pop() if len(shown) == 1 else None


def _usual_field(constraint, error: ValidationError) -> str | None:
    # Where Model.validate_constraints() puts it: a unique constraint of one field on that field.
    fields = getattr(constraint, "fields", ())
    return fields[0] if error.code == "unique" and len(fields) == 1 else None


class ConstraintCheckedModelForm(ConstraintsChecked, ChosenRowsHeld, forms.ModelForm):
    """The base of the project's model forms: constraints checked as form errors, and the related
    rows the object was read with named without a look-up (``dpa.key_fields.ChosenRowsHeld``)."""


def checking_constraints(form_class: type[forms.BaseModelForm]) -> type[forms.BaseModelForm]:
    """``form_class``, made to check constraints like ``ConstraintCheckedModelForm`` if it does not yet:
    for the forms an admin builds from its own (a user admin's, say)."""
    if issubclass(form_class, ConstraintsChecked):
        return form_class
    attrs = {"__module__": form_class.__module__}
    return type(form_class)(form_class.__name__, (ConstraintsChecked, form_class), attrs)
