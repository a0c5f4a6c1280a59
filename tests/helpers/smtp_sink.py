"""A mail server for tests that run a real worker: it speaks just enough SMTP for Django's SMTP backend,
keeps every message it accepted, and misbehaves on demand.

    sink = SmtpSink()
    sink.start()                  # EMAIL_URL=sink.url
    sink.hold()                   # connections wait for their greeting until release()
    sink.fail_next(2)             # the next two messages are refused with 421 at MAIL FROM
    sink.down(); sink.up()        # nothing listens (connection refused), then the same port again
    sink.wait_for(1)              # the accepted messages, parsed, once there are at least one

A message counts as accepted only once its final "." has been read and answered with 250: a
client that dies before that has sent nothing.
"""

import email
import email.policy
import socketserver
import threading
import time
from email.message import EmailMessage

HOST = "127.0.0.1"


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True
    # Closing must not wait for a session still held before its greeting.
    block_on_close = False

    def __init__(self, port: int, sink: "SmtpSink"):
        self.sink = sink
        super().__init__((HOST, port), _Session)


class _Session(socketserver.StreamRequestHandler):
    def handle(self):
        sink = self.server.sink
        try:
            if not sink._greeting_allowed():
                return
            self._reply("220 sink.test ESMTP")
            self._converse(sink)
        except OSError:  # the client went away: nothing of this session was accepted
            return

    def _reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode("ascii"))
        self.wfile.flush()

    def _converse(self, sink: "SmtpSink") -> None:
        # The envelope is not kept: the tests read the addresses in the message's headers.
        while line := self.rfile.readline():
            verb = line.decode("utf-8", "replace").strip().partition(" ")[0].upper()
            if verb in ("EHLO", "HELO"):
                self._reply("250 sink.test")
            elif verb == "MAIL":
                if sink._refuse_now():
                    self._reply("421 4.3.2 Service not available, try again later")
                    return
                self._reply("250 2.1.0 OK")
            elif verb in ("RCPT", "RSET", "NOOP"):
                self._reply("250 2.0.0 OK")
            elif verb == "DATA":
                self._reply("354 End data with <CR><LF>.<CR><LF>")
                data = self._read_data()
                if data is None:
                    return
                self._reply("250 2.0.0 Accepted")
                sink._accept(data)
            elif verb == "QUIT":
                self._reply("221 2.0.0 Bye")
                return
            else:
                self._reply("502 5.5.1 Command not implemented")

    def _read_data(self) -> bytes | None:
        """The message up to the line holding only ".", un-dot-stuffed; None if the client left first."""
        lines = []
        while line := self.rfile.readline():
            if line in (b".\r\n", b".\n"):
                return b"".join(lines)
            lines.append(line[1:] if line.startswith(b"..") else line)
        return None


class SmtpSink:
    """An SMTP server on 127.0.0.1 that records what it accepts; see the module docstring."""

    def __init__(self):
        self.port = 0
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._changed = threading.Condition()
        self._accepted: list[EmailMessage] = []
        self._greet = threading.Event()
        self._greet.set()
        self._closing = False
        self._waiting_for_greeting = 0
        self._to_refuse = 0
        self.refused = 0

    @property
    def url(self) -> str:
        """The server as Django's ``EMAIL_URL`` names it."""
        return f"smtp://{HOST}:{self.port}"

    # --- listening ------------------------------------------------------------------------------

    def start(self) -> None:
        self._closing = False
        self.up()

    def up(self) -> None:
        """Listen (again, on the same port once it has one)."""
        self._server = _Server(self.port, self)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, name=f"smtp-sink-{self.port}", daemon=True)
        self._thread.start()

    def down(self) -> None:
        """Stop listening: a client trying to connect is refused. Sessions already open carry on."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join()
            self._server = self._thread = None

    def stop(self) -> None:
        """Stop for good: held sessions are let go and nothing listens any more."""
        self._closing = True
        self.release()
        self.down()

    # --- misbehaving ----------------------------------------------------------------------------

    def hold(self) -> None:
        """Accept connections but send no greeting until ``release()``: a client waits mid-delivery."""
        self._greet.clear()

    def release(self) -> None:
        self._greet.set()

    def fail_next(self, count: int) -> None:
        """Refuse the next ``count`` messages with 421 at MAIL FROM, a failure that may pass."""
        with self._changed:
            self._to_refuse = count

    def wait_for_held(self, count: int = 1, timeout: float = 20) -> None:
        """Wait until ``count`` clients are connected and waiting for their greeting."""
        self._wait(lambda: self._waiting_for_greeting >= count, timeout, lambda: f"{count} held connection(s)")

    # --- what was accepted ----------------------------------------------------------------------

    @property
    def messages(self) -> list[EmailMessage]:
        """Every message accepted so far, in order, parsed (``message["Message-ID"]``, ``["To"]``)."""
        with self._changed:
            return list(self._accepted)

    def wait_for(self, count: int, timeout: float = 20) -> list[EmailMessage]:
        """The accepted messages, once there are at least ``count``."""
        self._wait(
            lambda: len(self._accepted) >= count, timeout, lambda: f"{count} message(s); {len(self._accepted)} came"
        )
        return self.messages

    # --- called by sessions ---------------------------------------------------------------------

    def _greeting_allowed(self) -> bool:
        with self._changed:
            self._waiting_for_greeting += 1
            self._changed.notify_all()
        self._greet.wait()
        with self._changed:
            self._waiting_for_greeting -= 1
        return not self._closing

    def _refuse_now(self) -> bool:
        with self._changed:
            if not self._to_refuse:
                return False
            self._to_refuse -= 1
            self.refused += 1
            return True

    def _accept(self, data: bytes) -> None:
        message = email.message_from_bytes(data, policy=email.policy.default)
        with self._changed:
            self._accepted.append(message)
            self._changed.notify_all()

    def _wait(self, condition, timeout: float, what) -> None:
        deadline = time.monotonic() + timeout
        with self._changed:
            while not condition():
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"The mail server waited {timeout} s for {what()}.")
                self._changed.wait(left)
