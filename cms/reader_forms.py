"""Forms on public pages (comment, report, letter, follow by email), safe without a token in the page.

A public page is the same bytes for every anonymous reader, so a proxy or CDN can keep it
(README "Security"): it carries no CSRF token and sets no cookie. What a CSRF token protects
is a signed-in person's authority; an anonymous post carries nobody's, so a forged one can do
no more than the attacker could do by posting the form themselves, which the honeypot, rate
limits, duplicate guard and moderation already answer. What is still refused is a post a
browser says came from another site (`Origin`, `Sec-Fetch-Site`), so no other site can make
its visitors' browsers post here.

A signed-in reader is served private pages with a token in each form (`{% reader_csrf_token %}`)
and their posts get Django's full CSRF check, as everywhere else.
"""

from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.utils.html import format_html
from django.utils.http import is_same_domain

register = template.Library()

# What browsers send in Sec-Fetch-Site for a form on one of this site's own pages ("none": typed or bookmarked).
SAME_SITE_FETCHES = ("same-origin", "none")


def signed_in(request):
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated)


@register.simple_tag(takes_context=True)
def reader_csrf_token(context):
    """The CSRF field for a signed-in reader's form; nothing for an anonymous one (the page stays shareable)."""
    request = context.get("request")
    if request is None or not signed_in(request):
        return ""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request))


def forgery_refused(request):
    """True when a reader's form post must be refused: a failed CSRF check when signed in, else a cross-site post."""
    if signed_in(request):
        return CsrfViewMiddleware(_no_response).process_view(request, None, (), {}) is not None
    return cross_site(request)


def cross_site(request):
    """True when the browser says the form was posted from a page of another site."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None and fetch_site not in SAME_SITE_FETCHES:
        return True
    origin = request.headers.get("Origin")
    if origin is None:
        return False  # not sent by older browsers and by non-browser clients, which carry no one's cookies
    return not trusted_origin(request, origin)


def trusted_origin(request, origin):
    if origin == f"{request.scheme}://{request.get_host()}":
        return True
    parts = urlsplit(origin)
    for trusted in settings.CSRF_TRUSTED_ORIGINS:
        allowed = urlsplit(trusted)
        if origin == trusted or (
            "*" in allowed.netloc
            and parts.scheme == allowed.scheme
            and is_same_domain(parts.netloc, allowed.netloc.replace("*", ""))
        ):
            return True
    return False


def _no_response(request):  # CsrfViewMiddleware wants a get_response; process_view never calls it
    return None
