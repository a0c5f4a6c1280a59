"""The reminder list and the reminder policy in the admin: reminders are read, filtered and (failed
ones, by team leads and administrators) sent again; the policy is one page whose switch holds every
message to organisations."""

from datetime import timedelta

import pytest

from cases.models import Confidentiality, DeliveryState, Reminder, ReminderKind, ReminderPolicy
from dpa.roles import TEAM_LEAD
from tests.helpers.clocks import running_clock
from tests.helpers.factories import CaseFactory, make_user
from tests.helpers.moments import NOW
from tests.helpers.pages import get_within_budget, messages_of
from tests.helpers.reminders import reminder

pytestmark = pytest.mark.django_db

REMINDERS = "/admin/cases/reminder/"
POLICY = "/admin/cases/reminderpolicy/"


def reminder_on(case, *, kind=ReminderKind.OFFICER_OVERDUE, state=DeliveryState.PENDING, offset_days=0, **fields):
    """A reminder row on a running clock of the case (one made overdue if it has none), as the sweep
    would have made it."""
    clock = case.clocks.filter(state="running").first() or running_clock(case, due_at=NOW - timedelta(days=1))
    if state == DeliveryState.SENT:
        fields.setdefault("sent_to", "officer@dpa.example")
    return reminder(clock, kind, offset_days=offset_days, state=state, **fields)


def failed_reminder(case):
    return reminder_on(case, state=DeliveryState.FAILED, attempts=5, last_error="SMTPServerDisconnected: gone")


def test_the_reminder_list_shows_each_reminder_with_its_case_state_and_last_error(client, lead, officer):
    case = CaseFactory(assigned_officer=officer)
    failed_reminder(case)
    client.force_login(lead)

    response = client.get(REMINDERS)

    assert response.status_code == 200
    content = response.content.decode()
    assert case.reference in content
    assert "SMTPServerDisconnected: gone" in content
    assert "Failed" in content


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"state__exact": "failed"}, ["failed"]),
        ({"state__exact": "sent"}, ["sent"]),
        ({"kind__exact": ReminderKind.ORGANISATION_CHASER}, ["chaser"]),
        ({"to": "organisation"}, ["chaser"]),
        ({"to": "staff"}, ["failed", "sent"]),
    ],
)
def test_the_reminder_list_filters_by_state_kind_and_addressee(client, lead, query, expected):
    rows = {
        "failed": failed_reminder(CaseFactory()),
        "sent": reminder_on(CaseFactory(), state=DeliveryState.SENT),
        "chaser": reminder_on(CaseFactory(), kind=ReminderKind.ORGANISATION_CHASER, offset_days=-1),
    }
    client.force_login(lead)

    listed = client.get(REMINDERS, query).context["cl"].result_list

    assert sorted(pk for pk in (row.pk for row in listed)) == sorted(rows[name].pk for name in expected)


def test_a_reminder_of_a_restricted_case_is_hidden_from_officers_who_cannot_see_the_case(client, probe_world):
    hidden = failed_reminder(probe_world["restricted"])
    shown = failed_reminder(probe_world["normal"])
    client.force_login(probe_world["colleague"])

    listed = client.get(REMINDERS).context["cl"].result_list

    assert [reminder.pk for reminder in listed] == [shown.pk]
    for page in ("change/", "retry/", "history/"):
        assert client.get(f"{REMINDERS}{hidden.pk}/{page}").status_code == 404


def test_a_reminder_is_read_only_for_everyone(client, lead, administrator):
    reminder = failed_reminder(CaseFactory())
    for user in (lead, administrator):
        client.force_login(user)

        response = client.post(f"{REMINDERS}{reminder.pk}/change/", {"state": "sent", "attempts": "0"})

        assert response.status_code == 403
    reminder.refresh_from_db()
    assert (reminder.state, reminder.attempts) == (DeliveryState.FAILED, 5)


def test_only_team_leads_and_administrators_are_offered_to_send_a_failed_reminder_again(client, officer, lead):
    reminder = failed_reminder(CaseFactory(assigned_officer=officer))
    page = f"{REMINDERS}{reminder.pk}/change/"
    retry = f"{REMINDERS}{reminder.pk}/retry/"

    client.force_login(officer)
    assert retry not in client.get(page).content.decode()
    assert client.get(retry).status_code == 403
    assert client.post(retry).status_code == 403
    assert client.get(REMINDERS).context["action_form"] is None

    client.force_login(lead)
    assert retry in client.get(page).content.decode()
    assert client.get(retry).status_code == 200


def test_a_team_lead_sends_a_failed_reminder_again_from_its_page(client, lead):
    reminder = failed_reminder(CaseFactory())
    client.force_login(lead)

    response = client.post(f"{REMINDERS}{reminder.pk}/retry/", {"_confirm": "1"})

    assert response.status_code == 302
    assert response["Location"] == f"{REMINDERS}{reminder.pk}/change/"
    assert messages_of(response) == ["The reminder will be sent again."]
    reminder.refresh_from_db()
    assert reminder.state == DeliveryState.PENDING


def test_the_list_sends_the_selected_failed_reminders_again_and_leaves_the_others(client, administrator):
    failed = [failed_reminder(CaseFactory()) for _ in range(2)]
    delivered = reminder_on(CaseFactory(), state=DeliveryState.SENT)
    client.force_login(administrator)

    response = client.post(
        REMINDERS, {"action": "retry", "_selected_action": [each.pk for each in [*failed, delivered]]}
    )

    assert response.status_code == 302
    assert messages_of(response) == [
        "2 reminders will be sent again.",
        "1 reminder had not failed and was left alone.",
    ]
    assert sorted(Reminder.objects.values_list("state", flat=True)) == ["pending", "pending", "sent"]


def test_a_reminder_that_has_not_failed_is_not_offered_to_be_sent_again(client, lead):
    reminder = reminder_on(CaseFactory(), state=DeliveryState.SENT)
    client.force_login(lead)

    page = client.get(f"{REMINDERS}{reminder.pk}/change/").content.decode()
    retry = client.get(f"{REMINDERS}{reminder.pk}/retry/")

    assert f"{reminder.pk}/retry/" not in page
    assert retry.status_code == 200
    assert retry.context["form"] is not None
    assert "Only a reminder that failed can be sent again" in retry.content.decode()
    assert 'name="_confirm"' not in retry.content.decode()


# Four queries of any signed-in admin request; two counts, the page of reminders with their clocks,
# cases, enquiries and rules.
REMINDER_LIST_QUERIES = 7


@pytest.mark.parametrize("n", [3, 30])
def test_the_reminder_list_costs_the_same_for_3_and_30_reminders(client, django_assert_num_queries, n):
    for i in range(n):
        failed_reminder(CaseFactory(confidentiality=Confidentiality.RESTRICTED if i % 3 else Confidentiality.NORMAL))
    client.force_login(make_user(TEAM_LEAD))

    response = get_within_budget(client, REMINDERS, REMINDER_LIST_QUERIES, django_assert_num_queries)

    assert len(response.context["cl"].result_list) == n


# --- the policy --------------------------------------------------------------------------------------


def test_the_policy_list_is_the_one_policy_with_its_switch(client, administrator):
    client.force_login(administrator)

    response = client.get(POLICY)

    assert response.status_code == 200
    assert [policy.pk for policy in response.context["cl"].result_list] == [1]
    content = response.content.decode()
    assert "Messages to organisations go out as they fall due." in content
    assert f"{POLICY}1/hold/" in content
    assert f"{POLICY}add/" not in content


def test_an_administrator_changes_the_reminder_days_and_is_recorded_as_having_changed_them(client, administrator):
    client.force_login(administrator)

    response = client.post(
        f"{POLICY}1/change/",
        {"organisation_days_before": "5, 2", "organisation_days_after": "2", "escalate_after_days": "4"},
    )

    assert response.status_code == 302
    policy = ReminderPolicy.current()
    assert (policy.organisation_days_before, policy.organisation_days_after, policy.escalate_after_days) == (
        [5, 2],
        [2],
        4,
    )
    assert policy.changed_by == administrator
    assert policy.organisations_paused is False


def test_escalating_on_the_due_day_is_a_form_error(client, administrator):
    client.force_login(administrator)

    response = client.post(
        f"{POLICY}1/change/",
        {"organisation_days_before": "3", "organisation_days_after": "1", "escalate_after_days": "0"},
    )

    assert response.status_code == 200
    assert "escalate_after_days" in response.context["adminform"].form.errors
    assert ReminderPolicy.current().escalate_after_days == 3


def test_an_administrator_holds_and_releases_every_message_to_organisations(client, administrator):
    client.force_login(administrator)

    held = client.post(f"{POLICY}1/hold/", {"_confirm": "1"})
    page = client.get(POLICY).content.decode()
    released = client.post(f"{POLICY}1/release/", {"_confirm": "1"})

    assert held.status_code == released.status_code == 302
    assert messages_of(held) == ["Messages to organisations are held."]
    assert "Every message to organisations is held. Alerts to staff continue." in page
    assert f"{POLICY}1/release/" in page
    policy = ReminderPolicy.current()
    assert (policy.organisations_paused, policy.changed_by) == (False, administrator)
    assert policy.history.filter(organisations_paused=True).count() == 1


def test_holding_what_is_already_held_offers_no_button(client, administrator):
    client.force_login(administrator)
    client.post(f"{POLICY}1/hold/", {"_confirm": "1"})

    response = client.get(f"{POLICY}1/hold/")

    assert "Nothing to do: messages to organisations are already held." in response.content.decode()
    assert 'name="_confirm"' not in response.content.decode()


@pytest.mark.parametrize("page", ["1/change/", "1/hold/", "1/release/"])
def test_officers_and_team_leads_read_the_policy_but_cannot_change_it(client, officer, lead, page):
    for user in (officer, lead):
        client.force_login(user)

        response = client.post(f"{POLICY}{page}", {"escalate_after_days": "9"})

        assert response.status_code == 403
    assert ReminderPolicy.current().escalate_after_days == 3
    assert messages_of(client.get(f"{POLICY}1/change/")) == []


# Four queries of any signed-in admin request; the policy, two counts, the page of its one row.
POLICY_LIST_QUERIES = 8


def test_the_policy_list_costs_a_fixed_number_of_queries(client, administrator, django_assert_num_queries):
    client.force_login(administrator)

    response = get_within_budget(client, POLICY, POLICY_LIST_QUERIES, django_assert_num_queries)

    assert len(response.context["cl"].result_list) == 1
