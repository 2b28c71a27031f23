"""The outbox: queued with the change, delivered by the worker, retried, visible to the right staff only."""

import datetime
import smtplib

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cms.roles import COMMENT_MODERATORS, EDITORS, WRITERS
from discussion.crisis import notify_editors_of_crisis
from discussion.models import Letter
from discussion.pipeline import notify_letter_writer
from outbox import mail as outbox
from outbox.delivery import classify, requeue_stalled, wait_before
from outbox.models import OutboundEmail
from tests.factories import LetterReplyPageFactory
from tests.mailqueue import deliver_mail, run_commit_callbacks, run_worker

Status = OutboundEmail.Status
Kind = OutboundEmail.Kind


def make_user(username, group=None, **extra):
    user = get_user_model().objects.create_user(username, f"{username}@staff.example.org", "pw", **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def queue(to="someone@example.org", **envelope):
    fields = {"kind": Kind.OTHER, "recipient_role": "staff", "private": False} | envelope
    return outbox.send("Subject", "Body text", [to], **fields)[0]


class FailingBackend(BaseEmailBackend):
    """A mail server that answers every message with the error in `FailingBackend.error`."""

    error = smtplib.SMTPResponseException(451, b"4.3.0 Try again later")

    def send_messages(self, messages):
        raise FailingBackend.error


class QueueingTests(TestCase):
    def test_nothing_is_sent_in_the_request_and_the_worker_delivers_once(self):
        queue()
        self.assertEqual(mail.outbox, [])  # stored, not sent
        deliver_mail()
        deliver_mail()
        self.assertEqual([m.to for m in mail.outbox], [["someone@example.org"]])
        self.assertEqual(OutboundEmail.objects.get().status, Status.SENT)

    def test_an_urgent_alert_goes_before_the_mail_already_waiting(self):
        for n in range(3):
            queue(to=f"moderator{n}@example.org")
        outbox.send(
            "Urgent letter",
            "Read the inbox.",
            ["editor@example.org"],
            kind=Kind.CRISIS_ALERT,
            recipient_role="editor",
            private=False,
            alert="An urgent letter arrived",
        )
        deliver_mail()
        self.assertEqual(mail.outbox[0].subject, "Urgent letter")
        self.assertEqual(len(mail.outbox), 4)

    def test_a_rolled_back_change_sends_nothing(self):
        try:
            with transaction.atomic():
                queue()
                raise RuntimeError("the request failed after queueing")
        except RuntimeError:
            pass
        deliver_mail()
        self.assertEqual(OutboundEmail.objects.count(), 0)
        self.assertEqual(DBTaskResult.objects.count(), 0)
        self.assertEqual(mail.outbox, [])

    def test_each_recipient_gets_their_own_message(self):
        outbox.send(
            "Hello", "Text", ["a@example.org", "b@example.org"], kind=Kind.OTHER, recipient_role="x", private=False
        )
        deliver_mail()
        self.assertEqual(sorted(m.to for m in mail.outbox), [["a@example.org"], ["b@example.org"]])

    def test_mail_sent_through_django_is_queued_too(self):
        from django.core.mail import send_mail

        send_mail("Password reset", "A private link", None, ["staff@example.org"])
        self.assertEqual(mail.outbox, [])
        email = OutboundEmail.objects.get()
        self.assertTrue(email.private)  # an unknown sender's mail shows nothing in the outbox
        deliver_mail()
        self.assertEqual(mail.outbox[0].subject, "Password reset")

    def test_a_lost_task_is_queued_again_and_still_sent_once(self):
        queue()  # its task would be queued on commit; this "process" dies before that
        email = OutboundEmail.objects.get()
        self.assertEqual(requeue_stalled(), 0)  # not yet overdue
        later = timezone.now() + datetime.timedelta(minutes=6)
        self.assertEqual(requeue_stalled(now=later), 1)
        self.assertEqual(requeue_stalled(now=later), 0)  # its task is waiting now
        run_worker()
        run_commit_callbacks()
        run_worker()
        self.assertEqual(len(mail.outbox), 1)
        email.refresh_from_db()
        self.assertEqual(email.status, Status.SENT)


@override_settings(OUTBOX_DELIVERY_BACKEND="tests.test_outbox.FailingBackend")
class RetryTests(TestCase):
    def tearDown(self):
        FailingBackend.error = smtplib.SMTPResponseException(451, b"4.3.0 Try again later")

    def test_the_wait_grows_then_stays_at_an_hour(self):
        self.assertEqual([wait_before(n).total_seconds() / 60 for n in range(1, 10)], [1, 2, 4, 8, 16, 32, 60, 60, 60])

    def test_a_transient_failure_is_tried_again_later(self):
        queue()
        deliver_mail()
        email = OutboundEmail.objects.get()
        self.assertEqual((email.status, email.attempts), (Status.RETRYING, 1))
        self.assertEqual(email.last_error, "451 4.3.0 Try again later")
        retry = DBTaskResult.objects.get(status="READY")
        self.assertAlmostEqual((retry.run_after - timezone.now()).total_seconds(), 60, delta=5)
        run_worker()  # not due yet: nothing happens
        email.refresh_from_db()
        self.assertEqual(email.attempts, 1)

    def test_after_the_retry_window_it_fails_for_good(self):
        queue()
        OutboundEmail.objects.update(created_at=timezone.now() - datetime.timedelta(hours=49))
        deliver_mail()
        email = OutboundEmail.objects.get()
        self.assertEqual(email.status, Status.FAILED)
        self.assertIn("Gave up after 1 attempts", email.last_error)
        self.assertFalse(DBTaskResult.objects.filter(status="READY").exists())

    def test_a_permanent_failure_is_recorded_and_not_retried(self):
        FailingBackend.error = smtplib.SMTPRecipientsRefused(
            {"family@example.net": (550, b"5.1.1 <family@example.net> unknown")}
        )
        queue(to="family@example.net", private=True)
        deliver_mail()
        email = OutboundEmail.objects.get()
        self.assertEqual(email.status, Status.FAILED)
        # The server quoted the private address; the outbox does not.
        self.assertEqual(email.last_error, "550 5.1.1 <<recipient>> unknown")
        self.assertFalse(DBTaskResult.objects.filter(status="READY").exists())

    def test_faults_are_classified(self):
        self.assertEqual(classify(ConnectionRefusedError()), "transient")
        self.assertEqual(classify(smtplib.SMTPServerDisconnected()), "transient")
        self.assertEqual(classify(TimeoutError()), "transient")
        self.assertEqual(classify(smtplib.SMTPDataError(452, b"full")), "transient")
        self.assertEqual(classify(smtplib.SMTPDataError(554, b"rejected")), "permanent")
        self.assertEqual(classify(ValueError("Invalid address")), "permanent")

    @override_settings(OUTBOX_DELIVERY_BACKEND="django.core.mail.backends.locmem.EmailBackend")
    def test_an_invalid_address_fails_without_retrying(self):
        queue(to="not an address\n")
        deliver_mail()
        self.assertEqual(OutboundEmail.objects.get().status, Status.FAILED)


class LetterNoticeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.letter = Letter.objects.create(pen_name="Hopeful", body="x" * 60, consent=True, email="h@example.net")
        cls.page = LetterReplyPageFactory()

    def test_the_notice_is_marked_sent_only_once_it_was_delivered(self):
        with override_settings(OUTBOX_DELIVERY_BACKEND="tests.test_outbox.FailingBackend"):
            self.assertTrue(notify_letter_writer(self.letter, self.page))
            deliver_mail()
        self.letter.refresh_from_db()
        self.assertIsNone(self.letter.published_notice_sent_at)
        self.assertFalse(notify_letter_writer(self.letter, self.page))  # still one notice, waiting

        # The 30-day erasure counts from the notice's delivery: it has not gone, so the address stays.
        call_command("erase_letter_contacts", verbosity=0)
        self.letter.refresh_from_db()
        self.assertEqual(self.letter.email, "h@example.net")

        OutboundEmail.objects.update(next_attempt_at=timezone.now())
        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
        run_worker()
        self.letter.refresh_from_db()
        email = OutboundEmail.objects.get()
        self.assertEqual(self.letter.published_notice_sent_at, email.sent_at)
        self.assertEqual(len(mail.outbox), 1)

    def test_erasing_the_address_erases_the_notice_in_the_outbox(self):
        notify_letter_writer(self.letter, self.page)
        deliver_mail()
        Letter.objects.filter(pk=self.letter.pk).update(
            published_notice_sent_at=timezone.now() - datetime.timedelta(days=31)
        )
        call_command("erase_letter_contacts", verbosity=0)
        self.assertFalse(OutboundEmail.objects.filter(recipient="h@example.net").exists())


class PruneTests(TestCase):
    def test_old_sent_and_failed_mail_is_deleted_waiting_mail_is_kept(self):
        old = timezone.now() - datetime.timedelta(days=31)
        for status in (Status.SENT, Status.FAILED, Status.RETRYING):
            email = queue(to=f"{status}@example.org")
            OutboundEmail.objects.filter(pk=email.pk).update(status=status, created_at=old)
        queue(to="recent@example.org")
        OutboundEmail.objects.filter(recipient="recent@example.org").update(status=Status.SENT)
        call_command("prune_outbox", verbosity=0)
        self.assertEqual(
            sorted(OutboundEmail.objects.values_list("recipient", flat=True)),
            ["recent@example.org", "retrying@example.org"],
        )


class OutboxAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user("edna", EDITORS)
        cls.writer = make_user("wren", WRITERS)
        cls.moderator = make_user("mo", COMMENT_MODERATORS)
        cls.admin = make_user("root", is_superuser=True)

    def setUp(self):
        self.to_family = queue(
            to="family@example.net", private=True, kind=Kind.REPLY_PUBLISHED, recipient_role="letter writer"
        )
        OutboundEmail.objects.filter(pk=self.to_family.pk).update(body="Hello Hopeful, your reply: https://x")
        self.to_moderator = queue(
            to=self.moderator.email, private=True, kind=Kind.COMMENT_HELD, recipient_role="moderator"
        )
        self.to_writer = queue(to=self.writer.email, kind=Kind.LETTER_ASSIGNED, recipient_role="writer")

    def test_editors_and_administrators_see_every_message_but_no_private_address(self):
        for user in (self.editor, self.admin):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.get("/admin/outbox/")
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "Reply published (to the letter writer)")
                self.assertContains(response, "letter writer")
                self.assertNotContains(response, "family@example.net")
                self.assertNotContains(response, self.moderator.email)
                self.assertContains(response, self.writer.email)  # a staff member's own address is not private

    def test_a_private_message_shows_neither_address_nor_text(self):
        self.client.force_login(self.editor)
        response = self.client.get(f"/admin/outbox/{self.to_family.pk}/")
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "family@example.net")
        self.assertNotContains(response, "Hello Hopeful")
        self.assertContains(response, "its address and text are not shown")
        public = self.client.get(f"/admin/outbox/{self.to_writer.pk}/")
        self.assertContains(public, "Body text")

    def test_a_moderator_sees_only_their_own_notifications_and_cannot_retry(self):
        self.client.force_login(self.moderator)
        response = self.client.get("/admin/outbox/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, f'href="/admin/outbox/{self.to_moderator.pk}/"')
        self.assertNotContains(response, f'href="/admin/outbox/{self.to_writer.pk}/"')
        self.assertNotContains(response, f'href="/admin/outbox/{self.to_family.pk}/"')
        self.assertEqual(self.client.get(f"/admin/outbox/{self.to_family.pk}/").status_code, 404)
        # Refused (Wagtail sends a refused admin user back to the dashboard), and nothing is queued again.
        self.assertIn(self.client.post(f"/admin/outbox/{self.to_moderator.pk}/retry/").status_code, (302, 403))
        self.assertIn(self.client.post("/admin/outbox/retry-all/").status_code, (302, 403))
        self.assertFalse(DBTaskResult.objects.exists())

    def test_writers_and_readers_have_no_outbox(self):
        self.client.force_login(self.writer)
        for response in (
            self.client.get("/admin/outbox/"),
            self.client.get(f"/admin/outbox/{self.to_writer.pk}/"),
            self.client.post(f"/admin/outbox/{self.to_writer.pk}/retry/"),
        ):
            self.assertIn(response.status_code, (302, 403))
            self.assertNotContains(response, "Body text", status_code=response.status_code)
        self.assertFalse(DBTaskResult.objects.exists())
        self.client.logout()
        response = self.client.get("/admin/outbox/")
        self.assertEqual(response.status_code, 302)
        self.assertIn("/admin/login/", response["Location"])

    @override_settings(OUTBOX_DELIVERY_BACKEND="tests.test_outbox.FailingBackend")
    def test_retry_sends_a_failed_message_once_the_server_is_fixed(self):
        FailingBackend.error = smtplib.SMTPResponseException(550, b"5.7.1 Relaying denied")
        deliver_mail()
        self.assertEqual(set(OutboundEmail.objects.values_list("status", flat=True)), {Status.FAILED})
        self.client.force_login(self.editor)
        detail = self.client.get(f"/admin/outbox/{self.to_writer.pk}/")
        self.assertContains(detail, "550 5.7.1 Relaying denied")
        self.assertContains(detail, "Retry now")
        with override_settings(OUTBOX_DELIVERY_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            response = self.client.post(f"/admin/outbox/{self.to_writer.pk}/retry/", follow=True)
            self.assertContains(response, "Sending again now")
            run_worker()
        self.assertEqual([m.to for m in mail.outbox], [[self.writer.email]])
        FailingBackend.error = smtplib.SMTPResponseException(451, b"4.3.0 Try again later")

    def test_retry_all_waiting(self):
        self.client.force_login(self.editor)
        response = self.client.post("/admin/outbox/retry-all/", follow=True)
        self.assertContains(response, "Sending 3 waiting emails again now.")
        run_worker()
        self.assertEqual(len(mail.outbox), 3)


class UndeliveredCrisisAlertTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user("edna", EDITORS)
        cls.writer = make_user("wren", WRITERS)

    def test_an_alert_not_sent_within_ten_minutes_raises_a_banner_for_editors(self):
        letter = Letter.objects.create(pen_name="Afraid", body="x" * 60, consent=True, urgent=True)
        with override_settings(OUTBOX_DELIVERY_BACKEND="tests.test_outbox.FailingBackend"):
            notify_editors_of_crisis(letter)
            deliver_mail()
        self.client.force_login(self.editor)
        self.assertNotContains(self.client.get("/admin/"), "the email alert could not be sent")  # give it time

        OutboundEmail.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=11))
        received = timezone.localtime(letter.received_at)
        dashboard = self.client.get("/admin/")
        self.assertContains(dashboard, f"An urgent letter arrived at {received:%H:%M}")
        self.assertContains(dashboard, "the email alert could not be sent")
        self.assertContains(dashboard, 'href="http://testserver/admin/letters/"')

        self.client.force_login(self.writer)
        self.assertNotContains(self.client.get("/admin/"), "the email alert could not be sent")

        # Delivered at last: the banner goes.
        OutboundEmail.objects.update(status=Status.SENT)
        self.client.force_login(self.editor)
        self.assertNotContains(self.client.get("/admin/"), "the email alert could not be sent")
