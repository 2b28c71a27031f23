"""The moderation queue in the Wagtail admin: who may use it, the list, single and bulk actions, staff replies."""

import datetime

from django.contrib.auth.models import Group, User
from django.test import TestCase
from django.utils import timezone
from wagtail.models import Site

from cms.roles import COMMENT_MODERATORS, EDITORS, WRITERS
from discussion.models.comments import Comment, CommentSettings
from discussion.moderation import word_list
from tests.factories import LetterReplyPageFactory

Status = Comment.Status
QUEUE = "/admin/comments/"


def user_in(*groups, username):
    user = User.objects.create_user(username, f"{username}@example.org", "pw")
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


def comment(page, **kwargs):
    fields = {"display_name": "Reader", "body": "A reader's words.", "status": Status.PENDING} | kwargs
    return Comment.objects.create(page=page, **fields)


def moderate_url(c):
    return f"/admin/comments/moderate/{c.pk}/"


def bulk_url(action, comments, next_url=QUEUE):
    ids = "&".join(f"id={c.pk}" for c in comments)
    return f"/admin/bulk/discussion/comment/{action}/?{ids}&next={next_url}"


class AccessTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.page = LetterReplyPageFactory()
        cls.moderator = user_in(COMMENT_MODERATORS, username="morgan")
        cls.writer = user_in(WRITERS, username="wendy")
        cls.editor = user_in(EDITORS, username="eddie")
        cls.editor_moderator = user_in(EDITORS, COMMENT_MODERATORS, username="both")
        cls.admin = User.objects.create_superuser("root", "root@example.org", "pw")
        cls.comment = comment(cls.page, body="Waiting words")

    def test_moderators_editors_in_the_group_and_superusers_see_the_queue(self):
        for user in (self.moderator, self.editor_moderator, self.admin):
            self.client.force_login(user)
            response = self.client.get(QUEUE)
            self.assertEqual(response.status_code, 200, user)
            self.assertContains(response, "Waiting words")

    def test_writers_and_editors_are_refused_everywhere(self):
        for user in (self.writer, self.editor):
            self.client.force_login(user)
            for url in (QUEUE, f"/admin/comments/reply/{self.comment.pk}/", f"/admin/comments/edit/{self.comment.pk}/"):
                response = self.client.get(url)
                self.assertIn(response.status_code, (302, 403), (user, url))
                self.assertNotContains(response, "Waiting words", status_code=response.status_code)
            response = self.client.post(moderate_url(self.comment), {"action": "approve"})
            self.assertIn(response.status_code, (302, 403))
            self.assertIn(self.client.get(bulk_url("approve", [self.comment])).status_code, (302, 403))
            self.assertIn(self.client.post(bulk_url("approve", [self.comment])).status_code, (302, 403))
            self.comment.refresh_from_db()
            self.assertEqual(self.comment.status, Status.PENDING)

    def test_anonymous_visitors_are_sent_to_log_in(self):
        response = self.client.get(QUEUE)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/admin/login/", response["Location"])
        self.assertEqual(self.client.post(moderate_url(self.comment), {"action": "approve"}).status_code, 302)

    def test_the_menu_shows_the_pending_count_to_moderators_only(self):
        comment(self.page)
        comment(self.page, status=Status.APPROVED)
        self.client.force_login(self.moderator)
        self.assertContains(self.client.get("/admin/"), '"label": "Comments (2)"')
        self.client.force_login(self.editor)
        self.assertNotContains(self.client.get("/admin/"), "Comments (")

    def test_moderators_change_the_moderation_settings_and_editors_cannot(self):
        site = Site.objects.get(is_default_site=True)
        url = f"/admin/settings/discussion/commentsettings/{site.pk}/"
        self.client.force_login(self.editor)
        self.assertIn(self.client.get(url).status_code, (302, 403))
        self.client.force_login(self.moderator)
        self.assertEqual(self.client.get(url).status_code, 200)
        data = {
            "auto_approve_after": "5",
            "reports_to_hold": "2",
            "max_links": "1",
            "hold_words": "rehab ranch",
            "block_words": "casino\nviagra",
            "notification_mode": "digest",
        }
        self.assertEqual(self.client.post(url, data).status_code, 302)
        settings = CommentSettings.for_site(site)
        self.assertEqual((settings.auto_approve_after, settings.reports_to_hold), (5, 2))
        self.assertEqual(word_list(settings.block_words), ["casino", "viagra"])

    def test_moderators_still_cannot_edit_pages(self):
        self.client.force_login(self.moderator)
        self.assertIn(self.client.get(f"/admin/pages/{self.page.pk}/edit/").status_code, (302, 403))


class QueueListTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moderator = user_in(COMMENT_MODERATORS, username="morgan")
        cls.post_a = LetterReplyPageFactory(title="Tapering off fentanyl")
        cls.post_b = LetterReplyPageFactory(title="Rewarding the good days")
        cls.held = comment(cls.post_a, body="My son is an addict.")
        cls.held.add_reason(
            Comment.Reason.LANGUAGE, "\u2018addict\u2019 (suggested: person with a substance use disorder)"
        )
        cls.held.save()
        cls.linky = comment(cls.post_b, body="See www.example.org")
        cls.linky.add_reason(Comment.Reason.LINKS, "1 link (no links allowed)")
        cls.linky.save()
        cls.old = comment(
            cls.post_b, body="An old pending one", created_at=timezone.now() - datetime.timedelta(days=30)
        )
        cls.approved = comment(cls.post_a, body="Already approved", status=Status.APPROVED)
        cls.spam = comment(cls.post_a, body="Buy pills", status=Status.SPAM)

    def setUp(self):
        self.client.force_login(self.moderator)

    def shown(self, query=""):
        response = self.client.get(QUEUE + query)
        self.assertEqual(response.status_code, 200)
        bodies = ["My son is an addict.", "See www.example.org", "An old pending one", "Already approved", "Buy pills"]
        return {body for body in bodies if body in response.content.decode()}

    def test_the_queue_opens_on_pending_comments_with_post_and_reasons(self):
        response = self.client.get(QUEUE)
        self.assertContains(response, "Tapering off fentanyl")
        self.assertContains(response, "Language guide")
        self.assertContains(response, "person with a substance use disorder")
        self.assertContains(response, "1 link (no links allowed)")
        self.assertEqual(self.shown(), {"My son is an addict.", "See www.example.org", "An old pending one"})

    def test_filter_by_status(self):
        self.assertEqual(self.shown("?status=approved"), {"Already approved"})
        self.assertEqual(self.shown("?status=spam"), {"Buy pills"})
        self.assertEqual(len(self.shown("?status=all")), 5)

    def test_the_heading_and_the_bulk_actions_follow_the_status_filter_when_only_the_list_reloads(self):
        # The filters reload the list alone (Wagtail's results view): the heading and the bulk actions
        # the list allows travel with it.
        for query, heading, actions in (
            ("", "Waiting for a moderator", "approve reject spam"),
            ("?status=spam", "Spam", "restore"),
            ("?status=rejected", "Rejected", "restore spam"),
            ("?status=approved", "Approved", "reject spam"),
            ("?status=all", "All comments", "approve reject spam restore"),
        ):
            response = self.client.get("/admin/comments/results/" + query)
            self.assertContains(response, f'<h2 class="w-h3" id="comment-queue-heading">{heading}</h2>')
            self.assertContains(response, f'data-queue-actions="{actions}"')
        # The full page's header no longer carries a status that the filters would leave behind.
        page = self.client.get(QUEUE + "?status=spam").content.decode()
        self.assertNotIn("Waiting for a moderator", page)
        self.assertIn("<title>Comments: Spam", page)

    def test_a_row_no_rule_held_says_why_it_waits(self):
        self.assertContains(self.client.get(QUEUE), "every comment is read before it is published")
        settings = CommentSettings.for_site(Site.objects.get(is_default_site=True))
        settings.auto_approve_after = 3
        settings.save()
        self.assertContains(self.client.get(QUEUE), "No email given: only commenters known by their email")
        Comment.objects.filter(pk=self.old.pk).update(email="reader@example.org")
        self.assertContains(self.client.get(QUEUE), "auto-approval needs 3 approved comments and none refused")
        Comment.objects.filter(pk=self.old.pk).update(moderated_by=self.moderator)
        self.assertContains(self.client.get(QUEUE), "Restored to the queue by a moderator")
        self.assertNotContains(self.client.get(QUEUE), "—</span>")

    def test_filter_by_post(self):
        self.assertEqual(self.shown(f"?page={self.post_b.pk}"), {"See www.example.org", "An old pending one"})

    def test_filter_by_reason(self):
        self.assertEqual(self.shown("?reason=links"), {"See www.example.org"})
        self.assertEqual(self.shown("?reason=language&status=all"), {"My son is an addict."})

    def test_filter_by_date(self):
        since = (timezone.now() - datetime.timedelta(days=2)).date().isoformat()
        self.assertEqual(self.shown(f"?created_at_from={since}"), {"My son is an addict.", "See www.example.org"})
        until = (timezone.now() - datetime.timedelta(days=20)).date().isoformat()
        self.assertEqual(self.shown(f"?created_at_to={until}"), {"An old pending one"})

    def test_search(self):
        self.assertEqual(self.shown("?q=addict"), {"My son is an addict."})

    def test_the_list_costs_the_same_for_5_or_50_comments(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        def count():
            self.client.get(QUEUE)
            with CaptureQueriesContext(connection) as ctx:
                self.client.get(QUEUE)
            return len(ctx.captured_queries)

        first = comment(self.post_a, body="A first comment", status=Status.APPROVED)
        for n in range(2):
            comment(self.post_b, body=f"Reply {n}", parent=first)
        few = count()
        for n in range(45):
            comment(self.post_a if n % 2 else self.post_b, body=f"More {n}", parent=first if n % 3 else None)
        self.assertEqual(count(), few)

    def test_a_comment_has_its_own_page_with_the_whole_text_and_reasons(self):
        response = self.client.get(f"/admin/comments/inspect/{self.held.pk}/")
        self.assertContains(response, "My son is an addict.")
        self.assertContains(response, "Language guide: ‘addict’ (suggested: person with a substance use disorder)")
        self.assertContains(response, "Tapering off fentanyl")
        self.assertNotContains(response, "Ip hash")

    def test_reader_input_is_escaped_in_the_admin(self):
        comment(self.post_a, display_name="<b>bold</b>", body='<script>alert("x")</script>')
        response = self.client.get(QUEUE)
        self.assertNotContains(response, '<script>alert("x")</script>')
        self.assertContains(response, "&lt;script&gt;")
        self.assertNotContains(response, "<b>bold</b>")


class SingleActionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.page = LetterReplyPageFactory()
        cls.moderator = user_in(COMMENT_MODERATORS, username="morgan")

    def setUp(self):
        self.client.force_login(self.moderator)

    def act(self, c, action, **extra):
        return self.client.post(moderate_url(c), {"action": action, **extra})

    def test_approve_reject_spam_and_restore(self):
        c = comment(self.page, body="Visible after approval")
        self.assertEqual(self.act(c, "approve").status_code, 302)
        c.refresh_from_db()
        self.assertEqual((c.status, c.moderated_by), (Status.APPROVED, self.moderator))
        self.assertContains(self.client.get(self.page.url), "Visible after approval")
        for action, status in (("reject", Status.REJECTED), ("restore", Status.PENDING), ("spam", Status.SPAM)):
            self.act(c, action)
            c.refresh_from_db()
            self.assertEqual(c.status, status)
            self.assertNotContains(self.client.get(self.page.url), "Visible after approval")

    def test_the_row_buttons_work_with_csrf_checks_on(self):
        import re

        c = comment(self.page)
        client = self.client_class(enforce_csrf_checks=True)
        client.force_login(self.moderator)
        html = client.get(QUEUE).content.decode()
        form = html[html.index(f'action="{moderate_url(c)}"') :]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        response = client.post(moderate_url(c), {"action": "approve", "csrfmiddlewaretoken": token})
        self.assertEqual(response.status_code, 302)
        c.refresh_from_db()
        self.assertEqual(c.status, Status.APPROVED)

    def test_back_to_the_filtered_list_and_never_off_site(self):
        c = comment(self.page)
        self.assertEqual(
            self.act(c, "approve", next="/admin/comments/?reason=links")["Location"], "/admin/comments/?reason=links"
        )
        self.assertEqual(self.act(c, "reject", next="https://evil.example/")["Location"], QUEUE)

    def test_a_message_says_what_was_done(self):
        c = comment(self.page, display_name="Ann")
        response = self.act(c, "approve")
        self.assertContains(self.client.get(response["Location"]), "Approved: the comment by Ann.")

    def test_an_unknown_action_changes_nothing(self):
        c = comment(self.page)
        self.act(c, "publish")
        c.refresh_from_db()
        self.assertEqual(c.status, Status.PENDING)

    def test_get_is_refused_and_unknown_comments_are_404(self):
        c = comment(self.page)
        self.assertEqual(self.client.get(moderate_url(c)).status_code, 405)
        self.assertEqual(self.client.post("/admin/comments/moderate/999999/", {"action": "approve"}).status_code, 404)

    def test_each_row_offers_the_actions_its_status_allows(self):
        pending = comment(self.page)
        response = self.client.get(QUEUE)
        self.assertContains(response, f'action="{moderate_url(pending)}"')
        self.assertContains(response, 'value="approve"')
        response = self.client.get(QUEUE + "?status=spam")
        self.assertNotContains(response, 'value="approve"')


class BulkActionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.page = LetterReplyPageFactory()
        cls.other_page = LetterReplyPageFactory()
        cls.moderator = user_in(COMMENT_MODERATORS, username="morgan")

    def setUp(self):
        self.client.force_login(self.moderator)

    def test_the_queue_offers_the_bulk_actions(self):
        comment(self.page)
        response = self.client.get(QUEUE)
        for action in ("approve", "reject", "spam", "restore"):
            self.assertContains(response, f"/admin/bulk/discussion/comment/{action}/")
        self.assertContains(response, "data-bulk-action-checkbox")

    def test_a_confirmation_lists_the_selection(self):
        selected = [comment(self.page, body=f"Pick {n}") for n in range(3)]
        response = self.client.get(bulk_url("approve", selected))
        self.assertContains(response, "Approve 3 comments?")
        self.assertContains(response, "Pick 2")
        self.assertContains(response, "Yes, approve")

    def test_bulk_approval_of_100_comments_in_one_request_with_a_fixed_query_count(self):
        selected = [comment(self.page, body=f"Comment {n}") for n in range(100)]
        self.client.get(QUEUE)  # the session and site caches are warm in a working admin
        with self.assertNumQueries(BULK_APPROVE_QUERIES), self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(bulk_url("approve", selected))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Comment.objects.approved().count(), 100)
        self.assertEqual(Comment.objects.approved().filter(moderated_by=self.moderator).count(), 100)
        self.assertContains(self.client.get(response["Location"]), "Approved: 100 comments.")
        self.assertContains(self.client.get(self.page.url), "100 comments")

    def test_the_query_count_does_not_grow_with_the_selection(self):
        few = [comment(self.page, body=f"Few {n}") for n in range(2)]
        with self.assertNumQueries(BULK_APPROVE_QUERIES), self.captureOnCommitCallbacks(execute=True):
            self.client.post(bulk_url("approve", few))

    def test_reject_spam_and_restore_in_bulk(self):
        selected = [comment(self.page, body=f"B{n}") for n in range(3)]
        for action, status in (("reject", Status.REJECTED), ("restore", Status.PENDING), ("spam", Status.SPAM)):
            self.client.post(bulk_url(action, selected))
            self.assertEqual(set(Comment.objects.values_list("status", flat=True)), {status})

    def test_select_all_acts_on_the_filtered_list_only(self):
        on_page = [comment(self.page, body=f"P{n}") for n in range(3)]
        elsewhere = comment(self.other_page, body="Elsewhere")
        spam = comment(self.page, body="Spam stays", status=Status.SPAM)
        self.client.post(f"/admin/bulk/discussion/comment/approve/?page={self.page.pk}&id=all&next={QUEUE}")
        self.assertEqual(set(Comment.objects.approved()), set(on_page))
        for untouched, status in ((elsewhere, Status.PENDING), (spam, Status.SPAM)):
            untouched.refresh_from_db()
            self.assertEqual(untouched.status, status)

    def test_bad_ids_are_ignored_not_a_500(self):
        response = self.client.get("/admin/bulk/discussion/comment/approve/?id=abc&id=99999999999999999999999&next=/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "None of the selected comments exist any more.")


# Session, user, the user's permissions (direct and by group), Wagtail's user profile (5); the selection (1);
# two savepoints, the UPDATE of the comments, the UPDATE of their reports, the posts' paths for the page
# cache's comments versions, two releases (7); after the commit, the writers who asked to hear, in one query (1),
# and one task that tells readers following those posts by email (1).
BULK_APPROVE_QUERIES = 15


class StaffReplyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.page = LetterReplyPageFactory()
        cls.moderator = user_in(COMMENT_MODERATORS, username="morgan")
        cls.moderator.first_name, cls.moderator.last_name = "Casey", "Lin"
        cls.moderator.save()

    def setUp(self):
        self.client.force_login(self.moderator)

    def reply(self, target, body="Thank you for sharing this with us.", name="Casey, CRAFT team"):
        return self.client.post(f"/admin/comments/reply/{target.pk}/", {"display_name": name, "body": body})

    def test_the_form_shows_the_comment_and_suggests_the_moderators_name(self):
        target = comment(self.page, body="Does CRAFT work for teens?", status=Status.APPROVED)
        response = self.client.get(f"/admin/comments/reply/{target.pk}/")
        self.assertContains(response, "Does CRAFT work for teens?")
        self.assertContains(response, 'value="Casey Lin"')

    def test_a_staff_reply_is_published_under_the_comment_with_a_badge(self):
        target = comment(self.page, status=Status.APPROVED)
        self.assertEqual(self.reply(target).status_code, 302)
        staff = Comment.objects.get(is_staff_reply=True)
        self.assertEqual((staff.parent, staff.status, staff.moderated_by), (target, Status.APPROVED, self.moderator))
        response = self.client.get(self.page.url)
        self.assertContains(response, "Casey, CRAFT team")
        self.assertContains(response, '<span class="comment__badge">Staff</span>', html=True)

    def test_replying_to_a_pending_comment_approves_it(self):
        target = comment(self.page)
        self.reply(target)
        target.refresh_from_db()
        self.assertEqual(target.status, Status.APPROVED)

    def test_replying_to_a_reply_joins_the_first_comments_thread(self):
        top = comment(self.page, status=Status.APPROVED)
        reply = comment(self.page, parent=top, status=Status.APPROVED)
        self.reply(reply)
        self.assertEqual(Comment.objects.get(is_staff_reply=True).parent, top)

    def test_a_rejected_comment_cannot_be_replied_to(self):
        target = comment(self.page, status=Status.REJECTED)
        self.assertEqual(self.reply(target).status_code, 302)
        self.assertFalse(Comment.objects.filter(is_staff_reply=True).exists())

    def test_an_empty_reply_is_refused(self):
        target = comment(self.page, status=Status.APPROVED)
        self.assertEqual(self.reply(target, body=" ").status_code, 200)
        self.assertFalse(Comment.objects.filter(is_staff_reply=True).exists())


class ModeratorEditTests(TestCase):
    def test_a_moderator_trims_a_comment_and_the_post_says_so(self):
        page = LetterReplyPageFactory()
        moderator = user_in(COMMENT_MODERATORS, username="morgan")
        c = comment(page, body="Our son Jake Smith at Lincoln High uses.", status=Status.APPROVED)
        self.client.force_login(moderator)
        response = self.client.post(
            f"/admin/comments/edit/{c.pk}/", {"display_name": "Reader", "body": "Our son uses."}
        )
        self.assertEqual(response.status_code, 302)
        response = self.client.get(page.url)
        self.assertContains(response, "Our son uses.")
        self.assertNotContains(response, "Jake Smith")
        self.assertContains(response, "Edited by a moderator.")


class EndToEndTests(TestCase):
    def test_a_comment_posted_by_a_reader_is_approved_in_the_admin_and_shows_on_the_next_request(self):
        page = LetterReplyPageFactory()
        moderator = user_in(COMMENT_MODERATORS, username="morgan")
        reader = self.client_class()
        reader.post(f"/comments/{page.pk}/post/", {"display_name": "Ann", "body": "It helped us to keep talking."})
        self.assertNotContains(reader.get(page.url), "It helped us to keep talking.")

        self.client.force_login(moderator)
        queue = self.client.get(QUEUE)
        self.assertContains(queue, "It helped us to keep talking.")
        pending = Comment.objects.get()
        self.client.post(moderate_url(pending), {"action": "approve"})

        self.assertContains(reader.get(page.url), "It helped us to keep talking.")
        self.assertNotContains(self.client.get(QUEUE), "It helped us to keep talking.")
