"""Regressions named after the Wagtail security advisories that touch our surface.

Each test makes the advisory's attack as our lowest roles (an anonymous visitor, a member of
Writers, a member of Comment moderators) and checks that it fails: Wagtail's admin refuses with
a redirect (to the login page, or to the dashboard with a message) or a 403/404; whatever the
answer, the secret is not in it and nothing was changed. Where a refusal could also come from
bad form data, a control test sends the same request as an editor and shows it would work.

Writers may add and edit every reply under the Discussion Blog, so for them the secret pages
are curriculum modules (editors' pages) and, for copying, a reply in a section they were not
granted; for anonymous visitors and moderators the secret pages are draft replies.
"""

import json
import re
import time

import wagtail_factories
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import TestCase
from django.urls import reverse
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import Collection, Page, Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog.models import BlogIndexPage, LetterReplyPage, ModuleIndexPage, StaffWriter
from cms.roles import COMMENT_MODERATORS, EDITORS, WRITERS
from discussion.models import Comment, Letter
from home.models import HomePage
from tests.factories import LetterReplyPageFactory, ModulePageFactory, StaffWriterFactory, draft_reply, privacy_checked

LOW_ROLES = ["anonymous", "writer", "moderator"]

# Each secret is a title no role below editor may read; a distinct word in each makes searching for it easy.
DRAFT_REPLY = "Zanzibarian draft about stepping back"
DRAFT_MODULE = "Quokka module draft on self-care"
LIVE_REPLY_EDIT = "Marmalade unpublished edit of a reply"
LIVE_MODULE_EDIT = "Tamarind unpublished edit of a module"
SECRET_DOCUMENT = "Gooseberry staff handbook"
SECRET_IMAGE = "Persimmon portrait original"
SECRET_EMAIL = "form.sender@example.net"
INJECTED = "Injected Kumquat title"

# A refusal: Wagtail's redirect to the login page or the dashboard, or a 403/404.
REFUSED_STATUSES = {302, 403, 404}


def make_user(username, group):
    user = get_user_model().objects.create_user(username=username, password="pw", email=f"{username}@example.org")
    user.groups.add(Group.objects.get(name=group))
    return user


def reply_form(page, title, **extra):
    """What the edit form of a reply posts (valid: an editor's identical request goes through)."""
    return nested_form_data(
        {
            "title": title,
            "slug": page.slug,
            "standfirst": "A standfirst.",
            "pen_name": page.pen_name,
            "letter": rich_text("<p>Our letter.</p>"),
            "reply": streamfield([("paragraph", rich_text("<p>Our reply.</p>"))]),
            "writer": str(page.writer_id),
            "date": "2026-11-20",
            "tags": "",
            "related_pins": inline_formset([]),
        }
        | extra
    )


def new_reply_form(title, writer):
    return nested_form_data(
        {
            "title": title,
            "slug": "a-new-reply",
            "standfirst": "A standfirst.",
            "pen_name": "Newpenname",
            "letter": rich_text("<p>Our letter.</p>"),
            "reply": streamfield([("paragraph", rich_text("<p>Our reply.</p>"))]),
            "writer": str(writer.pk),
            "date": "2026-11-20",
            "tags": "",
            "related_pins": inline_formset([]),
        }
    )


def module_form(title, slug, number):
    return nested_form_data(
        {"title": title, "slug": slug, "number": str(number), "summary": "A summary.", "body": streamfield([])}
    )


class AdvisoryTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.users = {
            "anonymous": None,
            "writer": make_user("writer", WRITERS),
            "moderator": make_user("moderator", COMMENT_MODERATORS),
            "editor": make_user("editor", EDITORS),
        }
        cls.blog = BlogIndexPage.objects.get()
        cls.module_index = ModuleIndexPage.objects.get()
        cls.staff_writer = StaffWriterFactory()

        cls.draft_reply = draft_reply(title=DRAFT_REPLY, writer=cls.staff_writer)
        cls.draft_module = ModulePageFactory(live=False, title=DRAFT_MODULE, number=41)
        cls.draft_module.save_revision()

        cls.live_reply = LetterReplyPageFactory(title="A published reply", writer=cls.staff_writer)
        cls.live_reply.title = LIVE_REPLY_EDIT
        cls.live_reply.save_revision()
        cls.live_module = ModulePageFactory(title="A published module", number=42)
        cls.live_module.title = LIVE_MODULE_EDIT
        cls.live_module.save_revision()

    def as_role(self, role):
        self.client.logout()
        if self.users[role] is not None:
            self.client.force_login(self.users[role])

    # The pages each role must not read: writers may edit every reply, so theirs are modules.

    def hidden_draft(self, role):
        return (self.draft_module, DRAFT_MODULE) if role == "writer" else (self.draft_reply, DRAFT_REPLY)

    def hidden_edit(self, role):
        return (self.live_module, LIVE_MODULE_EDIT) if role == "writer" else (self.live_reply, LIVE_REPLY_EDIT)

    def hidden_form(self, role, title):
        page, _ = self.hidden_draft(role)
        if role == "writer":
            return module_form(title, page.slug, page.number)
        return reply_form(page, title)

    def assert_refused(self, response, *secrets, role=""):
        self.assertIn(response.status_code, REFUSED_STATUSES, f"{role}: {response.status_code}")
        if response.status_code == 302:
            # Not sent on to the thing itself: to the login page, the dashboard or the page's history.
            self.assertRegex(response["Location"], r"^/admin/(login/|$|pages/\d+/history/$)")
        self.assert_shows_nothing_secret(response, *secrets, role=role)

    def assert_shows_nothing_secret(self, response, *secrets, role=""):
        self.assertLess(response.status_code, 500, role)
        body = response.content.decode()
        for secret in secrets:
            # Not assertNotIn: its message would print the whole admin page.
            self.assertFalse(secret in body, f"{role} read {secret!r} ({response.status_code})")


class AdminAccessAdvisoryTests(AdvisoryTestCase):
    # CVE-2026-25517 ----------------------------------------------------------------------------

    def test_cve_2026_25517_preview_without_permission(self):
        """Previews of a draft, stored or posted, on pages/edit and pages/add, are refused."""
        revisions_before = Revision.objects.count()
        for role in LOW_ROLES:
            with self.subTest(role=role):
                self.as_role(role)
                page, secret = self.hidden_draft(role)
                self.assert_refused(
                    self.client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk])), secret, role=role
                )
                edit_preview = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
                self.assert_refused(self.client.get(edit_preview), secret, role=role)
                # Posting a preview neither validates nor stores it: the next GET shows nothing of it.
                response = self.client.post(edit_preview, self.hidden_form(role, INJECTED))
                self.assert_refused(response, secret, "is_valid", role=role)
                self.assert_refused(self.client.get(edit_preview), secret, INJECTED, role=role)
                self.assert_refused(self.client.get(edit_preview, {"mode": ""}), secret, INJECTED, role=role)

                if role == "writer":
                    add_preview = reverse(
                        "wagtailadmin_pages:preview_on_add", args=["blog", "modulepage", self.module_index.pk]
                    )
                    data = module_form(INJECTED, "a-new-module", 43)
                else:
                    add_preview = reverse(
                        "wagtailadmin_pages:preview_on_add", args=["blog", "letterreplypage", self.blog.pk]
                    )
                    data = new_reply_form(INJECTED, self.staff_writer)
                self.assert_refused(self.client.post(add_preview, data), "is_valid", role=role)
                self.assert_refused(self.client.get(add_preview), INJECTED, role=role)
                self.assertEqual(Revision.objects.count(), revisions_before)
                self.assertFalse(Page.objects.filter(title=INJECTED).exists())

    def test_cve_2026_25517_control_the_same_previews_work_for_an_editor(self):
        self.as_role("editor")
        for role in LOW_ROLES:
            page, secret = self.hidden_draft(role)
            self.assertContains(self.client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk])), secret)
            edit_preview = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
            response = self.client.post(edit_preview, self.hidden_form(role, INJECTED))
            self.assertEqual(response.json(), {"is_valid": True, "is_available": True})
            self.assertContains(self.client.get(edit_preview), INJECTED)
        module_add = reverse("wagtailadmin_pages:preview_on_add", args=["blog", "modulepage", self.module_index.pk])
        response = self.client.post(module_add, module_form(INJECTED, "a-new-module", 43))
        self.assertEqual(response.json(), {"is_valid": True, "is_available": True})
        self.assertContains(self.client.get(module_add), INJECTED)  # a module not yet saved previews too
        reply_add = reverse("wagtailadmin_pages:preview_on_add", args=["blog", "letterreplypage", self.blog.pk])
        response = self.client.post(reply_add, new_reply_form(INJECTED, self.staff_writer))
        self.assertEqual(response.json(), {"is_valid": True, "is_available": True})
        self.assertContains(self.client.get(reply_add), INJECTED)

    # CVE-2026-44197 ----------------------------------------------------------------------------

    def compare_urls(self, page):
        revisions = list(page.revisions.order_by("created_at").values_list("pk", flat=True))
        return [
            reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, a, b])
            for a, b in ((revisions[0], revisions[-1]), ("earliest", "latest"), ("live", "latest"))
        ]

    def test_cve_2026_44197_revision_compare_without_permission(self):
        for role in LOW_ROLES:
            page, secret = self.hidden_edit(role)
            for url in self.compare_urls(page):
                with self.subTest(role=role, url=url):
                    self.as_role(role)
                    self.assert_refused(self.client.get(url), secret, role=role)

    def test_cve_2026_44197_control_an_editor_sees_the_comparison(self):
        self.as_role("editor")
        for page, secret in ((self.live_reply, LIVE_REPLY_EDIT), (self.live_module, LIVE_MODULE_EDIT)):
            for url in self.compare_urls(page):
                self.assertContains(self.client.get(url), secret)

    # CVE-2026-44198 ----------------------------------------------------------------------------

    def history_urls(self, page):
        latest = page.get_latest_revision().pk
        return [
            reverse("wagtailadmin_pages:history", args=[page.pk]),
            reverse("wagtailadmin_pages:history_results", args=[page.pk]),
            reverse("wagtailadmin_pages:revisions_index", args=[page.pk]),
            reverse("wagtailadmin_pages:revisions_view", args=[page.pk, latest]),
            reverse("wagtailadmin_pages:workflow_history", args=[page.pk]),
        ]

    def test_cve_2026_44198_page_history_and_revisions_without_permission(self):
        for role in LOW_ROLES:
            for page, secret in (self.hidden_draft(role), self.hidden_edit(role)):
                for url in self.history_urls(page):
                    with self.subTest(role=role, url=url):
                        self.as_role(role)
                        self.assert_refused(self.client.get(url), secret, role=role)

    def test_cve_2026_44198_control_an_editor_reads_the_revision(self):
        self.as_role("editor")
        for page, secret in ((self.live_reply, LIVE_REPLY_EDIT), (self.live_module, LIVE_MODULE_EDIT)):
            for url in self.history_urls(page):
                self.assertEqual(self.client.get(url, follow=True).status_code, 200, url)
            url = reverse("wagtailadmin_pages:revisions_view", args=[page.pk, page.get_latest_revision().pk])
            self.assertContains(self.client.get(url), secret)

    # CVE-2026-44200 ----------------------------------------------------------------------------

    def staff_only_reply(self):
        """A draft reply in a section writers were not granted (as if editors kept a staff-only blog).

        Writers may add replies to the Discussion Blog, so copying this reply there is stopped only by
        the check on the page copied from: that is the check the advisory is about.
        """
        section = HomePage.objects.get().add_child(instance=BlogIndexPage(title="Staff only", slug="staff", live=False))
        page = LetterReplyPageFactory(parent=section, live=False, title=DRAFT_REPLY + " (staff)")
        page.save_revision()
        return page, DRAFT_REPLY

    def copy(self, source, destination, title):
        return self.client.post(
            reverse("wagtailadmin_pages:copy", args=[source.pk]),
            {"new_title": title, "new_slug": "copied-page", "new_parent_page": str(destination.pk), "alias": ""},
        )

    def test_cve_2026_44200_page_copy_from_an_unpermitted_source(self):
        staff_reply, _ = self.staff_only_reply()
        attempts = {
            "anonymous": [(self.draft_reply, self.blog, DRAFT_REPLY)],
            "moderator": [(self.draft_reply, self.blog, DRAFT_REPLY)],
            "writer": [(staff_reply, self.blog, DRAFT_REPLY), (self.draft_module, self.module_index, DRAFT_MODULE)],
        }
        pages_before = Page.objects.count()
        for role in LOW_ROLES:
            for source, destination, secret in attempts[role]:
                with self.subTest(role=role, source=source.slug):
                    self.as_role(role)
                    url = reverse("wagtailadmin_pages:copy", args=[source.pk])
                    self.assert_refused(self.client.get(url), secret, role=role)
                    self.assert_refused(self.copy(source, destination, INJECTED), secret, role=role)
                    self.assertEqual(Page.objects.count(), pages_before)
                    self.assertFalse(Page.objects.filter(title=INJECTED).exists())

    def test_cve_2026_44200_control_an_editor_may_copy_the_same_page(self):
        staff_reply, _ = self.staff_only_reply()
        self.as_role("editor")
        self.assertContains(self.client.get(reverse("wagtailadmin_pages:copy", args=[staff_reply.pk])), DRAFT_REPLY)
        self.assertEqual(self.copy(staff_reply, self.blog, INJECTED).status_code, 302)
        copied = Page.objects.get(title=INJECTED)
        self.assertEqual(copied.get_parent().pk, self.blog.pk)

    # CVE-2026-54259 ----------------------------------------------------------------------------

    def chooser_urls(self):
        page_search = reverse("wagtailadmin_choose_page_search")
        return [
            reverse("wagtailadmin_choose_page"),
            reverse("wagtailadmin_choose_page_child", args=[HomePage.objects.get().pk]),
            reverse("wagtailadmin_choose_page_child", args=[self.blog.pk]),
            reverse("wagtailadmin_choose_page_child", args=[self.module_index.pk]),
            *(f"{page_search}?q={word}" for word in ("Zanzibarian", "Quokka", "Marmalade", "Tamarind", "published")),
            reverse("wagtaildocs_chooser:choose"),
            reverse("wagtaildocs_chooser:choose_results") + "?q=Gooseberry",
            reverse("wagtailimages_chooser:choose"),
            reverse("wagtailimages_chooser:choose_results") + "?q=Persimmon",
        ]

    def make_documents_and_images(self):
        # In the root collection, where editors are granted documents and images.
        root = Collection.get_first_root_node()
        wagtail_factories.DocumentFactory(title=SECRET_DOCUMENT, collection=root)
        wagtail_factories.ImageFactory(title=SECRET_IMAGE, collection=root)

    def test_cve_2026_54259_choosers_refuse_anonymous_visitors(self):
        self.make_documents_and_images()
        self.as_role("anonymous")
        snippet_chooser = "/admin/snippets/choose/blog/staffwriter/"
        for url in [*self.chooser_urls(), snippet_chooser, snippet_chooser + "results/"]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assert_refused(response, DRAFT_REPLY, DRAFT_MODULE, SECRET_DOCUMENT, SECRET_IMAGE)
                self.assertTrue(response["Location"].startswith("/admin/login/"))
                self.assertNotIn(self.staff_writer.name, response.content.decode())

    def test_cve_2026_54259_choosers_show_a_moderator_no_drafts_documents_or_images(self):
        self.make_documents_and_images()
        self.as_role("moderator")
        for url in self.chooser_urls():
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)  # moderators link to live posts, so the chooser opens
                self.assert_shows_nothing_secret(
                    response, DRAFT_REPLY, DRAFT_MODULE, SECRET_DOCUMENT, SECRET_IMAGE, role="moderator"
                )

    def test_cve_2026_54259_page_chooser_shows_a_moderator_no_unpublished_titles_of_live_pages(self):
        # A live page's newer draft may retitle it (say, before the privacy check): still unpublished words.
        self.as_role("moderator")
        for url in self.chooser_urls():
            with self.subTest(url=url):
                self.assert_shows_nothing_secret(
                    self.client.get(url), LIVE_REPLY_EDIT, LIVE_MODULE_EDIT, role="moderator"
                )

    def test_cve_2026_54259_chooser_creation_forms_refuse_roles_without_add_permission(self):
        for role in LOW_ROLES:
            with self.subTest(role=role):
                self.as_role(role)
                for url in (
                    "/admin/snippets/choose/blog/staffwriter/create/",
                    reverse("wagtaildocs_chooser:create"),
                    reverse("wagtailimages_chooser:create"),
                ):
                    self.assert_refused(self.client.get(url), role=role)
                response = self.client.post(
                    "/admin/snippets/choose/blog/staffwriter/create/",
                    {"name": INJECTED, "slug": "injected", "role_title": "Staff writer", "bio": ""},
                )
                self.assert_refused(response, role=role)
                self.assertFalse(StaffWriter.objects.filter(name=INJECTED).exists())

    def test_cve_2026_54259_control_an_editor_adds_a_writer_from_the_chooser(self):
        self.as_role("editor")
        response = self.client.post(
            "/admin/snippets/choose/blog/staffwriter/create/",
            {"name": "Noor Haddad", "slug": "noor-haddad", "role_title": "Staff writer", "bio": ""},
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(StaffWriter.objects.filter(name="Noor Haddad").exists())
        # Bad input is answered with the form and its errors, not a 500.
        response = self.client.post("/admin/snippets/choose/blog/staffwriter/create/", {"name": ""})
        self.assertEqual(response.status_code, 200)
        self.assertIn("This field is required", response.content.decode())

    def test_cve_2026_54259_letters_and_comments_have_no_chooser(self):
        # Wagtail's snippet chooser lists a model to anyone with admin access: letters and comments stay out of it.
        for role in ("writer", "moderator"):
            self.as_role(role)
            for model in ("discussion/letter", "discussion/comment"):
                for url in (f"/admin/snippets/choose/{model}/", f"/admin/snippets/choose/{model}/results/"):
                    with self.subTest(role=role, url=url):
                        self.assertEqual(self.client.get(url).status_code, 404)

    def test_cve_2026_54259_controls(self):
        self.make_documents_and_images()
        # An editor's choosers list the same document and image; a writer's page chooser lists the blog's draft.
        self.as_role("editor")
        self.assertContains(self.client.get(reverse("wagtaildocs_chooser:choose")), SECRET_DOCUMENT)
        self.assertContains(self.client.get(reverse("wagtailimages_chooser:choose")), SECRET_IMAGE)
        self.assertEqual(self.client.get(reverse("wagtaildocs_chooser:create")).status_code, 200)
        self.assertEqual(self.client.get(reverse("wagtailimages_chooser:create")).status_code, 200)
        self.as_role("writer")
        self.assertContains(
            self.client.get(reverse("wagtailadmin_choose_page_child", args=[self.blog.pk])), DRAFT_REPLY
        )

    # CVE-2026-44199 ----------------------------------------------------------------------------

    def test_cve_2026_44199_form_submission_deletion(self):
        # We have no form pages; a submission stored against any page must still be out of reach.
        submission = FormSubmission.objects.create(page=self.live_reply, form_data={"email": SECRET_EMAIL})
        for role in LOW_ROLES:
            for page_id in (self.live_reply.pk, self.draft_reply.pk, 999_999):
                delete = reverse("wagtailforms:delete_submissions", args=[page_id])
                selected = f"?selected-submissions={submission.pk}"
                with self.subTest(role=role, page_id=page_id):
                    self.as_role(role)
                    self.assert_refused(self.client.get(delete + selected), SECRET_EMAIL, role=role)
                    self.assert_refused(self.client.post(delete + selected), SECRET_EMAIL, role=role)
                    listing = reverse("wagtailforms:list_submissions", args=[page_id])
                    self.assert_refused(self.client.get(listing), SECRET_EMAIL, role=role)
                    self.assert_shows_nothing_secret(self.client.get(reverse("wagtailforms:index")), SECRET_EMAIL)
                    self.assertTrue(FormSubmission.objects.filter(pk=submission.pk).exists())


def contentstate_with_links(*links):
    """A Draftail paragraph as the admin's editor posts it: one LINK entity per (text, url)."""
    text, ranges, entities = "", [], {}
    for key, (label, url) in enumerate(links):
        ranges.append({"offset": len(text), "length": len(label), "key": key})
        entities[str(key)] = {"type": "LINK", "mutability": "MUTABLE", "data": {"url": url}}
        text += label + " "
    block = {
        "key": "adv01",
        "text": text.strip(),
        "type": "unstyled",
        "depth": 0,
        "inlineStyleRanges": [],
        "entityRanges": ranges,
        "data": {},
    }
    return json.dumps({"blocks": [block], "entityMap": entities})


# What a browser would run: it ignores case, whitespace and control characters inside the scheme.
SCRIPT_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(2)",
    " javascript:alert(3)",
    "jav\tascript:alert(4)",
    "vbscript:msgbox(5)",
    "data:text/html,<script>alert(6)</script>",
]
RUNNABLE_SCHEME = re.compile(r"^(javascript|vbscript|data):")


def runnable_links(html):
    """The href of every link in `html` that a browser would run as script, as the browser reads it."""
    hrefs = [a.get("href", "") for a in BeautifulSoup(html, "html.parser").find_all("a")]
    return [h for h in hrefs if RUNNABLE_SCHEME.match(re.sub(r"[\x00-\x20\x7f-\xa0\s]+", "", h).lower())]


class RichTextAdvisoryTests(TestCase):
    """CVE-2021-29434: a javascript: URL in rich text must never become a link."""

    @classmethod
    def setUpTestData(cls):
        cls.writer = make_user("writer", WRITERS)
        cls.editor = make_user("editor", EDITORS)
        cls.moderator = make_user("moderator", COMMENT_MODERATORS)

    def publish_and_fetch(self, page):
        privacy_checked(LetterReplyPage.objects.get(pk=page.pk).get_latest_revision()).publish(user=self.editor)
        self.client.logout()
        response = self.client.get(LetterReplyPage.objects.get(pk=page.pk).url)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_cve_2021_29434_javascript_links_a_writer_puts_in_a_reply_are_not_rendered(self):
        page = draft_reply(title="A reply with links")
        links = [(f"Link {n}", url) for n, url in enumerate(SCRIPT_URLS)] + [("Real help", "https://example.org/help")]
        self.client.force_login(self.writer)
        data = reply_form(
            page,
            "A reply with links",
            letter=contentstate_with_links(*links),
            reply=streamfield([("paragraph", contentstate_with_links(*links))]),
        )
        response = self.client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
        self.assertEqual(response.status_code, 302)  # saved as a draft

        stored = json.dumps(LetterReplyPage.objects.get(pk=page.pk).get_latest_revision().content)
        self.assertNotIn("script:", stored.lower())
        html = self.publish_and_fetch(page)
        self.assertEqual(runnable_links(html), [])
        # The words stay; an ordinary link stays a link, so links were not simply all dropped.
        self.assertIn("Link 0", html)
        self.assertIn('href="https://example.org/help"', html)

    def test_cve_2021_29434_a_letter_with_a_javascript_link_stays_text_in_its_reply(self):
        # Readers write letters; a letter becomes the first draft of a reply.
        body = 'Please help. <a href="javascript:alert(1)">Click here</a> and [x](javascript:alert(2)) ' * 3
        letter = Letter.objects.create(pen_name="Linkwriter", body=body, consent=True)
        page = LetterReplyPage.objects.get(pk=letter.start_reply(self.editor).pk)
        page.standfirst = "A standfirst."
        page.writer = StaffWriterFactory()
        page.save_revision()
        html = self.publish_and_fetch(page)
        self.assertEqual(runnable_links(html), [])
        self.assertIn("&lt;a href=&quot;javascript:alert(1)&quot;&gt;Click here&lt;/a&gt;", html)

    def test_cve_2021_29434_a_comment_with_a_javascript_link_stays_text(self):
        page = LetterReplyPageFactory()
        body = 'See javascript:alert(1) or <a href="javascript:alert(2)">this</a> or [x](javascript:alert(3))'
        response = self.client.post(
            f"/comments/{page.pk}/post/", {"display_name": "Reader", "email": "", "body": body, "reviewed": "True"}
        )
        self.assertEqual(response.status_code, 303)
        comment = Comment.objects.get()
        self.assertEqual(comment.body, body)
        comment.status = Comment.Status.APPROVED
        comment.moderated_by = self.moderator
        comment.save()

        html = self.client.get(page.url).content.decode()
        self.assertEqual(runnable_links(html), [])
        self.assertIn("See javascript:alert(1) or &lt;a href=&quot;javascript:alert(2)&quot;&gt;this&lt;/a&gt;", html)


# CVE-2024-39317 ------------------------------------------------------------------------------

# Pathological search input. The quote and bracket runs are a few thousand characters: enough for an
# unbounded parser to take several seconds (Wagtail's own query normaliser stops at 255), while
# keeping a failing run short. Typing speed is not the concern; a client can send these at will.
PATHOLOGICAL_QUERIES = {
    "fifty thousand letters": "a" * 50_000,
    "a run of punctuation": "!?.,;:-_()[]{}<>*&^%$#@~`|\\/+='\"" * 1_500,
    "a run of whitespace": " \t\r\n\u00a0\u2028\u3000" * 7_000,
    "quotes": '"' * 50_000,
    "nested quotes": "\"a 'b \"c 'd " * 500,
    "brackets and quotes": '("' * 2_500,
    "a pasted letter (thousands of words)": "word " * 2_000,
    "thousands of different words": " ".join(f"word{n}" for n in range(3_000)),
    "search operators": "a OR -b AND NOT c* " * 300,
}
# Wall-clock bound per request: these pages answer in well under half a second on SQLite and
# PostgreSQL; two seconds leaves room for a busy CI machine while still catching a parser that
# backtracks or recurses on its input (those take tens of seconds, or fail outright).
MAX_SECONDS = 2.0


class SearchAdvisoryTests(TestCase):
    """CVE-2024-39317: search input must not make a search box slow or crash it."""

    @classmethod
    def setUpTestData(cls):
        cls.writer = make_user("writer", WRITERS)
        cls.moderator = make_user("moderator", COMMENT_MODERATORS)
        LetterReplyPageFactory(title="Talking with a son about treatment")
        ModulePageFactory(title="Positive communication", number=4)

    def setUp(self):
        # A crash is a 500 answer here, so that every endpoint is tried and reported.
        self.client.raise_request_exception = False

    def assert_answers_quickly(self, url, params, role):
        for name, query in PATHOLOGICAL_QUERIES.items():
            with self.subTest(role=role, url=url, query=name):
                cache.clear()  # the public search is rate limited per client
                started = time.perf_counter()
                response = self.client.get(url, dict.fromkeys(params, query))
                elapsed = time.perf_counter() - started
                self.assertLess(response.status_code, 500, f"{url} answered {response.status_code} to {name}")
                self.assertLess(elapsed, MAX_SECONDS, f"{url} took {elapsed:.1f}s over {name}")

    def test_cve_2024_39317_public_search(self):
        self.assert_answers_quickly("/search/", ["query"], "anonymous")
        self.assert_answers_quickly("/search/", ["query", "tag", "module"], "anonymous")

    def test_cve_2024_39317_admin_search_as_a_writer(self):
        self.client.force_login(self.writer)
        for url in (
            reverse("wagtailadmin_pages:search"),
            reverse("wagtailadmin_choose_page_search"),
            "/admin/letters/",
            "/admin/snippets/blog/staffwriter/",
            "/admin/snippets/choose/blog/staffwriter/results/",
        ):
            self.assert_answers_quickly(url, ["q"], "writer")

    def test_cve_2024_39317_admin_search_as_a_moderator(self):
        self.client.force_login(self.moderator)
        for url in (
            reverse("wagtailadmin_choose_page_search"),
            "/admin/comments/",
            reverse("wagtaildocs_chooser:choose_results"),
            reverse("wagtailimages_chooser:choose_results"),
        ):
            self.assert_answers_quickly(url, ["q"], "moderator")
