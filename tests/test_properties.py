"""Properties of everything a reader can type: the letter form, the comment form and the search box.

For any input (any Unicode, control characters, very long text, HTML and script payloads,
bytes that are not UTF-8 at all): the answer is never a server error; a valid submission is
stored exactly as written; an invalid one comes back to its writer with their text in the box;
and nothing the reader typed reaches the page unescaped.

Each example runs in its own transaction (hypothesis.extra.django.TestCase) and starts with an
empty cache, so no example sees another's rows or counts against another's rate limit.
"""

import re
from urllib.parse import quote_from_bytes

from django.core.cache import cache
from django.utils.html import escape
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from discussion.forms.letters import LETTER_MAX, LETTER_MIN, pen_name_problem
from discussion.models import Comment, Letter
from discussion.models.comments import BODY_MAX_LENGTH, BODY_MIN_LENGTH
from search.terms import tidy_query
from tests.factories import LetterReplyPageFactory

# Sized so the whole module runs in well under a minute on SQLite; `database=None` keeps
# Hypothesis from writing an example database into the work tree.
PROPERTY_SETTINGS = settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "</textarea><script>alert(1)</script>",
    '<a href="javascript:alert(1)">x</a>',
]
# What any of the payloads would look like in the page had it not been escaped.
UNESCAPED = ["<script>alert(1)", "<img src=x", "<svg onload", '<a href="javascript:']

any_text = st.text(max_size=300)
control_text = st.text(st.characters(codec="utf-8", categories=["Cc"]), min_size=1, max_size=40)
long_text = st.builds(
    lambda chunk, times: (chunk * times)[:20_000], st.text(min_size=1, max_size=40), st.integers(200, 2_000)
)
with_payload = st.builds(
    lambda before, payload, after: before + payload + after, any_text, st.sampled_from(PAYLOADS), any_text
)
reader_text = st.one_of(any_text, control_text, long_text, with_payload)

# Printable text a browser sends as typed: no control characters but the tab and newline, and no
# surrounding whitespace (the forms trim it, as documented), so "stored exactly" means equal.
printable = st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"], include_characters="\n\t")
name_text = st.text(st.characters(categories=["L", "M", "Nd"], include_characters=" -'.", codec="utf-8"), max_size=60)


def trimmed(strategy, min_size):
    return strategy.map(str.strip).filter(lambda text: len(text) >= min_size)


def valid_text(min_size, max_size):
    """Printable text of a valid length: short and varied, or long (up to the limit) and repetitive."""
    varied = st.text(printable, min_size=min_size, max_size=min(max_size, 1_000))
    repeated = st.builds(
        lambda chunk, times: (chunk * times)[:max_size],
        st.text(printable, min_size=1, max_size=30),
        st.integers(1, max_size),
    )
    return trimmed(st.one_of(varied, repeated), min_size)


def sent_text(strategy, max_size):
    """Text with a payload in front now and then: valid input may hold markup, and must be kept as written."""
    with_markup = st.builds(
        lambda text, payload: (payload + " " + text)[:max_size].strip(), strategy, st.sampled_from(PAYLOADS)
    )
    return st.one_of(strategy, with_markup)


def assert_escaped(test, html):
    for raw in UNESCAPED:
        test.assertNotIn(raw, html)


def textarea(html, name):
    """The text inside <textarea name=...>, as the page sends it (Django starts it with a newline)."""
    match = re.search(rf'<textarea name="{name}"[^>]*>\n(.*?)</textarea>', html, re.DOTALL)
    assert match is not None, f"no textarea {name!r} in the page"
    return match.group(1)


LETTER_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def letter_kept(text):
    """What the letter form keeps, as it documents: one newline per line break, stray control characters
    (all but tab and newline) dropped, then the ends trimmed."""
    return LETTER_CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip()


def form_errors(response):
    """The errors of the form a page shows, to say why a submission expected to pass was refused."""
    form = (response.context or {}).get("form") or (response.context or {}).get("comment_form")
    return form.errors if form is not None else response.status_code


def form_kept(text):
    """What the forms keep of multi-line text: browser line breaks become one newline; the ends are trimmed."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


class LetterFormProperties(TestCase):
    url = "/write-to-us/"

    def setUp(self):
        cache.clear()

    def send(self, **fields):
        cache.clear()  # the letter limit is five an hour per client: every example starts afresh
        return self.client.post(self.url, {"relation": "", "website": ""} | fields)

    @PROPERTY_SETTINGS
    @given(pen_name=reader_text, email=reader_text, body=reader_text, relation=reader_text, consent=st.booleans())
    @example(pen_name="\x00", email="\x00", body="\x00" * 60, relation="\x00", consent=True)
    @example(pen_name=PAYLOADS[1], email=PAYLOADS[1], body=PAYLOADS[3] * 10, relation=PAYLOADS[0], consent=True)
    @example(
        pen_name=" Hopeful mum ",
        email="",
        body=" \x0bOur son is 35.\r\nHow do we approach him about treatment with CRAFT? \x01Thank you.\x1f ",
        relation="parent",
        consent=True,
    )
    def test_any_letter_is_answered_and_escaped_and_never_half_stored(self, pen_name, email, body, relation, consent):
        fields = {"pen_name": pen_name, "email": email, "body": body, "relation": relation}
        response = self.send(**fields, **({"consent": "on"} if consent else {}))
        self.assertIn(response.status_code, (200, 302))
        if response.status_code == 302:
            # Accepted: the letter is stored, with its words as the form keeps them.
            self.assertEqual(response["Location"], "/write-to-us/thank-you/")
            letter = Letter.objects.get()
            self.assertEqual(letter.body, letter_kept(body))
            self.assertEqual(letter.pen_name, pen_name.strip())
        else:
            self.assertFalse(Letter.objects.exists())
            html = response.content.decode()
            assert_escaped(self, html)
            self.assertEqual(textarea(html, "body"), escape(body))

    @PROPERTY_SETTINGS
    @given(
        pen_name=trimmed(name_text, 1).filter(lambda name: pen_name_problem(name) is None),
        body=sent_text(valid_text(LETTER_MIN, LETTER_MAX), LETTER_MAX),
        email=st.sampled_from(["", "parent@example.org", "Someone.Else+tag@example.co.uk"]),
    )
    @example(pen_name="Hopeful mum", body="x" * LETTER_MAX, email="")
    @example(pen_name="Cwfranklin", body="First line\n\tindented\n\nLast line, after a blank one." * 2, email="")
    def test_a_valid_letter_is_stored_exactly_as_written(self, pen_name, body, email):
        response = self.send(pen_name=pen_name, email=email, body=body, consent="on")
        self.assertEqual(response.status_code, 302, form_errors(response))
        letter = Letter.objects.get()
        self.assertEqual((letter.pen_name, letter.body), (pen_name, body))
        self.assertEqual(letter.email.lower(), email.lower())
        self.assertEqual(letter.status, Letter.Status.NEW)

    @PROPERTY_SETTINGS
    @given(pen_name=reader_text, body=reader_text)
    def test_an_unsent_letter_comes_back_to_its_writer_escaped(self, pen_name, body):
        # Without consent a letter can never be sent: whatever it says comes back in the form.
        response = self.send(pen_name=pen_name, email="", body=body)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Letter.objects.exists())
        html = response.content.decode()
        self.assertEqual(textarea(html, "body"), escape(body))
        assert_escaped(self, html)

    @PROPERTY_SETTINGS
    @given(raw=st.binary(max_size=400))
    def test_bytes_that_are_not_utf8_are_answered(self, raw):
        cache.clear()
        body = b"pen_name=" + quote_from_bytes(raw).encode() + b"&body=" + quote_from_bytes(raw * 3).encode()
        response = self.client.post(self.url, body, content_type="application/x-www-form-urlencoded")
        self.assertIn(response.status_code, (200, 302))
        assert_escaped(self, response.content.decode())


class CommentFormProperties(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.page = LetterReplyPageFactory()
        cls.url = f"/comments/{cls.page.pk}/post/"

    def send(self, **fields):
        cache.clear()  # eight comments per ten minutes per client
        return self.client.post(self.url, {"email": "", "website": ""} | fields)

    @PROPERTY_SETTINGS
    @given(
        display_name=reader_text,
        email=reader_text,
        body=reader_text,
        parent=st.one_of(st.just(""), reader_text),
        reviewed=st.sampled_from(["", "True", "False"]),
        website=st.one_of(st.just(""), any_text),
    )
    @example(display_name="\x00", email="\x00", body="\x00", parent="\x00", reviewed="", website="")
    @example(display_name=PAYLOADS[1], email=PAYLOADS[0], body=PAYLOADS[3], parent=PAYLOADS[2], reviewed="", website="")
    def test_any_comment_is_answered_and_escaped_and_never_lost(
        self, display_name, email, body, parent, reviewed, website
    ):
        response = self.send(
            display_name=display_name, email=email, body=body, parent=parent, reviewed=reviewed, website=website
        )
        self.assertIn(response.status_code, (200, 303, 400))
        if response.status_code == 303:
            # Stored (as pending, published or spam): with its words as the form keeps them.
            self.assertEqual(Comment.objects.get().body, form_kept(body))
            return
        self.assertFalse(Comment.objects.exists())
        html = response.content.decode()
        assert_escaped(self, html)
        # Refused (400) or back with the language guide's suggestions (200): the reader's text is in the box.
        self.assertEqual(textarea(html, "body"), escape(body))

    @PROPERTY_SETTINGS
    @given(
        display_name=trimmed(name_text, 1),
        body=sent_text(valid_text(BODY_MIN_LENGTH, BODY_MAX_LENGTH), BODY_MAX_LENGTH),
    )
    @example(display_name="Zoë 👩‍👧", body="y" * BODY_MAX_LENGTH)
    @example(display_name="Sam", body="Мы с вами 🙏🏽\n\nنحن معكم ❤️")
    def test_a_valid_comment_is_stored_exactly_as_written(self, display_name, body):
        # Sent as "reviewed": the language guide's one-time suggestions would bring it back unsaved.
        response = self.send(display_name=display_name, body=body, reviewed="True")
        self.assertEqual(response.status_code, 303, form_errors(response))
        comment = Comment.objects.get()
        self.assertEqual((comment.display_name, comment.body), (" ".join(display_name.split()), body))
        self.assertEqual(comment.page_id, self.page.pk)

    @PROPERTY_SETTINGS
    @given(body=reader_text, display_name=st.sampled_from(["", "   ", "\t\n"]))
    def test_an_invalid_comment_comes_back_to_its_writer_escaped(self, body, display_name):
        # No name to show: never valid, whatever the comment says.
        response = self.send(display_name=display_name, body=body)
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Comment.objects.exists())
        html = response.content.decode()
        self.assertEqual(textarea(html, "body"), escape(body))
        assert_escaped(self, html)

    @PROPERTY_SETTINGS
    @given(raw=st.binary(max_size=400))
    def test_bytes_that_are_not_utf8_are_answered(self, raw):
        cache.clear()
        encoded = quote_from_bytes(raw).encode()
        body = b"display_name=" + encoded + b"&body=" + encoded + b"&parent=" + encoded
        response = self.client.post(self.url, body, content_type="application/x-www-form-urlencoded")
        self.assertIn(response.status_code, (200, 303, 400))
        assert_escaped(self, response.content.decode())


class SearchProperties(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reply = LetterReplyPageFactory(title="Talking with a son about treatment", tags=["treatment"])

    def search(self, **params):
        cache.clear()  # the search limit is per client per minute
        return self.client.get("/search/", params)

    @PROPERTY_SETTINGS
    @given(query=reader_text, tag=st.one_of(st.none(), reader_text), module=st.one_of(st.none(), reader_text))
    @example(query=PAYLOADS[1], tag=PAYLOADS[0], module=PAYLOADS[2])
    @example(query="\x00treatment\x00", tag="\x00", module="\x00")
    def test_any_search_is_answered_and_echoed_escaped(self, query, tag, module):
        params = {"query": query} | ({"tag": tag} if tag is not None else {}) | ({"module": module} if module else {})
        response = self.search(**params)
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        assert_escaped(self, html)
        # The box shows what was searched for, tidied (control characters out, at most 200 characters), escaped.
        self.assertIn(f'name="query" value="{escape(tidy_query(query))}"', html)

    @PROPERTY_SETTINGS
    @given(raw=st.binary(max_size=400))
    def test_bytes_that_are_not_utf8_are_answered(self, raw):
        cache.clear()
        encoded = quote_from_bytes(raw)
        response = self.client.generic(
            "GET", "/search/", QUERY_STRING=f"query={encoded}&tag={encoded}&module={encoded}"
        )
        self.assertEqual(response.status_code, 200)
        assert_escaped(self, response.content.decode())
