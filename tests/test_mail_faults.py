"""Every action that sends mail, against a mail server that refuses, drops, hangs, or answers 4xx or 5xx.

The mail server is a real local SMTP socket (tests/smtp_standin.py) and the mail is delivered by the
worker's own loop (tests/mailqueue.py). For each action and fault: the HTTP answer is the normal
success within a second, the data is stored, nothing is sent while the server misbehaves, and once
it is back the message is delivered exactly once (by the worker's own retry for transient faults,
by the outbox's Retry button after a permanent one).
"""

import datetime
import time
from unittest import mock

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import TaskState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog.models import LetterReplyPage, StaffWriter
from cms.roles import COMMENT_MODERATORS, EDITORS, WRITERS
from discussion.models import Comment, Letter
from discussion.models.comments import CommentNotificationPreference
from outbox.delivery import requeue_stalled
from outbox.models import OutboundEmail
from tests.factories import LetterReplyPageFactory, privacy_approval, privacy_checked
from tests.mailqueue import run_worker
from tests.smtp_standin import SMTPStandIn

FAULTS = ["refuse", "drop", "hang", "4xx", "5xx"]
CRISIS_LETTER = "My son overdosed last night and I am afraid he will try to kill himself. What do we do?"
QUIET_LETTER = "Our son is 35 and tapering off fentanyl. How do we talk about treatment with CRAFT?"

Status = OutboundEmail.Status


def make_user(username, group):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(
        username=username, password="pw", email=f"{username}@staff.example.org", first_name=username.title()
    )
    user.groups.add(Group.objects.get(name=group))
    return user


class MailFaultTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user("edna", EDITORS)
        cls.second_editor = make_user("eamon", EDITORS)
        cls.writer = make_user("wren", WRITERS)
        cls.moderator = make_user("mo", COMMENT_MODERATORS)
        cls.staff_writer = StaffWriter.objects.create(
            name="Wren Hale", slug="wren-hale", role_title="Staff writer", user=cls.writer
        )
        CommentNotificationPreference.objects.create(user=cls.writer, approved_on_my_replies=True)

    def setUp(self):
        self.smtp = SMTPStandIn()
        self.addCleanup(self.smtp.close)
        self.serial = 0

    # What each action needs, and the action itself -------------------------------------------------

    def new_letter(self, email="", **extra):
        self.serial += 1
        return Letter.objects.create(
            pen_name=f"Hopeful{self.serial}", body=QUIET_LETTER, consent=True, email=email, **extra
        )

    def reply_form(self, page, **extra):
        data = {
            "title": f"Talking about treatment without pushing him away ({self.serial})",
            "slug": page.slug,
            "standfirst": "A mother asks how to talk about treatment.",
            "pen_name": page.pen_name,
            "letter": rich_text(f"<p>{QUIET_LETTER}</p>"),
            "reply": streamfield([("paragraph", rich_text("<p>Try the ideas on positive communication.</p>"))]),
            "writer": str(self.staff_writer.pk),
            "date": "2026-11-20",
            "tags": "treatment",
            "related_pins": inline_formset([]),
        }
        return nested_form_data(data | extra)

    def draft_reply(self, letter_email="family@example.net"):
        letter = self.new_letter(email=letter_email, assigned_to=self.writer, status=Letter.Status.ASSIGNED)
        return letter, letter.start_reply(self.writer)

    def submit(self, page):
        self.client.force_login(self.writer)
        return self.client.post(
            reverse("wagtailadmin_pages:edit", args=[page.pk]), self.reply_form(page, **{"action-submit": "submit"})
        )

    def task_state(self, page):
        return TaskState.objects.get(
            workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS
        ).specific

    def workflow(self, page, action, data, user=None):
        self.client.force_login(user or self.editor)
        url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, self.task_state(page).pk])
        return self.client.post(url, data)

    def in_review(self, *, passed_privacy=False):
        letter, page = self.draft_reply()
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(self.submit(page).status_code, 302)
            if passed_privacy:
                approval = privacy_approval(self.task_state(page))
                self.assertEqual(self.workflow(page, "approve", approval).status_code, 302)
        self.deliver_everything()
        return letter, page

    def deliver_everything(self):
        """Let what the set-up sent go out first, so each test counts only its action's mail."""
        run_worker()
        self.smtp.received.clear()

    # Actions: each prepares what it needs (with the mail server well) and returns the step to time,
    # the HTTP status it answers, a check that its data was stored, and who must get mail.

    def crisis_letter(self):
        self.serial += 1
        pen_name = f"Afraid{self.serial}"
        data = {"pen_name": pen_name, "email": "", "body": CRISIS_LETTER, "relation": "parent", "consent": "on"}

        def act():
            return self.client.post("/write-to-us/", data)

        def stored():
            return Letter.objects.get(pen_name=pen_name).urgent

        return act, 302, stored, [self.editor.email, self.second_editor.email]

    def assign(self):
        letter = self.new_letter()
        self.client.force_login(self.editor)

        def act():
            return self.client.post(f"/admin/letters/{letter.pk}/assign/", {"writer": self.writer.pk})

        def stored():
            letter.refresh_from_db()
            return letter.assigned_to == self.writer

        return act, 302, stored, [self.writer.email]

    def submit_for_review(self):
        letter, page = self.draft_reply()

        def stored():
            letter.refresh_from_db()
            return letter.status == Letter.Status.IN_REVIEW and self.task_state(page).task.name == "Privacy check"

        return lambda: self.submit(page), 302, stored, [self.editor.email, self.second_editor.email]

    def request_changes(self):
        letter, page = self.in_review()

        def act():
            return self.workflow(page, "reject", {"comment": "Please soften the opening."})

        def stored():
            letter.refresh_from_db()
            return letter.status == Letter.Status.DRAFTING

        return act, 302, stored, [self.writer.email]

    def approve_privacy_check(self):
        _letter, page = self.in_review()

        def stored():
            return self.task_state(page).task.name == "Editorial approval"

        # Editorial approval's reviewers hear of it (the approver is not told of their own action).
        approval = privacy_approval(self.task_state(page))  # the assistant has read it: each finding marked
        return lambda: self.workflow(page, "approve", approval), 302, stored, [self.second_editor.email]

    def approve_and_publish(self):
        letter, page = self.in_review(passed_privacy=True)

        def act():
            # From another editor than the one who passed the privacy check (four eyes).
            return self.workflow(page, "approve", {"comment": "Warm and clear."}, user=self.second_editor)

        def stored():
            letter.refresh_from_db()
            return LetterReplyPage.objects.get(pk=page.pk).live and letter.status == Letter.Status.PUBLISHED

        return act, 302, stored, ["family@example.net", self.writer.email]

    def publish_directly(self):
        letter, page = self.draft_reply()
        self.client.force_login(self.editor)
        # A version whose privacy check passed: saved as a draft and checked, then published as it is.
        self.client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), self.reply_form(page))
        privacy_checked(LetterReplyPage.objects.get(pk=page.pk).get_latest_revision())
        self.deliver_everything()

        def act():
            form = self.reply_form(page, **{"action-publish": "publish"})
            return self.client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), form)

        def stored():
            letter.refresh_from_db()
            return LetterReplyPage.objects.get(pk=page.pk).live and letter.status == Letter.Status.PUBLISHED

        return act, 302, stored, ["family@example.net"]

    def scheduled_publish(self):
        pages = []
        for address in ("first@example.net", "second@example.net"):
            letter = self.new_letter(email=address)
            page = letter.start_reply(self.editor)
            page.standfirst = "Standfirst."
            page.writer = self.staff_writer
            page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
            privacy_checked(page.save_revision(user=self.editor)).publish(user=self.editor)
            pages.append(page)

        def act():
            later = timezone.now() + datetime.timedelta(hours=2)
            with mock.patch("django.utils.timezone.now", return_value=later):
                call_command("publish_scheduled", verbosity=0)  # raises on a non-zero exit

        def stored():
            return all(LetterReplyPage.objects.get(pk=page.pk).live for page in pages)

        return act, None, stored, ["first@example.net", "second@example.net"]

    def comment_held(self):
        page = LetterReplyPageFactory(owner=self.writer)

        def act():
            data = {"display_name": "Maria", "email": "", "body": f"We felt lost too ({page.pk})."}
            return self.client.post(f"/comments/{page.pk}/post/", data)

        def stored():
            return Comment.objects.get(page=page).status == Comment.Status.PENDING

        return act, 303, stored, [self.moderator.email]

    def comment_approved(self):
        page = LetterReplyPageFactory(owner=self.writer)
        comment = Comment.objects.create(page=page, display_name="Reader", body="Thank you for this.")
        self.client.force_login(self.moderator)

        def act():
            return self.client.post(f"/admin/bulk/discussion/comment/approve/?id={comment.pk}&next=/admin/comments/")

        def stored():
            comment.refresh_from_db()
            return comment.status == Comment.Status.APPROVED

        return act, 302, stored, [self.writer.email]

    # The matrix ---------------------------------------------------------------------------------

    def check_action(self, action):
        for fault in FAULTS:
            with self.subTest(fault=fault), override_settings(**self.smtp.settings(timeout=1)):
                self.smtp.set_mode("accept")
                with self.captureOnCommitCallbacks(execute=True):
                    act, expected_status, stored, recipients = action()
                self.deliver_everything()
                queued_before = set(OutboundEmail.objects.values_list("pk", flat=True))
                self.smtp.set_mode(fault)

                started = time.monotonic()
                with self.captureOnCommitCallbacks(execute=True):
                    response = act()
                elapsed = time.monotonic() - started
                if expected_status is not None:
                    self.assertEqual(response.status_code, expected_status, fault)
                # The request never talked to the mail server, and answered within a second.
                self.assertEqual(self.smtp.connections_seen(), 0, f"{action.__name__} connected to the mail server")
                self.assertLess(elapsed, 1.0, f"{action.__name__} took {elapsed:.2f} s with the server {fault}")
                self.assertTrue(stored(), f"{action.__name__}: data not stored with the server {fault}")

                mine = OutboundEmail.objects.exclude(pk__in=queued_before)
                self.assertEqual(sorted(mine.values_list("recipient", flat=True)), sorted(recipients))

                # The worker tries while the server misbehaves: nothing arrives, nothing is lost.
                run_worker()
                self.assertEqual(self.smtp.received, [])
                expected = Status.FAILED if fault == "5xx" else Status.RETRYING
                self.assertEqual({e.status for e in mine}, {expected}, [e.last_error for e in mine])
                self.assertTrue(all(e.last_error for e in mine))

                # The server comes back.
                self.smtp.set_mode("accept")
                if fault == "5xx":
                    # A permanent refusal is not retried by itself; after fixing the cause, Retry sends it.
                    run_worker()
                    requeue_stalled(now=timezone.now() + datetime.timedelta(hours=1))
                    run_worker()
                    self.assertEqual(self.smtp.received, [])
                    self.client.force_login(self.editor)
                    for email in mine:
                        self.assertEqual(self.client.post(f"/admin/outbox/{email.pk}/retry/").status_code, 302)
                else:
                    # The worker's own retry comes due (its wait is at most an hour at this point).
                    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
                run_worker()
                # A lost task is swept up, and nothing is sent twice.
                requeue_stalled(now=timezone.now() + datetime.timedelta(hours=1))
                run_worker()
                for address in recipients:
                    self.assertEqual(len(self.smtp.received_by(address)), 1, f"{address} with the server {fault}")
                self.assertEqual({e.status for e in mine.all()}, {Status.SENT})

    def test_crisis_letter(self):
        self.check_action(self.crisis_letter)

    def test_assign_letter(self):
        self.check_action(self.assign)

    def test_submit_for_review(self):
        self.check_action(self.submit_for_review)

    def test_request_changes(self):
        self.check_action(self.request_changes)

    def test_approve_privacy_check(self):
        self.check_action(self.approve_privacy_check)

    def test_approve_and_publish(self):
        self.check_action(self.approve_and_publish)

    def test_publish_directly(self):
        self.check_action(self.publish_directly)

    def test_scheduled_publish(self):
        self.check_action(self.scheduled_publish)

    def test_comment_held(self):
        self.check_action(self.comment_held)

    def test_comment_approved(self):
        self.check_action(self.comment_approved)
