"""Page types: where they may live, that the admin can create them, and that they render and preview."""

from taggit.models import Tag
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog.models import BlogIndexPage, ContentPage, LetterReplyPage, ModuleIndexPage, ModulePage
from home.models import HomePage
from tests.factories import LetterReplyPageFactory, ModulePageFactory, StaffWriterFactory, privacy_checked, reply_stream


class PageTreeRulesTests(WagtailPageTestCase):
    def test_home_holds_the_blog_the_curriculum_and_plain_pages(self):
        self.assertAllowedSubpageTypes(HomePage, {BlogIndexPage, ModuleIndexPage, ContentPage})
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_only_replies_and_plain_pages_go_under_the_blog(self):
        # Plain pages: WordPress posts imported without a letter.
        self.assertAllowedSubpageTypes(BlogIndexPage, {LetterReplyPage, ContentPage})
        self.assertAllowedParentPageTypes(ContentPage, {HomePage, BlogIndexPage, ContentPage})
        self.assertAllowedParentPageTypes(LetterReplyPage, {BlogIndexPage})
        self.assertAllowedSubpageTypes(LetterReplyPage, set())

    def test_only_modules_go_under_the_module_index(self):
        self.assertAllowedSubpageTypes(ModuleIndexPage, {ModulePage})
        self.assertAllowedParentPageTypes(ModulePage, {ModuleIndexPage})
        self.assertCanNotCreateAt(BlogIndexPage, ModulePage)
        self.assertCanNotCreateAt(ModuleIndexPage, LetterReplyPage)

    def test_there_is_one_blog_and_one_module_index(self):
        # Created by migrations; max_count keeps a second one from being added.
        self.assertEqual(BlogIndexPage.objects.count(), 1)
        self.assertEqual(ModuleIndexPage.objects.count(), 1)
        home = HomePage.objects.get()
        self.assertFalse(BlogIndexPage.can_create_at(home))
        self.assertFalse(ModuleIndexPage.can_create_at(home))


class AdminCreationTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.blog = BlogIndexPage.objects.get()
        cls.modules = ModuleIndexPage.objects.get()
        cls.writer = StaffWriterFactory()
        cls.module = ModulePageFactory(number=4, title="Positive communication")

    def setUp(self):
        self.client.force_login(self.create_test_user())

    def test_create_a_module(self):
        data = nested_form_data(
            {
                "title": "Rewarding non-use",
                "slug": "rewarding-non-use",
                "number": "5",
                "summary": "Notice and reward the times your loved one does not use.",
                "body": streamfield([("heading", "Why rewards work"), ("paragraph", rich_text("<p>Because.</p>"))]),
            }
        )
        self.assertCanCreate(self.modules, ModulePage, data)
        self.assertEqual(ModulePage.objects.get(slug="rewarding-non-use").number, 5)

    def test_a_duplicate_module_number_is_refused_with_a_message(self):
        data = nested_form_data(
            {"title": "Copy", "slug": "copy", "number": "4", "summary": "x", "body": streamfield([])}
        )
        response = self.client.post(f"/admin/pages/add/blog/modulepage/{self.modules.pk}/", data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Module 4 already exists")
        self.assertFalse(ModulePage.objects.filter(slug="copy").exists())

    def test_create_a_reply_with_modules_tags_and_a_callout(self):
        data = nested_form_data(
            {
                "title": "He won't agree to the care we know he needs",
                "slug": "he-wont-agree",
                "standfirst": "Cwfranklin asks how to talk about medication.",
                "pen_name": "Cwfranklin",
                "letter": rich_text("<p>We read Module 4 twice.</p>"),
                "reply": streamfield(
                    [
                        ("heading", "Pressure can backfire"),
                        ("paragraph", rich_text("<p>Try the ideas in Module 4.</p>")),
                        ("pull_quote", {"quote": "He is the one who must choose.", "attribution": ""}),
                        ("module_callout", {"module": str(self.module.pk), "note": "Start here."}),
                    ]
                ),
                "writer": str(self.writer.pk),
                "date": "2026-03-01",
                "tags": "boundaries, treatment",
                "related_pins": inline_formset([]),
            }
        )
        # Saved as a draft: a new reply is published only after its privacy check (tests/test_publish_routes.py).
        self.assertCanCreate(self.blog, LetterReplyPage, data, publish=False)
        page = LetterReplyPage.objects.get(slug="he-wont-agree")
        self.assertEqual(list(page.referenced_modules.all()), [self.module])
        self.assertEqual(sorted(page.tags.names()), ["boundaries", "treatment"])

    def test_the_site_tree_can_be_built_through_the_admin(self):
        # The tree the migrations made is removed, then each single-instance page type is added by hand.
        HomePage.objects.get().delete()
        root = Page.get_first_root_node()
        self.assertCanCreate(
            root,
            HomePage,
            nested_form_data({"title": "Welcome", "slug": "welcome", "intro": rich_text("<p>Hi</p>")}),
        )
        home = HomePage.objects.get()
        self.assertCanCreate(
            home,
            BlogIndexPage,
            nested_form_data({"title": "Discussion Blog", "slug": "blog", "intro": rich_text("")}),
        )
        self.assertCanCreate(
            home,
            ModuleIndexPage,
            nested_form_data({"title": "Modules", "slug": "modules", "intro": rich_text("")}),
        )
        self.assertEqual(BlogIndexPage.objects.get().get_parent().specific, home)

    def test_home_and_index_pages_can_be_edited(self):
        for page in (HomePage.objects.get(), self.blog, self.modules):
            self.assertPageIsEditable(page)


class RenderAndPreviewTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.module = ModulePageFactory(number=3, title="Knowing the patterns")
        cls.reply = LetterReplyPageFactory(
            letter="<p>We tried Module 3.</p>", reply=reply_stream("<p>Module 3 helps.</p>"), tags=["relapse"]
        )
        privacy_checked(cls.reply.save_revision()).publish()

    def test_every_page_type_renders(self):
        for page in (
            HomePage.objects.get(),
            BlogIndexPage.objects.get(),
            self.reply,
            ModuleIndexPage.objects.get(),
            self.module,
        ):
            with self.subTest(page=page):
                self.assertPageIsRenderable(page)

    def test_every_page_type_previews(self):
        for page in (HomePage.objects.get(), BlogIndexPage.objects.get(), ModuleIndexPage.objects.get()):
            with self.subTest(page=page):
                self.assertPageIsPreviewable(page)
        # StreamFields are drawn by the editor's JavaScript, so their form data is given here.
        reply_data = nested_form_data(
            {
                "title": self.reply.title,
                "slug": self.reply.slug,
                "standfirst": self.reply.standfirst,
                "pen_name": self.reply.pen_name,
                "letter": rich_text(self.reply.letter),
                "reply": streamfield([("paragraph", rich_text("<p>Module 3 helps.</p>"))]),
                "writer": str(self.reply.writer_id),
                "date": "2026-01-02",
                "tags": "relapse",
                "related_pins": inline_formset([]),
            }
        )
        self.assertPageIsPreviewable(self.reply, post_data=reply_data)
        module_data = nested_form_data(
            {
                "title": self.module.title,
                "slug": self.module.slug,
                "number": "3",
                "summary": "Patterns",
                "body": streamfield([("paragraph", rich_text("<p>Body</p>"))]),
            }
        )
        self.assertPageIsPreviewable(self.module, post_data=module_data)

    def test_blog_routes(self):
        blog = BlogIndexPage.objects.get()
        Tag.objects.get(name="relapse")
        self.assertPageIsRoutable(blog, "tag/relapse/")
        self.assertPageIsRoutable(blog, "feed/")
        self.assertPageIsRenderable(blog, "tag/relapse/")
