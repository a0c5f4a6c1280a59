"""The staff screens. Thin: every change of state is a call to ``cases.services``."""

import functools

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import ModelChange, ModelDelta

from cases import services
from cases.deadlines import long_date
from cases.forms import (
    CaseForm,
    ClockExtensionForm,
    ClockReasonForm,
    CloseCaseForm,
    ConfirmForm,
    DocumentUploadForm,
    ReopenCaseForm,
    TransitionForm,
)
from cases.identity import IdentityDisclosure, can_see_identity, record_disclosures
from cases.models import (
    BREACH_FIELDS,
    DETAIL_FIELDS,
    AccessContext,
    CalendarDay,
    Case,
    CaseEvent,
    CaseKind,
    CaseStatus,
    Clock,
    ClockRule,
    Complainant,
    DataProtectionPrinciple,
    DeadlineUnit,
    Document,
    IdentityAccess,
    IssueCategory,
    Organisation,
    Sector,
    Team,
)


def built_once_per_request(method):
    """The admin matches read-only callables by identity, so each is built once per request."""

    @functools.wraps(method)
    def cached(self, request, *args):
        built = request.__dict__.setdefault("_admin_callables", {})
        key = (type(self).__name__, method.__name__, *args)
        if key not in built:
            built[key] = method(self, request, *args)
        return built[key]

    return cached


def _error_text(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or gettext("You do not have permission to do that.")


def _displayed(record, field):
    if field.is_relation:
        try:
            return getattr(record, field.name)
        except ObjectDoesNotExist:
            return None
    value = getattr(record, field.attname)
    return dict(field.flatchoices).get(value, value) if field.choices else value


class HistoryAdmin(SimpleHistoryAdmin):
    """Field history that also shows the fields only services change (status, outcome, ...).

    simple-history's own diff leaves out non-editable fields, which here are the important ones.
    """

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # The library saves a posted old version even with reverting disabled: history is for reading.
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        return super().history_form_view(request, object_id, version_id, extra_context)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        newer = None
        for older in historical_records:
            if newer is not None:
                changes = [
                    ModelChange(field.name, _displayed(older, field), _displayed(newer, field))
                    for field in newer.tracked_fields
                    if getattr(older, field.attname) != getattr(newer, field.attname)
                ]
                delta = ModelDelta(changes, [change.field for change in changes], older, newer)
                helper = self.get_historical_record_context_helper(request, newer)
                newer.history_delta_changes = helper.context_for_delta_changes(delta)
            newer = older


@admin.register(Sector, IssueCategory)
class ReferenceAdmin(HistoryAdmin):
    list_display = ["name", "name_zh", "code"]
    search_fields = ["name", "name_zh", "code"]


@admin.register(DataProtectionPrinciple)
class DataProtectionPrincipleAdmin(HistoryAdmin):
    list_display = ["number", "title", "title_zh", "citation"]
    search_fields = ["title", "title_zh"]


@admin.register(Team)
class TeamAdmin(HistoryAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    filter_horizontal = ["members"]


@admin.register(Organisation)
class OrganisationAdmin(HistoryAdmin):
    list_display = ["name", "name_zh", "sector", "jurisdiction", "case_count"]
    list_filter = ["sector", "jurisdiction"]
    list_select_related = ["sector"]
    search_fields = ["name", "name_zh", "aliases"]

    def get_queryset(self, request):
        visible = Case.objects.visible_to(request.user).values("pk")
        return super().get_queryset(request).annotate(case_count=Count("cases", filter=Q(cases__in=visible)))

    @admin.display(description=_("cases"), ordering="case_count")
    def case_count(self, organisation):
        return organisation.case_count


@admin.register(Complainant)
class ComplainantAdmin(HistoryAdmin):
    """The people themselves: only staff allowed to see identities get this screen at all."""

    list_display = ["__str__", "identity_column", "email", "created_at"]
    search_fields = ["name", "name_zh", "email", "phone"]

    def _allowed(self, request) -> bool:
        return can_see_identity(request.user)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return self._allowed(request) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request) and super().has_change_permission(request, obj)

    def has_module_permission(self, request):
        return self._allowed(request) and super().has_module_permission(request)

    def get_queryset(self, request):
        # A complainant whose only cases are restricted from this user stays hidden with them.
        visible = Case.objects.visible_to(request.user).filter(complainant=OuterRef("pk"))
        return super().get_queryset(request).filter(Q(cases__isnull=True) | Exists(visible)).distinct()

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        self._record_page_view(request, object_id, response)
        return response

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        response = super().history_form_view(request, object_id, version_id, extra_context)
        self._record_page_view(request, object_id, response)
        return response

    def _record_page_view(self, request, object_id, response):
        if response.status_code != 200:
            return
        IdentityDisclosure.for_request(request, AccessContext.COMPLAINANT_PAGE).add(unquote(object_id))
        if hasattr(response, "add_post_render_callback") and not response.is_rendered:
            response.add_post_render_callback(lambda r: record_disclosures(request))
        else:
            record_disclosures(request)

    @admin.display(description=_("identity"))
    def identity_column(self, complainant):
        return complainant.identity

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if hasattr(response, "context_data") and "cl" in response.context_data:
            disclosure = IdentityDisclosure.for_request(request, AccessContext.COMPLAINANT_LIST)
            disclosure.extend(obj.pk for obj in response.context_data["cl"].result_list)
            response.add_post_render_callback(lambda r: record_disclosures(request))
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        self._record_page_view(request, object_id, response)
        return response


class ReadOnlyInline(admin.TabularInline):
    """Rows that only services write: shown, never added, changed or deleted here."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CaseEventInline(ReadOnlyInline):
    """The read-only timeline. A linked case is named only to readers who may see it."""

    model = CaseEvent
    fk_name = "case"
    verbose_name_plural = _("timeline")

    def get_fields(self, request, obj=None):
        return ["at", "kind", "actor", "from_status", "to_status", self._other_case_field(request), "text"]

    @built_once_per_request
    def _other_case_field(self, request):
        visible = Case.objects.visible_to(request.user)
        visible_ids: dict[int, set[int]] = {}

        @admin.display(description=_("other case"))
        def other_case(event):
            if event.related_case_id is None:
                return ""
            if event.case_id not in visible_ids:
                linked = CaseEvent.objects.filter(case_id=event.case_id).values("related_case")
                visible_ids[event.case_id] = set(visible.filter(pk__in=linked).values_list("pk", flat=True))
            if event.related_case_id not in visible_ids[event.case_id]:
                return _("a case you cannot see")
            return format_html(
                '<a href="{}">{}</a>',
                reverse("admin:cases_case_change", args=[event.related_case_id]),
                event.related_case.reference,
            )

        return other_case

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor", "related_case")


class DocumentInline(ReadOnlyInline):
    """The documents already on the case, each downloadable through the checked view."""

    model = Document
    fields = ["download", "description", "content_type", "size", "uploaded_by", "uploaded_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by")

    @admin.display(description=_("document"))
    def download(self, document):
        return format_html('<a href="{}">{}</a>', reverse("document-download", args=[document.pk]), document)


class DocumentUploadInline(admin.TabularInline):
    """A slot for a new document; its content is checked before anything is stored."""

    model = Document
    form = DocumentUploadForm
    fields = ["file", "description"]
    extra = 1
    can_delete = False
    verbose_name = _("new document")
    verbose_name_plural = _("add a document")

    def get_queryset(self, request):
        return super().get_queryset(request).none()

    def has_add_permission(self, request, obj=None):
        return obj is not None and not obj.is_closed and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return False


CLOCK_ACTION_LABELS = {"pause": _("Pause"), "resume": _("Resume"), "extend": _("Extend"), "meet": _("Mark met")}


class ClockInline(ReadOnlyInline):
    """The case's clocks: due date, days left, state and how the date was reached."""

    model = Clock
    fk_name = "case"
    verbose_name_plural = _("deadlines")

    def get_fields(self, request, obj=None):
        return ["rule", "started_at", "state_label", "due_on", "days_left", "explanation", self._actions(request)]

    def get_queryset(self, request):
        # the actions column reads each clock's case and extensions
        return super().get_queryset(request).select_related("rule", "case").prefetch_related("extensions")

    @admin.display(description=_("state"))
    def state_label(self, clock):
        if clock.is_breached(timezone.now()):
            return format_html('<strong class="deadline-breached">{}</strong>', gettext("Breached"))
        if clock.met_late:
            return gettext("Met late")
        return clock.get_state_display()

    @admin.display(description=_("due"))
    def due_on(self, clock):
        if clock.due_at is None:
            return "—"
        if clock.rule.unit == DeadlineUnit.HOURS:
            return f"{timezone.localtime(clock.due_at):%Y-%m-%d %H:%M}"
        return long_date(timezone.localtime(clock.due_at).date())

    @admin.display(description=_("days left"))
    def days_left(self, clock):
        left = clock.days_left(timezone.localdate())
        return "—" if left is None else left

    @built_once_per_request
    def _actions(self, request):
        @admin.display(description=_("actions"))
        def clock_actions(clock):
            if not request.user.has_perm("cases.change_case"):
                return ""
            links = [
                (reverse("admin:cases_case_clock", args=[clock.case_id, clock.pk, action]), CLOCK_ACTION_LABELS[action])
                for action in clock.available_actions
            ]
            return format_html_join(" · ", '<a href="{}">{}</a>', links)

        return clock_actions


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

    def get_queryset(self, request):
        return Case.objects.visible_to(request.user)

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
                disclosure.add(case.complainant_id)
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
        if not request.user.has_perm("cases.assign_case"):
            readonly.append("assigned_officer")
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
        if obj is not None and obj.is_closed:
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
        except (ValidationError, PermissionDenied) as error:
            # A service refused the save; the transaction is rolled back and the page reloads.
            # Refusals of a GET are the admin's own permission checks and must stay 403.
            if request.method != "POST":
                raise
            self.message_user(request, _error_text(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
        if hasattr(response, "add_post_render_callback"):
            response.add_post_render_callback(lambda r: record_disclosures(request))
        return response

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if hasattr(response, "add_post_render_callback"):
            response.add_post_render_callback(lambda r: record_disclosures(request))
        return response

    # --- history only for cases this user may see --------------------------------------------

    def _require_visible(self, request, object_id) -> Case:
        case = self.get_object(request, unquote(object_id))
        if case is None:
            raise Http404
        return case

    def history_view(self, request, object_id, extra_context=None):
        self._require_visible(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._require_visible(request, object_id)
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
            path(
                "<path:object_id>/assign-to-me/",
                wrap(require_POST(self.assign_to_me_view)),
                name="cases_case_assign_to_me",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            # A closed case leaves its status only through "Reopen case".
            context["next_statuses"] = [
                CaseStatus(status)
                for status in CaseStatus
                if not obj.is_closed and status != CaseStatus.CLOSED and obj.can_transition_to(status)
            ]
            context["can_close"] = obj.can_transition_to(CaseStatus.CLOSED)
            context["can_reopen"] = obj.is_closed and request.user.has_perm("cases.reopen_case")
            context["can_work"] = super().has_change_permission(request, obj)
            context["can_take"] = (
                context["can_work"]
                and not obj.is_closed
                and obj.assigned_officer_id != request.user.pk
                and (obj.assigned_officer_id is None or request.user.has_perm("cases.assign_case"))
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _case_for_work(self, request, object_id) -> Case:
        case = self._require_visible(request, object_id)
        if not super().has_change_permission(request, case):
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
                form.add_error(None, _error_text(error))
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
        case = self._require_visible(request, object_id)
        form = ReopenCaseForm(request.POST or None)
        return self._run_form_view(
            request,
            case,
            form,
            gettext("Reopen %(case)s") % {"case": case.reference},
            lambda data: services.reopen_case(case, reason=data["reason"], by=request.user, now=timezone.now()),
        )

    def assign_to_me_view(self, request, object_id):
        case = self._case_for_work(request, object_id)
        try:
            services.assign_case(case, officer=request.user, by=request.user, now=timezone.now())
        except (ValidationError, PermissionDenied) as error:
            self.message_user(request, _error_text(error), messages.ERROR)
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
                refused.append(f"{case.reference}: {_error_text(error)}")
        if taken:
            self.message_user(request, gettext("Assigned to you: %(refs)s.") % {"refs": ", ".join(taken)})
        for line in refused:
            self.message_user(request, line, messages.ERROR)


@admin.register(IdentityAccess)
class IdentityAccessAdmin(admin.ModelAdmin):
    list_display = ["accessed_at", "user", "complainant", "context", "path"]
    list_filter = ["context", ("user", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["user", "complainant"]
    date_hierarchy = "accessed_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ClockRule)
class ClockRuleAdmin(HistoryAdmin):
    list_display = ["code", "name", "citation", "period", "calendar", "can_pause", "max_extension_days", "rolling"]
    search_fields = ["code", "name", "citation"]

    def get_readonly_fields(self, request, obj=None):
        # Clocks already running were counted by these; changing them would silently re-date them.
        if obj is not None and obj.clocks.exists():
            return ["code", "length", "unit", "trigger", "calendar"]
        return []


@admin.register(CalendarDay)
class CalendarDayAdmin(HistoryAdmin):
    """The year's general holidays and warning days; adding or removing one moves open deadlines."""

    list_display = ["date", "weekday", "name", "kind", "jurisdiction", "source"]
    list_filter = ["kind", "jurisdiction"]
    date_hierarchy = "date"
    search_fields = ["name"]
    fields = ["jurisdiction", "date", "kind", "name", "source"]
    actions = None

    @admin.display(description=_("day"))
    def weekday(self, calendar_day):
        return f"{calendar_day.date:%a}"

    def changelist_view(self, request, extra_context=None):
        # Open on this year, like a wall calendar.
        if not any(key.startswith("date__") for key in request.GET) and not request.GET.get("q"):
            query = request.GET.copy()
            query["date__year"] = str(timezone.localdate().year)
            request.GET = query
        return super().changelist_view(request, extra_context)

    def has_change_permission(self, request, obj=None):
        # A day is added or removed, never edited, so every change moves the deadlines it should.
        return False if obj is not None else super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        calendar_day, moved = services.add_calendar_day(
            jurisdiction=obj.jurisdiction,
            day=obj.date,
            kind=obj.kind,
            name=obj.name,
            source=obj.source,
            by=request.user,
            now=timezone.now(),
        )
        obj.pk = calendar_day.pk
        self.message_user(request, self._moved_message(moved))

    def delete_model(self, request, obj):
        moved = services.remove_calendar_day(obj, by=request.user, now=timezone.now())
        self.message_user(request, self._moved_message(moved))

    def _moved_message(self, moved: int) -> str:
        return ngettext("%(count)d open deadline moved.", "%(count)d open deadlines moved.", moved) % {"count": moved}
