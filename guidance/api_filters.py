"""The filters of the partner API's guidance list, read from the query string: a value that cannot be
read is answered with 400 naming the filter, not ignored."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from guidance.models import Kind, Topic


class StrictBooleanField(forms.Field):
    """true or false; any other value is refused rather than read as not given, as Django's
    NullBooleanField would."""

    default_error_messages = {"invalid": _("Use true or false.")}

    def to_python(self, value) -> bool | None:
        if value in self.empty_values:
            return None
        if value not in ("true", "false"):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return value == "true"


class IncludeArchivedFilter(django_filters.BooleanFilter):
    """Current publications only, unless the value is true: then archived ones as well."""

    field_class = StrictBooleanField

    def filter(self, queryset, value):
        return queryset if value else queryset.filter(archived_at__isnull=True)


class GuidanceFilter(django_filters.FilterSet):
    """Filters over published publications annotated with ``updated_at`` (``public.index`` does)."""

    topic = django_filters.ModelChoiceFilter(
        field_name="topics",
        to_field_name="slug",
        queryset=Topic.objects.all(),
        help_text=_("A topic's slug: publications on that topic."),
    )
    kind = django_filters.ChoiceFilter(choices=Kind.choices, help_text=_("Publications of this kind."))
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text=_(
            "An ISO 8601 date or date and time (Hong Kong time unless it has an offset): publications whose "
            "current version was published then or later."
        ),
    )
    archived = IncludeArchivedFilter(
        help_text=_("true to include archived publications; by default they are left out.")
    )
