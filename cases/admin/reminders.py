"""The reminder policy, one page for administrators, and the reminders the sweep made: read here,
and a failed one sent again by a team lead or an administrator."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from cases import permissions, services
from cases.admin.base import ACTION_TEMPLATE, owner_link
from cases.admin.filters import AddresseeFilter
from cases.admin.retrying import RetryingFailedDeliveries
from cases.enquiry_listing import delivery_html
from cases.form_fields import DaysBeforeFormField
from cases.forms import ConfirmForm
from cases.models import DaysBeforeField, Reminder, ReminderPolicy
from dpa.action_pages import action_page
from dpa.admin_base import EMPTY, HistoryAdmin, StaffModelAdmin, change_url


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(HistoryAdmin):
    """The one policy: its list is its page. The switch that holds messages to organisations is a
    button of its own, through ``set_organisations_paused``, so that holding and releasing are
    recorded as such."""

    formfield_overrides = {DaysBeforeField: {"form_class": DaysBeforeFormField, "help_text": _("e.g. “3, 1”")}}
    fields = [
        "organisation_days_before",
        "organisation_days_after",
        "escalate_after_days",
        "organisations_paused",
        "changed_by",
    ]
    readonly_fields = ["organisations_paused", "changed_by"]
    actions = None
    change_form_template = "admin/cases/reminder/policy_change_form.html"
    change_list_template = "admin/cases/reminder/policy_change_list.html"
    list_display = ["__str__", "organisation_days_before", "organisation_days_after", "escalate_after_days"]

    def changelist_view(self, request, extra_context=None):
        # The list of one row reads as the policy itself, with the buttons that change it.
        policy = ReminderPolicy.current()
        context = {
            "policy": policy,
            "can_switch": permissions.can_change_reminder_policy(request.user),
            **(extra_context or {}),
        }
        return super().changelist_view(request, context)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        services.change_reminder_policy(by=request.user, now=timezone.now(), **changes)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/hold/", wrap(self.hold_view), {"paused": True}, name="cases_reminderpolicy_hold"),
            path(
                "<path:object_id>/release/",
                wrap(self.hold_view),
                {"paused": False},
                name="cases_reminderpolicy_release",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_switch"] = obj is not None and permissions.can_change_reminder_policy(request.user)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def hold_view(self, request, object_id, paused: bool):
        policy = self.get_visible_object_or_404(request, object_id)
        if not permissions.can_change_reminder_policy(request.user):
            raise PermissionDenied
        if paused:
            title = gettext("Hold every message to organisations")
            intro = gettext(
                "Reminders and chasers to organisations stay waiting until released; alerts to staff continue."
            )
            done = gettext("Messages to organisations are held.")
            already = gettext("Nothing to do: messages to organisations are already held.")
        else:
            title = gettext("Release the messages held for organisations")
            intro = gettext(
                "What is still due goes out once, at the next sweep; what fell due and was overtaken meanwhile is "
                "not sent."
            )
            done = gettext("Messages to organisations are released.")
            already = gettext("Nothing to do: messages to organisations are not held.")
        switching = policy.organisations_paused != paused
        return action_page(
            self,
            request,
            policy,
            form=ConfirmForm(request.POST or None),
            title=title,
            intro=intro if switching else already,
            submit_label=title if switching else None,
            apply=lambda data: services.set_organisations_paused(paused, by=request.user, now=timezone.now()),
            done=done,
            object_url=change_url(policy),
            template=ACTION_TEMPLATE,
        )


@admin.register(Reminder)
class ReminderAdmin(RetryingFailedDeliveries, StaffModelAdmin):
    """Every reminder the sweep made, with its delivery record. Nothing here is edited: a failed one
    is sent again with the "retry" button or action, through ``retry_reminder``."""

    list_display = ["reminder", "send_after_column", "delivery", "sent"]
    list_filter = ["state", "kind", AddresseeFilter]
    list_select_related = ["clock__case", "clock__enquiry", "clock__rule"]
    search_fields = ["clock__case__reference", "sent_to"]
    search_help_text = _("A case reference or an e-mail address.")
    actions = ["retry"]
    readonly_fields = [
        "kind",
        "about",
        "rule",
        "deadline",
        "send_after_column",
        "state",
        "created_at",
        "queued_at",
        "attempts",
        "last_error",
        "sent_at",
        "sent_to",
        "message_id",
        "sent_with",
    ]
    fields = readonly_fields

    @admin.display(description=_("send after"), ordering="deadline")
    def send_after_column(self, reminder):
        return date_format(timezone.localtime(reminder.send_after).date(), "SHORT_DATE_FORMAT")

    @admin.display(description=_("about"))
    def about(self, reminder):
        return owner_link(reminder.clock.owner)

    # The list fits beside its filters: what the reminder is about above its kind, the state above
    # its attempts and error, the time sent above the addresses.

    @admin.display(description=_("reminder"), ordering="kind")
    def reminder(self, reminder):
        return format_html(
            '<span class="case-reference">{}</span><br><span class="case-title">{}</span>',
            reminder.clock.owner.reference,
            reminder.get_kind_display(),
        )

    @admin.display(description=_("delivery"), ordering="state")
    def delivery(self, reminder):
        return delivery_html(reminder)

    @admin.display(description=_("sent"), ordering="sent_at")
    def sent(self, reminder):
        if reminder.sent_at is None:
            return EMPTY
        return format_html(
            '{}<br><span class="deadline-date">{}</span>',
            date_format(timezone.localtime(reminder.sent_at), "SHORT_DATETIME_FORMAT"),
            ", ".join(reminder.sent_to.split()),
        )

    @admin.display(description=_("rule"))
    def rule(self, reminder):
        return reminder.clock.rule.display_name

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    retry_words = {
        "sent_again": ngettext_lazy(
            "%(count)d reminder will be sent again.", "%(count)d reminders will be sent again.", "count"
        ),
        "left_alone": ngettext_lazy(
            "%(count)d reminder had not failed and was left alone.",
            "%(count)d reminders had not failed and were left alone.",
            "count",
        ),
        "title": _("Send this reminder again"),
        "intro": _("It goes out at once, to the people it is for now."),
        "not_failed": _("Only a reminder that failed can be sent again; this one is “%(state)s”."),
        "done": _("The reminder will be sent again."),
    }

    def retry_service(self, reminder, *, by, now) -> None:
        services.retry_reminder(reminder, by=by, now=now)

    @admin.action(description=_("Send the selected failed reminders again"), permissions=["retry"])
    def retry(self, request, queryset):
        self.retry_selected(request, queryset)
