"""Twenty readers post two hundred comments at once to a live, threaded server: each is stored exactly once.

Each reader is a thread with its own HTTP session (`requests`), as a browser would be: it opens the post
(the CSRF cookie and the form's token), waits at a barrier for the others, then sends its ten comments.

Rate limits: the comment limit (`COMMENT_POST_RATE_LIMIT`, 8 per 10 minutes per address) is read into
discussion.views.comments when that module is imported, so `override_settings` cannot raise it. Instead the
server trusts one proxy (`TRUSTED_PROXY_COUNT=1`, read on every request) and each comment comes from an
address of its own in X-Forwarded-For, as two hundred readers behind a proxy would.
"""

import logging
import re
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core import mail
from django.db import connection
from django.test import override_settings
from wagtail.models import Site

from discussion.models.comments import Comment, CommentReport, CommentSettings, body_fingerprint
from tests.factories import LetterReplyPageFactory
from tests.mailqueue import deliver_mail

THREADS = 20
PER_THREAD = 10
# Threads whose email already has an approved comment: with auto-approval after one, theirs are published.
TRUSTED = range(0, 5)
# Threads that leave the email empty; the others give a new address, so their comments wait.
NO_EMAIL = range(15, 20)


def in_memory_sqlite():
    """Whether the test database is SQLite in memory (the default: no TEST NAME in the settings)."""
    if connection.vendor != "sqlite":
        return False
    name = str(settings.DATABASES["default"].get("TEST", {}).get("NAME") or ":memory:")
    return name == ":memory:" or "mode=memory" in name


Status = Comment.Status

pytestmark = [
    # A live server sees only committed rows; the serialized rollback puts back what the migrations made.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        in_memory_sqlite(),
        reason="an in-memory SQLite test database is one connection shared by the live server's threads: "
        "runs in CI's PostgreSQL job, or on SQLite with a file-based test database (TEST NAME)",
    ),
]


def email_for(thread):
    if thread in TRUSTED:
        return f"trusted-{thread}@example.org"
    return "" if thread in NO_EMAIL else f"reader-{thread}@example.org"


def body_for(thread, number):
    # Clean for the language guide and the hold rules: no links, no contact details, no advice.
    return (
        f"Household {thread:02d}, note {number:02d}: thank you for this reply. "
        "Reading it together helped our family talk calmly at dinner."
    )


def reader(page_url, post_url, thread, barrier):
    """One reader's session: open the post, wait for the others, send ten comments. Returns the responses.

    Plain HTTP only: a thread that touched the ORM would hold a database connection open past the test."""
    session = requests.Session()
    opened = session.get(page_url, timeout=60)
    assert opened.status_code == 200, opened.status_code
    assert not session.cookies, "the post page is the same for every reader: it sets no cookie"
    origin = page_url.split("/", 3)
    origin = f"{origin[0]}//{origin[2]}"
    barrier.wait(timeout=60)
    answers = []
    for number in range(PER_THREAD):
        response = session.post(
            post_url,
            data={
                "display_name": f"Reader {thread}",
                "email": email_for(thread),
                "body": body_for(thread, number),
                "parent": "",
                "reviewed": "",
                "website": "",  # the honeypot, left empty as a person leaves it
            },
            headers={"X-Forwarded-For": f"10.{thread}.{number}.1", "Origin": origin, "Sec-Fetch-Site": "same-origin"},
            allow_redirects=False,
            timeout=60,
        )
        answers.append((thread, number, response.status_code, response.headers.get("Location", "")))
    session.close()
    return answers


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_two_hundred_comments_from_twenty_readers_are_each_stored_once(live_server, caplog):
    """On PostgreSQL each request thread of the live server has its own connection, as gunicorn's workers have.

    SQLite's test database is in memory unless the settings name a file, and pytest-django then gives the live
    server the test's one connection for all its threads: overlapping requests fail with "database table is
    locked" (88 of 200 in a trial), which no deployment sees, so the test is skipped there. With a file-based
    test database it runs, and the check on logged errors below catches what SQLite's deferred transactions do
    under concurrent writes (Wagtail's reference-index task after each save fails with "database is locked",
    logged, not raised, unless the database's OPTIONS set transaction_mode IMMEDIATE).
    """
    page = LetterReplyPageFactory()
    site_settings = CommentSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.auto_approve_after = 1
    site_settings.save()
    moderator = User.objects.create_user("moderator", "moderator@example.org", "pw")
    moderator.groups.add(Group.objects.get(name="Comment moderators"))
    earlier = {
        Comment.objects.create(
            page=page, display_name="Earlier", email=email_for(t), body=f"Earlier {t}", status=Status.APPROVED
        ).pk
        for t in TRUSTED
    }
    deliver_mail()
    mail.outbox.clear()
    caplog.clear()

    barrier = threading.Barrier(THREADS)
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        page_url, post_url = live_server.url + page.url, f"{live_server.url}/comments/{page.pk}/post/"
        futures = [pool.submit(reader, page_url, post_url, t, barrier) for t in range(THREADS)]
        answers = [answer for future in futures for answer in future.result()]
    elapsed = time.monotonic() - started
    # Nothing went wrong on the server's side, even where the reader would not see it (a failed task).
    errors = [f"{r.name}: {r.getMessage()}" for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], f"{len(errors)} errors logged, the first: {errors[0]}"

    # Every reader was answered as a reader is answered after a saved comment: 303 back to the post.
    assert len(answers) == THREADS * PER_THREAD
    refused = [(t, n, status) for t, n, status, _ in answers if status != 303]
    assert refused == [], f"not saved: {Counter(status for *_, status in refused)}"
    for thread, _number, _status, location in answers:
        if thread in TRUSTED:
            assert re.search(r"\?comment=published#comment-\d+$", location), location
        else:
            assert location.endswith("?comment=received#comment-notice"), location

    # Stored exactly once each, nothing else stored.
    new = list(Comment.objects.filter(page=page).exclude(pk__in=earlier))
    bodies = Counter(comment.body for comment in new)
    expected = {body_for(t, n) for t in range(THREADS) for n in range(PER_THREAD)}
    assert [body for body, count in bodies.items() if count > 1] == []
    assert set(bodies) == expected
    assert len(new) == THREADS * PER_THREAD

    # Moderation records as the rules say: trusted senders published, everyone else waiting, no reasons.
    for comment in new:
        thread = int(comment.body[len("Household ") :][:2])
        assert comment.status == (Status.APPROVED if thread in TRUSTED else Status.PENDING), comment.body
        assert (comment.hold_reasons, comment.reason_codes) == ([], "")
        assert comment.email == email_for(thread)
        assert comment.display_name == f"Reader {thread}"
        assert comment.body_hash == body_fingerprint(comment.body)
        assert comment.parent_id is None and not comment.is_staff_reply
        assert comment.moderated_by_id is None and comment.moderated_at is None
    # Each comment's address (X-Forwarded-For) was its own, and only its keyed hash is kept.
    assert len({comment.ip_hash for comment in new}) == THREADS * PER_THREAD
    assert not CommentReport.objects.exists()
    approved = [c for c in new if c.status == Status.APPROVED]
    pending = [c for c in new if c.status == Status.PENDING]
    assert (len(approved), len(pending)) == (len(TRUSTED) * PER_THREAD, (THREADS - len(TRUSTED)) * PER_THREAD)

    # One email to the moderator per waiting comment, none for published ones.
    deliver_mail()
    assert len(mail.outbox) == len(pending)
    mailed = Counter(body for message in mail.outbox for body in expected if body in message.body)
    assert mailed == Counter(c.body for c in pending)

    # The post shows every approved comment once.
    shown = requests.get(page_url, timeout=60)
    assert f"{len(earlier) + len(approved)} comments" in shown.text
    assert all(shown.text.count(c.body) == 1 for c in approved)
    print(f"{len(answers)} comments from {THREADS} threads in {elapsed:.1f} s on {connection.vendor}")
