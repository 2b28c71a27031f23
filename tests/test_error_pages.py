"""Friendly 404 and 500 pages with DEBUG off. The 500 page needs neither the database nor
context processors, since either may be what failed.

This module is also the URLconf of the 500 tests: the site's URLs plus a view that raises.
"""

import copy

from bs4 import BeautifulSoup
from django.conf import settings
from django.db import connection
from django.template import loader
from django.test import Client, TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import path

from cms import urls as site_urls
from home.models import DEFAULT_CRISIS
from tests.factories import LetterReplyPageFactory, draft_reply


def broken_view(request):
    raise RuntimeError("Something broke while rendering the page")


urlpatterns = [path("broken/", broken_view), *site_urls.urlpatterns]
handler500 = site_urls.handler500


def exploding_context_processor(request):
    raise AssertionError("the 500 page must not run context processors")


def templates_with_exploding_context_processor():
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["OPTIONS"]["context_processors"].append("tests.test_error_pages.exploding_context_processor")
    return templates


@override_settings(DEBUG=False)
class NotFoundTests(TestCase):
    def assert_friendly_404(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 404)
        self.assertTemplateUsed(response, "404.html")
        soup = BeautifulSoup(response.content, "html.parser")
        self.assertEqual(soup.h1.get_text(), "We can\u2019t find that page")
        self.assertEqual(soup.find("meta", attrs={"name": "robots"})["content"], "noindex")
        self.assertIsNone(soup.find("link", rel="canonical"))
        self.assertIsNone(soup.find("meta", attrs={"property": "og:title"}))
        self.assertIsNotNone(soup.find("form", action="/search/"))
        self.assertIsNotNone(soup.find("a", href="/"))
        self.assertIn("Page not found", soup.title.get_text())
        # The crisis resources are on every page, this one included.
        self.assertIn("If you need help now", response.content.decode())
        return response

    def test_unknown_url(self):
        self.assert_friendly_404("/no-such-page/")
        self.assert_friendly_404("/discussion-blog/no-such-reply/")

    def test_a_drafts_url(self):
        draft = draft_reply(title="Still a draft")
        response = self.assert_friendly_404(draft.url)
        self.assertNotContains(response, "Still a draft", status_code=404)

    def test_an_unpublished_replys_url(self):
        post = LetterReplyPageFactory(title="Taken down")
        url = post.url
        self.assertEqual(self.client.get(url).status_code, 200)
        post.unpublish()
        response = self.assert_friendly_404(url)
        self.assertNotContains(response, "Taken down", status_code=404)


@override_settings(DEBUG=False, ROOT_URLCONF="tests.test_error_pages")
class ServerErrorTests(TestCase):
    def setUp(self):
        self.client = Client(raise_request_exception=False)

    def get_broken(self):
        with self.assertLogs("django.request", "ERROR") as logs:
            response = self.client.get("/broken/")
        self.assertIn("Something broke", "\n".join(logs.output))
        return response

    def test_friendly_500(self):
        response = self.get_broken()
        self.assertEqual(response.status_code, 500)
        soup = BeautifulSoup(response.content, "html.parser")
        self.assertEqual(soup.h1.get_text(), "Something went wrong")
        self.assertEqual(soup.title.get_text(), f"Something went wrong | {settings.WAGTAIL_SITE_NAME}")
        self.assertEqual(soup.find("meta", attrs={"name": "robots"})["content"], "noindex")
        self.assertEqual(soup.find("link", rel="stylesheet")["href"], "/static/css/site.css")
        self.assertIsNotNone(soup.find("a", href="/"))
        self.assertIn(DEFAULT_CRISIS, response.content.decode())
        self.assertNotIn("Something broke", response.content.decode())  # no details for readers
        self.assertFalse(soup.find_all("script"))

    def test_500_needs_no_database(self):
        with CaptureQueriesContext(connection) as queries:
            response = self.get_broken()
        self.assertEqual(response.status_code, 500)
        self.assertEqual(len(queries), 0)

    def test_500_runs_no_context_processors(self):
        with self.settings(TEMPLATES=templates_with_exploding_context_processor()):
            response = self.get_broken()
        self.assertEqual(response.status_code, 500)
        self.assertContains(response, "Something went wrong", status_code=500)

    def test_the_template_also_renders_with_no_context_at_all(self):
        # Django's own handler renders 500.html with an empty context: still a usable page.
        html = loader.get_template("500.html").render()
        soup = BeautifulSoup(html, "html.parser")
        self.assertEqual(soup.h1.get_text(), "Something went wrong")
        self.assertEqual(soup.find("link", rel="stylesheet")["href"], "/static/css/site.css")
        self.assertIn("If you need help now", html)
        self.assertIn("988", html)
