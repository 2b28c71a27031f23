"""Retention of readers' data: comments' and reports' IP hashes (discussion/retention.py), and both daily
erasure jobs as the scheduler runs them. The letter-contact rules themselves are pinned in
tests/test_letters_inbox.py (RetentionTests) and tests/test_editorial_pipeline.py."""

import datetime
from io import StringIO

from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Site

from cms.schedule import DAY, JOBS
from discussion import moderation
from discussion.models import Letter
from discussion.models.comments import Comment, CommentReport, CommentSettings
from discussion.retention import erase_comment_ip_hashes
from tests.factories import LetterReplyPageFactory

Status = Comment.Status
DAYS = datetime.timedelta(days=1)


def fingerprint(n):
    return f"{n:064x}"  # the shape of a real keyed hash


def ago(days):
    return timezone.now() - days * DAYS


class CommentIpHashRetentionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.page = LetterReplyPageFactory()

    def comment(self, days_old, n, **kwargs):
        fields = {"display_name": "Sam", "body": f"Comment {n}", "status": Status.APPROVED, "email": "sam@example.org"}
        return Comment.objects.create(
            page=self.page, ip_hash=fingerprint(n), created_at=ago(days_old), **fields | kwargs
        )

    def report(self, comment, days_old, n, resolved=False):
        return CommentReport.objects.create(
            comment=comment, ip_hash=fingerprint(n), created_at=ago(days_old), resolved=resolved
        )

    def fresh(self, item):
        item.refresh_from_db()
        return item

    def test_comments_older_than_the_retention_lose_their_hash_and_nothing_else(self):
        old = self.comment(91, 1)
        recent = self.comment(89, 2)
        out = StringIO()
        call_command("erase_comment_ip_hashes", stdout=out)
        self.assertEqual(self.fresh(old).ip_hash, "")
        self.assertEqual((old.body, old.email, old.status), ("Comment 1", "sam@example.org", Status.APPROVED))
        self.assertEqual(self.fresh(recent).ip_hash, fingerprint(2))
        self.assertIn("Erased the IP hash of 1 comment(s)", out.getvalue())
        call_command("erase_comment_ip_hashes", stdout=out)  # safe to run again
        self.assertEqual(self.fresh(recent).ip_hash, fingerprint(2))

    def test_old_resolved_reports_are_deleted_and_old_outstanding_ones_keep_counting_without_a_hash(self):
        comment = self.comment(200, 1)
        resolved = [self.report(comment, 120, n, resolved=True) for n in (10, 11)]
        outstanding = [self.report(comment, 100, n) for n in (20, 21)]  # two blanked hashes on one comment
        recent = self.report(comment, 5, 22)
        erase_comment_ip_hashes()
        self.assertFalse(CommentReport.objects.filter(pk__in=[r.pk for r in resolved]).exists())
        self.assertEqual([self.fresh(r).ip_hash for r in outstanding], ["", ""])
        self.assertEqual(self.fresh(recent).ip_hash, fingerprint(22))
        self.assertEqual(comment.reports.filter(resolved=False).count(), 3)

    def test_blanked_reports_still_send_a_comment_back_to_the_moderators(self):
        comment = self.comment(200, 1)
        for n in (20, 21):
            self.report(comment, 100, n)
        erase_comment_ip_hashes()
        settings = CommentSettings.for_site(Site.objects.get(is_default_site=True))
        self.assertEqual(settings.reports_to_hold, 3)
        self.assertTrue(moderation.record_report(comment, fingerprint(99), settings))  # the third reader
        self.assertEqual(self.fresh(comment).status, Status.PENDING)

    def test_one_report_per_reader_still_holds_for_real_hashes(self):
        comment = self.comment(1, 1)
        self.report(comment, 1, 5)
        CommentReport.objects.create(comment=comment, ip_hash="")
        CommentReport.objects.create(comment=comment, ip_hash="")  # erased hashes may repeat
        with self.assertRaises(IntegrityError), transaction.atomic():
            CommentReport.objects.create(comment=comment, ip_hash=fingerprint(5))

    def test_one_statement_per_change_whatever_the_number_of_rows(self):
        comments = [self.comment(100, n) for n in range(6)]
        for n, comment in enumerate(comments):
            self.report(comment, 100, 100 + n, resolved=n % 2 == 0)
        with CaptureQueriesContext(connection) as queries:
            erased = erase_comment_ip_hashes()
        self.assertEqual((erased.comments, erased.reports, erased.resolved_reports), (6, 3, 3))
        statements = [q["sql"].split()[0].upper() for q in queries if "SAVEPOINT" not in q["sql"].upper()]
        self.assertEqual(statements, ["UPDATE", "DELETE", "UPDATE"])

    def test_a_dry_run_counts_and_changes_nothing(self):
        old = self.comment(91, 1)
        self.report(old, 91, 2, resolved=True)
        self.report(old, 91, 3)
        out = StringIO()
        call_command("erase_comment_ip_hashes", "--dry-run", stdout=out)
        self.assertEqual(
            out.getvalue().strip(),
            "Would erase the IP hash of 1 comment(s) and 1 outstanding report(s); would delete 1 resolved report(s).",
        )
        self.assertEqual(self.fresh(old).ip_hash, fingerprint(1))
        self.assertEqual(
            sorted(CommentReport.objects.values_list("ip_hash", flat=True)), [fingerprint(2), fingerprint(3)]
        )

    @override_settings(COMMENT_IP_HASH_RETENTION_DAYS=7)
    def test_the_retention_period_is_a_setting(self):
        old = self.comment(8, 1)
        recent = self.comment(6, 2)
        call_command("erase_comment_ip_hashes", verbosity=0)
        self.assertEqual((self.fresh(old).ip_hash, self.fresh(recent).ip_hash), ("", fingerprint(2)))


class SchedulerTests(TestCase):
    def test_both_erasure_jobs_run_daily(self):
        jobs = dict(JOBS)
        self.assertEqual(jobs["erase_comment_ip_hashes"], DAY)
        self.assertEqual(jobs["erase_letter_contacts"], DAY)

    def test_run_scheduler_once_erases_what_is_past_its_retention(self):
        page = LetterReplyPageFactory()
        fields = {"page": page, "display_name": "Sam", "body": "Thank you."}
        old_comment = Comment.objects.create(ip_hash=fingerprint(1), created_at=ago(91), **fields)
        new_comment = Comment.objects.create(ip_hash=fingerprint(2), created_at=ago(1), **fields)
        letter = {"pen_name": "Worriedmum", "body": "Our son is using again.", "consent": True}
        old_letter = Letter.objects.create(email="old@example.net", received_at=ago(400), **letter)
        new_letter = Letter.objects.create(email="new@example.net", received_at=ago(10), **letter)

        call_command("run_scheduler", "--once")  # what the Procfile's scheduler process runs

        for item in (old_comment, new_comment, old_letter, new_letter):
            item.refresh_from_db()
        self.assertEqual((old_comment.ip_hash, new_comment.ip_hash), ("", fingerprint(2)))
        self.assertEqual((old_letter.email, new_letter.email), ("", "new@example.net"))
        self.assertIsNotNone(old_letter.email_erased_at)
