"""Sign-in security: the lockout after repeated wrong passwords (django-axes) and the password rules."""

from datetime import timedelta

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.models import Group, User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db.models import F
from django.test import TestCase, override_settings
from django.urls import reverse

from cms.roles import EDITORS

PASSWORD = "correct horse battery staple"
HOME = "203.0.113.10"
ELSEWHERE = "198.51.100.20"


class LockoutTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = User.objects.create_user("eddie", "eddie@example.org", PASSWORD)
        cls.editor.groups.add(Group.objects.get(name=EDITORS))

    def sign_in(self, password, username="eddie", ip=HOME, url=None, **headers):
        return self.client.post(
            url or reverse("wagtailadmin_login"),
            {"username": username, "password": password},
            REMOTE_ADDR=ip,
            **headers,
        )

    def fail(self, times, **kwargs):
        return [self.sign_in("wrong password", **kwargs).status_code for _ in range(times)]

    def assert_signed_in(self, response):
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.client.session["_auth_user_id"], str(self.editor.pk))
        self.client.logout()

    def assert_locked_out(self, response):
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "Sign-in paused", status_code=429)
        self.assertContains(response, "30 minutes", status_code=429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_the_limits_are_five_failures_and_thirty_minutes(self):
        self.assertEqual(settings.AXES_FAILURE_LIMIT, 5)
        self.assertEqual(settings.AXES_COOLOFF_TIME, timedelta(minutes=30))
        self.assertEqual(settings.AXES_LOCKOUT_PARAMETERS, [["username", "ip_address"]])

    def test_four_wrong_passwords_are_only_wrong_passwords(self):
        self.assertEqual(self.fail(4), [200] * 4)
        self.assert_signed_in(self.sign_in(PASSWORD))

    def test_the_fifth_wrong_password_locks_out_and_then_the_right_one_is_refused(self):
        self.assertEqual(self.fail(5), [200] * 4 + [429])
        self.assert_locked_out(self.sign_in(PASSWORD))

    def test_the_site_sign_in_form_counts_and_locks_out_too(self):
        self.assertEqual(self.fail(5, url=reverse("login")), [200] * 4 + [429])
        self.assert_locked_out(self.sign_in(PASSWORD, url=reverse("login")))
        # The same pair is locked out of the admin's form as well.
        self.assert_locked_out(self.sign_in(PASSWORD))

    def test_another_address_or_another_username_is_not_locked_out(self):
        self.fail(5)
        self.assert_signed_in(self.sign_in(PASSWORD, ip=ELSEWHERE))
        User.objects.create_user("wren", "wren@example.org", PASSWORD)
        response = self.sign_in(PASSWORD, username="wren")
        self.assertEqual(response.status_code, 302)

    def test_the_lockout_ends_after_thirty_minutes(self):
        self.fail(5)
        # Twenty-nine minutes later: still locked out, and retrying does not restart the clock.
        AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=29))
        self.assert_locked_out(self.sign_in(PASSWORD))
        AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=2))
        self.assert_signed_in(self.sign_in(PASSWORD))

    def test_an_administrator_can_lift_a_lockout(self):
        self.fail(5)
        reset(username="eddie")  # what `manage.py axes_reset_username eddie` does
        self.assert_signed_in(self.sign_in(PASSWORD))

    def test_a_successful_sign_in_forgets_earlier_typos(self):
        self.fail(4)
        self.assert_signed_in(self.sign_in(PASSWORD))
        self.assertEqual(self.fail(4), [200] * 4)

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_behind_a_proxy_the_client_is_the_one_the_rate_limits_see(self):
        proxy = "10.0.0.2"
        self.fail(5, ip=proxy, HTTP_X_FORWARDED_FOR=HOME)
        self.assertEqual(list(AccessAttempt.objects.values_list("ip_address", flat=True)), [HOME])
        self.assert_locked_out(self.sign_in(PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR=HOME))
        # Another reader behind the same proxy is someone else.
        self.assert_signed_in(self.sign_in(PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR=ELSEWHERE))


class PasswordRuleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = User.objects.create_user("wren", "wren@example.org", PASSWORD, first_name="Wren")

    def errors_for(self, password):
        form = SetPasswordForm(self.user, {"new_password1": password, "new_password2": password})
        self.assertFalse(form.is_valid())
        return " ".join(form.errors["new_password2"])

    def test_short_common_numeric_and_personal_passwords_are_refused(self):
        self.assertIn("too short", self.errors_for("Wr3n!x"))
        self.assertIn("too common", self.errors_for("password123"))
        self.assertIn("entirely numeric", self.errors_for("20250117190348"))
        self.assertIn("too similar", self.errors_for("wren@example.org"))
        with self.assertRaises(ValidationError):
            validate_password("letmein", self.user)

    def test_a_long_uncommon_passphrase_is_accepted(self):
        passphrase = "tulip-ferry-gravel-42"
        form = SetPasswordForm(self.user, {"new_password1": passphrase, "new_password2": passphrase})
        self.assertTrue(form.is_valid(), form.errors)
        validate_password(passphrase, self.user)
