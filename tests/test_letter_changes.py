"""The privacy check shows the letter as it arrived beside the letter as it will be published."""

import json

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import SimpleTestCase, TestCase
from django.urls import reverse
from wagtail.models import TaskState

from blog.letter_changes import ADDED, REMOVED, SAME, letter_changes
from blog.models import LetterReplyPage
from cms.roles import EDITORS, WRITERS
from discussion.models import Letter
from tests.factories import StaffWriterFactory, draft_reply

ARRIVED = (
    "Our son Liam is 17 and goes to Ballard High in Seattle.\n\n"
    "He has been vaping since March. How do we talk to him?\n\n"
    "Thank you, Karen (555) 201-3344"
)
PUBLISHED = "<p>Our son is a teenager.</p><p>He has been vaping for months. How do we talk to him?</p>"


class LetterChangesTests(SimpleTestCase):
    def test_paragraphs_line_up_and_words_are_marked(self):
        rows = letter_changes(ARRIVED, PUBLISHED)
        self.assertEqual(len(rows), 3)
        first, second, third = rows
        self.assertEqual(
            first.original,
            [
                (SAME, "Our son "),
                (REMOVED, "Liam "),
                (SAME, "is "),
                (REMOVED, "17 and goes to Ballard High in Seattle."),
            ],
        )
        self.assertEqual(first.published, [(SAME, "Our son is "), (ADDED, "a teenager.")])
        self.assertIn((REMOVED, "since March. "), second.original)
        self.assertIn((ADDED, "for months. "), second.published)
        # The sign-off with a name and a phone number was left out.
        self.assertEqual(third.original, [(REMOVED, "Thank you, Karen (555) 201-3344")])
        self.assertIsNone(third.published)
        self.assertTrue(all(row.changed for row in rows))

    def test_an_unchanged_letter_has_no_marks(self):
        rows = letter_changes("One.\n\nTwo  words.", "<p>One.</p><p>Two words.</p>")
        self.assertEqual([row.changed for row in rows], [False, False])

    def test_a_paragraph_added_in_the_edit_shows_on_the_right_only(self):
        rows = letter_changes("One.", "<p>One.</p><p>(Edited for privacy.)</p>")
        self.assertEqual(rows[1].original, None)
        self.assertEqual(rows[1].published, [(ADDED, "(Edited for privacy.)")])

    def test_line_breaks_and_entities_read_as_text(self):
        rows = letter_changes("Fish & chips\non Fridays.", "<p>Fish &amp; <b>chips</b><br/>on Fridays.</p>")
        self.assertEqual([row.changed for row in rows], [False])


class PrivacyCheckFormTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        User = get_user_model()
        cls.writer = User.objects.create_user("wren", password="pw")
        cls.writer.groups.add(Group.objects.get(name=WRITERS))
        cls.reviewer = User.objects.create_user("rafe", password="pw")
        cls.reviewer.groups.add(Group.objects.get(name=EDITORS))

    def submitted(self, page):
        page.title, page.standfirst = "Talking with a teenager about vaping", "A mother asks."
        page.writer = StaffWriterFactory()
        revision = page.save_revision(user=self.writer)
        page.get_workflow().start(page, self.writer)
        return revision

    def approval_form(self, page):
        state = TaskState.objects.get(workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS)
        url = reverse("wagtailadmin_pages:collect_workflow_action_data", args=[page.pk, "approve", state.pk])
        self.client.force_login(self.reviewer)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return json.loads(response.content)["html"]

    def test_the_reviewer_sees_both_versions_side_by_side_with_the_edit_marked(self):
        letter = Letter.objects.create(pen_name="Worriedmum", body=ARRIVED, consent=True)
        page = letter.start_reply(self.writer)
        page = LetterReplyPage.objects.get(pk=page.pk)
        page.letter = PUBLISHED
        self.submitted(page)
        html = self.approval_form(page)
        self.assertIn("The letter, as it arrived and as it will be published", html)
        self.assertIn("As it arrived (", html)
        self.assertIn('<del><span class="w-sr-only">[removed: </span>17 and goes to Ballard High in Seattle.', html)
        self.assertIn('<ins><span class="w-sr-only">[added: </span>a teenager.', html)
        self.assertIn("(left out)", html)
        self.assertIn("3 of 3 paragraphs edited", html)

    def test_the_version_under_review_is_compared_not_a_later_draft(self):
        letter = Letter.objects.create(pen_name="Worriedmum", body=ARRIVED, consent=True)
        page = LetterReplyPage.objects.get(pk=letter.start_reply(self.writer).pk)
        page.letter = PUBLISHED
        self.submitted(page)
        page.letter = "<p>Something else entirely.</p>"
        page.save_revision(user=self.reviewer)
        html = self.approval_form(page)
        self.assertIn("a teenager.", html)
        self.assertNotIn("Something else entirely", html)

    def test_a_reply_without_a_letter_in_the_inbox_says_so(self):
        page = draft_reply()
        self.submitted(page)
        html = self.approval_form(page)
        self.assertIn("answers no letter in the inbox", html)
