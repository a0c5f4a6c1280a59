"""Fixtures for the tests that run a real Celery worker against a real Redis and a mail server of
their own: each test gets a private Redis, a mail server and workers it starts, kills and restarts.

The worker is another process, so it sees only what the test commits: the tests use the database
with ``transaction=True`` and need PostgreSQL (SQLite's test database lives in this process). They
are skipped elsewhere, and fail instead when DPA_REQUIRE_WORKER_TESTS=1 (as .ci/run sets).
"""

import os
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from cases.models import Language, Letter
from cases.services.enquiries import draft_enquiry, send_enquiry
from dpa.celery import app as celery_app
from tests.helpers.factories import CaseFactory, OrganisationFactory
from tests.helpers.redis_server import RedisServer, redis_server_missing
from tests.helpers.reminders import DAY, sent_enquiry
from tests.helpers.smtp_sink import SmtpSink
from tests.helpers.worker_process import Worker, database_url, publishing_to, worker_environment

# How long ago the enquiries of these tests were sent: the worker reads the real clock, so the
# reply-by dates they test must have passed already.
SENT_DAYS_AGO = 30


@pytest.fixture(autouse=True)
def _needs_postgresql_and_redis():
    """Skip, or fail when DPA_REQUIRE_WORKER_TESTS=1, where a worker cannot run these tests."""
    reasons = []
    if connection.vendor != "postgresql":
        reasons.append(
            "a worker process cannot see SQLite's in-process test database; "
            "run with DATABASE_URL=postgres://… to include these tests"
        )
    if missing := redis_server_missing():
        reasons.append(missing)
    if reasons:
        reason = "; ".join(reasons)
        if os.environ.get("DPA_REQUIRE_WORKER_TESTS") == "1":
            pytest.fail(f"{reason} (DPA_REQUIRE_WORKER_TESTS=1)")
        pytest.skip(reason)


_REPORTS = pytest.StashKey[dict]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test, so a fixture can tell that the test failed."""
    report = yield
    item.stash.setdefault(_REPORTS, {})[report.when] = report
    return report


def _failed(request) -> bool:
    return any(report.failed for report in request.node.stash.get(_REPORTS, {}).values())


@pytest.fixture
def broker(tmp_path, request):
    """A Redis of the test's own, which this process sends its tasks to as well."""
    server = RedisServer(tmp_path / "redis")
    server.start()
    try:
        with publishing_to(celery_app, server.url):
            yield server
    finally:
        server.stop()
        if _failed(request):
            print(f"--- redis-server on port {server.port} ---\n{server.log}")


@pytest.fixture
def mail_server():
    sink = SmtpSink()
    sink.start()
    yield sink
    sink.stop()


@pytest.fixture
def start_worker(transactional_db, broker, mail_server, tmp_path, request):
    """Start a new worker and return it; every one is stopped before the database is cleared, and
    their logs are printed if the test failed."""
    started: list[Worker] = []
    environment = worker_environment(
        database=database_url(connection.settings_dict),
        broker=broker.url,
        mail=mail_server.url,
        documents=tmp_path / "documents",
    )

    def start() -> Worker:
        number = len(started) + 1
        worker = Worker(environment=environment, log_path=tmp_path / f"worker-{number}.log", name=f"worker-{number}")
        started.append(worker)
        worker.start()
        return worker

    yield start
    for worker in started:
        worker.stop()
    if _failed(request):
        for worker in started:
            print(f"--- {worker.name} ---\n{worker.log}")


@pytest.fixture
def send_enquiry_letter(officer):
    """Draft and send an enquiry of ``officer``'s at ``now``, about a new case; returns its letter."""

    def send(*, now: datetime) -> Letter:
        organisation = OrganisationFactory(name="Lumen Social Limited", contact_email="dpo@lumen.example")
        case = CaseFactory(assigned_officer=officer, organisation=organisation)
        enquiry = draft_enquiry(
            organisation=organisation,
            cases=[case],
            subject="Use of members' data to train AI models",
            questions="When did the change take effect?\n\nHow were members told of it?",
            language=Language.ENGLISH,
            by=officer,
            now=now,
        )
        return send_enquiry(enquiry, by=officer, now=now)

    return send


@pytest.fixture
def sent_long_ago() -> datetime:
    """When the enquiries of a test were sent: long enough ago that their reply-by dates have passed."""
    return timezone.now() - timedelta(days=SENT_DAYS_AGO)


@pytest.fixture
def due(officer, sent_long_ago) -> datetime:
    """The passed reply-by moment of an enquiry of ``officer``'s awaiting a reply, sent ``sent_long_ago``."""
    return sent_enquiry(officer=officer, due_at=sent_long_ago + 14 * DAY).reply_clock.due_at
