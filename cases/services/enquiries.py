"""Enquiries: drafted about one or more cases of an organisation, sent with a reply-by clock,
answered, extended or withdrawn; each step written on the timeline of every case they cover."""

from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cases import letters, permissions, timeline_messages
from cases.models import (
    Case,
    CaseEvent,
    ClockRule,
    ClockState,
    ClockTrigger,
    Enquiry,
    EnquiryStatus,
    Letter,
    LetterKind,
    Organisation,
)
from cases.services.base import end_of_day, locked_enquiry, record_event, save_with_actor
from cases.services.clocks import extend_clock, halt_clock, meet_clock, resume_clock, start_enquiry_clock
from cases.services.documents import store_document
from cases.services.letters import keep_copy, new_letter, queue_on_commit
from cases.services.reminders import cancel_pending_reminders
from cases.uploads import inspect_upload

# What a draft's author may change; the rest moves through the services.
DRAFT_FIELDS = {"organisation", "cases", "subject", "questions", "language", "recipients", "rule"}


def _record_on_cases(cases: list[Case], kind: str, *, by, now: datetime, message: dict, text: str = "") -> None:
    for case in cases:
        record_event(case, kind, by=by, now=now, text=text, message=message)


def status_refusal(enquiry: Enquiry) -> str:
    """Why a step cannot be taken on an enquiry in its present status: what the services refuse
    with, and the screens say before offering the step."""
    return _("This cannot be done to an enquiry that is “%(status)s”.") % {"status": enquiry.get_status_display()}


def _refuse_unless(allowed: bool, enquiry: Enquiry) -> None:
    if not allowed:
        raise ValidationError(status_refusal(enquiry))


def _checked_cases(cases, *, organisation: Organisation, by) -> list[Case]:
    """The cases an enquiry may cover: open cases about the organisation that ``by`` works on."""
    chosen = list(Case.objects.filter(pk__in=[case.pk for case in cases]).order_by("pk"))
    if not chosen:
        raise ValidationError({"cases": _("Choose at least one case the enquiry is about.")})
    if by is not None and Case.objects.visible_to(by).filter(pk__in=[case.pk for case in chosen]).count() < len(chosen):
        raise PermissionDenied(_("You cannot see every one of these cases."))
    for case in chosen:
        permissions.require_work_on(by, case)
    elsewhere = [case.reference for case in chosen if case.organisation_id != organisation.pk]
    if elsewhere:
        text = ngettext(
            "%(cases)s is not about %(organisation)s.", "%(cases)s are not about %(organisation)s.", len(elsewhere)
        )
        raise ValidationError({"cases": text % {"cases": ", ".join(elsewhere), "organisation": organisation}})
    closed = [case.reference for case in chosen if case.is_closed]
    if closed:
        text = ngettext(
            "%(cases)s is closed; reopen it first.", "%(cases)s are closed; reopen them first.", len(closed)
        )
        raise ValidationError({"cases": text % {"cases": ", ".join(closed)}})
    return chosen


def _checked_rule(rule: ClockRule | None) -> ClockRule:
    rule = rule or ClockRule.objects.get(code=settings.DEFAULT_ENQUIRY_RULE)
    if rule.trigger != ClockTrigger.ENQUIRY_SENT:
        raise ValidationError({"rule": _("Choose a rule counted from the sending of an enquiry.")})
    return rule


def _checked_text(enquiry: Enquiry) -> None:
    enquiry.subject, enquiry.questions = enquiry.subject.strip(), enquiry.questions.strip()
    enquiry.recipients = "\n".join(enquiry.recipient_list)
    enquiry.full_clean()


@transaction.atomic
def draft_enquiry(
    *,
    organisation: Organisation,
    cases,
    subject: str,
    questions: str,
    language: str,
    by,
    now: datetime,
    recipients: str | None = None,
    rule: ClockRule | None = None,
) -> Enquiry:
    """Draft a letter to an organisation about some of its open cases; nothing is sent yet."""
    chosen = _checked_cases(cases, organisation=organisation, by=by)
    enquiry = Enquiry(
        organisation=organisation,
        officer=by,
        recipients=organisation.contact_email if recipients is None else recipients,
        language=language,
        subject=subject,
        questions=questions,
        rule=_checked_rule(rule),
        drafted_at=now,
    )
    _checked_text(enquiry)
    save_with_actor(enquiry, by=by)
    enquiry.cases.set(chosen)
    _record_on_cases(
        chosen,
        CaseEvent.Kind.ENQUIRY_DRAFTED,
        by=by,
        now=now,
        message=timeline_messages.enquiry_drafted(enquiry),
        text=enquiry.subject,
    )
    return enquiry


@transaction.atomic
def change_draft(enquiry: Enquiry, *, by, now: datetime, **fields) -> Enquiry:
    """Change a draft before it is sent; a case it newly covers gets the draft on its timeline."""
    unknown = set(fields) - DRAFT_FIELDS
    if unknown:
        raise ValueError(f"Not fields of a draft enquiry: {', '.join(sorted(unknown))}")
    enquiry = locked_enquiry(enquiry, by=by)
    _refuse_unless(enquiry.status == EnquiryStatus.DRAFT, enquiry)
    cases = fields.pop("cases", None)
    for name, value in fields.items():
        setattr(enquiry, name, value)
    if "rule" in fields:
        enquiry.rule = _checked_rule(enquiry.rule)
    covered = set(enquiry.cases.values_list("pk", flat=True))
    chosen = _checked_cases(
        cases if cases is not None else enquiry.cases.all(), organisation=enquiry.organisation, by=by
    )
    _checked_text(enquiry)
    save_with_actor(enquiry, by=by)
    if cases is not None:
        enquiry.cases.set(chosen)
    newly_covered = [case for case in chosen if case.pk not in covered]
    message = timeline_messages.enquiry_drafted(enquiry)
    _record_on_cases(
        newly_covered, CaseEvent.Kind.ENQUIRY_DRAFTED, by=by, now=now, message=message, text=enquiry.subject
    )
    return enquiry


@transaction.atomic
def send_enquiry(enquiry: Enquiry, *, by, now: datetime) -> Letter:
    """Send a draft: its reply-by clock starts now, the letter carries the due date in words, a copy
    is kept on every case it covers, and the e-mail goes after commit."""
    enquiry = locked_enquiry(enquiry, by=by)
    _refuse_unless(enquiry.can_transition_to(EnquiryStatus.SENT), enquiry)
    cases = list(enquiry.cases.order_by("pk"))
    closed = [case.reference for case in cases if case.is_closed]
    if closed:
        text = ngettext(
            "%(cases)s is closed; reopen it before sending.",
            "%(cases)s are closed; reopen them before sending.",
            len(closed),
        )
        raise ValidationError(text % {"cases": ", ".join(closed)})
    if not enquiry.recipient_list:
        raise ValidationError({"recipients": _("Give the addresses the letter goes to.")})
    enquiry.status, enquiry.sent_at = EnquiryStatus.SENT, now
    save_with_actor(enquiry, by=by, fields=["status", "sent_at"])
    clock = start_enquiry_clock(enquiry, by=by, now=now)
    reply_by = timezone.localtime(clock.due_at).date()
    rendered, refusal = letters.enquiry_letter(enquiry, reply_by=reply_by, now=now)
    if refusal:
        # Raised inside the transaction: the clock just started and the new status go with it.
        raise ValidationError(refusal)
    letter = new_letter(
        kind=LetterKind.ENQUIRY,
        rendered=rendered,
        language=enquiry.language,
        recipients=enquiry.recipient_list,
        enquiry=enquiry,
        by=by,
        now=now,
    )
    keep_copy(letter, cases=cases, by=by, now=now)
    message = timeline_messages.enquiry_sent(enquiry, reply_by=reply_by)
    _record_on_cases(cases, CaseEvent.Kind.ENQUIRY_SENT, by=by, now=now, message=message)
    queue_on_commit(letter)
    return letter


@transaction.atomic
def record_reply(enquiry: Enquiry, *, replied_on: date, summary: str, documents=(), by, now: datetime) -> Enquiry:
    """Record the organisation's reply: it meets the reply-by clock as of the day it came, cancels
    the reminders still waiting and keeps what came with it on every case."""
    enquiry = locked_enquiry(enquiry, by=by)
    _refuse_unless(enquiry.can_transition_to(EnquiryStatus.ANSWERED), enquiry)
    summary = summary.strip()
    errors = {}
    if not summary:
        errors["summary"] = _("Say what the reply says.")
    if replied_on > timezone.localdate(now):
        errors["replied_on"] = _("A reply cannot be received in the future.")
    elif replied_on < timezone.localdate(enquiry.sent_at):
        errors["replied_on"] = _("A reply cannot come before the enquiry was sent.")
    checked = []
    for uploaded in documents:
        try:
            checked.append((uploaded.name, *inspect_upload(uploaded)))
        except ValidationError as error:
            errors.setdefault("documents", []).extend(error.messages)
    if errors:
        raise ValidationError(errors)
    # A reply counts from the day it came, however long after it is recorded.
    met_at = min(now, end_of_day(replied_on))
    clock = enquiry.clocks.open().select_related("rule").first()
    late = False
    if clock is not None:
        if clock.state == ClockState.PAUSED:
            # The reply ends the pause: the clock runs again, and is met, from then.
            met_at = max(met_at, clock.paused_at)
            clock = resume_clock(clock, by=by, now=met_at)
        late = clock.due_at < met_at
        meet_clock(clock, by=by, now=met_at)
    enquiry.status, enquiry.replied_on, enquiry.reply_summary = EnquiryStatus.ANSWERED, replied_on, summary
    save_with_actor(enquiry, by=by, fields=["status", "replied_on", "reply_summary"])
    cancel_pending_reminders(enquiry)
    cases = list(enquiry.cases.order_by("pk"))
    message = timeline_messages.reply_received(enquiry, on=replied_on, late=late)
    _record_on_cases(cases, CaseEvent.Kind.REPLY_RECEIVED, by=by, now=now, message=message, text=summary)
    for case in cases:
        for name, file_type, data in checked:
            store_document(
                case, data=data, name=name, content_type=file_type.content_type, by=by, now=now, enquiry=enquiry
            )
            record_event(case, CaseEvent.Kind.DOCUMENT_ADDED, by=by, now=now, text=name)
    return enquiry


@transaction.atomic
def grant_extension(enquiry: Enquiry, *, until: date, reason: str, by, now: datetime) -> Enquiry:
    """Give the organisation until a later date to reply, within the most its rule allows; the
    reminders made for the old date are cancelled so that the sweep makes them for the new one."""
    enquiry = locked_enquiry(enquiry, by=by)
    _refuse_unless(enquiry.status == EnquiryStatus.SENT, enquiry)
    clock = enquiry.clocks.open().select_related("rule").first()
    if clock is None or clock.state != ClockState.RUNNING:
        raise ValidationError(_("The reply-by clock is paused: resume it before moving the date."))
    was = clock.due_at
    due_on = timezone.localtime(was).date()
    days = (until - due_on).days
    if days < 1:
        raise ValidationError(
            {"until": _("Give a date after the present reply-by date, %(due)s.") % {"due": date_format(due_on)}}
        )
    today = timezone.localdate(now)
    if until < today:
        # A new date already past would only bring the alerts and chasers of a missed date again.
        raise ValidationError(
            {"until": _("Give a date from today, %(today)s, onwards.") % {"today": date_format(today)}}
        )
    if days > clock.extension_days_left:
        latest = clock.latest_extended_date
        raise ValidationError(
            {
                "until": _(
                    "The %(rule)s rule allows at most %(max)d days of extension in all, %(used)d already granted: "
                    "the latest reply-by date it allows is %(latest)s."
                )
                % {
                    "rule": clock.rule.code,
                    "max": clock.rule.max_extension_days,
                    "used": clock.extended_days,
                    "latest": date_format(latest),
                }
            }
        )
    extend_clock(clock, days=days, reason=reason, by=by, now=now)
    cancel_pending_reminders(enquiry, deadline=was)
    return enquiry


@transaction.atomic
def withdraw_enquiry(enquiry: Enquiry, *, reason: str, by, now: datetime) -> Enquiry:
    """Withdraw a draft or a sent enquiry: its clock stops and no reminder goes out any more."""
    enquiry = locked_enquiry(enquiry, by=by)
    _refuse_unless(enquiry.can_transition_to(EnquiryStatus.WITHDRAWN), enquiry)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for withdrawing the enquiry.")})
    for clock in enquiry.clocks.open():
        halt_clock(clock, by=by, now=now)
    enquiry.status, enquiry.withdrawn_at, enquiry.withdrawal_reason = EnquiryStatus.WITHDRAWN, now, reason
    save_with_actor(enquiry, by=by, fields=["status", "withdrawn_at", "withdrawal_reason"])
    cancel_pending_reminders(enquiry)
    message = timeline_messages.enquiry_withdrawn(enquiry)
    cases = list(enquiry.cases.order_by("pk"))
    _record_on_cases(cases, CaseEvent.Kind.ENQUIRY_WITHDRAWN, by=by, now=now, message=message, text=reason)
    return enquiry
