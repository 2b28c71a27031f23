"""Emails about comments: moderators' digest (a cron command) and writers who asked to hear of new comments."""

from io import StringIO

from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.management import call_command
from django.test import TestCase
from wagtail.models import Site

from cms.roles import COMMENT_MODERATORS, EDITORS, WRITERS
from discussion.models.comments import Comment, CommentNotificationPreference, CommentSettings, NotificationMode
from tests.factories import LetterReplyPageFactory
from tests.mailqueue import deliver_mail, run_worker

Status = Comment.Status


def digest(*args):
    out = StringIO()
    call_command("comment_digest", *args, stdout=out)
    return out.getvalue()


class DigestTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.page = LetterReplyPageFactory(title="Tapering off fentanyl")
        for name in ("mo", "mia"):
            User.objects.create_user(name, f"{name}@example.org", "pw").groups.add(
                Group.objects.get(name=COMMENT_MODERATORS)
            )
        User.objects.create_user("nomail", "", "pw").groups.add(Group.objects.get(name=COMMENT_MODERATORS))
        User.objects.create_user("gone", "gone@example.org", "pw", is_active=False).groups.add(
            Group.objects.get(name=COMMENT_MODERATORS)
        )
        settings = CommentSettings.for_site(Site.objects.get(is_default_site=True))
        settings.notification_mode = NotificationMode.DIGEST
        settings.save()

    def add(self, body, **kwargs):
        return Comment.objects.create(page=self.page, display_name="Reader", body=body, **kwargs)

    def test_one_email_lists_the_new_waiting_comments_and_marks_them(self):
        held = self.add("My son is an addict.")
        held.add_reason(Comment.Reason.LANGUAGE, "\u2018addict\u2019")
        held.save()
        self.add("Thank you.")
        self.add("Approved already", status=Status.APPROVED)
        self.add("Spam", status=Status.SPAM)
        self.assertIn("Sent a digest of 2 comment(s)", digest())
        deliver_mail()
        # One message to each moderator with an address: nobody sees another's address.
        self.assertEqual(sorted(m.to for m in mail.outbox), [["mia@example.org"], ["mo@example.org"]])
        message = mail.outbox[0]
        self.assertEqual(message.body, mail.outbox[1].body)
        self.assertEqual(message.subject, "2 new comments waiting for moderation")
        self.assertIn("My son is an addict.", message.body)
        self.assertIn("Held for: Language guide", message.body)
        self.assertIn("Tapering off fentanyl", message.body)
        self.assertNotIn("Approved already", message.body)
        self.assertIn("http://testserver/admin/comments/", message.body)

    def test_a_second_run_with_nothing_new_sends_nothing(self):
        self.add("Thank you.")
        digest()
        self.assertIn("nothing sent", digest())
        deliver_mail()
        self.assertEqual(len(mail.outbox), 2)  # one digest, to each of the two moderators
        self.add("Another one")
        digest()
        deliver_mail()
        self.assertEqual(len(mail.outbox), 4)
        self.assertIn("1 new comment since the last digest; 2 in all waiting", mail.outbox[3].body)

    def test_in_per_comment_mode_the_command_does_nothing_unless_forced(self):
        settings = CommentSettings.for_site(Site.objects.get(is_default_site=True))
        settings.notification_mode = NotificationMode.EACH
        settings.save()
        self.add("Thank you.")
        self.assertIn("No digest", digest())
        deliver_mail()
        self.assertEqual(mail.outbox, [])
        digest("--force")
        deliver_mail()
        self.assertEqual(len(mail.outbox), 2)  # one digest, to each of the two moderators

    def test_a_reported_comment_is_in_the_next_digest(self):
        from discussion.moderation import record_report

        settings = CommentSettings.for_site(Site.objects.get(is_default_site=True))
        settings.reports_to_hold = 1
        comment = self.add("Harsh words", status=Status.APPROVED)
        record_report(comment, "someone", settings)
        digest()
        deliver_mail()
        self.assertIn("Harsh words", mail.outbox[0].body)
        self.assertIn("Reported by readers", mail.outbox[0].body)


class WriterNotificationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.writer = User.objects.create_user("wendy", "wendy@example.org", "pw", first_name="Wendy")
        cls.writer.groups.add(Group.objects.get(name=WRITERS))
        cls.quiet_writer = User.objects.create_user("quinn", "quinn@example.org", "pw")
        cls.page = LetterReplyPageFactory(owner=cls.writer, title="Rewarding the good days")
        cls.other_page = LetterReplyPageFactory(owner=cls.quiet_writer)
        CommentNotificationPreference.objects.create(user=cls.writer, approved_on_my_replies=True)
        cls.moderator = User.objects.create_user("mo", "", "pw")
        cls.moderator.groups.add(Group.objects.get(name=COMMENT_MODERATORS))

    def approve(self, *comments):
        self.client.force_login(self.moderator)
        ids = "&".join(f"id={c.pk}" for c in comments)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(f"/admin/bulk/discussion/comment/approve/?{ids}&next=/admin/comments/")

    def pending(self, page, body):
        return Comment.objects.create(page=page, display_name="Reader", body=body)

    def test_a_writer_who_opted_in_hears_once_per_approval_with_every_comment(self):
        self.approve(self.pending(self.page, "First thanks"), self.pending(self.page, "Second thanks"))
        run_worker()
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["wendy@example.org"])
        self.assertIn("Hello Wendy", message.body)
        self.assertIn("First thanks", message.body)
        self.assertIn("Second thanks", message.body)
        self.assertIn(self.page.full_url, message.body)

    def test_a_writer_who_did_not_opt_in_hears_nothing(self):
        self.approve(self.pending(self.other_page, "Quiet"))
        run_worker()
        self.assertEqual(mail.outbox, [])

    def test_approving_an_already_approved_comment_sends_nothing(self):
        comment = Comment.objects.create(page=self.page, display_name="R", body="Old", status=Status.APPROVED)
        self.approve(comment)
        run_worker()
        self.assertEqual(mail.outbox, [])

    def test_the_choice_is_in_the_writers_account_settings(self):
        writer = User.objects.create_user("will", "will@example.org", "pw")
        writer.groups.add(Group.objects.get(name=WRITERS))
        self.client.force_login(writer)
        response = self.client.get("/admin/account/")
        self.assertContains(response, "Reader comments")
        self.assertContains(response, "Email me when a reader")
        data = {
            "name_email-first_name": "Will",
            "name_email-last_name": "Writer",
            "name_email-email": "will@example.org",
            "reader_comments-approved_on_my_replies": "on",
            "locale-preferred_language": "",
            "locale-current_time_zone": "",
            "theme-theme": "system",
            "theme-contrast": "system",
            "theme-density": "default",
            "theme-keyboard_shortcuts": "on",
        }
        response = self.client.post("/admin/account/", data)
        self.assertEqual(response.status_code, 302, response.content[:2000])
        self.assertTrue(CommentNotificationPreference.objects.get(user=writer).approved_on_my_replies)

    def test_comment_moderators_who_write_nothing_do_not_see_the_choice(self):
        self.client.force_login(self.moderator)
        self.assertNotContains(self.client.get("/admin/account/"), "Reader comments")

    def test_editors_see_it_too(self):
        editor = User.objects.create_user("eddie", "eddie@example.org", "pw")
        editor.groups.add(Group.objects.get(name=EDITORS))
        self.client.force_login(editor)
        self.assertContains(self.client.get("/admin/account/"), "Reader comments")
