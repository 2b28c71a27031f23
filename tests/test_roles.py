"""Staff roles: groups made by migrations, and what each may do."""

from django.contrib.auth.models import Group, Permission
from django.test import TestCase
from wagtail.models import GroupPagePermission, Page
from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog.models import BlogIndexPage, LetterReplyPage
from cms.roles import COMMENT_MODERATORS, EDITORS, WRITERS
from home.models import HomePage
from tests.factories import StaffWriterFactory, draft_reply, privacy_checked


def page_codenames(group):
    return {
        (perm.page.specific_class.__name__, perm.permission.codename)
        for perm in GroupPagePermission.objects.filter(group=group).select_related("permission", "page")
    }


def user_in(group_name, username):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username=username, password="password")
    user.groups.add(Group.objects.get(name=group_name))
    return user


class GroupsAfterMigrateTests(TestCase):
    def test_the_three_roles_exist_and_wagtails_starter_moderators_group_is_gone(self):
        names = set(Group.objects.values_list("name", flat=True))
        self.assertTrue({WRITERS, EDITORS, COMMENT_MODERATORS} <= names)
        self.assertNotIn("Moderators", names)

    def test_writers_add_and_edit_under_the_blog_only(self):
        self.assertEqual(
            page_codenames(Group.objects.get(name=WRITERS)),
            {("BlogIndexPage", "add_page"), ("BlogIndexPage", "change_page")},
        )

    def test_editors_publish_lock_and_unlock_across_the_site(self):
        codes = page_codenames(Group.objects.get(name=EDITORS))
        for codename in ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"):
            self.assertIn(("HomePage", codename), codes)

    def test_moderators_reach_the_admin_but_no_pages(self):
        group = Group.objects.get(name=COMMENT_MODERATORS)
        self.assertEqual(page_codenames(group), set())
        self.assertTrue(group.permissions.filter(codename="access_admin").exists())

    def test_every_role_reaches_the_admin(self):
        access = Permission.objects.get(codename="access_admin")
        for name in (WRITERS, EDITORS, COMMENT_MODERATORS):
            self.assertIn(access, Group.objects.get(name=name).permissions.all())


class PublishingPermissionTests(WagtailTestUtils, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.blog = BlogIndexPage.objects.get()
        cls.writer = user_in(WRITERS, "wendy")
        cls.editor = user_in(EDITORS, "eddie")
        cls.moderator = user_in(COMMENT_MODERATORS, "morgan")
        cls.staff_writer = StaffWriterFactory()

    def form_data(self, page):
        return nested_form_data(
            {
                "title": page.title,
                "slug": page.slug,
                "standfirst": page.standfirst,
                "pen_name": page.pen_name,
                "letter": rich_text(page.letter),
                "reply": streamfield([("paragraph", rich_text("<p>Hello</p>"))]),
                "writer": str(self.staff_writer.pk),
                "date": "2026-02-02",
                "tags": "",
                "related_pins": inline_formset([]),
                "action-publish": "publish",
            }
        )

    def test_a_writers_publish_is_refused(self):
        page = draft_reply()
        self.assertFalse(page.permissions_for_user(self.writer).can_publish())
        self.client.force_login(self.writer)
        response = self.client.post(f"/admin/pages/{page.pk}/edit/", self.form_data(page))
        self.assertIn(response.status_code, (200, 302))
        page.refresh_from_db()
        self.assertFalse(page.live)
        self.assertTrue(page.has_unpublished_changes)

    def test_an_editors_publish_succeeds(self):
        page = draft_reply()
        self.assertTrue(page.permissions_for_user(self.editor).can_publish())
        self.client.force_login(self.editor)
        # Once this version has passed its privacy check (tests/test_publish_routes.py).
        draft = {key: value for key, value in self.form_data(page).items() if key != "action-publish"}
        self.client.post(f"/admin/pages/{page.pk}/edit/", draft)
        privacy_checked(LetterReplyPage.objects.get(pk=page.pk).get_latest_revision())
        response = self.client.post(f"/admin/pages/{page.pk}/edit/", self.form_data(page))
        self.assertEqual(response.status_code, 302)
        page.refresh_from_db()
        self.assertTrue(page.live)

    def test_a_writer_can_create_a_draft_under_the_blog_but_not_elsewhere(self):
        self.client.force_login(self.writer)
        response = self.client.get(f"/admin/pages/add/blog/letterreplypage/{self.blog.pk}/")
        self.assertEqual(response.status_code, 200)
        home = HomePage.objects.get()
        self.assertFalse(home.permissions_for_user(self.writer).can_add_subpage())
        self.assertFalse(home.permissions_for_user(self.writer).can_edit())

    def test_a_writer_can_submit_for_moderation(self):
        page = draft_reply()
        self.assertTrue(page.permissions_for_user(self.writer).can_submit_for_moderation())

    def test_editors_lock_and_unlock(self):
        page = draft_reply()
        perms = page.permissions_for_user(self.editor)
        self.assertTrue(perms.can_lock())
        self.assertTrue(perms.can_unlock())
        self.assertFalse(page.permissions_for_user(self.writer).can_lock())

    def test_moderators_cannot_edit_or_publish_pages(self):
        page = draft_reply()
        perms = page.permissions_for_user(self.moderator)
        self.assertFalse(perms.can_edit())
        self.assertFalse(perms.can_publish())
        self.client.force_login(self.moderator)
        self.assertEqual(self.client.get("/admin/").status_code, 200)
        response = self.client.get(f"/admin/pages/{page.pk}/edit/")
        self.assertIn(response.status_code, (302, 403))
        self.assertFalse(Page.objects.get(pk=page.pk).live)

    def test_the_default_review_goes_to_editors(self):
        from wagtail.models import GroupApprovalTask

        for task in GroupApprovalTask.objects.all():
            self.assertEqual([g.name for g in task.groups.all()], [EDITORS])

    def test_anonymous_readers_cannot_see_a_draft(self):
        page = draft_reply()
        self.assertEqual(self.client.get(f"/admin/pages/{page.pk}/edit/").status_code, 302)
        self.assertEqual(self.client.get(page.url or "/discussion-blog/" + page.slug + "/").status_code, 404)
        self.assertFalse(LetterReplyPage.objects.live().filter(pk=page.pk).exists())
