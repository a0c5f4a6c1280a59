"""The base of staff screens on which bad input is a 400, a 404 or a form error, never a server
error: list filters, date drill-downs, searches, pages and form values are checked before the
database sees them."""

import logging

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.exceptions import DisallowedModelAdminLookup
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import SEARCH_VAR, ChangeList
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import InvalidPage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import DataError
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import DateField, IntegerField
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.text import smart_split
from django.utils.translation import gettext, ngettext

from dpa.dates import EARLIEST_DATE, LATEST_DATE, validate_plausible_date
from dpa.key_fields import (
    CheckedAutocompleteSelect,
    CheckedAutocompleteSelectMultiple,
    CheckedModelMultipleChoiceField,
    could_be_key,
)
from dpa.model_forms import checking_constraints


def error_text(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or gettext("You do not have permission to do that.")


logger = logging.getLogger(__name__)
# Where Django reports a filter across a relation the list does not offer: a probe for hidden values.
lookup_logger = logging.getLogger(f"django.security.{DisallowedModelAdminLookup.__name__}")

# More words than anyone types into a search box; each word adds a condition on every field.
MAX_SEARCH_WORDS = 10
# Longer than any title, name or e-mail address kept; SQLite refuses patterns over 50,000 bytes.
MAX_SEARCH_WORD_LENGTH = 300


def _cut(word: str) -> str:
    """A search word cut to MAX_SEARCH_WORD_LENGTH characters, a quoted phrase still quoted."""
    if len(word) <= MAX_SEARCH_WORD_LENGTH:
        return word
    if word[0] in "\"'" and word[-1] == word[0]:
        return word[: MAX_SEARCH_WORD_LENGTH - 1] + word[0]
    return word[:MAX_SEARCH_WORD_LENGTH]


def usable_search(search_term: str) -> tuple[str, list[str]]:
    """The part of a search that is searched for, and what to tell the user about the rest."""
    search_term = search_term.replace("\x00", "")
    words = list(smart_split(search_term))
    left_out = []
    if len(words) > MAX_SEARCH_WORDS:
        rest = " ".join(words[MAX_SEARCH_WORDS:])
        left_out.append(
            ngettext(
                "Search uses at most %(max)d word; it left out: %(rest)s",
                "Search uses at most %(max)d words; it left out: %(rest)s",
                MAX_SEARCH_WORDS,
            )
            % {"max": MAX_SEARCH_WORDS, "rest": rest[:200]}
        )
        words = words[:MAX_SEARCH_WORDS]
    if any(len(word) > MAX_SEARCH_WORD_LENGTH for word in words):
        left_out.append(
            gettext("Search uses at most %(max)d characters of a word; it cut the longer ones.")
            % {"max": MAX_SEARCH_WORD_LENGTH}
        )
        words = [_cut(word) for word in words]
    return (" ".join(words) if left_out else search_term), left_out


class UnusableQuery(Exception):
    """A list was asked for with a filter it does not offer or a value it cannot use."""


class CheckedChangeList(ChangeList):
    """A change list that refuses, in words, what it cannot filter by instead of failing in the database."""

    def get_filters(self, request):
        params = self.get_filters_params()
        if any("\x00" in value for values in params.values() for value in values):
            raise UnusableQuery(gettext("A filter value contains a character that cannot be searched for."))
        not_offered = sorted(
            key
            for key, values in params.items()
            if not all(self.model_admin.lookup_allowed(key, value, request) for value in values)
        )
        if not_offered:
            lookup_logger.warning("Refused a filter on %s by %s", self.opts.label, ", ".join(not_offered))
            raise UnusableQuery(
                gettext("This list cannot be filtered by %(names)s.") % {"names": ", ".join(not_offered)}
            )
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


class CheckedInputAdmin(admin.ModelAdmin):
    """A model admin on which bad input is a 400, a 404 or a form error, never a server error.

    Nothing here is about who may see what, so every screen can be built on it: the apps' own
    and those of staff users and sign-in attempts.
    """

    def get_form(self, request, obj=None, change=False, **kwargs):
        # Every constraint of the model is a form error on its field, never a database error.
        return checking_constraints(super().get_form(request, obj, change=change, **kwargs))

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, DateField) and formfield is not None:
            formfield.validators.append(validate_plausible_date)
        if isinstance(db_field, IntegerField) and formfield is not None:
            # What PostgreSQL stores, on any database: SQLite takes any 64-bit number, so the same
            # form would pass in tests and fail in production.
            stored = BaseDatabaseOperations.integer_field_ranges.get(db_field.get_internal_type())
            if stored:
                formfield.validators += [MinValueValidator(stored[0]), MaxValueValidator(stored[1])]
        return formfield

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
        kwargs.setdefault("form_class", CheckedModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_visible_object_or_404(self, request, object_id):
        """The object if this user may see it; malformed, unknown and hidden ids alike are 404.

        A role that may not use this screen at all is refused (403) before any id is looked at,
        as Django's own change and delete views do.
        """
        if not self.has_view_permission(request):
            raise PermissionDenied
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(gettext("No such %(name)s.") % {"name": self.opts.verbose_name})
        return obj

    def history_view(self, request, object_id, extra_context=None):
        self.get_visible_object_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django redirects to the home page; an unknown or hidden object is simply not found.
        raise Http404(gettext("No such %(name)s.") % {"name": opts.verbose_name})

    def get_changelist(self, request, **kwargs):
        return CheckedChangeList

    def get_changelist_instance(self, request):
        try:
            return super().get_changelist_instance(request)
        except IncorrectLookupParameters as error:
            # Django wraps the reason, or, for a page past the end, leaves it as the context.
            reason = error.args[0] if error.args else error.__context__
            if isinstance(reason, InvalidPage):
                raise UnusableQuery(gettext("This list has no such page: %(error)s") % {"error": reason}) from error
            detail = error_text(reason) if isinstance(reason, ValidationError) else str(reason or "")
            raise UnusableQuery(gettext("A filter value is not valid: %(error)s") % {"error": detail}) from error
        except (DataError, OverflowError, ValueError) as error:
            logger.info("Refused a list query on %s: %r", self.opts.label, error)
            raise UnusableQuery(gettext("A filter value is out of range.")) from error

    def changelist_view(self, request, extra_context=None):
        searched, left_out = usable_search(request.GET.get(SEARCH_VAR, ""))
        if left_out:
            # The search box and every link on the page carry what is searched for, not what was pasted.
            request.GET = request.GET.copy()
            request.GET[SEARCH_VAR] = searched
            for message in left_out:
                messages.warning(request, message)
        try:
            return super().changelist_view(request, extra_context)
        except UnusableQuery as refusal:
            return self.unusable_query_response(request, refusal, title=gettext("This list cannot be shown"))

    def response_action(self, request, queryset):
        # A selected id no row could have ("abc", or past 64 bits) is dropped before the database sees it.
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        possible = [value for value in selected if could_be_key(self.opts.pk, value)]
        if possible != selected:
            request.POST = request.POST.copy()
            request.POST.setlist(helpers.ACTION_CHECKBOX_NAME, possible)
        return super().response_action(request, queryset)

    def unusable_query_response(self, request, refusal: UnusableQuery, *, title: str) -> TemplateResponse:
        """A 400 page that says why the list's filters or search cannot be used."""
        context = {**self.admin_site.each_context(request), "opts": self.opts, "title": title, "reason": str(refusal)}
        return TemplateResponse(request, "admin/unusable_query.html", context, status=400)

    def get_search_results(self, request, queryset, search_term):
        # Look-ups (autocomplete) search through here too, and say nothing of what they leave out.
        return super().get_search_results(request, queryset, usable_search(search_term)[0])
