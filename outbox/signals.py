"""Sent by the worker when a message has really been delivered, so that whoever waited on it can record it."""

from django.dispatch import Signal

# sender=OutboundEmail, email=<the OutboundEmail row>; `email.ref` says what it was about.
email_delivered = Signal()

# sender=OutboundEmail, email=<the row>: the mail server refused it for good (an SMTP 5xx, an invalid
# address), so whoever sends to that address can stop (a follower whose address bounces).
email_failed = Signal()
