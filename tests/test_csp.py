"""Content Security Policy: enforced on public pages, report-only in the Wagtail admin (cms/csp.py)."""

import json
import os
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, User
from django.test import TestCase
from django.urls import reverse

from cms.roles import EDITORS
from tests.factories import LetterReplyPageFactory, privacy_checked, reply_stream

ENFORCED = "Content-Security-Policy"
REPORT_ONLY = "Content-Security-Policy-Report-Only"
ROOT = Path(__file__).resolve().parent.parent


def directives(header):
    """{"script-src": ["'self'"], ...} from a policy header."""
    parsed = {}
    for part in header.split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


class PublicPolicyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.post = LetterReplyPageFactory(
            title="Talking about treatment", letter="<p>Our son.</p>", reply=reply_stream("<p>Try Module 4.</p>")
        )
        privacy_checked(cls.post.save_revision()).publish()
        cls.post.refresh_from_db()

    def public_urls(self):
        return {
            "home": "/",
            "post": self.post.url,
            "letter form": reverse("discussion:write_to_us"),
            "search": reverse("search") + "?query=treatment",
            "sign-in": reverse("login"),
        }

    def test_public_pages_enforce_the_policy_and_send_no_report_only_header(self):
        for name, url in self.public_urls().items():
            with self.subTest(page=name):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertNotIn(REPORT_ONLY, response.headers)
                policy = directives(response.headers[ENFORCED])
                self.assertEqual(policy["default-src"], ["'self'"])
                self.assertEqual(policy["script-src"], ["'self'"])
                self.assertEqual(policy["style-src"], ["'self'"])
                self.assertEqual(policy["img-src"], ["'self'", "data:"])
                self.assertEqual(policy["object-src"], ["'none'"])
                self.assertEqual(policy["base-uri"], ["'self'"])
                self.assertEqual(policy["form-action"], ["'self'"])
                self.assertEqual(policy["frame-ancestors"], ["'none'"])
                self.assertNotIn("'unsafe-inline'", response.headers[ENFORCED])
                self.assertNotIn("'unsafe-eval'", response.headers[ENFORCED])
                # Without CSP_REPORT_URI in the environment there is nowhere to report to.
                self.assertNotIn("report-uri", policy)

    def test_a_post_from_the_page_cache_carries_the_policy_too(self):
        self.client.get(self.post.url)
        response = self.client.get(self.post.url)
        self.assertEqual(response.headers.get("X-Page-Cache"), "hit")
        self.assertEqual(directives(response.headers[ENFORCED])["script-src"], ["'self'"])
        self.assertNotIn(REPORT_ONLY, response.headers)

    def test_a_missing_page_is_covered_too(self):
        response = self.client.get("/no-such-page/")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(directives(response.headers[ENFORCED])["script-src"], ["'self'"])

    def test_public_pages_have_no_inline_script_handlers_or_styles(self):
        for name, url in self.public_urls().items():
            with self.subTest(page=name):
                soup = BeautifulSoup(self.client.get(url).content, "html.parser")
                for script in soup.find_all("script"):
                    # Our own files, or JSON-LD: a data block the browser never runs, which script-src ignores.
                    if script.get("type") == "application/ld+json":
                        json.loads(script.string)
                    else:
                        self.assertTrue(script["src"].startswith("/static/js/"), script)
                        self.assertFalse(script.string, script)
                self.assertFalse(soup.find_all("style"))
                for element in soup.find_all(True):
                    for attribute in element.attrs:
                        self.assertFalse(attribute.startswith("on"), f"{attribute} on <{element.name}>")
                        self.assertNotEqual(attribute, "style", f"style on <{element.name}>")

    def test_the_post_page_loads_its_script_and_has_json_ld(self):
        soup = BeautifulSoup(self.client.get(self.post.url).content, "html.parser")
        sources = [script.get("src") for script in soup.find_all("script")]
        self.assertIn("/static/js/comments.js", sources)
        self.assertEqual(len(soup.find_all("script", type="application/ld+json")), 1)
        letter_form = BeautifulSoup(self.client.get(reverse("discussion:write_to_us")).content, "html.parser")
        self.assertIn("/static/js/letter_form.js", [script.get("src") for script in letter_form.find_all("script")])


class AdminPolicyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = User.objects.create_user("eddie", "eddie@example.org", "a-long-editor-passphrase")
        cls.editor.groups.add(Group.objects.get(name=EDITORS))

    def assert_report_only(self, response):
        self.assertNotIn(ENFORCED, response.headers)
        policy = directives(response.headers[REPORT_ONLY])
        # The strict policy, so the reports say what the admin would need to change.
        self.assertEqual(policy["script-src"], ["'self'"])
        self.assertEqual(policy["object-src"], ["'none'"])
        # The admin frames its own previews.
        self.assertEqual(policy["frame-ancestors"], ["'self'"])

    def test_the_admin_sign_in_page_is_report_only(self):
        response = self.client.get(reverse("wagtailadmin_login"))
        self.assertEqual(response.status_code, 200)
        self.assert_report_only(response)

    def test_the_dashboard_is_report_only(self):
        self.client.force_login(self.editor)
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertEqual(response.status_code, 200)
        self.assert_report_only(response)

    def test_a_preview_is_report_only(self):
        # Wagtail renders a preview through a second request to the page's public URL; the
        # admin frames it in its preview panel, where frame-ancestors 'none' would blank it.
        post = LetterReplyPageFactory(title="A draft", letter="<p>Hi.</p>", reply=reply_stream("<p>Hello.</p>"))
        post.save_revision()
        self.client.force_login(User.objects.create_superuser("root", "root@example.org", "a-long-root-passphrase"))
        response = self.client.get(reverse("wagtailadmin_pages:view_draft", args=[post.pk]))
        self.assertEqual(response.status_code, 200)
        self.assert_report_only(response)


def test_the_report_uri_comes_from_the_environment():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.CONTENT_SECURITY_POLICY['DIRECTIVES']['report-uri'], "
        "s.CONTENT_SECURITY_POLICY_REPORT_ONLY['DIRECTIVES']['report-uri'])"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test", "CSP_REPORT_URI": "https://csp.example.org/r"}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["['https://csp.example.org/r']"] * 2
