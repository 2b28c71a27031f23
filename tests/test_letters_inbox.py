"""The letters inbox, the privacy checks, the dashboard panels and the retention job."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from blog.privacy import findings_in, privacy_findings
from cms.roles import EDITORS, WRITERS
from discussion.models import Letter
from discussion.models.letters import letter_as_rich_text
from tests.factories import LetterReplyPageFactory, reply_stream
from tests.mailqueue import deliver_mail

BODY = "We are worried about our daughter and her drinking; we would like to talk about it. " * 2


def member(username, group):
    user = get_user_model().objects.create_user(username=username, password="pw", email=f"{username}@example.org")
    user.groups.add(Group.objects.get(name=group))
    return user


def letter(**kwargs):
    defaults = {"pen_name": "Worriedmum", "body": BODY, "consent": True}
    return Letter.objects.create(**(defaults | kwargs))


# Privacy checks ------------------------------------------------------------------

FINDS = [
    ("<p>Write to me at jo.smith@example.com</p>", "an email address"),
    ("<p>Call me on (555) 123-4567 any time.</p>", "a phone number"),
    ("<p>Ring 07700 900123 after six.</p>", "a phone number"),
    ("<p>Ring +44 7700 900123 after six.</p>", "a phone number"),
    ("<p>His page is https://social.example/danny</p>", "a URL"),
    ("<p>See www.sunrise-clinic.org for details.</p>", "a URL"),
    ("<p>They run sunriserecovery.com</p>", "a URL"),
    ('<p>A <a href="https://example.net/x">link</a> here.</p>', "a URL"),
]
PASSES = [
    "<p>Modules 5 and 6, then Module 9.</p>",
    "<p>He is 35, she is 12, and it started in 2019.</p>",
    "<p>Call 988 if you are in crisis.</p>",
    "<p>The national helpline is 1-800-662-4357.</p>",
    "<p>It happened on 12/05/2024 at 3.30pm.</p>",
    "<p>She said hello@ the door, then left.</p>",
]


@pytest.mark.parametrize(("html", "kind"), FINDS)
def test_privacy_check_finds(html, kind):
    assert [finding.kind for finding in findings_in(html, "reply")] == [kind]


@pytest.mark.parametrize("html", PASSES)
def test_privacy_check_passes(html):
    assert findings_in(html, "reply") == []


def test_the_letter_writers_own_email_is_named_as_such():
    found = findings_in("<p>From JO.SMITH@example.com</p>", "letter", writer_email="jo.smith@example.com")
    assert [f.kind for f in found] == ["the letter writer's email"]


@pytest.mark.django_db
def test_privacy_findings_cover_letter_reply_and_standfirst():
    page = LetterReplyPageFactory(
        letter="<p>Mail us at a@b.org</p>",
        reply=reply_stream("<p>Phone 555-123-4567</p>"),
        standfirst="See www.example.org",
    )
    assert {(f.kind, f.where) for f in privacy_findings(page)} == {
        ("an email address", "letter"),
        ("a phone number", "reply"),
        ("a URL", "standfirst"),
    }


def test_letters_become_escaped_rich_text_paragraphs():
    assert letter_as_rich_text("First <b>line</b>\nsame para\n\nSecond") == (
        "<p>First &lt;b&gt;line&lt;/b&gt;<br/>same para</p><p>Second</p>"
    )


# The inbox -----------------------------------------------------------------------


class InboxTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = member("edna", EDITORS)
        cls.writer = member("wren", WRITERS)
        cls.other_writer = member("will", WRITERS)
        now = timezone.now()
        cls.old = letter(pen_name="Oldestletter", received_at=now - datetime.timedelta(days=9))
        cls.newer = letter(pen_name="Newerletter", received_at=now - datetime.timedelta(days=2))
        cls.urgent = letter(
            pen_name="Urgentletter",
            urgent=True,
            crisis_terms=["overdosed"],
            received_at=now - datetime.timedelta(hours=1),
        )
        cls.declined = letter(pen_name="Declinedletter", status=Letter.Status.DECLINED, declined_reason="Duplicate")

    def listed(self, query=""):
        self.client.force_login(self.editor)
        html = self.client.get("/admin/letters/" + query).content.decode()
        names = ["Urgentletter", "Oldestletter", "Newerletter", "Declinedletter"]
        return sorted((name for name in names if name in html), key=html.index)

    def test_urgent_first_then_oldest(self):
        self.assertEqual(self.listed("?status=all"), ["Urgentletter", "Oldestletter", "Newerletter", "Declinedletter"])

    def test_opens_on_the_letters_still_to_answer_with_published_and_declined_one_filter_away(self):
        published = letter(pen_name="Publishedletter", status=Letter.Status.PUBLISHED)
        for status in (Letter.Status.ASSIGNED, Letter.Status.DRAFTING, Letter.Status.IN_REVIEW):
            letter(pen_name=f"Open{status}", status=status)
        self.client.force_login(self.editor)
        html = self.client.get("/admin/letters/").content.decode()
        self.assertIn("Still to answer", html)
        for name in ("Urgentletter", "Oldestletter", "Newerletter", "Openassigned", "Opendrafting", "Openin_review"):
            self.assertIn(name, html)
        self.assertNotIn("Declinedletter", html)
        self.assertNotIn(published.pen_name, html)
        published_list = self.client.get("/admin/letters/?status=published").content.decode()
        self.assertIn(published.pen_name, published_list)
        self.assertNotIn("Urgentletter", published_list)
        self.assertIn('<a href="/admin/letters/?status=declined">Declined</a>', html)

    def test_each_row_shows_the_start_of_the_letter_and_staff_by_full_name(self):
        self.writer.first_name, self.writer.last_name = "Theo", "Abernathy"
        self.writer.save()
        self.old.assign_to(self.writer)
        self.client.force_login(self.editor)
        response = self.client.get("/admin/letters/")
        self.assertContains(response, "Theo Abernathy")
        self.assertContains(response, '<p class="letters-inbox__excerpt">' + BODY[:60])
        # The "Assigned to" filter and the assign form name people the same way.
        self.assertContains(response, ">Theo Abernathy</option>")
        detail = self.client.get(f"/admin/letters/edit/{self.newer.pk}/")
        self.assertContains(detail, ">Theo Abernathy</option>")

    def test_filters_and_search(self):
        self.assertEqual(self.listed("?status=declined"), ["Declinedletter"])
        self.assertEqual(self.listed("?urgent=true"), ["Urgentletter"])
        self.assertEqual(self.listed("?q=Newer"), ["Newerletter"])

    def test_menu_counts_new_letters(self):
        self.client.force_login(self.writer)
        self.assertContains(self.client.get("/admin/"), "Letters (3 new)")

    def test_a_writer_takes_a_new_letter_and_then_sees_its_email(self):
        item = letter(pen_name="Takeme", email="family@example.net")
        self.client.force_login(self.writer)
        self.assertNotContains(self.client.get(f"/admin/letters/edit/{item.pk}/"), "family@example.net")
        self.client.post(f"/admin/letters/{item.pk}/take/")
        item.refresh_from_db()
        self.assertEqual((item.assigned_to, item.status), (self.writer, Letter.Status.ASSIGNED))
        self.assertContains(self.client.get(f"/admin/letters/edit/{item.pk}/"), "family@example.net")
        # Another writer cannot take it away.
        self.client.force_login(self.other_writer)
        self.client.post(f"/admin/letters/{item.pk}/take/")
        item.refresh_from_db()
        self.assertEqual(item.assigned_to, self.writer)

    def test_decline_needs_a_reason(self):
        item = letter(pen_name="Declineme")
        self.client.force_login(self.editor)
        response = self.client.post(f"/admin/letters/{item.pk}/decline/", {"reason": ""})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Say why", status_code=400)
        item.refresh_from_db()
        self.assertEqual(item.status, Letter.Status.NEW)
        self.client.post(f"/admin/letters/{item.pk}/decline/", {"reason": "We answered the same question last week."})
        item.refresh_from_db()
        self.assertEqual(
            (item.status, item.declined_reason), (Letter.Status.DECLINED, "We answered the same question last week.")
        )

    def test_assigning_to_someone_who_is_not_a_writer_is_refused(self):
        item = letter(pen_name="Assignme")
        self.client.force_login(self.editor)
        response = self.client.post(f"/admin/letters/{item.pk}/assign/", {"writer": self.editor.pk})
        self.assertEqual(response.status_code, 400)
        item.refresh_from_db()
        self.assertIsNone(item.assigned_to)
        deliver_mail()
        self.assertEqual(mail.outbox, [])

    def test_unknown_action_and_missing_letter(self):
        self.client.force_login(self.editor)
        self.assertEqual(self.client.get("/admin/letters/edit/999999/").status_code, 404)
        response = self.client.post(f"/admin/letters/{self.old.pk}/explode/")
        self.assertNotEqual(response.status_code, 500)
        self.assertEqual(self.client.get(f"/admin/letters/{self.old.pk}/take/").status_code, 405)

    def test_letter_text_is_escaped_in_the_admin(self):
        item = letter(pen_name="<b>Bold</b>", body="<script>alert('x')</script> " + BODY)
        self.client.force_login(self.editor)
        html = self.client.get(f"/admin/letters/edit/{item.pk}/").content.decode()
        self.assertNotIn("<script>alert", html)
        self.assertIn("&lt;script&gt;alert", html)


# Dashboard panels ------------------------------------------------------------------


class DashboardTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = member("edna", EDITORS)
        cls.writer = member("wren", WRITERS)

    def panel_queries(self, user):
        from discussion.dashboard import AwaitingMyReviewPanel, LettersAssignedToMePanel, PipelineSummaryPanel

        request = self.client.get("/admin/").wsgi_request
        request.user = user
        counts = {}
        for panel in (LettersAssignedToMePanel(), AwaitingMyReviewPanel(), PipelineSummaryPanel()):
            with CaptureQueriesContext(connection) as ctx:
                html = panel.render_html({"request": request, "csrf_token": "x"})
            counts[panel.name] = (len(ctx.captured_queries), html)
        return counts

    def submit_replies(self, count, first=0):
        for n in range(first, first + count):
            item = letter(pen_name=f"Pen{n}", assigned_to=self.writer, status=Letter.Status.ASSIGNED)
            page = item.start_reply(self.writer)
            page.standfirst = "s"
            page.save_revision(user=self.writer, clean=False)
            page.get_workflow().start(page, self.writer)

    def test_panels_show_the_pipeline(self):
        self.submit_replies(2)
        letter(pen_name="Waiting")
        self.client.force_login(self.editor)
        response = self.client.get("/admin/")
        self.assertContains(response, "Letters pipeline")
        self.assertContains(response, "Awaiting my review")
        self.assertContains(response, "Reply to Pen1")
        self.client.force_login(self.writer)
        response = self.client.get("/admin/")
        self.assertContains(response, "Letters assigned to me")
        self.assertContains(response, "Pen0")

    def test_each_panel_costs_the_same_with_2_or_12_items(self):
        self.client.force_login(self.editor)
        self.submit_replies(2)
        small = self.panel_queries(self.editor) | {"mine": self.panel_queries(self.writer)["letters_assigned_to_me"]}
        self.submit_replies(10, first=2)
        large = self.panel_queries(self.editor) | {"mine": self.panel_queries(self.writer)["letters_assigned_to_me"]}
        for name in small:
            self.assertEqual(small[name][0], large[name][0], name)
        self.assertLessEqual(large["awaiting_my_review"][0], 3)
        self.assertLessEqual(large["letters_pipeline"][0], 1)
        self.assertLessEqual(large["mine"][0], 1)
        self.assertIn("Pen11", large["awaiting_my_review"][1])
        self.assertIn("Pen11", large["mine"][1])


# Retention -------------------------------------------------------------------------


class RetentionTests(TestCase):
    def test_only_emails_past_their_retention_are_erased(self):
        now = timezone.now()
        days = datetime.timedelta(days=1)
        keep_recent_notice = letter(email="a@example.net", published_notice_sent_at=now - 5 * days)
        erase_old_notice = letter(email="b@example.net", published_notice_sent_at=now - 31 * days)
        erase_old_decline = letter(
            email="c@example.net", status=Letter.Status.DECLINED, status_changed_at=now - 40 * days
        )
        keep_in_progress = letter(email="d@example.net", status=Letter.Status.DRAFTING, received_at=now - 60 * days)
        erase_unanswered = letter(email="e@example.net", received_at=now - 400 * days)

        call_command("erase_letter_contacts", "--dry-run", verbosity=0)
        self.assertEqual(Letter.objects.exclude(email="").count(), 5)
        call_command("erase_letter_contacts", verbosity=0)
        call_command("erase_letter_contacts", verbosity=0)  # safe to run again

        def email(item):
            item.refresh_from_db()
            return item.email

        self.assertEqual(email(keep_recent_notice), "a@example.net")
        self.assertEqual(email(keep_in_progress), "d@example.net")
        for item in (erase_old_notice, erase_old_decline, erase_unanswered):
            self.assertEqual(email(item), "")
            self.assertIsNotNone(item.email_erased_at)


class EditorNotesTests(TestCase):
    def test_the_editor_shows_the_source_letter_and_the_privacy_findings(self):
        writer = member("wren", WRITERS)
        item = letter(pen_name="Linkedletter", email="family@example.net", assigned_to=writer)
        page = item.start_reply(writer)
        page.reply = reply_stream("<p>Email family@example.net or call 555-123-4567.</p>")
        page.save_revision(user=writer, clean=False)
        self.client.force_login(writer)
        response = self.client.get(f"/admin/pages/{page.pk}/edit/")
        self.assertContains(response, "letter from Linkedletter")
        self.assertContains(response, "The privacy check will not pass yet")
        self.assertContains(response, "the letter writer&#x27;s email")
        self.assertContains(response, "a phone number")
