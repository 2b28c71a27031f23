"""A plain content page: a title and a body, for pages that are not letters and replies."""

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import ContentBodyBlock
from ..breadcrumbs import breadcrumbs


class ContentPage(Page):
    """An "About us" page, or a WordPress page or letterless post brought over by the import."""

    body = StreamField(ContentBodyBlock(), blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]

    parent_page_types = ["home.HomePage", "blog.ContentPage", "blog.BlogIndexPage"]
    subpage_types = ["blog.ContentPage"]

    class Meta:
        verbose_name = "content page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Nested pages keep their place: every ancestor below the site's root, in one query.
        context["breadcrumbs"] = breadcrumbs(request, list(self.get_ancestors().filter(depth__gt=1)), self.title)
        return context
