"""What every public page carries: "Write to us" in the header and the footer, a favicon, and one header."""

import re

from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.test import TestCase

from blog.models import BlogIndexPage
from tests.factories import LetterReplyPageFactory, ModulePageFactory, privacy_checked

WRITE_TO_US = "/write-to-us/"


class SiteFurnitureTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.module = ModulePageFactory(number=4, title="Communication")
        cls.post = LetterReplyPageFactory(tags=["boundaries"])
        privacy_checked(cls.post.save_revision()).publish()

    def pages(self):
        blog = BlogIndexPage.objects.get()
        return {
            "home": "/",
            "blog index": blog.url,
            "post": self.post.url,
            "tag": blog.url + blog.reverse_subpage("tag_view", args=["boundaries"]),
            "writer": blog.url + blog.reverse_subpage("writer_view", args=[self.post.writer.slug]),
            "module index": self.module.get_parent().url,
            "module": self.module.url,
            "search": "/search/?query=family",
            "letter form": WRITE_TO_US,
            "404": "/no-such-page/",
        }

    def get(self, path):
        response = self.client.get(path)
        self.assertIn(response.status_code, (200, 404), path)
        return BeautifulSoup(response.content, "html.parser")

    def test_write_to_us_is_in_the_header_and_the_footer_of_every_page(self):
        for name, path in self.pages().items():
            with self.subTest(name):
                soup = self.get(path)
                header = soup.select_one("header.site-header a.site-header__write")
                self.assertEqual((header.get_text(strip=True), header["href"]), ("Write to us", WRITE_TO_US))
                footer = soup.select_one("footer.site-footer").find("a", href=WRITE_TO_US)
                self.assertEqual(footer.get_text(strip=True), "Write to us")
        # On the letter form itself, the header link says where the reader is.
        self.assertEqual(self.get(WRITE_TO_US).select_one("a.site-header__write")["aria-current"], "page")

    def test_the_header_is_the_same_on_every_page_but_for_the_current_section(self):
        def header(path):
            html = str(self.get(path).select_one("header.site-header"))
            return re.sub(r' aria-current="[^"]*"', "", html)

        pages = self.pages()
        home = header(pages["home"])
        for name in ("blog index", "post", "tag", "writer", "module index", "module", "letter form"):
            with self.subTest(name):
                self.assertEqual(header(pages[name]), home)

    def test_a_favicon_is_linked_and_favicon_ico_does_not_404(self):
        soup = self.get("/")
        icons = [link["href"] for link in soup.select('link[rel="icon"]')]
        self.assertEqual(icons, ["/static/img/favicon.ico", "/static/img/favicon.svg"])
        for icon in ("img/favicon.ico", "img/favicon.svg"):
            self.assertIsNotNone(finders.find(icon), icon)
        response = self.client.get("/favicon.ico")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response["Location"], "/static/img/favicon.ico")
        self.assertIn("public", response["Cache-Control"])
