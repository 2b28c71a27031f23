import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, TitleFieldPanel
from wagtail.admin.widgets import AdminAutoHeightTextInput
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.images.models import SourceImageIOError
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms import caching

from .. import page_cache
from ..blocks import ModuleBodyBlock, ReplyBlock
from ..breadcrumbs import breadcrumbs
from ..card_images import with_card_images
from ..crossrefs import module_numbers
from ..feeds import feed_response
from ..forms import LetterReplyPageForm
from ..headlines import HEADLINE_HELP
from ..panels import ChangesRequestedPanel, DeidentificationPanel, ReviewNotesPanel
from ..related import related_posts
from ..tag_suggestions import ReplyTagWidget
from ..topics import topics

PAGE_SIZE = 10


def paginate(request, queryset, per_page=PAGE_SIZE):
    """One page of `queryset`; a page number that is not a number or out of range gives the nearest page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def paginate_replies(request, replies, list_name):
    """One page of `replies` (a LetterReplyPage queryset), its cards' tags prefetched.

    The order of the whole list (ids only) is worked out once per content version and kept
    in the shared cache (cms/caching.py), so page 500 costs what page 1 does: a slice of the
    ids, then one query for those ten replies. Publishing anything makes a new version.
    """
    order = caching.site_wide(f"listing:{list_name}", lambda: list(replies.values_list("pk", flat=True)))
    page = paginate(request, order)
    ids = list(page.object_list)
    chosen = with_card_images(replies.filter(pk__in=ids).prefetch_related("tagged_items__tag"))
    by_id = {reply.pk: reply for reply in chosen}
    page.object_list = [by_id[pk] for pk in ids if pk in by_id]
    return page


class StaffWriter(index.Indexed, models.Model):
    """A member of staff who replies to letters."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    role_title = models.CharField(max_length=120, help_text='Shown in the byline, e.g. "CEO" or "Staff writer".')
    bio = models.TextField(blank=True, max_length=1200)
    photo = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff_writer",
        help_text="The admin account of this writer: replies they start get this byline.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("role_title"),
        FieldPanel("bio"),
        FieldPanel("photo"),
        FieldPanel("user"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}, {self.role_title}"

    def portrait(self):
        """The photo as a square rendition for the writer's page, or None (no photo, or its file is missing)."""
        if self.photo is None:
            return None
        try:
            return self.photo.get_rendition("fill-240x240")
        except SourceImageIOError:
            return None

    @property
    def portrait_alt(self):
        # The editor's description of the photo when there is one; the filename-like image title never.
        return (self.photo.description if self.photo else "") or f"Photo of {self.name}"


class LetterReplyPageTag(TaggedItemBase):
    content_object = ParentalKey("blog.LetterReplyPage", on_delete=models.CASCADE, related_name="tagged_items")

    class Meta:
        # Related posts rank replies by tags shared, tag pages list a tag's replies: both read
        # (tag, reply) pairs, from this index alone.
        indexes = [models.Index(fields=["tag", "content_object"], name="reply_tag_tag_reply_idx")]


class BlogIndexPage(RoutablePageMixin, Page):
    """The Discussion Blog: every published reply, newest first, by tag, and as a feed."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    # Plain pages: WordPress posts imported without a letter (wpimport).
    subpage_types = ["blog.LetterReplyPage", "blog.ContentPage"]
    max_count = 1

    class Meta:
        verbose_name = "Discussion Blog"

    def route(self, request, path_components):
        # A reply and its byline in one query, instead of Wagtail's child lookup then `.specific`
        # then the writer. The blog's own routes (tags, feeds, writers) still come first.
        if path_components and self.live and not self._is_own_route(path_components):
            reply = (
                LetterReplyPage.objects.child_of(self).filter(slug=path_components[0]).select_related("writer").first()
            )
            if reply is not None:
                reply._cached_parent_obj = self
                reply.__dict__["blog_index"] = self  # the reply's cached_property: no query for its parent
                return reply.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_cached_paths(self):
        # What a CDN purges when the index is purged (cms/caching.py): the listing and its feeds.
        return ["/", self.reverse_subpage("feed_view"), self.reverse_subpage("atom_feed_view")]

    def _is_own_route(self, path_components):
        try:
            self.resolve_subpage("/" + "/".join(path_components) + "/")
        except Http404:
            return False
        return True

    def replies(self):
        return (
            caching.exclude_restricted(LetterReplyPage.objects.live())
            .child_of(self)
            .select_related("writer")
            .defer_streamfields()
            .order_by("-date", "-first_published_at", "-pk")
        )

    def topics(self, replies):
        """Every topic with its count: the same on every listing, so counted once per content version."""
        return caching.site_wide(f"topics:{self.pk}", lambda: topics(replies))

    def listing(self, request, replies, list_name, **extra):
        """Context for one page of `replies` (cards show their tags: prefetched in one query)."""
        page = paginate_replies(request, replies, f"{self.pk}:{list_name}")
        return {"replies": page, "blog_index": self, **extra}

    def tag_url(self, request, tag):
        return self.get_full_url(request) + self.reverse_subpage("tag_view", args=[tag.slug])

    def blog_feed(self, request, atom=False):
        return feed_response(
            request,
            self.replies(),
            title=self.title,
            link=self.get_full_url(request),
            description="Letters from families and replies from our staff, newest first.",
            atom=atom,
        )

    def tag_feed(self, request, tag, atom=False):
        active_tag = get_object_or_404(Tag, slug=tag)
        return feed_response(
            request,
            self.replies().filter(tagged_items__tag=active_tag),
            title=f"{self.title}: posts tagged \u201c{active_tag.name}\u201d",
            link=self.tag_url(request, active_tag),
            description=f"Letters and replies tagged \u201c{active_tag.name}\u201d, newest first.",
            atom=atom,
        )

    @path("")
    def index_view(self, request):
        replies = self.replies()
        # The topic list counts the same live, public replies (one query, sharing the privacy filter).
        context = self.listing(request, replies, "all", topics=self.topics(replies))
        return self.render(request, context_overrides=context)

    @path("tag/<str:tag>/")
    def tag_view(self, request, tag):
        active_tag = get_object_or_404(Tag, slug=tag)
        replies = self.replies()
        context = self.listing(
            request,
            replies.filter(tagged_items__tag=active_tag),
            f"tag:{active_tag.pk}",
            active_tag=active_tag,
            topics=self.topics(replies),
            breadcrumbs=breadcrumbs(request, [self], f"Posts tagged \u201c{active_tag.name}\u201d"),
        )
        return self.render(request, context_overrides=context)

    @path("writer/<slug:slug>/")
    def writer_view(self, request, slug):
        writer = get_object_or_404(StaffWriter.objects.select_related("photo"), slug=slug)
        context = self.listing(
            request,
            self.replies().filter(writer=writer),
            f"writer:{writer.pk}",
            writer=writer,
            photo=writer.portrait(),
            meta_title=f"{writer.name}, {writer.role_title}",
            breadcrumbs=breadcrumbs(request, [self], writer.name),
        )
        return self.render(request, template="blog/writer_page.html", context_overrides=context)

    @path("feed/")
    def feed_view(self, request):
        return self.blog_feed(request)

    @path("feed/atom/")
    def atom_feed_view(self, request):
        return self.blog_feed(request, atom=True)

    @path("tag/<str:tag>/feed/")
    def tag_feed_view(self, request, tag):
        return self.tag_feed(request, tag)

    @path("tag/<str:tag>/feed/atom/")
    def tag_atom_feed_view(self, request, tag):
        return self.tag_feed(request, tag, atom=True)


class RelatedPostPin(Orderable):
    """An editor's choice for a reply's related-posts panel, shown before tag matches."""

    page = ParentalKey("blog.LetterReplyPage", on_delete=models.CASCADE, related_name="related_pins")
    post = models.ForeignKey(
        "blog.LetterReplyPage",
        on_delete=models.CASCADE,
        related_name="pinned_on",
        verbose_name="related post",
    )

    panels = [FieldPanel("post")]


class LetterReplyPage(Page):
    """A family member's letter (edited, de-identified) and a staff writer's reply."""

    standfirst = models.TextField(max_length=400, help_text="A sentence or two for listings and related-post panels.")
    pen_name = models.CharField(
        max_length=60, help_text="The name the letter writer chose to be shown under. Never their real name."
    )
    letter = RichTextField(
        features=["bold", "italic"],
        help_text="The edited, de-identified copy of the letter. The original stays in the inbox.",
    )
    reply = StreamField(ReplyBlock(), help_text='Mentions like "Module 3" or "Modules 5 and 6" become links.')
    writer = models.ForeignKey(StaffWriter, null=True, blank=False, on_delete=models.SET_NULL, related_name="replies")
    date = models.DateField("reply date", default=datetime.date.today)
    tags = ClusterTaggableManager(through=LetterReplyPageTag, blank=True)
    # Filled from the letter and reply on every save, so it follows revisions.
    referenced_modules = ParentalManyToManyField("blog.ModulePage", blank=True, related_name="cited_by")
    featured_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown on the reply's card in listings and in link previews (social media).",
    )
    # Set by the WordPress import: the reply came from the organisation's published archive.
    imported_from = models.URLField(
        "imported from", max_length=500, blank=True, editable=False, help_text="The post's address on WordPress."
    )

    # Submitting for review needs a headline of its own and at least one tag (blog/forms.py).
    base_form_class = LetterReplyPageForm
    content_panels = [
        # The reviewer's request for changes comes first, until the writer resubmits.
        ChangesRequestedPanel(heading="Changes requested"),
        # A wrapping box, so a long headline stays readable on a phone.
        TitleFieldPanel("title", help_text=HEADLINE_HELP, widget=AdminAutoHeightTextInput),
        ReviewNotesPanel(heading="Letter and privacy check"),
        # The assistant's findings in the latest saved version, for the writer to fix before review.
        DeidentificationPanel(heading="Identifying details"),
        FieldPanel("standfirst"),
        # Beside the standfirst: a reply without tags has no related posts and no topic page.
        FieldPanel(
            "tags",
            widget=ReplyTagWidget,
            help_text="Topics readers browse, e.g. “boundaries”. Existing tags are suggested as you type, "
            "most used first. At least one is needed to submit for review.",
        ),
        MultiFieldPanel([FieldPanel("pen_name"), FieldPanel("letter")], heading="The letter"),
        FieldPanel("reply"),
        MultiFieldPanel([FieldPanel("writer"), FieldPanel("date")], heading="Byline"),
    ]
    promote_panels = Page.promote_panels + [
        FieldPanel("featured_image"),
        InlinePanel("related_pins", label="Pinned related post", max_num=4, heading="Related posts (up to 4 pins)"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("standfirst"),
        index.SearchField("pen_name"),
        index.SearchField("letter"),
        index.SearchField("reply"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("date"),
    ]

    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "letter and reply"
        indexes = [models.Index(fields=["date"], name="blog_reply_date_idx")]

    # Cross-references -------------------------------------------------------

    def _reply_texts(self):
        for block in self.reply:
            if block.block_type == "paragraph":
                yield block.value.source
            elif block.block_type == "heading":
                yield block.value
            elif block.block_type == "pull_quote":
                yield block.value["quote"]
            elif block.block_type == "module_callout":
                yield block.value["note"] or ""
            elif block.block_type == "image":
                yield block.value["caption"] or ""

    def _callout_module_ids(self):
        ids = set()
        for block in self.reply:
            if block.block_type == "module_callout" and block.value["module"] is not None:
                ids.add(block.value["module"].pk)
        return ids

    def mentioned_module_numbers(self):
        numbers = module_numbers(self.letter or "")
        for text in self._reply_texts():
            numbers |= module_numbers(text)
        return numbers

    def unknown_module_numbers(self):
        """Numbers the text mentions that match no module: a warning for the writer."""
        numbers = self.mentioned_module_numbers()
        known = set(ModulePage.objects.filter(number__in=numbers).values_list("number", flat=True))
        return sorted(numbers - known)

    def update_referenced_modules(self):
        numbers = self.mentioned_module_numbers()
        callouts = self._callout_module_ids()
        if numbers or callouts:
            modules = list(ModulePage.objects.filter(Q(number__in=numbers) | Q(pk__in=callouts)))
        else:
            modules = []
        self.referenced_modules.set(modules)

    def clean(self):
        super().clean()
        pinned = [pin.post_id for pin in self.related_pins.all()]
        if self.pk and self.pk in pinned:
            raise ValidationError("A reply cannot be pinned as related to itself.")
        if len(pinned) != len(set(pinned)):
            raise ValidationError("The same related post is pinned twice.")
        # clean() runs before every admin save, save_revision and publish, so
        # the stored references always match the text of the revision saved.
        self.update_referenced_modules()

    def minimal_clean(self):
        # Saving a draft outside the admin skips clean(); keep references current there too.
        super().minimal_clean()
        self.update_referenced_modules()

    # Publishing -------------------------------------------------------------

    def publish(self, revision, user=None, changed=True, log_action=True, previous_revision=None, **kwargs):
        """Only a version whose privacy check passed goes live (blog/publishing.py), by whatever route.

        Bulk publishing, workflow approval, scheduled publication and the import all come here; a refusal
        raises `PrivacyCheckRequired`, except for `publish_scheduled`, which must go on to the other replies.
        """
        from ..publishing import PrivacyCheckRequired, cancel_scheduled_publication, publish_refusal

        scheduled = log_action == "wagtail.publish.scheduled"
        refusal = publish_refusal(revision, scheduled=scheduled)
        if refusal and scheduled:
            cancel_scheduled_publication(self, revision, refusal)
            return None
        if refusal:
            raise PrivacyCheckRequired(f"\u201c{self.get_admin_display_title()}\u201d was not published: {refusal}.")
        return super().publish(
            revision, user=user, changed=changed, log_action=log_action, previous_revision=previous_revision, **kwargs
        )

    # Rendering --------------------------------------------------------------

    def cited_modules(self):
        """Live modules this reply references, by number (works on previews too)."""
        return sorted((module for module in self.referenced_modules.all() if module.live), key=lambda m: m.number)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        modules = self.cited_modules()
        context["cited_modules"] = [(module, module.get_url(request)) for module in modules]
        context["module_links"] = {m.number: (url, m.title) for m, url in context["cited_modules"]}
        context["page_tags"] = list(self.tags.all())
        context["related_posts"] = related_posts(self, tags=context["page_tags"])
        context["blog_index"] = self.blog_index
        context["breadcrumbs"] = breadcrumbs(request, [self.blog_index], self.title)
        return context

    def serve(self, request, *args, **kwargs):
        def render(request, extra_context):
            response = super(LetterReplyPage, self).serve(request, *args, **kwargs)
            response.context_data.update(extra_context)
            return response

        return page_cache.serve(self, request, render)

    @cached_property
    def blog_index(self):
        return BlogIndexPage.objects.ancestor_of(self).first()

    def get_view_restrictions(self):
        # From the site-wide cached list (cms/caching.py), not two queries per request; a reply is never an alias.
        if self.alias_of_id:
            return super().get_view_restrictions()
        return caching.restrictions_over(self.path)


class ModuleIndexPage(Page):
    """The CRAFT curriculum: every module in order."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["blog.ModulePage"]
    max_count = 1

    class Meta:
        verbose_name = "curriculum module index"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["modules"] = ModulePage.objects.live().child_of(self).order_by("number")
        return context


class ModulePage(RoutablePageMixin, Page):
    """One numbered CRAFT curriculum module; may be restricted to members (page privacy).

    Its citing replies are also served as feeds (the routes inherit the page's privacy).
    """

    number = models.PositiveSmallIntegerField(unique=True, help_text="Replies cite it as \u201cModule N\u201d.")
    summary = models.TextField(max_length=600)
    body = StreamField(ModuleBodyBlock(), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("number"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        # "Module N: title", so a reader searching "module 4", as replies cite it, finds the module.
        index.SearchField("__str__"),
        index.FilterField("number"),
    ]
    parent_page_types = ["blog.ModuleIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "curriculum module"

    def __str__(self):
        return f"Module {self.number}: {self.title}"

    def clean(self):
        super().clean()
        if self.number is not None:
            clash = ModulePage.objects.filter(number=self.number).exclude(pk=self.pk).first()
            if clash:
                raise ValidationError({"number": f"Module {self.number} already exists: \u201c{clash.title}\u201d."})

    def citing_replies(self):
        return (
            caching.exclude_restricted(LetterReplyPage.objects.live())
            .filter(referenced_modules=self)
            .select_related("writer")
            .defer_streamfields()
            .order_by("-date", "-first_published_at")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The preview of a module not yet saved: no reply can cite it yet.
        citing = self.citing_replies() if self.pk else LetterReplyPage.objects.none()
        context["replies"] = paginate(request, with_card_images(citing))
        # Bylines link to writer pages on the blog; the breadcrumb goes through the module index.
        context["blog_index"] = BlogIndexPage.objects.live().first()
        context["breadcrumbs"] = breadcrumbs(request, [self.get_parent()], f"Module {self.number}: {self.title}")
        return context

    def citing_feed(self, request, atom=False):
        return feed_response(
            request,
            self.citing_replies(),
            title=f"Module {self.number}: {self.title} \u2014 discussions that draw on it",
            link=self.get_full_url(request),
            description=f"Letters and replies that cite Module {self.number}, {self.title}, newest first.",
            atom=atom,
        )

    @path("feed/")
    def feed_view(self, request):
        return self.citing_feed(request)

    @path("feed/atom/")
    def atom_feed_view(self, request):
        return self.citing_feed(request, atom=True)
