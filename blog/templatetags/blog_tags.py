from django import template
from django.utils.safestring import mark_safe

from blog.crossrefs import link_module_mentions

register = template.Library()


@register.filter
def link_modules(html, module_links):
    """Link "Module N" mentions in already-rendered rich text (staff-written, sanitised by Wagtail)."""
    # Only staff-authored rich text reaches this filter; Wagtail's rich text
    # rendering has already sanitised it, and the links we add are escaped.
    return mark_safe(link_module_mentions(str(html), module_links or {}))  # noqa: S308


@register.simple_tag(takes_context=True)
def tag_url_prefix(context, blog_index):
    """The URL of `blog_index`'s tag pages up to the tag's slug: one URL lookup for a whole topic list."""
    placeholder = "slug"
    return (
        blog_index.get_url(context.get("request"))
        + blog_index.reverse_subpage("tag_view", args=[placeholder])[: -len(placeholder) - 1]
    )
