"""The rendered post page, kept for anonymous readers.

A shared post draws readers in bursts, nearly all anonymous, all seeing the same
page. Their requests are answered from the shared cache: the HTML rendered once
with a placeholder where the comment form's CSRF token goes, the reader's own
token put in on the way out (so the form works and no token is ever shared).

The key holds the page's own state (Wagtail's `cache_key`: id, revision,
publication), the site's content version and the page's comments version
(cms/caching.py): a publish, an edited writer, a tag renamed, a related reply
changed, a comment approved or removed each give a new key, so the next reader
gets a fresh page. Never from the cache: previews and drafts (Wagtail serves
those through its own views, and `is_preview` is checked besides), anyone with a
session (staff, members, readers who signed in), a pending flash message, a
comment-form state in the query string (`reply_to`, `comment`), and anything
but GET or HEAD.
"""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token

from cms import caching

CSRF_PLACEHOLDER = "csrf-token-placeholder-6f1d0b"  # never a real token: real ones are 64 letters and digits
PER_READER_PARAMETERS = ("reply_to", "comment")


def cacheable(request):
    if request.method not in ("GET", "HEAD") or getattr(request, "is_preview", False):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    return not any(name in request.GET for name in PER_READER_PARAMETERS)


def key(page):
    versions = f"{caching.content_version()}:{caching.comments_version(page.pk)}"
    return f"post-page:{page.pk}:{page.cache_key}:{versions}"


def serve(page, request, render):
    """The page for this request: from the cache when it may be, else `render(request, extra_context)`."""
    if not cacheable(request):
        return render(request, {})
    page_key = key(page)
    html = cache.get(page_key)
    hit = html is not None
    if not hit:
        response = render(request, {"csrf_token": CSRF_PLACEHOLDER})
        response.render()
        if response.status_code != 200 or response.has_header("Set-Cookie"):
            return _with_real_token(response, request)
        html = response.content.decode()
        cache.set(page_key, html, caching.TIMEOUT)
    response = HttpResponse(html.replace(CSRF_PLACEHOLDER, get_token(request)))
    response["X-Page-Cache"] = "hit" if hit else "miss"
    return response


def _with_real_token(response, request):
    response.content = response.content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
    return response
