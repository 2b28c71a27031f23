"""The featured image on a reply's card: fetched with the list, never one query per card."""

from django.db.models import Prefetch
from wagtail.images import get_image_model

CARD_IMAGE = "fill-480x270"


def with_card_images(replies):
    """`replies` with each featured image and its card rendition: two queries for the whole list,
    none when no reply in it has an image."""
    images = get_image_model().objects.prefetch_renditions(CARD_IMAGE)
    return replies.prefetch_related(Prefetch("featured_image", queryset=images))
