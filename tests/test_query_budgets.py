"""Query counts of public pages: pinned, and independent of how much content there is."""

from django.test import TestCase

from blog.models import BlogIndexPage, RelatedPostPin
from tests.factories import LetterReplyPageFactory, ModulePageFactory, privacy_checked, reply_stream

# An uncached post page (its own entries cold; the site-wide ones, such as Wagtail's site
# root paths, the menu, the site settings and the view restrictions, already cached as in
# any running site): the Site, routing (home, blog index by slug, blog index, the reply
# with its writer: 4), cited modules, tags, pins with their posts, ranked related candidates,
# approved comments with their replies, and the module of a callout block (a reply without one
# costs 10). The bench counts the same at 10,000 replies.
POST_PAGE_QUERIES = 11
# From the page cache (blog/page_cache.py), answered before routing.
WARM_POST_PAGE_QUERIES = 0


class PostPageQueryTests(TestCase):
    def build(self, tag_count, candidate_count):
        modules = [ModulePageFactory(number=number) for number in (3, 4, 5, 6)]
        tags = [f"topic-{n}" for n in range(tag_count)]
        reply = reply_stream("<p>Modules 3, 4, 5 and 6.</p>", "<p>Module 4 again.</p>")
        reply.append(("module_callout", {"module": modules[1], "note": "Start here."}))
        page = LetterReplyPageFactory(tags=tags, reply=reply)
        for n in range(candidate_count):
            LetterReplyPageFactory(tags=tags[: 1 + n % tag_count])
        page.related_pins.add(RelatedPostPin(post=LetterReplyPageFactory()))
        privacy_checked(page.save_revision()).publish()
        self.other = LetterReplyPageFactory(tags=tags[:1])
        return page

    def assert_post_queries(self, page):
        self.client.get(self.other.url)  # another post fills the site-wide entries, as in any running site
        with self.assertNumQueries(POST_PAGE_QUERIES):
            response = self.client.get(page.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["X-Page-Cache"], "miss")
        self.assertContains(response, "Related posts")
        with self.assertNumQueries(WARM_POST_PAGE_QUERIES):
            warm = self.client.get(page.url)
        self.assertEqual(warm["X-Page-Cache"], "hit")
        self.assertContains(warm, "Related posts")
        return response

    def test_post_page_with_two_tags_and_two_candidates(self):
        self.assert_post_queries(self.build(tag_count=2, candidate_count=2))

    def test_post_page_with_forty_tags_and_forty_candidates(self):
        response = self.assert_post_queries(self.build(tag_count=40, candidate_count=40))
        self.assertContains(response, "topic-39")

    def test_a_signed_in_reader_gets_the_page_rendered_for_them_within_the_budget(self):
        from django.contrib.auth import get_user_model

        page = self.build(tag_count=2, candidate_count=2)
        self.client.force_login(get_user_model().objects.create_user("reader", password="pw"))
        self.client.get(self.other.url)
        self.client.get(page.url)
        # Never from the page cache. On top: the session, the user, and the user bar's check of
        # the user's and their groups' permissions.
        with self.assertNumQueries(POST_PAGE_QUERIES + 4):
            response = self.client.get(page.url)
        self.assertNotIn("X-Page-Cache", response)


class PostPageCommentQueryTests(TestCase):
    """The comment section costs one query, whether a post has 1 comment or 100."""

    @classmethod
    def setUpTestData(cls):
        from discussion.models import Comment

        cls.one, cls.hundred = LetterReplyPageFactory(), LetterReplyPageFactory()
        Comment.objects.create(page=cls.one, display_name="Only", body="The only comment", status="approved")
        comments = [
            Comment(page=cls.hundred, display_name=f"Reader {n}", body=f"Comment {n}", status="approved")
            for n in range(60)
        ]
        Comment.objects.bulk_create(comments)
        firsts = list(Comment.objects.filter(page=cls.hundred).order_by("pk")[:20])
        replies = [
            Comment(
                page=cls.hundred, parent=firsts[n % 20], display_name="Replier", body=f"Reply {n}", status="approved"
            )
            for n in range(39)
        ]
        replies.append(
            Comment(
                page=cls.hundred,
                parent=firsts[0],
                display_name="Staff",
                body="Staff reply",
                status="approved",
                is_staff_reply=True,
            )
        )
        Comment.objects.bulk_create(replies)
        Comment.objects.create(page=cls.hundred, display_name="Waiting", body="Not shown", status="pending")

    def count(self, page):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.client.get(page.url)
        with CaptureQueriesContext(connection) as ctx:
            response = self.client.get(page.url)
        return response, len(ctx.captured_queries)

    def test_one_and_a_hundred_comments_cost_the_same(self):
        response_one, one = self.count(self.one)
        response_hundred, hundred = self.count(self.hundred)
        self.assertContains(response_one, "1 comment")
        self.assertContains(response_hundred, "100 comments")
        self.assertContains(response_hundred, "Reply 38")
        self.assertNotContains(response_hundred, "Not shown")
        self.assertEqual(hundred, one)
        with self.assertNumQueries(one):
            self.client.get(self.hundred.url)


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
