"""The public letter form at /write-to-us/: what is stored, what is refused, who is told.

Status codes: GET 200; a valid letter 302 to the thank-you page; invalid input 200
with errors and the text kept; a bot (honeypot) 302 with nothing stored; too many
letters from one address 429 with the text kept.
"""

import re
import time
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from django.utils.html import escape
from wagtail.models import Site

from cms.roles import EDITORS, WRITERS
from discussion.forms.letters import pen_name_problem
from discussion.models import Letter
from discussion.views import letters as letter_views
from home.models import DEFAULT_CRISIS, SiteSettings
from outbox.models import OutboundEmail
from tests.mailqueue import deliver_mail

FORM_URL = "/write-to-us/"
THANKS_URL = "/write-to-us/thank-you/"
CRISIS_TEXT = "Call the Family Helpline on 0800 000 000, day or night."
SAFE_LETTER = (
    "Our son is 35 and has started using again after two years. How do we talk with him "
    "without pushing him away? We are trying to stay connected."
)
URGENT_LETTER = (
    "Our son overdosed on Saturday and was not breathing when his sister found him. "
    "We gave him Narcan. We do not know what to do now."
)


def letter_data(**overrides):
    data = {
        "pen_name": "Hopeful mum",
        "email": "hopeful.mum@example.com",
        "body": SAFE_LETTER,
        "relation": Letter.Relation.PARENT,
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def make_user(username, *, group=None, email=None, is_active=True):
    user = get_user_model().objects.create_user(
        username=username,
        email=f"{username}@staff.example.org" if email is None else email,
        password="password",
        is_active=is_active,
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


class LetterFormPageTests(TestCase):
    def test_the_form_is_served_with_every_field_and_the_limits(self):
        response = self.client.get(FORM_URL)
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "discussion/letters/letter_form.html")
        for name in ["pen_name", "email", "body", "relation", "consent"]:
            self.assertContains(response, f'name="{name}"')
            self.assertContains(response, f'<label for="id_{name}">')
        self.assertContains(response, "Between 50 and 8,000 characters")
        self.assertContains(response, "only to tell you when a reply to your letter is published")
        self.assertContains(response, "then we erase it")
        for relation in Letter.Relation:
            self.assertContains(response, f'<option value="{relation.value}">{relation.label}</option>')

    def test_help_text_is_tied_to_each_field_and_required_fields_are_marked(self):
        response = self.client.get(FORM_URL)
        self.assertContains(response, 'aria-describedby="id_body_helptext"')
        self.assertContains(response, 'id="id_body_helptext"')
        self.assertContains(response, 'aria-describedby="id_email_helptext"')
        self.assertContains(response, "(required)", count=3)  # pen-name, letter, consent
        self.assertContains(response, "(optional)", count=2)  # email, relation

    def test_the_letter_box_never_cuts_a_long_paste(self):
        response = self.client.get(FORM_URL)
        textarea = response.content.decode().split("<textarea", 1)[1].split(">", 1)[0]
        self.assertNotIn("maxlength", textarea)

    def test_the_honeypot_is_hidden_from_people_and_assistive_technology(self):
        html = self.client.get(FORM_URL).content.decode()
        trap = html.split('class="letter-form__trap"', 1)[1].split("</div>", 1)[0]
        self.assertIn('aria-hidden="true"', trap)
        self.assertIn('name="website"', trap)
        self.assertIn('tabindex="-1"', trap)
        self.assertIn('autocomplete="off"', trap)

    def test_the_form_page_is_the_same_for_every_reader_and_may_be_kept_by_a_proxy(self):
        first, second = Client(), Client()
        one, two = first.get(FORM_URL), second.get(FORM_URL)
        self.assertEqual(one.content, two.content)
        self.assertNotContains(one, "csrfmiddlewaretoken")
        self.assertFalse(one.cookies, "an anonymous reader's form page sets no cookie")
        self.assertIn("public", one["Cache-Control"])
        self.assertIn("s-maxage", one["Cache-Control"])

    def test_the_thank_you_page_and_an_answered_post_are_not_cached(self):
        self.assertIn("no-cache", self.client.get(THANKS_URL)["Cache-Control"])
        self.assertIn("no-cache", self.client.post(FORM_URL, letter_data(body="too short"))["Cache-Control"])

    def test_only_get_and_post(self):
        self.assertEqual(self.client.put(FORM_URL).status_code, 405)
        self.assertEqual(self.client.post(THANKS_URL).status_code, 405)

    def test_a_letter_posted_from_another_sites_page_is_refused_and_kept_in_the_form(self):
        client = Client(enforce_csrf_checks=True)
        for headers in ({"Origin": "https://elsewhere.example"}, {"Sec-Fetch-Site": "cross-site"}, {"Origin": "null"}):
            with self.subTest(headers=headers):
                response = client.post(FORM_URL, letter_data(), headers=headers)
                self.assertEqual(response.status_code, 403)
                self.assertContains(response, "Please send your letter again from this page", status_code=403)
                self.assertContains(response, letter_data()["body"][:40], status_code=403)
                self.assertIn("no-cache", response["Cache-Control"])
        self.assertFalse(Letter.objects.exists())

    def test_a_letter_from_this_sites_page_needs_no_token(self):
        client = Client(enforce_csrf_checks=True)
        response = client.post(
            FORM_URL, letter_data(), headers={"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}
        )
        self.assertRedirects(response, THANKS_URL)
        self.assertEqual(Letter.objects.count(), 1)

    def test_a_signed_in_reader_still_needs_the_csrf_token(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(make_user("reader", group=None))
        self.assertEqual(client.post(FORM_URL, letter_data()).status_code, 403)
        self.assertFalse(Letter.objects.exists())

        page = client.get(FORM_URL)
        self.assertIn("private", page["Cache-Control"])
        token = client.cookies["csrftoken"].value
        response = client.post(FORM_URL, letter_data(csrfmiddlewaretoken=token))
        self.assertRedirects(response, THANKS_URL)
        self.assertEqual(Letter.objects.count(), 1)

    def test_the_home_page_links_to_the_form(self):
        self.assertContains(self.client.get("/"), f'href="{FORM_URL}"')
        self.assertEqual(reverse("discussion:write_to_us"), FORM_URL)
        self.assertEqual(reverse("discussion:letter_thanks"), THANKS_URL)


class SendingALetterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editors = [make_user("editor1", group=EDITORS), make_user("editor2", group=EDITORS)]
        make_user("editor_without_email", group=EDITORS, email="")
        make_user("former_editor", group=EDITORS, is_active=False)
        make_user("writer", group=WRITERS)
        settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        settings.crisis_resources = f"<p>{CRISIS_TEXT}</p>"
        settings.save()

    def test_a_letter_is_stored_as_new_and_the_writer_is_sent_to_the_thank_you_page(self):
        response = self.client.post(FORM_URL, letter_data(pen_name="  Hopeful mum  ", body=f"\n  {SAFE_LETTER}  \n"))
        self.assertRedirects(response, THANKS_URL)
        letter = Letter.objects.get()
        self.assertEqual(letter.pen_name, "Hopeful mum")
        self.assertEqual(letter.email, "hopeful.mum@example.com")
        self.assertEqual(letter.body, SAFE_LETTER)
        self.assertEqual(letter.relation, Letter.Relation.PARENT)
        self.assertIs(letter.consent, True)
        self.assertEqual(letter.status, Letter.Status.NEW)
        self.assertIs(letter.urgent, False)
        self.assertEqual(letter.crisis_terms, [])
        self.assertIsNone(letter.assigned_to)
        deliver_mail()
        self.assertEqual(len(mail.outbox), 0)

    def test_email_and_relation_are_optional(self):
        response = self.client.post(FORM_URL, letter_data(email="", relation=""))
        self.assertRedirects(response, THANKS_URL)
        letter = Letter.objects.get()
        self.assertEqual((letter.email, letter.relation), ("", ""))

    def test_the_thank_you_page_explains_what_happens_next_and_shows_the_crisis_resources(self):
        response = self.client.post(FORM_URL, letter_data(), follow=True)
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "discussion/letters/thanks.html")
        self.assertContains(response, "What happens next")
        self.assertContains(response, "read every letter")
        self.assertContains(response, "under your pen-name")
        self.assertContains(response, "can’t answer every letter")
        self.assertContains(response, "one email when a reply to your letter is published")
        self.assertContains(response, "we erase your address")
        self.assertContains(response, 'id="help-now-heading"')
        self.assertContains(response, CRISIS_TEXT)
        self.assertNotContains(response, "If you or someone else is in danger now")

    def test_the_thank_you_page_reveals_nothing_from_the_letter(self):
        response = self.client.post(FORM_URL, letter_data(pen_name="Zebracorn", email="zebra@example.com"), follow=True)
        self.assertNotContains(response, "Zebracorn")
        self.assertNotContains(response, "zebra@example.com")
        self.assertNotContains(response, "stay connected")
        self.assertEqual(response.redirect_chain, [(THANKS_URL, 302)])

    def test_the_thank_you_page_always_shows_crisis_resources_even_when_the_setting_is_empty(self):
        SiteSettings.objects.update(crisis_resources="")
        response = self.client.get(THANKS_URL)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "call or text 988")
        self.assertIn("988", DEFAULT_CRISIS)

    def test_an_urgent_letter_is_flagged_and_each_editor_gets_one_email(self):
        response = self.client.post(FORM_URL, letter_data(pen_name="Worried dad", body=URGENT_LETTER))
        self.assertRedirects(response, THANKS_URL)

        letter = Letter.objects.get()
        self.assertIs(letter.urgent, True)
        self.assertEqual(letter.crisis_terms, ["overdosed", "not breathing", "gave him narcan"])
        self.assertEqual(letter.status, Letter.Status.NEW)

        deliver_mail()
        self.assertEqual(sorted(message.to for message in mail.outbox), [[editor.email] for editor in self.editors])
        for message in mail.outbox:
            self.assertEqual(message.subject, "Urgent letter: crisis language")
            self.assertIn("Worried dad", message.body)
            for phrase in letter.crisis_terms:
                self.assertIn(phrase, message.body)
            self.assertIn("http://testserver/admin/letters/", message.body)
            everything = "\n".join([message.subject, message.body, *message.to, *message.cc, *message.bcc])
            everything += str(message.message())
            self.assertNotIn("hopeful.mum@example.com", everything)
            self.assertNotIn("his sister found him", everything)

    def test_a_letter_without_crisis_language_sends_no_email(self):
        self.client.post(FORM_URL, letter_data())
        self.assertFalse(Letter.objects.get().urgent)
        deliver_mail()
        self.assertEqual(mail.outbox, [])

    def test_an_urgent_letter_leads_the_thank_you_page_with_help_in_danger(self):
        response = self.client.post(FORM_URL, letter_data(body=URGENT_LETTER))
        self.assertEqual(response["Location"], THANKS_URL)  # the flag is not in the address
        html = self.client.get(THANKS_URL).content.decode()
        self.assertIn("If you or someone else is in danger now", html)
        danger = html.split('class="danger-now"', 1)[1].split("</section>", 1)[0]
        self.assertIn(CRISIS_TEXT, danger)
        self.assertLess(html.index('class="danger-now"'), html.index("What happens next"))
        self.assertNotIn("overdosed", html)

    def test_the_danger_block_follows_the_session_not_the_address(self):
        self.client.post(FORM_URL, letter_data(body=URGENT_LETTER))
        self.assertContains(self.client.get(THANKS_URL), "in danger now")
        self.assertNotContains(Client().get(THANKS_URL), "in danger now")
        self.assertNotContains(Client().get(THANKS_URL + "?urgent=1"), "in danger now")

    def test_a_later_letter_without_crisis_language_clears_the_danger_block(self):
        self.client.post(FORM_URL, letter_data(body=URGENT_LETTER))
        self.client.post(FORM_URL, letter_data())
        self.assertNotContains(self.client.get(THANKS_URL), "in danger now")

    def test_the_danger_block_expires_after_an_hour(self):
        self.client.post(FORM_URL, letter_data(body=URGENT_LETTER))
        later = time.time() + letter_views.SENT_FLAG_MAX_AGE + 1
        with mock.patch("discussion.views.letters.time.time", return_value=later):
            self.assertNotContains(self.client.get(THANKS_URL), "in danger now")

    def test_a_mail_failure_still_stores_the_letter_and_thanks_the_writer(self):
        with mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=OSError):
            response = self.client.post(FORM_URL, letter_data(body=URGENT_LETTER))
            deliver_mail()
        self.assertRedirects(response, THANKS_URL)
        self.assertTrue(Letter.objects.get().urgent)
        # The editors' alert is not lost: it waits in the outbox for the next attempt.
        alerts = OutboundEmail.objects.filter(kind=OutboundEmail.Kind.CRISIS_ALERT)
        self.assertTrue(alerts.exists())
        self.assertEqual({alert.status for alert in alerts}, {OutboundEmail.Status.RETRYING})

    @override_settings(WAGTAILADMIN_BASE_URL="https://blog.example.org/")
    def test_the_email_links_to_the_inbox_list_on_the_configured_admin_host(self):
        self.client.post(FORM_URL, letter_data(body=URGENT_LETTER))
        deliver_mail()
        self.assertIn("https://blog.example.org/admin/letters/\n", mail.outbox[0].body)


class InvalidInputTests(TestCase):
    """Every refusal answers 200 with the form, a clear error, every field as typed, and stores nothing."""

    def assertRefused(self, data, field, message):
        response = self.client.post(FORM_URL, data)
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "discussion/letters/letter_form.html")
        form = response.context["form"]
        self.assertIn(field, form.errors)
        self.assertIn(message, " ".join(form.errors[field]))
        self.assertContains(response, f'<ul class="errorlist" id="id_{field}_error">')
        self.assertContains(response, f'<a href="#id_{field}">')  # the summary links to the field
        self.assertContains(response, "<title>Error: Write to us")
        self.assertFalse(Letter.objects.exists())
        deliver_mail()
        self.assertEqual(mail.outbox, [])
        return response

    def assertKept(self, response, data):
        for name in ["pen_name", "email"]:
            if data.get(name):
                self.assertContains(response, f'value="{escape(data[name])}"')
        if data.get("body"):
            self.assertContains(response, f">\n{escape(data['body'])}</textarea>")
        consent = re.search(r'<input type="checkbox" name="consent"[^>]*>', response.content.decode()).group(0)
        self.assertEqual(" checked" in consent, bool(data.get("consent")))
        if data.get("relation") in Letter.Relation.values:
            self.assertContains(response, f'<option value="{data["relation"]}" selected>')

    def test_an_empty_form(self):
        response = self.client.post(FORM_URL, {})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(set(response.context["form"].errors), {"pen_name", "body", "consent"})
        self.assertContains(response, "Please choose a pen-name.")
        self.assertContains(response, "Please write your letter.")
        self.assertContains(response, "Please tick the box to agree to publication")
        self.assertFalse(Letter.objects.exists())

    def test_refusals_keep_every_field_as_typed(self):
        cases = [
            ("whitespace-only letter", {"body": " \n\t  \n"}, "body", "Please write your letter."),
            ("short letter", {"body": "Help us please."}, "body", "at least 50 characters (it has 15)"),
            ("49 characters once trimmed", {"body": "   " + "a" * 49 + "   "}, "body", "(it has 49)"),
            ("8,001 characters", {"body": "a" * 8001}, "body", "keep it to 8,000 characters (it has 8001)"),
            ("100,000 characters", {"body": "word " * 20000}, "body", "(it has 99999)"),
            ("NUL in the letter", {"body": SAFE_LETTER + "\x00"}, "body", "null character"),
            ("NUL in the pen-name", {"pen_name": "Hope\x00ful"}, "pen_name", "null character"),
            ("no pen-name", {"pen_name": "   "}, "pen_name", "Please choose a pen-name."),
            ("61-character pen-name", {"pen_name": "p" * 61}, "pen_name", "60 characters (it has 61)"),
            ("pen-name with a newline", {"pen_name": "Hope\nful"}, "pen_name", "letters, numbers, spaces"),
            ("email as pen-name", {"pen_name": "jo.bloggs@example.com"}, "pen_name", "“@”"),
            ("spelled-out email", {"pen_name": "jo at gmail dot com"}, "pen_name", "not an email address"),
            ("phone as pen-name", {"pen_name": "Mum 07700 900123"}, "pen_name", "phone number"),
            ("web address as pen-name", {"pen_name": "www.mum.blog"}, "pen_name", "web address"),
            ("bad email", {"email": "mum at home"}, "email", "like name@example.com"),
            ("NUL in the email", {"email": "mum\x00@example.com"}, "email", "null character"),
            ("no consent", {"consent": None}, "consent", "Please tick the box"),
            ("unknown relation", {"relation": "cousin"}, "relation", "choose one of the options"),
        ]
        for name, overrides, field, message in cases:
            with self.subTest(name):
                data = letter_data(**overrides)
                response = self.assertRefused(data, field, message)
                if "\x00" not in "".join(data.values()):
                    self.assertKept(response, data)

    def test_html_and_script_are_escaped_when_the_form_comes_back(self):
        payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
        data = letter_data(pen_name=payload[:60], body=f"{SAFE_LETTER} {payload}", consent=None)
        response = self.assertRefused(data, "consent", "Please tick the box")
        self.assertNotContains(response, "<script>alert")
        self.assertNotContains(response, "<img src=x")
        self.assertContains(response, escape(payload), count=2)  # the pen-name and the letter
        self.assertKept(response, data)

    def test_html_is_stored_as_the_plain_text_it_is(self):
        body = f"{SAFE_LETTER} <b>bold</b> & <script>alert(1)</script>"
        self.client.post(FORM_URL, letter_data(body=body))
        self.assertEqual(Letter.objects.get().body, body)


class TextIsKeptExactlyTests(TestCase):
    def test_emoji_and_other_scripts_are_stored_exactly(self):
        pen_name = "Мама Оля 🌻"
        body = (
            "Наш сын снова употребляет. ابني يتعاطى مرة أخرى. 我们的儿子又开始用了。"
            "家族 👨‍👩‍👧‍👦 🙏🏽 e\u0301 (decomposed) and é (composed) 🏳️‍🌈 — we are still here."
        )
        response = self.client.post(FORM_URL, letter_data(pen_name=pen_name, body=body))
        self.assertRedirects(response, THANKS_URL)
        letter = Letter.objects.get()
        self.assertEqual(letter.pen_name, pen_name)
        self.assertEqual(letter.body, body)

    def test_emoji_kept_in_the_form_when_it_comes_back(self):
        body = "🌻" * 20
        response = self.client.post(FORM_URL, letter_data(body=body))
        self.assertContains(response, "(it has 20)")
        self.assertContains(response, body)

    def test_the_limits_count_characters_after_trimming(self):
        for name, body in [
            ("exactly 50", "b" * 50),
            ("50 with whitespace around", "\n\n   " + "b" * 50 + "   \n"),
            ("exactly 8,000", "b" * 8000),
            ("50 emoji", "🌻" * 50),
        ]:
            with self.subTest(name):
                Letter.objects.all().delete()
                self.assertRedirects(self.client.post(FORM_URL, letter_data(body=body)), THANKS_URL)
                self.assertEqual(Letter.objects.get().body, body.strip())

    def test_a_newline_counts_once_whatever_the_browser_sends(self):
        # Browsers send CRLF: 7,991 letters and 9 line breaks are 8,000 characters, as the hint counts.
        body = "\r\n".join(["a" * 800] * 9) + "\r\n" + "a" * 791
        self.assertEqual(len(body), 8009)
        self.assertEqual(len(body.replace("\r\n", "\n")), 8000)
        self.assertRedirects(self.client.post(FORM_URL, letter_data(body=body)), THANKS_URL)
        self.assertEqual(Letter.objects.get().body, body.replace("\r\n", "\n"))

    def test_invisible_control_characters_are_dropped_from_the_letter(self):
        self.client.post(FORM_URL, letter_data(body=f"{SAFE_LETTER}\x0c\x0b\x1b\tEnd."))
        self.assertEqual(Letter.objects.get().body, f"{SAFE_LETTER}\tEnd.")


class HoneypotTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_user("editor", group=EDITORS)

    def test_a_filled_honeypot_looks_like_success_and_stores_nothing(self):
        response = self.client.post(FORM_URL, letter_data(website="http://spam.example", body=URGENT_LETTER))
        self.assertRedirects(response, THANKS_URL)
        self.assertFalse(Letter.objects.exists())
        deliver_mail()
        self.assertEqual(mail.outbox, [])
        self.assertNotContains(self.client.get(THANKS_URL), "in danger now")

    def test_even_an_invalid_bot_submission_gets_the_thank_you_page(self):
        response = self.client.post(FORM_URL, {"website": "buy now", "pen_name": "x@y"})
        self.assertRedirects(response, THANKS_URL)
        self.assertFalse(Letter.objects.exists())


class RateLimitTests(TestCase):
    def post(self, data, ip="203.0.113.7"):
        return self.client.post(FORM_URL, data, REMOTE_ADDR=ip)

    def test_the_sixth_letter_in_an_hour_is_refused_with_429_and_the_text_kept(self):
        self.assertEqual((letter_views.LETTER_RATE_LIMIT, letter_views.LETTER_RATE_WINDOW), (5, 3600))
        for _ in range(5):
            self.assertRedirects(self.post(letter_data()), THANKS_URL)

        data = letter_data(pen_name="Sixth time", body=SAFE_LETTER + " Sixth.")
        response = self.post(data)
        self.assertEqual(response.status_code, 429)
        self.assertEqual(response["Retry-After"], "3600")
        self.assertTemplateUsed(response, "discussion/letters/letter_form.html")
        self.assertContains(response, "Please wait before sending another letter", status_code=429)
        self.assertContains(response, "Your letter is still in the form below", status_code=429)
        self.assertContains(response, escape(data["body"]), status_code=429)
        self.assertContains(response, 'value="Sixth time"', status_code=429)
        self.assertEqual(Letter.objects.count(), 5)

    def test_the_limit_is_per_address(self):
        for _ in range(5):
            self.post(letter_data())
        self.assertEqual(self.post(letter_data()).status_code, 429)
        self.assertRedirects(self.post(letter_data(), ip="198.51.100.2"), THANKS_URL)

    def test_mistakes_and_bots_do_not_use_up_the_limit(self):
        for _ in range(10):
            self.assertEqual(self.post(letter_data(consent=None)).status_code, 200)
            self.assertEqual(self.post(letter_data(website="spam")).status_code, 302)
        for _ in range(5):
            self.assertRedirects(self.post(letter_data()), THANKS_URL)
        self.assertEqual(Letter.objects.count(), 5)

    def test_an_urgent_letter_over_the_limit_is_not_stored_but_the_writer_sees_where_to_get_help(self):
        for _ in range(5):
            self.post(letter_data())
        response = self.post(letter_data(body=URGENT_LETTER))
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, 'id="crisis-heading"', status_code=429)  # the footer's resources
        self.assertEqual(Letter.objects.count(), 5)


@pytest.mark.parametrize(
    "pen_name",
    [
        "Hopeful mum",
        "Cwfranklin",
        "Mom of 3",
        "Dad, since 1975",
        "Мама Оля 🌻",
        "Mom at wits end",
        "Polka dot mama",
        "J.R.",
        "Tired. Co-parent",
        "Grandma (at last) Rose",
        "<b>Bold</b> gran",
    ],
)
def test_pen_names_that_are_allowed(pen_name):
    assert pen_name_problem(pen_name) is None


@pytest.mark.parametrize(
    ("pen_name", "reason"),
    [
        ("jo.bloggs@example.com", "“@”"),
        ("@hopefulmum", "“@”"),
        ("jo＠example.com", "“@”"),
        ("jo at gmail dot com", "email address"),
        ("jo(at)gmail(dot)com", "email address"),
        ("jo [at] example [dot] co [dot] uk", "email address"),
        ("jo AT example DOT org", "email address"),
        ("jobloggs gmail", "email address"),
        ("www.example.org", "web address"),
        ("hopefulmum.com", "web address"),
        ("https://example.org/me", "web address"),
        ("555-123-4567", "phone number"),
        ("Mum +44 7700 900123", "phone number"),
        ("(555) 123 4567", "phone number"),
        ("5551234567", "phone number"),
        ("Call 555.123.4567", "phone number"),
        ("Tab\there", "letters, numbers"),
    ],
)
def test_pen_names_that_could_identify_or_reach_someone_are_refused(pen_name, reason):
    problem = pen_name_problem(pen_name)
    assert problem is not None
    assert reason in problem
