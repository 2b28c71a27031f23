"""Friendly 404 and 500 pages with DEBUG off. The 500 page needs neither the database nor
context processors, since either may be what failed; with the database unreachable the same
page answers 503 with Retry-After.

This module is also the URLconf of the 500 tests: the site's URLs plus a view that raises.
"""

import copy
import socket
from contextlib import contextmanager

from bs4 import BeautifulSoup
from django.conf import settings
from django.db import connection, connections
from django.db.utils import load_backend
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


def closed_port():
    """A local port nothing listens on: connecting to it is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def database_refusing_connections():
    """The default database, as the site sees it, is a PostgreSQL server that refuses connections."""
    real = connections["default"]
    down_settings = {
        **real.settings_dict,
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "postgres",
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": "127.0.0.1",
        "PORT": str(closed_port()),
        "OPTIONS": {"connect_timeout": 3},
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
    }
    down = load_backend(down_settings["ENGINE"]).DatabaseWrapper(down_settings, "default")
    connections["default"] = down
    try:
        yield
    finally:
        connections["default"] = real
        down.close()


@override_settings(DEBUG=False)
class DatabaseDownTests(TestCase):
    """Readers get the friendly page, with where to find help, and are told to come back: 503, not 500."""

    @classmethod
    def setUpTestData(cls):
        cls.post = LetterReplyPageFactory(title="A post readers open")

    def setUp(self):
        self.client = Client(raise_request_exception=False)

    def get_while_down(self, url):
        with database_refusing_connections(), self.assertLogs("django.request", "ERROR") as logs:
            response = self.client.get(url)
        self.assertIn("OperationalError", "\n".join(logs.output))  # still logged for the people on call
        return response

    def assert_unavailable(self, response):
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], "60")
        soup = BeautifulSoup(response.content, "html.parser")
        self.assertEqual(soup.h1.get_text(), "Something went wrong")
        self.assertIn(DEFAULT_CRISIS, response.content.decode())
        self.assertNotIn("OperationalError", response.content.decode())

    def test_the_home_page(self):
        self.assert_unavailable(self.get_while_down("/"))

    def test_a_post(self):
        self.assert_unavailable(self.get_while_down(self.post.url))

    def test_the_letter_form(self):
        self.assert_unavailable(self.get_while_down("/write-to-us/"))

    def test_the_site_answers_normally_once_the_database_is_back(self):
        self.get_while_down("/")
        self.assertEqual(self.client.get(self.post.url).status_code, 200)

    def test_other_errors_are_still_500(self):
        with self.settings(ROOT_URLCONF="tests.test_error_pages"), self.assertLogs("django.request", "ERROR"):
            response = self.client.get("/broken/")
        self.assertEqual(response.status_code, 500)
        self.assertFalse(response.has_header("Retry-After"))
