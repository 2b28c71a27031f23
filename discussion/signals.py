"""What the discussion app tells others, and what it listens to itself.

A comment approved, edited, unpublished or deleted makes its post's cached page stale (and only that page).
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal

from cms.caching import comments_changed

# Sent once comments are visible to readers (approved by a moderator, or published at once), after the
# commit: comments=[Comment, ...]. Apps above this one (following by email) send their notices from it.
comments_published = Signal()
# Sent when a reader posting a comment asked to be emailed about it, after the commit:
# comment=Comment, email=the address they gave, follow="thread" (replies to their comment) or "post".
comment_follow_requested = Signal()
# Sent by export_commenter and erase_commenter with email=...: apps that keep more about a reader
# return their part (export) or erase it and return a line saying what went (erase).
collect_reader_data = Signal()
erase_reader_data = Signal()


def _comment_saved_or_deleted(instance, **_kwargs):
    comments_changed([instance.page_id])


def connect():
    from .models import Comment

    post_save.connect(_comment_saved_or_deleted, sender=Comment, dispatch_uid="cache-comment-saved")
    post_delete.connect(_comment_saved_or_deleted, sender=Comment, dispatch_uid="cache-comment-deleted")
