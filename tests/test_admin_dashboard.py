"""The admin dashboard each role lands on: the site's name as its heading, and a moderator's own dashboard."""

import datetime

from django.contrib.auth.models import Group, User
from django.test import TestCase, override_settings
from django.utils import timezone
from wagtail.models import Site

from cms.roles import COMMENT_MODERATORS, EDITORS
from discussion.models.comments import Comment
from tests.factories import LetterReplyPageFactory

SITE_NAME = "Family Support Discussion Blog"


def user_in(group, username):
    user = User.objects.create_user(username, f"{username}@example.org", "pw")
    user.groups.add(Group.objects.get(name=group))
    return user


def heading(response):
    html = response.content.decode()
    start = html.index('<h1 class="w-h1 w-mt-0">') + len('<h1 class="w-h1 w-mt-0">')
    return html[start : html.index("</h1>", start)].strip()


@override_settings(WAGTAIL_SITE_NAME=SITE_NAME)
class DashboardTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = user_in(EDITORS, "eddie")
        cls.moderator = user_in(COMMENT_MODERATORS, "morgan")
        post = LetterReplyPageFactory()
        now = timezone.now()
        Comment.objects.create(page=post, display_name="A", body="Oldest", created_at=now - datetime.timedelta(days=3))
        Comment.objects.create(page=post, display_name="B", body="Newer", created_at=now - datetime.timedelta(hours=2))
        reported = Comment(page=post, display_name="C", body="Reported one")
        reported.add_reason(Comment.Reason.REPORTED, "Reported by 3 readers")
        reported.save()
        Comment.objects.create(page=post, display_name="D", body="Approved", status=Comment.Status.APPROVED)

    def test_the_heading_is_the_sites_name_not_its_host_name(self):
        site = Site.objects.get(is_default_site=True)
        self.assertEqual(site.site_name, "")  # as after the migrations: only a host name
        for user in (self.editor, self.moderator):
            self.client.force_login(user)
            self.assertEqual(heading(self.client.get("/admin/")), SITE_NAME)
        site.site_name = "Our Discussion Blog"
        site.save()
        self.assertEqual(heading(self.client.get("/admin/")), "Our Discussion Blog")

    def test_moderators_get_their_own_dashboard_and_no_page_search(self):
        self.client.force_login(self.moderator)
        response = self.client.get("/admin/")
        self.assertContains(response, "Reader comments")
        self.assertContains(response, '<a href="/admin/comments/">3 comments</a>', html=True)
        self.assertContains(response, "3\xa0days")  # the oldest wait
        self.assertContains(response, '<a href="/admin/comments/?reason=reported">1 comment</a>', html=True)
        self.assertContains(response, "Open the moderation queue")
        self.assertNotContains(response, "Search all pages")

    def test_editors_keep_the_page_search_and_do_not_get_the_moderation_panel(self):
        self.client.force_login(self.editor)
        response = self.client.get("/admin/")
        self.assertContains(response, "Search all pages")
        self.assertNotContains(response, "Open the moderation queue")
