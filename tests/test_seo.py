"""Discovery: canonical links, robots meta, OpenGraph and Twitter cards, JSON-LD on replies,
robots.txt and the sitemap."""

import datetime
import json

from bs4 import BeautifulSoup
from defusedxml import ElementTree as ET
from django.test import TestCase
from wagtail.models import PageViewRestriction

from blog.models import BlogIndexPage, ModuleIndexPage
from home.models import HomePage
from home.seo import DEFAULT_IMAGE_ALT, json_ld_script
from tests.factories import LetterReplyPageFactory, ModulePageFactory, StaffWriterFactory, draft_reply, privacy_checked

SITE = "http://localhost"  # the Site the migrations create; full URLs use its root URL
IMAGE = SITE + "/static/img/social-default.png"
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
HOSTILE = "</script><script>alert(1)</script>"


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def canonical(soup):
    links = soup.find_all("link", rel="canonical")
    assert len(links) == 1, links
    return links[0]["href"]


def meta(soup, key):
    """The content of the one <meta property=key> or <meta name=key>, or None."""
    tags = soup.find_all("meta", attrs={"property": key}) + soup.find_all("meta", attrs={"name": key})
    assert len(tags) <= 1, tags
    return tags[0]["content"] if tags else None


def json_ld(soup):
    scripts = soup.find_all("script", type="application/ld+json")
    assert len(scripts) == 1, scripts
    return json.loads(scripts[0].string)


class PostMetaTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.writer = StaffWriterFactory(name="Dana Ortiz")
        cls.post = LetterReplyPageFactory(
            title="Talking with a son who is tapering",
            standfirst="A mother asks how to support her son's taper.",
            writer=cls.writer,
            date=datetime.date(2026, 3, 4),
        )
        privacy_checked(cls.post.save_revision()).publish()
        cls.post.refresh_from_db()

    def get(self, target, **params):
        response = self.client.get(target.url, params)
        self.assertEqual(response.status_code, 200)
        return soup_of(response)

    def test_canonical_and_open_graph(self):
        soup = self.get(self.post)
        url = canonical(soup)
        self.assertEqual(url, self.post.full_url)
        self.assertTrue(url.startswith(SITE + "/"))
        self.assertEqual(meta(soup, "og:url"), url)
        self.assertEqual(meta(soup, "og:type"), "article")
        self.assertEqual(meta(soup, "og:title"), "Talking with a son who is tapering")
        self.assertEqual(meta(soup, "og:description"), "A mother asks how to support her son's taper.")
        self.assertEqual(meta(soup, "description"), "A mother asks how to support her son's taper.")
        self.assertEqual(meta(soup, "og:site_name"), "Family Support Discussion Blog")
        self.assertEqual(meta(soup, "og:image"), IMAGE)
        self.assertEqual(meta(soup, "og:image:alt"), DEFAULT_IMAGE_ALT)
        self.assertEqual(meta(soup, "article:published_time"), "2026-03-04")
        self.assertIsNone(meta(soup, "robots"))

    def test_twitter_card(self):
        soup = self.get(self.post)
        self.assertEqual(meta(soup, "twitter:card"), "summary_large_image")
        self.assertEqual(meta(soup, "twitter:title"), "Talking with a son who is tapering")
        self.assertEqual(meta(soup, "twitter:description"), "A mother asks how to support her son's taper.")
        self.assertEqual(meta(soup, "twitter:image"), IMAGE)

    def test_the_default_image_is_served(self):
        from django.contrib.staticfiles import finders

        path = finders.find("img/social-default.png")
        self.assertIsNotNone(path)
        with open(path, "rb") as image:
            self.assertEqual(image.read(8), b"\x89PNG\r\n\x1a\n")

    def test_search_description_comes_before_the_standfirst(self):
        self.post.search_description = "Written for search engines."
        privacy_checked(self.post.save_revision()).publish()
        soup = self.get(self.post)
        self.assertEqual(meta(soup, "og:description"), "Written for search engines.")
        self.assertEqual(json_ld(soup)["description"], "Written for search engines.")

    def test_json_ld_article(self):
        soup = self.get(self.post)
        data = json_ld(soup)
        self.assertEqual(data["@context"], "https://schema.org")
        self.assertEqual(data["@type"], "Article")
        self.assertEqual(data["headline"], "Talking with a son who is tapering")
        self.assertEqual(data["description"], "A mother asks how to support her son's taper.")
        self.assertEqual(data["datePublished"], "2026-03-04")
        modified = datetime.datetime.fromisoformat(data["dateModified"])
        self.assertEqual(modified, self.post.last_published_at.replace(microsecond=modified.microsecond))
        self.assertEqual(data["author"], {"@type": "Person", "name": "Dana Ortiz"})
        self.assertEqual(data["publisher"]["@type"], "Organization")
        self.assertEqual(data["publisher"]["name"], "Family Support Discussion Blog")
        self.assertEqual(data["mainEntityOfPage"], {"@type": "WebPage", "@id": self.post.full_url})
        self.assertEqual(data["image"], [IMAGE])

    def test_a_post_whose_writer_was_deleted_is_authored_by_the_organisation(self):
        post = LetterReplyPageFactory()
        post.writer.delete()  # the byline's foreign key is SET_NULL
        post.refresh_from_db()
        data = json_ld(self.get(post))
        self.assertEqual(data["author"]["@type"], "Organization")
        self.assertEqual(data["author"]["name"], "Family Support Discussion Blog")

    def test_hostile_text_is_escaped_in_json_ld_and_meta(self):
        post = LetterReplyPageFactory(
            title=HOSTILE, standfirst=f"Standfirst {HOSTILE} & more", writer=StaffWriterFactory(name=HOSTILE)
        )
        response = self.client.get(post.url)
        html = response.content.decode()
        self.assertNotIn("<script>alert(1)", html)
        soup = soup_of(response)
        # Only our own scripts: the JSON-LD data and external files.
        for script in soup.find_all("script"):
            self.assertTrue(script.get("src") or script.get("type") == "application/ld+json", script)
        data = json_ld(soup)
        self.assertEqual(data["headline"], HOSTILE)
        self.assertEqual(data["description"], f"Standfirst {HOSTILE} & more")
        self.assertEqual(data["author"]["name"], HOSTILE)
        self.assertEqual(meta(soup, "og:title"), HOSTILE)
        self.assertEqual(meta(soup, "twitter:title"), HOSTILE)
        self.assertEqual(meta(soup, "og:description"), f"Standfirst {HOSTILE} & more")

    def test_json_ld_script_escapes_markup_characters(self):
        script = json_ld_script({"headline": "a</script><!-- & b"})
        body = script.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
        self.assertNotIn("<", body)
        self.assertNotIn(">", body)
        self.assertNotIn("&", body)
        self.assertEqual(json.loads(body), {"headline": "a</script><!-- & b"})

    def test_tracking_parameters_do_not_reach_the_canonical_url(self):
        soup = self.get(self.post, utm_source="newsletter", page="2")
        self.assertEqual(canonical(soup), self.post.full_url)


class ListingMetaTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.blog = BlogIndexPage.objects.get()
        for n in range(15):
            LetterReplyPageFactory(tags=["boundaries"], date=datetime.date(2026, 1, 1) + datetime.timedelta(days=n))
        cls.module = ModulePageFactory(number=4, title="Positive communication", summary="Say it so it can be heard.")

    def soup(self, url, **params):
        response = self.client.get(url, params)
        self.assertEqual(response.status_code, 200)
        return soup_of(response)

    def test_home_page(self):
        home = HomePage.objects.get()
        soup = self.soup(home.url)
        self.assertEqual(canonical(soup), SITE + "/")
        self.assertEqual(meta(soup, "og:url"), SITE + "/")
        self.assertEqual(meta(soup, "og:type"), "website")
        self.assertEqual(meta(soup, "og:image"), IMAGE)
        self.assertEqual(meta(soup, "twitter:card"), "summary_large_image")
        self.assertFalse(soup.find_all("script", type="application/ld+json"))

    def test_blog_index_pages_canonicalise_to_themselves(self):
        self.assertEqual(canonical(self.soup(self.blog.url)), self.blog.full_url)
        self.assertEqual(canonical(self.soup(self.blog.url, page="1")), self.blog.full_url)
        second = self.soup(self.blog.url, page="2")
        self.assertEqual(canonical(second), self.blog.full_url + "?page=2")
        self.assertEqual(meta(second, "og:url"), self.blog.full_url + "?page=2")
        self.assertEqual(meta(second, "og:type"), "website")

    def test_out_of_range_page_numbers_name_the_page_shown(self):
        self.assertEqual(canonical(self.soup(self.blog.url, page="99")), self.blog.full_url + "?page=2")
        self.assertEqual(canonical(self.soup(self.blog.url, page="abc")), self.blog.full_url)

    def test_tag_pages(self):
        soup = self.soup(self.blog.url + "tag/boundaries/")
        self.assertEqual(canonical(soup), self.blog.full_url + "tag/boundaries/")
        self.assertEqual(meta(soup, "og:title"), "Posts tagged \u201cboundaries\u201d")
        page_two = self.soup(self.blog.url + "tag/boundaries/", page="2", utm_medium="email")
        self.assertEqual(canonical(page_two), self.blog.full_url + "tag/boundaries/?page=2")

    def test_module_pages(self):
        soup = self.soup(self.module.url)
        self.assertEqual(canonical(soup), self.module.full_url)
        self.assertEqual(meta(soup, "og:title"), "Positive communication")
        self.assertEqual(meta(soup, "og:description"), "Say it so it can be heard.")
        self.assertEqual(meta(soup, "og:type"), "website")
        index = ModuleIndexPage.objects.get()
        self.assertEqual(canonical(self.soup(index.url)), index.full_url)

    def test_search_results_are_not_indexed(self):
        soup = self.soup("/search/", query="son", page="2")
        self.assertEqual(meta(soup, "robots"), "noindex")
        self.assertEqual(canonical(soup), SITE + "/search/?query=son&page=2")
        self.assertEqual(meta(self.soup("/search/"), "robots"), "noindex")

    def test_every_public_page_has_one_absolute_canonical_link(self):
        urls = [
            "/",
            self.blog.url,
            self.blog.url + "tag/boundaries/",
            self.module.url,
            ModuleIndexPage.objects.get().url,
            "/search/?query=son",
            "/write-to-us/",
            "/account/login/",
        ]
        for url in urls:
            with self.subTest(url=url):
                soup = self.soup(url)
                self.assertTrue(canonical(soup).startswith(SITE + "/"))
                self.assertTrue(meta(soup, "og:image").startswith(SITE + "/"))

    def test_no_inline_scripts_on_reading_pages(self):
        post = LetterReplyPageFactory()
        for url in (
            "/",
            self.blog.url,
            self.blog.url + "tag/boundaries/",
            post.url,
            self.module.url,
            "/search/?query=son",
        ):
            with self.subTest(url=url):
                for script in self.soup(url).find_all("script"):
                    self.assertTrue(script.get("src") or script.get("type") == "application/ld+json", script)


class ViewOverrideTests(TestCase):
    def test_a_view_may_set_title_description_and_noindex(self):
        from django.template import Context
        from django.test import RequestFactory

        from home.seo import head_meta

        blog = BlogIndexPage.objects.get()
        request = RequestFactory().get(blog.url + "writer/dana/", {"page": "1"})
        context = Context(
            {
                "request": request,
                "page": blog,
                "meta_title": "Dana, CEO",
                "meta_description": "Replies by Dana.",
                "meta_noindex": True,
            }
        )
        data = head_meta(context)
        self.assertEqual(data["title"], "Dana, CEO")
        self.assertEqual(data["description"], "Replies by Dana.")
        self.assertTrue(data["noindex"])
        self.assertEqual(data["canonical"], blog.full_url + "writer/dana/")
        self.assertEqual(data["type"], "website")


class RobotsTxtTests(TestCase):
    def test_robots_txt(self):
        response = self.client.get("/robots.txt")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/plain; charset=utf-8")
        lines = response.content.decode().splitlines()
        self.assertEqual(lines[0], "User-agent: *")
        for path in ("/admin/", "/account/", "/comments/", "/write-to-us/thank-you/"):
            self.assertIn(f"Disallow: {path}", lines)
        self.assertIn("Allow: /", lines)
        # Crawlers that take the first matching rule must meet the Disallow lines first.
        self.assertGreater(lines.index("Allow: /"), max(i for i, line in enumerate(lines) if line.startswith("Dis")))
        self.assertNotIn("Disallow: /", lines)
        self.assertIn(f"Sitemap: {SITE}/sitemap.xml", lines)

    def test_only_get(self):
        self.assertEqual(self.client.post("/robots.txt").status_code, 405)


class SitemapTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.live = LetterReplyPageFactory(title="Live reply")
        privacy_checked(cls.live.save_revision()).publish()
        cls.draft = draft_reply(title="Draft reply")
        cls.unpublished = LetterReplyPageFactory(title="Unpublished reply")
        cls.unpublished.unpublish()
        cls.open_module = ModulePageFactory(number=1)
        # As in the admin: every page is published through a revision, which dates it.
        for page in (HomePage.objects.get(), BlogIndexPage.objects.get(), ModuleIndexPage.objects.get()):
            page.save_revision().publish()
        cls.open_module.save_revision().publish()
        cls.members_module = ModulePageFactory(number=9)
        PageViewRestriction.objects.create(page=cls.members_module, restriction_type=PageViewRestriction.LOGIN)
        cls.private_reply = LetterReplyPageFactory(title="Password-protected reply")
        PageViewRestriction.objects.create(
            page=cls.private_reply, restriction_type=PageViewRestriction.PASSWORD, password="letmein"
        )

    def entries(self):
        response = self.client.get("/sitemap.xml")
        self.assertEqual(response.status_code, 200)
        root = ET.fromstring(response.content)
        return {
            url.find("sm:loc", SITEMAP_NS).text: url.find("sm:lastmod", SITEMAP_NS)
            for url in root.findall("sm:url", SITEMAP_NS)
        }

    def test_live_public_pages_are_listed_with_lastmod(self):
        entries = self.entries()
        for page in (HomePage.objects.get(), BlogIndexPage.objects.get(), self.live, self.open_module):
            self.assertIn(page.full_url, entries)
        lastmod = entries[self.live.full_url]
        self.assertIsNotNone(lastmod)
        self.live.refresh_from_db()
        self.assertEqual(lastmod.text[:10], self.live.last_published_at.date().isoformat())
        self.assertTrue(all(node is not None and node.text for node in entries.values()))

    def test_drafts_and_restricted_pages_are_not_listed(self):
        entries = self.entries()
        for page in (self.draft, self.unpublished, self.members_module, self.private_reply):
            self.assertNotIn(page.full_url, entries)
        self.assertTrue(all(url.startswith(SITE + "/") for url in entries))

    def test_pages_under_a_restricted_section_are_not_listed(self):
        index = ModuleIndexPage.objects.get()
        PageViewRestriction.objects.create(page=index, restriction_type=PageViewRestriction.LOGIN)
        entries = self.entries()
        self.assertNotIn(index.full_url, entries)
        self.assertNotIn(self.open_module.full_url, entries)
        self.assertIn(self.live.full_url, entries)
