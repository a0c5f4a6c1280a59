"""The case list and the case page, whose buttons move a case through the services."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from cases import permissions, services
from cases.admin.base import HistoryAdmin, built_once_per_request, error_text
from cases.admin.filters import DeadlineFilter, MyCasesFilter
from cases.admin.inlines import CLOCK_ACTION_LABELS, CaseEventInline, ClockInline, DocumentInline, DocumentUploadInline
from cases.forms import (
    CaseForm,
    ClockExtensionForm,
    ClockReasonForm,
    CloseCaseForm,
    ConfirmForm,
    NoteForm,
    ReopenCaseForm,
    TransitionForm,
)
from cases.identity import IdentityDisclosure, can_see_identity, record_disclosures
from cases.models import (
    BREACH_FIELDS,
    DETAIL_FIELDS,
    AccessContext,
    Case,
    CaseKind,
    CaseStatus,
    Document,
)


@admin.register(Case)
class CaseAdmin(HistoryAdmin):
    form = CaseForm
    inlines = [ClockInline, CaseEventInline, DocumentInline, DocumentUploadInline]
    list_display = [
        "reference",
        "title",
        "kind",
        "status",
        "organisation",
        "assigned_officer",
        "team",
        "received_on",
        "confidentiality",
    ]
    list_display_links = ["reference", "title"]
    list_filter = [
        MyCasesFilter,
        DeadlineFilter,
        "kind",
        "status",
        ("assigned_officer", admin.RelatedOnlyFieldListFilter),
        "team",
        "organisation__sector",
        "confidentiality",
        "received_on",
    ]
    list_select_related = ["organisation", "assigned_officer", "team", "complainant"]
    list_per_page = 50
    date_hierarchy = "received_on"
    autocomplete_fields = ["organisation", "complainant", "team", "assigned_officer"]
    filter_horizontal = ["principles", "issue_categories"]
    actions = ["assign_to_me"]
    base_search_fields = ["reference", "title", "organisation__name", "organisation__name_zh", "organisation__aliases"]
    identity_search_fields = ["complainant__name", "complainant__name_zh", "complainant__email"]
    detail_fields = DETAIL_FIELDS

    # --- what this user may see -------------------------------------------------------------

    def get_search_fields(self, request):
        if can_see_identity(request.user):
            return [*self.base_search_fields, *self.identity_search_fields]
        return self.base_search_fields

    def get_list_display(self, request):
        columns = list(self.list_display)
        columns.insert(5, self._complainant_column(request, AccessContext.CASE_LIST))
        return columns

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
            return [] if request.user.has_perm("cases.assign_case") else ["assigned_officer"]
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

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
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

    def clock_view(self, request, object_id, clock_id, action):
        case = self._case_for_work(request, object_id)
        clock = get_object_or_404(case.clocks.select_related("rule"), pk=clock_id)
        now = timezone.now()
        forms_and_services = {
            "pause": (
                ClockReasonForm,
                lambda data: services.pause_clock(clock, reason=data["reason"], by=request.user, now=now),
            ),
            "resume": (ConfirmForm, lambda data: services.resume_clock(clock, by=request.user, now=now)),
            "extend": (
                ClockExtensionForm,
                lambda data: services.extend_clock(
                    clock, days=data["days"], reason=data["reason"], by=request.user, now=now
                ),
            ),
            "meet": (ConfirmForm, lambda data: services.meet_clock(clock, by=request.user, now=now)),
        }
        if action not in forms_and_services:
            raise Http404
        form_class, apply = forms_and_services[action]
        title = gettext("%(action)s: the %(rule)s clock on %(case)s") % {
            "action": CLOCK_ACTION_LABELS[action],
            "rule": clock.rule.code,
            "case": case.reference,
        }
        form = form_class(request.POST if request.method == "POST" else None)
        return self._run_form_view(request, case, form, title, apply)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/clocks/<int:clock_id>/<str:action>/",
                wrap(self.clock_view),
                name="cases_case_clock",
            ),
            path("<path:object_id>/move/<str:status>/", wrap(self.move_view), name="cases_case_move"),
            path("<path:object_id>/close/", wrap(self.close_view), name="cases_case_close"),
            path("<path:object_id>/reopen/", wrap(self.reopen_view), name="cases_case_reopen"),
            path("<path:object_id>/note/", wrap(self.note_view), name="cases_case_note"),
            path(
                "<path:object_id>/assign-to-me/",
                wrap(require_POST(self.assign_to_me_view)),
                name="cases_case_assign_to_me",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            can_work = self.has_change_permission(request, obj)
            # A closed case leaves its status only through "Reopen case".
            context["next_statuses"] = [
                CaseStatus(status)
                for status in CaseStatus
                if can_work and status != CaseStatus.CLOSED and obj.can_transition_to(status)
            ]
            context["can_close"] = can_work and obj.can_transition_to(CaseStatus.CLOSED)
            context["can_reopen"] = obj.is_closed and permissions.can_reopen(request.user)
            context["can_take"] = not obj.is_closed and permissions.can_assign_to_self(request.user, obj)
            context["can_note"] = permissions.can_add_note(request.user)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _case_for_work(self, request, object_id) -> Case:
        case = self.get_visible_object_or_404(request, object_id)
        if not self.has_change_permission(request, case):
            raise PermissionDenied
        return case

    def _run_form_view(self, request, case, form, title, apply):
        if request.method == "POST" and form.is_valid():
            try:
                apply(form.cleaned_data)
            except ValidationError as error:
                by_field = error.error_dict if hasattr(error, "error_dict") else {None: error.error_list}
                for field, field_errors in by_field.items():
                    form.add_error(field if field in form.fields else None, field_errors)
            except PermissionDenied as error:
                form.add_error(None, error_text(error))
            else:
                self.message_user(request, gettext("%(case)s: done.") % {"case": case.reference}, messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:cases_case_change", args=[case.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "case": case,
            "form": form,
            "title": title,
        }
        return TemplateResponse(request, "admin/cases/case/transition.html", context)

    def move_view(self, request, object_id, status):
        case = self._case_for_work(request, object_id)
        if status not in CaseStatus.values or status == CaseStatus.CLOSED:
            raise Http404
        form = TransitionForm(request.POST or None, target=status)
        title = gettext("Move %(case)s to “%(status)s”") % {"case": case.reference, "status": CaseStatus(status).label}
        return self._run_form_view(
            request,
            case,
            form,
            title,
            lambda data: services.move_case(
                case, to=status, reason=data["reason"], by=request.user, now=timezone.now()
            ),
        )

    def close_view(self, request, object_id):
        case = self._case_for_work(request, object_id)
        form = CloseCaseForm(request.POST or None)
        return self._run_form_view(
            request,
            case,
            form,
            gettext("Close %(case)s") % {"case": case.reference},
            lambda data: services.close_case(
                case, outcome=data["outcome"], reason=data["reason"], by=request.user, now=timezone.now()
            ),
        )

    def reopen_view(self, request, object_id):
        case = self.get_visible_object_or_404(request, object_id)
        if not permissions.can_reopen(request.user):
            raise PermissionDenied
        form = ReopenCaseForm(request.POST or None)
        return self._run_form_view(
            request,
            case,
            form,
            gettext("Reopen %(case)s") % {"case": case.reference},
            lambda data: services.reopen_case(case, reason=data["reason"], by=request.user, now=timezone.now()),
        )

    def note_view(self, request, object_id):
        case = self.get_visible_object_or_404(request, object_id)
        if not permissions.can_add_note(request.user):
            raise PermissionDenied
        form = NoteForm(request.POST or None)
        return self._run_form_view(
            request,
            case,
            form,
            gettext("Add a note to %(case)s") % {"case": case.reference},
            lambda data: services.add_note(case, text=data["text"], by=request.user, now=timezone.now()),
        )

    def assign_to_me_view(self, request, object_id):
        case = self.get_visible_object_or_404(request, object_id)
        if not permissions.can_assign_to_self(request.user, case):
            raise PermissionDenied
        try:
            services.assign_case(case, officer=request.user, by=request.user, now=timezone.now())
        except (ValidationError, PermissionDenied) as error:
            self.message_user(request, error_text(error), messages.ERROR)
        else:
            self.message_user(request, gettext("%(case)s is now assigned to you.") % {"case": case.reference})
        return HttpResponseRedirect(reverse("admin:cases_case_change", args=[case.pk]))

    @admin.action(description=_("Assign selected cases to me"), permissions=["change"])
    def assign_to_me(self, request, queryset):
        taken, refused = [], []
        now = timezone.now()
        for case in queryset:
            try:
                services.assign_case(case, officer=request.user, by=request.user, now=now)
                taken.append(case.reference)
            except (ValidationError, PermissionDenied) as error:
                refused.append(f"{case.reference}: {error_text(error)}")
        if taken:
            self.message_user(request, gettext("Assigned to you: %(refs)s.") % {"refs": ", ".join(taken)})
        for line in refused:
            self.message_user(request, line, messages.ERROR)
