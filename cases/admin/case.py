"""The case list and the case page, whose buttons move a case through the services."""

from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases import permissions, services
from cases.admin.base import HistoryAdmin, built_once_per_request
from cases.admin.case_actions import CaseActions
from cases.admin.case_list import CaseListScreens
from cases.admin.checked import error_text
from cases.admin.inlines import CaseEventInline, ClockInline, DocumentInline, DocumentUploadInline
from cases.forms import (
    CaseForm,
)
from cases.identity import IdentityDisclosure, record_disclosures
from cases.models import (
    BREACH_FIELDS,
    DETAIL_FIELDS,
    AccessContext,
    Case,
    CaseKind,
    Document,
)


@admin.register(Case)
class CaseAdmin(CaseListScreens, CaseActions, HistoryAdmin):
    form = CaseForm
    inlines = [ClockInline, CaseEventInline, DocumentInline, DocumentUploadInline]
    autocomplete_fields = ["organisation", "complainant", "team", "assigned_officer"]
    filter_horizontal = ["principles", "issue_categories"]
    detail_fields = DETAIL_FIELDS

    # --- what this user may see -------------------------------------------------------------

    @built_once_per_request
    def _complainant_column(self, request, context):
        """A column or field that shows identities to those allowed and records each showing."""
        disclosure = IdentityDisclosure.for_request(request, context)

        @admin.display(description=_("complainant"))
        def complainant_identity(case):
            if case.complainant_id is None:
                return "—"
            if disclosure.allowed:
                disclosure.add(case.complainant_id, case_id=case.pk)
                return case.complainant.identity
            return str(case.complainant)

        return complainant_identity

    @built_once_per_request
    def _related_cases_field(self, request):
        """Links to the related cases this user may see; the others are not even counted."""
        visible = Case.objects.visible_to(request.user)

        @admin.display(description=_("related cases"))
        def related_case_links(case):
            others = case.related_cases.filter(pk__in=visible.values("pk")).order_by("reference")
            links = [
                format_html('<a href="{}">{}</a>', reverse("admin:cases_case_change", args=[other.pk]), other)
                for other in others
            ]
            return format_html_join(mark_safe("<br>"), "{}", ((link,) for link in links)) if links else "—"

        return related_case_links

    def get_inlines(self, request, obj):
        # A case being opened has no timeline or documents yet.
        return self.inlines if obj is not None else []

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            intake = ["kind", "complainant", "consent_to_disclose_identity", "assigned_officer"]
            return [
                (None, {"fields": [*intake, *self.detail_fields]}),
                (_("Data breach notifications only"), {"fields": BREACH_FIELDS}),
            ]
        can_work = self.has_change_permission(request, obj)
        identity = self._complainant_column(request, AccessContext.CASE_PAGE)
        related = self._related_cases_field(request)
        fieldsets = [
            (None, {"fields": ["reference", "kind", "status", "assigned_officer"]}),
            (
                _("Complainant"),
                {"fields": [*(["complainant"] if can_work else []), identity, "consent_to_disclose_identity"]},
            ),
            (_("Details"), {"fields": self.detail_fields}),
            (_("Related cases"), {"fields": [related, "link_to", "link_reason"] if can_work else [related]}),
        ]
        if obj.kind == CaseKind.BREACH_NOTIFICATION:
            fieldsets.append((_("Breach notification"), {"fields": [*BREACH_FIELDS, "breach_timing"]}))
        if obj.is_closed:
            fieldsets.append((_("Closure"), {"fields": ["outcome", "closing_reason", "closed_at"]}))
        if can_work:
            fieldsets.append((_("Note"), {"fields": ["new_note"]}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return [] if permissions.can_assign(request.user) else ["assigned_officer"]
        readonly = [
            "breach_timing",
            "reference",
            "kind",
            "status",
            "outcome",
            "closing_reason",
            "closed_at",
            self._complainant_column(request, AccessContext.CASE_PAGE),
            self._related_cases_field(request),
        ]
        if not permissions.can_assign(request.user):
            readonly.append("assigned_officer")
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
        if data.get("new_note", "").strip():
            services.add_note(case, text=data["new_note"], by=request.user, now=now)

    def response_add(self, request, obj, post_url_continue=None):
        # A new case is worked on next, not looked for in the list.
        if "_addanother" in request.POST or IS_POPUP_VAR in request.POST:
            return super().response_add(request, obj, post_url_continue)
        self.message_user(request, gettext("%(case)s opened.") % {"case": obj.reference}, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:cases_case_change", args=[obj.pk]))

    def save_formset(self, request, form, formset, change):
        if formset.model is not Document:
            return super().save_formset(request, form, formset, change)
        # The admin's change message reads these, as if formset.save() had run.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for document_form in formset.forms:
            if document_form.has_changed() and document_form.cleaned_data.get("file"):
                document = services.add_document(
                    form.instance,
                    uploaded=document_form.cleaned_data["file"],
                    description=document_form.cleaned_data.get("description", ""),
                    by=request.user,
                    now=timezone.now(),
                )
                formset.new_objects.append(document)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            response = super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            # A service refused the save; the transaction is rolled back and the page reloads.
            # A refused permission is not caught: it answers 403 and nothing is saved.
            self.message_user(request, error_text(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
        if hasattr(response, "add_post_render_callback"):
            response.add_post_render_callback(lambda r: record_disclosures(request))
        return response

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        response = super().history_form_view(request, object_id, version_id, extra_context)
        # This view renders at once rather than returning a lazy TemplateResponse.
        record_disclosures(request)
        return response

    # --- status buttons and actions ----------------------------------------------------------

    @admin.display(description=_("notified within 72 hours?"))
    def breach_timing(self, case):
        delay = case.breach_notification_delay
        if delay is None:
            return "—"
        hours = delay.total_seconds() / 3600
        verdict = gettext("yes") if case.breach_notified_within_72_hours else gettext("no, late")
        return gettext("%(verdict)s: %(hours).1f hours after becoming aware") % {"verdict": verdict, "hours": hours}
