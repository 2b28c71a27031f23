"""Readers' side of comments: the section under a post, the form, its refusals, replies and reports."""

from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client, TestCase, override_settings
from wagtail.models import Site
from wagtail.test.utils import WagtailTestUtils

from discussion.models.comments import Comment, CommentReport, CommentSettings, NotificationMode
from home.models import SiteSettings
from outbox.models import OutboundEmail
from tests.factories import LetterReplyPageFactory, draft_reply
from tests.mailqueue import deliver_mail

Status = Comment.Status


def post_url(page):
    return f"/comments/{page.pk}/post/"


def form_data(**overrides):
    return {"display_name": "Maria", "email": "", "body": "We went through the same with our daughter."} | overrides


def approved(page, **kwargs):
    fields = {"display_name": "Sam", "body": "Thank you for this reply.", "status": Status.APPROVED} | kwargs
    return Comment.objects.create(page=page, **fields)


class CommentSectionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.page = LetterReplyPageFactory()

    def test_an_empty_post_invites_the_first_comment_and_shows_the_guidelines(self):
        settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        settings.comment_guidelines = "Be kind.\nNo advice, please."
        settings.save()
        response = self.client.get(self.page.url)
        self.assertContains(response, "No comments yet.")
        self.assertContains(response, "<p>Be kind.<br>No advice, please.</p>", html=True)
        self.assertContains(response, f'action="/comments/{self.page.pk}/post/#comment-form"')
        self.assertContains(response, "A moderator reads every comment before it appears.")

    def test_only_approved_comments_show_with_their_count(self):
        approved(self.page, body="Approved words")
        for status in (Status.PENDING, Status.REJECTED, Status.SPAM):
            approved(self.page, body=f"Hidden {status} words", status=status)
        response = self.client.get(self.page.url)
        self.assertContains(response, "1 comment")
        self.assertContains(response, "Approved words")
        self.assertNotContains(response, "Hidden")

    def test_replies_nest_one_level_under_their_comment(self):
        first = approved(self.page, display_name="First", body="First comment")
        approved(self.page, display_name="Replier", body="A reply", parent=first)
        approved(self.page, display_name="Second", body="Second comment")
        response = self.client.get(self.page.url)
        self.assertContains(response, "3 comments")
        html = response.content.decode()
        replies = html.index('class="comment-replies"')
        self.assertLess(html.index("First comment"), replies)
        self.assertLess(replies, html.index("A reply"))
        self.assertLess(html.index("A reply"), html.index("Second comment"))
        # Only first-level comments offer "Reply".
        self.assertEqual(html.count("data-reply-to="), 2)

    def test_a_reply_whose_comment_is_hidden_is_not_shown(self):
        hidden = approved(self.page, body="Hidden parent", status=Status.REJECTED)
        approved(self.page, body="Orphan reply", parent=hidden)
        response = self.client.get(self.page.url)
        self.assertNotContains(response, "Orphan reply")
        self.assertContains(response, "No comments yet.")

    def test_staff_replies_carry_a_badge_and_a_reader_cannot_fake_one(self):
        first = approved(self.page, display_name="Staff", body="I call myself staff")
        approved(self.page, display_name="Dana (CRAFT team)", body="Staff answer", parent=first, is_staff_reply=True)
        response = self.client.get(self.page.url)
        self.assertContains(response, '<span class="comment__badge">Staff</span>', count=1, html=True)
        self.assertContains(response, 'class="comment comment--staff"', count=1)

    def test_line_breaks_are_kept_and_everything_is_escaped(self):
        payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
        approved(self.page, display_name=f"<b>{payload}</b>", body=f"Line one\nLine two\n\n{payload}")
        response = self.client.get(self.page.url)
        html = response.content.decode()
        self.assertNotIn("<script>alert", html)
        self.assertNotIn("<img src=x", html)
        self.assertNotIn("<b><script>", html)
        self.assertIn("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;", html)
        self.assertIn("<p>Line one<br>Line two</p>", html)

    def test_links_in_comments_are_plain_text(self):
        approved(self.page, body="See https://example.org/help and www.example.com")
        response = self.client.get(self.page.url)
        self.assertContains(response, "See https://example.org/help and www.example.com")
        self.assertNotContains(response, 'href="https://example.org/help"')

    def test_emoji_and_non_latin_scripts_are_kept_exactly(self):
        text = "Мы с вами 🙏🏽 — 我们也一样 — نحن معكم ❤️"
        approved(self.page, display_name="Zoë 👩‍👧", body=text)
        response = self.client.get(self.page.url)
        self.assertContains(response, text)
        self.assertContains(response, "Zoë 👩‍👧")

    def test_a_reply_link_opens_the_form_as_a_reply_without_javascript(self):
        first = approved(self.page, display_name="First")
        response = self.client.get(f"{self.page.url}?reply_to={first.pk}")
        self.assertContains(
            response, f'<input type="hidden" name="parent" value="{first.pk}" id="id_parent">', html=True
        )
        self.assertContains(response, "Replying to")
        # Nonsense or a reply's id is ignored rather than an error.
        self.assertEqual(self.client.get(f"{self.page.url}?reply_to=abc").status_code, 200)


class PreviewTests(WagtailTestUtils, TestCase):
    def test_the_preview_of_a_reply_not_yet_saved_shows_where_comments_will_go(self):
        from django.urls import reverse
        from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

        from blog.models import BlogIndexPage
        from tests.factories import StaffWriterFactory

        self.client.force_login(self.create_test_user())
        url = reverse(
            "wagtailadmin_pages:preview_on_add", args=("blog", "letterreplypage", BlogIndexPage.objects.get().pk)
        )
        data = nested_form_data(
            {
                "title": "Unsaved reply",
                "slug": "unsaved-reply",
                "standfirst": "A standfirst.",
                "pen_name": "Penname",
                "letter": rich_text("<p>Our letter.</p>"),
                "reply": streamfield([("paragraph", rich_text("<p>Our reply.</p>"))]),
                "writer": str(StaffWriterFactory().pk),
                "date": "2026-01-02",
                "tags": "",
                "related_pins": inline_formset([]),
            }
        )
        self.assertEqual(self.client.post(url, data).json(), {"is_valid": True, "is_available": True})
        response = self.client.get(url)
        self.assertContains(response, "Unsaved reply")
        self.assertContains(response, "Readers can comment once the reply is published.")


class PostingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.page = LetterReplyPageFactory()
        cls.moderator = User.objects.create_user("mo", "mo@example.org", "pw")
        cls.moderator.groups.add(Group.objects.get(name="Comment moderators"))

    def post(self, client=None, headers=None, **data):
        return (client or self.client).post(post_url(self.page), form_data(**data), headers=headers)

    def test_a_comment_is_saved_pending_and_the_reader_is_told_it_awaits_moderation(self):
        response = self.post(email="Maria@Example.org")
        self.assertEqual(response.status_code, 303)
        self.assertEqual(response["Location"], f"{self.page.url}?comment=received#comment-notice")
        comment = Comment.objects.get()
        self.assertEqual(comment.status, Status.PENDING)
        self.assertEqual((comment.display_name, comment.email), ("Maria", "maria@example.org"))
        self.assertEqual(comment.hold_reasons, [])
        page = self.client.get(response["Location"])
        self.assertContains(page, "Your comment is waiting for a moderator")
        self.assertNotContains(page, "We went through the same with our daughter.")

    def test_the_ip_address_is_kept_only_as_a_keyed_hash(self):
        self.client.post(post_url(self.page), form_data(), REMOTE_ADDR="203.0.113.7")
        comment = Comment.objects.get()
        self.assertEqual(len(comment.ip_hash), 64)
        self.assertNotIn("203.0.113.7", str(Comment.objects.values().get()))

    def test_moderators_get_an_email_per_waiting_comment(self):
        self.post(body="Our son is 35 and we felt lost too.")
        deliver_mail()
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["mo@example.org"])
        self.assertIn(self.page.title, message.subject)
        self.assertIn("Our son is 35 and we felt lost too.", message.body)
        self.assertIn("http://testserver/admin/comments/", message.body)

    def test_in_digest_mode_no_email_is_sent_at_once(self):
        settings = CommentSettings.for_site(Site.objects.get(is_default_site=True))
        settings.notification_mode = NotificationMode.DIGEST
        settings.save()
        self.post()
        deliver_mail()
        self.assertEqual(mail.outbox, [])

    def test_a_broken_mail_server_does_not_lose_the_comment(self):
        with override_settings(OUTBOX_DELIVERY_BACKEND="tests.test_comments.BrokenBackend"):
            response = self.post()
            deliver_mail()
        self.assertEqual(response.status_code, 303)
        self.assertEqual(Comment.objects.count(), 1)
        # The moderators' email waits in the outbox to be tried again.
        self.assertEqual(list(OutboundEmail.objects.values_list("status", flat=True)), ["retrying"])

    def test_line_breaks_are_stored_as_written(self):
        self.post(body="First line\r\nSecond line\r\n\r\nNew paragraph")
        self.assertEqual(Comment.objects.get().body, "First line\nSecond line\n\nNew paragraph")

    # Language guide: the form comes back once

    def test_a_language_hit_brings_the_form_back_once_with_the_text_and_a_suggestion(self):
        body = "Our son is an addict. You should try CRAFT."
        response = self.post(body=body, display_name="Ann")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Comment.objects.count(), 0)
        self.assertContains(response, "\u2018addict\u2019 \u2192 \u2018person with a substance use disorder\u2019")
        self.assertContains(response, "\u2018You should\u2019 reads as advice")
        self.assertContains(response, body)
        self.assertContains(response, 'value="Ann"')
        self.assertContains(response, '<input type="hidden" name="reviewed" value="True" id="id_reviewed">', html=True)

    def test_the_reader_may_post_as_it_is_and_the_hits_become_hold_reasons(self):
        response = self.post(body="Our son is an addict.", reviewed="True")
        self.assertEqual(response.status_code, 303)
        comment = Comment.objects.get()
        self.assertEqual(comment.status, Status.PENDING)
        self.assertEqual(comment.reason_code_list, [Comment.Reason.LANGUAGE])
        self.assertIn("addict", comment.hold_reasons[0]["detail"])

    def test_a_revised_comment_without_hits_has_no_reasons(self):
        self.post(body="Our son has a substance use disorder.", reviewed="True")
        self.assertEqual(Comment.objects.get().hold_reasons, [])

    def test_a_soft_suggestion_alone_does_not_interrupt(self):
        response = self.post(body="Our son relapsed in May and we held on.")
        self.assertEqual(response.status_code, 303)
        self.assertEqual(Comment.objects.get().hold_reasons, [])

    # Refusals: a 4xx with the text intact, never a 500

    def test_too_long_a_comment_is_refused_with_the_text_kept(self):
        body = "x" * 3001
        response = self.post(body=body)
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Please keep your comment to 3000 characters (it has 3001).", status_code=400)
        self.assertContains(response, body, status_code=400)
        self.assertEqual(Comment.objects.count(), 0)

    def test_exactly_the_limit_with_browser_line_breaks_is_accepted(self):
        body = ("a" * 99 + "\r\n") * 29 + "a" * 100  # 3029 sent; 3000 when a line break counts as one
        self.assertEqual(self.post(body=body).status_code, 303)
        self.assertEqual(len(Comment.objects.get().body), 3000)

    def test_missing_or_blank_fields_are_refused_with_the_text_kept(self):
        response = self.post(display_name="   ", body="I kept my text")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "I kept my text", status_code=400)
        self.assertContains(response, "Please check the highlighted fields", status_code=400)
        self.assertEqual(self.post(body=" x ").status_code, 400)
        self.assertEqual(self.post(email="not-an-email").status_code, 400)
        self.assertEqual(self.client.post(post_url(self.page), {}).status_code, 400)

    def test_payloads_in_every_field_come_back_escaped(self):
        payload = '"><script>alert(1)</script>'
        response = self.post(display_name=payload, email=payload, body=payload, parent=payload, website=payload)
        self.assertEqual(response.status_code, 400)
        self.assertNotContains(response, "<script>alert(1)", status_code=400)
        self.assertContains(response, "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;", status_code=400)

    def test_emoji_and_non_latin_text_are_stored_exactly(self):
        self.post(display_name="Zoë 👩‍👧", body="Мы с вами 🙏🏽 — 我们也一样 — نحن معكم")
        comment = Comment.objects.get()
        self.assertEqual((comment.display_name, comment.body), ("Zoë 👩‍👧", "Мы с вами 🙏🏽 — 我们也一样 — نحن معكم"))

    def test_nul_characters_are_a_400_not_a_500(self):
        self.assertEqual(self.post(body="hello\x00there").status_code, 400)

    def test_a_get_is_refused(self):
        self.assertEqual(self.client.get(post_url(self.page)).status_code, 405)

    def test_a_draft_an_unknown_or_absurd_post_is_a_404(self):
        self.assertEqual(self.client.post(post_url(draft_reply()), form_data()).status_code, 404)
        self.assertEqual(self.client.post("/comments/999999/post/", form_data()).status_code, 404)
        self.assertEqual(self.client.post("/comments/99999999999999999999999/post/", form_data()).status_code, 404)

    def test_a_request_too_large_to_read_is_a_400(self):
        response = self.client.post(post_url(self.page), form_data(body="x" * 3_000_000))
        self.assertEqual(response.status_code, 400)
        self.assertEqual(Comment.objects.count(), 0)

    def test_a_comment_posted_from_another_sites_page_comes_back_with_a_403(self):
        client = Client(enforce_csrf_checks=True)
        for headers in ({"Origin": "https://elsewhere.example"}, {"Sec-Fetch-Site": "cross-site"}):
            with self.subTest(headers=headers):
                response = self.post(client, body="Words I do not want to lose", headers=headers)
                self.assertEqual(response.status_code, 403)
                self.assertContains(response, "it did not come from this page of our site", status_code=403)
                self.assertContains(response, "Words I do not want to lose", status_code=403)
        self.assertEqual(Comment.objects.count(), 0)

    def test_an_anonymous_readers_comment_needs_no_token(self):
        client = Client(enforce_csrf_checks=True)
        page = client.get(self.page.url)
        self.assertNotContains(page, "csrfmiddlewaretoken")
        self.assertFalse(page.cookies)
        same_site = {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}
        self.assertEqual(self.post(client, headers=same_site).status_code, 303)
        self.assertEqual(
            self.post(Client(enforce_csrf_checks=True), body="Sent by a browser without Origin").status_code, 303
        )
        self.assertEqual(Comment.objects.count(), 2)

    def test_a_signed_in_reader_needs_the_csrf_token_and_keeps_the_text_without_it(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(User.objects.create_user("member", password="x" * 12))
        response = self.post(client, body="Words I do not want to lose")
        self.assertEqual(response.status_code, 403)
        self.assertContains(response, "Words I do not want to lose", status_code=403)
        page = client.get(self.page.url)
        self.assertIn("private", page["Cache-Control"])
        self.assertContains(page, "csrfmiddlewaretoken")
        token = client.cookies["csrftoken"].value
        response = client.post(post_url(self.page), form_data(csrfmiddlewaretoken=token))
        self.assertEqual(response.status_code, 303)
        self.assertEqual(Comment.objects.count(), 1)

    def test_a_report_from_another_sites_page_is_refused(self):
        comment = Comment.objects.create(
            page=self.page, display_name="Ann", body="Hello", status=Comment.Status.APPROVED
        )
        response = Client().post(f"/comments/report/{comment.pk}/", headers={"Origin": "https://elsewhere.example"})
        self.assertEqual(response.status_code, 403)
        self.assertContains(response, "Your report could not be sent", status_code=403)
        self.assertFalse(CommentReport.objects.exists())
        response = Client().post(f"/comments/report/{comment.pk}/", headers={"Origin": "http://testserver"})
        self.assertEqual(response.status_code, 303)
        self.assertEqual(CommentReport.objects.count(), 1)

    def test_the_rate_limit_is_a_429_with_the_text_kept(self):
        for n in range(8):
            self.assertEqual(self.post(body=f"Comment number {n}").status_code, 303)
        response = self.post(body="The ninth comment")
        self.assertEqual(response.status_code, 429)
        self.assertEqual(response["Retry-After"], "600")
        self.assertContains(response, "Please wait a few minutes", status_code=429)
        self.assertContains(response, "The ninth comment", status_code=429)
        self.assertEqual(Comment.objects.count(), 8)
        # Another reader is not affected.
        other = self.client.post(post_url(self.page), form_data(body="Elsewhere"), REMOTE_ADDR="198.51.100.9")
        self.assertEqual(other.status_code, 303)

    def test_the_same_text_again_is_refused_as_a_duplicate(self):
        self.post()
        response = self.post()
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "You have already sent this comment", status_code=409)
        self.assertEqual(Comment.objects.count(), 1)

    def test_a_copy_posted_while_the_first_is_still_being_saved_is_refused(self):
        # Two identical posts at once (a double click): neither sees the other in the table yet.
        from unittest import mock

        with mock.patch("discussion.moderation.find_duplicate", return_value=None):
            first, second = self.post(), self.post()
        self.assertEqual(first.status_code, 303)
        self.assertContains(second, "You have already sent this comment", status_code=409)
        self.assertContains(second, "We went through the same with our daughter.", status_code=409)
        self.assertEqual(Comment.objects.count(), 1)

    def test_a_filled_honeypot_is_stored_as_spam_and_the_sender_is_not_told(self):
        response = self.post(website="http://spam.example")
        self.assertEqual(response.status_code, 303)
        self.assertEqual(response["Location"], f"{self.page.url}?comment=received#comment-notice")
        comment = Comment.objects.get()
        self.assertEqual(comment.status, Status.SPAM)
        self.assertEqual(comment.reason_code_list, [Comment.Reason.HONEYPOT])
        deliver_mail()
        self.assertEqual(mail.outbox, [])

    def test_a_block_list_word_goes_to_spam_silently(self):
        settings = CommentSettings.for_site(Site.objects.get(is_default_site=True))
        settings.block_words = "casino"
        settings.save()
        response = self.post(body="Great casino bonus here")
        self.assertEqual(response["Location"], f"{self.page.url}?comment=received#comment-notice")
        self.assertEqual(Comment.objects.get().status, Status.SPAM)

    def test_a_trusted_commenter_is_published_at_once(self):
        settings = CommentSettings.for_site(Site.objects.get(is_default_site=True))
        settings.auto_approve_after = 2
        settings.save()
        approved(self.page, email="reg@example.org", body="one")
        approved(self.page, email="reg@example.org", body="two")
        response = self.post(email="reg@example.org", body="Third time, thank you.")
        comment = Comment.objects.get(body="Third time, thank you.")
        self.assertEqual(comment.status, Status.APPROVED)
        self.assertEqual(response["Location"], f"{self.page.url}?comment=published#comment-{comment.pk}")
        self.assertContains(self.client.get(self.page.url), "Third time, thank you.")

    # Replies

    def test_a_reply_goes_under_its_comment(self):
        first = approved(self.page)
        self.post(parent=str(first.pk), body="Replying to you")
        self.assertEqual(Comment.objects.get(body="Replying to you").parent, first)

    def test_a_reply_to_a_reply_joins_the_first_comments_thread(self):
        first = approved(self.page)
        reply = approved(self.page, parent=first, body="A reply")
        self.post(parent=str(reply.pk), body="Deeper")
        self.assertEqual(Comment.objects.get(body="Deeper").parent, first)

    def test_replying_to_a_hidden_or_foreign_comment_is_refused_with_the_text_kept(self):
        hidden = approved(self.page, status=Status.PENDING)
        foreign = approved(LetterReplyPageFactory())
        for parent in (hidden.pk, foreign.pk, 10**30, "abc"):
            response = self.post(parent=str(parent), body="Kept reply text")
            self.assertEqual(response.status_code, 400, parent)
            self.assertContains(response, "Kept reply text", status_code=400)
        self.assertEqual(Comment.objects.filter(body="Kept reply text").count(), 0)


class BrokenBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


class ReportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.page = LetterReplyPageFactory()

    def setUp(self):
        self.comment = approved(self.page, body="A comment someone dislikes")

    def report(self, ip="192.0.2.1", comment=None):
        comment = comment or self.comment
        return self.client.post(f"/comments/report/{comment.pk}/", REMOTE_ADDR=ip)

    def test_each_approved_comment_has_a_report_button(self):
        response = self.client.get(self.page.url)
        self.assertContains(response, f'action="/comments/report/{self.comment.pk}/"')
        self.assertContains(response, "Report this comment")

    def test_a_report_thanks_the_reader(self):
        response = self.report()
        self.assertEqual(response.status_code, 303)
        self.assertContains(self.client.get(response["Location"]), "Thank you for telling us.")
        self.assertEqual(CommentReport.objects.count(), 1)

    def test_three_readers_send_it_back_to_moderation(self):
        for ip in ("192.0.2.1", "192.0.2.2", "192.0.2.2", "192.0.2.3"):
            self.report(ip)
        self.comment.refresh_from_db()
        self.assertEqual(self.comment.status, Status.PENDING)
        self.assertEqual(self.comment.reason_code_list, [Comment.Reason.REPORTED])
        self.assertNotContains(self.client.get(self.page.url), "A comment someone dislikes")

    def test_reports_are_rate_limited(self):
        others = [approved(self.page, body=f"Comment {n}") for n in range(11)]
        statuses = [self.report(comment=c).status_code for c in others]
        self.assertEqual(statuses, [303] * 10 + [429])

    def test_a_get_is_refused_and_hidden_comments_cannot_be_reported(self):
        self.assertEqual(self.client.get(f"/comments/report/{self.comment.pk}/").status_code, 405)
        spam = approved(self.page, status=Status.SPAM)
        self.assertEqual(self.report(comment=spam).status_code, 404)
        self.assertEqual(self.client.post("/comments/report/999999/").status_code, 404)
