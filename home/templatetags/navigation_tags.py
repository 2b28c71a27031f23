from django import template
from django.conf import settings
from wagtail.models import Page, Site

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

    Two queries at most: the Site (with its root page, cached on the request) and the children.
    """
    site = _current_site(context)
    current = context.get("page")
    items = []
    if site is not None:
        children = Page.objects.live().in_menu().child_of(site.root_page).order_by("path")
        current_path = getattr(current, "path", None) or ""
        for child in children:
            if current_path == child.path:
                state = "page"
            elif current_path.startswith(child.path):
                state = "true"
            else:
                state = ""
            items.append({"page": child, "current": state})
    return {"items": items, "request": context.get("request")}
