"""Two sweeps at once on PostgreSQL make each reminder once and queue it once; the deliveries of a
sweep reach the broker through one connection however many there are, and those the broker did
not take are queued again by the next sweep."""

import threading

import pytest
import redis
from django.conf import settings
from django.db import connection
from kombu.exceptions import OperationalError

from cases.models import Reminder
from cases.services.reminders import sweep_reminders
from cases.tasks import reminders as tasks
from dpa.celery import app as celery_app
from tests.helpers.concurrency import run_at_once
from tests.helpers.factories import OrganisationFactory
from tests.helpers.moments import NOW
from tests.helpers.reminders import DAY, NEXT_SWEEP, broker_refuses, overdue_clock, sent_enquiry


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks and real concurrency")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_sweeps_at_once_make_each_reminder_once_and_queue_it_once(
    officer, monkeypatch, restore_seeded_data_afterwards
):
    organisation = OrganisationFactory()
    for days in range(-25, 5):
        sent_enquiry(officer=officer, due_at=NOW + days * DAY, organisation=organisation)
    queued: list[int] = []
    # What each sweep hands to the broker once it has committed.
    monkeypatch.setattr(tasks, "enqueue_deliveries", queued.extend)
    start = threading.Barrier(2)

    def sweep():
        start.wait(timeout=10)
        return sweep_reminders(now=NOW)

    reports, errors = run_at_once(sweep)

    assert errors == []
    made = Reminder.objects.count()
    assert made == Reminder.objects.values("clock", "kind", "deadline", "offset_days").distinct().count()
    assert sorted(report.created for report in reports) == [0, made]
    assert sorted(queued) == sorted(Reminder.objects.values_list("pk", flat=True))


@pytest.fixture
def broker():
    """The Redis the tasks are published to, its queue emptied before and after."""
    queues = redis.Redis.from_url(settings.REDIS_URL)
    queue = celery_app.conf.task_default_queue
    # A connection in the pool before counting, as in a worker or a beat that has published before.
    tasks.enqueue_deliveries([0])
    queues.delete(queue)
    yield queues, queue
    queues.delete(queue)


@pytest.mark.skipif(not settings.REDIS_URL, reason="counts connections to Redis (set REDIS_URL)")
def test_thousands_of_deliveries_are_queued_through_one_broker_connection(broker, monkeypatch):
    queues, queue = broker
    acquired = []
    acquire = celery_app.producer_pool.acquire
    monkeypatch.setattr(
        celery_app.producer_pool, "acquire", lambda *args, **kwargs: acquired.append(1) or acquire(*args, **kwargs)
    )
    connections_before = queues.info("stats")["total_connections_received"]

    tasks.enqueue_deliveries(list(range(1, 2001)))
    sweep_messages = queues.llen(queue)
    tasks.queue_deliveries(list(range(1, 501)))  # what the worker that takes one of them does

    assert (sweep_messages, queues.llen(queue)) == (4, 504)
    assert len(acquired) == 2
    assert queues.info("stats")["total_connections_received"] == connections_before


@pytest.mark.django_db
def test_deliveries_the_broker_did_not_take_are_queued_again_by_the_next_sweep(officer, monkeypatch):
    overdue_clock(officer)
    report = sweep_reminders(now=NOW)

    broker_refuses(monkeypatch, tasks.queue_deliveries)
    with pytest.raises(OperationalError):
        tasks.enqueue_deliveries([queued.pk for queued in report.queued])

    assert Reminder.objects.get().queued_at is None
    assert sweep_reminders(now=NOW + NEXT_SWEEP).queued == report.queued
