"""No personal data in logs: what readers send (emails, letters) and where from (IP addresses).

First line of defence: the app never logs them. Every logger is opened up to DEBUG and
captured before any filter runs, while readers send letters (one crisis-flagged, which
emails the editors, once with the mail server down), post comments, report one, and hit
a 404 and 429s. Second line: the filter on the console handler (cms/logging.py) masks any
email or IP address that slips through.
"""

import copy
import io
import logging
import sys
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client, TestCase, override_settings
from wagtail.models import Site

from cms.logging import ScrubPersonalData, scrub
from cms.roles import COMMENT_MODERATORS, EDITORS
from discussion.models import Letter
from discussion.models.comments import Comment, CommentSettings
from discussion.views import comments as comment_views
from tests.factories import LetterReplyPageFactory
from tests.mailqueue import deliver_mail

IP = "203.0.113.77"
LETTER_EMAIL = "quiet.parent@example.net"
CRISIS_EMAIL = "frightened.sister@example.net"
COMMENTER_EMAIL = "maria.commenter@example.org"
LETTER_BODY = (
    "Our son Jonah is 35 and has started using again after two years at the bakery on Elm Street. "
    "How do we talk with him without pushing him away?"
)
CRISIS_BODY = (
    "My brother overdosed on Saturday and was not breathing when his daughter Lily found him. "
    "We gave him Narcan. We do not know what to do now."
)
COMMENT_BODY = "We went through the same with our daughter Esme, and it took a long while."
ROOT = Path(__file__).resolve().parent.parent


class Capture(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.records = []

    def emit(self, record):
        self.records.append(copy.copy(record))  # as made: the console handler's filter rewrites the original


@contextmanager
def every_log_record():
    """Every record any logger makes at DEBUG or above, as made: no level, filter or handler in between."""
    capture = Capture()
    loggers = [logging.getLogger()] + [
        logger for logger in logging.Logger.manager.loggerDict.values() if isinstance(logger, logging.Logger)
    ]
    saved = [(logger, logger.level, logger.disabled) for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
        logger.disabled = False
        if logger is logging.getLogger() or not logger.propagate:
            logger.handlers.insert(0, capture)  # before the console handler, whose filter rewrites records
    try:
        yield capture.records
    finally:
        for logger, level, disabled in saved:
            logger.setLevel(level)
            logger.disabled = disabled
            logger.removeHandler(capture)


def record_text(record):
    text = record.getMessage()
    if record.exc_info:
        text += logging.Formatter().formatException(record.exc_info)
    return "\n".join([text, record.exc_text or "", record.stack_info or ""])


class BrokenBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def letter_data(email, body):
    return {"pen_name": "Quietparent", "email": email, "body": body, "relation": "parent", "consent": "on"}


class NothingPersonalIsLoggedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        for name in ("edna", "eddie"):
            User.objects.create_user(name, f"{name}@staff.example.org", "pw").groups.add(
                Group.objects.get(name=EDITORS)
            )
        moderator = User.objects.create_user("mo", "mo@staff.example.org", "pw")
        moderator.groups.add(Group.objects.get(name=COMMENT_MODERATORS))
        comment_settings = CommentSettings.for_site(Site.objects.get(is_default_site=True))
        comment_settings.reports_to_hold = 1  # one report sends the comment back and emails the moderators
        comment_settings.save()
        cls.page = LetterReplyPageFactory()
        cls.approved = Comment.objects.create(
            page=cls.page, display_name="Sam", email="sam@example.org", body="An approved comment.", status="approved"
        )

    def test_letters_comments_reports_and_refusals_log_no_email_address_ip_or_letter(self):
        client = Client(REMOTE_ADDR=IP)
        with every_log_record() as records:
            # Letters: an ordinary one, a crisis-flagged one (editors emailed), one with the mail server down.
            self.assertEqual(client.post("/write-to-us/", letter_data(LETTER_EMAIL, LETTER_BODY)).status_code, 302)
            self.assertEqual(client.post("/write-to-us/", letter_data(CRISIS_EMAIL, CRISIS_BODY)).status_code, 302)
            deliver_mail()
            with override_settings(OUTBOX_DELIVERY_BACKEND="tests.test_logging_privacy.BrokenBackend"):
                response = client.post("/write-to-us/", letter_data(CRISIS_EMAIL, CRISIS_BODY + " Again."))
                deliver_mail()
            self.assertEqual(response.status_code, 302)
            # A comment (moderators emailed), a report that sends a comment back, a 404 and 429s.
            comment = {"display_name": "Maria", "email": COMMENTER_EMAIL, "body": COMMENT_BODY}
            self.assertEqual(client.post(f"/comments/{self.page.pk}/post/", comment).status_code, 303)
            self.assertEqual(client.post(f"/comments/report/{self.approved.pk}/").status_code, 303)
            self.assertEqual(client.get("/no-such-page/").status_code, 404)
            with mock.patch.object(comment_views, "POST_RATE_LIMIT", (1, 600)):
                again = comment | {"body": COMMENT_BODY + " Thank you."}
                self.assertEqual(client.post(f"/comments/{self.page.pk}/post/", again).status_code, 429)
            with override_settings(SEARCH_RATE_LIMIT=1):
                client.get("/search/", {"query": "tapering"})
                self.assertEqual(client.get("/search/", {"query": "tapering"}).status_code, 429)

        # The journeys happened: letters stored and flagged, editors and moderators emailed.
        self.assertEqual(Letter.objects.filter(urgent=True).count(), 2)
        self.assertEqual(Letter.objects.exclude(email="").count(), 3)
        deliver_mail()
        self.assertEqual(len([m for m in mail.outbox if m.subject.startswith("Urgent")]), 2)
        self.assertEqual(len([m for m in mail.outbox if "comment waiting" in m.subject]), 2)
        # What was logged: the refusals and the mail failure, by path and letter number only.
        messages = [record.getMessage() for record in records]
        self.assertIn("Not Found: /no-such-page/", messages)
        self.assertIn(f"Too Many Requests: /comments/{self.page.pk}/post/", messages)
        self.assertIn("Too Many Requests: /search/", messages)
        # The mail server was down for the third letter: the outbox logs the retry, by message number only.
        self.assertTrue(any("(crisis_alert) will be retried" in message for message in messages), messages)

        secrets = [LETTER_EMAIL, CRISIS_EMAIL, COMMENTER_EMAIL, "sam@example.org", IP, "Jonah", "Lily", "Esme"]
        secrets += [LETTER_BODY[:40], CRISIS_BODY[:40], COMMENT_BODY[:40]]
        for record in records:
            text = record_text(record)
            for secret in secrets:
                self.assertNotIn(secret, text, f"{record.name}: {text}")

    def test_the_capture_sees_records_as_made_before_any_filter(self):
        with every_log_record() as records:
            logging.getLogger("discussion.views").debug("probe from %s at %s", "probe@example.org", IP)
        self.assertEqual([record.getMessage() for record in records], [f"probe from probe@example.org at {IP}"])


class ScrubbingFilterTests(TestCase):
    def test_email_and_ip_addresses_are_masked(self):
        cases = [
            ("Not Found: /letters/jo.smith+blog@example.co.uk/", "Not Found: /letters/[email]/"),
            ("login failed from 203.0.113.9.", "login failed from [ip]."),
            ('{username: "edna", ip_address: "198.51.100.4", path_info: "/admin/login/"}', "[ip]"),
            ("from 2001:db8::7 and ::1 and [fe80::1]:8000", "from [ip] and [ip] and [[ip]]:8000"),
            ("mapped ::ffff:192.0.2.1 here", "mapped [ip] here"),
            ("full 2001:0db8:0000:0000:0000:ff00:0042:8329 form", "full [ip] form"),
        ]
        for raw, expected in cases:
            self.assertIn(expected, scrub(raw), raw)
        self.assertNotIn("198.51.100.4", scrub(cases[2][0]))

    def test_what_only_looks_like_an_address_is_kept(self):
        for text in (
            "Published at 12:30:45 on 2026-11-26",
            "Django 5.2.19, Module 3.5, pi is 3.14",
            "MAC 00:1a:2b:3c:4d:5e, hash deadbeef.cafe, Class::method",
            "noreply@localhost reached 100% of 8 workers",
            "",
        ):
            self.assertEqual(scrub(text), text)

    def test_the_filter_rewrites_message_arguments_and_traceback(self):
        try:
            raise ConnectionRefusedError("refused for editor@example.org at 192.0.2.44")
        except ConnectionRefusedError:
            record = logging.getLogger("test").makeRecord(
                "test", logging.ERROR, __file__, 1, "Could not send to %s from %s", ("a@example.org", "::1"), None
            )
            record.exc_info = sys.exc_info()
        self.assertIs(ScrubPersonalData().filter(record), True)
        self.assertEqual(record.getMessage(), "Could not send to [email] from [ip]")
        self.assertIn("ConnectionRefusedError: refused for [email] at [ip]", record.exc_text)
        formatted = logging.Formatter().format(record)
        self.assertNotIn("example.org", formatted)
        self.assertNotIn("192.0.2.44", formatted)

    def test_a_malformed_call_is_kept_scrubbed_not_raised(self):
        record = logging.LogRecord("test", logging.INFO, __file__, 1, "two %s %s", ("x@example.org",), None)
        self.assertIs(ScrubPersonalData().filter(record), True)
        self.assertNotIn("x@example.org", record.getMessage())

    def test_the_console_handler_from_settings_scrubs_what_it_writes(self):
        handlers = [
            handler
            for handler in logging.getLogger().handlers
            if any(isinstance(f, ScrubPersonalData) for f in handler.filters)
        ]
        self.assertEqual(len(handlers), 1, logging.getLogger().handlers)
        stream = io.StringIO()
        old_stream = handlers[0].setStream(stream)
        try:
            logging.getLogger("django.request").warning("Not Found: /x/%s/ from %s", "jo@example.org", "192.0.2.8")
        finally:
            handlers[0].setStream(old_stream)
        self.assertIn("WARNING django.request: Not Found: /x/[email]/ from [ip]", stream.getvalue())

    def test_loggers_that_would_dump_sql_parameters_or_template_contexts_stay_quiet_at_log_level_debug(self):
        # django.db.backends logs each query with its parameters; django.template the whole context.
        for name in ("django.db.backends", "django.template"):
            self.assertEqual(settings.LOGGING["loggers"][name]["level"], "INFO")
            self.assertFalse(logging.getLogger(name).isEnabledFor(logging.DEBUG))
        for name in ("django.request", "django.security"):
            self.assertEqual(settings.LOGGING["loggers"][name]["level"], "WARNING")

    def test_gunicorn_access_lines_carry_no_client_address_query_string_or_referrer(self):
        web = next(line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith("web:"))
        self.assertIn("--access-logformat", web)
        fmt = web.split("--access-logformat", 1)[1]
        for atom in ("%(h)s", "%(r)s", "%(q)s", "%(f)s", "%(a)s", "%(u)s", "{x-forwarded-for}"):
            self.assertNotIn(atom, fmt)
