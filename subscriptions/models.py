"""Readers who follow the blog by email: an address, what it follows, and what it was already told.

No account: an address is the reader. It is confirmed once (double opt-in); until then nothing
is sent to it but the confirmation, and an unconfirmed address is deleted after 7 days. Every
email carries a signed link to manage or stop it all, and one-click unsubscribe headers.
"""

import secrets

from django.db import models
from django.utils import timezone


def new_key():
    return secrets.token_urlsafe(24)


class SubscriberQuerySet(models.QuerySet):
    def reachable(self):
        """Confirmed, and not refused for good by their mail server."""
        return self.filter(confirmed_at__isnull=False, bounced_at__isnull=True)


class Subscriber(models.Model):
    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", "As it happens"
        WEEKLY = "weekly", "A weekly digest"

    email = models.EmailField(unique=True)  # stored lower-cased: one address, one subscriber
    # The secret in this address's links (confirm, manage, unsubscribe); a new one invalidates old links.
    key = models.CharField(max_length=64, default=new_key, unique=True)
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    # The mail server refused this address for good: nothing more is sent to it.
    bounced_at = models.DateTimeField(null=True, blank=True)
    last_digest_at = models.DateTimeField(null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = "follower"
        permissions = [("view_subscriber_counts", "Can see how many readers follow each topic (not who)")]
        indexes = [models.Index(fields=["confirmed_at", "created_at"], name="subscriber_confirmed")]

    def __str__(self):
        return self.email

    @property
    def confirmed(self):
        return self.confirmed_at is not None


class Subscription(models.Model):
    class Kind(models.TextChoices):
        ALL = "all", "Every new reply"
        TAG = "tag", "A topic"
        MODULE = "module", "A curriculum module"
        WRITER = "writer", "A staff writer"
        POST = "post", "New comments on a post"
        THREAD = "thread", "Replies to a comment"

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="subscriptions")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # The tag, module page, staff writer, post page or top-level comment followed; none for ALL.
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "kind", "target_id"], name="one_subscription_per_target"),
            models.UniqueConstraint(
                fields=["subscriber", "kind"], condition=models.Q(target_id__isnull=True), name="one_follow_all"
            ),
        ]
        indexes = [models.Index(fields=["kind", "target_id"], name="subscription_target")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.target_id or 'all'})"


class Notice(models.Model):
    """What an address was told about, so nothing is announced to it twice (a reply republished, a digest)."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="notices")
    page_id = models.PositiveBigIntegerField(null=True, blank=True)
    comment_id = models.PositiveBigIntegerField(null=True, blank=True)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "page_id"], name="one_notice_per_reply"),
            models.UniqueConstraint(fields=["subscriber", "comment_id"], name="one_notice_per_comment"),
        ]

    def __str__(self):
        return f"reply {self.page_id}" if self.page_id else f"comment {self.comment_id}"
