from django.conf import settings
from django.db import models
from django.utils import timezone


class Comment(models.Model):
    """A reader's comment under a reply. Pending until a moderator approves it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        SPAM = "spam", "Spam"

    page = models.ForeignKey("blog.LetterReplyPage", on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    display_name = models.CharField(max_length=80)
    email = models.EmailField(blank=True)
    body = models.TextField(max_length=3000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    hold_reasons = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    ip_hash = models.CharField(max_length=64, blank=True)
    is_staff_reply = models.BooleanField(default=False)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [
            models.Index(fields=["page", "status", "created_at"], name="comment_page_status_idx"),
            models.Index(fields=["status", "created_at"], name="comment_status_created_idx"),
        ]

    def __str__(self):
        return f"Comment by {self.display_name} on {self.page_id}"
