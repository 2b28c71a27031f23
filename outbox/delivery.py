"""Delivering the outbox: one task per message, run by the worker process.

A transient failure (refused, dropped, timed out, an SMTP 4xx) is tried again with a
growing wait, for OUTBOX_RETRY_HOURS; a permanent one (an SMTP 5xx, an invalid address)
is recorded and not tried again. A message is claimed before it is sent, so two tasks
for the same message (a retry clicked twice, the stalled-mail sweep) send it once.
"""

import contextlib
import logging
import re
import smtplib
import socket
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from .models import OutboundEmail
from .signals import email_delivered, email_failed

logger = logging.getLogger(__name__)

FIRST_WAIT = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=1)


def retry_for():
    return timedelta(hours=getattr(settings, "OUTBOX_RETRY_HOURS", 48))


def wait_before(attempt):
    """1, 2, 4 ... minutes after the first, second, third failure, then once an hour."""
    return min(FIRST_WAIT * 2 ** (attempt - 1), LONGEST_WAIT)


BATCH = 100  # messages per task: one connection to the mail server sends them all


@task(backend="worker", queue_name="mail")
def deliver(email_ids):
    return deliver_now(email_ids)


URGENT_PRIORITY = 50  # alerts go before everything else waiting (the worker takes the highest priority first)


def enqueue(email_ids, run_after=None, urgent=False):
    """Hand stored messages to the worker (at `run_after`, or now), BATCH to a task; `urgent` ones first."""
    if isinstance(email_ids, int):
        email_ids = [email_ids]
    options = {"run_after": run_after} if run_after else {}
    if urgent:
        options["priority"] = URGENT_PRIORITY
    runner = deliver.using(**options) if options else deliver
    results = []
    with transaction.atomic():  # one commit for all the tasks: thousands of messages queue in one go
        for start in range(0, len(email_ids), BATCH):
            batch = list(email_ids[start : start + BATCH])
            result = runner.enqueue(batch)
            OutboundEmail.objects.filter(pk__in=batch).update(task_id=str(result.id))
            results.append(result)
    return results


def classify(error):
    """'permanent' for what no retry can fix, else 'transient'."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return "permanent" if codes and all(500 <= code < 600 for code in codes) else "transient"
    if isinstance(error, smtplib.SMTPResponseException):
        return "permanent" if 500 <= error.smtp_code < 600 else "transient"
    if isinstance(error, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError | socket.timeout | OSError):
        return "transient"
    if isinstance(error, ValueError | UnicodeError):  # Django refuses a malformed address before connecting
        return "permanent"
    return "transient"


def describe(error):
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(f"{code} {message.decode(errors='replace')}" for code, message in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        message = error.smtp_error.decode(errors="replace") if isinstance(error.smtp_error, bytes) else error.smtp_error
        return f"{error.smtp_code} {message}"
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


def _claim(email_ids, now):
    """The ids this task may send: those still waiting, claimed in one conditional UPDATE.

    The claim's time (to the microsecond) tells this task's rows from rows another task claimed.
    """
    OutboundEmail.objects.filter(pk__in=email_ids, status__in=OutboundEmail.PENDING).update(
        status=OutboundEmail.Status.SENDING, attempts=F("attempts") + 1, last_attempt_at=now
    )
    return list(
        OutboundEmail.objects.filter(
            pk__in=email_ids, status=OutboundEmail.Status.SENDING, last_attempt_at=now
        ).values_list("pk", flat=True)
    )


def deliver_now(email_ids):
    """Send queued messages over one connection; returns how many went, failed and were skipped."""
    if isinstance(email_ids, int):
        email_ids = [email_ids]
    now = timezone.now()
    claimed = _claim(email_ids, now)
    outcome = {"sent": 0, "failed": 0, "skipped": len(email_ids) - len(claimed)}
    if not claimed:  # sent, given up, or being sent by another task
        return outcome
    emails = list(OutboundEmail.objects.filter(pk__in=claimed).order_by("pk"))
    sent, failures = [], []
    connection = get_connection(settings.OUTBOX_DELIVERY_BACKEND, fail_silently=False)
    try:
        connection.open()
    except Exception as error:
        failures = [(email, error) for email in emails]
        emails = []
    for position, email in enumerate(emails):
        try:
            if not connection.send_messages([email.as_message(connection)]):
                raise ValueError("the mail backend accepted no recipient")
        except Exception as error:
            failures.append((email, error))
            if not _about_recipient(error):
                # The server itself failed: the rest would fail the same way now; they wait together.
                failures += [(rest, error) for rest in emails[position + 1 :]]
                break
        else:
            sent.append(email)
    with contextlib.suppress(Exception):  # a dropped connection may fail to close; the results stand
        connection.close()
    if sent:
        sent_at = timezone.now()
        OutboundEmail.objects.filter(pk__in=[email.pk for email in sent]).update(
            status=OutboundEmail.Status.SENT, sent_at=sent_at, last_error=""
        )
        for email in sent:
            email.status, email.sent_at = OutboundEmail.Status.SENT, sent_at
            email_delivered.send(sender=OutboundEmail, email=email)
        logger.info("Delivered %d email(s): %s", len(sent), ", ".join(str(email.pk) for email in sent[:20]))
    retry_later = {}  # by attempts made: the messages of one failed batch wait and are retried together
    for email, error in failures:
        if _failed(email, error) == OutboundEmail.Status.RETRYING:
            retry_later.setdefault((email.attempts, bool(email.alert)), []).append(email)
        else:
            outcome["failed"] += 1
    for (_attempts, urgent), waiting in retry_later.items():
        run_after = max(email.next_attempt_at for email in waiting)
        enqueue([email.pk for email in waiting], run_after=run_after, urgent=urgent)
    outcome["sent"] = len(sent)
    return outcome


def _about_recipient(error):
    """True when the server refused this message or address, not the connection: try the next one."""
    if isinstance(error, smtplib.SMTPRecipientsRefused | smtplib.SMTPSenderRefused | smtplib.SMTPDataError):
        return True
    return isinstance(error, ValueError | UnicodeError)


def _failed(email, error):
    kind = classify(error)
    # The server's answer often quotes the address; a private recipient's must not show in the outbox.
    email.last_error = re.sub(re.escape(email.recipient), "<recipient>", describe(error), flags=re.IGNORECASE)[:2000]
    gave_up = timezone.now() - email.created_at >= retry_for()
    if kind == "permanent" or gave_up:
        email.status = OutboundEmail.Status.FAILED
        if gave_up and kind == "transient":
            email.last_error = f"Gave up after {email.attempts} attempts: {email.last_error}"
        email.save(update_fields=["status", "last_error"])
        logger.warning("Email %s (%s) failed for good: %s", email.pk, email.kind, email.last_error)
        if kind == "permanent":
            email_failed.send(sender=OutboundEmail, email=email)
        return email.status
    email.status = OutboundEmail.Status.RETRYING
    email.next_attempt_at = timezone.now() + wait_before(email.attempts)
    email.save(update_fields=["status", "last_error", "next_attempt_at"])
    logger.warning("Email %s (%s) will be retried: %s", email.pk, email.kind, email.last_error)
    return email.status


def retry_now(queryset):
    """Try these messages again now (the outbox's Retry button): failed ones too, once someone fixed the cause."""
    ids = list(
        queryset.filter(status__in=[*OutboundEmail.PENDING, OutboundEmail.Status.FAILED]).values_list("pk", flat=True)
    )
    OutboundEmail.objects.filter(pk__in=ids).update(
        status=OutboundEmail.Status.RETRYING, next_attempt_at=timezone.now()
    )
    for pk in ids:
        enqueue(pk)
    return len(ids)


STALLED_AFTER = timedelta(minutes=5)
SENDING_TIMEOUT = timedelta(minutes=15)


def requeue_stalled(now=None):
    """Hand back to the worker what should have been tried by now and has no task waiting.

    A message is stored with its change; its task is queued just after the commit. A process
    that died in between, or a worker that died while sending, leaves a message behind: this
    finds it (run every minute by the scheduler).
    """
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    OutboundEmail.objects.filter(status=OutboundEmail.Status.SENDING, last_attempt_at__lt=now - SENDING_TIMEOUT).update(
        status=OutboundEmail.Status.RETRYING
    )
    due = list(
        OutboundEmail.objects.filter(
            status__in=OutboundEmail.PENDING, next_attempt_at__lt=now - STALLED_AFTER
        ).values_list("pk", "task_id")
    )
    waiting = set(
        DBTaskResult.objects.filter(id__in=[task_id for _pk, task_id in due if task_id], status="READY").values_list(
            "id", flat=True
        )
    )
    stalled = [pk for pk, task_id in due if not task_id or task_id not in {str(w) for w in waiting}]
    enqueue(stalled)
    return len(stalled)
