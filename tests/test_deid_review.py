"""The de-identification assistant where people use it: the reviewer marks each finding, the writer sees them.

The engine itself is tested in tests/test_deid.py; here its findings reach the privacy check's approval
form (each highlighted in context with its kind, each needing a mark "changed" or "fine as it is",
approval refused while one is unmarked or while the analysis runs) and the editor's panel (read-only).
"""

import json

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import TestCase
from django.urls import reverse
from wagtail.models import TaskState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog.models import FindingMark, LetterReplyPage, ReplyAnalysis, StaffWriter
from cms.roles import EDITORS, WRITERS
from discussion.models import Letter
from tests.factories import PRIVACY_CHECKLIST, analysed, privacy_approval

LETTER = (
    "Our son is 15 and goes to Jefferson High School in Kettering. He started vaping in the spring. "
    "How do we talk to him without a fight?"
)


class AssistantReviewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        User = get_user_model()
        cls.writer = User.objects.create_user("wren", password="pw", first_name="Wren")
        cls.writer.groups.add(Group.objects.get(name=WRITERS))
        cls.reviewer = User.objects.create_user("rafe", password="pw", first_name="Rafe")
        cls.reviewer.groups.add(Group.objects.get(name=EDITORS))
        cls.staff_writer = StaffWriter.objects.create(name="Wren Hale", slug="wren-hale", role_title="Staff writer")

    def setUp(self):
        letter = Letter.objects.create(pen_name="Worriedmum", body=LETTER, consent=True)
        page = LetterReplyPage.objects.get(pk=letter.start_reply(self.writer).pk)
        page.title = "Talking with a teenager about vaping"
        page.standfirst = "A mother asks how to start the conversation."
        page.writer = self.staff_writer
        page.save_revision(user=self.writer)
        page.get_workflow().start(page, self.writer)
        self.page = page
        self.state = TaskState.objects.get(workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS)
        self.modal_url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", self.state.pk])

    def modal(self, data=None):
        """The approval form in its modal, as the admin's script loads (GET) or posts it."""
        self.client.force_login(self.reviewer)
        headers = {"x-requested-with": "XMLHttpRequest"}
        if data is None:
            response = self.client.get(self.modal_url, headers=headers)
        else:
            response = self.client.post(self.modal_url, data, headers=headers)
        self.assertEqual(response.status_code, 200)
        return json.loads(response.content)

    def current(self):
        return TaskState.objects.get(pk=self.state.pk)

    def test_each_finding_is_highlighted_in_context_with_its_kind_and_needs_a_mark(self):
        findings = analysed(self.state.revision)
        self.assertEqual(
            {(f.kind, f.text) for f in findings},
            {("age", "15"), ("institution", "Jefferson High School"), ("place", "Kettering")},
        )
        html = self.modal()["html"]
        self.assertIn("3 likely identifying details", html)
        self.assertIn("An institution</span> in the letter: &ldquo;Jefferson High School&rdquo;", html)
        self.assertIn("A place</span> in the letter: &ldquo;Kettering&rdquo;", html)
        self.assertIn("goes to <mark>Jefferson High School</mark> in Kettering.", html)
        for finding in findings:
            for decision in ("changed", "fine"):
                self.assertIn(f'name="mark:{finding.key}" value="{decision}" required', html)
        self.assertIn("Fine as it is", html)

    def test_approval_is_refused_while_any_finding_is_unmarked(self):
        findings = analysed(self.state.revision)
        marked = {f"mark:{findings[0].key}": "changed"}
        data = {**PRIVACY_CHECKLIST, "reviewed_step": self.state.pk, **marked}
        reply = self.modal(data)
        self.assertEqual(reply["step"], "action")  # the form again, with the reason
        self.assertIn("before approving (2 not marked)", reply["html"])
        self.assertEqual(reply["html"].count("Mark this detail changed or fine as it is."), 2)
        self.assertIn('value="changed" required checked', reply["html"])  # the mark given is kept
        self.assertEqual(self.current().status, TaskState.STATUS_IN_PROGRESS)

    def test_approval_is_refused_while_the_analysis_is_still_running(self):
        self.assertEqual(ReplyAnalysis.objects.get(revision=self.state.revision).status, "pending")
        self.assertIn("still running on this version", self.modal()["html"])
        reply = self.modal({**PRIVACY_CHECKLIST, "reviewed_step": self.state.pk})
        self.assertIn("The de-identification check is still running; try again in a moment.", reply["html"])
        self.assertEqual(self.current().status, TaskState.STATUS_IN_PROGRESS)

    def test_once_each_finding_is_marked_the_approval_goes_through_and_keeps_the_marks(self):
        findings = {f.text: f for f in analysed(self.state.revision)}
        data = privacy_approval(self.state)
        data[f"mark:{findings['Kettering'].key}"] = "changed"
        reply = self.modal(data)
        self.assertEqual(reply["step"], "success")
        self.assertEqual(self.current().status, TaskState.STATUS_APPROVED)
        marks = {mark.text: (mark.kind, mark.decision) for mark in FindingMark.objects.filter(task_state=self.state)}
        self.assertEqual(
            marks,
            {
                "Kettering": ("place", "changed"),
                "Jefferson High School": ("institution", "fine"),
                "15": ("age", "fine"),
            },
        )

    def test_marks_passed_on_by_the_editors_footer_are_checked_again(self):
        analysed(self.state.revision)
        self.client.force_login(self.reviewer)
        edit_url = reverse("wagtailadmin_pages:edit", args=[self.page.pk])
        form = nested_form_data(
            {
                "title": self.page.title,
                "slug": self.page.slug,
                "standfirst": self.page.standfirst,
                "pen_name": self.page.pen_name,
                "letter": rich_text(self.page.letter),
                "reply": streamfield([("paragraph", rich_text("<p>Choose a calm moment.</p>"))]),
                "writer": str(self.staff_writer.pk),
                "date": "2026-11-20",
                "tags": "",
                "related_pins": inline_formset([]),
                "action-workflow-action": "1",
                "workflow-action-name": "approve",
                "workflow-action-extra-data": json.dumps({"comment": "", "marks": {}}),
            }
        )
        # Only a forged request gets here (the footer sends what the form accepted): refused, nothing approved.
        response = self.client.post(edit_url, form, follow=True)
        self.assertContains(response, "do not have permission")
        self.assertEqual(self.current().status, TaskState.STATUS_IN_PROGRESS)
        self.assertFalse(FindingMark.objects.exists())

    def test_a_form_without_its_step_is_out_of_date(self):
        analysed(self.state.revision)
        reply = self.modal(dict(PRIVACY_CHECKLIST))
        self.assertIn("This form is out of date", reply["html"])
        reply = self.modal({**PRIVACY_CHECKLIST, "reviewed_step": "not a number"})
        self.assertEqual(reply["step"], "action")
        self.assertEqual(self.current().status, TaskState.STATUS_IN_PROGRESS)

    def test_when_the_analysis_failed_the_reviewer_reads_unaided(self):
        ReplyAnalysis.objects.filter(revision=self.state.revision).update(status="failed", error="OSError")
        self.assertIn("The assistant could not read this version", self.modal()["html"])
        reply = self.modal({**PRIVACY_CHECKLIST, "reviewed_step": self.state.pk})
        self.assertEqual(reply["step"], "success")

    def test_findings_of_a_version_saved_over_since_are_not_shown(self):
        analysed(self.state.revision)
        revision = self.state.revision
        revision.content = {**revision.content, "letter": "<p>Our son is a teenager.</p>"}
        revision.save(update_fields=["content"])
        self.assertIn("still running on this version", self.modal()["html"])
        findings = analysed(revision)  # analysed again, on what it says now
        self.assertEqual(findings, [])

    def test_the_writer_sees_the_same_findings_read_only(self):
        analysed(self.page.get_latest_revision())
        self.client.force_login(self.writer)
        html = self.client.get(reverse("wagtailadmin_pages:edit", args=[self.page.pk])).content.decode()
        self.assertIn("What the de-identification assistant found", html)
        self.assertIn("goes to <mark>Jefferson High School</mark> in Kettering.", html)
        self.assertIn("The reviewer marks each one changed or fine as it is.", html)
        self.assertNotIn('name="mark:', html)

    def test_the_writer_is_told_while_the_analysis_runs(self):
        self.client.force_login(self.writer)
        html = self.client.get(reverse("wagtailadmin_pages:edit", args=[self.page.pk])).content.decode()
        self.assertIn("still running on this version; its findings appear here in a moment. Reload the page", html)
