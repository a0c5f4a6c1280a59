"""The filters of the lists: cases, enquiries and reminders."""

from datetime import date

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.listing import cases_with_clock_among
from cases.models import TO_ORGANISATION, CalendarChange, CaseStatus, Clock, Organisation, ReferenceSequence, officers
from dpa.counting import bound_by
from dpa.dates import EARLIEST_DATE, LATEST_DATE
from dpa.key_fields import could_be_key
from dpa.people import staff_name


class DeadlineFilter(admin.SimpleListFilter):
    title = _("deadlines")
    parameter_name = "deadline"

    def lookups(self, request, model_admin):
        return [("due_7", _("A clock is due within 7 days")), ("breached", _("A clock is breached"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        clocks = {
            "due_7": Clock.objects.due_within(now, 7),
            "breached": Clock.objects.breached(now),
        }.get(self.value())
        if clocks is None:
            return queryset
        cases, at_most = cases_with_clock_among(queryset, clocks)
        bound_by(request, at_most)
        return cases


class OfficerFilter(admin.RelatedFieldListFilter):
    """The officer a case is assigned to, chosen among the staff who can work cases: a short list of
    people, where asking which officers the cases name would read every case."""

    def field_choices(self, field, request, model_admin):
        return [(officer.pk, staff_name(officer)) for officer in officers()]


class ReceivedInYearFilter(admin.SimpleListFilter):
    """The year a case was received, among the years the reference numbering has counted (a few
    rows), rather than the distinct years of every case."""

    title = _("received in")
    parameter_name = "received_in"

    def lookups(self, request, model_admin):
        years = ReferenceSequence.objects.order_by("-year").values_list("year", flat=True).distinct()
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if not (value.isascii() and value.isdigit() and EARLIEST_DATE.year <= int(value) < LATEST_DATE.year):
            raise IncorrectLookupParameters(gettext("There is no year %(year)s.") % {"year": value[:10]})
        year = int(value)
        return queryset.filter(received_on__gte=date(year, 1, 1), received_on__lt=date(year + 1, 1, 1))


class MyCasesFilter(admin.SimpleListFilter):
    title = _("assignment")
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("yes", _("My cases")), ("open", _("My open cases"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.assigned_to(request.user)
        if self.value() == "open":
            return queryset.assigned_to(request.user).open()
        return queryset


class OpenFilter(admin.SimpleListFilter):
    title = _("open or closed")
    parameter_name = "open"

    def lookups(self, request, model_admin):
        return [("yes", _("Open")), ("no", _("Closed"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.open()
        if self.value() == "no":
            return queryset.filter(status=CaseStatus.CLOSED)
        return queryset


class OneRowFilter(admin.SimpleListFilter):
    """The cases of one row a page links to (``model``): offered in the sidebar only while in use,
    since a choice of every such row would bury the other filters."""

    model = None
    # e.g. "There is no organisation %(id)s."
    not_found = ""

    def lookups(self, request, model_admin):
        value = self.value()
        if value is None:
            return []
        row = None
        if could_be_key(self.model._meta.pk, value):
            row = self.model.objects.filter(pk=value).first()
        if row is None:
            raise IncorrectLookupParameters(self.not_found % {"id": value[:40]})
        return [(value, str(row))]

    def queryset(self, request, queryset):
        # lookups() has found the row by now, so the value is its key.
        return queryset if self.value() is None else self.cases_of(queryset, int(self.value()))

    def cases_of(self, queryset, pk: int):
        raise NotImplementedError


class CalendarChangeFilter(OneRowFilter):
    """The cases whose deadlines one calendar change moved, as the change's page links to them."""

    title = _("calendar change")
    parameter_name = "calendar_change"
    model = CalendarChange
    not_found = _("There is no calendar change %(id)s.")

    def cases_of(self, queryset, pk: int):
        return queryset.moved_by(pk)


class OrganisationFilter(OneRowFilter):
    """The cases about one organisation, as its page links to them."""

    title = _("organisation")
    parameter_name = "organisation"
    model = Organisation
    not_found = _("There is no organisation %(id)s.")

    def cases_of(self, queryset, pk: int):
        return queryset.filter(organisation_id=pk)


class ReplyFilter(admin.SimpleListFilter):
    title = _("reply")
    parameter_name = "reply"

    def lookups(self, request, model_admin):
        return [
            ("awaiting", _("Awaiting reply")),
            ("due_7", _("Due within 7 days")),
            ("overdue", _("Overdue")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "awaiting":
            return queryset.awaiting_reply()
        if self.value() == "due_7":
            return queryset.due_within(now, 7)
        if self.value() == "overdue":
            return queryset.overdue(now)
        return queryset


class AddresseeFilter(admin.SimpleListFilter):
    title = _("recipient")
    parameter_name = "to"

    def lookups(self, request, model_admin):
        return [("organisation", _("Organisations")), ("staff", _("Staff"))]

    def queryset(self, request, queryset):
        if self.value() == "organisation":
            return queryset.filter(kind__in=TO_ORGANISATION)
        if self.value() == "staff":
            return queryset.exclude(kind__in=TO_ORGANISATION)
        return queryset
