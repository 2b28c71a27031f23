from django import template

from home.seo import head_meta

register = template.Library()


@register.simple_tag(takes_context=True)
def page_meta(context):
    """Canonical URL, robots, OpenGraph/Twitter values and JSON-LD for the page being rendered."""
    return head_meta(context)
