"""A real Celery worker for tests: ``celery -A dpa worker --pool=solo`` in its own process, pointed at
the test database, a private Redis and a test mail server, with waits short enough for a test.

    worker = Worker(environment=worker_environment(...), log_path=tmp_path / "worker-1.log")
    worker.start()     # returns once it is consuming
    worker.kill()      # SIGKILL: whatever it was doing is cut short, unacknowledged
    worker.stop()      # a warm shutdown

The worker is a separate process: it sees what the test committed (``transaction=True``) and
nothing of SQLite's test database, so these tests need PostgreSQL.
"""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from celery import Celery
from django.db import models
from kombu import pools

from cases.models import DeliveryState

BASE_DIR = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).with_name("celery")

# Redis hands a message a worker took and did not acknowledge to another after this many seconds.
# It must stay longer than any task holds a message (a retry's wait included, RETRY_WAIT_MAX), or
# the message would run twice meanwhile.
VISIBILITY_TIMEOUT = 5
# A failed delivery is tried this many more times, each after a wait of up to RETRY_WAIT_MAX seconds
# (up to 2 ** retry seconds for letters).
MAX_RETRIES = 2
RETRY_WAIT_MAX = 1
READY = b" ready."
# Long enough for any delivery, its retries included.
DELIVERY_TIMEOUT = 20


def wait_until(condition: Callable[[], object], *, timeout: float, what: str, every: float = 0.05):
    """Poll ``condition`` until it returns something true, and return that."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"Waited {timeout} s for {what}.")
        time.sleep(every)


def database_url(settings_dict: dict) -> str:
    """The ``DATABASE_URL`` of a PostgreSQL database Django is connected to (the test database)."""
    credentials = quote(settings_dict["USER"] or "", safe="")
    if settings_dict["PASSWORD"]:
        credentials += ":" + quote(settings_dict["PASSWORD"], safe="")
    host = f"{settings_dict['HOST'] or '127.0.0.1'}:{settings_dict['PORT'] or 5432}"
    return f"postgres://{credentials}@{host}/{quote(settings_dict['NAME'], safe='')}"


def worker_environment(*, database: str, broker: str, mail: str, documents: Path) -> dict[str, str]:
    """The environment of a worker using the given database, broker and mail server URLs."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dpa.settings",
        "DATABASE_URL": database,
        "REDIS_URL": broker,
        "EMAIL_URL": mail,
        "DJANGO_DOCUMENTS_ROOT": str(documents),
        "DPA_CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
        # How often the worker looks for messages past their visibility timeout.
        "DPA_CELERY_RESTORE_INTERVAL": "1",
        "DPA_DELIVERY_MAX_RETRIES": str(MAX_RETRIES),
        "DPA_DELIVERY_RETRY_BACKOFF_MAX": str(RETRY_WAIT_MAX),
    }


@contextmanager
def publishing_to(app: Celery, url: str) -> Iterator[None]:
    """Make this process send its tasks to the broker at ``url`` (the test's own Redis), then put
    back the broker it had."""
    conf = app.conf
    previous = conf.broker_url, conf.broker_transport_options
    conf.broker_url, conf.broker_transport_options = url, {"visibility_timeout": VISIBILITY_TIMEOUT}
    _forget_connections(app)
    try:
        yield
    finally:
        conf.broker_url, conf.broker_transport_options = previous
        _forget_connections(app)


def _forget_connections(app: Celery) -> None:
    # The app keeps its broker connections and producers in pools made for the URL it first used,
    # and kombu keeps producer pools per connection in a registry of its own: all are closed and
    # made again for the new URL on next use, as after a fork.
    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None
    pools.reset()


class Worker:
    """One ``celery -A dpa worker --pool=solo`` process, its output in ``log_path``."""

    def __init__(self, *, environment: dict[str, str], log_path: Path, name: str = "worker"):
        self.environment = environment
        self.log_path = log_path
        self.name = name
        self._process: subprocess.Popen | None = None

    @property
    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self, timeout: float = 30) -> None:
        """Start it and return once it is consuming, or fail with its log."""
        command = [str(CELERY), "-A", "dpa", "worker", "--pool=solo", "--concurrency=1", "-l", "INFO"]
        # One worker alone: no waiting to hear from others at start, no events.
        command += ["--without-mingle", "--without-gossip", "--without-heartbeat", "-n", f"{self.name}@%h"]
        with self.log_path.open("wb") as log:
            self._process = subprocess.Popen(
                command,
                cwd=BASE_DIR,
                env=self.environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            wait_until(self._ready, timeout=timeout, what=f"the worker {self.name} to be ready")
        except TimeoutError as error:
            self.kill()
            raise TimeoutError(f"{error}\n{self.log}") from None

    def _ready(self) -> bool:
        if self._process.poll() is not None:
            raise RuntimeError(f"The worker {self.name} exited with {self._process.returncode}:\n{self.log}")
        return READY in self.log_path.read_bytes()

    def kill(self) -> None:
        """SIGKILL: no clean-up, no acknowledgement, its database connection cut."""
        if self.running:
            os.kill(self._process.pid, signal.SIGKILL)
        if self._process is not None:
            self._process.wait()

    def stop(self, timeout: float = 15) -> None:
        """A warm shutdown (SIGTERM): it finishes its task and hands back what it had not started."""
        if self.running:
            self._process.terminate()
            try:
                self._process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill()


def delivered(model: type[models.Model], pk: int, *, timeout: float = DELIVERY_TIMEOUT):
    """The letter or reminder ``pk`` once the worker is done with it (sent, or failed for good)."""
    finished = model.objects.filter(pk=pk, state__in=[DeliveryState.SENT, DeliveryState.FAILED])
    return wait_until(finished.first, timeout=timeout, what=f"{model.__name__} {pk} to be sent or to fail")
