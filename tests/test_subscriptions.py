"""Following by email: double opt-in, managing and one-click unsubscribe, what is announced to whom."""

import datetime
import re
import smtplib
from io import StringIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.test import Client, TestCase, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from taggit.models import Tag
from wagtail.models import PageViewRestriction, Site

from cms.roles import COMMENT_MODERATORS, EDITORS
from discussion.models import Comment
from outbox.models import OutboundEmail
from subscriptions import following, links
from subscriptions.models import Notice, Subscriber, Subscription
from tests.factories import LetterReplyPageFactory, ModulePageFactory, StaffWriterFactory, draft_reply, privacy_checked
from tests.mailqueue import run_commit_callbacks, run_worker

Kind = Subscription.Kind


def run_everything():
    """Commit, then let the worker run every task, including announcements waiting for their minute."""
    run_commit_callbacks()
    for _round in range(5):
        if not DBTaskResult.objects.filter(status="READY").exists():
            return
        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
        run_worker()
        run_commit_callbacks()


def confirmed(email, *follows, frequency=Subscriber.Frequency.IMMEDIATE):
    subscriber = Subscriber.objects.create(
        email=email, confirmed_at=timezone.now(), frequency=frequency, last_digest_at=timezone.now()
    )
    for kind, target in follows:
        Subscription.objects.create(subscriber=subscriber, kind=kind, target_id=target)
    return subscriber


def to(address):
    return [message for message in mail.outbox if message.to == [address]]


def publish(page):
    privacy_checked(page.save_revision()).publish()
    run_everything()


class FollowFormTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tag = Tag.objects.create(name="Boundaries", slug="boundaries")

    def follow(self, client=None, headers=None, **data):
        fields = {"email": "reader@example.org", "follow": f"tag:{self.tag.pk}", "frequency": "immediate"} | data
        return (client or self.client).post("/follow/", fields, headers=headers)

    def test_a_follow_request_from_another_sites_page_is_refused_with_the_address_kept(self):
        response = self.follow(headers={"Origin": "https://elsewhere.example"})
        self.assertEqual(response.status_code, 403)
        self.assertContains(response, "not part of our site", status_code=403)
        self.assertContains(response, 'value="reader@example.org"', status_code=403)
        run_everything()
        self.assertEqual(mail.outbox, [])
        self.assertFalse(Subscriber.objects.exists())
        same_site = self.follow(headers={"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"})
        self.assertContains(same_site, "Check your inbox")

    def test_a_new_address_gets_a_confirmation_and_follows_nothing_until_it_confirms(self):
        response = self.follow(email="Reader@Example.org ")
        self.assertContains(response, "Check your inbox")
        self.assertIn("private, no-store", response["Cache-Control"])
        run_everything()
        [message] = mail.outbox
        self.assertEqual(message.to, ["reader@example.org"])
        self.assertIn("the topic \u201cBoundaries\u201d", message.body)
        confirm_url = re.search(r"http://\S+/follow/confirm/\S+/", message.body).group(0)
        subscriber = Subscriber.objects.get()
        self.assertFalse(subscriber.confirmed)

        # A mail scanner opening the link changes nothing; the button does.
        page = self.client.get(confirm_url)
        self.assertContains(page, "Confirm")
        subscriber.refresh_from_db()
        self.assertFalse(subscriber.confirmed)
        done = self.client.post(confirm_url)
        self.assertContains(done, "you are following by email")
        subscriber.refresh_from_db()
        self.assertTrue(subscriber.confirmed)

    def test_the_answer_never_tells_whether_an_address_already_follows(self):
        new = self.follow(email="new@example.org").content
        confirmed("known@example.org", (Kind.TAG, self.tag.pk))
        known = self.follow(email="known@example.org").content
        Subscriber.objects.create(email="pending@example.org")
        pending = self.follow(email="pending@example.org").content
        self.assertEqual(new, known)
        self.assertEqual(new, pending)

    def test_a_confirmed_address_follows_at_once_and_is_told(self):
        confirmed("known@example.org", (Kind.ALL, None))
        self.follow(email="known@example.org")
        run_everything()
        [message] = mail.outbox
        self.assertEqual(message.subject, "You now follow the topic \u201cBoundaries\u201d")
        self.assertTrue(Subscription.objects.filter(kind=Kind.TAG, target_id=self.tag.pk).exists())
        # Asking again changes nothing and sends nothing.
        self.follow(email="known@example.org")
        run_everything()
        self.assertEqual(len(mail.outbox), 1)

    def test_confirmations_to_one_address_are_limited(self):
        for n in range(5):
            self.follow(client=Client(REMOTE_ADDR=f"192.0.2.{n}"), email="victim@example.org")
        run_everything()
        self.assertEqual(len(mail.outbox), following.CONFIRMATIONS_PER_DAY)

    def test_one_client_is_limited_and_keeps_what_it_typed(self):
        for n in range(10):
            self.assertEqual(self.follow(email=f"r{n}@example.org").status_code, 200)
        response = self.follow(email="eleventh@example.org")
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, 'value="eleventh@example.org"', status_code=429)
        self.assertIn("Retry-After", response)

    def test_bad_input_is_refused_with_a_message_and_the_address_kept(self):
        cases = [
            ({"email": "not-an-address"}, "Please give a valid email address."),
            ({"email": ""}, "Please give your email address."),
            ({"follow": "tag:abc"}, "We could not tell what you wanted to follow"),
            ({"follow": "all:3"}, "We could not tell what you wanted to follow"),
            ({"follow": "tag:99999999999999999999999"}, "We could not tell what you wanted to follow"),
            ({"follow": "tag:987654"}, "no longer on the site"),
            ({"follow": "thread:1"}, "We could not tell what you wanted to follow"),
        ]
        for data, message in cases:
            with self.subTest(data=data):
                response = self.follow(**data)
                self.assertContains(response, message, status_code=400)
        response = self.follow(email="typo@example", follow="tag:987654")
        self.assertContains(response, 'value="typo@example"', status_code=400)
        self.assertEqual(Subscriber.objects.count(), 0)
        self.assertEqual(self.client.put("/follow/").status_code, 405)
        self.assertEqual(self.client.get("/follow/").status_code, 200)

    def test_a_bot_filling_the_honeypot_is_thanked_and_ignored(self):
        self.assertContains(self.follow(website="http://spam.example"), "Check your inbox")
        self.assertEqual(Subscriber.objects.count(), 0)

    def test_unconfirmed_addresses_are_deleted_after_seven_days(self):
        self.follow(email="old@example.org")
        self.follow(email="fresh@example.org")
        Subscriber.objects.filter(email="old@example.org").update(
            created_at=timezone.now() - datetime.timedelta(days=8)
        )
        confirmed("kept@example.org", (Kind.ALL, None))
        Subscriber.objects.filter(email="kept@example.org").update(
            created_at=timezone.now() - datetime.timedelta(days=80)
        )
        call_command("prune_followers", stdout=StringIO())
        self.assertEqual(
            sorted(Subscriber.objects.values_list("email", flat=True)), ["fresh@example.org", "kept@example.org"]
        )


class ManageAndUnsubscribeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tag = Tag.objects.create(name="Self-care", slug="self-care")

    def setUp(self):
        self.subscriber = confirmed("reader@example.org", (Kind.ALL, None), (Kind.TAG, self.tag.pk))
        self.token = links.token_for(self.subscriber)

    def test_the_manage_page_lists_and_changes_what_is_followed(self):
        url = f"/follow/manage/{self.token}/"
        page = self.client.get(url)
        self.assertContains(page, "every new reply")
        self.assertContains(page, "the topic \u201cSelf-care\u201d")
        self.assertIn("private, no-store", page["Cache-Control"])
        tag_follow = Subscription.objects.get(kind=Kind.TAG)
        self.client.post(url, {"action": "remove", "subscription": tag_follow.pk})
        self.assertFalse(Subscription.objects.filter(pk=tag_follow.pk).exists())
        self.client.post(url, {"action": "frequency", "frequency": "weekly"})
        self.subscriber.refresh_from_db()
        self.assertEqual(self.subscriber.frequency, "weekly")
        self.assertEqual(self.client.post(url, {"action": "frequency", "frequency": "hourly"}).status_code, 400)
        self.assertEqual(self.client.post(url, {"action": "remove", "subscription": "9" * 30}).status_code, 200)
        self.assertEqual(self.client.post(url, {"action": "nonsense"}).status_code, 400)
        self.assertContains(self.client.post(url, {"action": "stop"}), "no more emails")
        self.assertFalse(Subscriber.objects.exists())
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_forged_or_mangled_link_shows_nothing(self):
        for token in ("nonsense", self.token[:-3] + "abc", links.token_for(Subscriber(key="x"))):
            for view in ("manage", "confirm", "unsubscribe"):
                with self.subTest(view=view, token=token):
                    response = self.client.get(f"/follow/{view}/{token}/")
                    self.assertEqual(response.status_code, 404)
                    self.assertNotContains(response, "reader@example.org", status_code=404)

    def test_one_click_unsubscribe_without_a_cookie_or_token_and_twice(self):
        client = Client(enforce_csrf_checks=True)
        url = f"/follow/unsubscribe/{self.token}/"
        response = client.post(url, {"List-Unsubscribe": "One-Click"})
        self.assertContains(response, "no more emails")
        self.assertFalse(Subscriber.objects.exists())
        self.assertContains(client.post(url, {"List-Unsubscribe": "One-Click"}), "no more emails")

    def test_one_click_unsubscribe_with_a_session_cookie(self):
        client = Client(enforce_csrf_checks=True)
        client.get("/")  # whatever cookies the site sets
        client.cookies["sessionid"] = "someone-else"
        response = client.post(f"/follow/unsubscribe/{self.token}/", {"List-Unsubscribe": "One-Click"})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Subscriber.objects.exists())

    def test_opening_the_unsubscribe_link_changes_nothing(self):
        self.assertContains(self.client.get(f"/follow/unsubscribe/{self.token}/"), "Stop all emails")
        self.assertTrue(Subscriber.objects.exists())


class AnnouncementTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.boundaries = Tag.objects.create(name="Boundaries", slug="boundaries")
        cls.rewards = Tag.objects.create(name="Rewards", slug="rewards")
        cls.module = ModulePageFactory(number=5, title="Rewarding non-use")
        cls.writer = StaffWriterFactory(name="Theo Abernathy")

    def setUp(self):
        site = Site.objects.get(is_default_site=True)
        site.hostname, site.port = "blog.example.org", 443
        site.save()
        confirmed("all@example.org", (Kind.ALL, None))
        confirmed("tag@example.org", (Kind.TAG, self.boundaries.pk))
        confirmed("other-tag@example.org", (Kind.TAG, self.rewards.pk))
        confirmed("module@example.org", (Kind.MODULE, self.module.pk))
        confirmed("writer@example.org", (Kind.WRITER, self.writer.pk))
        confirmed("weekly@example.org", (Kind.ALL, None), frequency=Subscriber.Frequency.WEEKLY)
        Subscriber.objects.create(email="unconfirmed@example.org").subscriptions.create(kind=Kind.ALL)
        bounced = confirmed("bounced@example.org", (Kind.ALL, None))
        Subscriber.objects.filter(pk=bounced.pk).update(bounced_at=timezone.now())

    def reply(self, **kwargs):
        page = draft_reply(
            writer=self.writer, pen_name="Cwfranklin", standfirst="A father asks about rewards.", **kwargs
        )
        page.tags.add(self.boundaries)
        page.reply = [("paragraph", "<p>See Module 5 on rewards.</p>")]
        page.save_revision()
        return page

    def test_a_published_reply_is_announced_once_to_whoever_follows_what_it_is_about(self):
        page = self.reply()
        publish(page)
        recipients = sorted(address for message in mail.outbox for address in message.to)
        self.assertEqual(recipients, ["all@example.org", "module@example.org", "tag@example.org", "writer@example.org"])
        message = to("tag@example.org")[0]
        self.assertIn("Cwfranklin", message.body)
        self.assertIn("A father asks about rewards.", message.body)
        self.assertIn("You follow the topic \u201cBoundaries\u201d", message.body)
        html = {mimetype: content for content, mimetype in message.alternatives}["text/html"]
        self.assertIn(page.title, html)
        self.assertNotIn("<img", html)  # no tracking pixel, no third-party content
        self.assertIn("https://blog.example.org/follow/manage/", message.body)

        # Published again (an edit), or unpublished and republished: nobody hears twice.
        publish(page)
        page = type(page).objects.get(pk=page.pk)
        page.unpublish()
        publish(page)
        self.assertEqual(len(mail.outbox), 4)

    def test_a_reply_unpublished_within_the_minute_is_not_announced(self):
        page = self.reply()
        privacy_checked(page.save_revision()).publish()
        run_commit_callbacks()
        page = type(page).objects.get(pk=page.pk)
        self.assertTrue(page.live)
        page.unpublish()
        run_everything()
        self.assertEqual(mail.outbox, [])
        publish(page)
        self.assertEqual(len(mail.outbox), 4)

    def test_a_restricted_reply_is_never_announced(self):
        page = self.reply()
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
        publish(page)
        self.assertEqual(mail.outbox, [])

    def test_a_scheduled_reply_is_announced_when_it_goes_live(self):
        page = self.reply()
        page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
        privacy_checked(page.save_revision()).publish()
        run_everything()
        self.assertEqual(mail.outbox, [])
        later = timezone.now() + datetime.timedelta(hours=2)
        from unittest import mock

        with mock.patch("django.utils.timezone.now", return_value=later):
            call_command("publish_scheduled", verbosity=0)
        run_everything()
        self.assertEqual(len(mail.outbox), 4)

    def test_every_follow_email_carries_one_click_unsubscribe_headers(self):
        Client().post("/follow/", {"email": "newcomer@example.org", "follow": "all", "frequency": "immediate"})
        Client().post(
            "/follow/", {"email": "all@example.org", "follow": f"tag:{self.rewards.pk}", "frequency": "weekly"}
        )
        publish(self.reply())
        weekly = Subscriber.objects.get(email="weekly@example.org")
        Subscriber.objects.filter(pk=weekly.pk).update(last_digest_at=timezone.now() - datetime.timedelta(days=8))
        Notice.objects.filter(subscriber=weekly).delete()
        call_command("send_follow_digests", stdout=StringIO())
        run_everything()
        kinds = set(OutboundEmail.objects.values_list("kind", flat=True))
        self.assertEqual(kinds, {"follow_confirm", "follow_notice", "follow_reply", "follow_digest"})
        for message in mail.outbox:
            with self.subTest(subject=message.subject):
                header = message.extra_headers["List-Unsubscribe"]
                self.assertRegex(header, r"^<https://blog\.example\.org/follow/unsubscribe/[^>]+/>, <mailto:[^>]+>$")
                self.assertEqual(message.extra_headers["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click")
                self.assertTrue(any(mimetype == "text/html" for _content, mimetype in message.alternatives))
                self.assertIn("/follow/manage/", message.body)

    def test_a_bounced_address_gets_nothing_more(self):
        class Refusing(BaseEmailBackend):
            def send_messages(self, messages):
                raise smtplib.SMTPRecipientsRefused({messages[0].to[0]: (550, b"5.1.1 no such user")})

        with override_settings(OUTBOX_DELIVERY_BACKEND=f"{__name__}.RefusingBackend"):
            publish(self.reply())
        self.assertTrue(Subscriber.objects.get(email="tag@example.org").bounced_at)
        publish(self.reply())
        self.assertEqual(len(to("tag@example.org")), 0)
        self.assertEqual(len(to("all@example.org")), 2)  # both replies


class RefusingBackend(BaseEmailBackend):
    """Refuses the follower of a tag for good, delivers the rest."""

    def send_messages(self, messages):
        if messages[0].to == ["tag@example.org"]:
            raise smtplib.SMTPRecipientsRefused({"tag@example.org": (550, b"5.1.1 no such user")})
        mail.outbox.extend(messages)
        return len(messages)


class DigestTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tag = Tag.objects.create(name="Boundaries", slug="boundaries")
        cls.other = Tag.objects.create(name="Rewards", slug="rewards")

    def test_the_weekly_digest_lists_the_weeks_replies_and_skips_those_with_nothing_new(self):
        week_ago = timezone.now() - datetime.timedelta(days=7, minutes=1)
        reader = confirmed("weekly@example.org", (Kind.TAG, self.tag.pk), frequency=Subscriber.Frequency.WEEKLY)
        idle = confirmed("idle@example.org", (Kind.TAG, self.other.pk), frequency=Subscriber.Frequency.WEEKLY)
        Subscriber.objects.update(last_digest_at=week_ago)
        first = LetterReplyPageFactory(title="On boundaries, first", tags=[self.tag])
        second = LetterReplyPageFactory(title="On boundaries, second", tags=[self.tag])
        LetterReplyPageFactory(title="Unrelated", tags=[])
        old = LetterReplyPageFactory(title="Before the week", tags=[self.tag])
        replies = LetterReplyPageFactory._meta.model.objects
        replies.update(first_published_at=timezone.now() - datetime.timedelta(days=1))
        replies.filter(pk=old.pk).update(first_published_at=week_ago - datetime.timedelta(days=1))
        run_everything()  # immediate announcements are not for weekly readers
        self.assertEqual(mail.outbox, [])
        call_command("send_follow_digests", stdout=StringIO())
        run_everything()
        [digest] = mail.outbox
        self.assertEqual(digest.to, ["weekly@example.org"])
        self.assertIn(first.title, digest.body)
        self.assertIn(second.title, digest.body)
        self.assertNotIn("Unrelated", digest.body)
        self.assertNotIn("Before the week", digest.body)
        reader.refresh_from_db()
        idle.refresh_from_db()
        self.assertGreater(reader.last_digest_at, week_ago)
        self.assertGreater(idle.last_digest_at, week_ago)  # nothing new: no email, and the week starts again
        call_command("send_follow_digests", stdout=StringIO())
        run_everything()
        self.assertEqual(len(mail.outbox), 1)


class CommentFollowTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.page = LetterReplyPageFactory()
        cls.moderator = get_user_model().objects.create_user("mo", "mo@staff.example.org", "pw")
        cls.moderator.groups.add(Group.objects.get(name=COMMENT_MODERATORS))

    def test_asking_to_hear_of_replies_from_the_comment_form(self):
        response = self.client.post(
            f"/comments/{self.page.pk}/post/",
            {"display_name": "Maria", "email": "maria@example.org", "body": "We felt lost too.", "follow": "thread"},
        )
        self.assertEqual(response.status_code, 303)
        run_everything()
        comment = Comment.objects.get()
        follow = Subscription.objects.get(subscriber__email="maria@example.org")
        self.assertEqual((follow.kind, follow.target_id), (Kind.THREAD, comment.pk))
        self.assertEqual(len(to("maria@example.org")), 1)  # the confirmation
        following.confirm(follow.subscriber)
        post_follower = confirmed("watcher@example.org", (Kind.POST, self.page.pk))

        # Maria's own comment is approved: she is not told of it; the post's follower is.
        Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.APPROVED)
        reply = Comment.objects.create(
            page=self.page, parent=comment, display_name="Ann", email="ann@example.org", body="Same here, hugs."
        )
        self.client.force_login(self.moderator)
        self.client.post(f"/admin/bulk/discussion/comment/approve/?id={reply.pk}&next=/admin/comments/")
        run_everything()
        [to_maria] = to("maria@example.org")[1:]
        self.assertIn("Same here, hugs.", to_maria.body)
        self.assertNotIn("ann@example.org", to_maria.body)
        self.assertEqual(len(to(post_follower.email)), 1)

    def test_following_without_an_email_is_refused_and_the_comment_kept_in_the_form(self):
        response = self.client.post(
            f"/comments/{self.page.pk}/post/",
            {"display_name": "Maria", "email": "", "body": "Kept text.", "follow": "post"},
        )
        self.assertContains(response, "Give your email address", status_code=400)
        self.assertContains(response, "Kept text.", status_code=400)


class PrivacyTests(TestCase):
    def setUp(self):
        self.subscriber = confirmed("reader@example.org", (Kind.ALL, None))
        following.subscribe("reader@example.org", Kind.TAG, Tag.objects.create(name="X", slug="x").pk)

    def test_export_and_erasure_cover_following(self):
        out = StringIO()
        call_command("export_commenter", "--email", "Reader@example.org", stdout=out)
        self.assertIn('"following"', out.getvalue())
        self.assertIn("every new reply", out.getvalue())
        out = StringIO()
        call_command("erase_commenter", "--email", "reader@example.org", "--keep-bodies", stdout=out)
        self.assertIn("Also erased following", out.getvalue())
        self.assertFalse(Subscriber.objects.exists())
        self.assertFalse(Subscription.objects.exists())
        self.assertFalse(OutboundEmail.objects.filter(recipient="reader@example.org").exists())

    def test_only_administrators_see_addresses_editors_see_counts(self):
        User = get_user_model()
        editor = User.objects.create_user("edna", "edna@staff.example.org", "pw")
        editor.groups.add(Group.objects.get(name=EDITORS))
        admin = User.objects.create_superuser("root", "root@staff.example.org", "pw")
        self.client.force_login(editor)
        self.assertNotEqual(self.client.get("/admin/followers/").status_code, 200)
        dashboard = self.client.get("/admin/")
        self.assertContains(dashboard, "Followers by email")
        self.assertContains(dashboard, "1 confirmed address")
        self.assertNotContains(dashboard, "reader@example.org")
        self.client.force_login(admin)
        self.assertContains(self.client.get("/admin/followers/"), "reader@example.org")
