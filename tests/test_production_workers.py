"""Two gunicorn workers with the production settings share one count: a comment sent fifty times at once is
stored once, and one client stores no more comments than the rate limit allows.

Real processes, as the Procfile runs them: gunicorn with `cms.settings.production` and the Procfile's default
number of sync workers (2), on a free port of the loopback, against a database this module prepares with
`migrate`, `collectstatic` and one post: an SQLite file, or a PostgreSQL database of its own when DATABASE_URL
names PostgreSQL. The server runs once with no REDIS_URL (the cache is then a table in that database,
cms/database_cache.py) and once with REDIS_URL when Redis answers (REDIS_TEST_URL, by default database 9 of
127.0.0.1:6379, under a key prefix of this run's own, removed afterwards).

With each worker counting in its own memory, 50 identical comments stored 2 copies in 3 of 13 runs, and one
client stored 16 comments against a limit of 8.

Every request comes through one trusted proxy (TRUSTED_PROXY_COUNT=1) with its client's address in
X-Forwarded-For, so each run can be a new client without waiting out the previous run's rate limit.
"""

import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent
RUNS = 20
AT_ONCE = 50
RATE_LIMIT = 8  # COMMENT_POST_RATE_LIMIT's default: 8 per 10 minutes per client
STEPS = ["migrate", "collectstatic"]
# Workers as the Procfile starts them when WEB_CONCURRENCY is not set.
WORKERS = int(re.search(r"--workers \$\{WEB_CONCURRENCY:-(\d+)\}", (ROOT / "Procfile").read_text()).group(1))

pytestmark = pytest.mark.gunicorn

SEED = """
import json, django
django.setup()
from tests.factories import LetterReplyPageFactory
page = LetterReplyPageFactory(title="Fifty at once")
print(json.dumps({"id": page.pk, "url": page.url}))
"""


# One of several processes started together: adds on keys the others add too, then counts on one key.
RACE = """
import json, os, sys, time, django
django.setup()
from django.core.cache import cache
start_at, keys, counts = float(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
time.sleep(max(0.0, start_at - time.time()))
won = {"fresh": [i for i in range(keys) if cache.add(f"race:fresh:{i}", os.getpid(), 60)]}
won["expired"] = [i for i in range(keys) if cache.add(f"race:expired:{i}", os.getpid(), 60)]
for _ in range(counts):
    cache.incr("race:count")
print(json.dumps(won))
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def postgres_url():
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else ""


class Database:
    """A database of this module's own: an SQLite file, or a new PostgreSQL database beside DATABASE_URL's."""

    def __init__(self, folder):
        self.server_url = postgres_url()
        if self.server_url:
            parts = urlsplit(self.server_url)
            self.name = f"{parts.path.lstrip('/') or 'postgres'}_gunicorn_{os.getpid()}"[:63]
            self.url = parts._replace(path=f"/{self.name}").geturl()
            self.vendor = "postgresql"
            with self._server() as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{self.name}"')
                connection.execute(f'CREATE DATABASE "{self.name}"')
        else:
            self.path = folder / "site.sqlite3"
            self.url = f"sqlite:///{self.path}"
            self.vendor = "sqlite"

    def _server(self):
        import psycopg

        return psycopg.connect(self.server_url, autocommit=True)

    def rows(self, sql, params):
        """Rows of a query, with %s placeholders, on a connection of its own that is closed at once."""
        if self.vendor == "sqlite":
            with closing(sqlite3.connect(self.path, timeout=30)) as connection:
                return connection.execute(sql.replace("%s", "?"), params).fetchall()
        import psycopg

        with psycopg.connect(self.url) as connection:
            return connection.execute(sql, params).fetchall()

    def drop(self):
        if self.vendor == "postgresql":
            with self._server() as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def production_env(database, folder, **extra):
    """The production settings' environment for plain HTTP on the loopback; nothing from the test run's."""
    ignore = {"DATABASE_URL", "REDIS_URL", "CACHE_KEY_PREFIX", "DJANGO_SETTINGS_MODULE", "WEB_CONCURRENCY"}
    env = {k: v for k, v in os.environ.items() if k not in ignore}
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        PYTHONPATH=str(ROOT),
        SECRET_KEY="gunicorn-test-only-" + uuid.uuid4().hex * 2,
        DATABASE_URL=database.url,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        SECURE_HSTS_SECONDS="0",
        TRUSTED_PROXY_COUNT="1",
        STATIC_ROOT=str(folder / "static"),
        MEDIA_ROOT=str(folder / "media"),
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


def run(env, *command):
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{command}: {result.stdout}{result.stderr}"
    return result.stdout


class Gunicorn:
    """gunicorn as the Procfile runs it (sync workers), on a free port of the loopback."""

    def __init__(self, env, page_url, log):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.page_url = self.base + page_url
        self.log = log
        command = [sys.executable, "-m", "gunicorn", "cms.wsgi:application", "--workers", str(WORKERS)]
        command += ["--bind", f"127.0.0.1:{self.port}", "--log-level", "warning"]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)

    def wait_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"gunicorn exited: {Path(self.log.name).read_text()}"
            try:
                if requests.get(self.page_url, timeout=30).status_code == 200:
                    return
            except requests.RequestException:  # not listening yet, or a first render slowed by a busy machine
                pass
            time.sleep(0.2)
        raise AssertionError(f"gunicorn did not answer in {timeout} s: {Path(self.log.name).read_text()}")

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="module")
def site():
    """The prepared database and its post, shared by both caches."""
    with tempfile.TemporaryDirectory(prefix="gunicorn-test-") as name:
        folder = Path(name)
        database = Database(folder)
        try:
            started = time.monotonic()
            env = production_env(database, folder)
            with ThreadPoolExecutor(max_workers=2) as pool:  # independent: one waits on the database, one on files
                steps = [pool.submit(run, env, sys.executable, "manage.py", step, "--noinput", "-v0") for step in STEPS]
                for step in steps:
                    step.result()
            page = json.loads(run(env, sys.executable, "-c", SEED).strip().splitlines()[-1])
            print(f"\nprepared {database.vendor} in {time.monotonic() - started:.1f} s")
            yield database, folder, page
        finally:
            database.drop()


def redis_url():
    url = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/9")
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception:  # any failure means: no Redis to test with here
        return ""
    return url


@pytest.fixture(params=["database", "redis"])
def server(request, site):
    """gunicorn with no REDIS_URL (the database cache), or with Redis under a key prefix of its own."""
    database, folder, page = site
    prefix = f"gunicorn-test-{uuid.uuid4().hex[:12]}"
    extra = {"CACHE_KEY_PREFIX": prefix}
    if request.param == "redis":
        url = redis_url()
        if not url:
            pytest.skip("Redis does not answer at REDIS_TEST_URL (default redis://127.0.0.1:6379/9)")
        extra["REDIS_URL"] = url
    env = production_env(database, folder, **extra)
    with tempfile.NamedTemporaryFile("w+", prefix="gunicorn-", suffix=".log") as log:
        server = Gunicorn(env, page["url"], log)
        try:
            server.wait_ready()
            yield server, database, page, request.param
        finally:
            server.stop()
            if request.param == "redis":
                import redis

                client = redis.Redis.from_url(extra["REDIS_URL"])
                keys = list(client.scan_iter(match=f"{prefix}:*"))
                if keys:
                    client.delete(*keys)
        # Nothing failed on the server's side, even where no client would see it (a failed task, a 500).
        logged = Path(log.name).read_text()
        failures = [line for line in logged.splitlines() if "ERROR" in line or "Traceback" in line]
        assert failures == [], logged[-3000:]


def test_the_production_cache_adds_and_counts_atomically_across_processes(site):
    """Without REDIS_URL: of processes adding the same key at once, exactly one wins, whether the key is new
    or its entry has expired; and no increment is lost (Django's own database cache loses both)."""
    database, folder, _page = site
    env = production_env(database, folder, CACHE_KEY_PREFIX=f"race-{uuid.uuid4().hex[:12]}")
    processes, keys, counts = 4, 40, 40
    setup = (
        "import django; django.setup(); from django.core.cache import cache; "
        f"cache.set('race:count', 0, 600); cache.set_many({{f'race:expired:{{i}}': 0 for i in range({keys})}}, -1)"
    )
    run(env, sys.executable, "-c", setup)
    started = time.monotonic()
    start_at = str(time.time() + 3)  # every process imported and connected by then
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", RACE, start_at, str(keys), str(counts)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(processes)
    ]
    results = []
    for racer in racers:
        out, err = racer.communicate(timeout=120)
        assert racer.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    total = run(
        env,
        sys.executable,
        "-c",
        "import django; django.setup(); from django.core.cache import cache; print(cache.get('race:count'))",
    )
    print(f"\n{processes} processes racing on {database.vendor}: {time.monotonic() - started:.1f} s")
    for kind in ("fresh", "expired"):
        winners = Counter(i for result in results for i in result[kind])
        assert winners == Counter(range(keys)), f"{kind} keys added by more or fewer than one process: {winners}"
    assert int(total) == processes * counts


def body_for(marker):
    # Clean for the language guide and the hold rules: letters and short numbers, no links, no advice.
    return f"Note {marker}: thank you for this reply. Reading it together helped our family talk calmly at dinner."


def open_form(server):
    """A reader opens the post: the same page for everyone, no cookie, no token in the form."""
    response = requests.get(server.page_url, timeout=30)
    assert response.status_code == 200, response.status_code
    assert not response.cookies and "csrfmiddlewaretoken" not in response.text


def post_at_once(pool, server, page, posts):
    """Send every (form data, client address) in `posts` at the same moment; their statuses."""
    open_form(server)
    url = f"{server.base}/comments/{page['id']}/post/"
    barrier = threading.Barrier(len(posts))

    def send(data, address):
        barrier.wait(timeout=60)
        response = requests.post(
            url,
            data={"parent": "", "reviewed": "", "website": "", **data},
            headers={"X-Forwarded-For": address, "Origin": server.base, "Sec-Fetch-Site": "same-origin"},
            allow_redirects=False,
            timeout=120,
        )
        return response.status_code

    futures = [pool.submit(send, data, address) for data, address in posts]
    return Counter(future.result() for future in futures)


def stored(database, page, marker):
    """How many copies of each body with `marker` the database holds."""
    rows = database.rows(
        "SELECT body, COUNT(*) FROM discussion_comment WHERE page_id = %s AND body LIKE %s GROUP BY body",
        [page["id"], f"%{marker}%"],
    )
    return dict(rows)


def test_fifty_identical_comments_store_one_and_one_client_stores_the_rate_limit(server):
    """Twenty runs of fifty identical comments at once, each run a new comment: one copy stored every time.
    Then fifty different comments at once from one client: exactly COMMENT_POST_RATE_LIMIT stored."""
    server, database, page, cache = server
    run_id = uuid.uuid4().hex[:6]
    started = time.monotonic()
    copies, answers = [], []
    with ThreadPoolExecutor(max_workers=AT_ONCE) as pool:
        for number in range(RUNS):
            marker = f"{cache[:2]}{run_id}r{number:02d}"
            data = {"display_name": "Worried parent", "email": f"parent-{marker}@example.org", "body": body_for(marker)}
            if number % 2 == 0:
                # One client sending the same comment fifty times: the rate limit and the duplicate guard both act.
                posts = [(data, f"10.1.{number}.1")] * AT_ONCE
                expected = {303: 1, 409: RATE_LIMIT - 1, 429: AT_ONCE - RATE_LIMIT}
            else:
                # The same comment from fifty addresses with the same email: only the duplicate guard stops them.
                posts = [(data, f"10.2.{number}.{n + 1}") for n in range(AT_ONCE)]
                expected = {303: 1, 409: AT_ONCE - 1}
            statuses = post_at_once(pool, server, page, posts)
            copies.append(sum(stored(database, page, marker).values()))
            answers.append((dict(statuses), expected))
        duplicates_took = time.monotonic() - started

        # Fifty different comments from one client at once: exactly the limit is stored.
        marker = f"{cache[:2]}{run_id}lim"
        posts = [
            ({"display_name": "Reader", "email": "", "body": body_for(f"{marker}n{n:02d}")}, "10.3.0.1")
            for n in range(AT_ONCE)
        ]
        limited = post_at_once(pool, server, page, posts)
    limited_stored = stored(database, page, marker)
    took = time.monotonic() - started
    print(
        f"\n{cache} cache, {database.vendor}, {WORKERS} workers: copies stored per run {copies}; "
        f"{AT_ONCE} different comments from one client stored {sum(limited_stored.values())}; "
        f"{took:.1f} s ({duplicates_took:.1f} s for {RUNS} runs)"
    )
    assert copies == [1] * RUNS, f"copies stored per run: {copies}; answers: {answers}"
    assert [statuses for statuses, _ in answers] == [expected for _, expected in answers]
    assert sum(limited_stored.values()) == RATE_LIMIT
    assert set(limited_stored.values()) == {1}
    assert dict(limited) == {303: RATE_LIMIT, 429: AT_ONCE - RATE_LIMIT}
