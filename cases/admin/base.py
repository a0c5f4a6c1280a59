"""Shared pieces of the staff screens, and the one base every screen of the app derives from.

``CaseworkAdmin`` makes the visibility rule hold by construction: every list, page, history,
look-up and choice of a related object comes from the model's ``visible_to(user)``, and bad input
in a URL or a filter is a clear 400 or 404 rather than a server error.
"""

import functools
import logging

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import DataError
from django.db.models import DateField
from django.forms import ModelChoiceField
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.utils.text import smart_split
from django.utils.translation import gettext, ngettext
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import ModelChange, ModelDelta

from cases.models import EARLIEST_DATE, LATEST_DATE, validate_plausible_date

logger = logging.getLogger(__name__)

# More words than anyone types into a search box; each word adds a condition on every field.
MAX_SEARCH_WORDS = 10


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


class UnusableQuery(Exception):
    """A list was asked for with a filter it does not offer or a value it cannot use."""


class CheckedChangeList(ChangeList):
    """A change list that refuses, in words, what it cannot filter by instead of failing in the database."""

    def get_filters(self, request):
        params = self.get_filters_params()
        if any("\x00" in value for values in params.values() for value in values):
            raise UnusableQuery(gettext("A filter value contains a character that cannot be searched for."))
        if self.date_hierarchy:
            self._check_date_hierarchy(params)
        filter_specs, has_filters, remaining, may_have_duplicates, has_active_filters = super().get_filters(request)
        offered = {f"{self.date_hierarchy}__gte", f"{self.date_hierarchy}__lt"} if self.date_hierarchy else set()
        unknown = sorted(set(remaining) - offered)
        if unknown:
            raise UnusableQuery(gettext("This list cannot be filtered by %(names)s.") % {"names": ", ".join(unknown)})
        return filter_specs, has_filters, remaining, may_have_duplicates, has_active_filters

    def _check_date_hierarchy(self, params) -> None:
        parts = {"year": (EARLIEST_DATE.year, LATEST_DATE.year - 1), "month": (1, 12), "day": (1, 31)}
        for part, (lowest, highest) in parts.items():
            for value in params.get(f"{self.date_hierarchy}__{part}", []):
                if not (value.isascii() and value.isdigit() and lowest <= int(value) <= highest):
                    raise UnusableQuery(
                        gettext("The %(part)s must be a number from %(lowest)d to %(highest)d.")
                        % {"part": part, "lowest": lowest, "highest": highest}
                    )


class CaseworkAdmin(admin.ModelAdmin):
    """The base of every screen: rows, related choices and history follow ``visible_to(user)``."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.visible_to(request.user) if hasattr(queryset, "visible_to") else queryset

    def get_field_queryset(self, db, db_field, request):
        """Foreign-key and many-to-many fields offer, and accept, only what the user may see."""
        queryset = super().get_field_queryset(db, db_field, request)
        if queryset is None:
            queryset = db_field.remote_field.model._default_manager.using(db).all()
        return queryset.visible_to(request.user) if hasattr(queryset, "visible_to") else queryset

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, DateField) and formfield is not None:
            formfield.validators.append(validate_plausible_date)
        return formfield

    def get_visible_object_or_404(self, request, object_id):
        """The object if this user may see it; malformed, unknown and hidden ids alike are 404."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(gettext("No such %(name)s.") % {"name": self.opts.verbose_name})
        return obj

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django redirects to the home page; an unknown or hidden object is simply not found.
        raise Http404(gettext("No such %(name)s.") % {"name": opts.verbose_name})

    def get_changelist(self, request, **kwargs):
        return CheckedChangeList

    def get_changelist_instance(self, request):
        try:
            return super().get_changelist_instance(request)
        except IncorrectLookupParameters as error:
            raise UnusableQuery(gettext("A filter value is not valid: %(error)s") % {"error": error}) from error
        except (DataError, OverflowError, ValueError) as error:
            logger.info("Refused a list query on %s: %r", self.opts.label, error)
            raise UnusableQuery(gettext("A filter value is out of range.")) from error

    def changelist_view(self, request, extra_context=None):
        # A list is changed only through its actions, which need the right to change.
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        try:
            return super().changelist_view(request, extra_context)
        except UnusableQuery as refusal:
            context = {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": gettext("This list cannot be shown"),
                "reason": str(refusal),
            }
            return TemplateResponse(request, "admin/cases/unusable_query.html", context, status=400)

    def get_search_results(self, request, queryset, search_term):
        search_term = search_term.replace("\x00", "")
        words = list(smart_split(search_term))
        if len(words) > MAX_SEARCH_WORDS:
            search_term = " ".join(words[:MAX_SEARCH_WORDS])
            if request.resolver_match and request.resolver_match.url_name.endswith("_changelist"):
                left_out = " ".join(words[MAX_SEARCH_WORDS:])
                messages.warning(
                    request,
                    ngettext(
                        "Search uses at most %(max)d word; it left out: %(rest)s",
                        "Search uses at most %(max)d words; it left out: %(rest)s",
                        MAX_SEARCH_WORDS,
                    )
                    % {"max": MAX_SEARCH_WORDS, "rest": left_out[:200]},
                )
        return super().get_search_results(request, queryset, search_term)


class HistoryAdmin(CaseworkAdmin, SimpleHistoryAdmin):
    """Field history that also shows the fields only services change (status, outcome, ...).

    simple-history's own diff leaves out non-editable fields, which here are the important ones.
    Its views find the object through ``get_queryset`` first, so history never shows a row the
    user could not open.
    """

    def history_view(self, request, object_id, extra_context=None):
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        self.get_visible_object_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

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


class OwnRowsFormSet(BaseInlineFormSet):
    """An inline's rows are identified only among the rows of the object on the page."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        row_id = form.fields.get(self._pk_field.name)
        if isinstance(row_id, ModelChoiceField):
            row_id.queryset = self.get_queryset()


class ReadOnlyInline(admin.TabularInline):
    """Rows that only services write: shown, never added, changed or deleted here."""

    formset = OwnRowsFormSet
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
