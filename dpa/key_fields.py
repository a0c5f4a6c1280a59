"""Form fields and widgets that refuse a key no row could have before the database is asked:
"abc" for a number, or a number past what the column holds (SQLite cannot even take one past
64 bits as a parameter); and autocompletes that name the row a form's object already holds
rather than look it up again."""

from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import ForeignKey
from django.forms import ModelMultipleChoiceField


def could_be_key(key_field, value) -> bool:
    """Whether a posted value could name a row: of the key's type, and a number its column holds."""
    try:
        key = key_field.to_python(value)
    except ValidationError:
        return False
    stored = BaseDatabaseOperations.integer_field_ranges.get(key_field.get_internal_type())
    return stored is None or (key is not None and stored[0] <= key <= stored[1])


class CheckedModelMultipleChoiceField(ModelMultipleChoiceField):
    """Rows chosen by their keys; a key no row could have is refused before the database is asked
    (SQLite cannot even take a number past 64 bits as a parameter)."""

    def clean(self, value):
        if isinstance(value, list | tuple):
            model = self.queryset.model
            key_field = model._meta.get_field(self.to_field_name) if self.to_field_name else model._meta.pk
            for key in self.prepare_value(value):
                if not could_be_key(key_field, key):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": key}
                    )
        return super().clean(value)


class _KnownKeysOnly:
    """An autocomplete shown again looks up what was posted; Django's fails on a key no row could
    have ("abc", or past 64 bits on SQLite), so such a key is left out first.

    ``held_rows`` (by key, as text) are rows the form's object already holds, read with it: the
    row chosen is named from them, as Django's look-up would name it, without a query. Set per
    form, by ``ChosenRowsHeld``; anything else chosen (a posted value) is looked up."""

    held_rows: dict = {}

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        key_field = remote.model._meta.get_field(getattr(remote, "field_name", remote.model._meta.pk.attname))
        value = [each for each in value if could_be_key(key_field, each)]
        chosen = [str(each) for each in value if str(each) not in self.choices.field.empty_values]
        if not chosen or not all(key in self.held_rows for key in chosen):
            return super().optgroups(name, value, attr)
        # As Django's optgroups() builds them from its look-up.
        options = []
        if not self.is_required and not self.allow_multiple_selected:
            options.append(self.create_option(name, "", "", False, 0))
        for key in chosen:
            label = self.choices.field.label_from_instance(self.held_rows[key])
            options.append(self.create_option(name, key, label, True, len(options)))
        return [(None, options, 0)]


class CheckedAutocompleteSelect(_KnownKeysOnly, AutocompleteSelect):
    pass


class CheckedAutocompleteSelectMultiple(_KnownKeysOnly, AutocompleteSelectMultiple):
    pass


class ChosenRowsHeld:
    """A model form whose autocompletes name each chosen row from the form's object, where the
    object was read with that row (``select_related``), rather than each looking it up again.

    The look-up would find it: what a reader may choose from follows what they may see, and the
    object's own row is one they see with it (a visible case's complainant, say). A field whose
    choices are limited otherwise (``limit_choices_to``: a case's officer must be an active one)
    is looked up, since the object's row may have left them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = getattr(field.widget, "widget", field.widget)
            held = _held_rows(self.instance, name) if isinstance(widget, _KnownKeysOnly) else {}
            if held:
                widget.held_rows = held


def _held_rows(instance, name: str) -> dict:
    """The row ``instance`` was read with for its foreign key ``name``, by key as text; none for a
    field of the form's own, a field with limited choices, or a row not read with the instance."""
    try:
        model_field = instance._meta.get_field(name)
    except FieldDoesNotExist:
        return {}
    if not isinstance(model_field, ForeignKey) or model_field.remote_field.limit_choices_to:
        return {}
    row = model_field.get_cached_value(instance) if model_field.is_cached(instance) else None
    return {} if row is None else {str(getattr(row, model_field.target_field.attname)): row}
