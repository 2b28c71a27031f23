"""What public pages keep in the shared cache, and when it goes stale.

Every cached public entry is keyed on a version; changing what a reader could see
changes the version, so the next request builds the entry again. There is no
expiry to wait for and no list of keys to delete:

- the *content version* covers everything that appears on more than one page:
  any page published, unpublished, moved or deleted, a tag renamed, a staff
  writer edited, a view restriction changed, the site settings saved. A related
  panel can show any reply, so any publish makes every post page stale; publishes
  are rare next to reads.
- each post's *comments version* (keyed by its path) changes when one of its comments
  is approved, edited, unpublished or deleted, so moderating a comment costs only that page.

The cache is Redis in production (shared by every web process, so a change seen
by one is seen by all), local memory in development and tests.
"""

import time

from django.core.cache import cache

CONTENT_VERSION_KEY = "content-version"
TIMEOUT = 24 * 60 * 60  # entries unused for a day make room; correctness never depends on it


def _version(key):
    version = cache.get(key)
    if version is None:
        # Never a value used before (the cache was cleared or evicted): no old entry matches.
        cache.add(key, time.time_ns(), timeout=None)
        version = cache.get(key)
    return version


def content_version():
    return _version(CONTENT_VERSION_KEY)


def context_processor(request):
    """`content_version` for templates' fragment caches (`{% wagtailcache ... content_version %}`)."""
    from django.utils.functional import SimpleLazyObject

    return {"content_version": SimpleLazyObject(content_version)}


def bump_content_version(**_signal_kwargs):
    cache.set(CONTENT_VERSION_KEY, time.time_ns(), timeout=None)


def comments_version_key(path):
    # By the post's path, not its id: the page cache reads it in the same round trip as its entry.
    return f"comments-version:{path}"


def comments_version(path):
    return _version(comments_version_key(path))


def bump_comments_version(path):
    cache.set(comments_version_key(path), time.time_ns(), timeout=None)


def site_wide(name, build):
    """`build()`, computed once per content version and shared by every process."""
    key = f"site:{name}:{content_version()}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TIMEOUT)
    return value


def view_restrictions():
    """Every page view restriction, as (restriction, restricted page's path): a small table, cached."""
    from wagtail.models import PageViewRestriction

    def build():
        return [(r, r.page.path) for r in PageViewRestriction.objects.select_related("page").order_by("pk")]

    return site_wide("view-restrictions", build)


def restrictions_over(path):
    """The view restrictions that apply to the page at `path` (its own and its ancestors')."""
    return [restriction for restriction, restricted in view_restrictions() if path.startswith(restricted)]


def exclude_restricted(queryset, path_field="path"):
    """`queryset` without pages under a view restriction: Wagtail's `.public()`, without its query.

    `path_field` names the page path for querysets of other models (`content_object__path`).
    """
    for _restriction, restricted in view_restrictions():
        queryset = queryset.exclude(**{f"{path_field}__startswith": restricted})
    return queryset


# Invalidation ----------------------------------------------------------------------


def _now_and_after_commit(action):
    # Now, and again after the commit: a request served between the change and its commit
    # may have cached the old state under the first new version.
    from django.db import transaction

    action()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(action)


def content_changed(**_signal_kwargs):
    _now_and_after_commit(bump_content_version)


def comments_changed(page_ids):
    from wagtail.models import Page

    paths = [parts[2] for page in Page.objects.filter(pk__in=set(page_ids)) if (parts := page.get_url_parts())]

    def bump():
        for path in paths:
            bump_comments_version(path)

    _now_and_after_commit(bump)


def _settings_saved(created, **_kwargs):
    if not created:  # the first read of the settings creates their row, with what readers already see
        content_changed()


def _comment_saved_or_deleted(instance, **_kwargs):
    comments_changed([instance.page_id])


def purge_listings(instance, **_kwargs):
    """Purge from the CDN the listings a reply appears on; Wagtail purges the reply's own URL.

    The blog index (and its feeds), the home page, the modules the reply cites, its
    writer's page and its tags' pages and feeds. Nothing to do without a CDN configured.
    """
    from django.conf import settings
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    if not settings.WAGTAILFRONTENDCACHE:
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
    batch.purge()


def connect():
    from django.db.models.signals import post_delete, post_save
    from taggit.models import Tag
    from wagtail.models import Page, PageViewRestriction, Site
    from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

    from blog.models import LetterReplyPage, StaffWriter
    from discussion.models import Comment
    from home.models import SiteSettings

    page_published.connect(content_changed, dispatch_uid="cache-page-published")
    page_published.connect(purge_listings, sender=LetterReplyPage, dispatch_uid="cdn-reply-published")
    page_unpublished.connect(purge_listings, sender=LetterReplyPage, dispatch_uid="cdn-reply-unpublished")
    page_unpublished.connect(content_changed, dispatch_uid="cache-page-unpublished")
    post_page_move.connect(content_changed, dispatch_uid="cache-page-moved")
    page_slug_changed.connect(content_changed, dispatch_uid="cache-page-slug")
    post_delete.connect(content_changed, sender=Page, dispatch_uid="cache-page-deleted")
    post_save.connect(_settings_saved, sender=SiteSettings, dispatch_uid="cache-site-settings-saved")
    post_delete.connect(content_changed, sender=SiteSettings, dispatch_uid="cache-site-settings-deleted")
    for model in (StaffWriter, Tag, PageViewRestriction, Site):
        name = model._meta.label_lower
        post_save.connect(content_changed, sender=model, dispatch_uid=f"cache-{name}-saved")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"cache-{name}-deleted")
    post_save.connect(_comment_saved_or_deleted, sender=Comment, dispatch_uid="cache-comment-saved")
    post_delete.connect(_comment_saved_or_deleted, sender=Comment, dispatch_uid="cache-comment-deleted")
