"""Emails about comments: to moderators (one per waiting comment, or a digest) and to writers who asked.

They are queued in the outbox with the comment (outbox/mail.py); the worker sends them.
"""

from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from cms.roles import COMMENT_MODERATORS
from outbox import mail as outbox
from outbox.models import OutboundEmail

from .models.comments import Comment, NotificationMode


def moderator_emails():
    User = get_user_model()
    return list(
        User.objects.filter(groups__name=COMMENT_MODERATORS, is_active=True)
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )


def queue_url(**params):
    from urllib.parse import urlencode

    url = django_settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("comment_moderation:index")
    return f"{url}?{urlencode(params)}" if params else url


def _send(subject, template, context, recipients, *, kind, role):
    if not recipients:
        return False
    body = render_to_string(template, context)
    # Private: the text is a reader's comment, which the outbox shows to no one (moderators have the queue).
    outbox.send(subject, body, recipients, kind=kind, recipient_role=role, private=True)
    return True


def notify_moderators(comments, settings):
    """One email per comment now waiting for a moderator, when the settings ask for that."""
    if settings.notification_mode != NotificationMode.EACH:
        return 0
    waiting = [c for c in comments if c.status == Comment.Status.PENDING]
    recipients = moderator_emails() if waiting else []
    sent = 0
    for comment in waiting:
        reported = Comment.Reason.REPORTED in comment.reason_code_list
        subject = f"{'Reported' if reported else 'New'} comment waiting on \u201c{comment.page.title}\u201d"
        context = {"comment": comment, "queue_url": queue_url(), "post_url": comment.page.full_url}
        if _send(
            subject,
            "discussion/comments/emails/held.txt",
            context,
            recipients,
            kind=OutboundEmail.Kind.COMMENT_HELD,
            role="moderator",
        ):
            sent += 1
            Comment.objects.filter(pk=comment.pk).update(moderators_notified_at=timezone.now())
    return sent


def send_digest(now=None):
    """One email listing the comments that arrived (or were reported) since the last notice.
    Returns the number of comments it listed; 0 sends nothing."""
    now = now or timezone.now()
    pending = Comment.objects.pending()
    new = list(pending.filter(moderators_notified_at__isnull=True).select_related("page").order_by("created_at"))
    if not new:
        return 0
    context = {"comments": new, "total_pending": pending.count(), "queue_url": queue_url()}
    subject = f"{len(new)} new comment{'s' if len(new) != 1 else ''} waiting for moderation"
    digest = "discussion/comments/emails/digest.txt"
    if not _send(
        subject, digest, context, moderator_emails(), kind=OutboundEmail.Kind.COMMENT_DIGEST, role="moderator"
    ):
        return 0
    Comment.objects.filter(pk__in=[c.pk for c in new]).update(moderators_notified_at=now)
    return len(new)


def notify_writers(comments):
    """Tell each writer who opted in that readers' comments on their replies were published."""
    ids = [c.pk for c in comments if not c.is_staff_reply]
    if not ids:
        return 0
    by_owner = {}
    published = Comment.objects.filter(pk__in=ids).select_related("page__owner__comment_notifications")
    for comment in published:
        owner = comment.page.owner
        preference = getattr(owner, "comment_notifications", None) if owner else None
        if preference and preference.approved_on_my_replies and owner.is_active and owner.email:
            by_owner.setdefault(owner, []).append(comment)
    for owner, owned in by_owner.items():
        subject = (
            f"A reader's comment on \u201c{owned[0].page.title}\u201d is published"
            if len(owned) == 1
            else f"{len(owned)} readers' comments on your replies are published"
        )
        _send(
            subject,
            "discussion/comments/emails/published.txt",
            {"owner": owner, "comments": owned},
            [owner.email],
            kind=OutboundEmail.Kind.COMMENT_PUBLISHED,
            role="writer",
        )
    return len(by_owner)
