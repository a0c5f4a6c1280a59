"""A private Redis for tests that run a real worker: its own port and folder, nothing kept on disk,
stopped and started again on the same port. The machine's Redis (6379) is never touched.

    broker = RedisServer(tmp_path / "redis")
    broker.start()                 # REDIS_URL=broker.url
    broker.stop(); broker.start()  # gone, then back empty: what it held is lost
    broker.drained()               # no message waiting or taken and not yet acknowledged
"""

import shutil
import socket
import subprocess
import time
from pathlib import Path

import redis

from tests.helpers.worker_process import wait_until

HOST = "127.0.0.1"
# Where kombu keeps the messages a worker took and has not acknowledged yet.
UNACKED = "unacked"


def free_port() -> int:
    """A TCP port nothing listens on at the moment."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def redis_server_missing() -> str | None:
    """Why a private Redis cannot be started here, or None."""
    return None if shutil.which("redis-server") else "redis-server is not installed"


class RedisServer:
    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        self._process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}/0"

    @property
    def log(self) -> str:
        path = self.folder / "redis.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def client(self) -> redis.Redis:
        return redis.Redis(host=HOST, port=self.port, socket_timeout=5)

    def start(self, timeout: float = 10) -> None:
        """Start, empty, and return once it answers."""
        self.folder.mkdir(parents=True, exist_ok=True)
        command = ["redis-server", "--bind", HOST, "--port", str(self.port), "--dir", str(self.folder)]
        command += ["--save", "", "--appendonly", "no", "--logfile", str(self.folder / "redis.log")]
        self._process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        try:
            wait_until(self._answers, timeout=timeout, what=f"redis-server on port {self.port} to answer")
        except TimeoutError as error:
            self.stop()
            raise TimeoutError(f"{error}\n{self.log}") from None

    def _answers(self) -> bool:
        if self._process.poll() is not None:
            raise RuntimeError(f"redis-server on port {self.port} exited:\n{self.log}")
        try:
            return self.client().ping()
        except redis.ConnectionError:
            return False

    def stop(self, timeout: float = 10) -> None:
        """Stop it; with nothing saved, whatever it held is gone."""
        if self._process is None:
            return
        self._process.terminate()
        try:
            self._process.wait(timeout)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process = None

    def waiting_messages(self) -> int:
        """Messages in a queue, plus those a worker took and has not acknowledged (acks_late: not
        done yet, or waiting for the time of a retry)."""
        client = self.client()
        queued = sum(client.llen(key) for key in client.scan_iter(_type="list"))
        return queued + client.hlen(UNACKED)

    def drained(self, timeout: float = 10, settle: float = 0.2) -> bool:
        """Whether, within ``timeout`` seconds, no message is waiting any more, and still none
        ``settle`` seconds later: a worker acknowledges a task just after it is done, and a message
        it is just taking is in neither place for an instant."""

        def settled() -> bool:
            if self.waiting_messages():
                return False
            time.sleep(settle)
            return not self.waiting_messages()

        try:
            return wait_until(settled, timeout=timeout, what="the broker to be drained")
        except TimeoutError:
            return False
