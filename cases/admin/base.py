"""Shared pieces of the staff screens."""

import functools

from django.contrib import admin
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import ModelChange, ModelDelta


def built_once_per_request(method):
    """The admin matches read-only callables by identity, so each is built once per request."""

    @functools.wraps(method)
    def cached(self, request, *args):
        built = request.__dict__.setdefault("_admin_callables", {})
        key = (type(self).__name__, method.__name__, *args)
        if key not in built:
            built[key] = method(self, request, *args)
        return built[key]

    return cached


def error_text(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or gettext("You do not have permission to do that.")


def _displayed(record, field):
    if field.is_relation:
        try:
            return getattr(record, field.name)
        except ObjectDoesNotExist:
            return None
    value = getattr(record, field.attname)
    return dict(field.flatchoices).get(value, value) if field.choices else value


class HistoryAdmin(SimpleHistoryAdmin):
    """Field history that also shows the fields only services change (status, outcome, ...).

    simple-history's own diff leaves out non-editable fields, which here are the important ones.
    """

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # The library saves a posted old version even with reverting disabled: history is for reading.
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        return super().history_form_view(request, object_id, version_id, extra_context)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        newer = None
        for older in historical_records:
            if newer is not None:
                changes = [
                    ModelChange(field.name, _displayed(older, field), _displayed(newer, field))
                    for field in newer.tracked_fields
                    if getattr(older, field.attname) != getattr(newer, field.attname)
                ]
                delta = ModelDelta(changes, [change.field for change in changes], older, newer)
                helper = self.get_historical_record_context_helper(request, newer)
                newer.history_delta_changes = helper.context_for_delta_changes(delta)
            newer = older


class ReadOnlyInline(admin.TabularInline):
    """Rows that only services write: shown, never added, changed or deleted here."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
