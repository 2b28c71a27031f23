from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page, Site

from cms import caching

DEFAULT_GUIDELINES = (
    "Be respectful: every family here is doing its best. Share your experience, "
    "but please do not give advice. Choose words that reduce stigma: "
    '"person with a substance use disorder", not "addict"; "use", not "abuse".'
)
DEFAULT_CRISIS = (
    "<p>If someone is in immediate danger, call your local emergency number now. "
    "If you are thinking about suicide or are worried about someone, call or text 988 "
    "(Suicide &amp; Crisis Lifeline, US). For an overdose, call emergency services and use "
    "naloxone if you have it.</p>"
)


class HomePage(Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["blog.BlogIndexPage", "blog.ModuleIndexPage", "blog.ContentPage"]

    latest_count = 6

    def get_context(self, request, *args, **kwargs):
        from blog.card_images import with_card_images
        from blog.models import BlogIndexPage, LetterReplyPage, ModuleIndexPage, ModulePage
        from blog.topics import featured_topics

        context = super().get_context(request, *args, **kwargs)
        # The site's private sections cost a query to find: find them once for every listing here.
        private = Page.objects.private_q()
        replies = LetterReplyPage.objects.live().exclude(private)
        context["latest_replies"] = list(
            with_card_images(replies.select_related("writer"))
            .defer_streamfields()
            .order_by("-date", "-first_published_at", "-pk")[: self.latest_count]
        )
        context["featured_topics"] = caching.site_wide("featured-topics", lambda: featured_topics(replies))
        context["blog_index"] = BlogIndexPage.objects.live().exclude(private).first()
        module_index = ModuleIndexPage.objects.live().exclude(private).first()
        context["module_index"] = module_index
        context["modules"] = (
            list(ModulePage.objects.live().child_of(module_index).order_by("number")) if module_index else []
        )
        return context


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """Texts that editors change without a deploy."""

    membership_heading = models.CharField(max_length=120, default="Become a member")
    membership_text = models.TextField(
        blank=True,
        default=(
            "Members join weekly CRAFT groups, get every curriculum module and can talk "
            "with staff who have walked this road."
        ),
    )
    membership_link_text = models.CharField(max_length=60, default="Join us")
    membership_url = models.URLField(blank=True, default="https://example.org/join")
    comment_guidelines = models.TextField(default=DEFAULT_GUIDELINES)
    crisis_resources = RichTextField(default=DEFAULT_CRISIS, features=["bold", "link"])

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("membership_heading"),
                FieldPanel("membership_text"),
                FieldPanel("membership_link_text"),
                FieldPanel("membership_url"),
            ],
            heading="Membership call to action",
        ),
        FieldPanel("comment_guidelines"),
        FieldPanel("crisis_resources"),
    ]

    class Meta:
        verbose_name = "Site settings"

    @classmethod
    def for_request(cls, request):
        # Every public page reads these: from the shared cache (cms/caching.py) rather than a query each.
        # The admin's settings editor uses for_site(), which always reads the table.
        attr_name = cls.get_cache_attr_name()
        if not hasattr(request, attr_name):
            site = Site.find_for_request(request)
            if site is None:
                return super().for_request(request)
            instance = caching.site_wide(f"site-settings:{site.pk}", lambda: cls.for_site(site))
            instance._request = request
            setattr(request, attr_name, instance)
        return getattr(request, attr_name)
