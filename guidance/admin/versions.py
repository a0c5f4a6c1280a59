"""Versions: made only by publishing, and only ever read."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dpa.admin_base import StaffModelAdmin
from dpa.people import staff_name
from guidance.admin.display import local_time
from guidance.models import Version, VersionText


class VersionTextInline(admin.StackedInline):
    model = VersionText
    fields = ["language", "title", "summary", "body", "out_of_date"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Version)
class VersionAdmin(StaffModelAdmin):
    list_display = ["__str__", "published", "published_by_column", "change_note"]
    list_select_related = ["publication", "published_by"]
    search_fields = ["publication__slug", "change_note", "change_note_zh_hant"]
    fields = [
        "publication",
        "number",
        "published",
        "published_by_column",
        "approved",
        "change_note",
        "change_note_zh_hant",
        "attachments",
    ]
    readonly_fields = fields
    inlines = [VersionTextInline]
    ordering = ["-created_at", "-pk"]
    actions = None

    @admin.display(description=_("published"), ordering="published_at")
    def published(self, version):
        if version.published_at > timezone.now():
            return gettext("%(when)s (scheduled)") % {"when": local_time(version.published_at)}
        return local_time(version.published_at)

    @admin.display(description=_("published by"), ordering="published_by__first_name")
    def published_by_column(self, version):
        return staff_name(version.published_by)

    @admin.display(description=_("approved"), ordering="created_at")
    def approved(self, version):
        return local_time(version.created_at)

    def get_urls(self):
        # There is no page to add one: a version is made by publishing.
        return [url for url in super().get_urls() if url.name != "guidance_version_add"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
