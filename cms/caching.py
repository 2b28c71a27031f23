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

A caching proxy in front (deploy/varnish/default.vcl, cms/edge_cache.py) is told the same
after the commit: a content change bans every page, a comment purges its post.

The cache is Redis in production (shared by every web process, so a change seen
by one is seen by all), or without REDIS_URL a table in the database
(cms/database_cache.py); local memory in development and tests.
"""

import time

from django.conf import settings
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


def _tell_edge_after_commit(key, action):
    """Run `action` once the change is committed (a proxy told earlier could store the old page
    again before the commit), once per transaction however many changes it holds."""
    from django.db import transaction

    if not settings.WAGTAILFRONTENDCACHE:
        return
    connection = transaction.get_connection()
    for _savepoints, func, *_robust in connection.run_on_commit:
        if getattr(func, "edge_key", None) == key and not func.done:
            return  # already to be told when this transaction commits (a rollback drops it with the change)

    def tell():
        tell.done = True
        action()

    tell.edge_key, tell.done = key, False
    transaction.on_commit(tell)


def content_changed(**_signal_kwargs):
    from cms import edge_cache

    _now_and_after_commit(bump_content_version)
    _tell_edge_after_commit("everything", edge_cache.ban_everything)


def comments_changed(page_ids):
    from wagtail.models import Page

    from cms import edge_cache

    url_parts = [parts for page in Page.objects.filter(pk__in=set(page_ids)) if (parts := page.get_url_parts())]
    paths = [path for _site, _root, path in url_parts]

    def bump():
        for path in paths:
            bump_comments_version(path)

    _now_and_after_commit(bump)
    urls = sorted(root + path for _site, root, path in url_parts)
    _tell_edge_after_commit(("posts", *urls), lambda: edge_cache.purge_urls(urls))
