"""Automatic de-identification checks run on a reply before it may pass review.

They look in the published letter and the reply for what would identify the
letter writer or lead readers off the site: the writer's own email address,
any email address, a phone number, a URL. They are a safety net under the
reviewer's own reading (the checklist in the Privacy check task), not a
replacement for it.
"""

import re
from dataclasses import dataclass
from html import unescape

from django.conf import settings

# These run on readers' text, so each runs in linear time: a lookbehind lets a match start only where
# what it finds can begin (not inside a run of name characters already read), so "a." * 1500 is not
# read again from every dot.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A domain name starts at a word, never after a letter, a label's dot or a label's hyphen.
DOMAIN_START = r"(?<![a-z0-9])(?<![a-z0-9-]\.)(?<![a-z0-9.]-)(?<![a-z0-9.-]--)\b"
_URL = re.compile(
    r"\b(?:https?://|www\.)[^\s<>\"']+"
    rf"|{DOMAIN_START}(?:[a-z0-9-]+\.)+(?:com|org|net|edu|gov|info|biz|io|co|us|uk|ca|au|me|ly)\b(?:/[^\s<>\"']*)?",
    re.IGNORECASE,
)
# A run of digits with the usual phone separators; judged by its digit count below.
_PHONE = re.compile(r"(?<![\w/.])\+?\(?\d[\d\s().-]{5,}\d(?![\w/])")
_HREF = re.compile(r"""href\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
# A tag ends before the next "<": "<<<<..." is read once, not once per "<".
_TAG = re.compile(r"<[^<>]+>")


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str
    where: str

    def __str__(self):
        return f"{self.kind} \u201c{self.text}\u201d in the {self.where}"


def _plain(html):
    return unescape(_TAG.sub(" ", html or ""))


def _allowed_numbers():
    return {re.sub(r"\D", "", number) for number in getattr(settings, "PRIVACY_CHECK_ALLOWED_NUMBERS", [])}


def _allowed_domain(url):
    allowed = [d.lower() for d in getattr(settings, "PRIVACY_CHECK_ALLOWED_DOMAINS", [])]
    host = re.sub(r"^(?:https?://)?(?:www\.)?", "", url.lower()).split("/")[0]
    return any(host == domain or host.endswith("." + domain) for domain in allowed)


def findings_in(html, where, writer_email=""):
    """What in this piece of rich text (or plain text) could identify someone."""
    text = _plain(html)
    found = []
    if writer_email and writer_email.lower() in text.lower():
        found.append(Finding("the letter writer's email", writer_email, where))
    for email in _EMAIL.findall(text):
        if email.lower() != (writer_email or "").lower():
            found.append(Finding("an email address", email, where))
    text_without_emails = _EMAIL.sub(" ", text)
    urls = _URL.findall(text_without_emails) + [
        href for href in _HREF.findall(html or "") if href.lower().startswith(("http", "www", "mailto"))
    ]
    for url in dict.fromkeys(urls):
        if not _allowed_domain(url):
            found.append(Finding("a URL", url, where))
    allowed_numbers = _allowed_numbers()
    for match in _PHONE.findall(_URL.sub(" ", text_without_emails)):
        digits = re.sub(r"\D", "", match)
        if 7 <= len(digits) <= 15 and digits not in allowed_numbers:
            found.append(Finding("a phone number", match.strip(), where))
    return found


def contact_details(text):
    """Where in plain text the checks above find contact details: (label, start, end), in text order.

    The same patterns and allowed numbers and domains as `findings_in`, with offsets, for the
    de-identification assistant (blog/deidentify/), which highlights each one in context.
    """
    found = [("an email address", m.start(), m.end()) for m in _EMAIL.finditer(text)]
    # Blanked out, not removed, so offsets still point into `text`.
    without_emails = _EMAIL.sub(lambda m: " " * len(m.group()), text)
    for match in _URL.finditer(without_emails):
        if not _allowed_domain(match.group()):
            found.append(("a URL", match.start(), match.end()))
    allowed_numbers = _allowed_numbers()
    for match in _PHONE.finditer(_URL.sub(lambda m: " " * len(m.group()), without_emails)):
        digits = re.sub(r"\D", "", match.group())
        if 7 <= len(digits) <= 15 and digits not in allowed_numbers:
            start = match.start() + len(match.group()) - len(match.group().lstrip())
            found.append(("a phone number", start, match.start() + len(match.group().rstrip())))
    return sorted(found, key=lambda item: item[1])


def privacy_findings(page):
    """Every automatic finding in a reply page's published letter and reply."""
    letter = getattr(page, "source_letter", None) if page.pk else None
    writer_email = letter.email if letter else ""
    found = findings_in(page.letter, "letter", writer_email)
    for block in page.reply:
        if block.block_type == "paragraph":
            found += findings_in(block.value.source, "reply", writer_email)
        elif block.block_type == "heading":
            found += findings_in(block.value, "reply", writer_email)
        elif block.block_type == "pull_quote":
            found += findings_in(block.value["quote"], "reply", writer_email)
            found += findings_in(block.value["attribution"], "reply", writer_email)
        elif block.block_type == "module_callout":
            found += findings_in(block.value["note"], "reply", writer_email)
    found += findings_in(page.title, "title", writer_email)
    found += findings_in(page.standfirst, "standfirst", writer_email)
    return list(dict.fromkeys(found))
