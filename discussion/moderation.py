"""Hold rules for new comments, readers' reports, and moderators' decisions.

Every new comment waits for a moderator unless the site's comment settings
trust its sender (auto-approval, off by default). On top of that, each rule
below can hold a comment (it waits even from a trusted sender, with the reason
shown in the queue) or send it to spam:

- a filled honeypot field -> spam (the sender is not told);
- a word on the block list -> spam (the sender is not told);
- more links than the settings allow -> held;
- an email address or a phone number (someone's contact details) -> held;
- a word on the hold list -> held;
- language-guide hits the reader chose to keep -> held.

The same text again from the same sender is refused before any of this, as a
duplicate (`find_duplicate`).
"""

import re
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from blog.privacy import DOMAIN_START, findings_in
from cms import caching

from .language import ADVICE
from .models.comments import Comment, CommentReport, body_fingerprint
from .signals import comments_published

Status = Comment.Status
Reason = Comment.Reason

# The same text from the same sender on another post within this window is a duplicate too.
DUPLICATE_WINDOW = timedelta(days=1)

_TLDS = (
    "com|org|net|info|biz|io|co|me|us|uk|ca|au|nz|ie|de|fr|es|it|nl|ru|cn|in|xyz|top|online|site|"
    "shop|store|health|care|clinic|rehab|app|link|live|club|pro|eu|gov|edu"
)
# A web address: a scheme, "www.", or a bare domain with a common ending ("cheap-pills.shop/deal").
# A domain starts only where one can (DOMAIN_START), so a long "a.a.a..." is read once: linear time.
LINK_RE = re.compile(
    rf"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"]+"
    rf"|{DOMAIN_START}(?:[a-z0-9-]+\.)+(?:{_TLDS})\b(?:/[^\s<>\"]*)?",
    re.IGNORECASE,
)


# Starts at the beginning of a run of address characters, never inside one: linear time.
EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def count_links(*texts):
    """Web addresses in `texts`; an email address is contact details, not a link."""
    return sum(len(LINK_RE.findall(EMAIL_RE.sub(" ", text or ""))) for text in texts)


def contact_details_in(text):
    """Email addresses and phone numbers: someone's contact details do not belong in a public comment."""
    return [finding.text for finding in findings_in(text, "comment") if finding.kind != "a URL"]


def word_list(text):
    """A moderator's list, one word or phrase per line; blank lines and surrounding spaces ignored."""
    return list(dict.fromkeys(line.strip() for line in (text or "").splitlines() if line.strip()))


def listed_words_in(text, words):
    """The listed words or phrases `text` contains, as whole words in any case."""
    found = []
    for word in words:
        parts = [re.escape(part) for part in word.split()]
        pattern = r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)"
        if re.search(pattern, text or "", re.IGNORECASE):
            found.append(word)
    return found


def find_duplicate(page, body, ip_hash, email=""):
    """An earlier comment with the same text from the same sender (same network address or same email):
    on this post at any time, or on any post within DUPLICATE_WINDOW."""
    sender = Q(ip_hash=ip_hash) if ip_hash else Q(pk__in=[])
    if email:
        sender |= Q(email__iexact=email)
    where = Q(page=page) | Q(created_at__gte=timezone.now() - DUPLICATE_WINDOW)
    return Comment.objects.filter(sender, where, body_hash=body_fingerprint(body)).first()


def claim_submission(page, body, ip_hash, email=""):
    """False when the same text from the same sender is being posted right now (a double click, a
    retrying client): the check above cannot see a copy not yet saved. One claim per sender (address,
    email), each an atomic add in the shared cache; a claim lapses after a minute, by when the first
    copy is in the table.

    The claims are taken in one order and given back at the first one already held: taken as they
    come, one request could get the address and another the email, and both be refused."""
    fingerprint = body_fingerprint(body)
    senders = [f"ip:{ip_hash}"] if ip_hash else []
    if email:
        senders.append(f"email:{email.casefold()}")
    taken = []
    for key in sorted(f"comment-claim:{page.pk}:{fingerprint}:{s}" for s in senders):
        if not cache.add(key, 1, timeout=60):
            cache.delete_many(taken)
            return False
        taken.append(key)
    return True


@dataclass
class Assessment:
    status: str
    reasons: list = field(default_factory=list)  # [(code, detail)]

    @property
    def held(self):
        return bool(self.reasons) and self.status == Status.PENDING


def is_trusted(email, needed):
    """A sender whose comments may skip the queue: `needed` approved comments and none refused."""
    if not needed or not email:
        return False
    counts = Comment.objects.from_email(email).aggregate(
        approved=Count("pk", filter=Q(status=Status.APPROVED)),
        refused=Count("pk", filter=Q(status__in=[Status.REJECTED, Status.SPAM])),
    )
    return counts["approved"] >= needed and counts["refused"] == 0


def assess(*, body, display_name, email, language_hits, settings, honeypot_filled=False):
    """The status and hold reasons for a new comment, by the rules in this module's docstring."""
    if honeypot_filled:
        return Assessment(Status.SPAM, [(Reason.HONEYPOT, "The hidden field was filled in.")])
    text = f"{display_name}\n{body}"
    blocked = listed_words_in(text, word_list(settings.block_words))
    if blocked:
        return Assessment(Status.SPAM, [(Reason.BLOCK_LIST, ", ".join(blocked))])

    reasons = []
    links = count_links(display_name, body)
    if links > settings.max_links:
        allowed = "no links" if settings.max_links == 0 else f"up to {settings.max_links}"
        reasons.append((Reason.LINKS, f"{links} link{'s' if links != 1 else ''} ({allowed} allowed)"))
    contacts = contact_details_in(text)
    if contacts:
        reasons.append((Reason.CONTACT, ", ".join(contacts)))
    held_words = listed_words_in(text, word_list(settings.hold_words))
    if held_words:
        reasons.append((Reason.HOLD_LIST, ", ".join(held_words)))
    for hit in language_hits:
        if hit.soft:
            continue
        reasons.append((Reason.ADVICE if hit.kind == ADVICE else Reason.LANGUAGE, hit.reason))

    if not reasons and is_trusted(email, settings.auto_approve_after):
        return Assessment(Status.APPROVED)
    return Assessment(Status.PENDING, reasons)


# Reports -----------------------------------------------------------------------


def record_report(comment, ip_hash, settings):
    """A reader reports an approved comment; one report per reader. Returns True when this report
    took the comment back to pending (the threshold was reached)."""
    if comment.status != Status.APPROVED:
        return False
    _report, created = CommentReport.objects.get_or_create(comment=comment, ip_hash=ip_hash)
    if not created:
        return False
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        reports = comment.reports.filter(resolved=False).count()
        if comment.status != Status.APPROVED or reports < settings.reports_to_hold:
            return False
        comment.status = Status.PENDING
        comment.add_reason(Reason.REPORTED, f"Reported by {reports} readers")
        comment.moderators_notified_at = None
        comment.save(update_fields=["status", "hold_reasons", "moderators_notified_at"])
    from .comment_notifications import notify_moderators

    notify_moderators([comment], settings)
    return True


# Moderators' decisions -----------------------------------------------------------

ACTIONS = {
    "approve": Status.APPROVED,
    "reject": Status.REJECTED,
    "spam": Status.SPAM,
    "restore": Status.PENDING,
}


def decide(comments, action, moderator):
    """Apply a moderator's decision to `comments` (a list): one UPDATE whatever their number.
    Approving clears outstanding reports and tells writers who asked to hear. Returns the count."""
    status = ACTIONS[action]
    ids = [comment.pk for comment in comments]
    if not ids:
        return 0
    now = timezone.now()
    newly_approved = [c for c in comments if c.status != Status.APPROVED and status == Status.APPROVED]
    with transaction.atomic():
        Comment.objects.filter(pk__in=ids).update(status=status, moderated_by=moderator, moderated_at=now)
        if status == Status.APPROVED:
            CommentReport.objects.filter(comment_id__in=ids, resolved=False).update(resolved=True)
        caching.comments_changed(comment.page_id for comment in comments)  # a bulk UPDATE sends no signal
    for comment in comments:
        comment.status, comment.moderated_by, comment.moderated_at = status, moderator, now
    if newly_approved:
        from .comment_notifications import notify_writers

        transaction.on_commit(lambda: notify_writers(newly_approved))
        transaction.on_commit(lambda: comments_published.send(sender=Comment, comments=newly_approved))
    return len(ids)
