"""The slot for a new document in a case page's details form, and the names of the actions the
page's deadlines offer."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cases import permissions
from cases.admin.base import OwnRowsFormSet
from cases.forms import (
    DocumentUploadForm,
)
from cases.models import (
    Document,
)

CLOCK_ACTION_LABELS = {"pause": _("Pause"), "resume": _("Resume"), "extend": _("Extend"), "meet": _("Mark met")}


class DocumentUploadInline(admin.TabularInline):
    """A slot for a new document; its content is checked before anything is stored."""

    model = Document
    form = DocumentUploadForm
    formset = OwnRowsFormSet
    fields = ["file", "description"]
    extra = 1
    can_delete = False
    verbose_name = _("new document")
    verbose_name_plural = _("add a document")

    def get_queryset(self, request):
        return super().get_queryset(request).none()

    def has_add_permission(self, request, obj=None):
        return (
            obj is not None
            and not obj.is_closed
            and permissions.can_work_on(request.user, obj)
            and super().has_add_permission(request, obj)
        )

    # Nothing of the slot, not even its heading, shows to anyone who may not add a document now.
    def has_view_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
