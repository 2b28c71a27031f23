"""A commenter's data: export it (access request) and erase it (erasure request)."""

import json
from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase

from discussion.models.comments import Comment, CommentReport
from tests.factories import LetterReplyPageFactory

Status = Comment.Status


def run(command, *args):
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


class CommenterDataTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.page = LetterReplyPageFactory(title="Rewarding the good days")
        person = {"display_name": "Zoë 👩‍👧", "email": "zoe@example.org", "ip_hash": "a" * 64}
        cls.answered = Comment.objects.create(
            page=cls.page, body="Мы с вами 🙏 — first", status=Status.APPROVED, **person
        )
        cls.lonely = Comment.objects.create(
            page=cls.page, body="Second, <b>bold</b>", status=Status.PENDING, **person | {"email": "ZOE@example.org"}
        )
        cls.own_reply = Comment.objects.create(
            page=cls.page, parent=cls.answered, body="My own follow-up", status=Status.APPROVED, **person
        )
        cls.other = Comment.objects.create(
            page=cls.page,
            display_name="Sam",
            email="sam@example.org",
            ip_hash="b" * 64,
            body="Replying to Zoë",
            parent=cls.answered,
            status=Status.APPROVED,
        )
        CommentReport.objects.create(comment=cls.other, ip_hash="a" * 64)  # Zoë reported Sam
        CommentReport.objects.create(comment=cls.answered, ip_hash="c" * 64)  # someone reported Zoë

    # Export

    def test_export_prints_every_comment_with_that_email_as_json_keeping_scripts_exactly(self):
        data = json.loads(run("export_commenter", "--email", "Zoe@Example.org"))
        self.assertEqual(data["email"], "Zoe@Example.org")
        self.assertEqual([c["id"] for c in data["comments"]], [self.answered.pk, self.lonely.pk, self.own_reply.pk])
        first = data["comments"][0]
        self.assertEqual(first["comment"], "Мы с вами 🙏 — first")
        self.assertEqual(first["name"], "Zoë 👩‍👧")
        self.assertEqual(first["post"], "Rewarding the good days")
        self.assertTrue(first["post_url"].startswith("http"))
        self.assertEqual(first["ip_hash"], "a" * 64)
        self.assertEqual(data["comments"][1]["comment"], "Second, <b>bold</b>")
        self.assertEqual(data["comments"][2]["in_reply_to"], self.answered.pk)

    def test_the_export_is_readable_text_not_escapes(self):
        self.assertIn("Мы с вами 🙏", run("export_commenter", "--email", "zoe@example.org"))

    def test_export_for_an_unknown_email_is_an_empty_list(self):
        self.assertEqual(json.loads(run("export_commenter", "--email", "nobody@example.org"))["comments"], [])

    def test_a_bad_email_is_a_clear_error(self):
        with self.assertRaisesMessage(CommandError, "Not an email address"):
            run("export_commenter", "--email", "zoe")

    # Erase

    def test_keep_bodies_anonymises_and_removes_email_and_ip_hashes(self):
        output = run("erase_commenter", "--email", "zoe@example.org", "--keep-bodies")
        self.assertIn("3 comment(s)", output)
        mine = Comment.objects.filter(pk__in=[self.answered.pk, self.lonely.pk, self.own_reply.pk])
        self.assertEqual(mine.count(), 3)
        for comment in mine:
            self.assertEqual((comment.email, comment.ip_hash, comment.display_name), ("", "", "Former reader"))
        self.assertEqual(Comment.objects.get(pk=self.answered.pk).body, "Мы с вами 🙏 — first")
        # Sam's comment and data are untouched; the report Zoë made is gone.
        other = Comment.objects.get(pk=self.other.pk)
        self.assertEqual((other.display_name, other.email), ("Sam", "sam@example.org"))
        self.assertFalse(CommentReport.objects.filter(ip_hash="a" * 64).exists())
        self.assertTrue(CommentReport.objects.filter(ip_hash="c" * 64).exists())
        self.assertEqual(json.loads(run("export_commenter", "--email", "zoe@example.org"))["comments"], [])

    def test_delete_bodies_deletes_them_but_keeps_a_placeholder_where_others_replied(self):
        run("erase_commenter", "--email", "zoe@example.org", "--delete-bodies")
        self.assertFalse(Comment.objects.filter(pk__in=[self.lonely.pk, self.own_reply.pk]).exists())
        answered = Comment.objects.get(pk=self.answered.pk)
        self.assertEqual(answered.body, "This comment was removed at the request of the person who wrote it.")
        self.assertEqual((answered.email, answered.ip_hash, answered.display_name), ("", "", "Former reader"))
        self.assertTrue(Comment.objects.filter(pk=self.other.pk, parent=answered).exists())
        response = self.client.get(self.page.url)
        self.assertContains(response, "removed at the request of the person who wrote it")
        self.assertContains(response, "Replying to Zoë")
        self.assertNotContains(response, "Мы с вами")

    def test_the_moderator_must_choose_what_happens_to_the_bodies(self):
        with self.assertRaises(CommandError):
            run("erase_commenter", "--email", "zoe@example.org")
        with self.assertRaises(CommandError):
            run("erase_commenter", "--email", "zoe@example.org", "--keep-bodies", "--delete-bodies")
        self.assertEqual(Comment.objects.from_email("zoe@example.org").count(), 3)

    def test_a_dry_run_changes_nothing(self):
        output = run("erase_commenter", "--email", "zoe@example.org", "--delete-bodies", "--dry-run")
        self.assertIn("Dry run", output)
        self.assertIn("delete 2 comment(s) and blank the text of 1", output)
        self.assertEqual(Comment.objects.from_email("zoe@example.org").count(), 3)

    def test_an_unknown_email_erases_nothing(self):
        self.assertIn("nothing to erase", run("erase_commenter", "--email", "nobody@example.org", "--keep-bodies"))
        self.assertEqual(Comment.objects.exclude(email="").count(), 4)
