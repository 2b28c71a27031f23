"""A real SMTP server on a local socket that can misbehave on demand, for the mail fault tests.

Modes: "accept" (delivers, and records each message), "4xx" (451 to every recipient: try later),
"5xx" (550: never), "refuse" (nothing listens on the port), "drop" (connects, then closes at once),
"hang" (connects and never says a word). The port stays the same across modes, as a real mail
server's does when it comes back.
"""

import contextlib
import socket
import threading

from aiosmtpd.controller import Controller


class _Handler:
    def __init__(self, standin):
        self.standin = standin

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.standin.connections += 1
        session.host_name = hostname
        return responses

    async def handle_HELO(self, server, session, envelope, hostname):
        self.standin.connections += 1
        session.host_name = hostname
        return f"250 {server.hostname}"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.standin.mode == "4xx":
            return "451 4.3.0 Mailbox temporarily unavailable, try again later"
        if self.standin.mode == "5xx":
            return "550 5.1.1 User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.standin.received.append((list(envelope.rcpt_tos), envelope.content.decode("utf-8", "replace")))
        return "250 Message accepted"


class _RawListener:
    """Accepts connections and either closes them at once (drop) or keeps them silent (hang)."""

    def __init__(self, port, behaviour):
        self.behaviour = behaviour
        self.connections = 0
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen(16)
        self.held = []
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while self.running:
            try:
                connection, _address = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            if self.behaviour == "drop":
                connection.close()
            else:
                self.held.append(connection)

    def stop(self):
        self.running = False
        with contextlib.suppress(OSError):  # already closed by the peer
            self.sock.shutdown(socket.SHUT_RDWR)
        self.sock.close()
        for connection in self.held:
            connection.close()
        self.thread.join(timeout=5)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SMTPStandIn:
    def __init__(self, mode="accept"):
        self.port = free_port()
        self.mode = None
        self.received = []
        self.connections = 0  # greetings seen by the SMTP modes (the raw modes count on their listener)
        self._listener = None
        self.set_mode(mode)

    def set_mode(self, mode):
        if mode == self.mode:
            return
        self._stop_listener()
        self.mode = mode
        self.connections = 0
        if mode in ("accept", "4xx", "5xx"):
            controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)
            controller.start()
            self._listener = controller
        elif mode in ("drop", "hang"):
            self._listener = _RawListener(self.port, mode)
        elif mode != "refuse":
            raise ValueError(mode)

    def _stop_listener(self):
        if self._listener is not None:
            self._listener.stop()
            self._listener = None

    def close(self):
        self._stop_listener()

    def connections_seen(self):
        """Connections made to the server since the last mode change (none are possible while it refuses)."""
        if isinstance(self._listener, _RawListener):
            return self._listener.connections
        return self.connections

    def received_by(self, address):
        return [content for recipients, content in self.received if address in recipients]

    def settings(self, timeout=1):
        """Django settings that make the worker deliver here over SMTP."""
        return {
            "OUTBOX_DELIVERY_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": self.port,
            "EMAIL_USE_TLS": False,
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
            "EMAIL_TIMEOUT": timeout,
        }
