"""Query counts of public pages: pinned, and independent of how much content there is."""

from django.test import TestCase

from blog.models import BlogIndexPage, RelatedPostPin
from tests.factories import LetterReplyPageFactory, ModulePageFactory, reply_stream

# Site, page routing (home, blog, post: 5), ancestors + view restrictions (3),
# cited modules, pins, tags, ranked candidates, blog index, writer, site settings, navigation.
POST_PAGE_QUERIES = 18


class PostPageQueryTests(TestCase):
    def build(self, tag_count, candidate_count):
        for number in (3, 4, 5, 6):
            ModulePageFactory(number=number)
        tags = [f"topic-{n}" for n in range(tag_count)]
        page = LetterReplyPageFactory(
            tags=tags, reply=reply_stream("<p>Modules 3, 4, 5 and 6.</p>", "<p>Module 4 again.</p>")
        )
        for n in range(candidate_count):
            LetterReplyPageFactory(tags=tags[: 1 + n % tag_count])
        page.related_pins.add(RelatedPostPin(post=LetterReplyPageFactory()))
        page.save_revision().publish()
        return page

    def assert_post_queries(self, page):
        self.client.get(page.url)  # warm Wagtail's site-root cache, as any running site has
        with self.assertNumQueries(POST_PAGE_QUERIES):
            response = self.client.get(page.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Related posts")
        return response

    def test_post_page_with_two_tags_and_two_candidates(self):
        self.assert_post_queries(self.build(tag_count=2, candidate_count=2))

    def test_post_page_with_forty_tags_and_forty_candidates(self):
        response = self.assert_post_queries(self.build(tag_count=40, candidate_count=40))
        self.assertContains(response, "topic-39")


class ListingQueryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        for n in range(35):
            LetterReplyPageFactory(tags=["boundaries", f"t{n % 5}"])

    def count_queries(self, url):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(ctx.captured_queries)

    def test_index_pages_cost_the_same_whatever_the_page_number(self):
        blog = BlogIndexPage.objects.get()
        first = self.count_queries(blog.url)
        self.assertEqual(self.count_queries(blog.url + "?page=3"), first)
        self.assertEqual(self.count_queries(blog.url + "?page=4"), first)  # a short last page

    def test_tag_pages_cost_the_same_whatever_the_page_number(self):
        blog = BlogIndexPage.objects.get()
        first = self.count_queries(blog.url + "tag/boundaries/")
        self.assertEqual(self.count_queries(blog.url + "tag/boundaries/?page=2"), first)
