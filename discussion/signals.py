"""A comment approved, edited, unpublished or deleted makes its post's cached page stale (and only that page)."""

from django.db.models.signals import post_delete, post_save

from cms.caching import comments_changed


def _comment_saved_or_deleted(instance, **_kwargs):
    comments_changed([instance.page_id])


def connect():
    from .models import Comment

    post_save.connect(_comment_saved_or_deleted, sender=Comment, dispatch_uid="cache-comment-saved")
    post_delete.connect(_comment_saved_or_deleted, sender=Comment, dispatch_uid="cache-comment-deleted")
