"""Form fields and widgets that refuse a key no row could have before the database is asked:
"abc" for a number, or a number past what the column holds (SQLite cannot even take one past
64 bits as a parameter)."""

from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db.backends.base.operations import BaseDatabaseOperations
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
    have ("abc", or past 64 bits on SQLite), so such a key is left out first."""

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        key_field = remote.model._meta.get_field(getattr(remote, "field_name", remote.model._meta.pk.attname))
        return super().optgroups(name, [each for each in value if could_be_key(key_field, each)], attr)


class CheckedAutocompleteSelect(_KnownKeysOnly, AutocompleteSelect):
    pass


class CheckedAutocompleteSelectMultiple(_KnownKeysOnly, AutocompleteSelectMultiple):
    pass
