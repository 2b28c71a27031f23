"""Where following by email hooks into publishing, comments, the outbox and readers' data requests."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.signals import page_published

from blog.models import LetterReplyPage
from discussion.signals import collect_reader_data, comment_follow_requested, comments_published, erase_reader_data
from outbox.models import OutboundEmail
from outbox.signals import email_failed

from . import following, tasks
from .models import Subscriber, Subscription

FOLLOW_KINDS = {kind for kind in OutboundEmail.Kind.values if kind.startswith("follow_")}


def announce_delay():
    # A reply unpublished within this time after going live is never announced; republished, it is, once.
    return timedelta(seconds=getattr(settings, "FOLLOW_ANNOUNCE_DELAY", 60))


def on_reply_published(sender, instance, **kwargs):
    if not instance.live:  # Wagtail sends page_published when scheduling too; the real publish comes later
        return
    if instance.imported_from:  # brought over from the old WordPress archive: no news to followers
        return
    run_after = timezone.now() + announce_delay()
    transaction.on_commit(lambda: tasks.announce_reply.using(run_after=run_after).enqueue(instance.pk))


def on_comments_published(sender, comments, **kwargs):
    # One task for a whole bulk approval: the moderator's request adds one row, whatever the selection.
    tasks.announce_comments.enqueue([comment.pk for comment in comments])


def on_follow_requested(sender, comment, email, follow, **kwargs):
    if follow == "post":
        tasks.follow_from_comment.enqueue(email, Subscription.Kind.POST, comment.page_id)
    elif follow == "thread":
        tasks.follow_from_comment.enqueue(email, Subscription.Kind.THREAD, comment.parent_id or comment.pk)


def on_email_failed(sender, email, **kwargs):
    """A follower's address refused for good: stop sending to it."""
    if email.kind in FOLLOW_KINDS:
        Subscriber.objects.filter(email=email.recipient, bounced_at__isnull=True).update(bounced_at=timezone.now())


def export_follower(sender, email, **kwargs):
    subscriber = Subscriber.objects.filter(email=following.normalise(email)).first()
    if subscriber is None:
        return "following", None
    return "following", {
        "email": subscriber.email,
        "frequency": subscriber.frequency,
        "created_at": subscriber.created_at.isoformat(),
        "confirmed_at": subscriber.confirmed_at.isoformat() if subscriber.confirmed_at else None,
        "bounced_at": subscriber.bounced_at.isoformat() if subscriber.bounced_at else None,
        "follows": [text for _subscription, text in following.followed(subscriber)],
        "emails_about": subscriber.notices.count(),
    }


def erase_follower(sender, email, dry_run=False, **kwargs):
    email = following.normalise(email)
    subscriber = Subscriber.objects.filter(email=email).first()
    queued = OutboundEmail.objects.filter(recipient__iexact=email, kind__in=FOLLOW_KINDS)
    if subscriber is None and not queued.exists():
        return "following", ""
    if not dry_run:
        queued.delete()
        if subscriber:
            following.stop_all(subscriber)
    return "following", "the address, everything it followed and its emails in the outbox"


def connect():
    page_published.connect(on_reply_published, sender=LetterReplyPage, dispatch_uid="follow-reply-published")
    comments_published.connect(on_comments_published, dispatch_uid="follow-comments-published")
    comment_follow_requested.connect(on_follow_requested, dispatch_uid="follow-from-comment")
    email_failed.connect(on_email_failed, dispatch_uid="follow-bounce")
    collect_reader_data.connect(export_follower, dispatch_uid="follow-export")
    erase_reader_data.connect(erase_follower, dispatch_uid="follow-erase")
