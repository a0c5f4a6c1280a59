"""Topics, which publications are filed under."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from dpa.admin_base import HistoryAdmin
from guidance.models import Topic


@admin.register(Topic)
class TopicAdmin(HistoryAdmin):
    list_display = ["name_en", "name_zh_hant", "slug", "publication_count"]
    search_fields = ["name_en", "name_zh_hant", "slug"]
    fields = ["name_en", "name_zh_hant", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    # The count groups the query, and Meta.ordering does not apply to grouped queries.
    ordering = ["name_en", "pk"]
    actions = None

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(publication_count=Count("publications"))

    @admin.display(description=_("publications"), ordering="publication_count")
    def publication_count(self, topic):
        return topic.publication_count
