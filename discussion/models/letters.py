from django.conf import settings
from django.db import models
from django.utils import timezone


class LetterQuerySet(models.QuerySet):
    def inbox_order(self):
        """Urgent letters first, then the oldest waiting."""
        return self.order_by("-urgent", "received_at")


class Letter(models.Model):
    """A family member's question letter, as sent. Private: only staff see it."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        ASSIGNED = "assigned", "Assigned"
        DRAFTING = "drafting", "Drafting"
        IN_REVIEW = "in_review", "In review"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"
        DECLINED = "declined", "Declined"

    class Relation(models.TextChoices):
        PARENT = "parent", "Parent"
        PARTNER = "partner", "Partner or spouse"
        SIBLING = "sibling", "Brother or sister"
        CHILD = "child", "Adult child"
        GRANDPARENT = "grandparent", "Grandparent"
        OTHER_FAMILY = "other_family", "Other family member"
        FRIEND = "friend", "Friend"
        OTHER = "other", "Other"

    pen_name = models.CharField(max_length=60)
    email = models.EmailField(blank=True, help_text="Private. Used only to say the reply is published.")
    body = models.TextField("letter")
    relation = models.CharField(
        "relation to their loved one", max_length=20, choices=Relation.choices, blank=True
    )
    consent = models.BooleanField("consents to publication of an edited, de-identified version")
    received_at = models.DateTimeField(default=timezone.now, db_index=True)

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW, db_index=True)
    urgent = models.BooleanField(default=False, db_index=True)
    crisis_terms = models.JSONField(default=list, blank=True, help_text="The crisis phrases found.")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_letters",
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    declined_reason = models.TextField(blank=True)
    reply_page = models.OneToOneField(
        "blog.LetterReplyPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="source_letter",
    )
    status_changed_at = models.DateTimeField(default=timezone.now)
    published_notice_sent_at = models.DateTimeField(null=True, blank=True)
    email_erased_at = models.DateTimeField(null=True, blank=True)

    objects = LetterQuerySet.as_manager()

    class Meta:
        ordering = ["-urgent", "received_at"]
        permissions = [
            ("assign_letter", "Can assign letters to writers and decline them"),
            ("view_letter_email", "Can see the contact email of any letter"),
        ]
        indexes = [models.Index(fields=["status", "received_at"], name="letter_status_received_idx")]

    def __str__(self):
        return f"Letter from {self.pen_name} ({self.received_at:%d %b %Y})"
