"""The related-posts panel: blog/related.py and its place on the post page."""

import datetime

from django.test import TestCase
from wagtail.models import PageViewRestriction

from blog.models import RelatedPostPin
from blog.related import related_posts
from tests.factories import LetterReplyPageFactory, draft_reply


def post(tags, days_ago=0, **kwargs):
    return LetterReplyPageFactory(
        tags=tags, date=datetime.date(2026, 6, 1) - datetime.timedelta(days=days_ago), **kwargs
    )


class RankingTests(TestCase):
    def test_ranked_by_shared_tags_then_most_recent(self):
        page = post(["boundaries", "treatment", "relapse"])
        one_shared_new = post(["boundaries"], days_ago=1)
        two_shared_old = post(["boundaries", "treatment"], days_ago=30)
        three_shared = post(["boundaries", "treatment", "relapse", "alcohol"], days_ago=60)
        one_shared_old = post(["relapse"], days_ago=90)
        post(["cannabis"], days_ago=2)  # nothing in common

        self.assertEqual(related_posts(page), [three_shared, two_shared_old, one_shared_new, one_shared_old])

    def test_at_most_the_limit(self):
        page = post(["boundaries"])
        for days in range(6):
            post(["boundaries"], days_ago=days + 1)
        self.assertEqual(len(related_posts(page)), 4)
        self.assertEqual(len(related_posts(page, limit=2)), 2)

    def test_ties_go_to_the_most_recent(self):
        page = post(["teens"])
        older = post(["teens"], days_ago=10)
        newer = post(["teens"], days_ago=5)
        newest = post(["teens"], days_ago=1)
        self.assertEqual(related_posts(page), [newest, newer, older])

    def test_pins_come_first_in_the_editors_order(self):
        page = post(["boundaries"])
        tag_match = post(["boundaries"], days_ago=1)
        pinned_a = post(["cannabis"], days_ago=3)
        pinned_b = post(["opioids"], days_ago=4)
        page.related_pins.add(RelatedPostPin(post=pinned_b, sort_order=0))
        page.related_pins.add(RelatedPostPin(post=pinned_a, sort_order=1))
        page.save()
        self.assertEqual(related_posts(page), [pinned_b, pinned_a, tag_match])

    def test_a_pinned_post_is_not_listed_twice(self):
        page = post(["boundaries"])
        both = post(["boundaries"], days_ago=1)
        other = post(["boundaries"], days_ago=2)
        page.related_pins.add(RelatedPostPin(post=both))
        page.save()
        self.assertEqual(related_posts(page), [both, other])

    def test_drafts_private_pages_and_the_page_itself_are_excluded(self):
        page = post(["boundaries"])
        visible = [post(["boundaries"], days_ago=d) for d in (1, 2)]
        draft_reply(tags=["boundaries"])
        private = post(["boundaries"], days_ago=3)
        PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
        unpublished = post(["boundaries"], days_ago=4)
        unpublished.unpublish()
        pinned_draft = draft_reply(tags=["cannabis"])
        page.related_pins.add(RelatedPostPin(post=pinned_draft))
        page.save()

        self.assertEqual(related_posts(page), visible)
        self.assertNotIn(page, related_posts(page))

    def test_hidden_when_fewer_than_two_posts_share_a_tag(self):
        page = post(["boundaries", "relapse"])
        post(["boundaries"], days_ago=1)
        post(["cannabis"], days_ago=2)
        self.assertEqual(related_posts(page), [])

    def test_no_tags_no_panel(self):
        page = post([])
        post(["boundaries"], days_ago=1)
        post(["boundaries"], days_ago=2)
        self.assertEqual(related_posts(page), [])

    def test_one_query_for_candidates_whatever_their_number(self):
        page = post(["boundaries", "treatment"])
        for days in range(3):
            post(["boundaries", "treatment"], days_ago=days + 1)
        page = type(page).objects.get(pk=page.pk)
        # pins, tags, the public-pages restriction check, the ranked candidates
        with self.assertNumQueries(4):
            first = related_posts(page)
            [(p.title, p.writer.name) for p in first]
        for days in range(20):
            post(["boundaries", "treatment"], days_ago=days + 10)
        page = type(page).objects.get(pk=page.pk)
        with self.assertNumQueries(4):
            second = related_posts(page)
            [(p.title, p.writer.name) for p in second]
        self.assertEqual(len(second), 4)


class PanelOnThePostTests(TestCase):
    def test_the_panel_shows_title_standfirst_pen_name_and_writer(self):
        page = post(["boundaries"])
        first = post(["boundaries"], days_ago=1, standfirst="First standfirst.", pen_name="Hopefulmom")
        second = post(["boundaries"], days_ago=2)
        html = self.client.get(page.url).content.decode()
        self.assertIn("Related posts", html)
        self.assertIn(first.title, html)
        self.assertIn("First standfirst.", html)
        self.assertIn("Hopefulmom", html)
        self.assertIn(first.writer.name, html)
        self.assertIn(second.url, html)

    def test_the_panel_is_absent_when_hidden(self):
        page = post(["boundaries"])
        html = self.client.get(page.url).content.decode()
        self.assertNotIn("Related posts", html)
