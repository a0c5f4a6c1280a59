"""Case list filters."""

from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import (
    Clock,
)


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
