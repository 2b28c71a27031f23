"""Following by email: subscribing (double opt-in), what a follow names, and who hears of what.

Plain functions; the views (views.py), the signal handlers (signals.py) and the periodic
commands call them. Every email goes through the outbox (outbox/mail.py), never from here.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from taggit.models import Tag

from blog.models import LetterReplyPage, ModulePage, StaffWriter
from cms import caching
from discussion import ratelimit
from discussion.models import Comment

from . import emails
from .models import Notice, Subscriber, Subscription

Kind = Subscription.Kind

UNCONFIRMED_DAYS = 7
# One address is sent at most this many confirmation emails a day, whoever asks: nobody can flood a mailbox.
CONFIRMATIONS_PER_DAY = 3
DAY = 24 * 60 * 60
BATCH = 500  # followers handled per transaction when a reply is announced


# What a follow names ---------------------------------------------------------------


def describe(kind, target_id):
    """ "the topic “Boundaries”": what a follow is about, for emails and the manage page; None if gone."""
    if kind == Kind.ALL:
        return "every new reply"
    if kind == Kind.TAG:
        tag = Tag.objects.filter(pk=target_id).first()
        return f"the topic \u201c{tag.name}\u201d" if tag else None
    if kind == Kind.MODULE:
        module = ModulePage.objects.live().filter(pk=target_id).first()
        return f"Module {module.number}: {module.title}" if module else None
    if kind == Kind.WRITER:
        writer = StaffWriter.objects.filter(pk=target_id).first()
        return f"replies by {writer.name}" if writer else None
    if kind == Kind.POST:
        page = LetterReplyPage.objects.live().filter(pk=target_id).first()
        return f"new comments on \u201c{page.title}\u201d" if page else None
    if kind == Kind.THREAD:
        comment = Comment.objects.select_related("page").filter(pk=target_id).first()
        return (
            f"replies to {comment.display_name}\u2019s comment on \u201c{comment.page.title}\u201d" if comment else None
        )
    return None


def target_exists(kind, target_id):
    if kind == Kind.ALL:
        return target_id is None
    if target_id is None:
        return False
    if kind in (Kind.POST,):
        return public_reply(target_id) is not None
    if kind == Kind.THREAD:
        return Comment.objects.filter(pk=target_id, parent__isnull=True).exists()
    return describe(kind, target_id) is not None


def public_reply(page_id):
    """The live reply with this id when every reader may see it (no view restriction), else None."""
    page = LetterReplyPage.objects.live().filter(pk=page_id).select_related("writer").first()
    if page is None or caching.restrictions_over(page.path):
        return None
    return page


# Subscribing ---------------------------------------------------------------------


def _address_allowed(email):
    """Count one confirmation email to `email`; False past CONFIRMATIONS_PER_DAY in a day."""
    return ratelimit.count_within(f"follow-confirmations:{ratelimit.address_hash(email)}", CONFIRMATIONS_PER_DAY, DAY)


def normalise(email):
    return email.strip().lower()


def subscribe(email, kind, target_id=None, frequency=None):
    """Follow `kind`/`target_id` from `email`. Returns what was done, for tests and logs only:
    the reader is told the same thing whatever happened, so nobody learns who follows what.

    A new or unconfirmed address gets a confirmation email (at most CONFIRMATIONS_PER_DAY a day);
    a confirmed one follows at once and is told so by email.
    """
    email = normalise(email)
    with transaction.atomic():
        subscriber, _created = Subscriber.objects.get_or_create(email=email)
        if frequency and not subscriber.confirmed:
            # A confirmed address changes its frequency from its manage page, never from a public form.
            subscriber.frequency = frequency
            subscriber.save(update_fields=["frequency"])
        subscription, new = Subscription.objects.get_or_create(subscriber=subscriber, kind=kind, target_id=target_id)
        if subscriber.bounced_at:
            return "bounced"
        if subscriber.confirmed:
            if new:
                emails.queue_now_following(subscriber, describe(subscription.kind, subscription.target_id))
                return "followed"
            return "unchanged"
        if not _address_allowed(email):
            return "confirmation limit"
        subscriber.confirmation_sent_at = timezone.now()
        subscriber.save(update_fields=["confirmation_sent_at"])
        emails.queue_confirmation(subscriber, [text for _subscription, text in followed(subscriber)])
        return "confirmation sent"


def confirm(subscriber):
    if not subscriber.confirmed:
        subscriber.confirmed_at = timezone.now()
        subscriber.last_digest_at = subscriber.confirmed_at
        subscriber.save(update_fields=["confirmed_at", "last_digest_at"])


def stop_all(subscriber):
    """Forget the address and everything it followed (what one-click unsubscribe and "stop all" do)."""
    Subscriber.objects.filter(pk=subscriber.pk).delete()


def followed(subscriber):
    """(subscription, description) for each follow of `subscriber` whose subject still exists."""
    return [
        (subscription, text)
        for subscription in subscriber.subscriptions.order_by("created_at", "pk")
        if (text := describe(subscription.kind, subscription.target_id))
    ]


def prune_unconfirmed(now=None):
    now = now or timezone.now()
    deleted, _ = Subscriber.objects.filter(
        confirmed_at__isnull=True, created_at__lt=now - timedelta(days=UNCONFIRMED_DAYS)
    ).delete()
    return deleted


# Who hears of what ---------------------------------------------------------------


def follows_of_reply(page):
    """The subscriptions a new reply answers: everything, its topics, the modules it cites, its writer."""
    tags = list(page.tags.values_list("pk", flat=True))
    modules = list(page.referenced_modules.values_list("pk", flat=True))
    match = Q(kind=Kind.ALL) | Q(kind=Kind.TAG, target_id__in=tags) | Q(kind=Kind.MODULE, target_id__in=modules)
    if page.writer_id:
        match |= Q(kind=Kind.WRITER, target_id=page.writer_id)
    return Subscription.objects.filter(match)


def announce_reply(page_id):
    """Queue one email to each follower (as it happens) of what this reply is about; never twice.

    Returns the number of emails queued. A reply no longer live or not public announces nothing.
    """
    page = public_reply(page_id)
    if page is None:
        return 0
    follows = follows_of_reply(page)
    waiting = (
        Subscriber.objects.reachable()
        .filter(frequency=Subscriber.Frequency.IMMEDIATE, subscriptions__in=follows)
        .exclude(notices__page_id=page.pk)
        .distinct()
        .order_by("pk")
    )
    queued, last = 0, 0
    batch_emails = emails.Batch()
    while True:
        batch = list(waiting.filter(pk__gt=last)[:BATCH])
        if not batch:
            return queued
        last = batch[-1].pk
        reasons = _reasons(batch, follows)
        with transaction.atomic():
            Notice.objects.bulk_create(
                [Notice(subscriber=subscriber, page_id=page.pk) for subscriber in batch], ignore_conflicts=True
            )
            emails.queue_reply(page, batch, reasons, batch_emails)
        queued += len(batch)


def _reasons(subscribers, follows):
    """Per subscriber, what they follow that this reply answers ("the topic “Boundaries”")."""
    by_subscriber = {}
    descriptions = {}
    for subscription in follows.filter(subscriber__in=subscribers).order_by("kind", "target_id"):
        key = (subscription.kind, subscription.target_id)
        if key not in descriptions:
            descriptions[key] = describe(*key)
        if descriptions[key]:
            by_subscriber.setdefault(subscription.subscriber_id, []).append(descriptions[key])
    return by_subscriber


def announce_comment(comment_id):
    """Queue one email to each follower of this comment's post or thread; never the comment's own writer."""
    comment = Comment.objects.approved().filter(pk=comment_id).first()
    if comment is None:
        return 0
    page = public_reply(comment.page_id)
    if page is None:
        return 0
    match = Q(kind=Kind.POST, target_id=page.pk)
    if comment.parent_id:
        match |= Q(kind=Kind.THREAD, target_id=comment.parent_id)
    followers = (
        Subscriber.objects.reachable()
        .filter(subscriptions__in=Subscription.objects.filter(match))
        .exclude(notices__comment_id=comment.pk)
        .distinct()
    )
    if comment.email:
        followers = followers.exclude(email=normalise(comment.email))
    followers = list(followers)
    if not followers:
        return 0
    with transaction.atomic():
        Notice.objects.bulk_create(
            [Notice(subscriber=subscriber, comment_id=comment.pk) for subscriber in followers], ignore_conflicts=True
        )
        emails.queue_comment(comment, page, followers)
    return len(followers)


def send_digests(now=None):
    """The weekly digest: one email per weekly follower with the replies of their week; none if nothing new."""
    now = now or timezone.now()
    due = Subscriber.objects.reachable().filter(
        frequency=Subscriber.Frequency.WEEKLY, last_digest_at__lte=now - timedelta(days=7)
    )
    sent = 0
    for subscriber in due.iterator():
        since = subscriber.last_digest_at
        replies = [page for page in _replies_for(subscriber, since, now) if not caching.restrictions_over(page.path)]
        with transaction.atomic():
            if replies:
                Notice.objects.bulk_create(
                    [Notice(subscriber=subscriber, page_id=page.pk) for page in replies], ignore_conflicts=True
                )
                emails.queue_digest(subscriber, replies, since)
                sent += 1
            Subscriber.objects.filter(pk=subscriber.pk).update(last_digest_at=now)
    return sent


def _replies_for(subscriber, since, until):
    follows = subscriber.subscriptions.all()
    tags = [s.target_id for s in follows if s.kind == Kind.TAG]
    modules = [s.target_id for s in follows if s.kind == Kind.MODULE]
    writers = [s.target_id for s in follows if s.kind == Kind.WRITER]
    if any(s.kind == Kind.ALL for s in follows):
        match = Q()
    elif tags or modules or writers:
        match = Q(pk__in=[])
        if tags:
            match |= Q(tagged_items__tag_id__in=tags)
        if modules:
            match |= Q(referenced_modules__in=modules)
        if writers:
            match |= Q(writer_id__in=writers)
    else:
        return []
    return list(
        LetterReplyPage.objects.live()
        .filter(match, first_published_at__gt=since, first_published_at__lte=until)
        .exclude(pk__in=Notice.objects.filter(subscriber=subscriber, page_id__isnull=False).values("page_id"))
        .select_related("writer")
        .distinct()
        .order_by("first_published_at")
    )
