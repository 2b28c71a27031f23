"""The assistant at work: a saved or submitted reply is analysed by the worker, once per revision.

The worker runs here as in production (tests/mailqueue.py): what a save queues on commit is run
by `run_worker()`.
"""

from unittest import mock

from django.contrib.auth import get_user_model
from django.test import TestCase
from django_tasks_db.models import DBTaskResult

from blog.models import ReplyAnalysis
from blog.reply_analysis import analyse_revision, analysis_for, analysis_status, plain_text, reply_text_fields
from tests.factories import LetterReplyPageFactory, ModulePageFactory, StaffWriterFactory, draft_reply, reply_stream
from tests.mailqueue import run_commit_callbacks, run_worker

LETTER = (
    "<p>Our son <b>Daniel</b> is 35 and lives in Kettering.</p>"
    "<p>He goes to the Greene Valley Recovery Center on Wilmington Pike.</p>"
)


class ReplyAnalysisTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.writer_user = get_user_model().objects.create_user("writer", password="x")  # noqa: S106
        cls.staff = StaffWriterFactory(name="Maren Castillo")

    def reply(self, **kwargs):
        page = LetterReplyPageFactory(
            live=False,
            pen_name="Cwfranklin",
            letter=LETTER,
            writer=self.staff,
            reply=reply_stream("<p>Hi Cwfranklin, your son Daniel is lucky. Warmly, Maren</p>"),
            **kwargs,
        )
        return page

    def test_a_saved_reply_is_analysed_by_the_worker_and_the_findings_are_kept_with_the_revision(self):
        revision = self.reply().save_revision(user=self.writer_user)
        self.assertEqual(analysis_status(revision), "pending")
        self.assertIsNone(analysis_for(revision))  # the form says the findings are on their way
        run_commit_callbacks()
        self.assertEqual(DBTaskResult.objects.filter(task_path__endswith="analyse_reply_revision").count(), 1)
        run_worker()

        findings = analysis_for(revision)
        self.assertEqual(analysis_status(revision), "ready")
        self.assertEqual(
            [(f.field, f.kind, f.text) for f in findings],
            [
                ("letter", "name", "Daniel"),
                ("letter", "age", "35"),
                ("letter", "place", "Kettering"),
                ("letter", "institution", "Greene Valley Recovery Center"),
                ("letter", "place", "Wilmington Pike"),
                ("reply", "name", "Daniel"),
            ],
        )
        # Offsets point into the plain text the UI gets from reply_text_fields.
        fields = reply_text_fields(revision.as_object())
        for finding in findings:
            self.assertEqual(fields[finding.field][finding.start : finding.end], finding.text)
        analysis = ReplyAnalysis.objects.get(revision=revision)
        self.assertIsNotNone(analysis.analysed_at)
        self.assertIn("en_core_web_sm", analysis.engine_version)

    def test_each_revision_is_analysed_once(self):
        revision = self.reply().save_revision(user=self.writer_user)
        run_commit_callbacks()
        run_worker()
        with mock.patch("blog.reply_analysis.find_identifying_details") as engine:
            analyse_revision(revision.pk)  # a second task for the same revision
            findings = analysis_for(revision)
        engine.assert_not_called()
        self.assertEqual(len(findings), 6)
        self.assertEqual(ReplyAnalysis.objects.filter(revision=revision).count(), 1)

    def test_a_new_revision_gets_its_own_analysis(self):
        page = self.reply()
        first = page.save_revision(user=self.writer_user)
        page.letter = "<p>Our son Daniel is 35.</p>"
        second = page.save_revision(user=self.writer_user)
        run_commit_callbacks()
        run_worker()
        self.assertEqual(len(analysis_for(first)), 6)
        self.assertEqual([f.text for f in analysis_for(second)], ["Daniel", "35", "Daniel"])

    def test_revisions_saved_by_no_one_are_analysed_when_first_asked(self):
        page = draft_reply(letter=LETTER, pen_name="Cwfranklin")  # as the import and the demo content save them
        revision = page.latest_revision
        run_commit_callbacks()
        self.assertFalse(ReplyAnalysis.objects.exists())
        self.assertIsNone(analysis_for(revision))
        run_commit_callbacks()
        run_worker()
        self.assertIn("Kettering", [f.text for f in analysis_for(revision)])

    def test_other_pages_are_not_analysed(self):
        ModulePageFactory().save_revision(user=self.writer_user)
        run_commit_callbacks()
        self.assertFalse(ReplyAnalysis.objects.exists())
        self.assertFalse(DBTaskResult.objects.exists())

    def test_a_failure_is_recorded_without_the_letter_and_the_form_is_told(self):
        revision = self.reply().save_revision(user=self.writer_user)
        run_commit_callbacks()
        with (
            mock.patch("blog.reply_analysis.find_identifying_details", side_effect=ValueError("Daniel is 35")),
            self.assertLogs("blog.reply_analysis", "ERROR") as logs,
        ):
            run_worker()
        self.assertEqual(analysis_status(revision), "failed")
        self.assertIsNone(analysis_for(revision))
        self.assertEqual(ReplyAnalysis.objects.get(revision=revision).error, "ValueError")
        self.assertNotIn("Daniel", "\n".join(logs.output))

    def test_findings_from_older_rules_are_analysed_again(self):
        revision = self.reply().save_revision(user=self.writer_user)
        run_commit_callbacks()
        run_worker()
        ReplyAnalysis.objects.filter(revision=revision).update(engine_version="deid 0; spaCy 3.7")
        self.assertIsNone(analysis_for(revision))
        self.assertEqual(analysis_status(revision), "pending")
        run_commit_callbacks()
        run_worker()
        self.assertEqual(len(analysis_for(revision)), 6)


def test_rich_text_becomes_one_paragraph_to_a_line():
    assert plain_text("<p>Our son <b>Daniel</b> is 35.</p><p>He&#x27;s at <i>home</i>.<br/>Today.</p>") == (
        "Our son Daniel is 35.\nHe's at home.\nToday."
    )
