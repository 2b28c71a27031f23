"""RSS 2.0 and Atom 1.0 feeds for the blog, a tag and a module, parsed as a feed reader would."""

import datetime

from bs4 import BeautifulSoup
from defusedxml import ElementTree as ET
from django.test import TestCase
from django.utils import timezone
from wagtail.models import PageViewRestriction

from blog.feeds import FEED_SIZE
from blog.models import BlogIndexPage
from tests.factories import LetterReplyPageFactory, ModulePageFactory, StaffWriterFactory, draft_reply, reply_stream

ATOM = "{http://www.w3.org/2005/Atom}"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
START = datetime.date(2026, 1, 1)


def rss(response):
    """(channel, items) of an RSS response, each item as a dict of the fields a reader uses."""
    assert "application/rss+xml" in response["Content-Type"], response["Content-Type"]
    channel = ET.fromstring(response.content).find("channel")
    items = [
        {
            "title": item.findtext("title"),
            "link": item.findtext("link"),
            "description": item.findtext("description"),
            "author": item.findtext(DC_CREATOR),
            "pubdate": item.findtext("pubDate"),
        }
        for item in channel.findall("item")
    ]
    return channel, items


def atom(response):
    """(feed, entries) of an Atom response, each entry as a dict like rss()'s items."""
    assert "application/atom+xml" in response["Content-Type"], response["Content-Type"]
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    entries = [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link[@rel='alternate']").get("href"),
            "description": entry.findtext(f"{ATOM}summary"),
            "author": entry.findtext(f"{ATOM}author/{ATOM}name"),
            "pubdate": entry.findtext(f"{ATOM}published"),
            "updated": entry.findtext(f"{ATOM}updated"),
        }
        for entry in feed.findall(f"{ATOM}entry")
    ]
    return feed, entries


def restricted_reply(**kwargs):
    page = LetterReplyPageFactory(**kwargs)
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    return page


class FeedTests(TestCase):
    """One set of replies, every feed: built once, as pages are slow to make."""

    @classmethod
    def setUpTestData(cls):
        cls.blog = BlogIndexPage.objects.get()
        cls.module = ModulePageFactory(number=4, title="Positive communication")
        cls.writer = StaffWriterFactory(name="Theo Abernathy")
        cls.posts = []
        for n in range(25):
            published = timezone.make_aware(datetime.datetime(2026, 1, 1, 9) + datetime.timedelta(days=n))
            cls.posts.append(
                LetterReplyPageFactory(
                    title=f"Post {n:02d}",
                    standfirst=f"Standfirst {n:02d}",
                    date=START + datetime.timedelta(days=n),
                    first_published_at=published,
                    last_published_at=published,
                    writer=cls.writer,
                    tags=["boundaries"] if n % 2 else ["relapse"],
                    reply=reply_stream("<p>See Module 4.</p>") if n % 3 == 0 else reply_stream("<p>No module.</p>"),
                )
            )
        for kind in ("boundaries", "relapse"):
            draft_reply(title=f"Draft {kind}", tags=[kind], reply=reply_stream("<p>Module 4.</p>"))
            restricted_reply(title=f"Members {kind}", tags=[kind], reply=reply_stream("<p>Module 4.</p>"))

    def expected(self, posts):
        """Newest first, at most FEED_SIZE."""
        return sorted(posts, key=lambda p: p.date, reverse=True)[:FEED_SIZE]

    def assert_items(self, items, posts):
        self.assertEqual([i["title"] for i in items], [p.title for p in posts])
        self.assertEqual([i["link"] for i in items], [p.full_url for p in posts])
        self.assertEqual([i["description"] for i in items], [p.standfirst for p in posts])
        for item in items:
            self.assertTrue(item["link"].startswith("http://"), item["link"])
            self.assertEqual(item["author"], "Theo Abernathy")
            self.assertTrue(item["pubdate"])
            self.assertNotIn(item["title"].split()[0], ("Draft", "Members"))

    def get(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return response

    # The blog ----------------------------------------------------------------

    def test_blog_rss(self):
        channel, items = rss(self.get(self.blog.url + "feed/"))
        self.assertEqual(channel.findtext("title"), "Discussion Blog")
        self.assertEqual(channel.findtext("link"), self.blog.full_url)
        self.assertEqual(len(items), FEED_SIZE)
        self.assert_items(items, self.expected(self.posts))
        self.assertEqual(items[0]["pubdate"], "Sun, 25 Jan 2026 09:00:00 +0000")

    def test_blog_atom(self):
        feed, entries = atom(self.get(self.blog.url + "feed/atom/"))
        self.assertEqual(feed.findtext(f"{ATOM}title"), "Discussion Blog")
        self.assertEqual(feed.find(f"{ATOM}link[@rel='alternate']").get("href"), self.blog.full_url)
        self.assertEqual(feed.find(f"{ATOM}link[@rel='self']").get("href"), self.blog.full_url + "feed/atom/")
        self.assertEqual(len(entries), FEED_SIZE)
        self.assert_items(entries, self.expected(self.posts))
        self.assertEqual(entries[0]["pubdate"], "2026-01-25T09:00:00+00:00")
        self.assertTrue(all(e["updated"] for e in entries))

    # A tag -------------------------------------------------------------------

    def test_tag_rss(self):
        channel, items = rss(self.get(self.blog.url + "tag/boundaries/feed/"))
        self.assertEqual(channel.findtext("title"), "Discussion Blog: posts tagged \u201cboundaries\u201d")
        self.assertEqual(channel.findtext("link"), self.blog.full_url + "tag/boundaries/")
        self.assert_items(items, self.expected(self.posts[1::2]))

    def test_tag_atom(self):
        feed, entries = atom(self.get(self.blog.url + "tag/relapse/feed/atom/"))
        self.assertEqual(feed.findtext(f"{ATOM}title"), "Discussion Blog: posts tagged \u201crelapse\u201d")
        self.assertEqual(feed.find(f"{ATOM}link[@rel='alternate']").get("href"), self.blog.full_url + "tag/relapse/")
        self.assert_items(entries, self.expected(self.posts[0::2]))

    def test_unknown_tag_is_a_404(self):
        for suffix in ("feed/", "feed/atom/"):
            self.assertEqual(self.client.get(self.blog.url + "tag/no-such-topic/" + suffix).status_code, 404)

    # A module ----------------------------------------------------------------

    def test_module_rss(self):
        channel, items = rss(self.get(self.module.url + "feed/"))
        self.assertEqual(
            channel.findtext("title"), "Module 4: Positive communication \u2014 discussions that draw on it"
        )
        self.assertEqual(channel.findtext("link"), self.module.full_url)
        self.assert_items(items, self.expected(self.posts[0::3]))

    def test_module_atom(self):
        feed, entries = atom(self.get(self.module.url + "feed/atom/"))
        self.assertEqual(feed.find(f"{ATOM}link[@rel='alternate']").get("href"), self.module.full_url)
        self.assert_items(entries, self.expected(self.posts[0::3]))

    def test_a_members_only_module_feed_asks_for_login(self):
        PageViewRestriction.objects.create(page=self.module, restriction_type=PageViewRestriction.LOGIN)
        for suffix in ("feed/", "feed/atom/"):
            response = self.client.get(self.module.url + suffix)
            self.assertEqual(response.status_code, 302)
            self.assertIn("/account/login/", response["Location"])

    # Costs -------------------------------------------------------------------

    def count_queries(self, url):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.client.get(url)  # warm Wagtail's site-root cache, as any running site has
        with CaptureQueriesContext(connection) as ctx:
            self.get(url)
        return len(ctx.captured_queries)

    def test_a_feed_costs_the_same_for_one_item_or_twenty(self):
        lone_module = ModulePageFactory(number=9)
        LetterReplyPageFactory(title="Alone", tags=["solo"], reply=reply_stream("<p>Module 9.</p>"))
        for suffix in ("feed/", "feed/atom/"):
            with self.subTest(suffix=suffix):
                self.assertEqual(
                    self.count_queries(self.blog.url + "tag/solo/" + suffix),
                    self.count_queries(self.blog.url + "tag/boundaries/" + suffix),
                )
                self.assertEqual(
                    self.count_queries(lone_module.url + suffix), self.count_queries(self.module.url + suffix)
                )

    # Discovery: <link rel="alternate"> in the page heads ---------------------

    def alternates(self, url):
        soup = BeautifulSoup(self.get(url).content, "html.parser")
        return [(link["type"], link["href"]) for link in soup.find_all("link", rel="alternate")]

    def test_blog_index_and_home_advertise_the_blog_feeds(self):
        for url in (self.blog.url, "/"):
            with self.subTest(url=url):
                self.assertEqual(
                    self.alternates(url),
                    [
                        ("application/rss+xml", self.blog.url + "feed/"),
                        ("application/atom+xml", self.blog.url + "feed/atom/"),
                    ],
                )

    def test_tag_page_advertises_its_own_feeds_first(self):
        tag = self.blog.url + "tag/boundaries/"
        self.assertEqual(
            self.alternates(tag)[:2],
            [("application/rss+xml", tag + "feed/"), ("application/atom+xml", tag + "feed/atom/")],
        )

    def test_module_page_advertises_its_feeds(self):
        self.assertEqual(
            self.alternates(self.module.url),
            [
                ("application/rss+xml", self.module.url + "feed/"),
                ("application/atom+xml", self.module.url + "feed/atom/"),
            ],
        )
