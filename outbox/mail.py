"""Queueing email: what the rest of the site calls instead of sending.

`send(...)` stores one message per recipient and hands it to the worker once the
transaction commits. `QueuedEmailBackend` (the site's EMAIL_BACKEND) does the same
for mail that other code sends through Django (Wagtail's review notifications,
password resets), so nothing anywhere talks to the mail server inside a request.
The worker delivers through OUTBOX_DELIVERY_BACKEND (SMTP in production).
"""

import sys
from dataclasses import dataclass

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

from .models import OutboundEmail


@dataclass(frozen=True)
class Envelope:
    """What the outbox needs to know of a message besides its text."""

    kind: str = OutboundEmail.Kind.OTHER
    recipient_role: str = "staff"
    private: bool = True
    ref: str = ""
    alert: str = ""
    alert_url: str = ""


def send(subject, body, recipients, *, kind, recipient_role, private, ref="", html=None, headers=None, **alert):
    """Queue `subject`/`body` to each of `recipients` (one message each: nobody sees another's address).

    Returns the stored messages. Delivery starts when the current transaction commits.
    """
    envelope = Envelope(kind=kind, recipient_role=recipient_role, private=private, ref=ref, **alert)
    return queue_messages(
        [
            {"subject": subject, "body": body, "recipient": address, "html_body": html or "", "headers": headers or {}}
            for address in recipients
            if address
        ],
        envelope,
    )


def already_queued(ref):
    """True when a message about `ref` is waiting or was delivered: a notice that must go once."""
    return OutboundEmail.objects.filter(ref=ref).exclude(status=OutboundEmail.Status.FAILED).exists()


def queue_messages(messages, envelope):
    rows = OutboundEmail.objects.bulk_create(
        [
            OutboundEmail(
                kind=envelope.kind,
                recipient_role=envelope.recipient_role,
                private=envelope.private,
                ref=envelope.ref,
                alert=envelope.alert,
                alert_url=envelope.alert_url,
                from_email=message.get("from_email") or settings.DEFAULT_FROM_EMAIL,
                **{key: value for key, value in message.items() if key != "from_email"},
            )
            for message in messages
        ]
    )
    if rows:
        ids = [row.pk for row in rows]  # PostgreSQL and SQLite return the new ids from a bulk insert
        transaction.on_commit(lambda: _enqueue(ids, urgent=bool(envelope.alert)))
    return rows


def _enqueue(ids, urgent=False):
    from .delivery import enqueue

    enqueue(ids, urgent=urgent)


# What Django and Wagtail send on their own, known by the module that sent it.
_SENDERS = {
    "wagtail.admin.mail": Envelope(kind=OutboundEmail.Kind.REVIEW, recipient_role="staff", private=False),
    "django.contrib.auth.forms": Envelope(kind=OutboundEmail.Kind.ACCOUNT, recipient_role="staff", private=True),
}


def _sender_envelope():
    frame = sys._getframe(2)
    for _depth in range(12):
        if frame is None:
            break
        envelope = _SENDERS.get(frame.f_globals.get("__name__", ""))
        if envelope is not None:
            return envelope
        frame = frame.f_back
    return Envelope()  # unknown senders are private: nothing of theirs is shown in the outbox


class QueuedEmailBackend(BaseEmailBackend):
    """Django email backend that queues instead of sending; the worker delivers."""

    def send_messages(self, email_messages):
        envelope = _sender_envelope()
        messages = []
        for message in email_messages:
            html = next(
                (content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), ""
            )
            for address in message.recipients():
                messages.append(
                    {
                        "subject": str(message.subject),
                        "body": str(message.body),
                        "html_body": html,
                        "recipient": address,
                        "from_email": message.from_email,
                        "headers": dict(message.extra_headers),
                    }
                )
        queue_messages(messages, envelope)
        return len(email_messages)
