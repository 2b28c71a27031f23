import sys

from django.conf import settings
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import TemplateDoesNotExist, loader
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .models import DEFAULT_CRISIS
from .seo import root_url

# Paths crawlers have no business in: staff pages, sign-in, comment endpoints, and the
# page a letter writer sees after sending (it says nothing on its own).
ROBOTS_DISALLOW = ["/admin/", "/account/", "/comments/", "/write-to-us/thank-you/"]

# With the database unreachable the site is unavailable, not broken: 503, and when to come back.
DATABASE_DOWN_RETRY_AFTER = 60


@require_GET
@cache_control(max_age=60 * 60 * 24, public=True)
def robots_txt(request):
    # Disallow lines first: crawlers that take the first matching rule must meet them before "Allow: /".
    lines = ["User-agent: *"] + [f"Disallow: {path}" for path in ROBOTS_DISALLOW] + ["Allow: /"]
    lines += ["", f"Sitemap: {root_url(request)}{reverse('sitemap')}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def server_error(request, template_name="500.html"):
    """The 500 page, from settings and constants only: no database, no context processors,
    since either may be what just failed. When what failed is reaching the database (Django calls
    this handler while handling the exception, from a view or a middleware), the same page
    answers 503 Service Unavailable with Retry-After."""
    try:
        template = loader.get_template(template_name)
    except TemplateDoesNotExist:
        response = HttpResponseServerError("<h1>Server Error (500)</h1>", content_type="text/html")
    else:
        context = {
            "site_name": settings.WAGTAIL_SITE_NAME,
            "static_url": settings.STATIC_URL,
            "crisis_resources": DEFAULT_CRISIS,
        }
        response = HttpResponseServerError(template.render(context))
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        response.status_code = 503
        response["Retry-After"] = str(DATABASE_DOWN_RETRY_AFTER)
    return response
