"""Background work travels through the configured broker to a real Celery worker: the assignment
notice, a calendar change made in the admin, and the scheduler's count of the officers' workloads."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail
from django.utils import timezone

from cases import services
from cases.models import CalendarChange, WorkloadCount
from dpa.celery import app as celery_app
from tests.helpers.cases import open_case


@pytest.fixture
def running_worker():
    celery_app.conf.task_always_eager = False
    # Messages left by earlier tests (a live server's demo load publishes for real) would keep this worker busy.
    celery_app.control.purge()
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker


def _wait_for(condition, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.worker
# The worker thread reads what the test commits; serialized rollback brings back the seeded roles.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_assigning_a_case_e_mails_the_officer_through_the_worker(running_worker, lead, officer):
    now = timezone.now()
    case = open_case(by=lead, now=now)
    mail.outbox.clear()

    services.assign_case(case, officer=officer, by=lead, now=now)

    assert _wait_for(lambda: len(mail.outbox) == 1), "the worker did not deliver the notice"
    assert mail.outbox[0].to == ["officer@dpa.example"]
    assert case.reference in mail.outbox[0].subject


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_day_added_in_the_admin_moves_deadlines_through_the_worker_and_its_page_shows_them(
    running_worker, client, lead
):
    now = timezone.now()
    case = open_case(by=lead, now=now)
    due_on = timezone.localdate(case.clocks.get(rule__code="hk-pdpo-s39-3").due_at)
    client.force_login(lead)

    response = client.post(
        "/admin/cases/calendarday/add/",
        {"jurisdiction": "HK", "date": due_on.isoformat(), "kind": "gale_warning", "name": "T8", "source": "HKO"},
    )

    change = CalendarChange.objects.get()
    assert _wait_for(lambda: CalendarChange.objects.get().is_finished), "the worker did not apply the change"
    page = client.get(response.url).content.decode()
    change.refresh_from_db()
    assert (change.state, change.moved) == ("done", 1)
    assert case.reference in page and 'http-equiv="refresh"' not in page


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_scheduled_workload_count_runs_on_the_worker_and_the_team_lead_home_shows_it(running_worker, client, lead):
    open_case(by=lead, now=timezone.now())
    scheduled = settings.CELERY_BEAT_SCHEDULE["count-workloads"]

    # As the scheduler sends it: by name, with the entry's options.
    celery_app.send_task(scheduled["task"], **scheduled["options"])

    assert _wait_for(WorkloadCount.objects.exists), "the worker did not count"
    client.force_login(lead)
    workload = client.get("/admin/").context["team_workload"]
    assert workload.counted_at == WorkloadCount.objects.get().counted_at
    assert sum(row.open for row in workload.rows) == 1
