"""Topics: the tags readers browse by, each with the number of replies that carry it."""

from django.db.models import Count
from django.db.models.functions import Lower
from taggit.models import Tag

FEATURED_TOPICS = 8


def _counted(replies):
    # One aggregate query over the tag links of `replies` (a LetterReplyPage queryset,
    # already narrowed to live, public pages by the caller).
    return Tag.objects.filter(blog_letterreplypagetag_items__content_object__in=replies.values("pk")).annotate(
        post_count=Count("blog_letterreplypagetag_items__content_object", distinct=True)
    )


def topics(replies):
    """Every tag carried by one of `replies`, with its `post_count`, A to Z. One query."""
    return list(_counted(replies).order_by(Lower("name"), "pk"))


def featured_topics(replies, limit=FEATURED_TOPICS):
    """The `limit` tags carried by most of `replies`, most used first, ties A to Z. One query."""
    return list(_counted(replies).order_by("-post_count", Lower("name"), "pk")[:limit])
