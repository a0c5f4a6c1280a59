"""Reminders: the sweep that makes them, their delivery, a failed one sent again, the switch that
holds messages to organisations, and the officers' daily digest.

The sweep decides what is owed (``cases.reminders``); delivery decides again, under a row lock,
just before sending, so that nothing stale or already sent goes out however often a task runs."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cases import permissions, reminders
from cases.letters import date_in_words
from cases.models import (
    CaseEvent,
    Clock,
    ClockState,
    DeliveryState,
    Digest,
    Enquiry,
    Reminder,
    ReminderKind,
    ReminderPolicy,
    addresses,
    days_until,
)
from cases.services.base import save_with_actor
from cases.services.clocks import record_clock_event
from cases.services.delivery import failure_text, message_id, reopened, unqueue
from cases.tasks import letters as letter_tasks
from cases.tasks import reminders as tasks
from dpa.roles import TEAM_LEAD

# What the digest lists besides what is overdue.
DIGEST_HORIZON = timedelta(days=7)


@dataclass(frozen=True)
class SweepReport:
    """What a sweep did, or in a dry run would do."""

    created: int
    cancelled: int
    queued: list[reminders.Queued]
    # Pending messages to organisations the switch holds back.
    held: int
    dry_run: bool
    # The ids of the pending letters queued again: not taken by the broker, or their task lost.
    letters: list[int]


@transaction.atomic
def sweep_reminders(*, now: datetime, dry_run: bool = False) -> SweepReport:
    """Create the reminders that have fallen due, cancel those no longer owed, and queue the
    delivery of every pending one, and of every pending letter, not queued recently, after commit.
    A dry run does the same and rolls it all back, so it reports exactly what a sweep would do."""
    policy, due = reminders.locked_policy_and_schedules()
    created = reminders.record_due_reminders(due, now=now)
    cancelled = reminders.cancel_stale_reminders(now=now)
    queued = created + reminders.claim_for_delivery(now=now, organisations_paused=policy.organisations_paused)
    held = Reminder.objects.pending().to_organisations().count() if policy.organisations_paused else 0
    letters = reminders.claim_letters_for_delivery(now=now)
    if dry_run:
        transaction.set_rollback(True)
    else:
        # The letters first: queueing them never raises, so a broker down stops neither.
        if letters:
            transaction.on_commit(lambda: letter_tasks.queue_letters(letters))
        if queued:
            ids = [reminder.pk for reminder in queued]
            transaction.on_commit(lambda: tasks.enqueue_deliveries(ids))
    return SweepReport(
        created=len(created), cancelled=cancelled, queued=queued, held=held, dry_run=dry_run, letters=letters
    )


def unqueue_reminders(reminder_ids: list[int]) -> None:
    """Forget that these reminders were queued, so that the next sweep queues them again."""
    unqueue(Reminder, reminder_ids)


def cancel_pending_reminders(enquiry: Enquiry, **only) -> None:
    """Cancel what an enquiry's clocks still have waiting (``only`` narrows it, e.g. to a deadline):
    a reply, an extension or a withdrawal has made it stale before the sweep would see it."""
    # Reminders keep no field history, so one UPDATE loses nothing.
    Reminder.objects.pending().filter(clock__enquiry=enquiry, **only).update(state=DeliveryState.CANCELLED)


class NobodyToSendTo(Exception):
    """A reminder with no address to go to: never tried again by itself."""


@dataclass(frozen=True)
class Composed:
    message: EmailMessage
    to: list[str]


def deliver_reminder(reminder_id: int, *, now: datetime) -> Reminder | None:
    """Send a pending reminder that is still owed, and return it; do nothing (None) otherwise.

    The row is locked while it is sent, so two tasks for it send it once. A stale one is
    cancelled; one to an organisation waits, pending, while such messages are held. An
    organisation's chasers go as one e-mail listing all its late replies: every pending chaser
    of the organisation is marked sent with it. A failure to send counts an attempt and keeps the
    error, committed, before it is raised again for the task to decide whether to try again."""
    failure = None
    with transaction.atomic():
        rows = _locked_rows(reminder_id)
        owed = set(Reminder.objects.filter(~reminders.no_longer_owed(now), pk__in=[row.pk for row in rows]))
        stale = [row.pk for row in rows if row not in owed]
        Reminder.objects.filter(pk__in=stale).update(state=DeliveryState.CANCELLED)
        rows = [row for row in rows if row in owed]
        reminder = next((row for row in rows if row.pk == reminder_id), None)
        if reminder is None:
            return None
        if reminder.to_organisation and ReminderPolicy.current().organisations_paused:
            # Held: the first sweep after the release queues it again.
            unqueue_reminders([reminder.pk])
            return None
        try:
            # A savepoint: what records the sending is undone if the message does not go.
            with transaction.atomic():
                composed = _compose(reminder, now=now)
                _record_sent(reminder, rows, composed, now=now)
                composed.message.send()
        except Exception as error:
            Reminder.objects.filter(pk=reminder.pk).update(attempts=F("attempts") + 1, last_error=failure_text(error))
            failure = error
    if failure is not None:
        raise failure
    reminder.refresh_from_db()
    return reminder


def _locked_rows(reminder_id: int) -> list[Reminder]:
    """The reminder, locked, if it is pending; for a chaser, every pending chaser of its
    organisation sent to the same addresses, locked in one statement and in one order, so that two
    deliveries for the same organisation queue up instead of deadlocking."""
    reminder = Reminder.objects.select_related("clock__enquiry").filter(pk=reminder_id).first()
    if reminder is None:
        return []
    rows = Reminder.objects.pending()
    if reminder.kind == ReminderKind.ORGANISATION_CHASER:
        enquiry = reminder.clock.enquiry
        chasers = rows.filter(kind=reminder.kind, clock__enquiry__organisation=enquiry.organisation_id)
        to = recipients_key(enquiry.recipients)
        chasers = chasers.values_list("pk", "clock__enquiry__recipients")
        same = [pk for pk, recipients in chasers if recipients_key(recipients) == to]
        rows = rows.filter(pk__in=same)
    else:
        rows = rows.filter(pk=reminder_id)
    related = ["clock__rule", "clock__case__assigned_officer", "clock__case__team__lead"]
    related += ["clock__enquiry__organisation", "clock__enquiry__officer"]
    # each row's timeline cases: an enquiry's cases, for the "reminder sent" entries
    rows = rows.select_related(*related).prefetch_related("clock__enquiry__cases")
    return list(rows.select_for_update(of=("self",)).order_by("pk"))


def recipients_key(recipients: str) -> frozenset[str]:
    """The addresses of an enquiry's recipients as a set, whatever their order and letter case:
    enquiries with the same set share one chaser."""
    return frozenset(address.lower() for address in addresses(recipients))


def _record_sent(reminder: Reminder, rows: list[Reminder], composed: Composed, *, now: datetime) -> None:
    carried = [row for row in rows if row.kind == ReminderKind.ORGANISATION_CHASER and row != reminder]
    message_id = composed.message.extra_headers["Message-ID"]
    sent = {"state": DeliveryState.SENT, "sent_at": now, "sent_to": "\n".join(composed.to), "message_id": message_id}
    Reminder.objects.filter(pk=reminder.pk).update(**sent, attempts=F("attempts") + 1)
    Reminder.objects.filter(pk__in=[row.pk for row in carried]).update(**sent, sent_with=reminder)
    for row in [reminder, *carried]:
        record_clock_event(row.clock, CaseEvent.Kind.REMINDER_SENT, by=None, now=now, kind=row.kind, to=composed.to)


def mark_reminder_failed(reminder_id: int, error: BaseException) -> None:
    """Give up on a pending reminder after its last try: failed, with the error, for staff to see."""
    failed = Reminder.objects.pending().filter(pk=reminder_id)
    failed.filter(last_error="").update(last_error=failure_text(error))
    failed.update(state=DeliveryState.FAILED)


def _compose(reminder: Reminder, *, now: datetime) -> Composed:
    clock = reminder.clock
    if reminder.to_organisation:
        return _to_organisation(reminder, now=now)
    officer = clock.officer
    if reminder.kind == ReminderKind.LEAD_ESCALATION:
        people = _leads(clock)
    else:
        # A case nobody is assigned to: its team lead hears of the deadline instead.
        people = [officer] if _reachable(officer) else _leads(clock)
    to = list(dict.fromkeys(person.email for person in people))
    if not to:
        raise NobodyToSendTo(_("Nobody to send it to: no officer or team lead with an e-mail address."))
    context = {
        "clock": clock,
        "officer": officer,
        "owner": clock.owner,
        "rule": clock.rule.display_name,
        "due": timezone.localtime(clock.due_at),
        "days": -days_until(clock.due_at, timezone.localdate(now)),
    }
    subjects = {
        ReminderKind.OFFICER_BEFORE_DUE: _("%(reference)s: %(rule)s due %(due)s"),
        ReminderKind.OFFICER_OVERDUE: _("%(reference)s: %(rule)s was due %(due)s"),
        ReminderKind.LEAD_ESCALATION: _("Escalation: %(reference)s, %(rule)s was due %(due)s"),
    }
    subject = subjects[reminder.kind] % {
        "reference": clock.owner.reference,
        "rule": clock.rule.display_name,
        "due": _on(clock.due_at),
    }
    body = render_to_string(f"emails/reminder_{reminder.kind}.txt", context)
    return Composed(EmailMessage(subject, body, to=to, headers={"Message-ID": message_id()}), to)


def _to_organisation(reminder: Reminder, *, now: datetime) -> Composed:
    enquiry = reminder.clock.enquiry
    if reminder.kind == ReminderKind.ORGANISATION_CHASER:
        # Every late reply of the organisation to these addresses, not only those whose chaser
        # falls due now; what was asked of other addresses is not theirs to read.
        late = (
            Clock.objects.breached(now)
            .filter(enquiry__organisation=enquiry.organisation_id, enquiry__status=Enquiry.Status.SENT)
            .select_related("enquiry")
            .order_by("due_at", "pk")
        )
        to = recipients_key(enquiry.recipients)
        clocks = [clock for clock in late if recipients_key(clock.enquiry.recipients) == to]
    else:
        clocks = [reminder.clock]
    # A sent enquiry always has recipients (the database holds it to that), and every enquiry
    # listed has the same.
    to = list(dict.fromkeys(enquiry.recipient_list))
    with translation.override(enquiry.language):
        letters = [_letter(clock) for clock in clocks]
        context = {"organisation": enquiry.organisation, "letters": letters, "letter": letters[0]}
        references = ", ".join(letter["reference"] for letter in letters)
        if reminder.kind == ReminderKind.ORGANISATION_CHASER:
            subject = _("Reply overdue: %(references)s") % {"references": references}
        else:
            subject = _("Reminder: reply to %(reference)s due on %(due)s") % letters[0]
        body = render_to_string(f"emails/reminder_{reminder.kind}.txt", context)
    message = EmailMessage(
        subject, body, to=to, reply_to=[settings.LETTERS_REPLY_TO], headers={"Message-ID": message_id()}
    )
    return Composed(message, to)


def _letter(clock: Clock) -> dict:
    enquiry = clock.enquiry
    return {
        "reference": enquiry.reference,
        "subject": enquiry.subject,
        "sent": _on(enquiry.sent_at),
        "due": _on(clock.due_at),
    }


def _on(moment: datetime) -> str:
    return date_in_words(timezone.localdate(moment), translation.get_language())


def _reachable(person) -> bool:
    return person is not None and person.is_active and bool(person.email)


def _leads(clock: Clock) -> list:
    """The team leads of the clock's cases; without any, every active member of the "Team lead" role."""
    cases = [clock.case] if clock.case_id else clock.enquiry.cases.select_related("team__lead").order_by("pk")
    leads = [case.team.lead for case in cases if case.team_id and _reachable(case.team.lead)]
    if leads:
        return list(dict.fromkeys(leads))
    role = get_user_model().objects.filter(groups__name=TEAM_LEAD, is_active=True).exclude(email="")
    return list(role.order_by("pk"))


@transaction.atomic
def retry_reminder(reminder: Reminder, *, by, now: datetime) -> Reminder:
    """Send a failed reminder again: pending once more, and queued after commit."""
    reminder = reopened(
        Reminder.objects.visible_to(by),
        reminder.pk,
        by=by,
        now=now,
        refusals={
            "not allowed": _("Only a team lead or an administrator can send a reminder again."),
            "not visible": _("You cannot see this reminder."),
            "not failed": _("Only a reminder that failed can be sent again."),
        },
    )
    reminder.save(update_fields=["state", "queued_at"])
    tasks.deliver_reminder.delay_on_commit(reminder.pk)
    return reminder


def _locked_policy(*, by) -> ReminderPolicy:
    if not permissions.can_change_reminder_policy(by):
        raise PermissionDenied(_("Only an administrator can hold or release messages to organisations."))
    return ReminderPolicy.locked()


@transaction.atomic
def set_organisations_paused(paused: bool, *, by, now: datetime) -> ReminderPolicy:
    """Hold, or release, every message to organisations. Held ones stay pending; once released,
    the next sweep sends what is still due, once, and cancels what was overtaken meanwhile."""
    policy = _locked_policy(by=by)
    if policy.organisations_paused != paused:
        policy.organisations_paused, policy.changed_by = paused, by
        policy._history_date = now
        save_with_actor(policy, by=by, fields=["organisations_paused", "changed_by"])
    return policy


# What the policy's page edits; the switch for organisations moves through set_organisations_paused.
POLICY_FIELDS = ("organisation_days_before", "organisation_days_after", "escalate_after_days")


@transaction.atomic
def change_reminder_policy(*, by, now: datetime, **changes) -> ReminderPolicy:
    """Change when reminders go out; the sweep that runs finishes under the old policy first."""
    unknown = set(changes) - set(POLICY_FIELDS)
    if unknown:
        raise ValueError(f"Not fields of the reminder policy: {', '.join(sorted(unknown))}")
    policy = _locked_policy(by=by)
    for name, value in changes.items():
        setattr(policy, name, value)
    policy.changed_by = by
    policy.full_clean()
    policy._history_date = now
    save_with_actor(policy, by=by, fields=[*changes, "changed_by"])
    return policy


def send_digests(*, now: datetime) -> int:
    """E-mail each officer, once a day, what of theirs is overdue or due within a week; return how
    many were sent. Officers with nothing to report get nothing."""
    day = timezone.localdate(now)
    clocks = (
        Clock.objects.filter(state=ClockState.RUNNING, due_at__lt=now + DIGEST_HORIZON)
        .select_related("rule", "case__assigned_officer", "enquiry__officer", "enquiry__organisation")
        .order_by("due_at", "pk")
    )
    by_officer = defaultdict(list)
    for clock in clocks:
        officer = clock.officer
        if _reachable(officer):
            by_officer[officer].append(clock)
    done = set(Digest.objects.filter(day=day, officer__in=list(by_officer)).values_list("officer", flat=True))
    return sum(
        _send_digest(officer, clocks, now=now) for officer, clocks in by_officer.items() if officer.pk not in done
    )


# One transaction per officer: a digest that cannot be sent is tried again without resending the others.
@transaction.atomic
def _send_digest(officer, clocks: list[Clock], *, now: datetime) -> bool:
    today = timezone.localdate(now)
    _digest, created = Digest.objects.get_or_create(officer=officer, day=today, defaults={"sent_at": now})
    if not created:
        return False
    rows = [{"clock": clock, "owner": clock.owner, "due": timezone.localtime(clock.due_at)} for clock in clocks]
    context = {
        "officer": officer,
        "overdue": [row for row in rows if row["clock"].due_at < now],
        "due_soon": [row for row in rows if row["clock"].due_at >= now],
        "day": today,
    }
    subject = _("Your deadlines on %(day)s: %(overdue)d overdue, %(soon)d due within a week") % {
        "day": date_in_words(today, translation.get_language()),
        "overdue": len(context["overdue"]),
        "soon": len(context["due_soon"]),
    }
    body = render_to_string("emails/digest.txt", context)
    EmailMessage(subject, body, to=[officer.email], headers={"Message-ID": message_id()}).send()
    return True
