"""Sent by the worker when a message has really been delivered, so that whoever waited on it can record it."""

from django.dispatch import Signal

# sender=OutboundEmail, email=<the OutboundEmail row>; `email.ref` says what it was about.
email_delivered = Signal()
