"""Public search (search/): results, filters, pagination, highlighting, robustness, privacy and the index.

Runs on SQLite (FTS5) and on PostgreSQL (full-text search): the made-up words used
below stem to themselves under PostgreSQL's English configuration.
"""

import time

from bs4 import BeautifulSoup
from django.test import TestCase
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from search.highlight import excerpt, highlight, match_pattern
from search.terms import MAX_QUERY_LENGTH, search_terms, tidy_query
from tests.factories import (
    LetterReplyPageFactory,
    ModulePageFactory,
    StaffWriterFactory,
    draft_reply,
    privacy_checked,
    reply_stream,
)

URL = "/search/"


def published(**kwargs):
    """A live reply published through a revision, as editors publish: tags and all reach the index."""
    page = LetterReplyPageFactory(**kwargs)
    privacy_checked(page.save_revision()).publish()
    return page


class SearchPageMixin:
    def get(self, **params):
        response = self.client.get(URL, params)
        self.assertEqual(response.status_code, 200)
        return response

    def soup(self, **params):
        return BeautifulSoup(self.get(**params).content, "html.parser")

    def titles(self, **params):
        """Result titles in order, modules as 'Module N: title'."""
        soup = self.soup(**params)
        return [h.get_text(" ", strip=True).replace(" : ", ": ") for h in soup.select(".search-result .card__title")]


class ResultsTests(SearchPageMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.writer = StaffWriterFactory(name="Maren Castillo", role_title="CEO")
        cls.by_standfirst = published(
            title="Talking with my daughter",
            standfirst="A mother asks about quokkaberry conversations at dinner.",
            pen_name="Cwfranklin",
            writer=cls.writer,
        )
        cls.by_letter = published(
            title="Our son came home",
            letter="<p>He sleeps all day and the <b>wombatine</b> routine worries us.</p>",
        )
        cls.by_reply = published(
            title="Boundaries that hold",
            reply=reply_stream("<p>Try naming one marmoset moment each week.</p>"),
        )
        cls.by_tag = published(title="Holidays again", tags=["Pangolinery"])
        cls.by_pen_name = published(title="A sister writes", pen_name="Axolotlina")
        cls.module = ModulePageFactory(
            number=4, title="Communication", summary="Positive communication and the narwhalic listening skills."
        )
        cls.module_by_body = ModulePageFactory(
            number=5,
            title="Rewards",
            summary="Rewarding non-use.",
            body=[("paragraph", RichText("<p>Plan a capybarine outing together.</p>"))],
        )

    def test_each_field_of_a_reply_is_searched(self):
        for word, page in (
            ("quokkaberry", self.by_standfirst),
            ("wombatine", self.by_letter),
            ("marmoset", self.by_reply),
            ("pangolinery", self.by_tag),
            ("axolotlina", self.by_pen_name),
            ("daughter", self.by_standfirst),
        ):
            with self.subTest(word=word):
                self.assertEqual(self.titles(query=word), [page.title])

    def test_module_title_summary_and_body_are_searched(self):
        self.assertEqual(self.titles(query="narwhalic"), ["Module 4: Communication"])
        self.assertEqual(self.titles(query="capybarine"), ["Module 5: Rewards"])
        self.assertIn("Module 4: Communication", self.titles(query="communication"))
        # "Module 4" as replies cite it finds the module itself.
        self.assertIn("Module 4: Communication", self.titles(query="Module 4"))

    def test_reply_result_shows_title_snippet_pen_name_and_writer_and_links_to_the_page(self):
        soup = self.soup(query="quokkaberry")
        (result,) = soup.select(".search-result")
        link = result.select_one(".card__title a")
        self.assertEqual(link["href"], self.by_standfirst.url)
        snippet = result.select_one(".search-result__snippet")
        self.assertEqual(snippet.select_one("mark").get_text(), "quokkaberry")
        self.assertIn("A mother asks about", snippet.get_text())
        meta = result.select_one(".meta").get_text(" ", strip=True)
        self.assertIn("Cwfranklin", meta)
        self.assertIn("Maren Castillo, CEO", meta)

    def test_snippet_comes_from_the_letter_or_reply_when_the_match_is_there(self):
        soup = self.soup(query="wombatine")
        snippet = soup.select_one(".search-result__snippet")
        self.assertIn("From the letter:", snippet.get_text())
        self.assertEqual(snippet.select_one("mark").get_text(), "wombatine")
        snippet = self.soup(query="marmoset").select_one(".search-result__snippet")
        self.assertIn("From the reply:", snippet.get_text())

    def test_a_reply_found_by_its_tag_says_so(self):
        (result,) = self.soup(query="pangolinery").select(".search-result")
        reason = result.select_one(".search-result__reason")
        self.assertEqual(reason.get_text(), "Tagged: Pangolinery")
        self.assertEqual(reason.select_one("mark").get_text(), "Pangolinery")
        # Found by its text, a reply needs no reason: the snippet shows the words.
        self.assertIsNone(self.soup(query="quokkaberry").select_one(".search-result__reason"))

    def test_module_result_shows_number_title_and_summary_snippet(self):
        soup = self.soup(query="narwhalic")
        (result,) = soup.select(".search-result")
        self.assertEqual(result.select_one(".card__title a")["href"], self.module.url)
        snippet = result.select_one(".search-result__snippet")
        self.assertEqual(snippet.select_one("mark").get_text(), "narwhalic")
        self.assertIn("Positive communication", snippet.get_text())

    def test_all_words_must_match(self):
        self.assertEqual(self.titles(query="quokkaberry mother"), [self.by_standfirst.title])
        self.assertEqual(self.titles(query="quokkaberry wombatine"), [])

    def test_query_is_echoed(self):
        response = self.get(query="quokkaberry")
        self.assertContains(response, "1 result for “quokkaberry”")
        self.assertContains(response, 'value="quokkaberry"')


class EmptyStateTests(SearchPageMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        published(tags=["boundaries", "relapse"])
        published(tags=["boundaries"])
        draft_reply(tags=["secretdrafttopic"])
        ModulePageFactory(number=1, title="Understanding use")

    def test_no_query_prompts_and_lists_popular_topics_and_modules(self):
        soup = self.soup()
        self.assertFalse(soup.select(".search-result"))
        self.assertIn("Search the letters", soup.select_one(".search-start").get_text())
        topics = [a.get_text(" ", strip=True) for a in soup.select(".search-suggestions .tags a")]
        self.assertEqual(topics, ["boundaries , (2)", "relapse , (1)"])
        self.assertEqual(soup.select_one(".search-suggestions .tags a")["href"], "?tag=boundaries")
        modules = soup.select(".search-suggestions__modules a")
        self.assertEqual([(a.get_text(), a["href"]) for a in modules], [("Module 1: Understanding use", "?module=1")])
        self.assertNotIn("secretdrafttopic", str(soup))

    def test_no_results_suggests_what_to_try(self):
        soup = self.soup(query="zzyzxnothing")
        empty = soup.select_one(".search-empty")
        self.assertIn("No results for “zzyzxnothing”", empty.get_text())
        links = [a["href"] for a in empty.select("a")]
        self.assertIn("/discussion-blog/", links)
        self.assertIn("/modules/", links)
        self.assertTrue(soup.select(".search-suggestions .tags a"))


class FilterTests(SearchPageMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.module = ModulePageFactory(number=3, title="Rewards")
        ModulePageFactory(number=6, title="Self-care")
        cls.tagged = published(title="Tagged reply", standfirst="About jackalope evenings.", tags=["Boundaries"])
        cls.citing = published(
            title="Citing reply",
            standfirst="More jackalope evenings.",
            reply=reply_stream("<p>See Module 3 on this.</p>"),
            tags=["Relapse"],
        )
        cls.plain = published(title="Plain reply", standfirst="Jackalope again.")
        cls.private = published(title="Private reply", standfirst="Private jackalope.", tags=["Hiddentopic"])
        PageViewRestriction.objects.create(page=cls.private, restriction_type=PageViewRestriction.LOGIN)

    def test_filter_choices_list_only_existing_tags_and_modules(self):
        soup = self.soup()
        tags = [option["value"] for option in soup.select("#search-tag option")]
        self.assertEqual(tags, ["", "boundaries", "relapse"])  # not the private reply's tag
        modules = [option.get_text() for option in soup.select("#search-module option")]
        self.assertEqual(modules, ["All modules", "Module 3: Rewards", "Module 6: Self-care"])

    def test_tag_filter(self):
        self.assertEqual(len(self.titles(query="jackalope")), 3)
        self.assertEqual(self.titles(query="jackalope", tag="boundaries"), ["Tagged reply"])
        soup = self.soup(query="jackalope", tag="boundaries")
        self.assertEqual(soup.select_one("#search-tag option[selected]")["value"], "boundaries")
        self.assertIn("remove", soup.select_one(".search-active-filters").get_text())

    def test_tag_filter_without_words_lists_the_topic(self):
        self.assertEqual(self.titles(tag="relapse"), ["Citing reply"])

    def test_a_filter_without_words_says_why_each_reply_is_listed(self):
        reasons = [p.get_text() for p in self.soup(tag="relapse").select(".search-result__reason")]
        self.assertEqual(reasons, ["Tagged: Relapse"])
        soup = self.soup(module="3")
        reply = next(r for r in soup.select(".search-result") if "Citing reply" in r.get_text())
        self.assertEqual(reply.select_one(".search-result__reason").get_text(), "Cites Module 3: Rewards")
        module = next(r for r in soup.select(".search-result") if "Module 3: Rewards" in r.h2.get_text())
        self.assertIsNone(module.select_one(".search-result__reason"))

    def test_module_filter_shows_the_module_and_the_replies_citing_it(self):
        self.assertEqual(self.titles(query="jackalope", module="3"), ["Citing reply"])
        self.assertEqual(sorted(self.titles(module="3")), ["Citing reply", "Module 3: Rewards"])
        self.assertEqual(self.titles(query="jackalope", module="3", tag="boundaries"), [])
        self.assertEqual(self.titles(query="jackalope", module="3", tag="relapse"), ["Citing reply"])

    def test_unknown_filter_values_are_ignored_with_a_message(self):
        for params, message in (
            ({"tag": "nosuchtopic"}, "There is no topic “nosuchtopic”"),
            ({"tag": "hiddentopic"}, "There is no topic “hiddentopic”"),
            ({"module": "99"}, "There is no module “99”"),
            ({"module": "three"}, "There is no module “three”"),
            ({"module": "<b>3</b>"}, "There is no module “&lt;b&gt;3&lt;/b&gt;”"),
        ):
            with self.subTest(params=params):
                response = self.get(query="jackalope", **params)
                self.assertContains(response, message)
                self.assertEqual(len(self.titles(query="jackalope", **params)), 3)


class PaginationTests(SearchPageMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        for n in range(12):
            LetterReplyPageFactory(title=f"Ocelotish reply {n}", standfirst="An ocelotish question.")

    def test_ten_a_page(self):
        first = self.titles(query="ocelotish")
        second = self.titles(query="ocelotish", page="2")
        self.assertEqual(len(first), 10)
        self.assertEqual(len(second), 2)
        self.assertEqual(len(set(first + second)), 12)
        soup = self.soup(query="ocelotish", tag="", page="1")
        next_link = soup.select_one(".pagination a[rel=next]")["href"]
        self.assertEqual(next_link, "?query=ocelotish&page=2")
        self.assertIn("12 results", soup.select_one(".result-count").get_text())

    def test_bad_page_numbers_never_fail(self):
        for page, expected in (("abc", 10), ("0", 2), ("-1", 2), ("99999999999999999999", 2), ("", 10), ("2.5", 10)):
            with self.subTest(page=page):
                self.assertEqual(len(self.titles(query="ocelotish", page=page)), expected)


class SafetyTests(SearchPageMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        published(
            title="Script <b>title</b>",
            standfirst="Gerbilous <script>alert('standfirst')</script> & more",
            letter="<p>Gerbilous &lt;script&gt;alert('letter')&lt;/script&gt;</p>",
        )

    def test_highlighted_text_is_escaped(self):
        body = self.get(query="gerbilous").content.decode()
        self.assertIn(
            "<mark>Gerbilous</mark> &lt;script&gt;alert(&#x27;standfirst&#x27;)&lt;/script&gt; &amp; more", body
        )
        self.assertIn("Script &lt;b&gt;title&lt;/b&gt;", body)
        self.assertNotIn("<script>", body)

    def test_query_is_echoed_escaped(self):
        body = self.get(query="<script>gerbilous</script>").content.decode()
        self.assertNotIn("<script>", body)
        self.assertIn("&lt;script&gt;gerbilous&lt;/script&gt;", body)
        self.assertIn("<mark>Gerbilous</mark>", body)

    def test_long_and_punctuation_only_queries_are_quick_and_harmless(self):
        queries = [
            "gerbilous " * 1000,
            "x" * 10_000,
            "&*()!!" * 1700,
            '"&*()!!"',
            "'",
            "\\",
            "OR AND NOT",
            '"unbalanced',
            "gerbilous'",
            "gerbilous\\",
            "NEAR(gerbilous",
            "gerbilous*",
            "gerbilous:*",
            "!gerbilous & | <->",
            "\x00gerbilous\x1f",
            "-",
            "%_",
        ]
        for query in queries:
            with self.subTest(query=query[:30]):
                started = time.perf_counter()
                response = self.client.get(URL, {"query": query})
                elapsed = time.perf_counter() - started
                self.assertEqual(response.status_code, 200)
                self.assertLess(elapsed, 1.0)
        self.assertEqual(len(self.titles(query="gerbilous " * 1000)), 1)
        self.assertContains(self.get(query="&*()!!"), "has no letters or numbers to search for")

    def test_query_helpers(self):
        self.assertEqual(len(tidy_query("x" * 10_000)), MAX_QUERY_LENGTH)
        self.assertEqual(tidy_query("  a\x00b\n\tc  "), "a b c")
        self.assertEqual(search_terms("\"&*()!!\" OR \\ 'son' Son"), ["or", "son"])
        self.assertEqual(search_terms("&*()!!"), [])
        self.assertEqual(len(search_terms(" ".join(f"w{n}" for n in range(50)))), 10)

    def test_highlight_helpers(self):
        pattern = match_pattern(["talks", "son"])
        self.assertEqual(
            str(highlight("Talking <to> my son's", pattern)),
            "<mark>Talking</mark> &lt;to&gt; my <mark>son</mark>&#x27;s",
        )
        self.assertIsNone(excerpt("nothing here", pattern))
        long_text = "word " * 100 + "son " + "word " * 100
        snippet = str(excerpt(long_text, pattern))
        self.assertTrue(snippet.startswith("…") and snippet.endswith("…"))
        self.assertIn("<mark>son</mark>", snippet)
        self.assertLess(len(snippet), 260)


class PrivacyTests(SearchPageMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.live = published(title="Live hedgehoggy reply", standfirst="Hedgehoggy.")
        draft_reply(title="Draft hedgehoggy reply", standfirst="Hedgehoggy.")
        restricted = published(title="Restricted hedgehoggy reply", standfirst="Hedgehoggy.")
        PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
        unpublished = published(title="Unpublished hedgehoggy reply", standfirst="Hedgehoggy.")
        unpublished.unpublish()
        members = ModulePageFactory(number=9, title="Members hedgehoggy module", summary="Hedgehoggy.")
        PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)
        ModulePageFactory(number=10, title="Public hedgehoggy module", summary="Hedgehoggy.")

    def test_drafts_unpublished_and_restricted_pages_never_appear(self):
        self.assertEqual(
            sorted(self.titles(query="hedgehoggy")), ["Live hedgehoggy reply", "Module 10: Public hedgehoggy module"]
        )

    def test_not_even_to_signed_in_staff(self):
        from django.contrib.auth import get_user_model

        self.client.force_login(get_user_model().objects.create_superuser("admin", "a@example.com", "pw"))
        self.assertEqual(len(self.titles(query="hedgehoggy")), 2)

    def test_a_members_only_module_filter_lists_only_public_replies(self):
        self.assertEqual(self.titles(module="9"), [])


class IndexUpdateTests(SearchPageMixin, TestCase):
    def test_publish_and_unpublish(self):
        page = draft_reply(title="Lemurish reply", standfirst="Lemurish words.")
        self.assertEqual(self.titles(query="lemurish"), [])
        privacy_checked(page.get_latest_revision()).publish()
        self.assertEqual(self.titles(query="lemurish"), ["Lemurish reply"])
        page.refresh_from_db()
        page.unpublish()
        self.assertEqual(self.titles(query="lemurish"), [])

    def test_draft_edits_of_a_live_page_are_not_found_until_published(self):
        page = published(title="An edited reply", standfirst="Tapirial words.")
        page.standfirst = "Now about dugongish words."
        page.tags.add("Manateeish")
        page.save_revision()
        self.assertEqual(self.titles(query="dugongish"), [])
        self.assertEqual(self.titles(query="manateeish"), [])
        self.assertEqual(self.titles(query="tapirial"), ["An edited reply"])

        privacy_checked(page.get_latest_revision()).publish()
        self.assertEqual(self.titles(query="dugongish"), ["An edited reply"])
        self.assertEqual(self.titles(query="manateeish"), ["An edited reply"])
        self.assertEqual(self.titles(query="tapirial"), [])

    def test_deleted_pages_leave_the_index(self):
        page = published(title="Okapian reply", standfirst="Okapian.")
        page.delete()
        self.assertEqual(self.titles(query="okapian"), [])


class QueryCountTests(SearchPageMixin, TestCase):
    """Results cost the same number of queries whether there are 2 or 12 (no per-result queries)."""

    # A search not asked before: the view restrictions, the count, one page of results, the replies
    # with their writers, then the layout's site. The filter choices (topics, modules), navigation
    # and site settings come from the cache.
    RESULTS_QUERIES = 5
    # The same search again (any reader): its hits come from the cache too.
    REPEATED_QUERIES = 2

    def build(self, count):
        for n in range(count):
            LetterReplyPageFactory(
                title=f"Kinkajou reply {n}",
                standfirst="A kinkajou question.",
                writer=StaffWriterFactory(),
                tags=[f"topic-{n}"],
                reply=reply_stream("<p>Module 3 helps.</p>"),
            )

    def assert_queries(self, count):
        self.build(count)
        self.get(query="reply")  # another search warms the site-wide entries, as in any running site
        with self.assertNumQueries(self.RESULTS_QUERIES):
            response = self.get(query="kinkajou")
        self.assertEqual(len(BeautifulSoup(response.content, "html.parser").select(".search-result")), min(count, 10))
        with self.assertNumQueries(self.REPEATED_QUERIES):
            again = self.get(query="kinkajou")
        self.assertEqual(again.content, response.content)
        return response

    def test_two_results(self):
        self.assert_queries(2)

    def test_twelve_results(self):
        self.assert_queries(12)

    def test_a_module_among_the_results_costs_one_query_more(self):
        self.build(5)  # one page of results, whichever order the database ranks them in
        ModulePageFactory(number=3, title="Kinkajou module")
        self.get(query="reply")
        with self.assertNumQueries(self.RESULTS_QUERIES + 1):
            self.get(query="kinkajou module")
