"""The Discussion Blog index: newest first, pages of 10, tag filter, RSS feed; and the home page."""

import datetime

from bs4 import BeautifulSoup
from defusedxml import ElementTree as ET
from django.test import TestCase

from blog.models import BlogIndexPage
from tests.factories import LetterReplyPageFactory, draft_reply


def titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [h.get_text(strip=True) for h in soup.select("main .card__title")]


class BlogIndexTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.blog = BlogIndexPage.objects.get()
        start = datetime.date(2026, 1, 1)
        cls.posts = [
            LetterReplyPageFactory(
                title=f"Post {n:02d}",
                date=start + datetime.timedelta(days=n),
                tags=["boundaries"] if n % 2 else ["relapse"],
            )
            for n in range(25)
        ]
        draft_reply(title="Unpublished draft", tags=["boundaries"])

    def test_newest_first_ten_a_page(self):
        response = self.client.get(self.blog.url)
        self.assertEqual(titles(response), [f"Post {n:02d}" for n in range(24, 14, -1)])
        self.assertContains(response, "Page 1 of 3")
        third = self.client.get(self.blog.url + "?page=3")
        self.assertEqual(titles(third), [f"Post {n:02d}" for n in range(4, -1, -1)])

    def test_bad_page_numbers_fall_back_to_a_real_page(self):
        for value in ("abc", "0", "-1", "999", "1e9"):
            response = self.client.get(self.blog.url, {"page": value})
            self.assertEqual(response.status_code, 200, value)
            self.assertTrue(titles(response))

    def test_drafts_never_listed(self):
        for url in (self.blog.url, self.blog.url + "tag/boundaries/", self.blog.url + "feed/"):
            self.assertNotContains(self.client.get(url), "Unpublished draft")

    def test_tag_filter(self):
        response = self.client.get(self.blog.url + "tag/relapse/")
        self.assertEqual(response.status_code, 200)
        listed = titles(response)
        self.assertEqual(listed, [f"Post {n:02d}" for n in range(24, 4, -2)])
        self.assertContains(response, "relapse")

    def test_unknown_tag_is_a_404(self):
        self.assertEqual(self.client.get(self.blog.url + "tag/no-such-tag/").status_code, 404)

    def test_feed_has_the_latest_twenty(self):
        response = self.client.get(self.blog.url + "feed/")
        self.assertEqual(response.status_code, 200)
        self.assertIn("application/rss+xml", response["Content-Type"])
        channel = ET.fromstring(response.content).find("channel")
        self.assertEqual(channel.findtext("title"), "Discussion Blog")
        items = channel.findall("item")
        self.assertEqual(len(items), 20)
        self.assertEqual(items[0].findtext("title"), "Post 24")
        self.assertEqual(items[-1].findtext("title"), "Post 05")
        self.assertEqual(items[0].findtext("link"), self.posts[24].full_url)
        self.assertEqual(items[0].findtext("description"), self.posts[24].standfirst)

    def test_the_index_links_to_its_feed(self):
        soup = BeautifulSoup(self.client.get(self.blog.url).content, "html.parser")
        link = soup.find("link", rel="alternate", type="application/rss+xml")
        self.assertEqual(link["href"], self.blog.url + "feed/")


class HomePageTests(TestCase):
    def test_latest_replies_and_membership_call_to_action(self):
        LetterReplyPageFactory(title="An older reply", date=datetime.date(2025, 1, 1))
        LetterReplyPageFactory(title="The newest reply", date=datetime.date(2026, 5, 1))
        draft_reply(title="A draft reply")
        response = self.client.get("/")
        self.assertEqual(response.status_code, 200)
        listed = titles(response)
        self.assertEqual(listed[:2], ["The newest reply", "An older reply"])
        self.assertNotIn("A draft reply", listed)
        self.assertContains(response, "Become a member")
        self.assertContains(response, 'href="/modules/"')
