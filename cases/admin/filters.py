"""The filters of the lists: cases, enquiries and reminders."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.models import TO_ORGANISATION, CaseStatus, Clock, Organisation
from dpa.key_fields import could_be_key


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
        return queryset.filter(Exists(clocks.filter(case=OuterRef("pk"))))


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


class OrganisationFilter(admin.SimpleListFilter):
    """The cases about one organisation, as its page links to them. Offered in the sidebar only
    while in use: a choice of every organisation on file would bury the other filters."""

    title = _("organisation")
    parameter_name = "organisation"

    def lookups(self, request, model_admin):
        value = self.value()
        if value is None:
            return []
        organisation = None
        if could_be_key(Organisation._meta.pk, value):
            organisation = Organisation.objects.filter(pk=value).first()
        if organisation is None:
            raise IncorrectLookupParameters(gettext("There is no organisation %(id)s.") % {"id": value[:40]})
        return [(value, str(organisation))]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return queryset.filter(organisation_id=int(self.value()))


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
