"""No reply goes live without a passed privacy check on the version that goes live, by any route.

Each way of publishing is tried by an editor, an administrator and the writer on a reply in review:
refused until the privacy check has passed for that version; then the editor and the administrator
may. Four eyes for each step, re-approval after an edit, scheduled replies changed after their
check, and replies imported from the archive.
"""

import datetime
import json
from unittest import mock

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, PageLogEntry, TaskState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog.models import BlogIndexPage, LetterReplyPage, PrivacyClearance, StaffWriter
from blog.publishing import PrivacyCheckRequired
from cms.roles import EDITORS, WRITERS
from discussion.models import Letter
from tests.factories import privacy_approval, privacy_approval_data

CHECKLIST = dict.fromkeys(("no_names", "no_places", "no_clinics", "no_dates", "no_contact"), "on")


def make_user(username, group=None, **extra):
    user = get_user_model().objects.create_user(
        username=username, password="pw", email=f"{username}@example.org", first_name=username.title(), **extra
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


class ReplyInReview(TestCase):
    """A reply the writer has drafted and submitted: the privacy check is the current step."""

    @classmethod
    def setUpTestData(cls):
        cls.writer = make_user("wren", WRITERS)
        cls.editor = make_user("edna", EDITORS)
        cls.reviewer = make_user("rafe", EDITORS)
        cls.admin = make_user("ada", is_superuser=True, is_staff=True)
        cls.staff_writer = StaffWriter.objects.create(
            name="Wren Hale", slug="wren-hale", role_title="Staff writer", user=cls.writer
        )

    def setUp(self):
        letter = Letter.objects.create(pen_name="Quietharbour", body="How do I bring up his drinking?", consent=True)
        self.page = letter.start_reply(self.writer)
        self.edit_url = reverse("wagtailadmin_pages:edit", args=[self.page.pk])
        self.client.force_login(self.writer)
        response = self.client.post(self.edit_url, self.form(**{"action-submit": "1"}))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.current_task().task.name, "Privacy check")

    # Helpers ----------------------------------------------------------------------------------

    def form(self, reply="<p>Choose a calm moment.</p>", **extra):
        return nested_form_data(
            {
                "title": "Bringing up his drinking without a fight",
                "slug": self.page.slug,
                "standfirst": "A partner asks how to start the conversation.",
                "pen_name": "Quietharbour",
                "letter": rich_text("<p>How do I bring up his drinking?</p>"),
                "reply": streamfield([("paragraph", rich_text(reply))]),
                "writer": str(self.staff_writer.pk),
                "date": "2026-11-20",
                "tags": "communication",
                "related_pins": inline_formset([]),
                **extra,
            }
        )

    def reload(self):
        return LetterReplyPage.objects.get(pk=self.page.pk)

    def current_task(self):
        return TaskState.objects.filter(
            workflow_state__object_id=str(self.page.pk), status=TaskState.STATUS_IN_PROGRESS
        ).first()

    def workflow_action(self, user, action, data=None):
        self.client.force_login(user)
        state = self.current_task()
        url = reverse("wagtailadmin_pages:workflow_action", args=[self.page.pk, action, state.pk])
        return self.client.post(url, data or {}, follow=True)

    def pass_privacy_check(self, reviewer=None):
        self.workflow_action(reviewer or self.reviewer, "approve", privacy_approval(self.current_task()))
        self.assertEqual(self.current_task().task.name, "Editorial approval")

    def messages(self, response):
        return " ".join(str(message.message) for message in response.context["messages"])


class PublishRoutesTests(ReplyInReview):
    def test_publishing_from_the_editor(self):
        for user in (self.editor, self.admin, self.writer):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.post(self.edit_url, self.form(**{"action-publish": "1"}), follow=True)
                self.assertFalse(self.reload().live)
                if user is not self.writer:  # a writer's Publish is not offered, and saves a draft
                    self.assertIn("goes live only after its privacy check has passed", self.messages(response))
                    workflow = reverse("wagtailadmin_pages:workflow_history", args=[self.page.pk])
                    self.assertContains(response, f'href="{workflow}"')

        self.pass_privacy_check()
        self.client.force_login(self.writer)
        self.client.post(self.edit_url, self.form(**{"action-publish": "1"}))
        self.assertFalse(self.reload().live)
        self.client.force_login(self.editor)
        response = self.client.post(self.edit_url, self.form(**{"action-publish": "1"}), follow=True)
        self.assertTrue(self.reload().live, self.messages(response))

    def test_an_administrator_publishes_once_the_check_has_passed(self):
        self.pass_privacy_check()
        self.client.force_login(self.admin)
        self.client.post(self.edit_url, self.form(**{"action-publish": "1"}))
        self.assertTrue(self.reload().live)

    def test_an_edit_after_the_check_needs_it_again_before_publishing(self):
        self.pass_privacy_check()
        self.client.force_login(self.editor)
        response = self.client.post(
            self.edit_url, self.form(reply="<p>Choose a calm moment at Riverside High.</p>", **{"action-publish": "1"})
        )
        self.assertRedirects(response, self.edit_url)
        self.assertFalse(self.reload().live)
        self.assertIn("Riverside High", self.reload().get_latest_revision_as_object().reply[0].value.source)

    def test_scheduling(self):
        go_live = (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
        for user in (self.editor, self.admin, self.writer):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.client.post(self.edit_url, self.form(go_live_at=go_live, **{"action-publish": "1"}))
                page = self.reload()
                self.assertIsNone(page.scheduled_revision)
                self.assertFalse(page.live)

        self.pass_privacy_check()
        self.client.force_login(self.editor)
        self.client.post(self.edit_url, self.form(go_live_at=go_live, **{"action-publish": "1"}))
        self.assertIsNotNone(self.reload().scheduled_revision)
        later = timezone.now() + datetime.timedelta(days=3)
        with mock.patch("django.utils.timezone.now", return_value=later):
            call_command("publish_scheduled", verbosity=0)
        self.assertTrue(self.reload().live)

    def test_bulk_publishing_from_the_page_listing(self):
        url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"]) + f"?id={self.page.pk}"
        for user in (self.editor, self.admin, self.writer):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.post(url, {"include_descendants": ""}, follow=True)
                self.assertFalse(self.reload().live)
                if user is not self.writer:
                    self.assertIn("Nothing was published", self.messages(response))

        # Publishing the blog with its drafts below it would publish the reply too: refused as well.
        blog_url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
        self.client.force_login(self.editor)
        self.client.post(f"{blog_url}?id={BlogIndexPage.objects.get().pk}", {"include_descendants": "on"})
        self.assertFalse(self.reload().live)

        self.pass_privacy_check()
        self.client.force_login(self.admin)
        self.client.post(url, {"include_descendants": ""})
        self.assertTrue(self.reload().live)

    def test_publishing_from_code_is_refused_too(self):
        with self.assertRaises(PrivacyCheckRequired):
            self.reload().get_latest_revision().publish()
        self.assertFalse(self.reload().live)

    def test_creating_a_reply_and_publishing_it_at_once(self):
        blog = BlogIndexPage.objects.get()
        url = reverse("wagtailadmin_pages:add", args=["blog", "letterreplypage", blog.pk])
        for user in (self.editor, self.admin):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                slug = f"new-{user.username}"
                response = self.client.post(url, self.form(slug=slug, **{"action-publish": "1"}), follow=True)
                page = LetterReplyPage.objects.get(slug=slug)
                self.assertFalse(page.live)  # kept as a draft
                self.assertIn("goes live only after its privacy check", self.messages(response))

    def test_reverting_to_a_live_version(self):
        self.pass_privacy_check()
        self.client.force_login(self.editor)
        self.client.post(self.edit_url, self.form(**{"action-publish": "1"}))
        live_revision = self.reload().live_revision
        # A later version is checked and published; then someone goes back to the first.
        self.client.post(
            self.edit_url, self.form(reply="<p>Choose a calm, quiet moment.</p>", **{"action-submit": "1"})
        )
        self.pass_privacy_check()
        self.client.force_login(self.editor)
        self.client.post(
            self.edit_url, self.form(reply="<p>Choose a calm, quiet moment.</p>", **{"action-publish": "1"})
        )
        self.assertNotEqual(self.reload().live_revision_id, live_revision.pk)

        revert = reverse("wagtailadmin_pages:revisions_revert", args=[self.page.pk, live_revision.pk])
        for user in (self.editor, self.admin):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.post(revert, self.form(**{"action-publish": "1"}), follow=True)
                self.assertIn("goes live only after its privacy check", self.messages(response))
                self.assertIn("quiet moment", self.reload().live_revision.content["reply"])

    def test_copying_a_reply_as_live(self):
        self.pass_privacy_check()
        self.client.force_login(self.editor)
        self.client.post(self.edit_url, self.form(**{"action-publish": "1"}))
        self.assertTrue(self.reload().live)
        url = reverse("wagtailadmin_pages:copy", args=[self.page.pk])
        blog = BlogIndexPage.objects.get()
        for user in (self.editor, self.admin):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                data = {"new_title": "Copy", "new_slug": f"copy-{user.username}", "new_parent_page": blog.pk}
                response = self.client.post(url, {**data, "publish_copies": "on"}, follow=True)
                self.assertIn("Not copied", self.messages(response))
                self.assertFalse(Page.objects.filter(slug=f"copy-{user.username}").exists())
                # As a draft it is copied, and goes through review like any reply.
                self.client.post(url, data)
                self.assertFalse(Page.objects.get(slug=f"copy-{user.username}").live)

    def test_the_publish_button_says_what_it_waits_for(self):
        self.client.force_login(self.editor)
        html = self.client.get(self.edit_url).content.decode()
        self.assertNotIn('name="action-publish"', html)
        self.assertIn("Publishing waits for the privacy check of this version", html)

        self.assertNotIn("and Publish", html)  # approving the privacy check does not publish
        self.pass_privacy_check()
        self.client.force_login(self.editor)
        html = self.client.get(self.edit_url).content.decode()
        self.assertIn('name="action-publish"', html)
        self.assertIn("Approve with comment and Publish", html)  # the last step's approval does
        # The reviewer who passed it is not offered Publish: another editor publishes.
        self.client.force_login(self.reviewer)
        html = self.client.get(self.edit_url).content.decode()
        self.assertNotIn('name="action-publish"', html)
        self.assertIn("You approved this version&#x27;s privacy check", html)


class WorkflowApprovalTests(ReplyInReview):
    def test_approve_and_publish_after_the_check(self):
        self.pass_privacy_check()
        for user in (self.writer, self.reviewer):
            with self.subTest(user=user.username):
                self.workflow_action(user, "approve", {"comment": ""})
                self.assertFalse(self.reload().live)
        self.workflow_action(self.admin, "approve", {"comment": "Good."})
        self.assertTrue(self.reload().live)

    def test_an_edit_during_review_sends_the_reply_back_to_the_privacy_check(self):
        self.pass_privacy_check()
        # An editor changes the reply and approves it in the same step.
        self.client.force_login(self.editor)
        data = self.form(
            reply="<p>Choose a calm moment, after his shift at the Harbour Inn.</p>",
            **{
                "action-workflow-action": "1",
                "workflow-action-name": "approve",
                "workflow-action-extra-data": json.dumps({"comment": ""}),
            },
        )
        self.client.post(self.edit_url, data)
        page = self.reload()
        self.assertFalse(page.live)
        state = self.current_task()
        self.assertEqual(state.task.name, "Privacy check")
        self.assertEqual(state.revision_id, page.latest_revision_id)
        # The editor made this version: another reviewer checks it.
        self.workflow_action(self.editor, "approve", CHECKLIST)
        self.assertEqual(self.current_task().pk, state.pk)
        self.pass_privacy_check()
        self.workflow_action(self.admin, "approve", {"comment": ""})
        self.assertTrue(self.reload().live)

    def test_approving_from_the_editor_without_a_change_moves_on(self):
        # The footer's approval posts the whole form; a form that reads the same is no edit.
        self.client.force_login(self.reviewer)

        def footer(extra):
            return self.form(
                **{
                    "action-workflow-action": "1",
                    "workflow-action-name": "approve",
                    "workflow-action-extra-data": json.dumps(extra),
                }
            )

        self.client.post(self.edit_url, footer(privacy_approval_data(self.current_task())))
        self.assertEqual(self.current_task().task.name, "Editorial approval")
        self.client.force_login(self.editor)
        self.client.post(self.edit_url, footer({"comment": ""}))
        self.assertTrue(self.reload().live)


class FourEyesTests(ReplyInReview):
    def actions(self, user):
        state = self.current_task()
        return [name for name, _label, _modal in state.task.specific.get_actions(self.reload(), user)]

    def test_the_writer_may_not_pass_the_privacy_check(self):
        # An editor who writes a reply (owner and byline) is still its writer.
        self.writer.groups.add(Group.objects.get(name=EDITORS))
        self.assertNotIn("approve", self.actions(self.writer))
        response = self.workflow_action(self.writer, "approve", CHECKLIST)
        self.assertEqual(self.current_task().task.name, "Privacy check")
        self.assertIn("do not have permission", self.messages(response))
        self.assertIn("approve", self.actions(self.reviewer))

    def test_nor_whoever_made_the_version_under_review(self):
        page = self.reload()
        page.standfirst = "Edited by an editor before the check started."
        revision = page.save_revision(user=self.editor)
        state = self.current_task()
        state.revision = revision
        state.save()
        self.assertNotIn("approve", self.actions(self.editor))
        with self.assertRaisesMessage(Exception, "you wrote this reply or its version under review"):
            state.task.specific.on_action(state, self.editor, "approve")
        self.assertIn("approve", self.actions(self.reviewer))

    def test_editorial_approval_not_by_the_privacy_checks_reviewer(self):
        self.pass_privacy_check(self.reviewer)
        self.assertNotIn("approve", self.actions(self.reviewer))
        self.assertIn("reject", self.actions(self.reviewer))
        self.workflow_action(self.reviewer, "approve", {"comment": ""})
        self.assertFalse(self.reload().live)
        # Nor may they publish it directly.
        self.client.force_login(self.reviewer)
        response = self.client.post(self.edit_url, self.form(**{"action-publish": "1"}), follow=True)
        self.assertFalse(self.reload().live)
        self.assertIn("you approved this version&#x27;s privacy check", self.messages(response).replace("'", "&#x27;"))
        self.workflow_action(self.editor, "approve", {"comment": ""})
        self.assertTrue(self.reload().live)
        self.assertFalse(PageLogEntry.objects.filter(page=self.page, action="blog.four_eyes.waived").exists())

    @override_settings(PRIVACY_REVIEWER_MAY_APPROVE=True)
    def test_a_small_team_may_allow_one_editor_both_steps_and_the_history_says_so(self):
        self.pass_privacy_check(self.reviewer)
        self.assertIn("approve", self.actions(self.reviewer))
        self.workflow_action(self.reviewer, "approve", {"comment": ""})
        self.assertTrue(self.reload().live)
        entry = PageLogEntry.objects.get(page=self.page, action="blog.four_eyes.waived")
        self.assertEqual(entry.user, self.reviewer)
        self.assertIn("also gave editorial approval", entry.message)
        # The writer still may not check their own reply.
        self.assertEqual(self.reload().owner, self.writer)

    def test_the_setting_is_off_by_default(self):
        from django.conf import settings

        self.assertFalse(settings.PRIVACY_REVIEWER_MAY_APPROVE)


class ScheduledPublicationTests(ReplyInReview):
    def schedule(self):
        self.pass_privacy_check()
        self.client.force_login(self.editor)
        go_live = (timezone.localtime() + datetime.timedelta(hours=2)).strftime("%Y-%m-%d %H:%M")
        self.client.post(self.edit_url, self.form(go_live_at=go_live, **{"action-publish": "1"}))
        scheduled = self.reload().scheduled_revision
        self.assertIsNotNone(scheduled)
        return scheduled

    def run_scheduler_later(self):
        later = timezone.now() + datetime.timedelta(hours=3)
        with mock.patch("django.utils.timezone.now", return_value=later):
            call_command("publish_scheduled", verbosity=0)

    def test_a_scheduled_version_overwritten_after_its_check_does_not_go_live(self):
        scheduled = self.schedule()
        # Saved over in place (as the editor's autosave does): the same revision, other words.
        content = scheduled.content
        content["standfirst"] = "A partner in Riverside asks how to start the conversation."
        scheduled.content = content
        scheduled.save(update_fields=["content"])
        # Another reply due at the same time still goes live: the command does not stop.
        other = self.other_scheduled_reply()
        with self.assertLogs("blog.publishing", "WARNING"):
            self.run_scheduler_later()
        page = self.reload()
        self.assertFalse(page.live)
        self.assertIsNone(page.scheduled_revision)
        self.assertTrue(LetterReplyPage.objects.get(pk=other.pk).live)
        entry = PageLogEntry.objects.get(page=self.page, action="blog.privacy_check.unscheduled")
        self.assertIn("has not passed for this version", entry.message)
        self.assertEqual(Letter.objects.get(reply_page=self.page).status, Letter.Status.DRAFTING)

    def test_a_scheduled_reply_edited_after_its_check_does_not_go_live(self):
        self.schedule()
        page = self.reload()
        page.standfirst = "Now naming the town."
        page.save_revision(user=self.editor)
        self.run_scheduler_later()
        self.assertFalse(self.reload().live)
        entry = PageLogEntry.objects.get(page=self.page, action="blog.privacy_check.unscheduled")
        self.assertIn("changed after this version passed its privacy check", entry.message)

    def test_an_unchanged_scheduled_reply_goes_live(self):
        self.schedule()
        self.run_scheduler_later()
        self.assertTrue(self.reload().live)

    def other_scheduled_reply(self):
        from tests.factories import draft_reply, privacy_checked

        other = draft_reply(title="Another reply")
        other.go_live_at = timezone.now() + datetime.timedelta(hours=1)
        privacy_checked(other.save_revision()).publish()
        return other


class ArchiveTests(TestCase):
    def test_a_reply_imported_from_the_archive_counts_as_checked_once(self):
        from pathlib import Path

        export = Path(__file__).parent / "data" / "wordpress" / "discussion-blog.xml"
        call_command("import_wordpress", str(export), "--no-download", verbosity=0)
        reply = LetterReplyPage.objects.live().exclude(imported_from="").first()
        self.assertIsNotNone(reply)
        clearance = PrivacyClearance.objects.get(revision=reply.live_revision)
        self.assertEqual(clearance.source, PrivacyClearance.Source.ARCHIVE)
        entry = PageLogEntry.objects.get(page=reply, action="blog.privacy_check.archive")
        self.assertIn("imported from the organisation's published archive", entry.message)
        # Published again unchanged, it needs no check; changed, it does.
        reply.save_revision().publish()
        reply = LetterReplyPage.objects.get(pk=reply.pk)
        reply.standfirst = "Edited here after the import."
        with self.assertRaises(PrivacyCheckRequired):
            reply.save_revision().publish()
