"""The form field of ``DaysBeforeField``: days before a due date, typed as staff write them."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# What a Chinese keyboard types between numbers.
FULL_WIDTH_COMMA = "\uff0c"


class DaysBeforeFormField(forms.CharField):
    """Days typed as staff write them, "7, 1", kept as a list of integers, largest first."""

    def __init__(self, *, encoder=None, decoder=None, **kwargs):
        # The JSON field this stands in for passes its encoder and decoder: plain integers need neither.
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return ", ".join(str(days) for days in value) if isinstance(value, list) else value

    def to_python(self, value):
        text = super().to_python(value)
        try:
            return sorted(
                (int(part) for part in text.replace(FULL_WIDTH_COMMA, ",").split(",") if part.strip()), reverse=True
            )
        except ValueError:
            raise ValidationError(_("Give whole numbers of days, e.g. “7, 1”."), code="not_days") from None
