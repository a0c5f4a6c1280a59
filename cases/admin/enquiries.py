"""The enquiry list and the enquiry form: a draft is written and changed through ``draft_enquiry`` and
``change_draft``; a sent enquiry is only read here, and moved by the buttons of its page
(``cases.admin.enquiry_page``)."""

import re

from django.conf import settings
from django.contrib import admin, messages
from django.db.models import Case as Condition
from django.db.models import F, Prefetch, When
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases import permissions, services
from cases.admin.base import SavedThroughServices
from cases.admin.enquiry_page import EnquiryPage
from cases.admin.filters import ReplyFilter
from cases.enquiry_forms import ENQUIRY_FIELDS, EnquiryForm
from cases.enquiry_listing import reply_by_html
from cases.models import Case, ClockRule, Enquiry, EnquiryStatus, Organisation
from dpa.admin_base import EMPTY, HistoryAdmin, change_url, is_past_version
from dpa.key_fields import could_be_key
from dpa.people import staff_name

# Enquiries awaiting a reply by their reply-by date, the soonest (or longest overdue) first; the others last.
AWAITED_SOONEST_FIRST = Condition(When(status=EnquiryStatus.SENT, then=F("reply_due_at"))).asc(nulls_last=True)
REFERENCE = re.compile(r"^\s*ENQ-\d{4}-0*(\d{1,12})\s*$", re.IGNORECASE)


@admin.register(Enquiry)
class EnquiryAdmin(EnquiryPage, SavedThroughServices, HistoryAdmin):
    form = EnquiryForm
    list_display = ["enquiry", "organisation_column", "case_links", "status", "reply_by", "officer_column"]
    list_filter = [
        ReplyFilter,
        "status",
        ("organisation", admin.RelatedOnlyFieldListFilter),
        ("officer", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["organisation", "officer"]
    search_fields = ["subject", "organisation__name", "organisation__name_zh", "cases__reference"]
    search_help_text = _("An enquiry's or a case's reference, a subject or an organisation.")
    autocomplete_fields = ["organisation"]
    actions = None

    def get_queryset(self, request):
        # the list names each enquiry's cases; the page asks whether the reader works on each
        cases = Prefetch("cases", queryset=Case.objects.order_by("reference"))
        return super().get_queryset(request).with_reply_clock().prefetch_related(cases)

    def get_ordering(self, request):
        # The reply due soonest first; drafts and finished enquiries after, the newest first.
        return [AWAITED_SOONEST_FIRST, "-drafted_at", "-pk"]

    def get_search_results(self, request, queryset, search_term):
        reference = REFERENCE.match(search_term)
        if reference:
            return queryset.filter(pk=int(reference[1])), False
        return super().get_search_results(request, queryset, search_term)

    # --- columns ---------------------------------------------------------------------------------

    @admin.display(description=_("enquiry"), ordering="-drafted_at")
    def enquiry(self, enquiry):
        return format_html(
            '<span class="case-reference">{}</span><br><span class="case-title">{}</span>',
            enquiry.reference,
            enquiry.subject,
        )

    # Not the field itself, which Django's list keeps on one line.
    @admin.display(description=_("organisation"), ordering="organisation__name")
    def organisation_column(self, enquiry):
        return str(enquiry.organisation)

    @admin.display(description=_("cases"))
    def case_links(self, enquiry):
        links = [(reverse("admin:cases_case_change", args=[case.pk]), case.reference) for case in enquiry.cases.all()]
        # One reference a line, never broken at its hyphens.
        return format_html_join(mark_safe("<br>"), '<a href="{}" class="case-reference">{}</a>', links) or EMPTY

    @admin.display(description=_("reply by"), ordering=AWAITED_SOONEST_FIRST)
    def reply_by(self, enquiry):
        return reply_by_html(enquiry, timezone.now())

    @admin.display(description=_("officer"), ordering="officer__first_name")
    def officer_column(self, enquiry):
        return staff_name(enquiry.officer)

    # --- the form --------------------------------------------------------------------------------

    def get_fields(self, request, obj=None):
        return ENQUIRY_FIELDS

    def get_readonly_fields(self, request, obj=None):
        if is_past_version(obj) or (obj is not None and not self.has_change_permission(request, obj)):
            return ENQUIRY_FIELDS
        return []

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        default_rule = ClockRule.objects.filter(code=settings.DEFAULT_ENQUIRY_RULE).values_list("pk", flat=True)
        initial.setdefault("rule", default_rule.first())
        # The letter is written in the language of the case it starts from.
        first_case = (initial.get("cases") or [None])[0]
        if first_case and could_be_key(Case._meta.pk, first_case):
            language = Case.objects.visible_to(request.user).filter(pk=first_case).values_list("language", flat=True)
            initial.setdefault("language", language.first())
        return initial

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        workable = Case.objects.workable_by(request.user)
        organisation = self._organisation_chosen(request, obj)
        admin_site = self.admin_site

        class BoundEnquiryForm(form_class):
            def __init__(self, *args, **inner):
                super().__init__(*args, workable=workable, organisation=organisation, admin_site=admin_site, **inner)

        return BoundEnquiryForm

    def _organisation_chosen(self, request, obj) -> Organisation | None:
        """The organisation as posted, as the page was opened with (``?organisation=``), or the draft's."""
        value = request.POST.get("organisation") if request.method == "POST" else request.GET.get("organisation")
        if value and could_be_key(Organisation._meta.pk, value):
            return Organisation.objects.filter(pk=value).first()
        return obj.organisation if obj is not None and not value else None

    def has_change_permission(self, request, obj=None):
        # Only a draft is changed here, by those who may work on it.
        if obj is not None and obj.status != EnquiryStatus.DRAFT:
            return False
        if obj is not None and not permissions.can_work_on_enquiry(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # A draft no longer wanted is withdrawn: the record of it stays.
        return False

    # --- saving goes through the services ---------------------------------------------------------

    def save_model(self, request, obj, form, change):
        data, now = form.cleaned_data, timezone.now()
        if not change:
            enquiry = services.draft_enquiry(
                organisation=data["organisation"],
                cases=list(data["cases"]),
                subject=data["subject"],
                questions=data["questions"],
                language=data["language"],
                recipients=data["recipients"] or None,
                rule=data["rule"],
                by=request.user,
                now=now,
            )
            obj.pk = enquiry.pk
            obj.refresh_from_db()
            return
        changes = {name: data[name] for name in form.changed_data if name in ENQUIRY_FIELDS}
        if "cases" in changes:
            changes["cases"] = list(changes["cases"])
        if changes:
            services.change_draft(obj, by=request.user, now=now, **changes)

    def save_related(self, request, form, formsets, change):
        """The services set the cases; the form's own saving of them would bypass the timeline."""

    def added_message(self, obj) -> str:
        return gettext("%(enquiry)s drafted.") % {"enquiry": obj.reference}

    def response_change(self, request, obj):
        if "_continue" in request.POST or "_addanother" in request.POST:
            return super().response_change(request, obj)
        self.message_user(request, gettext("%(enquiry)s saved.") % {"enquiry": obj.reference}, messages.SUCCESS)
        return HttpResponseRedirect(change_url(obj))
