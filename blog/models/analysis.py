"""The de-identification assistant's findings for one revision of a reply, computed by the worker."""

from django.db import models


class ReplyAnalysis(models.Model):
    """What the assistant found in one saved revision of a LetterReplyPage (blog/reply_analysis.py).

    One per revision, so a reviewer and a writer looking at the same revision see the same
    findings, computed once. The findings quote the revision's identifying details: they are as
    private as the revision itself, and go with it when it is deleted.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "waiting for the worker"
        READY = "ready", "ready"
        FAILED = "failed", "failed"

    revision = models.OneToOneField("wagtailcore.Revision", on_delete=models.CASCADE, related_name="reply_analysis")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # [Finding.as_dict(), ...]: kind, text, field, start, end, context, key, label.
    findings = models.JSONField(default=list, blank=True)
    engine_version = models.CharField(max_length=200, blank=True, help_text="Rules and model that found them.")
    requested_at = models.DateTimeField(auto_now_add=True)
    analysed_at = models.DateTimeField(null=True, blank=True)
    # The exception's type only: its message could quote the letter.
    error = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "reply analysis"
        verbose_name_plural = "reply analyses"

    def __str__(self):
        return f"Analysis of revision {self.revision_id} ({self.status})"
