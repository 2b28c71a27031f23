"""The mail server `make bench-load` points its worker at: one that accepts, or one that never answers.

"ok": a real SMTP server (aiosmtpd) that accepts every message and counts it. "hang": a socket that
accepts the connection and never says a word, so every delivery waits for EMAIL_TIMEOUT and fails.
Both listen on 127.0.0.1 and a free port, in threads of the load process, until `close()`.
"""

import contextlib
import socket
import threading

from aiosmtpd.controller import Controller

MODES = ("ok", "hang")


class _Counter:
    """aiosmtpd handler: accept every recipient and message, and count the messages."""

    def __init__(self, server):
        self.server = server

    async def handle_DATA(self, server, session, envelope):
        self.server.received += 1
        return "250 Message accepted"


class MailServer:
    def __init__(self, mode):
        if mode not in MODES:
            raise ValueError(mode)
        self.mode = mode
        self.received = 0  # messages accepted ("ok")
        self.connections = 0  # connections accepted and left unanswered ("hang")
        self._held = []
        self._sock = socket.socket()
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self.port = self._sock.getsockname()[1]
        if mode == "ok":
            self._sock.close()  # aiosmtpd binds the port itself
            self._controller = Controller(_Counter(self), hostname="127.0.0.1", port=self.port)
            self._controller.start()
        else:
            self._controller = None
            self._sock.listen(64)
            self._thread = threading.Thread(target=self._hold, daemon=True)
            self._thread.start()

    def _hold(self):
        """Accept each connection and keep it open, silent: the client waits for a greeting that never comes."""
        while True:
            try:
                connection, _address = self._sock.accept()
            except OSError:  # closed
                return
            self.connections += 1
            self._held.append(connection)

    def describe(self):
        if self.mode == "ok":
            return f"an SMTP server on port {self.port} that accepts every message"
        return f"a server on port {self.port} that accepts connections and never answers"

    def close(self):
        if self._controller is not None:
            self._controller.stop()
            return
        with contextlib.suppress(OSError):  # not connected
            self._sock.shutdown(socket.SHUT_RDWR)
        self._sock.close()
        self._thread.join(timeout=5)
        for connection in self._held:
            connection.close()
