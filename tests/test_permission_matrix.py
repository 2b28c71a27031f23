"""Who may reach what: every endpoint that could leak a letter or an unpublished page, for every role.

A role is "refused" when the response is not a 200 page showing the thing: Wagtail's
admin answers a denied request with a redirect (to the login page for anonymous
visitors, to the dashboard with a message for signed-in staff) or a 403/404.
"""

from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import TestCase
from django.urls import reverse

from blog.models import BlogIndexPage
from cms.roles import COMMENT_MODERATORS, EDITORS, WRITERS
from discussion.models import Letter
from tests.factories import LetterReplyPageFactory, draft_reply

ROLES = ["anonymous", "writer", "assigned_writer", "editor", "moderator"]
SECRET_EMAIL = "private.family@example.net"
DRAFT_TITLE = "Zanzibarian draft about stepping back"

ALLOWED, REFUSED = "allowed", "refused"


def expect(**by_role):
    return {role: by_role.get(role, REFUSED) for role in ROLES}


STAFF_PAGES = expect(writer=ALLOWED, assigned_writer=ALLOWED, editor=ALLOWED)
LETTERS = expect(writer=ALLOWED, assigned_writer=ALLOWED, editor=ALLOWED)


class PermissionMatrixTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        User = get_user_model()

        def member(name, group):
            user = User.objects.create_user(username=name, password="pw", email=f"{name}@example.org")
            user.groups.add(Group.objects.get(name=group))
            return user

        cls.users = {
            "anonymous": None,
            "writer": member("writer", WRITERS),
            "assigned_writer": member("assigned", WRITERS),
            "editor": member("editor", EDITORS),
            "moderator": member("moderator", COMMENT_MODERATORS),
        }
        cls.letter = Letter.objects.create(
            pen_name="Quietpenname",
            email=SECRET_EMAIL,
            body="A private letter. " * 5,
            consent=True,
            assigned_to=cls.users["assigned_writer"],
            status=Letter.Status.ASSIGNED,
        )
        cls.draft = draft_reply(title=DRAFT_TITLE, standfirst="Unpublished words.")
        cls.draft.title = DRAFT_TITLE + " (second draft)"
        cls.draft.save_revision()
        cls.live = LetterReplyPageFactory(title="A published reply")
        cls.live.title = "A published reply, with unpublished edits"
        cls.live.save_revision()
        revisions = list(cls.live.revisions.order_by("created_at").values_list("pk", flat=True))
        cls.revision_a, cls.revision_b = revisions[0], revisions[-1]
        cls.blog = BlogIndexPage.objects.get()

    def as_role(self, role):
        self.client.logout()
        if self.users[role] is not None:
            self.client.force_login(self.users[role])

    def outcome(self, response, must_contain=None):
        if response.status_code == 200 and (must_contain is None or must_contain in response.content.decode()):
            return ALLOWED
        return REFUSED

    def check_endpoint(self, name, url, expected, must_contain=None, method="get", data=None):
        for role in ROLES:
            with self.subTest(endpoint=name, role=role):
                self.as_role(role)
                response = getattr(self.client, method)(url, data or {})
                self.assertEqual(self.outcome(response, must_contain), expected[role], f"{name} as {role}")

    # Outbox -------------------------------------------------------------------

    def queue_notice(self):
        from outbox import mail as outbox
        from outbox.models import OutboundEmail

        return outbox.send(
            "Your letter has a reply",
            "Hello Quietpenname, the secret link",
            [SECRET_EMAIL],
            kind=OutboundEmail.Kind.REPLY_PUBLISHED,
            recipient_role="letter writer",
            private=True,
        )[0]

    def test_outbox_list_shows_editors_every_message_never_a_private_address(self):
        email = self.queue_notice()
        row = f'href="/admin/outbox/{email.pk}/"'
        self.check_endpoint("outbox", "/admin/outbox/", expect(editor=ALLOWED), must_contain=row)
        self.check_endpoint("outbox address", "/admin/outbox/", expect(), must_contain=SECRET_EMAIL)

    def test_outbox_message_never_shows_a_private_text(self):
        email = self.queue_notice()
        url = f"/admin/outbox/{email.pk}/"
        self.check_endpoint("outbox message", url, expect(editor=ALLOWED), must_contain="Reply published")
        self.check_endpoint("outbox text", url, expect(), must_contain="secret link")

    # Letters ------------------------------------------------------------------

    def test_letter_list(self):
        self.check_endpoint("letter list", "/admin/letters/", LETTERS, must_contain="Quietpenname")

    def test_letter_detail(self):
        self.check_endpoint(
            "letter detail", f"/admin/letters/edit/{self.letter.pk}/", LETTERS, must_contain="A private letter."
        )

    def test_letter_email(self):
        expected = expect(assigned_writer=ALLOWED, editor=ALLOWED)
        self.check_endpoint(
            "letter email", f"/admin/letters/edit/{self.letter.pk}/", expected, must_contain=SECRET_EMAIL
        )
        # Nor does the list or its search give the email away.
        for role in ("writer", "editor"):
            self.as_role(role)
            self.assertNotContains(self.client.get("/admin/letters/"), SECRET_EMAIL)

    def test_letter_history(self):
        self.check_endpoint("letter history", f"/admin/letters/history/{self.letter.pk}/", LETTERS)

    def test_only_editors_assign_and_decline(self):
        for action, data in (("assign", {"writer": self.users["writer"].pk}), ("decline", {"reason": "No"})):
            for role in ("anonymous", "writer", "assigned_writer", "moderator"):
                with self.subTest(action=action, role=role):
                    self.as_role(role)
                    self.client.post(f"/admin/letters/{self.letter.pk}/{action}/", data)
                    self.letter.refresh_from_db()
                    self.assertEqual(self.letter.status, Letter.Status.ASSIGNED)
                    self.assertEqual(self.letter.assigned_to, self.users["assigned_writer"])

    def test_only_the_assigned_writer_or_an_editor_starts_the_reply(self):
        for role in ("anonymous", "writer", "moderator"):
            with self.subTest(role=role):
                self.as_role(role)
                self.client.post(f"/admin/letters/{self.letter.pk}/start_reply/")
                self.letter.refresh_from_db()
                self.assertIsNone(self.letter.reply_page_id)
        self.as_role("assigned_writer")
        self.client.post(f"/admin/letters/{self.letter.pk}/start_reply/")
        self.letter.refresh_from_db()
        self.assertIsNotNone(self.letter.reply_page_id)

    # Unpublished pages in the admin ---------------------------------------------

    def test_page_edit(self):
        url = reverse("wagtailadmin_pages:edit", args=[self.draft.pk])
        self.check_endpoint("page edit", url, STAFF_PAGES, must_contain=DRAFT_TITLE)

    def test_page_preview(self):
        url = reverse("wagtailadmin_pages:view_draft", args=[self.draft.pk])
        self.check_endpoint("page preview", url, STAFF_PAGES, must_contain=DRAFT_TITLE)

    def test_revisions_compare(self):
        url = reverse("wagtailadmin_pages:revisions_compare", args=[self.live.pk, self.revision_a, self.revision_b])
        self.check_endpoint("revisions compare", url, STAFF_PAGES, must_contain="unpublished edits")

    def test_revision_view(self):
        url = reverse("wagtailadmin_pages:revisions_view", args=[self.live.pk, self.revision_b])
        self.check_endpoint("revision view", url, STAFF_PAGES, must_contain="unpublished edits")

    def test_page_history(self):
        url = reverse("wagtailadmin_pages:history", args=[self.draft.pk])
        self.check_endpoint("page history", url, STAFF_PAGES)

    def test_workflow_history(self):
        url = reverse("wagtailadmin_pages:workflow_history", args=[self.draft.pk])
        self.check_endpoint("workflow history", url, STAFF_PAGES)

    def test_page_copy(self):
        url = reverse("wagtailadmin_pages:copy", args=[self.draft.pk])
        self.check_endpoint("page copy", url, STAFF_PAGES)

    def test_page_chooser_hides_drafts_from_those_without_page_permissions(self):
        for name, url in (
            ("chooser browse", reverse("wagtailadmin_choose_page_child", args=[self.blog.pk])),
            ("chooser search", reverse("wagtailadmin_choose_page_search") + "?q=Zanzibarian"),
        ):
            self.check_endpoint(name, url, STAFF_PAGES, must_contain="Zanzibarian")

    # Public URLs ---------------------------------------------------------------

    def test_public_urls_never_show_drafts_or_letters(self):
        public_urls = [
            "/",
            self.blog.url,
            self.blog.url + "feed/",
            "/search/?query=Zanzibarian",
            "/search/?query=Quietpenname",
            "/sitemap.xml",
            self.live.url,
        ]
        for role in ROLES:
            self.as_role(role)
            for url in public_urls:
                with self.subTest(url=url, role=role):
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 200)
                    body = response.content.decode()
                    # (Search echoes the words searched for; what matters is what it finds.)
                    self.assertNotIn(DRAFT_TITLE, body)
                    self.assertNotIn("Unpublished words.", body)
                    self.assertNotIn(self.blog.url + self.draft.slug, body)
                    self.assertNotIn("A private letter.", body)
                    self.assertNotIn(SECRET_EMAIL, body)
                    self.assertNotIn("unpublished edits", body)
            with self.subTest(url="draft url", role=role):
                self.assertEqual(self.client.get(self.blog.url + self.draft.slug + "/").status_code, 404)

    def test_sitemap_lists_live_public_pages_only(self):
        soup = BeautifulSoup(self.client.get("/sitemap.xml").content, "html.parser")
        locations = [loc.get_text() for loc in soup.find_all("loc")]
        self.assertIn(self.live.full_url, locations)
        self.assertNotIn(self.draft.full_url, locations)
