"""Reader comments under a reply, the reports readers make, and the moderation settings."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinLengthValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

BODY_MIN_LENGTH = 2
BODY_MAX_LENGTH = 3000
NAME_MAX_LENGTH = 80


def body_fingerprint(body):
    """The same text whatever its case and spacing: what the duplicate guard compares."""
    return hashlib.sha256(" ".join((body or "").casefold().split()).encode()).hexdigest()


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def from_email(self, email):
        return self.filter(email__iexact=email.strip()) if email and email.strip() else self.none()

    def held_for(self, code):
        return self.filter(reason_codes__contains=f",{code},")


class Comment(models.Model):
    """A reader's comment under a reply. Pending until a moderator approves it."""

    # Not content other pages link to: no reference-index rows (Wagtail's "usage"), no task per save.
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        SPAM = "spam", "Spam"

    class Reason(models.TextChoices):
        LANGUAGE = "language", "Language guide"
        ADVICE = "advice", "Advice-giving"
        LINKS = "links", "Links"
        CONTACT = "contact", "Contact details (email or phone)"
        HOLD_LIST = "hold_list", "Word on the hold list"
        BLOCK_LIST = "block_list", "Word on the block list"
        HONEYPOT = "honeypot", "Hidden field filled in (a bot)"
        REPORTED = "reported", "Reported by readers"

    page = models.ForeignKey("blog.LetterReplyPage", on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
        help_text="The comment this one replies to. Replies go one level deep.",
    )
    # A reply deeper than one level (imported from WordPress) sits under its first comment, in date
    # order; this keeps the comment it really answered.
    replying_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    display_name = models.CharField("name", max_length=NAME_MAX_LENGTH)
    email = models.EmailField(blank=True, help_text="Private: never shown on the site.")
    body = models.TextField("comment", max_length=BODY_MAX_LENGTH, validators=[MinLengthValidator(BODY_MIN_LENGTH)])
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # Why a comment was held: [{"code": Reason, "detail": "..."}], shown to moderators.
    hold_reasons = models.JSONField(default=list, blank=True)
    # The reason codes as ",code,code," so the queue can filter by reason on any database.
    reason_codes = models.CharField(max_length=200, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    ip_hash = models.CharField(max_length=64, blank=True)
    # Fingerprint of the normalised text: finds the same comment sent twice.
    body_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    is_staff_reply = models.BooleanField(default=False)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    edited_by_moderator_at = models.DateTimeField(null=True, blank=True, editable=False)
    moderators_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        indexes = [
            models.Index(fields=["page", "status", "created_at"], name="comment_page_status_idx"),
            models.Index(fields=["status", "created_at"], name="comment_status_created_idx"),
        ]

    def __str__(self):
        excerpt = " ".join(self.body.split())
        if len(excerpt) > 60:
            excerpt = excerpt[:59] + "\u2026"
        return f"{self.display_name}: \u201c{excerpt}\u201d"

    def clean(self):
        super().clean()
        if self.parent_id is not None:
            if self.parent.parent_id is not None:
                raise ValidationError({"parent": "Replies go one level deep: reply to the first comment."})
            if self.parent.page_id != self.page_id:
                raise ValidationError({"parent": "A reply belongs under the same post as its comment."})

    def save(self, *args, **kwargs):
        self.body_hash = body_fingerprint(self.body)
        self.reason_codes = "".join(f",{code}" for code in self.reason_code_list) + "," if self.hold_reasons else ""
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "hold_reasons" in update_fields:
            kwargs["update_fields"] = {*update_fields, "reason_codes"}
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*kwargs["update_fields"], "body_hash"}
        super().save(*args, **kwargs)

    @property
    def reason_code_list(self):
        return list(dict.fromkeys(reason["code"] for reason in self.hold_reasons))

    def add_reason(self, code, detail=""):
        reason = {"code": str(code), "detail": detail}
        if reason not in self.hold_reasons:
            self.hold_reasons = [*self.hold_reasons, reason]

    def reasons_for_display(self):
        labels = dict(self.Reason.choices)
        return [
            (reason["code"], labels.get(reason["code"], reason["code"]), reason.get("detail", ""))
            for reason in self.hold_reasons
        ]

    @property
    def is_reply(self):
        return self.parent_id is not None


class CommentReport(models.Model):
    """A reader's report that an approved comment breaks the guidelines: one per reader per comment."""

    # Not content other pages link to: no reference-index rows (Wagtail's "usage"), no task per save.
    wagtail_reference_index_ignore = True

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    # Blank once older than COMMENT_IP_HASH_RETENTION_DAYS (discussion/retention.py); the report still counts.
    ip_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Set when a moderator approves the comment again: old reports no longer count.
    resolved = models.BooleanField(default=False)

    class Meta:
        constraints = [
            # Erased hashes are blank and may repeat: several old reports of one comment still count.
            models.UniqueConstraint(
                fields=["comment", "ip_hash"], condition=~models.Q(ip_hash=""), name="one_report_per_reader"
            ),
        ]

    def __str__(self):
        return f"Report on comment {self.comment_id}"


class NotificationMode(models.TextChoices):
    EACH = "each", "An email for each comment that waits for a moderator"
    DIGEST = "digest", "A digest, sent by the comment_digest command (e.g. daily from cron)"
    NONE = "none", "No emails"


@register_setting(icon="comment")
class CommentSettings(BaseSiteSetting):
    """How comments are moderated: changed by comment moderators in the admin, no deploy needed."""

    auto_approve_after = models.PositiveSmallIntegerField(
        "auto-approve regular commenters after",
        default=0,
        validators=[MaxValueValidator(1000)],
        help_text=(
            "Publish without review a comment from someone (recognised by their private email) who already "
            "has this many approved comments and none rejected or marked spam. Comments that any rule holds "
            "still wait. 0 = off: every comment waits for a moderator."
        ),
    )
    reports_to_hold = models.PositiveSmallIntegerField(
        "reports before a comment is hidden",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="After this many reports from different readers an approved comment goes back to pending.",
    )
    max_links = models.PositiveSmallIntegerField(
        "links allowed",
        default=0,
        validators=[MaxValueValidator(20)],
        help_text=(
            "Hold comments with more links than this (web addresses such as example.org count too). "
            "0 holds every comment with a link, so no treatment seller gets through unread."
        ),
    )
    hold_words = models.TextField(
        "hold list",
        blank=True,
        help_text="One word or phrase per line. A comment containing one waits for a moderator.",
    )
    block_words = models.TextField(
        "block list",
        blank=True,
        help_text="One word or phrase per line. A comment containing one goes straight to spam.",
    )
    notification_mode = models.CharField(
        "moderator emails",
        max_length=10,
        choices=NotificationMode.choices,
        default=NotificationMode.EACH,
        help_text="Sent to the members of the Comment moderators group who have an email address.",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("auto_approve_after"), FieldPanel("reports_to_hold"), FieldPanel("max_links")],
            heading="Rules",
        ),
        MultiFieldPanel([FieldPanel("hold_words"), FieldPanel("block_words")], heading="Word lists"),
        FieldPanel("notification_mode"),
    ]

    class Meta:
        verbose_name = "Comment moderation"


class CommentNotificationPreference(models.Model):
    """A staff member's choice to hear when a reader's comment on a reply they wrote is published."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_notifications"
    )
    approved_on_my_replies = models.BooleanField(
        "email me when a reader's comment on a reply I wrote is published", default=False
    )

    def __str__(self):
        return f"Comment notifications for {self.user}"
