"""Browsing: featured topics on the home page, the topic list, tag counts, writer pages,
breadcrumbs, bylines that link to writers, module pagination, and what each listing costs."""

import datetime

from bs4 import BeautifulSoup
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction

from blog.models import BlogIndexPage, LetterReplyPage
from blog.topics import featured_topics, topics
from tests.factories import (
    LetterReplyPageFactory,
    ModulePageFactory,
    StaffWriterFactory,
    draft_reply,
    privacy_checked,
    reply_stream,
)

START = datetime.date(2026, 1, 1)


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def card_titles(response):
    return [h.get_text(strip=True) for h in soup_of(response).select("main .card__title")]


def restricted_reply(**kwargs):
    """A live reply that only signed-in readers may see."""
    page = LetterReplyPageFactory(**kwargs)
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    return page


def topic_pills(soup, heading_id):
    """(name, count) for each topic in the list under the heading with `heading_id`."""
    section = soup.find(id=heading_id).find_parent(["section", "nav"])
    pills = []
    for link in section.select(".topics a"):
        count = link.select_one(".topics__count")
        number = int(count.find(string=True, recursive=False).strip())
        count.extract()
        pills.append((link.get_text(strip=True), number))
    return pills


def breadcrumb_trail(response):
    nav = soup_of(response).find("nav", attrs={"aria-label": "Breadcrumb"})
    items = nav.find("ol").find_all("li", recursive=False)
    trail = []
    for item in items:
        link = item.find("a")
        current = item.find(attrs={"aria-current": "page"})
        trail.append(
            (
                (link or current).get_text(strip=True),
                link["href"] if link else None,
                current is not None,
            )
        )
    return trail


class TopicCountTests(TestCase):
    """Tags counted over live, public replies only; drafts and members-only replies never count."""

    @classmethod
    def setUpTestData(cls):
        for n in range(4):
            LetterReplyPageFactory(tags=["communication", "boundaries"] if n < 2 else ["communication"])
        LetterReplyPageFactory(tags=["rewards"])
        LetterReplyPageFactory(tags=["alcohol"])
        for _ in range(5):
            draft_reply(tags=["draft-only", "rewards"])
        for _ in range(5):
            restricted_reply(tags=["members-only", "alcohol"])

    def test_featured_topics_most_used_first_ties_a_to_z(self):
        replies = LetterReplyPage.objects.live().public()
        with self.assertNumQueries(1):
            featured = featured_topics(replies)
        self.assertEqual(
            [(t.name, t.post_count) for t in featured],
            [("communication", 4), ("boundaries", 2), ("alcohol", 1), ("rewards", 1)],
        )

    def test_featured_topics_keep_to_the_limit(self):
        for n in range(10):
            LetterReplyPageFactory(tags=[f"extra-{n:02d}"])
        featured = featured_topics(LetterReplyPage.objects.live().public(), limit=8)
        self.assertEqual(len(featured), 8)
        self.assertEqual(featured[0].name, "communication")
        self.assertEqual(featured[-1].name, "extra-04")  # alcohol, then extra-00 to extra-04: ties at 1 post, A to Z

    def test_topic_list_is_every_used_tag_a_to_z_in_one_query(self):
        replies = BlogIndexPage.objects.get().replies()
        with self.assertNumQueries(1):
            listed = topics(replies)
        self.assertEqual(
            [(t.name, t.post_count) for t in listed],
            [("alcohol", 1), ("boundaries", 2), ("communication", 4), ("rewards", 1)],
        )

    def test_home_page_shows_featured_topics_with_counts(self):
        response = self.client.get("/")
        soup = soup_of(response)
        first = soup.find(id="topics-heading").find_parent("section").select_one(".topics a")
        self.assertEqual(first["href"], BlogIndexPage.objects.get().url + "tag/communication/")
        self.assertEqual(first.get_text(" ", strip=True), "communication 4 posts")
        self.assertEqual(
            topic_pills(soup, "topics-heading"),
            [("communication", 4), ("boundaries", 2), ("alcohol", 1), ("rewards", 1)],
        )
        self.assertNotContains(response, "draft-only")
        self.assertNotContains(response, "members-only")

    def test_blog_index_lists_every_topic_with_counts(self):
        blog = BlogIndexPage.objects.get()
        soup = soup_of(self.client.get(blog.url))
        self.assertEqual(
            topic_pills(soup, "topics-heading"),
            [("alcohol", 1), ("boundaries", 2), ("communication", 4), ("rewards", 1)],
        )

    def test_tag_page_marks_its_topic_as_current(self):
        blog = BlogIndexPage.objects.get()
        soup = soup_of(self.client.get(blog.url + "tag/boundaries/"))
        current = soup.select(".topics a[aria-current='page']")
        self.assertEqual(len(current), 1)
        self.assertEqual(current[0]["href"], blog.url + "tag/boundaries/")


class TagPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.blog = BlogIndexPage.objects.get()
        for n in range(12):
            LetterReplyPageFactory(
                title=f"Boundaries {n:02d}", date=START + datetime.timedelta(days=n), tags=["boundaries"]
            )
        LetterReplyPageFactory(title="The only one", tags=["teens"])
        draft_reply(title="Draft on boundaries", tags=["boundaries"])
        restricted_reply(title="Members on boundaries", tags=["boundaries"])

    def test_counts_on_every_page(self):
        for url in ("tag/boundaries/", "tag/boundaries/?page=2"):
            response = self.client.get(self.blog.url + url)
            self.assertContains(response, "12 posts tagged \u201cboundaries\u201d")
        self.assertEqual(
            card_titles(self.client.get(self.blog.url + "tag/boundaries/?page=2")), ["Boundaries 01", "Boundaries 00"]
        )

    def test_singular(self):
        self.assertContains(self.client.get(self.blog.url + "tag/teens/"), "1 post tagged \u201cteens\u201d")

    def test_drafts_and_restricted_replies_are_not_listed_or_counted(self):
        listed = card_titles(self.client.get(self.blog.url + "tag/boundaries/")) + card_titles(
            self.client.get(self.blog.url + "tag/boundaries/?page=2")
        )
        self.assertEqual(len(listed), 12)
        self.assertNotIn("Draft on boundaries", listed)
        self.assertNotIn("Members on boundaries", listed)

    def test_unknown_tag_is_a_404(self):
        self.assertEqual(self.client.get(self.blog.url + "tag/no-such-topic/").status_code, 404)


class WriterPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.blog = BlogIndexPage.objects.get()
        cls.writer = StaffWriterFactory(
            name="Priya Raman",
            slug="priya-raman",
            role_title="Family coach",
            bio="Priya coaches families.\n\nTen years.",
        )
        cls.other = StaffWriterFactory(name="Theo Abernathy", slug="theo-abernathy")
        for n in range(12):
            LetterReplyPageFactory(
                title=f"Priya {n:02d}", writer=cls.writer, date=START + datetime.timedelta(days=n), tags=["self-care"]
            )
        LetterReplyPageFactory(title="Theo's reply", writer=cls.other)
        draft_reply(title="Priya's draft", writer=cls.writer)
        restricted_reply(title="Priya for members", writer=cls.writer)
        cls.url = cls.blog.url + "writer/priya-raman/"

    def test_name_role_bio_and_only_live_public_replies_newest_first(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        soup = soup_of(response)
        self.assertEqual(soup.find("h1").get_text(strip=True), "Priya Raman")
        self.assertContains(response, "Family coach")
        self.assertContains(response, "<p>Priya coaches families.</p>", html=True)
        self.assertContains(response, "12 replies")
        self.assertEqual(card_titles(response), [f"Priya {n:02d}" for n in range(11, 1, -1)])
        second = self.client.get(self.url, {"page": 2})
        self.assertEqual(card_titles(second), ["Priya 01", "Priya 00"])
        self.assertContains(second, "Page 2 of 2")
        for listing in (response, second):
            for title in ("Theo's reply", "Priya's draft", "Priya for members"):
                self.assertNotContains(listing, title)

    def test_a_writer_without_replies_has_a_page(self):
        StaffWriterFactory(name="New Person", slug="new-person")
        response = self.client.get(self.blog.url + "writer/new-person/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "has no published replies yet")

    def test_unknown_writer_is_a_404(self):
        self.assertEqual(self.client.get(self.blog.url + "writer/nobody/").status_code, 404)
        self.assertEqual(self.client.get(self.blog.url + "writer/Priya Raman/").status_code, 404)

    def test_photo_is_a_rendition_with_alt_text(self):
        image = Image.objects.create(title="IMG_0042.png", file=get_test_image_file(), description="Priya at her desk")
        self.writer.photo = image
        self.writer.save()
        img = soup_of(self.client.get(self.url)).select_one("img.writer__photo")
        self.assertEqual(img["alt"], "Priya at her desk")
        self.assertEqual((img["width"], img["height"]), ("240", "240"))
        self.assertIn("fill-240x240", img["src"])
        image.description = ""
        image.save()
        img = soup_of(self.client.get(self.url)).select_one("img.writer__photo")
        self.assertEqual(img["alt"], "Photo of Priya Raman")

    def test_no_photo_no_img(self):
        self.assertIsNone(soup_of(self.client.get(self.url)).select_one("main img"))

    def test_bylines_link_to_the_writer_page(self):
        reply = LetterReplyPage.objects.get(title="Priya 11")
        module = ModulePageFactory(number=4)
        reply.reply = reply_stream("<p>See Module 4.</p>")
        privacy_checked(reply.save_revision()).publish()
        for url in ("/", self.blog.url, self.blog.url + "tag/self-care/", module.url, reply.url):
            with self.subTest(url=url):
                links = soup_of(self.client.get(url)).select("main a")
                self.assertIn(self.url, [a["href"] for a in links if a.get_text(strip=True) == "Priya Raman"])
        # On the writer's own page, the cards do not link back to it.
        links = soup_of(self.client.get(self.url)).select("main .card a")
        self.assertNotIn(self.url, [a["href"] for a in links])


class BreadcrumbTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.blog = BlogIndexPage.objects.get()
        cls.module = ModulePageFactory(number=5, title="Rewarding non-use")
        cls.writer = StaffWriterFactory(name="Maren Castillo", slug="maren-castillo")
        cls.post = LetterReplyPageFactory(
            title="Should we keep paying his rent?", writer=cls.writer, tags=["boundaries"]
        )

    def test_post(self):
        self.assertEqual(
            breadcrumb_trail(self.client.get(self.post.url)),
            [
                ("Home", "/", False),
                ("Discussion Blog", self.blog.url, False),
                ("Should we keep paying his rent?", None, True),
            ],
        )

    def test_tag_page(self):
        self.assertEqual(
            breadcrumb_trail(self.client.get(self.blog.url + "tag/boundaries/")),
            [
                ("Home", "/", False),
                ("Discussion Blog", self.blog.url, False),
                ("Posts tagged \u201cboundaries\u201d", None, True),
            ],
        )

    def test_writer_page(self):
        self.assertEqual(
            breadcrumb_trail(self.client.get(self.blog.url + "writer/maren-castillo/")),
            [("Home", "/", False), ("Discussion Blog", self.blog.url, False), ("Maren Castillo", None, True)],
        )

    def test_module_page(self):
        index = self.module.get_parent()
        self.assertEqual(
            breadcrumb_trail(self.client.get(self.module.url)),
            [("Home", "/", False), (index.title, index.url, False), ("Module 5: Rewarding non-use", None, True)],
        )

    def test_the_trail_is_an_ordered_list_in_a_labelled_nav(self):
        soup = soup_of(self.client.get(self.post.url))
        navs = soup.find_all("nav", attrs={"aria-label": "Breadcrumb"})
        self.assertEqual(len(navs), 1)
        self.assertIsNotNone(navs[0].find("ol"))
        self.assertEqual(len(navs[0].select("[aria-current]")), 1)


class ModulePaginationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.module = ModulePageFactory(number=4, title="Positive communication")
        for n in range(12):
            LetterReplyPageFactory(
                title=f"Cites four {n:02d}",
                date=START + datetime.timedelta(days=n),
                reply=reply_stream("<p>Module 4.</p>"),
            )
        restricted_reply(title="Members cite four", reply=reply_stream("<p>Module 4.</p>"))

    def test_ten_a_page_with_a_count(self):
        first = self.client.get(self.module.url)
        self.assertEqual(card_titles(first), [f"Cites four {n:02d}" for n in range(11, 1, -1)])
        self.assertContains(first, "12 posts cite Module 4")
        second = self.client.get(self.module.url, {"page": 2})
        self.assertEqual(card_titles(second), ["Cites four 01", "Cites four 00"])
        self.assertContains(second, "Page 2 of 2")
        self.assertNotContains(first, "Members cite four")


class BrowsingQueryTests(TestCase):
    """Listings cost the same whatever the page number and however much there is to list."""

    @classmethod
    def setUpTestData(cls):
        cls.blog = BlogIndexPage.objects.get()
        cls.busy = StaffWriterFactory(slug="busy")
        cls.quiet = StaffWriterFactory(slug="quiet")
        cls.module = ModulePageFactory(number=3)
        for n in range(35):
            LetterReplyPageFactory(
                writer=cls.busy, tags=["boundaries", f"t{n % 7}"], reply=reply_stream("<p>Module 3.</p>")
            )
        LetterReplyPageFactory(writer=cls.quiet, tags=["quiet"])

    def count_queries(self, url):
        self.client.get(url)  # warm Wagtail's site-root cache, as any running site has
        with CaptureQueriesContext(connection) as ctx:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return len(ctx.captured_queries)

    def test_writer_pages_cost_the_same_whatever_the_page_number_or_writer(self):
        busy = self.blog.url + "writer/busy/"
        first = self.count_queries(busy)
        self.assertEqual(self.count_queries(busy + "?page=2"), first)
        self.assertEqual(self.count_queries(busy + "?page=4"), first)  # a short last page
        self.assertEqual(self.count_queries(self.blog.url + "writer/quiet/"), first)

    def test_writer_page_with_a_photo_costs_nothing_more_once_its_rendition_is_made(self):
        without = self.count_queries(self.blog.url + "writer/busy/")
        self.busy.photo = Image.objects.create(title="Busy", file=get_test_image_file())
        self.busy.save()
        # The photo comes with the writer (select_related); Wagtail caches the rendition it makes.
        self.assertEqual(self.count_queries(self.blog.url + "writer/busy/?page=3"), without)

    def test_tag_pages_cost_the_same_however_many_topics(self):
        busy_tag = self.count_queries(self.blog.url + "tag/boundaries/")
        self.assertEqual(self.count_queries(self.blog.url + "tag/quiet/"), busy_tag)
        self.assertEqual(self.count_queries(self.blog.url + "tag/boundaries/?page=3"), busy_tag)

    def test_module_pages_cost_the_same_whatever_the_page_number(self):
        first = self.count_queries(self.module.url)
        self.assertEqual(self.count_queries(self.module.url + "?page=2"), first)
        self.assertEqual(self.count_queries(self.module.url + "?page=4"), first)

    def test_home_costs_the_same_however_much_content(self):
        before = self.count_queries("/")
        for n in range(20):
            LetterReplyPageFactory(tags=[f"more-{n}", "boundaries"])
        ModulePageFactory(number=9)
        self.assertEqual(self.count_queries("/"), before)
