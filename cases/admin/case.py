"""The case list and the case page, whose buttons move a case through the services.

The case page shows a case's details read-only; "Edit details" opens them as a form
(``?edit=details``), which posts to the page. Staff read a case far more often than they change its
details, and the read-only page neither offers a change by mistake nor builds the form's widgets for
every visit.
"""

from django.contrib import admin
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import flatten_fieldsets
from django.db.models import Value
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases import permissions, services
from cases.admin.base import SavedThroughServices
from cases.admin.case_actions import CaseActions
from cases.admin.case_letters import CaseLetterPages
from cases.admin.case_list import CaseListScreens
from cases.admin.case_page import CasePage
from cases.forms import CaseForm
from cases.identity import can_see_identity, identities_on_cases, record_shown_identities
from cases.models import (
    BREACH_FIELDS,
    DETAIL_FIELDS,
    AccessContext,
    Case,
    CaseKind,
)
from dpa.admin_base import EMPTY, HistoryAdmin, change_url, is_past_version
from dpa.people import staff_name

CLOSURE_FIELDS = ["outcome", "closing_reason", "closed_at"]
# The query parameter that opens a case's details as a form.
EDIT_DETAILS = "edit"


def edit_details_url(request) -> str:
    """The case page the request is on, with its details opened as a form."""
    query = request.GET.copy()
    query[EDIT_DETAILS] = "details"
    return f"{request.path}?{query.urlencode()}"


@admin.register(Case)
class CaseAdmin(CaseListScreens, CaseActions, CasePage, CaseLetterPages, SavedThroughServices, HistoryAdmin):
    form = CaseForm
    autocomplete_fields = ["organisation", "complainant", "team", "assigned_officer"]
    filter_horizontal = ["principles", "issue_categories"]
    detail_fields = DETAIL_FIELDS

    # --- what this user may see -------------------------------------------------------------

    def get_queryset(self, request):
        # Whether this reader is shown identities is asked once, not for every row; the list and
        # the page both name each case's complainant, organisation and officer, and the details
        # form its team (``dpa.key_fields.ChosenRowsHeld``).
        return (
            super()
            .get_queryset(request)
            .select_related("complainant", "organisation", "assigned_officer", "team")
            .annotate(shows_identity=Value(can_see_identity(request.user)))
        )

    @admin.display(description=_("complainant"))
    def complainant_identity(self, case):
        """The complainant's identity to those allowed to see it, the masked name to others. Every
        screen showing it records what it showed, with ``record_shown_identities``."""
        if case.complainant_id is None:
            return EMPTY
        return case.complainant.identity if case.shows_identity else str(case.complainant)

    @admin.display(description=_("assigned officer"))
    def assigned_officer_name(self, case):
        """The officer by name, where the page does not offer to choose one."""
        return staff_name(case.assigned_officer) if case.assigned_officer_id else EMPTY

    @admin.display(description=_("related cases"))
    def related_case_links(self, case):
        """Links to the related cases this reader may see (``CasePage.case_page_context``)."""
        links = [
            format_html('<a href="{}">{}</a>', reverse("admin:cases_case_change", args=[other.pk]), other)
            for other in case.visible_related_cases
        ]
        return format_html_join(mark_safe("<br>"), "{}", ((link,) for link in links)) if links else EMPTY

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            intake = ["kind", "complainant", "consent_to_disclose_identity", "assigned_officer"]
            return [
                (None, {"fields": [*intake, *self.detail_fields]}),
                (_("Data breach notifications only"), {"fields": BREACH_FIELDS}),
            ]
        breach = (
            [(_("Breach notification"), {"fields": [*BREACH_FIELDS, "breach_timing"]})]
            if obj.kind == CaseKind.BREACH_NOTIFICATION
            else []
        )
        closure = [(_("Closure"), {"fields": CLOSURE_FIELDS})] if obj.is_closed else []
        if is_past_version(obj):
            # A version shows what the history keeps: not the links, which are not versioned.
            return [
                (None, {"fields": ["reference", "kind", "status", "assigned_officer"]}),
                (_("Complainant"), {"fields": ["complainant_identity", "consent_to_disclose_identity"]}),
                (_("Details"), {"fields": self.detail_fields}),
                *breach,
                *closure,
            ]
        # The summary above the form names the reference, kind, status and officer. How a closed
        # case ended, or else its details, and a breach's timing are open, the rest folded; Django
        # opens any section with an error in it.
        can_work = self.has_change_permission(request, obj)
        officer = "assigned_officer" if can_work and permissions.can_assign(request.user) else "assigned_officer_name"
        folded = {"classes": ["collapse"]}
        complainant = [*(["complainant"] if can_work else []), "complainant_identity", "consent_to_disclose_identity"]
        related = ["related_case_links", *(["link_to", "link_reason"] if can_work else [])]
        return [
            *closure,
            (_("Details"), {"fields": [*self.detail_fields, officer], **(folded if closure else {})}),
            (_("Complainant"), {"fields": complainant, **folded}),
            (_("Related cases"), {"fields": related, **folded}),
            *breach,
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return [] if permissions.can_assign(request.user) else ["assigned_officer"]
        if is_past_version(obj):
            return flatten_fieldsets(self.get_fieldsets(request, obj))
        readonly = [
            "breach_timing",
            "reference",
            "kind",
            "status",
            *CLOSURE_FIELDS,
            "complainant_identity",
            "related_case_links",
            "assigned_officer_name",
        ]
        if not permissions.can_change_confidentiality(request.user):
            readonly.append("confidentiality")
        return readonly

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        visible = Case.objects.visible_to(request.user)
        admin_site = self.admin_site

        class BoundCaseForm(form_class):
            def __init__(self, *args, **inner):
                super().__init__(*args, visible_cases=visible, admin_site=admin_site, **inner)

        return BoundCaseForm

    def has_change_permission(self, request, obj=None):
        # Django's change view shows every field read-only when this says no.
        if obj is not None and getattr(request, "reads_case_details", False):
            return False
        return self.may_change_case(request, obj)

    def may_change_case(self, request, obj=None) -> bool:
        """Whether this reader may change the case now, whether its details are open as a form or not."""
        if obj is not None and (obj.is_closed or not permissions.can_work_on(request.user, obj)):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    # --- saving goes through the services ---------------------------------------------------

    def save_model(self, request, obj, form, change):
        now = timezone.now()
        data = form.cleaned_data
        if not change:
            case = services.open_case(
                kind=data["kind"],
                title=data["title"],
                received_on=data["received_on"],
                channel=data["channel"],
                by=request.user,
                now=now,
                organisation=data.get("organisation"),
                complainant=data.get("complainant"),
                consent_to_disclose_identity=data.get("consent_to_disclose_identity", False),
                language=data["language"],
                description=data.get("description", ""),
                principles=data.get("principles", []),
                issue_categories=data.get("issue_categories", []),
                team=data.get("team"),
                confidentiality=data["confidentiality"],
                assigned_officer=data.get("assigned_officer"),
                breach_aware_at=data.get("breach_aware_at"),
                breach_notified_at=data.get("breach_notified_at"),
            )
            obj.pk = case.pk
            obj.refresh_from_db()
            return
        changes = {name: data[name] for name in form.changed_data if name in services.DETAIL_CHANGES}
        case = services.update_case_details(obj, changes=changes, by=request.user, now=now) if changes else obj
        if "assigned_officer" in form.changed_data:
            services.assign_case(case, officer=data["assigned_officer"], by=request.user, now=now)
        if data.get("link_to"):
            services.link_cases(case, data["link_to"], by=request.user, now=now, reason=data.get("link_reason", ""))

    def added_message(self, obj) -> str:
        return gettext("%(case)s opened.") % {"case": obj.reference}

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            if getattr(request, "reads_case_details", False) and self.may_change_case(request, obj):
                context["edit_details_url"] = edit_details_url(request)
            # Saved details are read on the case's page; they are changed again from there.
            context["show_save_and_continue"] = False
            context["cancel_url"] = self._case_page_url(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_post_save_change(self, request, obj):
        return HttpResponseRedirect(self._case_page_url(request, obj))

    def _case_page_url(self, request, case) -> str:
        """The case page, keeping the case list's filters it was opened from."""
        preserved = {"preserved_filters": self.get_preserved_filters(request), "opts": self.opts}
        return add_preserved_filters(preserved, change_url(case))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        request.reads_case_details = (
            object_id is not None and request.method == "GET" and EDIT_DETAILS not in request.GET
        )
        if object_id is not None and not request.reads_case_details:
            # A form shown again with its errors is still the details form.
            form_url = edit_details_url(request)
        response = super().changeform_view(request, object_id, form_url, extra_context)
        case = (getattr(response, "context_data", None) or {}).get("original")
        shown = identities_on_cases([case]) if case is not None else []
        return record_shown_identities(request, response, AccessContext.CASE_PAGE, shown)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        listed = (getattr(response, "context_data", None) or {}).get("cl")
        shown = []
        if listed is not None and "complainant_identity" in listed.list_display:
            shown = identities_on_cases(listed.result_list)
        return record_shown_identities(request, response, AccessContext.CASE_LIST, shown)

    def render_history_view(self, request, template, context, **kwargs):
        # A version page (the only one with an "original") shows the complainant the case had then.
        version = context.get("original")
        if version is None:
            return super().render_history_view(request, template, context, **kwargs)
        version.shows_identity = can_see_identity(request.user)
        response = super().render_history_view(request, template, context, **kwargs)
        return record_shown_identities(request, response, AccessContext.CASE_PAGE, identities_on_cases([version]))

    # --- status buttons and actions ----------------------------------------------------------

    @admin.display(description=_("notified within 72 hours?"))
    def breach_timing(self, case):
        delay = case.breach_notification_delay
        if delay is None:
            return "—"
        hours = delay.total_seconds() / 3600
        verdict = gettext("yes") if case.breach_notified_within_72_hours else gettext("no, late")
        return gettext("%(verdict)s: %(hours).1f hours after becoming aware") % {"verdict": verdict, "hours": hours}
