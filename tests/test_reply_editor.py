"""The reply editor as writers and reviewers use it: a real headline and tags before review, tag
suggestions most used first, the reviewer's request at the top of the editor, and messages that say
what a review action did."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import TestCase
from django.urls import reverse
from wagtail.models import TaskState, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog.headlines import is_placeholder_title
from blog.models import LetterReplyPage, StaffWriter
from blog.tag_suggestions import suggest_tags
from cms.roles import EDITORS, WRITERS
from discussion.models import Letter
from tests.factories import LetterReplyPageFactory, privacy_approval_data

HEADLINE = "How do we talk to our son about tapering off fentanyl?"


def make_user(username, group, **extra):
    user = get_user_model().objects.create_user(
        username=username, password="pw", email=f"{username}@example.org", **extra
    )
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.mark.parametrize(
    ("title", "placeholder"),
    [
        ("Reply to Cwfranklin", True),
        ("reply to cwfranklin", True),
        ("Cwfranklin", True),
        ("Re: Cwfranklin", True),
        ("A letter from Cwfranklin!", True),
        ("Reply to Quiet harbour", False),  # another pen-name: not this letter's placeholder
        ("Cwfranklin asks how to talk to her son", False),
        (HEADLINE, False),
    ],
)
def test_placeholder_titles(title, placeholder):
    assert is_placeholder_title(title, ["Cwfranklin", None, ""]) is placeholder


class ReplyEditorTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.writer = make_user("wren", WRITERS, first_name="Wren", last_name="Hale")
        cls.editor = make_user("edna", EDITORS, first_name="Edna", last_name="Okafor")
        cls.staff_writer = StaffWriter.objects.create(
            name="Wren Hale", slug="wren-hale", role_title="Staff writer", user=cls.writer
        )
        cls.letter = Letter.objects.create(
            pen_name="Cwfranklin", body="Our son is tapering off fentanyl. How do we talk about it?", consent=True
        )

    def setUp(self):
        self.page = self.letter.start_reply(self.writer)
        self.url = reverse("wagtailadmin_pages:edit", args=[self.page.pk])

    def form(self, **overrides):
        data = {
            "title": HEADLINE,
            "slug": self.page.slug,
            "standfirst": "A mother asks how to talk about treatment.",
            "pen_name": "Cwfranklin",
            "letter": rich_text("<p>Our son is tapering off fentanyl. How do we talk about it?</p>"),
            "reply": streamfield([("paragraph", rich_text("<p>Thank you for writing. Module 4 can help.</p>"))]),
            "writer": str(self.staff_writer.pk),
            "date": "2026-11-20",
            "tags": "boundaries, communication",
            "related_pins": inline_formset([]),
        }
        data.update(overrides)
        return nested_form_data(data)

    def latest(self):
        return LetterReplyPage.objects.get(pk=self.page.pk).get_latest_revision_as_object()

    def in_review(self):
        return WorkflowState.objects.for_instance(self.page).filter(status=WorkflowState.STATUS_IN_PROGRESS).exists()

    # 1. The title -------------------------------------------------------------------------------

    def test_the_title_field_says_what_a_good_headline_is(self):
        self.client.force_login(self.writer)
        response = self.client.get(self.url)
        self.assertContains(response, "The headline readers see: what the letter asks")

    def test_submitting_under_the_placeholder_title_is_refused_with_a_clear_message(self):
        self.client.force_login(self.writer)
        response = self.client.post(self.url, self.form(title="Reply to Cwfranklin", **{"action-submit": "1"}))
        self.assertEqual(response.status_code, 200)  # the editor again, with what was typed
        self.assertContains(response, "Not submitted for review: the reply needs a headline of its own.")
        self.assertContains(response, "only names the letter writer")
        self.assertContains(response, "A mother asks how to talk about treatment.")
        self.assertFalse(self.in_review())

        response = self.client.post(self.url, self.form(title="Cwfranklin", **{"action-submit": "1"}))
        self.assertContains(response, "Not submitted for review")
        self.assertFalse(self.in_review())

    def test_saving_a_draft_under_the_placeholder_title_is_fine(self):
        self.client.force_login(self.writer)
        response = self.client.post(self.url, self.form(title="Reply to Cwfranklin", tags=""))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.latest().standfirst, "A mother asks how to talk about treatment.")

    def test_a_real_headline_with_tags_is_submitted(self):
        self.client.force_login(self.writer)
        response = self.client.post(self.url, self.form(**{"action-submit": "1"}))
        self.assertEqual(response.status_code, 302)
        self.assertTrue(self.in_review())
        self.assertEqual(self.latest().title, HEADLINE)

    def test_a_line_break_typed_into_the_title_box_is_not_kept(self):
        self.client.force_login(self.writer)
        self.client.post(self.url, self.form(title="How do we talk\r\nto our son?"))
        self.assertEqual(self.latest().title, "How do we talk to our son?")

    # 2. Tags ------------------------------------------------------------------------------------

    def test_tags_sit_on_the_content_tab_beside_the_standfirst(self):
        edit_handler = LetterReplyPage.get_edit_handler()
        content, promote = edit_handler.children[0], edit_handler.children[1]
        content_fields = [getattr(child, "field_name", None) for child in content.children]
        self.assertEqual(content_fields[content_fields.index("standfirst") + 1], "tags")
        self.assertNotIn("tags", [getattr(child, "field_name", None) for child in promote.children])

    def test_submitting_without_tags_is_refused(self):
        self.client.force_login(self.writer)
        response = self.client.post(self.url, self.form(tags="", **{"action-submit": "1"}))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Not submitted for review: the reply needs at least one tag.")
        self.assertContains(response, "tags give the reply its related posts")
        self.assertFalse(self.in_review())

    def test_both_problems_are_named_at_once(self):
        self.client.force_login(self.writer)
        response = self.client.post(self.url, self.form(title="Reply to Cwfranklin", tags="", **{"action-submit": "1"}))
        self.assertContains(response, "the reply needs a headline of its own and at least one tag.")

    def test_tag_suggestions_come_most_used_first(self):
        for n in range(3):
            LetterReplyPageFactory(tags=["boundaries"], title=f"Boundaries {n}")
        LetterReplyPageFactory(tags=["boundary setting", "bonding"])
        LetterReplyPageFactory(tags=["self-care"])
        self.assertEqual(suggest_tags("bo"), ["boundaries", "bonding", "boundary setting"])
        self.assertEqual(suggest_tags("SETTING"), ["boundary setting"])
        self.assertEqual(suggest_tags("care"), ["self-care"])
        self.assertEqual(suggest_tags("   "), [])

        url = reverse("blog_tag_suggestions")
        self.assertEqual(self.client.get(url, {"term": "bo"}).status_code, 302)  # staff only: to the login
        self.client.force_login(self.writer)
        self.assertEqual(self.client.get(url, {"term": "bo"}).json(), ["boundaries", "bonding", "boundary setting"])
        self.assertEqual(self.client.get(url, {"term": "x" * 5000}).json(), [])
        # The editor's tag box asks this view, not Wagtail's alphabetical one.
        self.assertContains(self.client.get(self.url), f'data-w-tag-url-value="{url}"')


class ReviewTests(TestCase):
    """What reviewers and writers see around "Request changes", "Approve" and "Publish"."""

    @classmethod
    def setUpTestData(cls):
        cls.writer = make_user("wren", WRITERS, first_name="Wren", last_name="Hale")
        cls.editor = make_user("edna", EDITORS, first_name="Edna", last_name="Okafor")
        # Editorial approval comes from another editor than the privacy check's.
        cls.second_editor = make_user("eamon", EDITORS, first_name="Eamon", last_name="Byrne")
        cls.staff_writer = StaffWriter.objects.create(name="Wren Hale", slug="wren-hale", role_title="Staff writer")

    def setUp(self):
        letter = Letter.objects.create(pen_name="Quietharbour", body="How do I bring up his drinking?", consent=True)
        self.page = letter.start_reply(self.writer)
        self.url = reverse("wagtailadmin_pages:edit", args=[self.page.pk])
        self.client.force_login(self.writer)
        self.client.post(self.url, self.form(**{"action-submit": "1"}))
        self.assertEqual(self.task_state().task.name, "Privacy check")

    def form(self, **extra):
        return nested_form_data(
            {
                "title": "Bringing up his drinking without a fight",
                "slug": self.page.slug,
                "standfirst": "A partner asks how to start the conversation.",
                "pen_name": "Quietharbour",
                "letter": rich_text("<p>How do I bring up his drinking?</p>"),
                "reply": streamfield([("paragraph", rich_text("<p>Choose a calm moment.</p>"))]),
                "writer": str(self.staff_writer.pk),
                "date": "2026-11-20",
                "tags": "communication",
                "related_pins": inline_formset([]),
                **extra,
            }
        )

    def task_state(self):
        return TaskState.objects.filter(workflow_state__object_id=str(self.page.pk)).order_by("-pk").first()

    def act(self, action, **extra_data):
        """The reviewer's action from the editor's footer, as the editor's modal posts it."""
        data = self.form(
            **{
                "action-workflow-action": "1",
                "workflow-action-name": action,
                "workflow-action-extra-data": json.dumps(extra_data),
            }
        )
        return self.client.post(self.url, data, follow=True)

    def messages(self, response):
        return [str(message.message).strip() for message in response.context["messages"]]

    def test_request_changes_sends_it_back_to_the_writer_who_sees_the_request_at_the_top_until_resubmitting(self):
        self.client.force_login(self.editor)
        response = self.act("reject", comment="Please say less about his workplace.")
        self.assertTrue(any("Sent back to Wren Hale with your comment." in m for m in self.messages(response)))
        self.assertFalse(any("has been updated" in m for m in self.messages(response)))

        self.client.force_login(self.writer)
        editor = self.client.get(self.url).content.decode()
        self.assertIn("Edna Okafor asked for changes", editor)
        self.assertIn("Please say less about his workplace.", editor)
        # At the top: before the title field.
        self.assertLess(editor.index("Edna Okafor asked for changes"), editor.index('name="title"'))

        self.client.post(self.url, self.form(**{"action-submit": "1"}))  # resubmitted
        self.assertEqual(self.task_state().status, TaskState.STATUS_IN_PROGRESS)
        self.assertNotIn("asked for changes", self.client.get(self.url).content.decode())

    def test_approving_says_what_comes_next_and_the_last_approval_links_to_the_published_reply(self):
        self.client.force_login(self.editor)
        # The approval form's data: each of the de-identification assistant's findings marked.
        response = self.act("approve", **privacy_approval_data(self.task_state()))
        self.assertIn("Privacy check approved; waiting for editorial approval.", self.messages(response))
        self.assertEqual(self.task_state().task.name, "Editorial approval")

        self.client.force_login(self.second_editor)
        response = self.act("approve", comment="Lovely.")
        page = LetterReplyPage.objects.get(pk=self.page.pk)
        self.assertTrue(page.live)
        published = [m for m in self.messages(response) if m.startswith("Published: ")]
        self.assertEqual(len(published), 1, self.messages(response))
        self.assertIn(f'<a class="message-link" href="{page.url}">{page.full_url}</a>', published[0])
        self.assertFalse(any("has been updated" in m for m in self.messages(response)))

    def test_an_editors_publish_button_says_published_with_the_link(self):
        # Publishing waits for the privacy check, and for an editor other than the one who passed it.
        self.client.force_login(self.editor)
        self.act("approve", **privacy_approval_data(self.task_state()))
        self.client.force_login(self.second_editor)
        response = self.client.post(self.url, self.form(**{"action-publish": "1"}), follow=True)
        page = LetterReplyPage.objects.get(pk=self.page.pk)
        self.assertTrue(page.live)
        self.assertIn(
            f'Published: <a class="message-link" href="{page.url}">{page.full_url}</a>', self.messages(response)
        )

    def test_the_privacy_checklist_puts_each_box_beside_its_point(self):
        self.client.force_login(self.editor)
        state = self.task_state()
        url = reverse("wagtailadmin_pages:collect_workflow_action_data", args=[self.page.pk, "approve", state.pk])
        html = json.loads(self.client.get(url).content)["html"]
        self.assertEqual(html.count('class="privacy-checklist__item"'), 5)
        self.assertRegex(html, r'<input type="checkbox" name="no_names" id="id_no_names">\s*<label for="id_no_names">')

        # An incomplete checklist comes back with the point to confirm, beside it.
        response = self.client.post(url, {"no_names": "on"}, headers={"x-requested-with": "XMLHttpRequest"})
        html = json.loads(response.content)["html"]
        self.assertIn("privacy-checklist__item--error", html)
        self.assertIn("Confirm this point before approving.", html)
