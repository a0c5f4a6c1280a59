"""Delivering a reminder: once however often its task runs, to the people it is for at the time of
sending, an organisation's chasers as one e-mail, on the timeline; a failure counted, tried again,
and marked failed after the last try."""

from smtplib import SMTPServerDisconnected

import pytest
from django.utils import timezone

from cases.models import CaseEvent, DeliveryState, Reminder
from cases.services.reminders import NobodyToSendTo, deliver_reminder, sweep_reminders
from cases.tasks import reminders as tasks
from dpa.roles import TEAM_LEAD
from tests.helpers.clocks import running_clock
from tests.helpers.factories import CaseFactory, OrganisationFactory, TeamFactory, make_user
from tests.helpers.moments import NOW
from tests.helpers.reminders import (
    CHASER,
    DAY,
    ESCALATION,
    OFFICER_OVERDUE,
    ORGANISATION_BEFORE,
    SECOND,
    answer,
    overdue_alert,
    sent_enquiry,
)

pytestmark = pytest.mark.django_db


def swept(kind: str) -> list[Reminder]:
    sweep_reminders(now=NOW)
    return list(Reminder.objects.filter(kind=kind).order_by("pk"))


# once


def test_delivering_a_reminder_twice_sends_one_e_mail(officer, mailoutbox):
    reminder = overdue_alert(officer)

    first = deliver_reminder(reminder.pk, now=NOW)
    second = deliver_reminder(reminder.pk, now=NOW)

    assert (first.pk, second) == (reminder.pk, None)
    [message] = mailoutbox
    reminder.refresh_from_db()
    assert (reminder.state, reminder.sent_at, reminder.attempts) == (DeliveryState.SENT, NOW, 1)
    assert (reminder.sent_to, message.to) == ("officer@dpa.example", ["officer@dpa.example"])
    assert reminder.message_id == message.extra_headers["Message-ID"]
    assert reminder.clock.case.reference in message.subject


def test_the_delivery_task_run_twice_sends_one_e_mail(officer, mailoutbox):
    reminder = overdue_alert(officer)

    tasks.deliver_reminder.apply((reminder.pk,))
    tasks.deliver_reminder.apply((reminder.pk,))

    assert len(mailoutbox) == 1
    assert Reminder.objects.get().state == DeliveryState.SENT


def test_a_reminder_no_longer_owed_is_cancelled_instead_of_sent(officer, mailoutbox):
    enquiry = sent_enquiry(officer=officer, due_at=NOW - SECOND)
    [reminder] = swept(OFFICER_OVERDUE)
    answer(enquiry, at=NOW)

    assert deliver_reminder(reminder.pk, now=NOW) is None

    assert (Reminder.objects.get().state, mailoutbox) == (DeliveryState.CANCELLED, [])


def test_a_sent_reminder_is_written_on_the_timeline_of_every_case_of_the_enquiry(officer):
    enquiry = sent_enquiry(officer=officer, due_at=NOW - SECOND)
    other_case = CaseFactory(organisation=enquiry.organisation, assigned_officer=officer)
    enquiry.cases.add(other_case)
    [reminder] = swept(OFFICER_OVERDUE)

    deliver_reminder(reminder.pk, now=NOW)

    events = CaseEvent.objects.filter(kind=CaseEvent.Kind.REMINDER_SENT)
    assert sorted(events.values_list("case", flat=True)) == sorted(enquiry.cases.values_list("pk", flat=True))
    message = events.first().message
    assert (message["code"], message["kind"], message["to"]) == ("reminder_sent", "officer_overdue", [officer.email])
    assert (message["rule"]["code"], message["enquiry"]) == ("hk-enquiry-reply", enquiry.reference)
    assert enquiry.reference in events.first().describe()


def test_a_sweep_queues_its_reminders_once_committed_and_each_goes_out_once(
    officer, lead, mailoutbox, tasks_run_in_process, django_capture_on_commit_callbacks
):
    # The tasks read the real clock: the reply was due 20 days before it.
    now = timezone.now()
    sent_enquiry(officer=officer, due_at=now - 20 * DAY)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        sweep_reminders(now=now)
        assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        sweep_reminders(now=now)

    assert len(callbacks) == 1
    assert sorted(message.to for message in mailoutbox) == [["dpo@organisation.example"], [officer.email], [lead.email]]
    assert set(Reminder.objects.values_list("state", flat=True)) == {DeliveryState.SENT}


# an organisation's chasers as one e-mail


def test_an_organisations_chasers_go_as_one_e_mail_listing_all_its_late_replies(officer, mailoutbox):
    organisation = OrganisationFactory(name="Linkwave Limited")
    both = "dpo@linkwave.example\nlegal@linkwave.example"
    late = [
        sent_enquiry(officer=officer, due_at=NOW - days * DAY, organisation=organisation, recipients=addresses)
        # The same addresses in another order and letter case are the same recipients.
        for days, addresses in [(2, both), (9, both), (20, "Legal@linkwave.example dpo@linkwave.example")]
    ]
    elsewhere = sent_enquiry(officer=officer, due_at=NOW - 2 * DAY, recipients="privacy@elsewhere.example")
    chasers = swept(CHASER)

    for reminder in chasers:
        deliver_reminder(reminder.pk, now=NOW)

    assert len(mailoutbox) == 2
    [to_linkwave] = [message for message in mailoutbox if "dpo@linkwave.example" in message.to]
    [to_elsewhere] = [message for message in mailoutbox if message is not to_linkwave]
    assert to_linkwave.to == ["dpo@linkwave.example", "legal@linkwave.example"]
    assert to_elsewhere.to == ["privacy@elsewhere.example"]
    for enquiry in late:
        assert enquiry.reference in to_linkwave.subject
        assert enquiry.reference in to_linkwave.body
    assert elsewhere.reference not in to_linkwave.body
    assert to_linkwave.reply_to == ["enquiries@dpa.example"]
    assert {reminder.state for reminder in Reminder.objects.filter(kind=CHASER)} == {DeliveryState.SENT}
    linkwave = Reminder.objects.filter(kind=CHASER, clock__enquiry__organisation=organisation)
    [carrier] = linkwave.filter(sent_with=None)
    assert list(linkwave.exclude(sent_with=None).values_list("sent_with", flat=True)) == [carrier.pk, carrier.pk]
    assert set(linkwave.values_list("message_id", flat=True)) == {to_linkwave.extra_headers["Message-ID"]}


def test_enquiries_of_one_organisation_to_other_addresses_are_chased_apart(officer, mailoutbox):
    organisation = OrganisationFactory(name="Linkwave Limited")
    to_dpo = sent_enquiry(
        officer=officer, due_at=NOW - 2 * DAY, organisation=organisation, recipients="dpo@linkwave.example"
    )
    to_legal = sent_enquiry(
        officer=officer,
        due_at=NOW - 9 * DAY,
        organisation=organisation,
        recipients="legal@linkwave.example",
        subject="Retention of CCTV footage",
    )

    for reminder in swept(CHASER):
        deliver_reminder(reminder.pk, now=NOW)

    by_address = {tuple(message.to): message for message in mailoutbox}
    assert sorted(by_address) == [("dpo@linkwave.example",), ("legal@linkwave.example",)]
    dpo, legal = by_address[("dpo@linkwave.example",)], by_address[("legal@linkwave.example",)]
    assert (to_dpo.reference in dpo.subject, to_legal.reference in dpo.subject) == (True, False)
    assert (to_legal.reference in legal.subject, to_dpo.reference in legal.subject) == (True, False)
    assert "Retention of CCTV footage" not in dpo.body
    assert "Retention of CCTV footage" in legal.body
    assert list(Reminder.objects.filter(kind=CHASER).values_list("state", "sent_with")) == [
        (DeliveryState.SENT, None),
        (DeliveryState.SENT, None),
    ]


def test_a_reminder_to_an_organisation_is_written_in_the_language_of_the_enquiry(officer, mailoutbox):
    sent_enquiry(officer=officer, due_at=NOW + 3 * DAY, language="zh-hant")
    [reminder] = swept(ORGANISATION_BEFORE)

    deliver_reminder(reminder.pk, now=NOW)

    [message] = mailoutbox
    assert "2026年3月5日" in message.body


# to whom


def test_the_escalation_goes_to_the_lead_of_the_cases_team(officer, lead):
    head = make_user(TEAM_LEAD, username="head", email="head@dpa.example")
    running_clock(
        CaseFactory(assigned_officer=officer, team=TeamFactory(lead=head)), due_at=NOW - 3 * DAY, rule_code="gdpr-art33"
    )
    [reminder] = swept(ESCALATION)

    deliver_reminder(reminder.pk, now=NOW)

    assert Reminder.objects.get(pk=reminder.pk).sent_to == "head@dpa.example"


def test_without_a_lead_of_the_team_the_escalation_goes_to_every_active_team_lead(officer, lead):
    make_user(TEAM_LEAD, username="retired", email="retired@dpa.example", is_active=False)
    second = make_user(TEAM_LEAD, username="second", email="second@dpa.example")
    running_clock(
        CaseFactory(assigned_officer=officer, team=TeamFactory()), due_at=NOW - 3 * DAY, rule_code="gdpr-art33"
    )
    [reminder] = swept(ESCALATION)

    deliver_reminder(reminder.pk, now=NOW)

    assert Reminder.objects.get(pk=reminder.pk).sent_to.split() == [lead.email, second.email]


def test_the_officers_alert_about_a_case_nobody_is_assigned_to_goes_to_the_team_leads(lead):
    reminder = overdue_alert(None)

    deliver_reminder(reminder.pk, now=NOW)

    assert Reminder.objects.get(pk=reminder.pk).sent_to == lead.email


def test_recipients_are_those_of_the_time_of_sending(officer, other_officer):
    reminder = overdue_alert(officer)
    reminder.clock.case.assigned_officer = other_officer
    reminder.clock.case.save()

    deliver_reminder(reminder.pk, now=NOW)

    assert Reminder.objects.get(pk=reminder.pk).sent_to == other_officer.email


# failures


def test_a_failure_to_send_counts_an_attempt_and_keeps_the_error(officer, mail_server_down):
    mail_server_down["left"] = 1
    reminder = overdue_alert(officer)

    with pytest.raises(SMTPServerDisconnected):
        deliver_reminder(reminder.pk, now=NOW)

    reminder.refresh_from_db()
    assert (reminder.state, reminder.attempts, reminder.sent_at) == (DeliveryState.PENDING, 1, None)
    assert reminder.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert not CaseEvent.objects.filter(kind=CaseEvent.Kind.REMINDER_SENT).exists()


def test_a_mail_server_that_recovers_gets_the_reminder_once_on_a_later_try(officer, mailoutbox, mail_server_down):
    mail_server_down["left"] = 2
    reminder = overdue_alert(officer)

    result = tasks.deliver_reminder.apply((reminder.pk,))

    assert result.successful()
    reminder.refresh_from_db()
    assert (reminder.state, reminder.attempts, len(mailoutbox)) == (DeliveryState.SENT, 3, 1)


def test_after_its_last_try_the_reminder_is_marked_failed(officer, settings, mailoutbox, mail_server_down):
    reminder = overdue_alert(officer)

    result = tasks.deliver_reminder.apply((reminder.pk,))

    assert result.failed()
    reminder.refresh_from_db()
    assert (reminder.state, reminder.attempts) == (DeliveryState.FAILED, settings.DELIVERY_MAX_RETRIES + 1)
    assert reminder.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert mailoutbox == []


def test_a_reminder_with_nobody_to_send_it_to_fails_at_once():
    reminder = overdue_alert(None)  # no officer, and no team lead to fall back on

    result = tasks.deliver_reminder.apply((reminder.pk,))

    assert isinstance(result.result, NobodyToSendTo)
    reminder.refresh_from_db()
    assert (reminder.state, reminder.attempts) == (DeliveryState.FAILED, 1)
    assert reminder.last_error.startswith("NobodyToSendTo: Nobody to send it to")
