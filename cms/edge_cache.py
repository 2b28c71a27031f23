"""The caching proxy in front of the site (deploy/varnish/default.vcl), told what changed.

Wagtail's frontend cache (`wagtail.contrib.frontend_cache`) sends it `PURGE` for a page
that was published or unpublished; this backend adds `BAN` for everything at once. The
proxy's configuration makes both cover every query string of a path (`?page=2`,
`?comment=received`), and accepts them from the app's address only.

What is purged when is decided in one place, cms/caching.py, beside the in-process
page cache's versions: a change that shows on more than one page (a publish, a
restriction, the settings, a writer, a tag) bans every page; a comment purges its post.
"""

import logging
from urllib.error import URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import Request, urlopen

from wagtail.contrib.frontend_cache.backends.http import HTTPBackend
from wagtail.contrib.frontend_cache.utils import get_backends

logger = logging.getLogger("wagtail.frontendcache")

TIMEOUT_SECONDS = 5  # a proxy that does not answer must not hold up an editor's publish for long


class _Request(Request):
    def __init__(self, url, method, host):
        super().__init__(url, headers={"Host": host, "User-Agent": "discussion-blog-edge-cache"})
        self._method = method

    def get_method(self):
        return self._method


class VarnishBackend(HTTPBackend):
    """PURGE one path (every query string of it), or BAN every page, on a proxy configured as ours is."""

    def purge(self, url):
        parts = urlsplit(url)
        self._send("PURGE", parts.path or "/", parts.netloc)

    def ban_everything(self):
        self._send("BAN", "/", self.cache_netloc)

    def _send(self, method, path, host):
        url = urlunsplit([self.cache_scheme, self.cache_netloc, path, "", ""])
        try:
            with urlopen(_Request(url, method, host), timeout=TIMEOUT_SECONDS):  # noqa: S310 - the configured proxy
                pass
        except (URLError, OSError) as error:
            # Logged, not raised: the change is saved; the proxy's copy expires within CDN_CACHE_SECONDS.
            logger.error("Could not %s %s on the caching proxy: %s", method, path, error)


def purge_urls(urls):
    """PURGE each full URL on every configured proxy or CDN."""
    urls = list(urls)
    if not urls:
        return
    for backend in get_backends().values():
        backend.purge_batch(urls)


def ban_everything():
    """Drop every page from the proxies that can (ours); CDNs without a ban keep theirs until s-maxage."""
    for backend in get_backends().values():
        if hasattr(backend, "ban_everything"):
            backend.ban_everything()
