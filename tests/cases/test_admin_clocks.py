"""Deadlines in the staff screens: the case page shows and moves clocks through the services,
the case list filters by them, the home page lists the user's own, and the calendar page keeps
the holidays and warning days that move them."""

from datetime import date, datetime, timedelta
from html import unescape

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from cases import services
from cases.models import CalendarChange, CalendarDay, CaseEvent, CaseKind, ClockState
from dpa.roles import AUDITOR
from tests.helpers.clocks import ENQUIRY, add_day_and_move, start_clock
from tests.helpers.factories import CaseFactory, make_user
from tests.helpers.pages import case_page, messages_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def now():
    return timezone.now()


def test_case_page_shows_each_clock_with_its_due_date_state_and_explanation(client, officer, officers_case, now):
    clock = start_clock(officers_case, ENQUIRY, start=now, by=officer)
    client.force_login(officer)

    content = client.get(case_page(officers_case)).content.decode()

    deadlines = unescape(content.split('id="deadlines"', 1)[1].split("</section>", 1)[0])
    assert clock.rule.name in deadlines
    assert date_format(timezone.localtime(clock.due_at), "DATE_FORMAT") in deadlines
    assert unescape(clock.explain()) in deadlines
    assert "Running" in deadlines
    assert f"/admin/cases/case/{officers_case.pk}/clocks/{clock.pk}/pause/" in content
    assert f"/admin/cases/case/{officers_case.pk}/clocks/{clock.pk}/extend/" in content


def test_a_breached_clock_is_marked_breached_on_the_case_page(client, officer, officers_case, now):
    start_clock(officers_case, ENQUIRY, start=now - timedelta(days=30), by=officer)
    client.force_login(officer)

    assert "Breached" in client.get(case_page(officers_case)).content.decode()


def test_pausing_and_resuming_from_the_case_page_goes_through_the_services(client, officer, officers_case, now):
    clock = start_clock(officers_case, ENQUIRY, start=now - timedelta(days=2), by=officer)
    client.force_login(officer)
    pause_url = f"/admin/cases/case/{officers_case.pk}/clocks/{clock.pk}/pause/"

    refused = client.post(pause_url, {"reason": ""})
    assert refused.status_code == 200
    clock.refresh_from_db()
    assert clock.state == ClockState.RUNNING

    assert client.post(pause_url, {"reason": "Waiting for the complainant's documents"}).status_code == 302
    clock.refresh_from_db()
    assert (clock.state, clock.due_at) == (ClockState.PAUSED, None)

    assert client.post(f"/admin/cases/case/{officers_case.pk}/clocks/{clock.pk}/resume/").status_code == 302
    clock.refresh_from_db()
    assert clock.state == ClockState.RUNNING
    kinds = list(officers_case.events.values_list("kind", flat=True))
    assert CaseEvent.Kind.CLOCK_PAUSED in kinds and CaseEvent.Kind.CLOCK_RESUMED in kinds


def test_an_extension_beyond_the_rule_is_refused_on_the_page_and_changes_nothing(client, officer, officers_case, now):
    clock = start_clock(officers_case, ENQUIRY, start=now, by=officer)
    due = clock.due_at
    client.force_login(officer)
    url = f"/admin/cases/case/{officers_case.pk}/clocks/{clock.pk}/extend/"

    response = client.post(url, {"days": 29, "reason": "Organisation asked for more time"})

    assert response.status_code == 200
    assert "at most 28 days" in response.content.decode()
    clock.refresh_from_db()
    assert clock.due_at == due
    assert not clock.extensions.exists()

    assert client.post(url, {"days": 14, "reason": "Organisation asked for more time"}).status_code == 302
    clock.refresh_from_db()
    assert clock.due_at >= due + timedelta(days=14)


def test_marking_a_clock_met_from_the_case_page(client, officer, officers_case, now):
    clock = start_clock(officers_case, ENQUIRY, start=now, by=officer)
    client.force_login(officer)

    assert client.post(f"/admin/cases/case/{officers_case.pk}/clocks/{clock.pk}/meet/").status_code == 302

    clock.refresh_from_db()
    assert clock.state == ClockState.MET


def test_an_auditor_cannot_touch_a_clock(client, officer, officers_case, now):
    clock = start_clock(officers_case, ENQUIRY, start=now, by=officer)
    client.force_login(make_user(AUDITOR))

    response = client.post(f"/admin/cases/case/{officers_case.pk}/clocks/{clock.pk}/meet/")

    assert response.status_code == 403
    clock.refresh_from_db()
    assert clock.state == ClockState.RUNNING


def test_case_list_filters_cases_with_a_clock_due_within_7_days_or_breached(client, officer, now):
    due_soon, breached, later = (CaseFactory(title=title) for title in ("Due soon", "Breached", "Later"))
    start_clock(due_soon, ENQUIRY, start=now - timedelta(days=10), by=officer)
    start_clock(breached, ENQUIRY, start=now - timedelta(days=40), by=officer)
    start_clock(later, ENQUIRY, start=now, by=officer)
    client.force_login(officer)

    soon_page = client.get("/admin/cases/case/", {"deadline": "due_7"}).content.decode()
    breached_page = client.get("/admin/cases/case/", {"deadline": "breached"}).content.decode()

    assert "Due soon" in soon_page and "Breached" not in soon_page and "Later" not in soon_page
    assert "Breached" in breached_page and "Due soon" not in breached_page and "Later" not in breached_page


def test_home_page_lists_my_deadlines_this_week_and_my_breached_ones(client, officer, lead, now):
    mine_soon = CaseFactory(assigned_officer=officer)
    mine_late = CaseFactory(assigned_officer=officer)
    someone_elses = CaseFactory(assigned_officer=lead)
    start_clock(mine_soon, ENQUIRY, start=now - timedelta(days=10), by=officer)
    start_clock(mine_late, ENQUIRY, start=now - timedelta(days=40), by=officer)
    start_clock(someone_elses, ENQUIRY, start=now - timedelta(days=10), by=lead)
    client.force_login(officer)

    content = client.get("/admin/").content.decode()

    assert mine_soon.reference in content
    assert mine_late.reference in content and "Breached" in content
    assert someone_elses.reference not in content


def test_adding_a_warning_day_in_the_admin_moves_deadlines_in_the_background_and_lists_the_cases(
    client, lead, officer, officers_case, now, tasks_run_in_process, django_capture_on_commit_callbacks
):
    clock = start_clock(officers_case, ENQUIRY, start=now, by=officer)
    due_day = timezone.localtime(clock.due_at).date()
    client.force_login(lead)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/cases/calendarday/add/",
            {
                "jurisdiction": "HK",
                "date": due_day.isoformat(),
                "kind": "black_rainstorm",
                "name": "Black rainstorm",
                "source": "Hong Kong Observatory",
            },
        )

    change = CalendarChange.objects.get()
    assert response.url == f"/admin/cases/calendarday/changes/{change.pk}/"
    page = client.get(response.url)
    content = page.content.decode()
    assert messages_of(page) == ["The day is on the calendar. The open deadlines it affects move now."]
    assert (change.state, change.looked_at, change.moved) == ("done", 1, 1)
    assert 'http-equiv="refresh"' not in content
    assert officers_case.reference in content and "All these cases in the case list" in content
    clock.refresh_from_db()
    assert timezone.localtime(clock.due_at).date() > due_day
    assert officers_case.events.filter(kind=CaseEvent.Kind.DEADLINE_MOVED).count() == 1
    listed = client.get(f"/admin/cases/case/?calendar_change={change.pk}")
    assert [case.pk for case in listed.context["cl"].result_list] == [officers_case.pk]


def test_a_change_not_yet_moved_shows_it_is_waiting_and_reloads_itself(client, lead, officer, officers_case, now):
    start_clock(officers_case, ENQUIRY, start=now, by=officer)
    _day, change = services.add_calendar_day(
        day=timezone.localdate(now), kind="gale_warning", name="Signal No. 8", source="HKO", by=lead, now=now
    )
    client.force_login(lead)

    content = client.get(f"/admin/cases/calendarday/changes/{change.pk}/").content.decode()

    assert "Waiting to start" in content and 'http-equiv="refresh"' in content
    # Just queued: it is not offered again until it has waited long enough to have been lost.
    assert "Start again" not in content


def test_a_change_that_waited_too_long_or_failed_can_be_started_again(
    client, lead, officer, officers_case, now, tasks_run_in_process, django_capture_on_commit_callbacks
):
    start_clock(officers_case, ENQUIRY, start=now, by=officer)
    due_day = timezone.localdate(officers_case.clocks.get().due_at)
    _day, change = services.add_calendar_day(
        day=due_day, kind="gale_warning", name="Signal No. 8", source="HKO", by=lead, now=now - timedelta(minutes=5)
    )
    client.force_login(lead)
    assert "Start again" in client.get(f"/admin/cases/calendarday/changes/{change.pk}/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        posted = client.post(f"/admin/cases/calendarday/changes/{change.pk}/start-again/")
    response = client.get(posted.url)

    change.refresh_from_db()
    assert (change.state, change.moved) == ("done", 1)
    assert "The change is queued again." in messages_of(response)
    assert "Start again" not in response.content.decode()


def test_removing_a_warning_day_in_the_admin_moves_the_deadline_back(
    client, lead, officer, officers_case, now, tasks_run_in_process, django_capture_on_commit_callbacks
):
    clock = start_clock(officers_case, ENQUIRY, start=now, by=officer)
    due_day = timezone.localtime(clock.due_at).date()
    day, change = add_day_and_move(
        day=due_day, kind="gale_warning", name="Signal No. 8", source="HKO", by=lead, now=now
    )
    assert change.moved == 1
    client.force_login(lead)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/cases/calendarday/{day.pk}/delete/", {"post": "yes"})

    removal = CalendarChange.objects.exclude(pk=change.pk).get()
    assert response.url == f"/admin/cases/calendarday/changes/{removal.pk}/"
    assert (removal.state, removal.moved) == ("done", 1)
    clock.refresh_from_db()
    assert timezone.localtime(clock.due_at).date() == due_day
    changes = client.get("/admin/cases/calendarday/changes/").content.decode()
    assert changes.index("is no longer a gale warning day") < changes.index("added as a gale warning day")


def test_only_those_who_keep_the_calendar_may_start_a_change_again(client, officer, lead, now):
    _day, change = services.add_calendar_day(
        day=timezone.localdate(now), kind="gale_warning", name="Signal No. 8", source="HKO", by=lead, now=now
    )
    CalendarChange.objects.filter(pk=change.pk).update(requested_at=now - timedelta(hours=1))
    client.force_login(officer)

    assert client.get(f"/admin/cases/calendarday/changes/{change.pk}/").status_code == 200
    assert client.post(f"/admin/cases/calendarday/changes/{change.pk}/start-again/").status_code == 403
    assert client.get("/admin/cases/calendarday/changes/999999/").status_code == 404


def test_calendar_page_opens_on_this_years_days_and_officers_cannot_add(client, lead, officer):
    this_year = timezone.localdate().year
    services.sync_holidays(years=[this_year - 1, this_year], now=timezone.now())
    client.force_login(lead)

    content = client.get("/admin/cases/calendarday/", follow=True).content.decode()

    assert "Christmas Day" in content
    assert CalendarDay.objects.filter(date__year=this_year - 1).exists()
    assert f"{this_year - 1}-12-25" not in content and f"Dec. 25, {this_year - 1}" not in content
    client.force_login(officer)
    assert client.get("/admin/cases/calendarday/add/").status_code == 403


def test_breach_notification_page_says_whether_it_came_within_72_hours(client, lead):
    aware = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.get_current_timezone())
    case = services.open_case(
        kind=CaseKind.BREACH_NOTIFICATION,
        title="Customer database exposed",
        received_on=date(2026, 3, 6),
        channel="email",
        by=lead,
        now=aware + timedelta(days=5),
        breach_aware_at=aware,
        breach_notified_at=aware + timedelta(hours=80),
    )
    client.force_login(lead)

    content = client.get(case_page(case)).content.decode()

    assert "no, late: 80.0 hours after becoming aware" in content
