"""How long readers' network fingerprints are kept: comments' and reports' IP hashes.

A comment's `ip_hash` (a keyed hash of the sender's IP, `discussion/ratelimit.py`)
spots the same text sent twice; a report's spots the same reader reporting a
comment twice. After COMMENT_IP_HASH_RETENTION_DAYS neither is needed:

- comments older than that lose their hash (duplicates are still caught by email);
- reports older than that that a moderator already resolved (by approving the
  comment again) no longer count for anything, so they are deleted;
- older reports still outstanding keep counting towards "reports before a comment
  is hidden" (`moderation.record_report` counts rows), so they stay with the hash
  blanked. The one-report-per-reader constraint ignores blank hashes, so several
  blanked reports of one comment can coexist.

Run daily by `manage.py erase_comment_ip_hashes` (cms/schedule.py).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models.comments import Comment, CommentReport


@dataclass(frozen=True)
class ErasedIpHashes:
    comments: int  # comments whose hash was blanked
    reports: int  # outstanding reports whose hash was blanked
    resolved_reports: int  # resolved reports deleted


def erase_comment_ip_hashes(*, now=None, days=None, dry_run=False):
    """Blank the IP hashes of comments and reports older than `days` (COMMENT_IP_HASH_RETENTION_DAYS)
    and delete resolved reports that old: one statement per change, whatever the number of rows."""
    now = now or timezone.now()
    days = settings.COMMENT_IP_HASH_RETENTION_DAYS if days is None else days
    cutoff = now - timedelta(days=days)
    comments = Comment.objects.filter(created_at__lte=cutoff).exclude(ip_hash="")
    old_reports = CommentReport.objects.filter(created_at__lte=cutoff)
    resolved = old_reports.filter(resolved=True)
    outstanding = old_reports.filter(resolved=False).exclude(ip_hash="")
    if dry_run:
        return ErasedIpHashes(comments.count(), outstanding.count(), resolved.count())
    with transaction.atomic():
        erased_comments = comments.update(ip_hash="")
        deleted_reports, _ = resolved.delete()
        erased_reports = outstanding.update(ip_hash="")
    return ErasedIpHashes(erased_comments, erased_reports, deleted_reports)
