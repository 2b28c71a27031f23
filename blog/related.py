"""The related-posts panel under each reply."""

from django.db.models import Count, F, Q

from cms import caching

from .card_images import with_card_images

MIN_RELATED = 2


def related_posts(page, limit=4, tags=None):
    """Up to `limit` replies to show beside `page`.

    Editor pins come first, in the editor's order. The rest are other live,
    public replies ranked by how many tags they share with `page`, ties going
    to the most recent. A panel of fewer than MIN_RELATED entries is not worth
    a reader's attention, so then the list is empty (never padded with
    unrelated posts). Works on unsaved previews: pins and tags are read from
    the page in memory. `tags`, when the caller already has the page's tags,
    saves a query.
    """
    replies = type(page)  # the reply model itself: this module is imported by it, never the other way
    listed = with_card_images(
        caching.exclude_restricted(replies.objects.live().select_related("writer").defer_streamfields())
    )

    if _pins_in_memory(page):
        pinned_ids = [pin.post_id for pin in page.related_pins.all() if pin.post_id and pin.post_id != page.pk]
        by_id = {post.pk: post for post in listed.filter(pk__in=pinned_ids)} if pinned_ids else {}
    else:  # a page read from the database: its pins and their posts in one query
        pins = (
            listed.filter(pinned_on__page=page)
            .exclude(pk=page.pk)
            .annotate(pin_order=F("pinned_on__sort_order"), pin_id=F("pinned_on__pk"))
            .order_by(F("pin_order").asc(nulls_last=True), "pin_id")
        )
        by_id = {}
        for post in pins:  # the editor's order; a post pinned twice keeps its first place
            by_id.setdefault(post.pk, post)
        pinned_ids = list(by_id)
    pinned = [by_id[pk] for pk in dict.fromkeys(pinned_ids) if pk in by_id][:limit]

    tag_ids = [tag.pk for tag in (page.tags.all() if tags is None else tags)]
    ranked = []
    room = limit - len(pinned)
    if tag_ids and room > 0:
        links = replies._meta.get_field("tags").through.objects
        top = _top_candidates(links, tag_ids, excluded=[page.pk, *pinned_ids], count=room)
        ranked = list(
            listed.filter(pk__in=top)
            .annotate(shared_tags=Count("tagged_items", filter=Q(tagged_items__tag_id__in=tag_ids), distinct=True))
            .order_by("-shared_tags", "-date", "-first_published_at", "-pk")
        )

    posts = pinned + ranked
    return posts if len(posts) >= MIN_RELATED else []


def _top_candidates(links, tag_ids, excluded, count):
    """The ids of the `count` live, public replies sharing most of `tag_ids`, ties to the most recent.

    A subquery that ranks tag links, not pages: it counts over the narrow link table (a common
    tag is on thousands of replies) and touches the wide page rows only to filter and break ties.
    """
    links = caching.exclude_restricted(
        links.filter(tag_id__in=tag_ids, content_object__live=True).exclude(content_object_id__in=excluded),
        path_field="content_object__path",
    )
    return (
        links.values("content_object_id")
        .annotate(shared=Count("tag_id", distinct=True))
        .order_by("-shared", "-content_object__date", "-content_object__first_published_at", "-content_object_id")
        .values_list("content_object_id", flat=True)[:count]
    )


def _pins_in_memory(page):
    """True for a preview or a revision: its pins live on the page object (modelcluster), not in the table."""
    return page.pk is None or "related_pins" in getattr(page, "_cluster_related_objects", {})
