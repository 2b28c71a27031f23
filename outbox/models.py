"""Every email the site sends, kept until it is delivered: the outbox.

A message is stored in the same transaction as the change that caused it (a letter,
an approval, a comment), so a rolled-back request leaves nothing to send and a committed
one is never lost. The worker process delivers it (outbox/delivery.py); no request ever
opens a connection to the mail server.
"""

from django.core.mail import EmailMultiAlternatives
from django.db import models
from django.utils import timezone


class OutboundEmail(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        RETRYING = "retrying", "Waiting to retry"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    class Kind(models.TextChoices):
        CRISIS_ALERT = "crisis_alert", "Urgent letter alert"
        LETTER_ASSIGNED = "letter_assigned", "Letter assigned"
        REPLY_PUBLISHED = "reply_published", "Reply published (to the letter writer)"
        REVIEW = "review", "Review workflow"
        COMMENT_HELD = "comment_held", "Comment waiting for a moderator"
        COMMENT_DIGEST = "comment_digest", "Moderators' digest"
        COMMENT_PUBLISHED = "comment_published", "Comment published (to the reply's writer)"
        FOLLOW_CONFIRM = "follow_confirm", "Follow by email: confirmation"
        FOLLOW_NOTICE = "follow_notice", "Follow by email: now following"
        FOLLOW_REPLY = "follow_reply", "Follow by email: new reply"
        FOLLOW_DIGEST = "follow_digest", "Follow by email: weekly digest"
        FOLLOW_COMMENT = "follow_comment", "Follow by email: new comment"
        ACCOUNT = "account", "Account (password reset)"
        OTHER = "other", "Other"

    PENDING = (Status.QUEUED, Status.RETRYING)

    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.OTHER)
    # Who it is for, as a role ("editor", "letter writer"): what the outbox shows instead of a private address.
    recipient_role = models.CharField(max_length=40, default="staff")
    recipient = models.CharField(max_length=254)
    # A private message (to a letter writer or a commenter, or carrying their details) never shows its
    # address or body in the admin.
    private = models.BooleanField(default=True)
    subject = models.CharField(max_length=998)
    body = models.TextField()
    html_body = models.TextField(blank=True)
    from_email = models.CharField(max_length=254, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    # What the message is about, for whoever waits for its delivery ("letter-reply-notice:12").
    ref = models.CharField(max_length=100, blank=True, db_index=True)
    # A message that must reach a person fast raises a banner on the dashboard when it could not.
    alert = models.CharField(max_length=300, blank=True)
    alert_url = models.CharField(max_length=300, blank=True)

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = "email"
        verbose_name_plural = "outbox"
        ordering = ["-created_at", "-pk"]
        permissions = [("view_all_outboundemail", "Can see every email in the outbox, not only their own")]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_pending"),
            models.Index(fields=["recipient", "-created_at"], name="outbox_recipient"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.recipient_role} ({self.get_status_display().lower()})"

    @property
    def is_pending(self):
        return self.status in self.PENDING

    def as_message(self, connection=None):
        message = EmailMultiAlternatives(
            subject=self.subject,
            body=self.body,
            from_email=self.from_email or None,
            to=[self.recipient],
            headers=self.headers or None,
            connection=connection,
        )
        if self.html_body:
            message.attach_alternative(self.html_body, "text/html")
        return message
