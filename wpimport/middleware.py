"""Old WordPress links by id ("/?p=123", "/?page_id=7", "/?attachment_id=9") keep working.

WordPress answers these on its home page; here the home page would answer them too (200) and
Wagtail's redirects, which act only on a 404, would never see them. The import stores them as
ordinary permanent redirects (the path and the id parameter); this looks them up first.
"""

from django.http import HttpResponsePermanentRedirect
from wagtail.contrib.redirects.middleware import get_redirect
from wagtail.contrib.redirects.models import Redirect

ID_PARAMETERS = ("p", "page_id", "attachment_id")


class WordPressIdRedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # A dictionary look-up on every request; the database only for a WordPress-style link.
        if request.method in ("GET", "HEAD"):
            name = next((name for name in ID_PARAMETERS if name in request.GET), None)
            value = request.GET.get(name, "") if name else ""
            if value.isdigit():  # other parameters (utm_source...) do not stop the old link working
                path = Redirect.normalise_path(f"{request.path}?{name}={value}", decode_unicode=False)
                redirect = get_redirect(request, path)
                if redirect is not None and redirect.link:
                    return HttpResponsePermanentRedirect(redirect.link)
        return self.get_response(request)
