from datetime import timedelta

from django.contrib import admin
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DpaAdminSite(admin.AdminSite):
    site_header = _("Data protection authority: casework")
    site_title = _("DPA casework")
    index_title = _("Home")
    site_url = None

    def index(self, request, extra_context=None):
        from cases.models import Case, CaseStatus

        today = timezone.localdate()
        visible = Case.objects.visible_to(request.user)
        my_open = visible.open().assigned_to(request.user)
        by_status = {row["status"]: row["n"] for row in my_open.values("status").annotate(n=Count("pk"))}
        week_start = today - timedelta(days=today.weekday())
        extra_context = {
            "my_cases_by_status": [
                (status, by_status[status.value]) for status in CaseStatus if by_status.get(status.value)
            ],
            "my_open_case_count": sum(by_status.values()),
            "new_this_week": visible.filter(received_on__gte=week_start)
            .select_related("organisation")
            .order_by("-received_on", "-pk")[:20],
            "week_start": week_start,
            **(extra_context or {}),
        }
        return super().index(request, extra_context)
