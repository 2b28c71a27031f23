"""Following by email at scale: publishing a reply that 10,000 confirmed readers follow.

    .venv/bin/python -m bench.follow [--followers 10000] [--database-url URL]

Builds its own database (a SQLite file in bench/, or the PostgreSQL database DATABASE_URL names,
which it empties), then measures:
  1. the publish itself, with 0 and with N followers: it only queues one task, so it must not grow;
  2. the announcement task as the worker runs it: every email queued (target: within 5 s);
  3. delivery by one real worker process (`db_worker`) to a local SMTP server that accepts
     everything: emails per second (target: 100 or more on 2 cores).
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def environment(database_url, smtp_port):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DEBUG": "false",
        "DATABASE_URL": database_url,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "LOG_LEVEL": "WARNING",
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--followers", type=int, default=10_000)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    args = parser.parse_args()

    from bench.smtp import MailServer

    sink = MailServer("ok")
    database_url = args.database_url or f"sqlite:///{ROOT / 'bench' / 'follow.sqlite3'}"
    if database_url.startswith("sqlite:///"):
        Path(database_url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    env = environment(database_url, sink.port)
    os.environ.update(env)

    print(f"Database: {database_url.split('@')[-1]}; followers: {args.followers}")
    started = time.monotonic()
    subprocess.run([sys.executable, "manage.py", "flush", "--noinput"], cwd=ROOT, env=env, capture_output=True)
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    print(f"  migrated in {time.monotonic() - started:.1f} s")

    import django

    django.setup()
    from django.utils import timezone

    from outbox.models import OutboundEmail
    from subscriptions import following
    from subscriptions.models import Subscriber, Subscription
    from tests.factories import LetterReplyPageFactory, draft_reply, privacy_checked

    LetterReplyPageFactory()  # the blog index and a first reply, so the site tree exists

    def timed_publish():
        page = draft_reply(standfirst="A father asks how to reward the good days.", pen_name="Cwfranklin")
        revision = privacy_checked(page.save_revision())  # only a version whose privacy check passed goes live
        t0 = time.perf_counter()
        revision.publish()
        return page, time.perf_counter() - t0

    _page, publish_empty = timed_publish()

    now = timezone.now()
    subscribers = Subscriber.objects.bulk_create(
        [
            Subscriber(email=f"reader{n}@example.org", confirmed_at=now, last_digest_at=now)
            for n in range(args.followers)
        ],
        batch_size=2000,
    )
    Subscription.objects.bulk_create(
        [Subscription(subscriber=s, kind=Subscription.Kind.ALL) for s in subscribers], batch_size=2000
    )
    page, publish_full = timed_publish()
    followers = args.followers
    print(f"1. publish: {publish_empty * 1000:.0f} ms with 0 followers, {publish_full * 1000:.0f} ms with {followers}")

    OutboundEmail.objects.all().delete()
    t0 = time.perf_counter()
    queued = following.announce_reply(page.pk)
    queue_seconds = time.perf_counter() - t0
    print(f"2. announcement: {queued} emails queued in {queue_seconds:.2f} s (target: 5 s)")

    from django.db import connections
    from django_tasks_db.models import DBTaskResult

    # The announcements the two publishes queued (due a minute later) would announce again what step 2 did.
    DBTaskResult.objects.filter(task_path__endswith="announce_reply").delete()
    connections.close_all()
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
            "0.1",
            "--no-reload",
            "--no-startup-delay",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    t0 = time.perf_counter()
    # The announcement task queued by the publish (a minute later) is not waited for: its emails exist already.
    while sink.received < queued and time.perf_counter() - t0 < 600 and worker.poll() is None:
        time.sleep(0.2)
    send_seconds = time.perf_counter() - t0
    worker.terminate()
    worker.wait(timeout=30)
    sink.close()
    rate = sink.received / send_seconds if send_seconds else 0
    print(
        f"3. delivery, one worker: {sink.received} emails in {send_seconds:.1f} s = {rate:.0f} emails/s (target: 100)"
    )
    ok = publish_full < max(0.5, publish_empty * 2) and queue_seconds <= 5 and rate >= 100 and sink.received == queued
    print("Targets met." if ok else "A target was missed (above).")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
