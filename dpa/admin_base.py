"""The base of every staff screen of every app, and what their pages share.

``StaffModelAdmin`` makes the visibility rule hold by construction: every list, page, history,
look-up and choice of a related object comes from the model's ``visible_to(user)`` where it has one.
It is built on ``CheckedInputAdmin`` (``dpa.checked_admin``), on which bad input is never a server error.
"""

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import display_for_value
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin
from simple_history.manager import SIMPLE_HISTORY_REVERSE_ATTR_NAME
from simple_history.models import ModelChange, ModelDelta

from dpa.checked_admin import CheckedInputAdmin

EMPTY = "—"


def is_past_version(obj) -> bool:
    """Whether ``obj`` is an object as it was, rebuilt from its history for a version page."""
    return hasattr(obj, SIMPLE_HISTORY_REVERSE_ATTR_NAME)


def change_url(obj) -> str:
    """The admin page of a row."""
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def _displayed(record, field):
    """A field's value as the history shows it: in the reader's language and date format."""
    if field.is_relation:
        try:
            value = getattr(record, field.name)
        except ObjectDoesNotExist:
            value = None
    else:
        value = getattr(record, field.attname)
        if field.choices:
            value = dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    return display_for_value(value, EMPTY)


class StaffModelAdmin(CheckedInputAdmin):
    """The base of every app's screens: rows, related choices and history follow ``visible_to(user)``."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.visible_to(request.user) if hasattr(queryset, "visible_to") else queryset

    def get_field_queryset(self, db, db_field, request):
        """Foreign-key and many-to-many fields offer, and accept, only what the user may see."""
        queryset = super().get_field_queryset(db, db_field, request)
        if queryset is None:
            queryset = db_field.remote_field.model._default_manager.using(db).all()
        return queryset.visible_to(request.user) if hasattr(queryset, "visible_to") else queryset

    def history_view(self, request, object_id, extra_context=None):
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        return super().history_view(request, object_id, extra_context)

    def action_checkbox(self, obj):
        """The same checkbox as Django's, written directly: Django renders it through the form
        templates, which on a page of 50 rows takes longer than the page's SQL."""
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(gettext("Select this object for an action - {}"), str(obj)),
        )

    def changelist_view(self, request, extra_context=None):
        # A list is changed only through its actions, which need the right to change.
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        return super().changelist_view(request, extra_context)


class HistoryAdmin(StaffModelAdmin, SimpleHistoryAdmin):
    """Field history that also shows the fields only services change (status, outcome, ...).

    simple-history's own diff leaves out non-editable fields, which here are the important ones.
    Its views find the object through ``get_queryset`` first, so history never shows a row the
    user could not open.
    """

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        records = super().get_history_queryset(request, history_manager, pk_name, object_id)
        return records.visible_to(request.user) if hasattr(records, "visible_to") else records

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # The library saves a posted old version even with reverting disabled: history is for reading.
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        obj = self.get_visible_object_or_404(request, object_id)
        if (
            not (version_id.isascii() and version_id.isdigit())
            or not self.get_history_queryset(
                request, getattr(self.model, self.opts.simple_history_manager_attribute), self.opts.pk.attname, obj.pk
            )
            .filter(history_id=version_id)
            .exists()
        ):
            raise Http404(gettext("No such version."))
        return super().history_form_view(request, str(obj.pk), version_id, extra_context)

    def get_readonly_fields(self, request, obj=None):
        if is_past_version(obj):
            # A version page is for reading: every value shown as text, in the reader's date format.
            return [field.name for field in [*self.opts.fields, *self.opts.many_to_many] if field.editable]
        return super().get_readonly_fields(request, obj)

    # The library's own titles exist only in the languages it is translated into.
    def history_view_title(self, request, obj):
        return gettext("History of %(object)s") % {"object": obj}

    def history_form_view_title(self, request, obj):
        when = getattr(obj, SIMPLE_HISTORY_REVERSE_ATTR_NAME).history_date
        return gettext("%(object)s as it was on %(when)s") % {
            "object": obj,
            "when": formats.date_format(timezone.localtime(when), "DATETIME_FORMAT"),
        }

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
