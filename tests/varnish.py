"""A real Varnish (Debian's `varnishd`) running the repository's configuration in front of a local server.

Used by the proxy tests (tests/test_edge_cache.py) and the benchmark (bench/run.py). The only
change made to deploy/varnish/default.vcl is the backend's port. `make test` installs Varnish
when it is missing; SKIP_PROXY_TESTS=1 skips the proxy tests on purpose.
"""

import http.client
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VCL = ROOT / "deploy" / "varnish" / "default.vcl"
BACKEND_PORT_LINE = '.port = "8000";'


def varnishd():
    return shutil.which("varnishd") or next(
        (path for path in ("/usr/sbin/varnishd", "/usr/local/sbin/varnishd") if os.access(path, os.X_OK)), None
    )


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Varnish:
    """`with Varnish(backend_port) as proxy:` a Varnish on a free port of the loopback, stopped after."""

    def __init__(self, backend_port, memory="64m", threads=None):
        self.backend_port = backend_port
        self.memory = memory
        self.threads = threads
        self.port = None
        self.process = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *_exc):
        self.stop()

    def start(self):
        binary = varnishd()
        if binary is None:
            raise FileNotFoundError("varnishd not found (apt-get install varnish)")
        self.folder = Path(tempfile.mkdtemp(prefix="varnish-"))
        vcl = VCL.read_text()
        if BACKEND_PORT_LINE not in vcl:
            raise ValueError(f"{VCL} no longer has {BACKEND_PORT_LINE!r} for the backend's port")
        (self.folder / "default.vcl").write_text(vcl.replace(BACKEND_PORT_LINE, f'.port = "{self.backend_port}";'))
        self.port = free_port()
        command = [
            binary,
            "-F",  # in the foreground, a child of this process
            "-j",
            "none",  # no privilege separation: runs as whoever runs the tests
            "-a",
            f"127.0.0.1:{self.port}",
            "-f",
            str(self.folder / "default.vcl"),
            "-n",
            str(self.folder / "work"),
            "-s",
            f"malloc,{self.memory}",
            "-T",
            "none",
        ]
        if self.threads:
            command += ["-p", f"thread_pool_min={self.threads}"]
        self.log = open(self.folder / "varnishd.log", "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"varnishd stopped: {(self.folder / 'varnishd.log').read_text()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise TimeoutError("varnishd did not listen within 60 s")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if getattr(self, "log", None):
            self.log.close()
        if getattr(self, "folder", None):
            shutil.rmtree(self.folder, ignore_errors=True)

    @property
    def location(self):
        return f"http://127.0.0.1:{self.port}"

    def request(self, method, path, *, host="localhost", headers=None, body=None, source="127.0.0.1"):
        """One request through the proxy: (status, headers as a dict, body as text)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30, source_address=(source, 0))
        try:
            connection.request(method, path, body=body, headers={"Host": host, **(headers or {})})
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            return response.status, {name.lower(): value for name, value in response.getheaders()}, text
        finally:
            connection.close()
