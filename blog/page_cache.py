"""The rendered post page, kept for anonymous readers.

A shared post draws readers in bursts, nearly all anonymous, all seeing the same
page. Their requests are answered from the shared cache: the HTML rendered once,
the same bytes for everyone (an anonymous reader's forms carry no token:
cms/reader_forms.py). With a caching proxy in front (deploy/varnish/default.vcl)
the proxy answers nearly all of them; this cache serves deployments without one,
and the proxy's misses.

Entries are keyed on the path and hold the host, the site's content version
and the post's comments version as they were when the page was rendered
(cms/caching.py): a publish or unpublish, an edited writer, a tag renamed, a
related reply changed, a restriction added, a comment approved or removed each
make the entry stale, so the next reader gets a fresh page. A hit is answered by the middleware below, before
Wagtail routes the request: no query at all. Never from the cache: previews and drafts (Wagtail serves
those through its own views, and `is_preview` is checked besides), anyone with a
session (staff, members, readers who signed in), a pending flash message, a
comment-form state in the query string (`reply_to`, `comment`), and anything
but GET or HEAD.
"""

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse

from cms import caching

PER_READER_PARAMETERS = ("reply_to", "comment")


def cacheable(request):
    if request.method not in ("GET", "HEAD") or getattr(request, "is_preview", False):
        return False
    personal_cookies = (settings.SESSION_COOKIE_NAME, getattr(settings, "MESSAGE_COOKIE_NAME", "messages"))
    if any(name in request.COOKIES for name in personal_cookies):
        return False
    return not any(name in request.GET for name in PER_READER_PARAMETERS)


def entry_key(request):
    return f"post-page:{request.path}"


class PageCacheMiddleware:
    """Answers a cached post from the cache before Wagtail routes the request: no query at all,
    and one round trip to the cache (the entry and both versions in one `get_many`).

    Placed after the session and CSP middleware (so the response gets its headers) and before
    everything that needs the user.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if cacheable(request):
            keys = [entry_key(request), caching.CONTENT_VERSION_KEY, caching.comments_version_key(request.path)]
            found = cache.get_many(keys)
            entry = found.get(keys[0])
            if entry is not None and entry[1:3] == (found.get(keys[1]), found.get(keys[2])):
                try:
                    same_host = entry[0] == request.get_host()
                except DisallowedHost:
                    same_host = False  # Django answers the bad host itself, further in
                if same_host:
                    return _response(entry[3], "hit")
        return self.get_response(request)


def serve(page, request, render):
    """The page for this request, rendered by `render(request, extra_context)`, and kept when it may be."""
    if not cacheable(request):
        return render(request, {})
    # The versions as they are before rendering: a change during the render makes this entry stale.
    entry = (request.get_host(), caching.content_version(), caching.comments_version(request.path))
    response = render(request, {})
    response.render()
    if response.status_code != 200 or response.has_header("Set-Cookie"):
        return response
    html = response.content.decode()
    cache.set(entry_key(request), (*entry, html), caching.TIMEOUT)
    return _response(html, "miss")


def _response(html, state):
    response = HttpResponse(html)
    response["X-Page-Cache"] = state
    return response
