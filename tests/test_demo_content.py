"""`manage.py load_demo_content`: what it loads, that it is idempotent, and that --reset rebuilds."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page, PageViewRestriction, Site

from blog.models import (
    BlogIndexPage,
    LetterReplyPage,
    ModuleIndexPage,
    ModulePage,
    RelatedPostPin,
    StaffWriter,
)
from blog.related import related_posts
from cms.roles import COMMENT_MODERATORS, EDITORS, WRITERS
from home import demo_content
from home.models import HomePage

DEMO_USERNAMES = [user["username"] for user in demo_content.DEMO_USERS]


def load_demo_content(*args):
    out = StringIO()
    call_command("load_demo_content", *args, stdout=out)
    return out.getvalue()


def snapshot():
    """What a second run must not change."""
    return {
        "modules": sorted(ModulePage.objects.values_list("number", flat=True)),
        "posts": sorted(LetterReplyPage.objects.live().values_list("slug", flat=True)),
        "all pages": Page.objects.count(),
        "writers": sorted(StaffWriter.objects.values_list("slug", flat=True)),
        "users": sorted(get_user_model().objects.values_list("username", flat=True)),
        "pins": RelatedPostPin.objects.count(),
        "restrictions": PageViewRestriction.objects.count(),
    }


class DemoContentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.output = load_demo_content()

    def posts(self):
        return LetterReplyPage.objects.live().select_related("writer").order_by("date")

    # The site tree -----------------------------------------------------------

    def test_site_tree_has_home_blog_and_module_index(self):
        home = HomePage.objects.get()
        self.assertEqual(Site.objects.get(is_default_site=True).root_page_id, home.pk)
        self.assertIn("CRAFT", home.intro)
        for index in (BlogIndexPage.objects.get(), ModuleIndexPage.objects.get()):
            self.assertEqual(index.get_parent().pk, home.pk)
            self.assertTrue(index.live)
            self.assertTrue(index.show_in_menus)

    def test_roles_point_at_the_pages_that_exist(self):
        blog = BlogIndexPage.objects.get()
        self.assertTrue(GroupPagePermission.objects.filter(group__name=WRITERS, page=blog).exists())
        self.assertTrue(GroupPagePermission.objects.filter(group__name=EDITORS, page=HomePage.objects.get()).exists())

    # Curriculum and writers --------------------------------------------------

    def test_nine_live_modules_with_summaries_and_bodies(self):
        modules = list(ModulePage.objects.live().order_by("number"))
        self.assertEqual([module.number for module in modules], list(range(1, 10)))
        for module in modules:
            self.assertTrue(module.summary)
            self.assertGreaterEqual(sum(block.block_type == "paragraph" for block in module.body), 2)

    def test_module_9_is_members_only(self):
        restricted = PageViewRestriction.objects.get()
        self.assertEqual(restricted.page.specific.number, 9)
        self.assertEqual(restricted.restriction_type, PageViewRestriction.LOGIN)
        response = self.client.get(ModulePage.objects.get(number=9).url)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/account/login/", response["Location"])

    def test_three_staff_writers(self):
        writers = list(StaffWriter.objects.all())
        self.assertEqual(len(writers), 3)
        self.assertEqual({w.role_title for w in writers}, {"CEO", "Staff writer", "Family coach"})
        self.assertTrue(all(writer.bio for writer in writers))

    # Letters and replies -----------------------------------------------------

    def test_at_least_sixteen_live_posts_on_distinct_dates(self):
        posts = list(self.posts())
        self.assertGreaterEqual(len(posts), 16)
        self.assertEqual(len({post.date for post in posts}), len(posts))
        for post in posts:
            # Newest-first order is the same whichever date a template uses.
            self.assertEqual(post.first_published_at.date(), post.date)
            self.assertEqual(post.get_parent().specific_class, BlogIndexPage)

    def test_every_post_is_complete(self):
        for post in self.posts():
            with self.subTest(post=post.slug):
                self.assertIn(post.pen_name, post.standfirst)
                self.assertIn(post.writer.name, post.standfirst)
                self.assertGreaterEqual(post.letter.count("<p>"), 2)
                first = post.reply[0]
                self.assertEqual(first.block_type, "paragraph")
                self.assertTrue(first.value.source.startswith(f"<p>Hi {post.pen_name},"))
                headings = [block for block in post.reply if block.block_type == "heading"]
                self.assertTrue(2 <= len(headings) <= 4)
                self.assertTrue(3 <= post.tags.count() <= 5)
                self.assertEqual(post.unknown_module_numbers(), [])

    def test_every_post_has_at_least_two_related_posts(self):
        for post in self.posts():
            with self.subTest(post=post.slug):
                self.assertGreaterEqual(len(related_posts(post)), 2)

    def test_some_posts_have_pinned_related_posts(self):
        pinned = LetterReplyPage.objects.filter(related_pins__isnull=False).distinct()
        self.assertIn(pinned.count(), (2, 3))
        for post in pinned:
            pins = [pin.post_id for pin in post.related_pins.all()]
            self.assertEqual([p.pk for p in related_posts(post)[: len(pins)]], pins)

    def test_a_post_cites_modules_3_4_5_and_6(self):
        cited = [set(post.referenced_modules.values_list("number", flat=True)) for post in self.posts()]
        self.assertTrue(any({3, 4, 5, 6} <= numbers for numbers in cited))
        # Every module is cited somewhere, so every module page lists replies.
        self.assertEqual(set().union(*cited), set(range(1, 10)))

    def test_replies_use_callouts_and_pull_quotes(self):
        block_types = {block.block_type for post in self.posts() for block in post.reply}
        self.assertLessEqual({"heading", "paragraph", "pull_quote", "module_callout"}, block_types)

    # Logins ------------------------------------------------------------------

    def test_one_demo_user_per_role_plus_an_admin(self):
        User = get_user_model()
        expected = {"writer": WRITERS, "editor": EDITORS, "moderator": COMMENT_MODERATORS}
        for username, group in expected.items():
            user = User.objects.get(username=username)
            self.assertEqual(list(user.groups.values_list("name", flat=True)), [group])
            self.assertFalse(user.is_superuser)
            self.assertTrue(user.email.endswith("@example.org"))
        admin = User.objects.get(username="admin")
        self.assertTrue(admin.is_superuser)
        self.assertEqual(Group.objects.filter(name__in=expected.values()).count(), 3)

    def test_demo_users_can_log_in_with_the_printed_passwords(self):
        for user in demo_content.DEMO_USERS:
            with self.subTest(user=user["username"]):
                self.assertIn(user["username"], self.output)
                self.assertIn(user["password"], self.output)
                # Through the admin's sign-in form, as staff do (and past the sign-in lockout).
                credentials = {"username": user["username"], "password": user["password"]}
                response = self.client.post(reverse("wagtailadmin_login"), credentials)
                self.assertRedirects(response, reverse("wagtailadmin_home"), fetch_redirect_response=False)
                self.client.logout()

    def test_output_shows_the_admin_url(self):
        self.assertIn("/admin/", self.output)
        self.assertIn("Demo content ready", self.output)

    # Idempotence and reset ---------------------------------------------------

    def test_running_twice_changes_nothing(self):
        before = snapshot()
        revisions = dict(LetterReplyPage.objects.values_list("pk", "latest_revision_id"))
        output = load_demo_content()
        self.assertEqual(snapshot(), before)
        self.assertEqual(dict(LetterReplyPage.objects.values_list("pk", "latest_revision_id")), revisions)
        self.assertIn("(0 new)", output)

    def test_reset_rebuilds_the_same_content(self):
        before = snapshot()
        old_ids = set(LetterReplyPage.objects.values_list("pk", flat=True))
        load_demo_content("--reset")
        self.assertEqual(snapshot(), before)
        self.assertFalse(old_ids & set(LetterReplyPage.objects.values_list("pk", flat=True)))
        self.assertEqual(PageViewRestriction.objects.get().page.specific.number, 9)
        self.assertEqual(Page.find_problems(), ([], [], [], [], []))


@pytest.mark.django_db
def test_rebuilds_a_missing_site_tree():
    home = HomePage.objects.get()
    Page.objects.filter(path__startswith=home.path).delete()  # takes the default Site with it
    assert not Site.objects.exists()

    load_demo_content()

    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert BlogIndexPage.objects.child_of(home).get().show_in_menus
    assert ModuleIndexPage.objects.child_of(home).get().show_in_menus
    assert GroupPagePermission.objects.filter(group__name=WRITERS, page=BlogIndexPage.objects.get()).exists()
    assert LetterReplyPage.objects.live().count() == len(demo_content.POSTS)
    assert Page.find_problems() == ([], [], [], [], [])


@override_settings(SETTINGS_MODULE="cms.settings.production")
def test_refuses_to_run_under_production_settings():
    with pytest.raises(CommandError, match="production"):
        load_demo_content()
