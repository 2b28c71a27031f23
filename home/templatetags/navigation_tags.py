from django import template
from django.conf import settings
from wagtail.models import Page, Site

from cms import caching

register = template.Library()


def _current_site(context):
    request = context.get("request")
    return Site.find_for_request(request) if request is not None else None


@register.simple_tag(takes_context=True)
def site_name(context):
    """The current Site's name, or the project's when the Site has none."""
    site = _current_site(context)
    return (site and site.site_name) or settings.WAGTAIL_SITE_NAME


@register.inclusion_tag("includes/site_nav.html", takes_context=True)
def site_nav(context):
    """Live, in-menu children of the current Site's root page, with the reader's section marked.

    The menu is the same on every page: built once per content version (cms/caching.py),
    with the reader's section marked per request.
    """
    site = _current_site(context)
    current = context.get("page")
    items = []
    if site is not None:
        current_path = getattr(current, "path", None) or ""
        for entry in caching.site_wide(f"menu:{site.pk}", lambda: _menu(site, context.get("request"))):
            if current_path == entry["path"]:
                state = "page"
            elif current_path.startswith(entry["path"]):
                state = "true"
            else:
                state = ""
            items.append({**entry, "current": state})
    return {"items": items, "request": context.get("request")}


def _menu(site, request):
    children = Page.objects.live().in_menu().child_of(site.root_page).order_by("path")
    return [{"title": child.title, "url": child.get_url(request), "path": child.path} for child in children]
