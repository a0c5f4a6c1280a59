"""An enquiry's page: its cases, its reply-by clock with how the date was reached, the letter sent,
the reminders made for it and the reply; and the pages behind its buttons (send, after a preview;
record the reply; extend; withdraw), each a call to one service."""

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from cases import letters, permissions, services
from cases.admin.base import ACTION_TEMPLATE
from cases.enquiry_forms import ExtensionForm, ReplyForm, WithdrawalForm
from cases.forms import ConfirmForm
from cases.listing import days_left_text
from cases.models import Clock, ClockState, Enquiry, EnquiryStatus, Reminder
from cases.models.enquiries import LATEST_CLOCK_FIRST
from cases.services.enquiries import status_refusal
from dpa.action_pages import action_page
from dpa.admin_base import is_past_version
from dpa.people import staff_name


@dataclass
class ReplyClock:
    """The enquiry's reply-by clock as its page shows it."""

    clock: Clock
    breached: bool
    days_left: str


def reply_clock_of(enquiry: Enquiry, now: datetime) -> ReplyClock | None:
    # the page lists the clock's extensions, with their reasons
    clock = enquiry.clocks.select_related("rule").prefetch_related("extensions").order_by(*LATEST_CLOCK_FIRST).first()
    if clock is None:
        return None
    running = clock.state == ClockState.RUNNING
    return ReplyClock(
        clock=clock,
        breached=clock.is_breached(now),
        days_left=days_left_text(clock.due_at, now) if running else "—",
    )


def reply_documents(enquiry: Enquiry) -> list:
    """The documents that came with the reply: kept on every case it covers, listed once each."""
    seen, documents = set(), []
    for document in enquiry.documents.select_related("uploaded_by").order_by("uploaded_at", "pk"):
        if (document.sha256, document.original_name) not in seen:
            seen.add((document.sha256, document.original_name))
            documents.append(document)
    return documents


class EnquiryPage:
    """The enquiry page's sections and buttons, mixed into ``EnquiryAdmin``."""

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/send/", wrap(self.send_view), name="cases_enquiry_send"),
            path("<path:object_id>/reply/", wrap(self.reply_view), name="cases_enquiry_reply"),
            path("<path:object_id>/extend/", wrap(self.extend_view), name="cases_enquiry_extend"),
            path("<path:object_id>/withdraw/", wrap(self.withdraw_view), name="cases_enquiry_withdraw"),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and not is_past_version(obj):
            context.update(self.enquiry_page_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def enquiry_page_context(self, request, enquiry: Enquiry) -> dict:
        now = timezone.now()
        can_work = permissions.can_work_on_enquiry(request.user, enquiry)
        return {
            "title": str(enquiry),
            "subtitle": None,
            "show_save_and_add_another": False,
            "officer_name": staff_name(enquiry.officer),
            "enquiry_cases": enquiry.cases.order_by("reference"),
            "reply_clock": reply_clock_of(enquiry, now),
            "enquiry_letters": enquiry.letters.all(),
            "reminders": Reminder.objects.filter(clock__enquiry=enquiry),
            "reply_documents": reply_documents(enquiry) if enquiry.status == EnquiryStatus.ANSWERED else [],
            "can_send": can_work and enquiry.can_transition_to(EnquiryStatus.SENT),
            "can_reply": can_work and enquiry.can_transition_to(EnquiryStatus.ANSWERED),
            "can_extend": can_work and enquiry.status == EnquiryStatus.SENT,
            "can_withdraw": can_work and enquiry.can_transition_to(EnquiryStatus.WITHDRAWN),
        }

    def _enquiry_for_work(self, request, object_id) -> Enquiry:
        enquiry = self.get_visible_object_or_404(request, object_id)
        if not permissions.can_work_on_enquiry(request.user, enquiry):
            raise PermissionDenied
        return enquiry

    def _page(self, request, enquiry, *, allowed: bool, **kwargs):
        """An action's page; refused in words when the enquiry's status does not allow it."""
        url = reverse("admin:cases_enquiry_change", args=[enquiry.pk])
        if not allowed:
            kwargs |= {"form": None, "refusal": status_refusal(enquiry)}
        return action_page(self, request, enquiry, object_url=url, template=ACTION_TEMPLATE, **kwargs)

    def send_view(self, request, object_id):
        enquiry = self._enquiry_for_work(request, object_id)
        now = timezone.now()
        allowed = enquiry.can_transition_to(EnquiryStatus.SENT)
        preview, refusal, reply_by = None, None, None
        if allowed:
            reply_by = enquiry.reply_by_if_sent(now)
            preview, refusal = letters.enquiry_letter(enquiry, reply_by=reply_by, now=now)
        return self._page(
            request,
            enquiry,
            allowed=allowed,
            form=None if refusal else ConfirmForm(request.POST or None),
            refusal=refusal,
            preview=preview,
            reply_by=reply_by,
            recipients=enquiry.recipient_list,
            title=gettext("Send %(enquiry)s") % {"enquiry": enquiry.reference},
            intro=gettext(
                "This is the letter as it will go out. Sending it starts the reply-by clock, counted from the "
                "moment it is sent."
            ),
            submit_label=gettext("Send the letter"),
            apply=lambda data: services.send_enquiry(enquiry, by=request.user, now=timezone.now()),
            done=gettext("%(enquiry)s sent.") % {"enquiry": enquiry.reference},
        )

    def reply_view(self, request, object_id):
        enquiry = self._enquiry_for_work(request, object_id)
        form = ReplyForm(request.POST or None, request.FILES or None)
        return self._page(
            request,
            enquiry,
            allowed=enquiry.can_transition_to(EnquiryStatus.ANSWERED),
            form=form,
            title=gettext("Record the reply to %(enquiry)s") % {"enquiry": enquiry.reference},
            intro=gettext("Recording the reply meets the reply-by clock and cancels the reminders still waiting."),
            submit_label=gettext("Record the reply"),
            apply=lambda data: services.record_reply(
                enquiry,
                replied_on=data["replied_on"],
                summary=data["summary"],
                documents=data["documents"],
                by=request.user,
                now=timezone.now(),
            ),
            done=gettext("Reply to %(enquiry)s recorded.") % {"enquiry": enquiry.reference},
        )

    def extend_view(self, request, object_id):
        enquiry = self._enquiry_for_work(request, object_id)
        clock = enquiry.clocks.open().select_related("rule").prefetch_related("extensions").first()
        intro = ""
        if clock is not None and clock.due_at is not None:
            intro = gettext(
                "The reply is now due %(due)s. Its rule (%(rule)s) allows %(days)d more days: the latest date it "
                "allows is %(latest)s. The reminders are made again for the new date."
            ) % {
                "due": _day(timezone.localtime(clock.due_at).date()),
                "rule": clock.rule.display_name,
                "days": clock.extension_days_left,
                "latest": _day(clock.latest_extended_date),
            }
        return self._page(
            request,
            enquiry,
            # Extending moves no status: it needs one awaiting a reply.
            allowed=enquiry.status == EnquiryStatus.SENT,
            form=ExtensionForm(request.POST or None),
            title=gettext("Extend the reply-by date of %(enquiry)s") % {"enquiry": enquiry.reference},
            intro=intro,
            submit_label=gettext("Extend"),
            apply=lambda data: services.grant_extension(
                enquiry, until=data["until"], reason=data["reason"], by=request.user, now=timezone.now()
            ),
            done=gettext("%(enquiry)s extended.") % {"enquiry": enquiry.reference},
        )

    def withdraw_view(self, request, object_id):
        enquiry = self._enquiry_for_work(request, object_id)
        return self._page(
            request,
            enquiry,
            allowed=enquiry.can_transition_to(EnquiryStatus.WITHDRAWN),
            form=WithdrawalForm(request.POST or None),
            title=gettext("Withdraw %(enquiry)s") % {"enquiry": enquiry.reference},
            intro=gettext("Withdrawing stops the reply-by clock and cancels the reminders still waiting."),
            submit_label=gettext("Withdraw"),
            apply=lambda data: services.withdraw_enquiry(
                enquiry, reason=data["reason"], by=request.user, now=timezone.now()
            ),
            done=gettext("%(enquiry)s withdrawn.") % {"enquiry": enquiry.reference},
        )


def _day(day: date) -> str:
    return date_format(day, "DATE_FORMAT")
