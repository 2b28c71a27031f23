"""From a family member's letter to a published reply, through the admin, as each role would do it."""

import datetime
from unittest import mock

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from wagtail.models import TaskState
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog.models import LetterReplyPage, StaffWriter
from cms.roles import EDITORS, WRITERS
from discussion.models import Letter
from tests.factories import ModulePageFactory, privacy_approval, privacy_checked
from tests.mailqueue import deliver_mail

LETTER_TEXT = (
    "Our son Daniel is 35 and tapering off fentanyl on his own. Last night he overdosed and we found him "
    "just in time. How do we approach treatment with CRAFT without pushing him away?"
)


SUBMIT = {"action-submit": "submit"}


def make_user(username, group, **extra):
    user = get_user_model().objects.create_user(
        username=username, password="pw", email=f"{username}@example.org", first_name=username.title(), **extra
    )
    user.groups.add(Group.objects.get(name=group))
    return user


def workflow_action_url(page, action, task_state):
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])


class EditorialPipelineTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user("edna", EDITORS)
        cls.second_editor = make_user("eamon", EDITORS)
        cls.writer = make_user("wren", WRITERS)
        cls.staff_writer = StaffWriter.objects.create(
            name="Wren Hale", slug="wren-hale", role_title="Staff writer", user=cls.writer
        )
        ModulePageFactory(number=4, title="Positive communication")

    def login(self, user):
        self.client.force_login(user)

    def page_form(self, page, reply_html, **extra):
        data = {
            "title": "He won't agree to the care we know he needs",
            "slug": page.slug,
            "standfirst": "A mother asks how to talk about treatment. Wren Hale replies.",
            "pen_name": page.pen_name,
            "letter": rich_text("<p>Our son is tapering off fentanyl on his own. How do we approach treatment?</p>"),
            "reply": streamfield([("heading", "Pressure can backfire"), ("paragraph", rich_text(reply_html))]),
            "writer": str(self.staff_writer.pk),
            "date": "2026-11-20",
            "tags": "treatment, opioids",
            "related_pins": inline_formset([]),
        }
        data.update(extra)
        return nested_form_data(data)

    def current_task_state(self, page):
        return TaskState.objects.get(
            workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS
        ).specific

    def test_letter_to_published_reply(self):
        # 1. A family member writes in; crisis language makes the letter urgent and editors hear at once.
        response = self.client.post(
            "/write-to-us/",
            {
                "pen_name": "Tiredinohio",
                "email": "tired.parent@example.net",
                "body": LETTER_TEXT,
                "relation": "parent",
                "consent": "on",
                "website": "",
            },
        )
        self.assertEqual(response.status_code, 302)
        letter = Letter.objects.get()
        self.assertTrue(letter.urgent)
        self.assertEqual(letter.status, Letter.Status.NEW)
        deliver_mail()
        urgent_mail = [m for m in mail.outbox if "rgent" in m.subject]
        self.assertEqual(sorted(r for m in urgent_mail for r in m.to), ["eamon@example.org", "edna@example.org"])
        self.assertNotIn("tired.parent@example.net", urgent_mail[0].body)
        deliver_mail()
        mail.outbox.clear()

        # The inbox puts it first and its menu item counts it.
        self.login(self.editor)
        inbox = self.client.get("/admin/letters/")
        self.assertContains(inbox, "Tiredinohio")
        self.assertContains(inbox, "Letters (1 new)")

        # 2. The editor assigns it; the writer is told.
        response = self.client.post(f"/admin/letters/{letter.pk}/assign/", {"writer": self.writer.pk})
        self.assertEqual(response.status_code, 302)
        letter.refresh_from_db()
        self.assertEqual((letter.status, letter.assigned_to), (Letter.Status.ASSIGNED, self.writer))
        deliver_mail()
        self.assertEqual([m.to for m in mail.outbox], [["wren@example.org"]])
        self.assertNotIn("tired.parent@example.net", mail.outbox[0].body)
        mail.outbox.clear()

        # 3. The writer starts the reply: a draft owned by them, with the letter filled in.
        self.login(self.writer)
        detail = self.client.get(f"/admin/letters/edit/{letter.pk}/")
        self.assertContains(detail, "tired.parent@example.net")  # the assigned writer may see it
        response = self.client.post(f"/admin/letters/{letter.pk}/start_reply/")
        letter.refresh_from_db()
        page = letter.reply_page
        self.assertRedirects(response, reverse("wagtailadmin_pages:edit", args=[page.pk]))
        self.assertEqual(letter.status, Letter.Status.DRAFTING)
        self.assertEqual((page.owner, page.pen_name, page.live), (self.writer, "Tiredinohio", False))
        self.assertIn("tapering off fentanyl", page.letter)
        self.assertEqual(page.writer, self.staff_writer)

        # 4. The writer drafts — carelessly leaving the family's email in — and submits for review.
        careless = "<p>Write to us again at tired.parent@example.net. Try the ideas in Module 4.</p>"
        response = self.client.post(
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            self.page_form(page, careless, **{"action-submit": "submit"}),
        )
        self.assertEqual(response.status_code, 302)
        letter.refresh_from_db()
        self.assertEqual(letter.status, Letter.Status.IN_REVIEW)
        deliver_mail()
        submitted_to = sorted(r for m in mail.outbox for r in m.to)
        self.assertIn("edna@example.org", submitted_to)
        self.assertIn("eamon@example.org", submitted_to)
        deliver_mail()
        mail.outbox.clear()

        # 5. The privacy check refuses approval while the email is in the text.
        self.login(self.editor)
        task_state = self.current_task_state(page)
        self.assertEqual(task_state.task.name, "Privacy check")
        actions = [name for name, _label, _modal in task_state.task.specific.get_actions(page, self.editor)]
        self.assertEqual(actions, ["reject"])
        checklist = dict.fromkeys(("no_names", "no_places", "no_clinics", "no_dates", "no_contact"), "on")
        response = self.client.post(workflow_action_url(page, "approve", task_state), checklist, follow=True)
        self.assertContains(response, "do not have permission")  # Wagtail's refusal, back on the dashboard
        self.assertEqual(self.current_task_state(page).pk, task_state.pk)

        # Requesting changes needs a comment; with one, the writer hears it.
        response = self.client.post(workflow_action_url(page, "reject", task_state), {"comment": ""})
        self.assertEqual(self.current_task_state(page).pk, task_state.pk)
        comment = "Please remove the family's email address from the reply."
        response = self.client.post(workflow_action_url(page, "reject", task_state), {"comment": comment})
        self.assertEqual(response.status_code, 302)
        letter.refresh_from_db()
        self.assertEqual(letter.status, Letter.Status.DRAFTING)
        deliver_mail()
        to_writer = [m for m in mail.outbox if m.to == ["wren@example.org"]]
        self.assertTrue(any(comment in m.body for m in to_writer), [m.body for m in mail.outbox])
        mail.outbox.clear()

        # 6. The writer fixes it and resubmits.
        self.login(self.writer)
        fixed = "<p>Try the ideas in Module 4 about positive communication.</p>"
        response = self.client.post(
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            self.page_form(page, fixed, **{"action-submit": "submit"}),
        )
        self.assertEqual(response.status_code, 302)
        letter.refresh_from_db()
        self.assertEqual(letter.status, Letter.Status.IN_REVIEW)

        # 7. The editor passes the checklist; another editor approves editorially with a comment (four eyes).
        self.login(self.editor)
        task_state = self.current_task_state(page)
        self.assertEqual(task_state.task.name, "Privacy check")
        approval = privacy_approval(task_state)  # the checklist, and each of the assistant's findings marked
        incomplete = dict(approval)
        del incomplete["no_clinics"]
        self.client.post(workflow_action_url(page, "approve", task_state), incomplete)
        self.assertEqual(self.current_task_state(page).pk, task_state.pk)  # the checklist is not optional
        response = self.client.post(workflow_action_url(page, "approve", task_state), approval)
        self.assertEqual(response.status_code, 302)
        task_state = self.current_task_state(page)
        self.assertEqual(task_state.task.name, "Editorial approval")
        deliver_mail()
        mail.outbox.clear()
        # The editor who passed the privacy check may not also approve it editorially.
        response = self.client.post(workflow_action_url(page, "approve", task_state), {"comment": "Mine too."})
        self.assertFalse(LetterReplyPage.objects.get(pk=page.pk).live)
        self.assertEqual(self.current_task_state(page).pk, task_state.pk)
        self.login(self.second_editor)
        response = self.client.post(
            workflow_action_url(page, "approve", task_state), {"comment": "Lovely, warm reply. Publishing now."}
        )
        self.assertEqual(response.status_code, 302)

        # 8. Live; the letter follows; the family gets one notice with the link; the writer gets the comment.
        page = LetterReplyPage.objects.get(pk=page.pk)
        self.assertTrue(page.live)
        letter.refresh_from_db()
        self.assertEqual(letter.status, Letter.Status.PUBLISHED)
        public = self.client.get(page.url)
        self.assertEqual(public.status_code, 200)
        self.assertNotContains(public, "tired.parent@example.net")
        deliver_mail()
        notices = [m for m in mail.outbox if m.to == ["tired.parent@example.net"]]
        self.assertEqual(len(notices), 1)
        self.assertIn(page.full_url, notices[0].body)
        self.assertNotIn(LETTER_TEXT[:40], notices[0].body)
        deliver_mail()
        approvals = [m for m in mail.outbox if m.to == ["wren@example.org"]]
        self.assertTrue(any("Lovely, warm reply" in m.body for m in approvals), [m.body for m in mail.outbox])

        # Publishing again never sends a second notice.
        page.save_revision().publish()
        deliver_mail()
        self.assertEqual(len([m for m in mail.outbox if m.to == ["tired.parent@example.net"]]), 1)

        # 9. After the retention period the daily command erases the email.
        call_command("erase_letter_contacts", verbosity=0)
        letter.refresh_from_db()
        self.assertEqual(letter.email, "tired.parent@example.net")  # not yet
        Letter.objects.filter(pk=letter.pk).update(
            published_notice_sent_at=timezone.now() - datetime.timedelta(days=31)
        )
        call_command("erase_letter_contacts", verbosity=0)
        letter.refresh_from_db()
        self.assertEqual(letter.email, "")
        self.assertIsNotNone(letter.email_erased_at)


class SchedulingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user("edna", EDITORS)
        cls.writer = make_user("wren", WRITERS)
        StaffWriter.objects.create(name="Wren Hale", slug="wren-hale", role_title="Staff writer", user=cls.writer)

    def test_a_scheduled_reply_goes_live_when_publish_scheduled_runs(self):
        letter = Letter.objects.create(pen_name="Hopeful", body=LETTER_TEXT, consent=True, email="h@example.net")
        page = letter.start_reply(self.editor)
        page.standfirst = "Standfirst."
        page.writer = StaffWriter.objects.get()
        page.go_live_at = timezone.now() + datetime.timedelta(days=2)
        # Only a version whose privacy check passed may be scheduled (tests/test_publish_routes.py).
        privacy_checked(page.save_revision(user=self.editor)).publish(user=self.editor)
        letter.refresh_from_db()
        page.refresh_from_db()
        self.assertFalse(page.live)
        self.assertEqual(letter.status, Letter.Status.SCHEDULED)

        call_command("publish_scheduled", verbosity=0)
        page.refresh_from_db()
        self.assertFalse(page.live)  # not due yet
        deliver_mail()
        self.assertEqual(mail.outbox, [])  # the letter writer hears when the reply is live, not when it is scheduled

        # Three days pass.
        later = timezone.now() + datetime.timedelta(days=3)
        with mock.patch("django.utils.timezone.now", return_value=later):
            call_command("run_scheduler", "--once")  # what the Procfile's scheduler process runs
        page.refresh_from_db()
        letter.refresh_from_db()
        self.assertTrue(page.live)
        self.assertEqual(letter.status, Letter.Status.PUBLISHED)
        deliver_mail()
        self.assertEqual([m.to for m in mail.outbox], [["h@example.net"]])


class PublishGuardTests(TestCase):
    """Editors may publish directly a version whose privacy check passed, never one with contact details."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user("edna", EDITORS)
        cls.staff_writer = StaffWriter.objects.create(name="W", slug="w", role_title="Staff writer")

    def form(self, page, reply_html, action="action-publish"):
        return nested_form_data(
            {
                "title": "A reply",
                "slug": page.slug,
                "standfirst": "s",
                "pen_name": page.pen_name,
                "letter": rich_text("<p>Hello</p>"),
                "reply": streamfield([("paragraph", rich_text(reply_html))]),
                "writer": str(self.staff_writer.pk),
                "date": "2026-11-20",
                "tags": "",
                "related_pins": inline_formset([]),
                **({action: action} if action else {}),
            }
        )

    def test_direct_publish_is_refused_while_contact_details_remain(self):
        letter = Letter.objects.create(pen_name="Leaky", body=LETTER_TEXT, consent=True, email="leak@example.net")
        page = letter.start_reply(self.editor)
        self.client.force_login(self.editor)
        url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        response = self.client.post(url, self.form(page, "<p>Call us on 0161 496 0000.</p>"), follow=True)
        page = LetterReplyPage.objects.get(pk=page.pk)
        self.assertFalse(page.live)
        self.assertContains(response, "Not published: the privacy check found a phone number")
        self.assertIn("0161 496 0000", page.get_latest_revision_as_object().reply[0].value.source)  # draft kept

        # Clean, and checked by the privacy check: the same Publish puts it live.
        self.client.post(url, self.form(page, "<p>Call your local helpline.</p>", action=None))
        privacy_checked(LetterReplyPage.objects.get(pk=page.pk).get_latest_revision())
        self.client.post(url, self.form(page, "<p>Call your local helpline.</p>"))
        self.assertTrue(LetterReplyPage.objects.get(pk=page.pk).live)

    def test_bulk_publish_is_refused_too(self):
        letter = Letter.objects.create(pen_name="Bulky", body=LETTER_TEXT, consent=True)
        page = letter.start_reply(self.editor)
        page.standfirst = "s"
        page.writer = self.staff_writer
        page.reply = [("paragraph", RichText("<p>Visit www.example-clinic.com</p>"))]
        page.save_revision(user=self.editor)
        self.client.force_login(self.editor)
        url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"]) + f"?id={page.pk}"
        self.client.post(url, {"include_descendants": ""})
        self.assertFalse(LetterReplyPage.objects.get(pk=page.pk).live)
        # Once clean, the same bulk action publishes it.
        page.reply = [("paragraph", RichText("<p>Ask your doctor about options.</p>"))]
        privacy_checked(page.save_revision(user=self.editor))
        self.client.post(url, {"include_descendants": ""})
        self.assertTrue(LetterReplyPage.objects.get(pk=page.pk).live)
