"""The post page cache (blog/page_cache.py, cms/caching.py): fast, and never stale or private.

Each case first has a reader load the page so it is cached, then changes something
readers would see, then checks the very next request shows the change.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.models import PageViewRestriction

from blog.models import RelatedPostPin
from cms.roles import COMMENT_MODERATORS, EDITORS
from discussion import moderation
from discussion.models import Comment
from tests.factories import LetterReplyPageFactory, StaffWriterFactory, blog_index, privacy_checked


def member(username, group):
    user = get_user_model().objects.create_user(username=username, password="pw", email=f"{username}@example.org")
    user.groups.add(Group.objects.get(name=group))
    return user


class PageCacheTests(TestCase):
    def setUp(self):
        self.writer = StaffWriterFactory(name="Rosa Quintero")
        self.page = LetterReplyPageFactory(title="Stepping back with care", tags=["boundaries"], writer=self.writer)
        self.neighbour = LetterReplyPageFactory(title="Boundaries at the holidays", tags=["boundaries"])
        self.third = LetterReplyPageFactory(title="Rewards that work", tags=["boundaries"])

    def get(self, client=None):
        response = (client or self.client).get(self.page.url)
        self.assertEqual(response.status_code, 200)
        return response

    def cached(self):
        """Load the page twice: the second answer must come from the cache."""
        self.get()
        response = self.get()
        self.assertEqual(response["X-Page-Cache"], "hit")
        return response

    def test_a_second_reader_gets_the_same_bytes_and_its_form_works(self):
        first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
        one = self.get(first)
        two = self.get(second)
        self.assertEqual(one["X-Page-Cache"], "miss")
        self.assertEqual(two["X-Page-Cache"], "hit")
        self.assertEqual(one.content, two.content)
        self.assertNotIn("csrfmiddlewaretoken", two.content.decode())
        self.assertFalse(one.cookies or two.cookies, "an anonymous reader's post page sets no cookie")
        # The cached page's form works: the reader's comment is taken.
        posted = second.post(
            reverse("discussion:comment_post", args=[self.page.pk]),
            {"body": "We tried this over the summer and it helped us.", "display_name": "Reader"},
            headers={"Origin": "http://testserver"},
        )
        self.assertIn(posted.status_code, (200, 303))
        self.assertTrue(Comment.objects.filter(page=self.page, body__startswith="We tried this").exists())

    def test_a_publish_shows_on_the_next_request(self):
        self.cached()
        self.page.title = "Stepping back, revised"
        privacy_checked(self.page.save_revision()).publish()
        self.assertContains(self.get(), "Stepping back, revised")

    def test_a_draft_never_shows_and_a_preview_is_never_cached(self):
        self.cached()
        self.page.title = "Unpublished draft title"
        self.page.save_revision()
        self.assertNotContains(self.get(), "Unpublished draft title")
        editor = Client()
        editor.force_login(member("edna", EDITORS))
        preview = editor.get(reverse("wagtailadmin_pages:view_draft", args=[self.page.pk]))
        self.assertContains(preview, "Unpublished draft title")
        self.assertNotIn("X-Page-Cache", preview)
        after = self.get()
        self.assertNotContains(after, "Unpublished draft title")
        self.assertEqual(after["X-Page-Cache"], "hit")

    def test_a_newly_approved_comment_shows_on_the_next_request(self):
        comment = Comment.objects.create(page=self.page, display_name="Ana", body="Waiting for a moderator.")
        self.assertNotContains(self.cached(), "Waiting for a moderator.")
        moderation.decide([comment], "approve", member("mo", COMMENT_MODERATORS))
        self.assertContains(self.get(), "Waiting for a moderator.")

    def test_a_removed_comment_goes_on_the_next_request(self):
        comment = Comment.objects.create(
            page=self.page, display_name="Ana", body="Soon to be rejected.", status=Comment.Status.APPROVED
        )
        self.assertContains(self.cached(), "Soon to be rejected.")
        moderation.decide([comment], "reject", member("mo", COMMENT_MODERATORS))
        self.assertNotContains(self.get(), "Soon to be rejected.")
        comment = Comment.objects.create(
            page=self.page, display_name="Ben", body="Soon to be deleted.", status=Comment.Status.APPROVED
        )
        self.assertContains(self.cached(), "Soon to be deleted.")
        comment.delete()
        self.assertNotContains(self.get(), "Soon to be deleted.")

    def test_a_tag_change_on_a_related_post_shows_on_the_next_request(self):
        response = self.cached()
        self.assertContains(response, "Boundaries at the holidays")
        self.neighbour.tags.set(["holidays"])
        self.neighbour.title = "The holidays, alone"
        privacy_checked(self.neighbour.save_revision()).publish()
        response = self.get()
        self.assertNotContains(response, "Boundaries at the holidays")
        self.assertNotContains(response, "The holidays, alone")  # no longer shares a tag
        newcomer = LetterReplyPageFactory(title="A newcomer on boundaries", tags=["boundaries"])
        self.assertTrue(newcomer.live)
        self.assertContains(self.get(), "A newcomer on boundaries")

    def test_a_new_pin_shows_on_the_next_request(self):
        pinned = LetterReplyPageFactory(title="An editor's pick")
        self.assertNotContains(self.cached(), "An editor&#x27;s pick")
        self.page.related_pins.add(RelatedPostPin(post=pinned))
        privacy_checked(self.page.save_revision()).publish()
        self.assertContains(self.get(), "An editor&#x27;s pick")

    def test_an_edited_staff_writer_shows_on_the_next_request(self):
        self.assertContains(self.cached(), "Rosa Quintero")
        self.writer.name = "Rosa Quintero-Blake"
        self.writer.save()
        self.assertContains(self.get(), "Rosa Quintero-Blake")

    def test_an_unpublished_page_is_gone_on_the_next_request(self):
        self.cached()
        self.page.unpublish()
        self.assertEqual(self.client.get(self.page.url).status_code, 404)

    def test_a_new_view_restriction_applies_on_the_next_request(self):
        self.cached()
        PageViewRestriction.objects.create(page=self.page, restriction_type=PageViewRestriction.LOGIN)
        response = self.client.get(self.page.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn("login", response["Location"])

    def test_personal_requests_are_never_answered_from_the_cache(self):
        self.cached()
        reader = Client()
        reader.force_login(get_user_model().objects.create_user("reader", password="pw"))
        self.assertNotIn("X-Page-Cache", self.get(reader))
        for query in ("?reply_to=1", "?comment=held"):
            response = self.client.get(self.page.url + query)
            self.assertNotIn("X-Page-Cache", response)
        self.client.cookies["messages"] = "anything"
        self.assertNotIn("X-Page-Cache", self.get())

    def test_other_query_strings_share_the_cached_page(self):
        self.cached()
        self.assertEqual(self.client.get(self.page.url + "?utm_source=newsletter")["X-Page-Cache"], "hit")


class ListingCacheTests(TestCase):
    """Listings keep their order in the cache: a publish or unpublish shows on the next request."""

    def test_the_index_and_tag_pages_follow_publishing(self):
        blog = blog_index()
        first = LetterReplyPageFactory(title="The first reply", tags=["boundaries"])
        for url in (blog.url, blog.url + "tag/boundaries/"):
            self.client.get(url)
            self.assertContains(self.client.get(url), "The first reply")
        second = LetterReplyPageFactory(title="A newer reply", tags=["boundaries"])
        for url in (blog.url, blog.url + "tag/boundaries/"):
            self.assertContains(self.client.get(url), "A newer reply")
        second.unpublish()
        first.title = "The first reply, retitled"
        privacy_checked(first.save_revision()).publish()
        for url in (blog.url, blog.url + "tag/boundaries/"):
            response = self.client.get(url)
            self.assertNotContains(response, "A newer reply")
            self.assertContains(response, "The first reply, retitled")

    def test_a_removed_tag_takes_the_reply_off_the_tag_page(self):
        blog = blog_index()
        reply = LetterReplyPageFactory(title="Tagged for now", tags=["self-care"])
        self.assertContains(self.client.get(blog.url + "tag/self-care/"), "Tagged for now")
        reply.tags.set(["relapse"])
        privacy_checked(reply.save_revision()).publish()
        self.assertNotContains(self.client.get(blog.url + "tag/self-care/"), "Tagged for now", status_code=200)


class CacheControlTests(TestCase):
    def setUp(self):
        self.page = LetterReplyPageFactory(title="A reply", tags=["boundaries"])

    def test_listings_are_public_for_browsers_and_a_cdn(self):
        blog = blog_index()
        for url in ("/", blog.url, blog.url + "tag/boundaries/", blog.url + "feed/", "/search/?query=son"):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertIn("public", response["Cache-Control"], url)
            self.assertIn("max-age=60", response["Cache-Control"], url)
            self.assertIn("s-maxage=300", response["Cache-Control"], url)

    def test_pages_with_a_reader_form_are_public_and_set_no_cookie(self):
        for url in (self.page.url, reverse("discussion:write_to_us"), "/search/?query=son"):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertIn("public", response["Cache-Control"], url)
            self.assertIn("s-maxage=300", response["Cache-Control"], url)
            self.assertFalse(response.cookies, url)
            self.assertNotIn("csrfmiddlewaretoken", response.content.decode(), url)

    def test_signed_in_users_get_private_pages(self):
        self.client.force_login(get_user_model().objects.create_user("reader", password="pw"))
        response = self.client.get(blog_index().url)
        self.assertIn("private", response["Cache-Control"])

    def test_admin_and_previews_are_not_cached(self):
        self.client.force_login(member("edna", EDITORS))
        for url in (reverse("wagtailadmin_home"), reverse("wagtailadmin_pages:view_draft", args=[self.page.pk])):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertNotIn("public", response["Cache-Control"], url)
            self.assertIn("no-cache", response["Cache-Control"], url)


class RecordingPurgeBackend(BaseBackend):
    """A frontend-cache backend that records what it was asked to purge."""

    purged = []

    def purge(self, url):
        self.purged.append(url)

    def purge_batch(self, urls):
        self.purged.extend(urls)


@override_settings(WAGTAILFRONTENDCACHE={"test": {"BACKEND": "tests.test_page_cache.RecordingPurgeBackend"}})
class FrontendCachePurgeTests(TestCase):
    def setUp(self):
        RecordingPurgeBackend.purged = []

    def test_publishing_purges_the_reply_and_the_listings_it_appears_on(self):
        page = LetterReplyPageFactory(title="Purge me", tags=["self-care"])
        RecordingPurgeBackend.purged = []
        page.title = "Purge me, revised"
        privacy_checked(page.save_revision()).publish()
        purged = set(RecordingPurgeBackend.purged)
        blog = blog_index().full_url
        self.assertIn(page.full_url, purged)
        self.assertIn(blog, purged)
        self.assertIn(blog + "feed/", purged)
        self.assertIn(blog + "tag/self-care/", purged)
        self.assertIn(blog + f"writer/{page.writer.slug}/", purged)
        self.assertIn(blog_index().get_parent().full_url, purged)

    def test_unpublishing_purges_the_reply(self):
        page = LetterReplyPageFactory(title="Going away")
        RecordingPurgeBackend.purged = []
        page.unpublish()
        self.assertIn(page.full_url, RecordingPurgeBackend.purged)


class RecordingBanBackend(RecordingPurgeBackend):
    """A proxy that can also drop every page at once, as ours does (cms/edge_cache.VarnishBackend)."""

    bans = 0

    def ban_everything(self):
        type(self).bans += 1


@override_settings(WAGTAILFRONTENDCACHE={"test": {"BACKEND": "tests.test_page_cache.RecordingBanBackend"}})
class EdgeCacheTellingTests(TestCase):
    """What the proxy is told, and when: after the commit, once per transaction."""

    def setUp(self):
        with self.captureOnCommitCallbacks(execute=True):  # told, as the commit would
            self.page = LetterReplyPageFactory(title="A reply")
            self.other = LetterReplyPageFactory(title="Another reply")
        RecordingBanBackend.purged = []
        RecordingBanBackend.bans = 0

    def test_moderating_comments_purges_only_their_posts_after_the_commit(self):
        with self.captureOnCommitCallbacks(execute=True):
            comments = [
                Comment.objects.create(page=self.page, display_name="Ana", body="One."),
                Comment.objects.create(page=self.page, display_name="Ben", body="Two."),
            ]
        RecordingBanBackend.purged = []
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            moderation.decide(comments, "approve", member("mo", COMMENT_MODERATORS))
        self.assertEqual(RecordingBanBackend.purged, [], "nothing is told before the commit")
        for callback in callbacks:
            callback()
        self.assertEqual(RecordingBanBackend.purged, [self.page.full_url])
        self.assertEqual(RecordingBanBackend.bans, 0)

    def test_a_change_shown_on_many_pages_bans_everything_once_per_transaction(self):
        with self.captureOnCommitCallbacks(execute=True):
            writer = StaffWriterFactory(name="Rosa")
        RecordingBanBackend.bans = 0
        with self.captureOnCommitCallbacks(execute=True):
            writer.name = "Rosa Q."
            writer.save()
            PageViewRestriction.objects.create(page=self.other, restriction_type=PageViewRestriction.LOGIN)
        self.assertEqual(RecordingBanBackend.bans, 1)

    def test_a_rolled_back_change_tells_nothing_and_the_next_one_still_does(self):
        from django.db import transaction

        with self.captureOnCommitCallbacks(execute=True):
            writer = StaffWriterFactory(name="Rosa")
        RecordingBanBackend.bans = 0
        with self.captureOnCommitCallbacks(execute=True):
            try:
                with transaction.atomic():
                    writer.name = "Never saved"
                    writer.save()
                    raise RuntimeError("rolled back")
            except RuntimeError:
                pass
        self.assertEqual(RecordingBanBackend.bans, 0)
        with self.captureOnCommitCallbacks(execute=True):
            writer.name = "Rosa Q."
            writer.save()
        self.assertEqual(RecordingBanBackend.bans, 1)
