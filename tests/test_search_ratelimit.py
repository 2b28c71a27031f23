"""The public search is rate limited per client, in the shared cache, like letters, comments and reports.

Past SEARCH_RATE_LIMIT searches in SEARCH_RATE_WINDOW seconds a client gets a 429
page that keeps what it typed in the search box (and its filters) and runs no query.
"""

from bs4 import BeautifulSoup
from django.conf import settings
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from tests.factories import LetterReplyPageFactory

URL = "/search/"


def search(client, ip="198.51.100.10", **params):
    extra = {"REMOTE_ADDR": ip}
    forwarded = params.pop("forwarded_for", None)
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.get(URL, {"query": "tapering", **params}, **extra)


class DefaultLimitTests(TestCase):
    def test_the_default_lets_a_reader_search_sixty_times_a_minute_and_stops_the_sixty_first(self):
        self.assertEqual((settings.SEARCH_RATE_LIMIT, settings.SEARCH_RATE_WINDOW), (60, 60))
        statuses = [search(self.client, query=f"word{n}").status_code for n in range(61)]
        self.assertEqual(statuses, [200] * 60 + [429])


@override_settings(SEARCH_RATE_LIMIT=3, SEARCH_RATE_WINDOW=120)
class RateLimitTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        LetterReplyPageFactory(title="Tapering together", standfirst="A tapering question.")

    def statuses(self, count, **kwargs):
        return [search(self.client, **kwargs).status_code for _ in range(count)]

    def test_past_the_limit_a_clear_429_keeps_the_query_in_the_box(self):
        self.assertEqual(self.statuses(3), [200, 200, 200])
        response = search(self.client, query="son <b>tapering</b> again", tag="holidays", module="4")
        self.assertEqual(response.status_code, 429)
        self.assertEqual(response["Retry-After"], "120")
        self.assertIn("no-store", response["Cache-Control"])
        soup = BeautifulSoup(response.content, "html.parser")
        self.assertEqual(soup.title.get_text(strip=True).split("|")[0].strip(), "Too many searches")
        self.assertIn("Too many searches in a short time", soup.select_one('[role="alert"]').get_text())
        self.assertEqual(soup.select_one("#search-query")["value"], "son <b>tapering</b> again")
        self.assertNotIn(b"<b>tapering</b>", response.content)  # escaped, never markup
        hidden = {field["name"]: field["value"] for field in soup.select('form.search-form input[type="hidden"]')}
        self.assertEqual(hidden, {"tag": "holidays", "module": "4"})
        self.assertEqual(soup.select(".search-result"), [])

    def test_a_refused_search_runs_no_search_query(self):
        self.statuses(3)
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(search(self.client).status_code, 429)
        # At most the site lookup that every page's layout makes; nothing searched, counted or listed.
        self.assertLessEqual(len(queries), 1)
        self.assertEqual([q["sql"] for q in queries if "wagtailcore_site" not in q["sql"]], [])

    def test_the_limit_is_per_client_address(self):
        self.assertEqual(self.statuses(4, ip="198.51.100.10"), [200, 200, 200, 429])
        self.assertEqual(self.statuses(1, ip="198.51.100.11"), [200])
        self.assertEqual(self.statuses(1, ip="198.51.100.10"), [429])

    def test_x_forwarded_for_is_ignored_by_default(self):
        # A scraper cannot reset its count by sending a new made-up address with each request.
        statuses = [search(self.client, forwarded_for=f"203.0.113.{n}").status_code for n in range(4)]
        self.assertEqual(statuses, [200, 200, 200, 429])

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_behind_a_trusted_proxy_the_forwarded_client_is_counted(self):
        proxy = "10.0.0.2"
        # One client through the proxy reaches the limit; another behind the same proxy does not share it.
        self.assertEqual(self.statuses(4, ip=proxy, forwarded_for="203.0.113.5"), [200, 200, 200, 429])
        self.assertEqual(self.statuses(1, ip=proxy, forwarded_for="203.0.113.6"), [200])
        # Only the address the proxy added counts: what the client put before it is not trusted.
        self.assertEqual(self.statuses(1, ip=proxy, forwarded_for="198.51.100.99, 203.0.113.5"), [429])
