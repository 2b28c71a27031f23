"""What the blog's publishing does to the caches: each change a reader could see makes them stale.

Connected from `BlogConfig.ready()`. The generic cache API is `cms/caching.py`; this
module decides which of the blog's changes (and Wagtail's page tree, which the blog
owns) replace the content version, and which listings the CDN must purge.
"""

from django.db.models.signals import post_delete, post_save
from taggit.models import Tag
from wagtail.contrib.frontend_cache.utils import PurgeBatch, get_backends
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from cms.caching import content_changed


def purge_listings(instance, **_kwargs):
    """Purge from the CDN the listings a reply appears on; Wagtail purges the reply's own URL.

    The blog index (and its feeds), the home page, the modules the reply cites, its
    writer's page and its tags' pages and feeds. Nothing to do without a CDN configured,
    nor for a proxy that bans every page on a publish (cms/edge_cache.py).
    """
    # A proxy that can ban drops every page after the commit anyway (cms/caching.py): only CDNs need the list.
    listing_backends = [name for name, backend in get_backends().items() if not hasattr(backend, "ban_everything")]
    if not listing_backends:
        return
    blog = instance.blog_index
    if blog is None:
        return
    batch = PurgeBatch()
    batch.add_pages([blog, blog.get_parent(), *instance.referenced_modules.all()])
    blog_url = blog.get_full_url()
    subpaths = [blog.reverse_subpage("writer_view", args=[instance.writer.slug])] if instance.writer else []
    for tag in instance.tags.all():
        for view in ("tag_view", "tag_feed_view", "tag_atom_feed_view"):
            subpaths.append(blog.reverse_subpage(view, args=[tag.slug]))
    batch.add_urls(blog_url + subpath for subpath in subpaths)
    batch.purge(backends=listing_backends)


def connect():
    from wagtail.models import Revision

    from .models import LetterReplyPage, StaffWriter
    from .reply_analysis import analyse_saved_revision

    page_published.connect(content_changed, dispatch_uid="cache-page-published")
    page_published.connect(purge_listings, sender=LetterReplyPage, dispatch_uid="cdn-reply-published")
    page_unpublished.connect(purge_listings, sender=LetterReplyPage, dispatch_uid="cdn-reply-unpublished")
    page_unpublished.connect(content_changed, dispatch_uid="cache-page-unpublished")
    post_page_move.connect(content_changed, dispatch_uid="cache-page-moved")
    page_slug_changed.connect(content_changed, dispatch_uid="cache-page-slug")
    post_delete.connect(content_changed, sender=Page, dispatch_uid="cache-page-deleted")
    for model in (StaffWriter, Tag, PageViewRestriction, Site):
        name = model._meta.label_lower
        post_save.connect(content_changed, sender=model, dispatch_uid=f"cache-{name}-saved")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"cache-{name}-deleted")
    # A reply saved or submitted: the de-identification assistant analyses the revision in the worker.
    post_save.connect(analyse_saved_revision, sender=Revision, dispatch_uid="deid-analyse-reply-revision")
