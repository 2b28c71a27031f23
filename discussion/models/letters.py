import re
from html import escape

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify


class LetterQuerySet(models.QuerySet):
    def inbox_order(self):
        """Urgent letters first, then the oldest waiting."""
        return self.order_by("-urgent", "received_at")


class Letter(models.Model):
    """A family member's question letter, as sent. Private: only staff see it."""

    # Not content other pages link to: no reference-index rows (Wagtail's "usage"), no task per save.
    wagtail_reference_index_ignore = True

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
    relation = models.CharField("relation to their loved one", max_length=20, choices=Relation.choices, blank=True)
    consent = models.BooleanField("consents to publication of an edited, de-identified version")
    received_at = models.DateTimeField(default=timezone.now, db_index=True)

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW, db_index=True)
    urgent = models.BooleanField(default=False, db_index=True)
    crisis_terms = models.JSONField(default=list, blank=True, help_text="The crisis phrases found.")
    # The quieter second tier (discussion/crisis.py): no alert, a label and a filter in the inbox.
    mentions_risk = models.BooleanField(
        "mentions risk",
        default=False,
        db_index=True,
        help_text="Fear of an overdose, past overdoses or a history of self-harm: not urgent, but read with care.",
    )
    risk_terms = models.JSONField(default=list, blank=True, help_text="The phrases that mention risk.")
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
        indexes = [
            models.Index(fields=["status", "received_at"], name="letter_status_received_idx"),
            # The inbox opens on urgent letters first, then the oldest: its first page from the index.
            models.Index(fields=["-urgent", "received_at"], name="letter_inbox_order_idx"),
        ]

    def __str__(self):
        return f"Letter from {self.pen_name} ({self.received_at:%d %b %Y})"

    # Who may see what -------------------------------------------------------

    def email_visible_to(self, user):
        """Contact details show only to editors and to the writer the letter is assigned to."""
        return user.has_perm("discussion.view_letter_email") or (
            self.assigned_to_id is not None and self.assigned_to_id == user.pk
        )

    def can_be_taken_by(self, user):
        return self.status == self.Status.NEW and user.has_perm("discussion.change_letter")

    def can_start_reply(self, user):
        if self.reply_page_id or self.status == self.Status.DECLINED:
            return False
        return user.has_perm("discussion.assign_letter") or (
            self.assigned_to_id == user.pk and user.has_perm("discussion.change_letter")
        )

    # What happens to a letter ------------------------------------------------

    def _set_status(self, status):
        if status != self.status:
            self.status = status
            self.status_changed_at = timezone.now()

    def assign_to(self, writer):
        self.assigned_to = writer
        self.assigned_at = timezone.now()
        if self.status in (self.Status.NEW, self.Status.DECLINED):
            self._set_status(self.Status.ASSIGNED)
        self.declined_reason = ""
        self.save()

    def decline(self, reason):
        self.declined_reason = reason
        self._set_status(self.Status.DECLINED)
        self.save()

    @transaction.atomic
    def start_reply(self, user):
        """Create the draft reply under the Discussion Blog, owned by `user`, with the letter filled in."""
        from blog.models import BlogIndexPage, LetterReplyPage, StaffWriter

        blog = BlogIndexPage.objects.get()
        base = slugify(f"reply to {self.pen_name}")[:60] or "reply"
        slug, n = base, 1
        while LetterReplyPage.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        page = LetterReplyPage(
            title=f"Reply to {self.pen_name}",
            slug=slug,
            pen_name=self.pen_name,
            letter=letter_as_rich_text(self.body),
            standfirst="",
            writer=StaffWriter.objects.filter(user=user).first(),
            owner=user,
            live=False,
        )
        blog.add_child(instance=page)
        # The writer fills in the standfirst and byline; the first draft may lack them.
        page.save_revision(user=user, log_action=True, clean=False)
        self.reply_page = page
        if self.assigned_to_id is None:
            self.assigned_to = user
            self.assigned_at = timezone.now()
        self._set_status(self.Status.DRAFTING)
        self.save()
        return page

    def sync_with_page(self):
        """Follow the reply page: drafting, in review, scheduled, published."""
        page = self.reply_page
        if page is None:
            return
        page = type(page).objects.get(pk=page.pk)
        if page.live:
            status = self.Status.PUBLISHED
        elif page.scheduled_revision:
            status = self.Status.SCHEDULED
        elif page.workflow_in_progress:
            status = self.Status.IN_REVIEW
        else:
            status = self.Status.DRAFTING
        if status != self.status:
            self._set_status(status)
            self.save(update_fields=["status", "status_changed_at"])


_PARAGRAPHS = re.compile(r"\n\s*\n")


def letter_as_rich_text(text):
    """A reader's plain-text letter as rich text paragraphs, escaped."""
    paragraphs = [p.strip() for p in _PARAGRAPHS.split(text.strip()) if p.strip()]
    return "".join("<p>" + escape(p).replace("\n", "<br/>") + "</p>" for p in paragraphs)
