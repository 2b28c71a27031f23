"""The worker as production runs it: `manage.py db_worker` in its own process, delivering over SMTP.

A database of its own (a SQLite file, or a fresh PostgreSQL database when the suite runs on
PostgreSQL), migrated like production's; a message committed by one process is delivered by the
worker process to a real local SMTP server once, and one whose transaction rolled back never is.
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from tests.smtp_standin import SMTPStandIn

ROOT = Path(__file__).resolve().parents[1]

QUEUE = """
from django.db import transaction
from outbox import mail
from outbox.models import OutboundEmail

with transaction.atomic():
    mail.send("Committed", "This one is sent.", ["editor@example.org"],
              kind=OutboundEmail.Kind.CRISIS_ALERT, recipient_role="editor", private=False)
try:
    with transaction.atomic():
        mail.send("Rolled back", "This one never is.", ["editor@example.org"],
                  kind=OutboundEmail.Kind.CRISIS_ALERT, recipient_role="editor", private=False)
        raise RuntimeError
except RuntimeError:
    pass
"""

STATUS = (
    "from outbox.models import OutboundEmail; print(sorted(OutboundEmail.objects.values_list('subject', 'status')))"
)


@pytest.fixture
def database_url(tmp_path):
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        yield f"sqlite:///{tmp_path / 'worker.sqlite3'}"
        return
    import psycopg

    db = settings.DATABASES["default"]
    name = f"worker_{uuid.uuid4().hex[:12]}"
    dsn = f"host={db['HOST'] or '127.0.0.1'} port={db['PORT'] or 5432} user={db['USER']} dbname=postgres"
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180, **kwargs
    )


def test_the_worker_process_delivers_what_was_committed_once(database_url):
    smtp = SMTPStandIn()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": database_url,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "EMAIL_TIMEOUT": "2",
    }
    try:
        migrated = manage(env, "migrate", "--noinput", "-v0")
        assert migrated.returncode == 0, migrated.stderr[-2000:]
        queued = manage(env, "shell", "-c", QUEUE)
        assert queued.returncode == 0, queued.stderr[-2000:]
        assert smtp.received == []  # queueing never talks to the mail server

        worker = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--backend",
                "worker",
                "--queue-name",
                "*",
                "--interval",
                "0.2",
                "--no-reload",
                "--no-startup-delay",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            deadline = time.monotonic() + 60
            while not smtp.received and time.monotonic() < deadline and worker.poll() is None:
                time.sleep(0.2)
            time.sleep(1)  # anything sent twice would arrive by now
        finally:
            worker.terminate()
            output, _ = worker.communicate(timeout=30)
        subjects = [content.split("Subject: ", 1)[1].splitlines()[0] for _to, content in smtp.received]
        assert subjects == ["Committed"], output[-3000:]
        status = manage(env, "shell", "-v", "0", "-c", STATUS)
        assert status.stdout.strip() == "[('Committed', 'sent')]", status.stderr[-2000:]
    finally:
        smtp.close()
