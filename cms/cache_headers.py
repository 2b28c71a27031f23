"""Cache-Control on public pages: what a browser or a CDN may keep, and for how long.

A page that is the same for every reader (home, the blog index, tags, modules,
feeds, search results) is `public`: browsers keep it PUBLIC_CACHE_SECONDS, a
CDN CDN_CACHE_SECONDS, and publishing purges the CDN's copy at once
(wagtail.contrib.frontend_cache, README "Scaling out"). A page made for one
reader is `private, no-cache`: anything for a signed-in user, and any page
carrying a CSRF token (the comment and letter forms), since a shared copy
would hand one reader's token to the next. Responses that already say how to
cache them (Wagtail's admin, previews and restricted pages send `no-cache`)
are left alone, as are errors and redirects.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control


def is_personal(request, response):
    return (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or bool(response.cookies)
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE", False)
        or request.META.get("CSRF_COOKIE_USED", False)
    )


class CacheControlMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if response.has_header("Cache-Control"):
            return response
        if is_personal(request, response):
            patch_cache_control(response, private=True, no_cache=True)
        else:
            patch_cache_control(
                response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS, s_maxage=settings.CDN_CACHE_SECONDS
            )
        return response
