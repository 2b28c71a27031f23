from django.conf import settings
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


@require_GET
@cache_control(max_age=60 * 60 * 24, public=True)
def robots_txt(request):
    # Disallow lines first: crawlers that take the first matching rule must meet them before "Allow: /".
    lines = ["User-agent: *"] + [f"Disallow: {path}" for path in ROBOTS_DISALLOW] + ["Allow: /"]
    lines += ["", f"Sitemap: {root_url(request)}{reverse('sitemap')}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def server_error(request, template_name="500.html"):
    """The 500 page, from settings and constants only: no database, no context processors,
    since either may be what just failed."""
    try:
        template = loader.get_template(template_name)
    except TemplateDoesNotExist:
        return HttpResponseServerError("<h1>Server Error (500)</h1>", content_type="text/html")
    context = {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "static_url": settings.STATIC_URL,
        "crisis_resources": DEFAULT_CRISIS,
    }
    return HttpResponseServerError(template.render(context))
